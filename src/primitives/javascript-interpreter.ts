import {
  CodeExecutionError,
  CodeInterpreterError,
  CodeMemoryLimitError,
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
import { QUICKJS_BOOTSTRAP } from "./quickjs-bootstrap.js";
import { fromSandboxJson, toSandboxJson } from "./sandbox-json.js";
import { SandboxSession } from "./sandbox-session.js";
import { sessionLostError } from "./sandbox-session-error.js";

/** Options of {@link JavaScriptInterpreter}. */
export interface JavaScriptInterpreterOptions {
  /** Host functions the guest can call by name (see {@link InterpreterTool}). */
  tools?: Record<string, InterpreterTool> | Map<string, InterpreterTool>;
  /** Fields of a typed `SUBMIT(...)`; default: `SUBMIT(output)`. */
  outputFields?: InterpreterOutputField[];
  /** Per-run time limit in ms (time spent in host tools does not count). Default 30 000. */
  timeoutMs?: number;
  /** Cap on the QuickJS heap in MB. Default 64. */
  memoryLimitMb?: number;
  /** Cap on the worker thread's own JavaScript heap in MB. Default 128. */
  heapLimitMb?: number;
  /** What a run's printed output is cut to (head and tail kept). Default 1 000 000 characters. */
  maxOutputChars?: number;
  /** How long QuickJS may take to load. Default 60 000 ms. */
  startTimeoutMs?: number;
  /** How long a timed-out run may take to honour the interrupt before the worker is killed. Default 2000 ms. */
  interruptGraceMs?: number;
}

// Kept well below the worker's own stack so deep guest recursion ends in QuickJS's "stack overflow".
const MAX_STACK_BYTES = 256 * 1024;
// Room above the QuickJS heap limit for the runtime itself; the WebAssembly memory stops there.
const WASM_HEADROOM_BYTES = 32 * 2 ** 20;

interface WorkerReply {
  value?: unknown;
  output?: unknown;
  final?: unknown;
  crash?: string;
  memory?: boolean;
  interrupted?: boolean;
  error?: { name?: string; message?: string; stack?: string };
}

/**
 * A {@link CodeInterpreter} for JavaScript on QuickJS (WebAssembly) in a worker thread. The
 * guest sees the ECMAScript built-ins, a capturing `console`, `SUBMIT` and the registered tools
 * — no `require`, `process`, `fetch`, modules or timers. Runs are bounded by an interrupt
 * handler (time; the worker is killed if the guest does not stop) and QuickJS's own heap and
 * stack limits; variables persist between runs. A run never holds the host's event loop, and
 * an AbortSignal ends it at once (the worker is killed; the next run starts a fresh session).
 *
 * @example
 * const js = new JavaScriptInterpreter({ timeoutMs: 2000 });
 * await js.execute("var total = [1, 2, 3].reduce((a, b) => a + b)");
 * await js.execute("total * 2"); // 12
 * await js.shutdown();
 */
export class JavaScriptInterpreter implements CodeInterpreter {
  readonly tools: Map<string, InterpreterTool>;
  outputFields: InterpreterOutputField[] | undefined;
  readonly executionInstructions =
    "JavaScript runs in QuickJS (ES2023). State persists across executions (use `var` or `globalThis` for values you " +
    "reuse). Print with console.log. There are no modules, timers, file system, environment or network.";
  readonly #options: Required<Omit<JavaScriptInterpreterOptions, "tools" | "outputFields">>;
  #session: Promise<SandboxSession> | undefined;
  #registered: string | undefined;
  #ended = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: JavaScriptInterpreterOptions = {}) {
    this.tools = new Map(options.tools instanceof Map ? options.tools : Object.entries(options.tools ?? {}));
    this.outputFields = options.outputFields;
    this.#options = {
      timeoutMs: options.timeoutMs ?? 30_000,
      memoryLimitMb: options.memoryLimitMb ?? 64,
      heapLimitMb: options.heapLimitMb ?? 128,
      maxOutputChars: options.maxOutputChars ?? 1_000_000,
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      interruptGraceMs: options.interruptGraceMs ?? 2000,
    };
  }

  /** Loads QuickJS in its worker now instead of on the first run. */
  async start(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#ensureSession(options.signal);
  }

  /** Runs JavaScript; see {@link CodeInterpreter.execute}. Runs of one interpreter are queued. */
  execute(code: string, options: ExecuteOptions = {}): Promise<CodeInterpreterResult> {
    const run = this.#queue.then(() => this.#execute(code, options));
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Stops the worker once the run in flight (if any) has ended; the interpreter cannot run code
   * afterwards. (Abort a run through its signal to end it at once.)
   */
  async shutdown(): Promise<void> {
    this.#ended = true;
    await this.#queue;
    await this.#discard();
  }

  async #discard(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session) await session.then((s) => s.kill()).catch(() => {});
  }

  #ensureSession(signal: AbortSignal | undefined): Promise<SandboxSession> {
    if (this.#ended) {
      return Promise.reject(
        new CodeInterpreterError(
          "JavaScriptInterpreter session has ended; create a new interpreter for a fresh session.",
        ),
      );
    }
    if (this.#session === undefined) {
      this.#registered = undefined;
      const memoryLimitBytes = this.#options.memoryLimitMb * 2 ** 20;
      const config = {
        label: "QuickJS",
        entry: "quickjs-worker",
        workerData: {
          bootstrap: QUICKJS_BOOTSTRAP,
          maxStackBytes: MAX_STACK_BYTES,
          headroomBytes: WASM_HEADROOM_BYTES,
        },
        encode: (value: unknown) => toSandboxJson(value, "markers"),
        memoryLimitBytes,
        heapLimitMb: this.#options.heapLimitMb,
        startTimeoutMs: this.#options.startTimeoutMs,
      };
      this.#session = SandboxSession.start(config, signal).catch((error: unknown) => {
        this.#session = undefined;
        throw new CodeInterpreterError(`Failed to start QuickJS: ${(error as Error).message}`, { cause: error });
      });
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
    const variablesJson = toSandboxJson(variables, "markers");
    let session = await this.#ensureSession(options.signal);
    if (session.dead) {
      this.#session = undefined;
      session = await this.#ensureSession(options.signal);
    }
    const request = {
      code,
      variables: variablesJson,
      registration: registration === this.#registered ? undefined : registration,
      outputLimit: this.#options.maxOutputChars,
    };
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    const outcome = await session.run(request, {
      timeoutMs,
      graceMs: this.#options.interruptGraceMs,
      signal: options.signal,
      tools: new Map(tools.map((tool): [string, ResolvedInterpreterTool] => [tool.name, tool])),
    });
    if (outcome.kind !== "reply") {
      this.#session = undefined;
      throw sessionLostError(outcome, { language: "JavaScript", timeoutMs, ended: this.#ended });
    }
    const reply = fromSandboxJson(outcome.reply) as WorkerReply;
    if (reply.crash === undefined) this.#registered = registration;
    return this.#result(reply, outcome.interrupted, timeoutMs);
  }

  #result(reply: WorkerReply, interrupted: boolean, timeoutMs: number): CodeInterpreterResult {
    if (reply.crash !== undefined) {
      // After a failure of the driver itself (typically out of memory) the context cannot be trusted.
      void this.#discard();
      if (reply.memory) {
        throw new CodeMemoryLimitError(`${reply.crash}; the sandbox was restarted and its variables are lost`, {
          sessionLost: true,
          errorType: "InternalError",
        });
      }
      throw new CodeExecutionError(`The JavaScript sandbox failed and was restarted: ${reply.crash}`, {
        sessionLost: true,
        errorType: "SandboxCrash",
      });
    }
    if (Object.hasOwn(reply, "final")) return new FinalOutput(reply.final);
    if (reply.error !== undefined) throw this.#guestError(reply, interrupted, timeoutMs);
    if (Object.hasOwn(reply, "value")) return reply.value as CodeInterpreterResult;
    return (reply.output ?? "") as CodeInterpreterResult;
  }

  #guestError(reply: WorkerReply, interrupted: boolean, timeoutMs: number): CodeExecutionError {
    const error = reply.error ?? {};
    const name = error.name ?? "Error";
    const message = `${name}: ${error.message ?? ""}`;
    const output = typeof reply.output === "string" ? reply.output : "";
    const details = { errorType: name, traceback: `${message}\n${error.stack ?? ""}`.trimEnd(), output };
    if (interrupted && reply.interrupted) {
      return new CodeTimeoutError(`TimeoutError: the code ran longer than ${timeoutMs} ms and was interrupted`, {
        ...details,
        timeoutMs,
      });
    }
    // A parse error has no function frames; JSON.parse's SyntaxError is a runtime error.
    if (name === "SyntaxError" && !/\bat \S.* \(/.test(error.stack ?? "")) {
      return new CodeSyntaxError(`Invalid JavaScript syntax. message: ${message}`, details);
    }
    return new CodeExecutionError(message, details);
  }
}
