import {
  CodeExecutionError,
  CodeInterpreterError,
  CodeMemoryLimitError,
  CodeSandboxViolationError,
  CodeSyntaxError,
  CodeTimeoutError,
} from "../errors/code-interpreter-errors.js";
import {
  type CodeInterpreter,
  type CodeInterpreterResult,
  type ExecuteOptions,
  FinalOutput,
  type InterpreterOutputField,
  type InterpreterTool,
} from "./code-interpreter.js";
import { checkGuestName, type ResolvedInterpreterTool, resolveInterpreterTools } from "./interpreter-tools.js";
import { PYODIDE_BOOTSTRAP } from "./pyodide-bootstrap.js";
import { fromSandboxJson, toSandboxJson } from "./sandbox-json.js";
import { type SandboxRunOutcome, SandboxSession } from "./sandbox-session.js";
import { sessionLostError } from "./sandbox-session-error.js";

/** Options of {@link PythonInterpreter}. */
export interface PythonInterpreterOptions {
  /** Host functions the guest can call by name (see {@link InterpreterTool}). */
  tools?: Record<string, InterpreterTool> | Map<string, InterpreterTool>;
  /** Fields of a typed `SUBMIT(...)`; default: `SUBMIT(output)`. */
  outputFields?: InterpreterOutputField[];
  /** Per-run time limit in ms (time spent in host tools does not count). Default 30 000. */
  timeoutMs?: number;
  /** Cap on Python's (WebAssembly) memory in MB. Default 512. */
  memoryLimitMb?: number;
  /** Cap on the worker's JavaScript heap in MB. Default 256. */
  heapLimitMb?: number;
  /** What a run's printed output is cut to (head and tail kept). Default 1 000 000 characters. */
  maxOutputChars?: number;
  /** How long Pyodide may take to load. Default 60 000 ms. */
  startTimeoutMs?: number;
  /** How long a timed-out run may take to honour its KeyboardInterrupt before the worker is killed. Default 2000 ms. */
  interruptGraceMs?: number;
}

interface WorkerReply {
  output?: unknown;
  final?: unknown;
  setup_error?: string;
  crash?: string;
  error?: { type: string; message: string; traceback: string };
}

/**
 * DSPy's `PythonInterpreter`: Python 3 (Pyodide, WebAssembly) in a worker thread, with no file
 * system beyond its own in-memory one, no network, no processes and an empty environment.
 * Variables persist between runs of one session; host tools are callable by name; `SUBMIT(...)`
 * ends a run with a {@link FinalOutput}. Each run has a time limit (the guest is interrupted,
 * then killed) and Python's memory is capped; a killed session restarts on the next run and the
 * error says `sessionLost`.
 *
 * @example
 * const python = new PythonInterpreter({ timeoutMs: 5000 });
 * await python.execute("x = 6 * 7");
 * await python.execute("x"); // 42
 * await python.execute("SUBMIT({'answer': x})"); // FinalOutput { output: { output: { answer: 42 } } }
 * await python.shutdown();
 */
