import { DSPyError } from "../errors/dspy-error.js";
import type { EvaluationPartial } from "./evaluation-result.js";

/** One failed example. */
export interface EvaluationFailure {
  index: number;
  error: unknown;
}

/**
 * An evaluation stopped because `maxErrors` examples failed. The message and Python type are
 * DSPy's (its ParallelExecutor raises a bare `Exception` then); the failures themselves, the last
 * one as `cause`, and the partial results are kept so nothing is lost.
 *
 * @example
 * try { await evaluate.run(program); } catch (e) { if (e instanceof MaxErrorsError) console.log(e.failures[0].error); }
 */
export class MaxErrorsError extends DSPyError {
  readonly failures: readonly EvaluationFailure[];
  readonly partial: EvaluationPartial;

  constructor(failures: readonly EvaluationFailure[], partial: EvaluationPartial) {
    super("Execution cancelled due to errors or interruption.", {
      code: "max_errors",
      pythonType: "Exception",
      cause: failures.at(-1)?.error,
    });
    this.failures = failures;
    this.partial = partial;
  }
}
