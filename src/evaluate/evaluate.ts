import { DSPyError } from "../errors/dspy-error.js";
import type { Example } from "../primitives/example.js";
import { withCallbacks } from "../utils/callback.js";
import { pyRound } from "../utils/py-round.js";
import { currentEvaluationBackend, type EvaluationBackend } from "./evaluation-backend.js";
import { type EvaluationProgress, EvaluationResult, type EvaluationRow } from "./evaluation-result.js";
import { type MetricLike, metricName, metricScore, toMetric } from "./metric.js";
import { ProgressLine } from "./progress-line.js";
import { formatResultTable } from "./result-table.js";
import type { RunContext } from "./run-context.js";
import { type EvaluationProgram, type RunSlots, runEvaluation } from "./run-evaluation.js";

/** Options of {@link Evaluate} (DSPy's constructor arguments, camelCased). */
export interface EvaluateOptions {
  devset: readonly Example[];
  metric?: MetricLike;
  /** Examples evaluated at once (DSPy's `num_threads`; default 8, DSPy's `settings.num_threads`). */
  numThreads?: number;
  /** Alias of `numThreads`. */
  concurrency?: number;
  /** Write DSPy's `Average Metric: …` progress line to stderr. */
  displayProgress?: boolean;
  /** Print a plain-text results table to stdout: `true` for all rows, a number for the first n. */
  displayTable?: boolean | number;
  /** Stop after this many failed examples (default 10, DSPy's `settings.max_errors`). */
  maxErrors?: number;
  /** Add the stack to the default error log line. */
  provideTraceback?: boolean;
  /** The score of an example whose program or metric threw (default 0). */
  failureScore?: number;
  /** Keep every (example, prediction, score) in the result (default true); stream with `onResult` instead for huge devsets. */
  keepResults?: boolean;
  /** Called for each failed example instead of DSPy's `Error for …` log line on stderr. */
  onError?: (error: unknown, example: Example, index: number) => void;
  /** DSPy removed `return_outputs`; passing it fails as in DSPy. */
  returnOutputs?: never;
  /**
   * Runs each example's program and metric elsewhere, e.g. on distributed workers (default: the
   * backend of an enclosing `withEvaluationBackend`, else this process). `numThreads` then does
   * not apply: the backend says how many examples are in flight.
   */
  backend?: EvaluationBackend | undefined;
}

/** Per-run options of {@link Evaluate.run}; the first five override the constructor's. */
export interface EvaluateRunOptions {
  metric?: MetricLike;
  devset?: readonly Example[];
  numThreads?: number;
  displayProgress?: boolean;
  displayTable?: boolean | number;
  /** Stops scheduling, aborts calls in flight, rejects with an AbortError holding partial results. */
  signal?: AbortSignal;
  /** Each finished example, in completion order, with its devset index. */
  onResult?: (row: EvaluationRow) => void;
  /** Progress after each finished example. */
  onProgress?: (progress: EvaluationProgress) => void;
  /** The job runtime's context: its signal cancels the run; progress and results become events. */
  runContext?: RunContext;
  /** Slots shared with other work that each program call must hold (not used by a remote backend). */
  slots?: RunSlots;
}

/**
 * DSPy's `Evaluate`: runs a program on every devset example (`program.call(example.inputs())`),
 * scores it with `metric(example, prediction)`, and reports the average as a percentage.
 * Examples run concurrently (bounded); failures score `failureScore` and stop the run after
 * `maxErrors`; results come back in devset order and are streamed as they finish.
 *
 * @example
 * const evaluate = new Evaluate({ devset, metric: answerExactMatch, numThreads: 4 });
 * const result = await context({ lm }, () => evaluate.run(new Predict("question -> answer")));
 * result.score; // e.g. 66.67
 */
export class Evaluate {
  readonly options: Readonly<EvaluateOptions>;

  constructor(options: EvaluateOptions) {
    if ("returnOutputs" in options || "return_outputs" in options) {
      throw new DSPyError(
        "`return_outputs` is no longer supported. Results are always returned inside the `results` field of the `EvaluationResult` object.",
        { code: "value_error" },
      );
    }
    this.options = { ...options };
  }

