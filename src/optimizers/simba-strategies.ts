import type { BaseLM } from "../lm/base-lm.js";
import { inspectModules } from "../predict/offer-feedback.js";
import { Predict } from "../predict/predict.js";
import { maskNonSerializable } from "../predict/refine-feedback.js";
import { type Settings, context as settingsContext } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import type { Signature } from "../signatures/signature.js";
import { orjsonDumpsIndent2 } from "../utils/orjson-indent.js";
import { PyFloat } from "../utils/py-float.js";
import { floatRepr, pyStr } from "../utils/python-repr.js";
import type { PredictorDemo } from "./predictor-demos.js";
import type { Program } from "./program.js";
import { type SimbaOutcome, type SimbaScore, scoreValue } from "./simba-rollout.js";
import { SIMBA_OFFER_FEEDBACK } from "./simba-signatures.js";

/** A predictor as SIMBA edits it. */
export interface SimbaPredictor {
  signature: Signature;
  demos: PredictorDemo[];
}

/** What every strategy is given besides the bucket and the candidate (DSPy's keyword arguments). */
export interface StrategyContext {
  /** The sampled programs' predictors (this step's copies) → their names. */
  predictorNames: ReadonlyMap<unknown, string>;
  /** The candidate's predictors by name. */
  namedPredictors: ReadonlyMap<string, SimbaPredictor>;
  batch10pScore: number;
  batch90pScore: number;
  /** `append_a_rule`'s LM. */
  promptModel: BaseLM | undefined;
  /** The program source shown to the prompt model (DSPy: `inspect.getsource` of its class). */
  programCode: string;
  /** DSPy's `demo_input_field_maxlen` (0: never truncate). */
  demoInputFieldMaxlen: number;
  log: (message: string) => void;
}

/** A SIMBA strategy: edits the candidate in place; `false` when it chose to do nothing. */
export type SimbaStrategy = (bucket: SimbaOutcome[], system: Program, context: StrategyContext) => Promise<boolean>;

/** Strategy names as DSPy logs them. */
export type SimbaStrategyName = "append_a_demo_" | "append_a_rule";

/**
 * DSPy's `append_a_demo`: unless the bucket's best score is at or below the batch's 10th
 * percentile, the best trajectory's last call of each predictor becomes a demo
 * (`Example(augmented=True, **inputs, **outputs)`, long inputs truncated) appended to that predictor.
 *
 * @example
 * await appendADemo(bucket, candidate, strategyContext);
 */
export const appendADemo: SimbaStrategy = async (bucket, _system, context) => {
  const good = bucket[0] as SimbaOutcome;
  if (scoreValue(good.score) <= context.batch10pScore) {
    context.log(`Skipping appending a demo as good score ${scoreRepr(good.score)} is at or below the 10th percentile.`);
    return false;
  }
  const maxlen = context.demoInputFieldMaxlen;
  const demos = new Map<string, Example>();
  for (const step of good.trace) {
    // DSPy truncates the trace's inputs in place.
    for (const [key, value] of Object.entries(step.inputs)) {
      const text = Array.from(pyStr(value));
      if (maxlen && text.length > maxlen) {
        step.inputs[key] = `${text.slice(0, maxlen).join("")}\n\t\t... <TRUNCATED FOR BREVITY>`;
      }
    }
    const name = context.predictorNames.get(step.predictor);
    if (name === undefined) continue;
    demos.set(name, new Example({ augmented: true, ...step.inputs, ...fieldsOf(step.prediction) }));
  }
  for (const [name, demo] of demos) context.namedPredictors.get(name)?.demos.push(demo);
  context.log(`Added ${demos.size} demos (one each) across all predictors.`);
  return true;
};

/**
 * DSPy's `append_a_rule`: unless the bucket's best is at or below the 10th percentile or its worst
 * at or above the 90th, the prompt model compares the better and the worse trajectory
 * (`OfferFeedback`) and each predictor's advice is appended to its instructions after a blank line.
 *
 * @example
 * await appendARule(bucket, candidate, strategyContext);
 */
export const appendARule: SimbaStrategy = async (bucket, system, context) => {
  const good = bucket[0] as SimbaOutcome;
  const bad = bucket.at(-1) as SimbaOutcome;
  const example = good.example;
  if (scoreValue(good.score) <= context.batch10pScore || scoreValue(bad.score) >= context.batch90pScore) {
    context.log(
      `Skipping rule generation as good score ${scoreRepr(good.score)} is at or below the 10th percentile ` +
        `*or* bad score ${scoreRepr(bad.score)} is at or above the 90th percentile.`,
    );
    return false;
  }
  if (scoreValue(good.score) <= scoreValue(bad.score)) {
    const blanked = scoreValue(good.score) > context.batch90pScore ? bad : good;
    blanked.trace = [];
    blanked.score = "N/A";
    blanked.prediction = { "N/A": "Prediction not available" };
  }
  const trajectory = (outcome: SimbaOutcome) =>
    outcome.trace
      .filter((step) => context.predictorNames.has(step.predictor))
      .map((step) => ({
        module_name: context.predictorNames.get(step.predictor),
        inputs: step.inputs,
        outputs: fieldsOf(step.prediction),
      }));
  if (good.prediction === null) throw new TypeError("'NoneType' object is not iterable");
  const values: Record<string, unknown> = {
    program_code: context.programCode,
    modules_defn: inspectModules(system),
    program_inputs: example.inputs().toDict(),
    oracle_metadata: example.labels().toDict(),
    better_program_trajectory: trajectory(good),
    better_program_outputs: fieldsOf(good.prediction),
    worse_program_trajectory: trajectory(bad),
    worse_program_outputs: bad.prediction === null ? {} : fieldsOf(bad.prediction),
    worse_reward_value: rewardValue(bad.score),
    better_reward_value: rewardValue(good.score),
    worse_reward_info: bad.outputMetadata,
    better_reward_info: good.outputMetadata,
    module_names: system.namedPredictors().map(([name]) => name),
  };
  const inputs = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === "string" ? value : orjsonDumpsIndent2(maskNonSerializable(value)),
    ]),
  );
  const ask = () => new Predict(SIMBA_OFFER_FEEDBACK).call(inputs);
  const scope: Partial<Settings> = { trace: [], ...(context.promptModel ? { lm: context.promptModel } : {}) };
  const advice = (await settingsContext(scope, ask)).get("module_advice") as Record<string, unknown>;
  for (const [name, predictor] of system.namedPredictors()) {
    if (!Object.hasOwn(advice, name)) continue;
    context.log(`Advice for ${name}: ${pyStr(advice[name])}`);
    const holder = predictor as unknown as SimbaPredictor;
    holder.signature = holder.signature.withInstructions(`${holder.signature.instructions}\n\n${pyStr(advice[name])}`);
  }
  return true;
};

// The metric's value as DSPy dumps it: a Python float (JS numbers stand for floats here), a bool, "N/A".
function rewardValue(score: SimbaScore): unknown {
  return typeof score === "number" ? new PyFloat(score) : score;
}

function scoreRepr(score: SimbaScore): string {
  if (typeof score === "boolean") return score ? "True" : "False";
  return typeof score === "number" ? floatRepr(score) : score;
}

// DSPy's `dict(prediction)`: the fields without `dspy_*` keys.
function fieldsOf(prediction: Example | Record<string, unknown>): Record<string, unknown> {
  if (prediction instanceof Example) return Object.fromEntries(prediction.keys().map((k) => [k, prediction.get(k)]));
  return { ...prediction };
}
