import { ChatAdapter } from "../adapters/chat-adapter.js";
import { DSPyError } from "../errors/dspy-error.js";
import type { TraceEntry } from "../predict/settings.js";
import { History } from "../primitives/history.js";
import type { Prediction } from "../primitives/prediction.js";
import type { Signature } from "../signatures/signature.js";
import type { PythonRandom } from "../utils/python-random.js";
import {
  FailedPrediction,
  type GepaEvaluation,
  type GepaFeedbackMetric,
  type GepaMetricValue,
  type GepaTraceStep,
  gepaScore,
} from "./gepa-evaluate.js";
import type { OptimizerLogger } from "./optimizer-logger.js";
import type { Program } from "./program.js";

/** One example shown to the reflection LM (DSPy's `ReflectiveExample`). */
export interface ReflectiveExample {
  Inputs: Record<string, unknown>;
  "Generated Outputs": Record<string, unknown> | string;
  Feedback: string;
}

/** Per component name: the examples its proposal reflects on. */
export type ReflectiveDataset = Record<string, ReflectiveExample[]>;

/** What {@link makeReflectiveDataset} needs besides the evaluation. */
export interface ReflectiveDatasetOptions {
  /** The program built from the candidate being mutated. */
  program: Program;
  metric: GepaFeedbackMetric;
  /** DSPy's adapter RNG (`random.Random(seed)`), drawn once per used trajectory. */
  rng: PythonRandom;
  addFormatFailureAsFeedback: boolean;
  /** Warn once when a predictor-level score differs from the example's score. */
  warnings: { scoreMismatch: boolean };
  logger: OptimizerLogger;
}

const SCORE_MISMATCH_WARNING =
  "The score returned by the metric with pred_name is different from the overall metric score. This can indicate 2 things: Either the metric is non-deterministic (e.g., LLM-as-judge, Semantic score, etc.) or the metric returned a score specific to pred_name that differs from the module level score. Currently, GEPA does not support predictor level scoring (support coming soon), and only requires a feedback text to be provided, which can be specific to the predictor or program level. GEPA will ignore the differing score returned, and instead use module level score. You can safely ignore this warning if using a semantic metric, however, if this mismatch is caused due to predictor scoring, please return module-level scores. To disable this warning, set warn_on_score_mismatch=False.";

/**
 * Python's `str()` of a score in DSPy's default feedback. JavaScript numbers do not say whether
 * they were ints or floats, so whole numbers print without `.0`.
 *
 * @example
 * defaultFeedback(0.5); // "This trajectory got a score of 0.5."
 */
export function defaultFeedback(score: number | boolean): string {
  let text: string;
  if (typeof score === "boolean") text = score ? "True" : "False";
  else if (Number.isNaN(score)) text = "nan";
  else if (!Number.isFinite(score)) text = score > 0 ? "inf" : "-inf";
  else text = String(score);
  return `This trajectory got a score of ${text}.`;
}

/**
 * DSPy's per-predictor feedback function: calls the metric with the predictor's name and its own
 * trace step; a plain score gets DSPy's default feedback text.
 *
 * @example
 * const { score, feedback } = await predictorFeedback(metric, "predict", step, example, prediction, trace);
 */
export async function predictorFeedback(
  metric: GepaFeedbackMetric,
  predName: string,
  step: GepaTraceStep,
  example: Parameters<GepaFeedbackMetric>[0],
  prediction: Prediction,
  trace: readonly GepaTraceStep[],
): Promise<{ score: number; feedback: string }> {
  const value = await metric(example, prediction, trace as TraceEntry[], predName, [step as TraceEntry]);
  const feedback = feedbackOf(value);
  if (feedback === undefined) return { score: gepaScore(value), feedback: defaultFeedback(plainScore(value)) };
  return { score: gepaScore(value), feedback: feedback ?? defaultFeedback(plainScore(value)) };
}

// `undefined`: no feedback attribute at all; `null`: DSPy's `feedback=None`.
function feedbackOf(value: GepaMetricValue): string | null | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if ("has" in value && typeof value.has === "function") {
    if (!value.has("feedback")) return undefined;
    const feedback = value.get("feedback");
    return feedback === null || feedback === undefined ? null : String(feedback);
  }
  if (!("feedback" in value)) return undefined;
  const feedback = (value as { feedback?: unknown }).feedback;
  return feedback === null || feedback === undefined ? null : String(feedback);
}

