import { createHash } from "node:crypto";
import type { TraceEntry } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { PythonRandom } from "../utils/python-random.js";

/**
 * DSPy's demo extraction from one successful trace: every step of a known predictor becomes
 * `Example(augmented=True, **inputs, **outputs)`, grouped by predictor name in trace order.
 * Steps of other predictors (an LM-judge metric's, say) are skipped. When one predictor ran
 * several times, DSPy keeps one demo: with probability ½ a random one of the earlier calls,
 * else the last.
 *
 * That coin is seeded from a hash of the demos. DSPy hashes their *pickle bytes*, which no other
 * language can reproduce, so here the seed is the SHA-256 of their JSON — deterministic, but not
 * Python's pick. Programs that call each predictor once (most) are unaffected.
 *
 * @example
 * const demos = traceDemos(trace, predictorNames(student, teacher));
 * demos.get("predict"); // [Example { augmented: true, question: "...", answer: "..." }]
 */
export function traceDemos(trace: readonly TraceEntry[], names: ReadonlyMap<unknown, string>): Map<string, Example[]> {
  const grouped = new Map<string, Example[]>();
  for (const step of trace) {
    const name = names.get(step.predictor);
    if (name === undefined) continue;
    const demo = new Example({ augmented: true, ...step.inputs, ...visibleFields(step.prediction.toDict()) });
    grouped.set(name, [...(grouped.get(name) ?? []), demo]);
  }
  for (const [name, demos] of grouped) {
    if (demos.length <= 1) continue;
    const rng = new PythonRandom(createHash("sha256").update(JSON.stringify(demos)).digest("hex"));
    const pick = rng.random() < 0.5 ? rng.choice(demos.slice(0, -1)) : demos.at(-1);
    grouped.set(name, [pick as Example]);
  }
  return grouped;
}

// `**outputs` on a DSPy Example/Prediction leaves out its internal `dspy_*` keys.
function visibleFields(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith("dspy_")));
}