  /**
   * Evaluates `program` (DSPy's `__call__`).
   *
   * @example
   * const controller = new AbortController();
   * const result = await evaluate.run(program, { signal: controller.signal, onProgress: ({ done, total }) => log(done, total) });
   */
  run(program: EvaluationProgram, options: EvaluateRunOptions = {}): Promise<EvaluationResult> {
    // DSPy's `__call__` arguments by name, for the `onEvaluateStart`/`onEvaluateEnd` hooks.
    const inputs = {
      program,
      metric: options.metric ?? null,
      devset: options.devset ?? null,
      num_threads: options.numThreads ?? null,
      display_progress: options.displayProgress ?? null,
      display_table: options.displayTable ?? null,
      callback_metadata: null,
    };
    return withCallbacks("evaluate", this, inputs, () => this.#run(program, options), "__call__");
  }

  async #run(program: EvaluationProgram, options: EvaluateRunOptions): Promise<EvaluationResult> {
    const metricLike = options.metric ?? this.options.metric;
    const devset = options.devset ?? this.options.devset;
    if (!metricLike)
      throw new DSPyError("Evaluate needs a metric: pass `metric` to the constructor or to run().", {
        code: "value_error",
      });
    if (devset.length === 0) {
      throw new DSPyError("devset must contain at least one example, got an empty devset.", { code: "value_error" });
    }
    const concurrency = options.numThreads ?? this.options.numThreads ?? this.options.concurrency ?? 8;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new DSPyError(`numThreads must be a positive integer, got ${concurrency}.`, { code: "value_error" });
    }
    const displayProgress = options.displayProgress ?? this.options.displayProgress ?? false;
    const displayTable = options.displayTable ?? this.options.displayTable ?? false;
    const keepResults = this.options.keepResults ?? true;
    const line = displayProgress ? new ProgressLine(process.stderr) : undefined;
    const runContext = options.runContext;
    const onError =
      this.options.onError ??
      ((error: unknown, example: Example) => logError(error, example, this.options.provideTraceback));

    const backend = this.options.backend ?? currentEvaluationBackend();
    const remote = backend ? await backend.open({ program, metric: metricLike, devset }) : undefined;
    const { scores, results } = await runEvaluation({
      program,
      devset,
      metric: toMetric(metricLike),
      concurrency: remote?.concurrency ?? concurrency,
      slots: options.slots,
      evaluateExample: remote && ((index, example, signal) => remote.evaluate(index, example, signal)),
      maxErrors: this.options.maxErrors ?? 10,
      failureScore: this.options.failureScore ?? 0,
      keepResults,
      signal: combine(options.signal, runContext?.signal),
      exposePartial: (read) => runContext?.setPartial(read),
      onResult: (row) => {
        if (row.error !== undefined) onError(row.error, row.example, row.index);
        options.onResult?.(row);
        runContext?.emit({ type: "example-end", index: row.index, score: metricScore(row.score), ...errorText(row) });
      },
      onProgress: (progress) => {
        line?.update(progress);
        options.onProgress?.(progress);
        runContext?.emit({
          type: "progress-update",
          done: progress.done,
          total: progress.total,
          score: progress.score,
        });
      },
    }).finally(async () => {
      line?.end();
      await remote?.close();
    });

    // Python sums the scores in devset order after the run; float addition is order-sensitive.
    let sum = 0;
    for (const score of scores) sum += score;
    if (displayTable && keepResults) {
      process.stdout.write(
        `${formatResultTable(results, metricName(metricLike), displayTable === true ? undefined : displayTable)}\n`,
      );
    }
    return new EvaluationResult(pyRound((100 * sum) / devset.length, 2), results);
  }
}

function errorText(row: EvaluationRow): { error?: string } {
  if (row.error === undefined) return {};
  return { error: row.error instanceof Error ? row.error.message : String(row.error) };
}

// DSPy logs each failure at ERROR level: "Error for {example}: {error}. Set `provide_traceback=True` for traceback."
function logError(error: unknown, example: Example, provideTraceback: boolean | undefined): void {
  const message = error instanceof Error ? error.message : String(error);
  const item = `Example(${JSON.stringify(example.toDict())})`;
  if (provideTraceback) console.error(`Error for ${item}: ${message}\n${error instanceof Error ? error.stack : ""}`);
  else console.error(`Error for ${item}: ${message}. Set \`provideTraceback: true\` for traceback.`);
}

function combine(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal) => signal !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}
