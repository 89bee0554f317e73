import PQueue from "p-queue";
import { AbortError } from "../errors/abort-error.js";
import { AdapterParseError } from "../errors/adapter-parse-error.js";
import { metricScore } from "../evaluate/metric.js";
import { settings, context as settingsContext, type TraceEntry } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import { Prediction } from "../primitives/prediction.js";
import type { Signature } from "../signatures/signature.js";
import type { BaseCallback } from "../utils/callback.js";
import type { GepaCandidate } from "./gepa-state.js";
import type { Program } from "./program.js";

/**
 * What a GEPA metric may return: a score (number or pass/fail), or a score with textual
 * feedback — `{ score, feedback }` or a prediction with `score` and `feedback` fields (DSPy's
 * `ScoreWithFeedback`).
 */
export type GepaMetricValue = number | boolean | { score: number | boolean; feedback?: string | null } | Example;

/**
 * DSPy's `GEPAFeedbackMetric`: `(gold, pred, trace, predName, predTrace)`. Evaluations call it
 * with `(gold, pred)` only; while building feedback for one predictor GEPA passes the whole
 * trace, the predictor's name and that predictor's own step.
 *
 * @example
 * const metric: GepaFeedbackMetric = (gold, pred) => {
 *   const right = gold.get("answer") === pred.get("answer");
 *   return { score: right ? 1 : 0, feedback: right ? "Correct." : `Expected ${gold.get("answer")}.` };
 * };
 */
export type GepaFeedbackMetric = (
  gold: Example,
  pred: Prediction,
  trace?: readonly TraceEntry[] | null,
  predName?: string | null,
  predTrace?: readonly TraceEntry[] | null,
) => GepaMetricValue | Promise<GepaMetricValue>;

/** An LM answer that did not parse, kept in the trace so GEPA can show it (DSPy's `FailedPrediction`). */
export class FailedPrediction {
  constructor(
    readonly completionText: string,
    readonly formatReward: number | null = null,
  ) {}
}

/** A trace step: a predictor call, or the call whose answer failed to parse. */
export interface GepaTraceStep {
  predictor: unknown;
  inputs: Record<string, unknown>;
  prediction: Prediction | FailedPrediction;
}

/** One example run with its trace (DSPy's `TraceData`). */
export interface GepaTrajectory {
  exampleIndex: number;
  example: Example;
  prediction: Prediction | FailedPrediction;
  trace: GepaTraceStep[];
  /** What the metric returned (the format reward for a failed parse). */
  rawScore: GepaMetricValue;
}

/** A batch evaluation (gepa's `EvaluationBatch`): per example, in batch order. */
export interface GepaEvaluation {
  outputs: (Prediction | FailedPrediction | null)[];
  scores: number[];
  /** With traces captured: the examples that ran to a prediction (errors are left out). */
  trajectories?: GepaTrajectory[];
}

/** Options for {@link evaluateCandidate}. */
export interface EvaluateCandidateOptions {
  metric: GepaFeedbackMetric;
  failureScore: number;
  captureTraces: boolean;
  concurrency: number;
  signal: AbortSignal;
}

/**
 * DSPy's `DspyAdapter.build_program`: a copy of the student whose named predictors carry the
 * candidate's instructions.
 *
 * @example
 * const program = buildGepaProgram(student, { predict: "Answer in one word." });
 */
export function buildGepaProgram<P extends Program>(student: P, candidate: GepaCandidate): P {
  const program = deepcopyModule(student);
  for (const [name, predictor] of program.namedPredictors()) {
    const text = candidate[name];
    if (text === undefined) continue;
    const signed = predictor as unknown as { signature: Signature };
    signed.signature = signed.signature.withInstructions(text);
  }
  return program;
}

/**
 * The score inside a metric value (`ScoreWithFeedback.score`, booleans as 1/0).
 *
 * @example
 * gepaScore({ score: 0.5, feedback: "Half right." }); // 0.5
 */
export function gepaScore(value: GepaMetricValue): number {
  if (value instanceof Example) return metricScore(value);
  if (typeof value === "object" && value !== null) return metricScore(value.score);
  return metricScore(value);
}

