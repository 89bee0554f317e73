import { AsyncLocalStorage } from "node:async_hooks";
import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { Example } from "../primitives/example.js";
import { inputType } from "../signatures/input-repr.js";
import { newPQueue } from "../utils/lazy-module.js";
import { isPlainObject } from "../utils/plain-object.js";
import { context } from "./settings.js";

/** Something `Parallel` can run: anything with an async `call`. */
export interface ParallelProgram<Result = unknown> {
  call(...args: never[]): Promise<Result>;
}

/**
 * How a program is called on one item: an `Example` as `call(example.inputs())` (or
 * `call(example)` with `accessExamples: false`), a plain object as `call(object)`, an array as
 * `call(...array)` (as a list of pairs when the program is itself a `Parallel`).
 *
 * @example
 * const items: ParallelItem[] = [{ question: "q" }, example.withInputs("question"), ["positional", 2]];
 */
export type ParallelItem = Example | Record<string, unknown> | readonly unknown[];

/**
 * One unit of work: a program and the item to call it on.
 *
 * @example
 * const pair: ExecPair = [new Predict("question -> answer"), { question: "2+2?" }];
 */
export type ExecPair<Result = unknown> = readonly [ParallelProgram<Result>, ParallelItem];

/** Options for {@link Parallel} (DSPy's constructor arguments). */
export interface ParallelOptions {
  /** Calls running at once (DSPy's `num_threads`; default 8, DSPy's `settings.num_threads`). */
  numThreads?: number;
  /** Stop everything once this many items failed (default 10, DSPy's `settings.max_errors`). */
  maxErrors?: number;
  /** Call programs on `example.inputs()` rather than the whole example (default true). */
  accessExamples?: boolean;
  /** Return `{ results, failedExamples, exceptions }` instead of the results alone. */
  returnFailedExamples?: boolean;
  /** Log each failure with its stack (DSPy's `provide_traceback`). */
  provideTraceback?: boolean;
  /** Called for every failed item instead of the default `console.error` line. */
  onError?: (error: unknown, index: number) => void;
  /** Called after every item that finished, failed or not (DSPy shows a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** Per-call options for {@link Parallel.call}. */
export interface ParallelCallOptions {
  /** Overrides the constructor's `numThreads` for this call. */
  numThreads?: number;
  /** Cancels the run: queued items never start and running ones see an aborted signal. */
  signal?: AbortSignal;
}

/** What {@link Parallel.call} returns with `returnFailedExamples: true`. */
export interface ParallelFailures<Result = unknown> {
  /** One entry per pair, in input order; `null` where the item failed. */
  results: (Result | null)[];
  /** The failed items, in input order. */
  failedExamples: ParallelItem[];
  /** The errors of the failed items, in the same order. */
  exceptions: unknown[];
}

/**
 * DSPy's `dspy.Parallel`: runs (program, item) pairs with bounded concurrency and returns the
 * results in input order. A failing item yields `null` and is counted; when `maxErrors` items have
 * failed the run stops (running calls get an aborted signal) and throws DSPy's "Execution
 * cancelled due to errors or interruption.". Each item runs with the caller's settings (LM,
 * adapter, trace), and settings changed inside one item do not leak into the others.
 *
 * @example
 * const qa = new Predict("question -> answer");
 * const results = await new Parallel({ numThreads: 4 }).call([
 *   [qa, { question: "What is the capital of Spain?" }],
 *   [qa, new Example({ question: "Who wrote Hamlet?" }).withInputs("question")],
 * ]);
 */
export class Parallel<Failures extends boolean = false> {
  readonly numThreads: number;
  readonly maxErrors: number;
  readonly accessExamples: boolean;
  readonly returnFailedExamples: Failures;
  readonly #options: ParallelOptions;

  constructor(options: ParallelOptions & { returnFailedExamples?: Failures } = {}) {
    this.numThreads = options.numThreads || DEFAULT_NUM_THREADS;
    this.maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
    this.accessExamples = options.accessExamples ?? true;
    this.returnFailedExamples = (options.returnFailedExamples ?? false) as Failures;
    this.#options = options;
  }

  /**
   * Runs every pair and returns the results in input order (or the failures too, see
   * `returnFailedExamples`).
   *
   * @example
   * const [a, b] = await new Parallel().call([[qa, { question: "1+1?" }], [qa, { question: "2+2?" }]]);
   */
  async call<Result>(
    pairs: readonly ExecPair<Result>[],
    options: ParallelCallOptions = {},
  ): Promise<Failures extends true ? ParallelFailures<Result> : (Result | null)[]> {
    const total = pairs.length;
    const results: (Result | null)[] = new Array(total).fill(null);
    const failures = new Map<number, unknown>();
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const queue = newPQueue({ concurrency: options.numThreads || this.numThreads });
    // Every item starts from the caller's settings, whatever context the queue resumes in.
    const inCallerContext = AsyncLocalStorage.snapshot();
    let done = 0;
    const run = async (index: number) => {
      const pair = pairs[index] as ExecPair<Result>;
      try {
        results[index] = await inCallerContext(() => context({}, () => callPair(pair, this.accessExamples, signal)));
      } catch (error) {
        if (signal.aborted) return;
        failures.set(index, error);
        this.#report(error, index);
        if (failures.size >= this.maxErrors) stop.abort();
      }
      done += 1;
      this.#options.onProgress?.(done, total);
    };
    const all = Promise.all(pairs.map((_, index) => queue.add(() => run(index), { signal }).catch(() => undefined)));
    await Promise.race([all, whenAborted(signal)]);
    queue.clear();
    if (stop.signal.aborted) {
      throw new DSPyError("Execution cancelled due to errors or interruption.", {
        code: "execution_cancelled",
        pythonType: "Exception",
        cause: failures.values().next().value,
      });
    }
    if (options.signal?.aborted) {
      throw new AbortError("Parallel execution was cancelled.", { partial: results, reason: options.signal.reason });
    }
    if (!this.returnFailedExamples) return results as never;
    const failed = [...failures.keys()].sort((a, b) => a - b);
    return {
      results,
      failedExamples: failed.map((index) => (pairs[index] as ExecPair<Result>)[1]),
      exceptions: failed.map((index) => failures.get(index)),
    } satisfies ParallelFailures<Result> as never;
  }

  #report(error: unknown, index: number): void {
    if (this.#options.onError) {
      this.#options.onError(error, index);
      return;
    }
    const detail = this.#options.provideTraceback
      ? `\n${error instanceof Error ? error.stack : String(error)}`
      : ". Set `provideTraceback: true` for traceback.";
    console.error(`Error for example ${index}: ${error instanceof Error ? error.message : String(error)}${detail}`);
  }
}

const DEFAULT_NUM_THREADS = 8;
const DEFAULT_MAX_ERRORS = 10;

function callPair<Result>(
  [program, item]: ExecPair<Result>,
  accessExamples: boolean,
  signal: AbortSignal,
): Promise<Result> {
  const call = program.call.bind(program) as (...args: unknown[]) => Promise<Result>;
  if (item instanceof Example) return call(accessExamples ? item.inputs().toDict() : item, { signal });
  if (Array.isArray(item)) return program instanceof Parallel ? call(item, { signal }) : call(...item);
  if (isPlainObject(item)) return call(item, { signal });
  throw new DSPyError(
    `Invalid example type: <class '${inputType(item)}'>, only supported types are Example, dict, list and tuple`,
    { code: "invalid_argument" },
  );
}

function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}
