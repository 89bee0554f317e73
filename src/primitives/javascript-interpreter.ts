import type { QuickJSAsyncContext, QuickJSHandle } from "quickjs-emscripten";
import { AbortError } from "../errors/abort-error.js";
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
import { checkGuestName, resolveInterpreterTools } from "./interpreter-tools.js";
import { QUICKJS_BOOTSTRAP } from "./quickjs-bootstrap.js";
import { fromSandboxJson, toSandboxJson } from "./sandbox-json.js";
import { callHostTool } from "./sandbox-tool-call.js";

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
  /** What a run's printed output is cut to (head and tail kept). Default 1 000 000 characters. */
  maxOutputChars?: number;
}

// Kept well below the host's own stack so deep guest recursion ends in QuickJS's "stack overflow".
const MAX_STACK_BYTES = 256 * 1024;
// Room above the QuickJS heap limit for the runtime itself; the WebAssembly memory stops there,
// which also bounds allocations QuickJS's own accounting misses.
const WASM_HEADROOM_BYTES = 32 * 2 ** 20;
const WASM_PAGE = 65536;

interface MemoryConstructor {
  new (descriptor: { initial: number; maximum: number }): unknown;
}

interface Session {
  context: QuickJSAsyncContext;
  registered: string | undefined;
  /** The current run's deadline and cancellation, read by the interrupt handler. */
  run: { deadline: number; signal: AbortSignal | undefined; reason: "timeout" | "abort" | undefined } | undefined;
  tools: Map<string, ReturnType<typeof resolveInterpreterTools>[number]>;
}

interface GuestError {
  name?: string;
  message?: string;
  stack?: string;
  __dspy_final__?: boolean;
  output?: unknown;
}