/**
 * DSPy's `DspyAdapter.evaluate`: runs the candidate program on a batch. Without traces it is an
 * `Evaluate` run (a failed example scores `failureScore` with an empty prediction); with traces
 * it is `bootstrap_trace_data`: each example's predictor calls are recorded, an answer that does
 * not parse becomes a {@link FailedPrediction} step, and an example that raised is left out of
 * the trajectories (scoring `failureScore`).
 *
 * @example
 * const { scores, trajectories } = await evaluateCandidate(program, batch, { metric, failureScore: 0, captureTraces: true, concurrency: 8, signal });
 */
export async function evaluateCandidate(
  program: Program,
  batch: readonly Example[],
  options: EvaluateCandidateOptions,
): Promise<GepaEvaluation> {
  const outputs: (Prediction | FailedPrediction | null)[] = batch.map(() => null);
  const scores: number[] = batch.map(() => options.failureScore);
  const found: (GepaTrajectory | undefined)[] = batch.map(() => undefined);
  const queue = new PQueue({ concurrency: options.concurrency });
  const predictors = new Set<unknown>(program.predictors());
  await Promise.all(
    batch.map((example, index) =>
      queue.add(async () => {
        if (options.signal.aborted) throw cancelled(options.signal);
        const run = options.captureTraces
          ? await runWithTrace(program, example, predictors, options)
          : await runPlain(program, example, options);
        if (run === undefined) {
          if (!options.captureTraces) outputs[index] = new Prediction({});
          return;
        }
        outputs[index] = run.prediction;
        scores[index] = gepaScore(run.rawScore);
        if (options.captureTraces) found[index] = { exampleIndex: index, example, ...run } as GepaTrajectory;
      }),
    ),
  );
  if (!options.captureTraces) return { outputs, scores };
  return { outputs, scores, trajectories: found.filter((entry) => entry !== undefined) };
}

type Run = { prediction: Prediction | FailedPrediction; trace: GepaTraceStep[]; rawScore: GepaMetricValue };

async function runPlain(program: Program, example: Example, options: EvaluateCandidateOptions) {
  try {
    const prediction = await program.call(example.inputs().toDict(), { signal: options.signal });
    return { prediction, trace: [], rawScore: await options.metric(example, prediction) };
  } catch (error) {
    rethrowIfCancelled(error, options.signal);
    return undefined;
  }
}

async function runWithTrace(
  program: Program,
  example: Example,
  predictors: ReadonlySet<unknown>,
  options: EvaluateCandidateOptions,
): Promise<Run | undefined> {
  const trace: TraceEntry[] = [];
  let failedPredictor: unknown;
  const starts = new Map<string, unknown>();
  // Which predictor's answer failed to parse: the innermost module that ended with the error.
  const watcher: BaseCallback = {
    onModuleStart: (callId, instance) => {
      starts.set(callId, instance);
    },
    onModuleEnd: (callId, _outputs, exception) => {
      const instance = starts.get(callId);
      starts.delete(callId);
      if (failedPredictor === undefined && exception instanceof AdapterParseError && predictors.has(instance)) {
        failedPredictor = instance;
      }
    },
  };
  const inputs = example.inputs().toDict();
  let prediction: Prediction;
  try {
    prediction = await settingsContext({ trace, callbacks: [...(settings().callbacks ?? []), watcher] }, () =>
      program.call(inputs, { signal: options.signal }),
    );
  } catch (error) {
    rethrowIfCancelled(error, options.signal);
    // DSPy keeps a parse failure with nothing parsed; a partial parse (its format reward is
    // computed from lists there, which raises) and any other error drop the example.
    const partial = error instanceof AdapterParseError && Object.keys(error.parsedResult ?? {}).length > 0;
    if (!(error instanceof AdapterParseError) || partial || failedPredictor === undefined) return undefined;
    const failed = new FailedPrediction(error.lmResponse, options.failureScore);
    return {
      prediction: failed,
      trace: [...trace, { predictor: failedPredictor, inputs, prediction: failed }],
      rawScore: failed.formatReward ?? options.failureScore,
    };
  }
  try {
    return { prediction, trace: [...trace], rawScore: await options.metric(example, prediction) };
  } catch (error) {
    rethrowIfCancelled(error, options.signal);
    return undefined;
  }
}

function cancelled(signal: AbortSignal): AbortError {
  return new AbortError("GEPA was cancelled.", { reason: signal.reason });
}

function rethrowIfCancelled(error: unknown, signal: AbortSignal): void {
  if (signal.aborted) throw error instanceof AbortError ? error : cancelled(signal);
  if (error instanceof AbortError) throw error;
}
