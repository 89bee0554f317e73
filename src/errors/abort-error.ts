import { DSPyError } from "./dspy-error.js";

/**
 * A job or call was cancelled (its AbortSignal fired, or its timeout passed). Carries whatever
 * the job had finished before it stopped, so no work is lost.
 *
 * @example
 * try { await job.result; } catch (e) { if (e instanceof AbortError) save(e.partial); }
 */
export class AbortError<Partial = unknown> extends DSPyError {
  /** Results completed before the abort, when the job reports them. */
  readonly partial: Partial | undefined;
  /** Why it stopped: the signal's reason, or `"timeout"`. */
  readonly reason: unknown;
  /** For an aborted code-interpreter run: the sandbox was killed, so its variables are gone. */
  readonly sessionLost: boolean | undefined;

  constructor(message: string, options: { partial?: Partial; reason?: unknown; sessionLost?: boolean } = {}) {
    super(message, { code: "aborted", pythonType: "CancelledError" });
    this.partial = options.partial;
    this.reason = options.reason;
    this.sessionLost = options.sessionLost;
  }
}
