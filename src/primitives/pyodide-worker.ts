/**
 * Entry point of the worker thread that hosts Pyodide for {@link PythonInterpreter}. It runs
 * both from source (Node strips the types) and from `dist`, so it imports nothing but Node
 * built-ins and `pyodide`, and uses only erasable TypeScript.
 *
 * Start-up: cap WebAssembly memory growth, load Pyodide from node_modules, run the Python
 * driver, then lock the thread down — every function of the Node modules that reach files,
 * processes, the network or other threads is replaced by one that throws, module loading is
 * refused, and the globals that reach the host (`process`, `fetch`, `WebSocket`, ...) are
 * deleted. Guest code can evaluate JavaScript in this thread (Pyodide's FFI allows it), so
 * the lockdown applies to the whole thread, not just to Python.
 */
import { createRequire, registerHooks, syncBuiltinESMExports } from "node:module";

interface WorkerConfig {
  bootstrap: string;
}

// Loaded by URL: from source the shared module is .ts, from dist .js (see sandbox-session.ts).
const extension = import.meta.url.endsWith(".ts") ? "ts" : "js";
const channel = (await import(
  new URL(`./sandbox-worker-channel.${extension}`, import.meta.url).href
)) as typeof import("./sandbox-worker-channel.js");
const config = channel.sandboxWorkerData<WorkerConfig>();

const VIOLATION = "SandboxViolation";
const NODE_MODULES = [
  "fs",
  "fs/promises",
  "child_process",
  "net",
  "tls",
  "dgram",
  "http",
  "https",
  "http2",
  "dns",
  "dns/promises",
  "worker_threads",
  "inspector",
  "cluster",
  "os",
  "repl",
];
const LAZY_IMPORTS = ["fs", "fs/promises", "child_process", "net", "tls"];
const HOST_GLOBALS = [
  "process",
  "require",
  "fetch",
  "WebSocket",
  "EventSource",
  "XMLHttpRequest",
  "BroadcastChannel",
  "localStorage",
  "sessionStorage",
];

interface GrowableMemory {
  buffer: ArrayBuffer;
  grow(delta: number): number;
}

function capWasmMemory(limitBytes: number): void {
  // The project's lib settings carry no WebAssembly types, hence the local shape.
  const memory = (globalThis as unknown as { WebAssembly: { Memory: { prototype: GrowableMemory } } }).WebAssembly
    .Memory.prototype;
  const grow = memory.grow;
  // Emscripten's growMemory catches this, so malloc fails and Python raises MemoryError.
  memory.grow = function cappedGrow(this: GrowableMemory, delta: number): number {
    if (this.buffer.byteLength + delta * 65536 > limitBytes) throw new RangeError("sandbox memory limit reached");
    return grow.call(this, delta);
  };
}

function denied(name: string): () => never {
  return () => {
    throw new Error(`${VIOLATION}: ${name} is not available in the sandbox`);
  };
}

function lockdown(pyodide: Record<string, unknown>): void {
  const require = createRequire(import.meta.url);
  const modules = NODE_MODULES.map((name) => [name, require(`node:${name}`)] as const);
  for (const [name, module] of modules) {
    for (const key of Object.getOwnPropertyNames(module)) {
      const descriptor = Object.getOwnPropertyDescriptor(module, key);
      if (typeof descriptor?.value !== "function" || !descriptor.writable) continue;
      try {
        module[key] = denied(`${name}.${key}`);
      } catch {
        // a frozen export stays as it is; the module hooks below still refuse new loads
      }
    }
  }
  // Emscripten's system() spawns a shell through child_process.spawnSync and cannot survive a
  // throw, so it gets a "command not found" status instead.
  const childProcess = require("node:child_process");
  childProcess.spawnSync = () => ({ status: 127, signal: null, output: [], pid: 0, stdout: null, stderr: null });
  syncBuiltinESMExports();
  // Only what Pyodide loads lazily (sockets, system()) may still be imported — and it is neutered.
  const allowed = new Set(LAZY_IMPORTS.flatMap((name) => [name, `node:${name}`]));
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (allowed.has(specifier)) return nextResolve(specifier, context);
      throw new Error(`${VIOLATION}: importing '${specifier}' is not available in the sandbox`);
    },
  });
  for (const name of HOST_GLOBALS) Reflect.deleteProperty(globalThis, name);
  const fs = pyodide.FS as { filesystems?: Record<string, unknown> } | undefined;
  if (fs?.filesystems) {
    for (const name of Object.keys(fs.filesystems)) if (name !== "MEMFS") delete fs.filesystems[name];
  }
  for (const name of ["mountNodeFS", "mountNativeFS", "loadPackage", "loadPackagesFromImports", "unpackArchive"]) {
    Reflect.set(pyodide, name, denied(`pyodide.${name}`));
  }
}

function describeCrash(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // A Python exception outside the guest's code (a bad tool registration) leaves Pyodide usable.
  const fatal = !(error instanceof Error && error.name === "PythonError") || "pyodide_fatal_error" in error;
  return JSON.stringify(fatal ? { crash: message } : { setup_error: message });
}

channel.serveSandbox(async () => {
  capWasmMemory(config.memoryLimitBytes);
  const { loadPyodide } = await import("pyodide");
  const pyodide = await loadPyodide({ args: [], env: { HOME: "/home/pyodide" }, stdout: () => {}, stderr: () => {} });
  pyodide.setInterruptBuffer(config.interrupt);
  pyodide.globals.set("_dspy_js_call_tool", channel.requestHostTool);
  pyodide.runPython(config.bootstrap, { filename: "<dspy-sandbox>" });
  // Warm the lazily loaded pieces (random seeding, codecs) before their loaders are locked.
  pyodide.runPython("import random, json, re, math, collections, itertools; random.random()");
  const execute = pyodide.globals.get("_dspy_execute") as (...args: unknown[]) => Promise<string>;
  const register = pyodide.globals.get("_dspy_register") as (spec: string) => void;
  lockdown(pyodide as unknown as Record<string, unknown>);
  return async (run) => {
    if (run.registration !== undefined) register(run.registration);
    return await execute(run.code, run.variables, run.outputLimit);
  };
}, describeCrash);