/**
 * A {@link CodeInterpreter} for JavaScript on QuickJS (WebAssembly, in-process). The guest sees
 * the ECMAScript built-ins, a capturing `console`, `SUBMIT` and the registered tools — no
 * `require`, `process`, `fetch`, modules or timers. Runs are bounded by an interrupt handler
 * (time) and QuickJS's own heap and stack limits; variables persist between runs. Guest code
 * runs on the calling thread: a run holds the event loop until it ends, yields to a host tool,
 * or reaches its time limit, so an AbortSignal takes effect at those points.
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
  #session: Promise<Session> | undefined;
  #ended = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: JavaScriptInterpreterOptions = {}) {
    this.tools = new Map(options.tools instanceof Map ? options.tools : Object.entries(options.tools ?? {}));
    this.outputFields = options.outputFields;
    this.#options = {
      timeoutMs: options.timeoutMs ?? 30_000,
      memoryLimitMb: options.memoryLimitMb ?? 64,
      maxOutputChars: options.maxOutputChars ?? 1_000_000,
    };
  }

  /** Loads QuickJS now instead of on the first run. */
  async start(): Promise<void> {
    await this.#ensureSession();
  }

  /** Runs JavaScript; see {@link CodeInterpreter.execute}. Runs of one interpreter are queued. */
  execute(code: string, options: ExecuteOptions = {}): Promise<CodeInterpreterResult> {
    const run = this.#queue.then(() => this.#execute(code, options));
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Frees the QuickJS runtime once the run in flight (if any) has ended; the interpreter cannot
   * run code afterwards. Freeing it mid-run would pull memory from under a suspended tool call.
   */
  async shutdown(): Promise<void> {
    this.#ended = true;
    await this.#queue;
    await this.#discard();
  }

  async #discard(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    const context = await session?.then((s) => s.context).catch(() => undefined);
    if (context === undefined) return;
    const runtime = context.runtime;
    // A context left mid-call by a crash cannot always be freed; the module is dropped anyway.
    try {
      context.dispose();
      runtime.dispose();
    } catch {}
  }

  #ensureSession(): Promise<Session> {
    if (this.#ended) {
      return Promise.reject(
        new CodeInterpreterError(
          "JavaScriptInterpreter session has ended; create a new interpreter for a fresh session.",
        ),
      );
    }
    this.#session ??= this.#startSession().catch((error: unknown) => {
      this.#session = undefined;
      throw new CodeInterpreterError(`Failed to start QuickJS: ${(error as Error).message}`, { cause: error });
    });
    return this.#session;
  }

  async #startSession(): Promise<Session> {
    const { newQuickJSAsyncWASMModuleFromVariant, newVariant, RELEASE_ASYNC } = await import("quickjs-emscripten");
    const limitBytes = this.#options.memoryLimitMb * 2 ** 20;
    const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: MemoryConstructor } }).WebAssembly;
    const maximum = Math.ceil((limitBytes + WASM_HEADROOM_BYTES) / WASM_PAGE);
    const wasmMemory = new Memory({ initial: Math.min(256, maximum), maximum });
    // One WebAssembly module per interpreter: asyncify can suspend only one call per module.
    const variant = newVariant(RELEASE_ASYNC, { wasmMemory: wasmMemory as never });
    const runtime = (await newQuickJSAsyncWASMModuleFromVariant(variant)).newRuntime();
    runtime.setMemoryLimit(limitBytes);
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    runtime.setModuleLoader(() => ({ error: new Error("SandboxViolation: modules are not available in the sandbox") }));
    const context = runtime.newContext();
    const session: Session = { context, registered: undefined, run: undefined, tools: new Map() };
    runtime.setInterruptHandler(() => {
      const run = session.run;
      if (run === undefined) return false;
      if (run.signal?.aborted) run.reason = "abort";
      else if (Date.now() > run.deadline) run.reason = "timeout";
      return run.reason !== undefined;
    });
    const hostCall = context.newAsyncifiedFunction("__dspy_host_call", async (nameHandle, payloadHandle) => {
      const started = Date.now();
      const reply = await callHostTool(session.tools, context.getString(nameHandle), context.getString(payloadHandle), {
        signal: session.run?.signal ?? new AbortController().signal,
        encode: (value) => toSandboxJson(value, "markers"),
      });
      // Time spent in the host does not count against the guest's limit.
      if (session.run) session.run.deadline += Date.now() - started;
      return context.newString(reply);
    });
    context.setProp(context.global, "__dspy_host_call", hostCall);
    hostCall.dispose();
    context.unwrapResult(context.evalCode(QUICKJS_BOOTSTRAP, "<dspy-sandbox>")).dispose();
    return session;
  }

  #callDriver(session: Session, method: string, ...values: (string | number)[]): string {
    const { context } = session;
    const driver = context.getProp(context.global, "__dspy");
    const fn = context.getProp(driver, method);
    const args = values.map((value) =>
      typeof value === "string" ? context.newString(value) : context.newNumber(value),
    );
    try {
      const result = context.callFunction(fn, driver, ...args);
      if (result.error) {
        const error = context.dump(result.error) as GuestError | null;
        result.error.dispose();
        // The driver itself failing means the context is broken (typically out of memory).
        void this.#discard();
        throw new CodeExecutionError(
          `The JavaScript sandbox failed and was restarted: ${error?.name ?? "Error"}: ${error?.message ?? String(error)}`,
          { sessionLost: true, errorType: "SandboxCrash" },
        );
      }
      const text = context.typeof(result.value) === "string" ? context.getString(result.value) : "";
      result.value.dispose();
      return text;
    } finally {
      for (const arg of args) arg.dispose();
      fn.dispose();
      driver.dispose();
    }
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
    const session = await this.#ensureSession();
    session.tools = new Map(tools.map((tool) => [tool.name, tool]));
    if (registration !== session.registered) {
      this.#callDriver(session, "register", registration);
      session.registered = registration;
    }
    this.#callDriver(session, "begin", this.#options.maxOutputChars, variablesJson);
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    session.run = { deadline: Date.now() + timeoutMs, signal: options.signal, reason: undefined };
    let result: Awaited<ReturnType<QuickJSAsyncContext["evalCodeAsync"]>>;
    try {
      result = await session.context.evalCodeAsync(code, "<exec>");
    } catch (error) {
      // The host's own stack or an asyncify fault: the context cannot be trusted any more.
      await this.#discard();
      throw new CodeExecutionError(`The JavaScript sandbox failed and was restarted: ${(error as Error).message}`, {
        sessionLost: true,
        errorType: "SandboxCrash",
        cause: error,
      });
    }
    const reason = session.run.reason;
    session.run = undefined;
    if (result.error) return this.#failure(session, result.error, reason, timeoutMs, options.signal);
    return this.#success(session, result.value);
  }

  #success(session: Session, value: QuickJSHandle): CodeInterpreterResult {
    const { context } = session;
    try {
      if (context.typeof(value) === "undefined") return this.#callDriver(session, "output");
      const driver = context.getProp(context.global, "__dspy");
      const dump = context.getProp(driver, "dump");
      const text = context.unwrapResult(context.callFunction(dump, driver, value));
      const json = context.getString(text);
      for (const handle of [text, dump, driver]) handle.dispose();
      return fromSandboxJson(json);
    } finally {
      value.dispose();
    }
  }

  #failure(
    session: Session,
    handle: QuickJSHandle,
    reason: "timeout" | "abort" | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): FinalOutput {
    const error = session.context.dump(handle) as GuestError | null;
    handle.dispose();
    if (error?.__dspy_final__ === true) return new FinalOutput(error.output);
    if (error === null || error === undefined || /out of memory/.test(String(error.message))) {
      // After an allocation failure QuickJS can be left unable to allocate even an error object.
      void this.#discard();
      throw new CodeMemoryLimitError(
        "InternalError: out of memory; the sandbox was restarted and its variables are lost",
        { sessionLost: true, errorType: "InternalError" },
      );
    }
    const output = this.#callDriver(session, "output");
    const name = error?.name ?? "Error";
    const message = `${name}: ${error?.message ?? String(error)}`;
    const details = { errorType: name, traceback: `${message}\n${error?.stack ?? ""}`.trimEnd(), output };
    if (reason === "abort") throw new AbortError("The JavaScript run was aborted.", { reason: signal?.reason });
    if (reason === "timeout") {
      throw new CodeTimeoutError(`TimeoutError: the code ran longer than ${timeoutMs} ms and was interrupted`, {
        ...details,
        timeoutMs,
      });
    }
    // A parse error has no function frames; JSON.parse's SyntaxError is a runtime error.
    if (name === "SyntaxError" && !/\bat \S.* \(/.test(error?.stack ?? ""))
      throw new CodeSyntaxError(`Invalid JavaScript syntax. message: ${message}`, details);
    throw new CodeExecutionError(message, details);
  }
}
