import { Example } from "../primitives/example.js";
import type { ModuleCallOptions } from "./callable-module.js";
import { type ExecPair, Parallel, type ParallelFailures, type ParallelOptions } from "./parallel.js";

/** Options for {@link batch}: {@link Parallel}'s, plus a cancellation signal. */
export interface BatchOptions extends Omit<ParallelOptions, "accessExamples"> {
  /** Cancels the batch: queued items never start and running ones see an aborted signal. */
  signal?: AbortSignal;
}

/** A program `batch` can run: an async `call(inputs, options)`. */
export interface BatchProgram<Result> {
  call(inputs: Record<string, unknown>, options?: ModuleCallOptions): Promise<Result>;
}

/**
 * DSPy's `module.batch(examples)`: calls one program on many inputs through {@link Parallel} and
 * returns the results in input order (`null` for failed items). Examples are called on their
 * `inputs()` — an example without marked inputs throws before anything runs, as in DSPy; plain
 * objects are used as they are.
 *
 * @example
 * const qa = new ChainOfThought("question -> answer");
 * const predictions = await batch(qa, devset, { numThreads: 4, maxErrors: 2 });
 * const { results, failedExamples } = await batch(qa, devset, { returnFailedExamples: true });
 */
export function batch<Result>(
  program: BatchProgram<Result>,
  examples: readonly (Example | Record<string, unknown>)[],
  options: BatchOptions & { returnFailedExamples: true },
): Promise<ParallelFailures<Result>>;
export function batch<Result>(
  program: BatchProgram<Result>,
  examples: readonly (Example | Record<string, unknown>)[],
  options?: BatchOptions,
): Promise<(Result | null)[]>;
export async function batch<Result>(
  program: BatchProgram<Result>,
  examples: readonly (Example | Record<string, unknown>)[],
  options: BatchOptions = {},
): Promise<ParallelFailures<Result> | (Result | null)[]> {
  const { signal, ...parallelOptions } = options;
  const pairs: ExecPair<Result>[] = examples.map((example) => [
    program,
    example instanceof Example ? example.inputs().toDict() : example,
  ]);
  const callOptions = signal ? { signal } : {};
  return new Parallel(parallelOptions).call(pairs, callOptions);
}
