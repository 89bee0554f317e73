/**
 * The catalogue of `fewshot` oracle cases: LabeledFewShot, BootstrapFewShot and
 * BootstrapFewShotWithRandomSearch against the scripted LM. Trainsets mix examples the scripted
 * LM answers right and wrong (so bootstrapping is selective), with labels in other fields,
 * typed outputs the metric rejects or the adapter cannot parse (errors and `max_errors`), several
 * rounds, seeds, demo budgets, valsets and ChainOfThought students: hand-written cases
 * (fewshot-handwritten.ts) plus seeded random mixes of every knob.
 */
import { handWrittenSpecs } from "./fewshot-handwritten.js";
import { build, HALF, type Json, MOSTLY_RIGHT, MOSTLY_WRONG, qaRows, type Spec } from "./fewshot-rows.js";
import { Prng } from "./prng.js";

// Random mixes of every knob, so the seeded choices are exercised beyond the hand-written cases.
function generated(count: number): [string, Spec][] {
  const random = new Prng(20260414);
  const specs: [string, Spec][] = [];
  const patterns = [HALF, MOSTLY_RIGHT, MOSTLY_WRONG, [1, 0, 0], [0, 1, 1, 0, 1]];
  for (let index = 0; index < count; index++) {
    const optimizer = random.pick([
      "LabeledFewShot",
      "BootstrapFewShot",
      "BootstrapFewShot",
      "BootstrapFewShotWithRandomSearch",
    ] as const);
    const module = random.pick(["Predict", "ChainOfThought"] as const);
    const size = random.int(3, 20);
    const offset = random.int(0, 200);
    const train = qaRows(size, random.pick(patterns), offset, {
      extra: random.chance(0.3),
      reasoning: module === "ChainOfThought" && random.chance(0.5),
    });
    const params: Json = {};
    const spec: Spec = { optimizer, module, train, params };
    if (optimizer === "LabeledFewShot") {
      params.k = random.int(1, 20);
      if (random.chance(0.3)) params.sample = false;
      spec.metric = null;
    } else {
      params.max_bootstrapped_demos = random.int(0, 5);
      params.max_labeled_demos = random.int(0, 16);
      if (random.chance(0.3)) params.max_rounds = random.int(1, 3);
      if (random.chance(0.2)) spec.metric = "always";
      if (optimizer === "BootstrapFewShotWithRandomSearch") {
        params.max_bootstrapped_demos = random.int(1, 5);
        params.num_candidate_programs = random.int(1, 5);
        if (random.chance(0.7)) spec.val = qaRows(random.int(2, 8), random.pick(patterns), offset + 500);
        // The scripted LM answers the same whatever the demos, so every candidate scores the same and
        // the first one wins; restricting to shuffled seeds makes those seeds' demos the result.
        if (random.chance(0.8)) {
          const first = random.int(0, (params.num_candidate_programs as number) - 1);
          params.restrict = random.chance(0.5) ? [first] : [first, random.int(-1, 6)];
        }
      }
    }
    specs.push([`gen-${index}`, spec]);
  }
  return specs;
}

/**
 * All generated fewshot cases.
 *
 * @example
 * fewshotCases().length; // 115
 */
export function fewshotCases(): Json[] {
  return [...handWrittenSpecs(), ...generated(60)].map(([id, spec]) => build(`fewshot-${id}`, spec));
}
