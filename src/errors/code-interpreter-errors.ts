import { DSPyError } from "./dspy-error.js";

/** Options shared by the code-interpreter errors. */
export interface CodeInterpreterErrorOptions {
  cause?: unknown;
  /** Whether the interpreter's session (its variables) was lost and a fresh one will start on the next run. */
  sessionLost?: boolean;
}

/**
 * DSPy's `CodeInterpreterError`: a failure that submitted code cannot repair — bad host-side
 * setup (an invalid variable or tool name, a value that cannot cross into the sandbox), a
 * sandbox that failed to start, or one used after `shutdown()`. Recoverable failures of the
 * submitted code are {@link CodeExecutionError}s.
 *
 * @example
 * try { await interpreter.execute(code); } catch (e) { if (e instanceof CodeInterpreterError && !(e instanceof CodeExecutionError)) throw e; }
 */
export class CodeInterpreterError extends DSPyError {
  /** True when the sandbox was restarted and variables from earlier runs are gone. */
  readonly sessionLost: boolean;

  constructor(message: string, options: CodeInterpreterErrorOptions & { code?: string; pythonType?: string } = {}) {
    super(message, {
      code: options.code ?? "code_interpreter_error",
      pythonType: options.pythonType ?? "CodeInterpreterError",
      cause: options.cause,
    });
    this.sessionLost = options.sessionLost ?? false;
  }
}

/** What the guest raised, for {@link CodeExecutionError}. */
export interface CodeExecutionErrorOptions extends CodeInterpreterErrorOptions {
  /** The guest's exception class, e.g. `"ZeroDivisionError"` or `"TypeError"`. */
  errorType?: string;
  /** The guest's traceback text (Python's `Traceback (most recent call last): ...`, a JS stack). */
  traceback?: string;
  /** What the code printed before it failed. */
  output?: string;
}

/**
 * DSPy's `CodeExecutionError`: the submitted code failed in a healthy sandbox. Modules that
 * loop with an LM (ProgramOfThought, CodeAct, RLM) feed `message` back to the LM and retry.
 * The message follows DSPy 3.4.1: `"<ExceptionType>: <args list>"`, e.g.
 * `"ZeroDivisionError: ['division by zero']"`.
 *
 * @example
 * try { await interpreter.execute("1/0"); } catch (e) { if (e instanceof CodeExecutionError) console.log(e.errorType, e.traceback); }
 */
export class CodeExecutionError extends CodeInterpreterError {
  readonly errorType: string;
  readonly traceback: string;
  readonly output: string;

  constructor(message: string, options: CodeExecutionErrorOptions & { code?: string; pythonType?: string } = {}) {
    super(message, {
      ...options,
      code: options.code ?? "code_execution_error",
      pythonType: options.pythonType ?? "CodeExecutionError",
    });
    this.errorType = options.errorType ?? "Error";
    this.traceback = options.traceback ?? "";
    this.output = options.output ?? "";
  }
}

/**
 * The submitted code does not parse. DSPy raises Python's `SyntaxError` with the message
 * `"Invalid Python syntax. message: ..."`; here it is a {@link CodeExecutionError} too, so one
 * `catch` covers everything an LM can fix.
 *
 * @example
 * await interpreter.execute("def f(:").catch((e) => e instanceof CodeSyntaxError); // true
 */
export class CodeSyntaxError extends CodeExecutionError {
  constructor(message: string, options: CodeExecutionErrorOptions = {}) {
    super(message, { ...options, code: "code_syntax_error", pythonType: "SyntaxError" });
  }
}

/**
 * A run went over its time limit. The sandbox first asks the guest to stop (Python gets a
 * `KeyboardInterrupt`, QuickJS its interrupt handler); if it does not stop within a grace period
 * the sandbox is killed, `sessionLost` is true and the next run starts a fresh session.
 *
 * @example
 * await interpreter.execute("while True: pass", { timeoutMs: 1000 }).catch((e) => e instanceof CodeTimeoutError); // true
 */
export class CodeTimeoutError extends CodeExecutionError {
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, options: CodeExecutionErrorOptions & { timeoutMs: number }) {
    super(message, { ...options, code: "code_timeout", pythonType: "TimeoutError" });
    this.timeoutMs = options.timeoutMs;
  }
}

/**
 * A run went over its memory limit: the guest's allocation failed (Python's `MemoryError`,
 * QuickJS's out-of-memory) or the sandbox's heap grew past the cap and it was killed
 * (`sessionLost` then says so). The host process is unaffected.
 *
 * @example
 * await interpreter.execute("x = ['a' * 10**6 for _ in range(10**6)]").catch((e) => e.code); // "code_memory_limit"
 */
export class CodeMemoryLimitError extends CodeExecutionError {
  constructor(message: string, options: CodeExecutionErrorOptions = {}) {
    super(message, { ...options, code: "code_memory_limit", pythonType: "MemoryError" });
  }
}

/**
 * The guest tried something the sandbox forbids: the host file system, the network, processes,
 * the host's environment or modules. The attempt fails before it reaches the host.
 *
 * @example
 * await interpreter.execute("import os; os.system('ls')").catch((e) => e.code); // "code_sandbox_violation"
 */
export class CodeSandboxViolationError extends CodeExecutionError {
  constructor(message: string, options: CodeExecutionErrorOptions = {}) {
    super(message, { ...options, code: "code_sandbox_violation", pythonType: "PermissionError" });
  }
}
