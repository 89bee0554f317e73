import { AbortError } from "../errors/abort-error.js";
import type { Example } from "../primitives/example.js";
import { Prediction } from "../primitives/prediction.js";
import { pyRound } from "../utils/py-round.js";
import type { EvaluationPartial, EvaluationProgress, EvaluationRow, EvaluationTuple } from "./evaluation-result.js";
import { MaxErrorsError } from "./max-errors-error.js";
import { type Metric, type MetricValue, metricScore } from "./metric.js";

/** A program Evaluate can run: a module with `call(inputs, { signal })`, or such a function. */
export type EvaluationProgram =
  | { call(inputs: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<Prediction> | Prediction }
  | ((inputs: Record<string, unknown>, options: { signal: AbortSignal }) => Promise<Prediction> | Prediction);

/**
 * A limit on program runs in flight shared with other work (a random search's candidates share
 * one); each example's program call waits for a slot.
 */
export interface RunSlots {
  /** Runs `task` once a slot is free; rejects with an AbortError if `signal` aborts while waiting. */
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
}

/** Everything one evaluation run needs, resolved by `Evaluate.run`. */
export interface EvaluationJob {
  program: EvaluationProgram;
  devset: readonly Example[];
  metric: Metric;
  concurrency: number;
  /** Slots each local program call must also hold (on top of `concurrency`). */
  slots?: RunSlots | undefined;
  maxErrors: number;
  failureScore: number;
  keepResults: boolean;
  signal: AbortSignal | undefined;
  onResult: (row: EvaluationRow) => void;
  onProgress: (progress: EvaluationProgress) => void;
  /** Receives a reader of the partial results (for a job runtime that cancels from outside). */
  exposePartial?: (read: () => EvaluationPartial) => void;
  /** Runs program and metric on one example elsewhere (an evaluation backend) instead of here. */
  evaluateExample?: (index: number, example: Example, signal: AbortSignal) => Promise<EvaluatedExample>;
}

/** The prediction and metric value of one example. */
export interface EvaluatedExample {
  prediction: Prediction;
  score: MetricValue;
}

/** The outcome of a finished run: scores in devset order, tuples when kept. */
export interface EvaluationOutcome {
  scores: Float64Array;
  results: EvaluationTuple[];
}

/**
 * Runs the program and the metric on every example with at most `concurrency` in flight, as
 * DSPy's ParallelExecutor does: a failure scores `failureScore` with an empty prediction; once
 * `maxErrors` examples have failed the run stops with {@link MaxErrorsError}; an abort stops
 * scheduling, aborts the calls in flight and rejects at once with an AbortError holding the
 * partial results. Nothing is queued ahead of the running examples, so a 100k devset costs
 * memory for its scores (and results, when kept), not for 100k pending tasks.
 *
 * @example
 * const { scores } = await runEvaluation(job);
 */
export async function runEvaluation(job: EvaluationJob): Promise<EvaluationOutcome> {
  const total = job.devset.length;
  const scores = new Float64Array(total);
  const results: (EvaluationTuple | undefined)[] = job.keepResults ? new Array(total) : [];
  const failures: { index: number; error: unknown }[] = [];
  // One controller per example in flight rather than one shared signal: every call adds abort
  // listeners to its signal, and a signal shared by 64 calls makes each add and remove walk 64.
  const inFlight = new Set<AbortController>();
  const progress = { done: 0, errors: 0, sum: 0 };

  let fatal: unknown;
  let stopRun: (() => void) | undefined;
  const stopped = new Promise<void>((resolve) => {
    stopRun = resolve;
  });
  const partial = (): EvaluationPartial => ({ done: progress.done, total, results: [...results] });
  const stop = (error: unknown) => {
    if (fatal !== undefined) return;
    fatal = error;
    for (const controller of inFlight) controller.abort(error);
    stopRun?.();
  };
  const onAbort = () =>
    stop(new AbortError("Evaluation was cancelled.", { partial: partial(), reason: job.signal?.reason }));

  const record = (row: EvaluationRow) => {
    scores[row.index] = metricScore(row.score);
    if (job.keepResults) results[row.index] = [row.example, row.prediction, row.score];
    progress.done += 1;
    if (row.error === undefined) progress.sum += scores[row.index] as number;
    else progress.errors += 1;
    job.onResult(row);
    const succeeded = progress.done - progress.errors;
    const score = succeeded === 0 ? 0 : pyRound((100 * progress.sum) / succeeded, 1);
    job.onProgress({ done: progress.done, total, errors: progress.errors, sum: progress.sum, score });
  };

  const evaluateOne = async (index: number) => {
    const example = job.devset[index] as Example;
    const controller = new AbortController();
    inFlight.add(controller);
    let prediction: Prediction;
    let score: MetricValue;
    try {
      if (job.evaluateExample) {
        ({ prediction, score } = await job.evaluateExample(index, example, controller.signal));
      } else {
        const inputs = example.inputs().toDict();
        const call = () => callProgram(job.program, inputs, controller.signal);
        prediction = await (job.slots ? job.slots.run(call, controller.signal) : call());
        score = await job.metric(example, prediction);
      }
    } catch (error) {
      if (fatal !== undefined) return; // aborted: this failure is a consequence, not a result
      failures.push({ index, error });
      record({ index, example, prediction: new Prediction({}), score: job.failureScore, error });
      if (failures.length >= job.maxErrors) stop(new MaxErrorsError(failures, partial()));
      return;
    } finally {
      inFlight.delete(controller);
    }
    if (fatal !== undefined) return;
    record({ index, example, prediction, score });
  };

  // A continuous pool: `concurrency` workers each take the next unstarted example the moment
  // their previous one ends, so nothing waits for a wave to finish and nothing is queued ahead.
  let next = 0;
  const worker = async () => {
    while (fatal === undefined && next < total) await evaluateOne(next++);
  };

  job.exposePartial?.(partial);
  if (job.signal?.aborted) onAbort();
  job.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const workers = Array.from({ length: Math.min(job.concurrency, total) }, () => worker().catch(stop));
    await Promise.race([Promise.all(workers), stopped]);
  } finally {
    job.signal?.removeEventListener("abort", onAbort);
  }
  if (fatal !== undefined) throw fatal;
  return { scores, results: results as EvaluationTuple[] };
}

async function callProgram(program: EvaluationProgram, inputs: Record<string, unknown>, signal: AbortSignal) {
  return typeof program === "function" ? program(inputs, { signal }) : program.call(inputs, { signal });
}