export class PythonInterpreter implements CodeInterpreter {
  readonly tools: Map<string, InterpreterTool>;
  outputFields: InterpreterOutputField[] | undefined;
  /**
   * DSPy 3.4.1's `PythonInterpreter.execution_instructions`, word for word, so RLM prompts match
   * DSPy's. (Here no permission can be granted: the host file system, environment and network
   * stay out of reach.)
   */
  readonly executionInstructions =
    "Python runs in Pyodide/WebAssembly. State persists across executions, but subprocesses and native " +
    "extensions are unavailable. Python standard libraries such as re, json, collections, and math are available. " +
    "Host filesystem, environment, and network access require explicit permission.";
  readonly #options: Required<Omit<PythonInterpreterOptions, "tools" | "outputFields">>;
  #session: Promise<SandboxSession> | undefined;
  #registered: string | undefined;
  #ended = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: PythonInterpreterOptions = {}) {
    this.tools = new Map(options.tools instanceof Map ? options.tools : Object.entries(options.tools ?? {}));
    this.outputFields = options.outputFields;
    this.#options = {
      timeoutMs: options.timeoutMs ?? 30_000,
      memoryLimitMb: options.memoryLimitMb ?? 512,
      heapLimitMb: options.heapLimitMb ?? 256,
      maxOutputChars: options.maxOutputChars ?? 1_000_000,
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      interruptGraceMs: options.interruptGraceMs ?? 2000,
    };
  }

  /** Loads Pyodide in its worker now instead of on the first run. */
  async start(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#ensureSession(options.signal);
  }

  /** Runs Python code; see {@link CodeInterpreter.execute}. Runs of one interpreter are queued. */
  execute(code: string, options: ExecuteOptions = {}): Promise<CodeInterpreterResult> {
    const run = this.#queue.then(() => this.#execute(code, options));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Kills the worker; the interpreter cannot run code afterwards. */
  async shutdown(): Promise<void> {
    this.#ended = true;
    const session = this.#session;
    this.#session = undefined;
    if (session) await session.then((s) => s.kill()).catch(() => {});
  }

  #ensureSession(signal: AbortSignal | undefined): Promise<SandboxSession> {
    if (this.#ended) {
      return Promise.reject(
        new CodeInterpreterError("PythonInterpreter session has ended; create a new interpreter for a fresh session."),
      );
    }
    if (this.#session === undefined) {
      this.#registered = undefined;
      const config = {
        label: "Pyodide",
        entry: "pyodide-worker",
        workerData: { bootstrap: PYODIDE_BOOTSTRAP },
        encode: (value: unknown) => toSandboxJson(value),
        memoryLimitBytes: this.#options.memoryLimitMb * 2 ** 20,
        heapLimitMb: this.#options.heapLimitMb,
        startTimeoutMs: this.#options.startTimeoutMs,
      };
      const session = SandboxSession.start(config, signal).catch((error: unknown) => {
        this.#session = undefined;
        throw new CodeInterpreterError(`Failed to start the Python sandbox: ${(error as Error).message}`, {
          cause: error,
        });
      });
      this.#session = session;
    }
    return this.#session;
  }

  async #execute(code: string, options: ExecuteOptions): Promise<CodeInterpreterResult> {
    options.signal?.throwIfAborted();
    const variables = options.variables ?? {};
    for (const name of Object.keys(variables)) checkGuestName(name, "variable");
    for (const field of this.outputFields ?? []) checkGuestName(field.name, "output field");
    const tools = resolveInterpreterTools(this.tools);
    const registration = JSON.stringify({
      tools: tools.map(({ name, parameters }) => (parameters === undefined ? { name } : { name, parameters })),
      outputs: this.outputFields ?? null,
    });
    const request = {
      code,
      variables: toSandboxJson(variables),
      registration: registration === this.#registered ? undefined : registration,
      outputLimit: this.#options.maxOutputChars,
    };
    let session = await this.#ensureSession(options.signal);
    if (session.dead) {
      this.#session = undefined;
      session = await this.#ensureSession(options.signal);
    }
    const outcome = await session.run(request, {
      timeoutMs: options.timeoutMs ?? this.#options.timeoutMs,
      graceMs: this.#options.interruptGraceMs,
      signal: options.signal,
      tools: new Map(tools.map((tool): [string, ResolvedInterpreterTool] => [tool.name, tool])),
    });
    if (outcome.kind === "reply") {
      const reply = this.#parseReply(outcome.reply);
      // Tools count as registered only once a run used them; a crash leaves that unknown.
      if (reply.crash === undefined) this.#registered = registration;
      return this.#result(reply, outcome.interrupted, options.timeoutMs ?? this.#options.timeoutMs);
    }
    return this.#failure(outcome, options.timeoutMs ?? this.#options.timeoutMs);
  }

  #parseReply(text: string): WorkerReply {
    try {
      const reply = fromSandboxJson(text);
      if (typeof reply === "object" && reply !== null && !Array.isArray(reply)) return reply as WorkerReply;
    } catch {}
    // Guest code can reach the worker's port; a reply it forged is its own failure.
    throw new CodeExecutionError("The Python sandbox sent a malformed reply", {
      errorType: "SandboxCrash",
      traceback: text.slice(0, 1000),
    });
  }

  #result(reply: WorkerReply, interrupted: boolean, timeoutMs: number): CodeInterpreterResult {
    if (reply.setup_error !== undefined) throw new CodeInterpreterError(reply.setup_error);
    if (reply.crash !== undefined) {
      void this.#discardSession();
      const Violation = reply.crash.includes("SandboxViolation") ? CodeSandboxViolationError : CodeExecutionError;
      throw new Violation(`The Python sandbox crashed and was restarted: ${reply.crash}`, {
        sessionLost: true,
        errorType: "SandboxCrash",
        traceback: reply.crash,
      });
    }
    if (reply.error !== undefined) throw this.#guestError(reply.error, reply.output, interrupted, timeoutMs);
    if (Object.hasOwn(reply, "final")) return new FinalOutput(reply.final);
    return (reply.output ?? null) as CodeInterpreterResult;
  }

  #guestError(
    error: NonNullable<WorkerReply["error"]>,
    output: unknown,
    interrupted: boolean,
    timeoutMs: number,
  ): CodeExecutionError {
    const details = {
      errorType: error.type,
      traceback: error.traceback,
      output: typeof output === "string" ? output : "",
    };
    if (interrupted && error.type === "KeyboardInterrupt") {
      return new CodeTimeoutError(`TimeoutError: the code ran longer than ${timeoutMs} ms and was interrupted`, {
        ...details,
        timeoutMs,
      });
    }
    if (error.type === "SyntaxError" || error.type === "IndentationError" || error.type === "TabError") {
      return new CodeSyntaxError(error.message, details);
    }
    if (error.type === "MemoryError") return new CodeMemoryLimitError(error.message, details);
    if (error.type === "SandboxViolation" || error.traceback.includes("SandboxViolation: ")) {
      return new CodeSandboxViolationError(error.message, details);
    }
    return new CodeExecutionError(error.message, details);
  }

  #failure(outcome: Exclude<SandboxRunOutcome, { kind: "reply" }>, timeoutMs: number): never {
    this.#session = undefined;
    throw sessionLostError(outcome, { language: "Python", timeoutMs, ended: this.#ended });
  }

  async #discardSession(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session) await session.then((s) => s.kill()).catch(() => {});
  }
}
