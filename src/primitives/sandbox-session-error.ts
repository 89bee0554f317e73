import { AbortError } from "../errors/abort-error.js";
import {
  CodeExecutionError,
  CodeInterpreterError,
  CodeMemoryLimitError,
  CodeTimeoutError,
} from "../errors/code-interpreter-errors.js";
import type { DSPyError } from "../errors/dspy-error.js";
import type { SandboxRunOutcome } from "./sandbox-session.js";

/** What {@link sessionLostError} needs to word the error. */
export interface SessionLostContext {
  /** The guest language, as the interpreter's name says it ("Python", "JavaScript"). */
  language: string;
  timeoutMs: number;
  /** Whether the interpreter was shut down (then the run's end is not the code's fault). */
  ended: boolean;
}

/**
 * The typed error for a run whose worker is gone (aborted, killed past its time limit, over a
 * memory limit, crashed, or shut down); every one says the session was lost.
 *
 * @example
 * throw sessionLostError({ kind: "timeout" }, { language: "Python", timeoutMs: 1000, ended: false });
 */
export function sessionLostError(
  outcome: Exclude<SandboxRunOutcome, { kind: "reply" }>,
  { language, timeoutMs, ended }: SessionLostContext,
): DSPyError {
  if (ended) {
    // Not the code's fault: a host-side shutdown, which LM loops must not feed back as an error.
    return new CodeInterpreterError(`${language}Interpreter was shut down while the code was running.`, {
      sessionLost: true,
    });
  }
  if (outcome.kind === "aborted") {
    return new AbortError(`The ${language} run was aborted; its session was lost.`, {
      reason: outcome.reason,
      sessionLost: true,
    });
  }
  if (outcome.kind === "timeout") {
    return new CodeTimeoutError(
      `TimeoutError: the code ran longer than ${timeoutMs} ms and was stopped; the session was restarted and its variables are lost`,
      { timeoutMs, sessionLost: true, errorType: "TimeoutError" },
    );
  }
  if (outcome.memory) {
    return new CodeMemoryLimitError(
      "MemoryError: the code went over the sandbox's memory limit; the session was restarted and its variables are lost",
      { sessionLost: true, errorType: "MemoryError", traceback: outcome.message },
    );
  }
  return new CodeExecutionError(
    `The ${language} sandbox stopped unexpectedly (${outcome.message}); the session was restarted and its variables are lost`,
    { sessionLost: true, errorType: "SandboxCrash", traceback: outcome.message },
  );
}
