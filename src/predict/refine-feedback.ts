import { DSPyError } from "../errors/dspy-error.js";
import { Example } from "../primitives/example.js";
import type { Module } from "../primitives/module.js";
import { orjsonDumpsIndent2 } from "../utils/orjson-indent.js";
import { isPlainObject } from "../utils/plain-object.js";
import { PyFloat } from "../utils/py-float.js";
import { inspectModules } from "./offer-feedback.js";
import type { TraceEntry } from "./settings.js";

/** What Refine knows about a failed attempt when it asks for feedback. */
export interface FailedAttempt {
  /** DSPy's `inspect.getsource(module.__class__)` (or a stand-in). */
  programCode: string;
  /** DSPy's `inspect.getsource(reward_fn)` (or a stand-in). */
  rewardCode: string;
  /** The attempt's copy of the module. */
  program: Module;
  /** Each of the copy's predictors with its name. */
  predictorNames: ReadonlyMap<unknown, string>;
  inputs: Record<string, unknown>;
  trace: readonly TraceEntry[];
  outputs: unknown;
  threshold: number | null;
  reward: number;
}

/**
 * The inputs of the OfferFeedback call for a failed attempt, exactly as DSPy's Refine builds
 * them: strings stay as they are; everything else is dumped with `orjson` (indent 2) after
 * non-JSON values are masked as `<non-serializable: Type>`. The threshold and reward are
 * Python floats in DSPy (`1.0`, `0.0`), so they are dumped as floats here too.
 *
 * @example
 * const inputs = feedbackInputs({ programCode, rewardCode, program, predictorNames, inputs, trace, outputs, threshold: 1, reward: 0 });
 * inputs.reward_value; // "0.0"
 */
export function feedbackInputs(attempt: FailedAttempt): Record<string, string> {
  const trajectory = attempt.trace.map((entry) => {
    const name = attempt.predictorNames.get(entry.predictor);
    if (name === undefined) {
      throw new DSPyError("A predictor that is not part of the refined module appears in its trace.", {
        code: "unknown_predictor",
        pythonType: "KeyError",
      });
    }
    return { module_name: name, inputs: entry.inputs, outputs: fieldsOf(entry.prediction) };
  });
  const values: Record<string, unknown> = {
    program_code: attempt.programCode,
    modules_defn: inspectModules(attempt.program),
    program_inputs: attempt.inputs,
    program_trajectory: trajectory,
    program_outputs: fieldsOf(attempt.outputs),
    reward_code: attempt.rewardCode,
    target_threshold: attempt.threshold === null ? null : new PyFloat(attempt.threshold),
    reward_value: new PyFloat(attempt.reward),
    module_names: [...attempt.predictorNames.values()],
  };
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === "string" ? value : orjsonDumpsIndent2(maskNonSerializable(value)),
    ]),
  );
}

/**
 * DSPy's `recursive_mask`: JSON values pass, containers are searched, anything else becomes
 * `<non-serializable: TypeName>` (a `Prediction` inside the inputs, a function, a client...).
 *
 * @example
 * maskNonSerializable({ a: [1, new Map()] }); // { a: [1, "<non-serializable: Map>"] }
 */
export function maskNonSerializable(value: unknown): unknown {
  if (value === null || value === undefined || value instanceof PyFloat) return value;
  if (["string", "number", "boolean", "bigint"].includes(typeof value)) return value;
  if (Array.isArray(value)) return value.map(maskNonSerializable);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskNonSerializable(item)]));
  }
  const type = typeof value === "function" ? "function" : ((value as object).constructor?.name ?? "object");
  return `<non-serializable: ${type}>`;
}

// DSPy's `dict(prediction)`: the fields without `dspy_*` keys.
function fieldsOf(outputs: unknown): Record<string, unknown> {
  if (outputs instanceof Example) return Object.fromEntries(outputs.keys().map((key) => [key, outputs.get(key)]));
  if (isPlainObject(outputs)) return { ...outputs };
  throw new DSPyError("The refined module must return a Prediction (or a plain object of fields).", {
    code: "invalid_output",
    pythonType: "TypeError",
  });
}
