import { Evaluate, type EvaluateOptions } from "../evaluate/evaluate.js";
import { currentEvaluationBackend } from "../evaluate/evaluation-backend.js";
import { EvaluationResult, type EvaluationTuple } from "../evaluate/evaluation-result.js";
import { metricScore } from "../evaluate/metric.js";
import { Prediction } from "../primitives/prediction.js";
import { pyRound } from "../utils/py-round.js";
import { type Job, type JobOptions, startJob } from "./job.js";
import { PromptRecorder, type RecordedLmCall } from "./prompt-recorder.js";

/** What {@link evaluateJob} needs: Evaluate's options plus the job's. */
export type EvaluateJobOptions = EvaluateOptions &
  Omit<JobOptions, "name"> & {
    name?: string;
    /** Store each example's LM calls (messages and outputs) with its result, for the dashboard (default true). */
    recordPrompts?: boolean;
  };

/** The program an evaluation runs (anything with DSPy's call shape). */
export type EvaluatedProgram = Parameters<Evaluate["run"]>[0];

interface StoredResult {
  score: number;
  /** The example's input fields, so viewers of the store (dashboard, CLI) can show them. */
  inputs?: Record<string, unknown>;
  prediction: Record<string, unknown>;
  error?: string;
  /** The LM calls the example made, unless `recordPrompts: false`. */
  lmCalls?: RecordedLmCall[];
}

/**
 * Runs `Evaluate` as a job: cancellable, observable (`example-end`, `progress-update`), and
 * resumable — every example's score and prediction is written to the run store as it finishes,
 * so a run killed even with SIGKILL and started again with the same `runId` evaluates only the
 * examples it had not finished, then reports exactly the score an uninterrupted run reports.
 *
 * @example
 * const job = evaluateJob(program, { devset, metric: answerExactMatch, runId: "nightly", store });
 * job.on((event) => event.type === "progress-update" && bar.update(event.done));
 * const result = await job; // EvaluationResult
 */
export function evaluateJob(program: EvaluatedProgram, options: EvaluateJobOptions): Job<EvaluationResult> {
  const { name = "evaluate", runId, store, signal, timeoutMs, recordPrompts = true, ...evaluateOptions } = options;
  // A distributed run's LM calls happen in the workers; the program must stay a module they can load.
  const distributed = (evaluateOptions.backend ?? currentEvaluationBackend()) !== undefined;
  const recorder = recordPrompts && !distributed ? new PromptRecorder(program) : undefined;
  return startJob({ name, runId, store, signal, timeoutMs }, async (context) => {
    const devset = evaluateOptions.devset;
    const keep = evaluateOptions.keepResults !== false;
    // One score per example (a plain number array stays small at 100k); tuples only when kept.
    const scores: (number | undefined)[] = new Array(devset.length);
    const results: (EvaluationTuple | undefined)[] = [];
    let done = 0;
    for (const { index, value } of await context.store.listResults(context.runId)) {
      const previous = value as StoredResult;
      scores[index] = previous.score;
      done++;
      const example = devset[index];
      if (keep && example) results[index] = [example, new Prediction(previous.prediction), previous.score];
    }
    const remaining = devset.map((_, index) => index).filter((index) => scores[index] === undefined);
    context.setPartial(() => ({ done, total: devset.length }));
    const writes: Promise<void>[] = [];
    if (remaining.length > 0) {
      const evaluate = new Evaluate({
        ...evaluateOptions,
        devset: remaining.map((index) => devset[index] as (typeof devset)[number]),
      });
      await evaluate.run(recorder?.program ?? program, {
        signal: context.signal,
        onResult: (row) => {
          const index = remaining[row.index] as number;
          const score = metricScore(row.score);
          const inputs = row.example.inputKeys ? row.example.inputs().toDict() : row.example.toDict();
          const record: StoredResult = { score, inputs, prediction: row.prediction.toDict() };
          if (row.error !== undefined) record.error = String((row.error as Error)?.message ?? row.error);
          const lmCalls = recorder?.take(row);
          if (lmCalls) record.lmCalls = lmCalls;
          // Committed with this turn's batch; a kill before that only means the example runs again on resume.
          writes.push(context.store.putResult(context.runId, index, record));
          scores[index] = score;
          done++;
          if (keep) results[index] = [row.example, row.prediction, row.score];
          context.emit({ type: "example-end", index, score, error: record.error });
          context.emit({ type: "progress-update", done, total: devset.length });
        },
      });
    }
    await Promise.all(writes);
    // Sum in devset order, as DSPy does, so a resumed run's score is bit-identical.
    let sum = 0;
    for (const score of scores) sum += score ?? 0;
    return new EvaluationResult(
      pyRound((100 * sum) / devset.length, 2),
      results.filter((tuple): tuple is EvaluationTuple => tuple !== undefined),
    );
  });
}
