import { DSPyError } from "../errors/dspy-error.js";

/** Why a bridged call failed; stable, safe to switch on. */
export type BridgeErrorCode =
  /** The worker running the call died or was replaced while the call was in flight. */
  | "worker_lost"
  /** The session's worker was lost earlier; its objects are gone. */
  | "session_lost"
  /** The session was ended (explicitly or by its idle timeout). */
  | "session_ended"
  /** The call did not finish within its timeout. */
  | "timeout"
  /** The worker's queue was full. */
  | "backpressure"
  /** Python raised; see `pythonType` and `traceback`. */
  | "python_error"
  /** A worker could not be started or reached. */
  | "worker_start"
  /** The pool was closed. */
  | "pool_closed"
  /** No pool has that name. */
  | "unknown_pool"
  /** A Python host function (a TypeScript metric, tool or LM) failed. */
  | "host_function"
  /** gRPC failed in a way not covered above, or a ref was used outside its session. */
  | "transport";

/** Options for {@link BridgeError}. */
export interface BridgeErrorOptions {
  code: BridgeErrorCode;
  /** The session the call belonged to, when there was one. */
  session?: string;
  /** The Python exception class, for `python_error`. */
  pythonType?: string;
  /** The Python traceback, for `python_error`. */
  traceback?: string;
  cause?: unknown;
}

/**
 * A failure of the Python bridge: a lost or replaced worker, a timeout, a full queue, or an
 * exception raised in Python (with its class and traceback). Names the session it happened in,
 * because a session's objects live on one worker and a lost worker loses them all.
 *
 * @example
 * try { await session.call("math", "sqrt", [-1]); }
 * catch (e) { if (e instanceof BridgeError && e.code === "python_error") console.log(e.traceback); }
 */
export class BridgeError extends DSPyError {
  declare readonly code: BridgeErrorCode;
  /** The session the failed call belonged to. */
  readonly session: string | undefined;
  /** The Python traceback, when Python raised. */
  readonly traceback: string | undefined;

  constructor(message: string, options: BridgeErrorOptions) {
    super(message, { code: options.code, pythonType: options.pythonType ?? "RuntimeError", cause: options.cause });
    this.session = options.session;
    this.traceback = options.traceback;
  }
}

/**
 * A call on a session whose worker was lost (crashed, hung, or replaced): its Python objects are
 * gone, so the call fails at once instead of running against a fresh worker that never saw them.
 * Start a new session to continue.
 *
 * @example
 * try { await session.call("dspy", "Predict", ["q -> a"]); }
 * catch (e) { if (e instanceof SessionLostError) session = pool.session(); }
 */
export class SessionLostError extends BridgeError {
  constructor(session: string, reason: string) {
    super(`bridge session ${session} was lost: ${reason}`, { code: "session_lost", session });
  }
}
