/**
 * Entry point of the worker thread that hosts QuickJS for {@link JavaScriptInterpreter}. Like
 * the Pyodide worker it runs from source (Node strips the types) and from `dist`, so it imports
 * nothing but Node built-ins, `quickjs-emscripten` and the shared channel (by URL).
 *
 * The guest sees only the QuickJS context (no Node), so this thread needs no lockdown; the
 * worker is there so a run never holds the host's event loop, and so the host can end a run
 * at once by terminating the thread. Tool calls block this thread (not the host's) on the
 * shared flag, which lets the synchronous QuickJS build serve them — no asyncify.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from "quickjs-emscripten";

interface WorkerConfig {
  bootstrap: string;
  maxStackBytes: number;
  /** Room above the QuickJS heap limit for the runtime itself, in bytes. */
  headroomBytes: number;
}

interface GuestError {
  name?: string;
  message?: string;
  stack?: string;
  __dspy_final__?: boolean;
}

interface MemoryConstructor {
  new (descriptor: { initial: number; maximum: number }): unknown;
}

// Loaded by URL: from source the shared module is .ts, from dist .js (see sandbox-session.ts).
const extension = import.meta.url.endsWith(".ts") ? "ts" : "js";
const channel = (await import(
  new URL(`./sandbox-worker-channel.${extension}`, import.meta.url).href
)) as typeof import("./sandbox-worker-channel.js");
const config = channel.sandboxWorkerData<WorkerConfig>();
const WASM_PAGE = 65536;
// Only guest code is interruptible: the driver must still collect output after a timeout.
const state = { guestRunning: false, interrupted: false };

/** A failure of the driver itself: the context cannot be trusted, the host replaces the worker. */
class DriverFailure extends Error {
  readonly guestName: string;
  readonly guestMessage: string;
  constructor(name: string, message: string) {
    super(`${name}: ${message}`);
    this.guestName = name;
    this.guestMessage = message;
  }
}

function newContext(module: QuickJSWASMModule): QuickJSContext {
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(config.memoryLimitBytes);
  runtime.setMaxStackSize(config.maxStackBytes);
  runtime.setModuleLoader(() => ({ error: new Error("SandboxViolation: modules are not available in the sandbox") }));
  runtime.setInterruptHandler(() => {
    if (!state.guestRunning || Atomics.load(config.interrupt, 0) === 0) return false;
    state.interrupted = true;
    return true;
  });
  const context = runtime.newContext();
  const hostCall = context.newFunction("__dspy_host_call", (name, payload) =>
    context.newString(channel.requestHostTool(context.getString(name), context.getString(payload))),
  );
  context.setProp(context.global, "__dspy_host_call", hostCall);
  hostCall.dispose();
  context.unwrapResult(context.evalCode(config.bootstrap, "<dspy-sandbox>")).dispose();
  return context;
}

function callDriver(context: QuickJSContext, method: string, ...values: (string | number | QuickJSHandle)[]): string {
  const driver = context.getProp(context.global, "__dspy");
  const fn = context.getProp(driver, method);
  const args = values.map((value) =>
    typeof value === "string" ? context.newString(value) : typeof value === "number" ? context.newNumber(value) : value,
  );
  try {
    const result = context.callFunction(fn, driver, ...args);
    if (result.error) {
      const error = context.dump(result.error) as GuestError | null;
      result.error.dispose();
      throw new DriverFailure(error?.name ?? "Error", error?.message ?? String(error));
    }
    const text = context.typeof(result.value) === "string" ? context.getString(result.value) : "";
    result.value.dispose();
    return text;
  } finally {
    for (const [index, arg] of args.entries()) if (typeof values[index] !== "object") arg.dispose();
    fn.dispose();
    driver.dispose();
  }
}

function guestError(context: QuickJSContext, handle: QuickJSHandle): string {
  const error = context.dump(handle) as GuestError | null;
  if (error?.__dspy_final__ === true) {
    const output = context.getProp(handle, "output");
    try {
      return `{"final":${callDriver(context, "dump", output)}}`;
    } finally {
      output.dispose();
    }
  }
  // After an allocation failure QuickJS can be left unable to allocate even an error object.
  if (error === null || error === undefined || /out of memory/.test(String(error.message))) {
    return JSON.stringify({ crash: "InternalError: out of memory", memory: true });
  }
  const { name, message, stack } = error;
  const output = callDriver(context, "output");
  return JSON.stringify({ error: { name, message, stack }, output, interrupted: state.interrupted });
}

function execute(context: QuickJSContext, run: import("./sandbox-worker-channel.js").SandboxRunMessage): string {
  if (run.registration !== undefined) callDriver(context, "register", run.registration);
  callDriver(context, "begin", run.outputLimit, run.variables);
  state.guestRunning = true;
  state.interrupted = false;
  let result: ReturnType<QuickJSContext["evalCode"]>;
  try {
    result = context.evalCode(run.code, "<exec>");
  } finally {
    state.guestRunning = false;
  }
  if (result.error) {
    try {
      return guestError(context, result.error);
    } finally {
      result.error.dispose();
    }
  }
  try {
    if (context.typeof(result.value) === "undefined") return JSON.stringify({ output: callDriver(context, "output") });
    return `{"value":${callDriver(context, "dump", result.value)}}`;
  } catch (error) {
    // A value JSON cannot hold (a cycle) is the guest's error, not the driver's.
    if (!(error instanceof DriverFailure)) throw error;
    const output = callDriver(context, "output");
    return JSON.stringify({ error: { name: error.guestName, message: error.guestMessage }, output });
  } finally {
    result.value.dispose();
  }
}

function describeCrash(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return JSON.stringify({ crash: message, memory: /out of memory/.test(message) });
}

channel.serveSandbox(async () => {
  const { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } = await import("quickjs-emscripten");
  const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: MemoryConstructor } }).WebAssembly;
  const maximum = Math.ceil((config.memoryLimitBytes + config.headroomBytes) / WASM_PAGE);
  // The WebAssembly memory stops at the limit plus headroom, which also bounds what QuickJS's own accounting misses.
  const wasmMemory = new Memory({ initial: Math.min(256, maximum), maximum });
  const module = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory: wasmMemory as never }));
  const context = newContext(module);
  return (run) => execute(context, run);
}, describeCrash);