function plainScore(value: GepaMetricValue): number | boolean {
  if (typeof value === "number" || typeof value === "boolean") return value;
  if ("has" in value && typeof value.has === "function") return value.get("score") as number;
  return (value as { score: number | boolean }).score;
}

function signatureOf(predictor: unknown): Signature | undefined {
  return (predictor as { signature?: Signature } | null)?.signature;
}

/**
 * DSPy's `DspyAdapter.make_reflective_dataset`: for each component, the examples whose trace
 * contains a call of that predictor (matched by signature), one call each — a failed parse if
 * there was one, else one drawn at random — with its inputs, its outputs and the metric's
 * feedback. A component with no such example is left out; none at all raises.
 *
 * @example
 * const dataset = await makeReflectiveDataset(evaluation, ["predict"], { program, metric, rng, ... });
 */
export async function makeReflectiveDataset(
  evaluation: GepaEvaluation,
  components: readonly string[],
  options: ReflectiveDatasetOptions,
): Promise<ReflectiveDataset> {
  const dataset: ReflectiveDataset = {};
  const named = new Map(options.program.namedPredictors());
  for (const name of components) {
    const module = named.get(name);
    const signature = signatureOf(module);
    if (!signature) {
      throw new DSPyError(`Predictor not found: ${name}`, { code: "value_error", pythonType: "AssertionError" });
    }
    const items: ReflectiveExample[] = [];
    for (const data of evaluation.trajectories ?? []) {
      let steps = data.trace.filter((step) => signatureOf(step.predictor)?.equals(signature));
      if (!options.addFormatFailureAsFeedback) {
        steps = steps.filter((step) => !(step.prediction instanceof FailedPrediction));
      }
      if (steps.length === 0) continue;
      let selected = steps.find((step) => step.prediction instanceof FailedPrediction);
      if (selected === undefined) {
        if (data.prediction instanceof FailedPrediction) continue;
        selected = options.rng.choice(steps);
      }
      items.push(await reflectiveExample(name, signature, selected, data, options));
    }
    if (items.length === 0) {
      options.logger.info(`  No valid reflective examples found for ${name}`);
      continue;
    }
    dataset[name] = items;
  }
  if (Object.keys(dataset).length === 0) {
    throw new DSPyError("No valid predictions found for any module.", { code: "value_error", pythonType: "Exception" });
  }
  return dataset;
}

async function reflectiveExample(
  name: string,
  signature: Signature,
  step: GepaTraceStep,
  data: NonNullable<GepaEvaluation["trajectories"]>[number],
  options: ReflectiveDatasetOptions,
): Promise<ReflectiveExample> {
  const inputs: Record<string, unknown> = {};
  const historyKey = Object.keys(step.inputs).find((key) => step.inputs[key] instanceof History);
  if (historyKey !== undefined) inputs.Context = step.inputs[historyKey];
  for (const [key, value] of Object.entries(step.inputs)) if (key !== historyKey) inputs[key] = value;

  if (step.prediction instanceof FailedPrediction) {
    const structure = new ChatAdapter()
      .format(signature, [], {})
      .map(
        (message) =>
          `${message.role}: ${typeof message.content === "string" ? message.content : JSON.stringify(message.content)}\n`,
      )
      .join("");
    return {
      Inputs: inputs,
      "Generated Outputs": `Couldn't parse the output as per the expected output format. The model's raw response was:\n\`\`\`\n${step.prediction.completionText}\n\`\`\`\n\n`,
      Feedback: `Your output failed to parse. Follow this structure:\n${structure}`,
    };
  }
  const produced = step.prediction;
  const outputs = Object.fromEntries(produced.keys().map((key) => [key, produced.get(key)]));
  const fb = await predictorFeedback(
    options.metric,
    name,
    step,
    data.example,
    data.prediction as Prediction,
    data.trace,
  );
  if (fb.score !== gepaScore(data.rawScore) && options.warnings.scoreMismatch) {
    options.logger.info(SCORE_MISMATCH_WARNING);
    options.warnings.scoreMismatch = false;
  }
  return { Inputs: inputs, "Generated Outputs": outputs, Feedback: fb.feedback };
}
