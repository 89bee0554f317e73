import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { ResolvedInterpreterTool } from "./interpreter-tools.js";
import { callHostTool } from "./sandbox-tool-call.js";

/** Which worker to start, with what, and its limits. */
export interface SandboxSessionConfig {
  /** The guest runtime's name, for error messages ("Pyodide", "QuickJS"). */
  label: string;
  /** The worker's entry module beside this one, without extension (`pyodide-worker`). */
  entry: string;
  /** What the worker reads from `workerData`, besides the session's own channels. */
  workerData: Record<string, unknown>;
  /** Cap on the guest's WebAssembly memory, in bytes (the watchdog's yardstick). */
  memoryLimitBytes: number;
  /** Cap on the worker's JavaScript heap, in MB. */
  heapLimitMb: number;
  startTimeoutMs: number;
  /** Serializes a JSON-able tool result in the guest's dialect. */
  encode: (value: unknown) => string;
}

/** One run's code, already serialized for the worker. */
export interface SandboxRunRequest {
  code: string;
  variables: string;
  registration: string | undefined;
  outputLimit: number;
}

/** How a run is bounded and which host tools it may call. */
export interface SandboxRunOptions {
  timeoutMs: number;
  /** How long a timed-out run may take to stop after its interrupt before the worker dies. */
  graceMs: number;
  signal: AbortSignal | undefined;
  tools: Map<string, ResolvedInterpreterTool>;
}

/** How a run ended, from the host's side. */
export type SandboxRunOutcome =
  | { kind: "reply"; reply: string; interrupted: boolean }
  | { kind: "timeout" }
  | { kind: "aborted"; reason: unknown }
  | { kind: "died"; message: string; memory: boolean };

type WorkerMessage =
  | { type: "ready" }
  | { type: "start-error"; message: string }
  | { type: "result"; id: number; reply: string }
  | { type: "tool-call"; name: string; payload: string };

const WATCH_INTERVAL_MS = 100;
const TAIL = 4096;

function workerUrl(entry: string): URL {
  // From source the module is .ts (Node strips its types); from dist it is .js.
  const extension = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return new URL(`./${entry}.${extension}`, import.meta.url);
}

/**
 * One sandbox worker thread (Pyodide's or QuickJS's): started, run, killed. The host side of
 * both guests' protocol — runs, synchronous tool calls over a shared flag, the interrupt flag,
 * the time limit with its grace period, the heap watchdog, abort by killing the thread. It knows
 * nothing of DSPy's semantics; {@link PythonInterpreter} and {@link JavaScriptInterpreter} turn
 * its outcomes into results and typed errors.
 *
 * @example
 * const session = await SandboxSession.start({ label: "Pyodide", entry: "pyodide-worker", workerData: { bootstrap },
 *   memoryLimitBytes: 2 ** 29, heapLimitMb: 256, startTimeoutMs: 60_000, encode: (value) => toSandboxJson(value) });
 */
export class SandboxSession {
  readonly #worker: Worker;
  readonly #control = new Int32Array(new SharedArrayBuffer(4));
  readonly #interrupt = new Int32Array(new SharedArrayBuffer(4));
  readonly #toolPort: MessagePort;
  readonly #config: SandboxSessionConfig;
  #stderr = "";
  #dead: { message: string; memory: boolean } | undefined;
  #nextId = 0;
  readonly #deathListeners = new Set<() => void>();

  private constructor(config: SandboxSessionConfig) {
    this.#config = config;
    const channel = new MessageChannel();
    this.#toolPort = channel.port1;
    this.#worker = new Worker(workerUrl(config.entry), {
      workerData: {
        ...config.workerData,
        memoryLimitBytes: config.memoryLimitBytes,
        control: this.#control,
        interrupt: this.#interrupt,
        toolPort: channel.port2,
      },
      transferList: [channel.port2],
      // The host's environment, argv and loader flags never enter the sandbox thread.
      env: {},
      argv: [],
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: config.heapLimitMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 8 },
    });
    this.#worker.stdout.resume();
    this.#worker.stderr.setEncoding("utf8");
    this.#worker.stderr.on("data", (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-TAIL);
    });
    this.#worker.on("error", (error: Error & { code?: string }) => {
      this.#die(error.message, error.code === "ERR_WORKER_OUT_OF_MEMORY");
    });
    this.#worker.on("exit", (code) => this.#die(`the sandbox worker exited (code ${code})`, false));
  }

  /** Starts a worker and resolves once its guest runtime is loaded (and, for Pyodide, locked down). */
  static async start(config: SandboxSessionConfig, signal?: AbortSignal): Promise<SandboxSession> {
    const session = new SandboxSession(config);
    try {
      await session.#ready(signal);
    } catch (error) {
      await session.kill();
      throw error;
    }
    return session;
  }

  /** Whether the worker died (crash, resource limit, kill). */
  get dead(): boolean {
    return this.#dead !== undefined;
  }

  /** The last few KB the worker wrote to stderr, for diagnostics. */
  get stderrTail(): string {
    return this.#stderr;
  }

  #die(message: string, memory: boolean): void {
    if (this.#dead) return;
    this.#dead = { message, memory };
    for (const listener of this.#deathListeners) listener();
  }

  #ready(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.#worker.off("message", onMessage);
        this.#deathListeners.delete(onDeath);
        signal?.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type === "ready") finish();
        else if (message.type === "start-error")
          finish(new Error(`${this.#config.label} failed to start: ${message.message}`));
      };
      const onDeath = () =>
        finish(new Error(`${this.#config.label} failed to start: ${this.#dead?.message}\n${this.#stderr}`));
      const onAbort = () => finish(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      const timer = setTimeout(
        () => finish(new Error(`${this.#config.label} did not start within ${this.#config.startTimeoutMs} ms`)),
        this.#config.startTimeoutMs,
      );
      this.#worker.on("message", onMessage);
      this.#deathListeners.add(onDeath);
      signal?.addEventListener("abort", onAbort, { once: true });
      if (signal?.aborted) onAbort();
    });
  }

  /** Runs one request; never rejects — every ending is a {@link SandboxRunOutcome}. */
  run(request: SandboxRunRequest, options: SandboxRunOptions): Promise<SandboxRunOutcome> {
    if (this.#dead) return Promise.resolve({ kind: "died", ...this.#dead });
    const id = ++this.#nextId;
    const controller = new AbortController();
    const watchLimit = this.#config.memoryLimitBytes * 1.25 + this.#config.heapLimitMb * 2 ** 20 + 2 ** 26;
    return new Promise<SandboxRunOutcome>((resolve) => {
      let remaining = options.timeoutMs;
      let startedAt = Date.now();
      let interrupted = false;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let graceTimer: NodeJS.Timeout | undefined;
      const settle = (outcome: SandboxRunOutcome, kill: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(graceTimer);
        clearInterval(watch);
        this.#worker.off("message", onMessage);
        this.#deathListeners.delete(onDeath);
        options.signal?.removeEventListener("abort", onAbort);
        controller.abort(outcome.kind === "aborted" ? outcome.reason : new Error(`run ended: ${outcome.kind}`));
        if (kill) void this.kill();
        resolve(outcome);
      };
      const onTimeout = () => {
        interrupted = true;
        Atomics.store(this.#interrupt, 0, 2);
        graceTimer = setTimeout(() => settle({ kind: "timeout" }, true), options.graceMs);
      };
      const arm = () => {
        startedAt = Date.now();
        timer = setTimeout(onTimeout, Math.max(remaining, 0));
      };
      const answerTool = async (name: string, payload: string) => {
        clearTimeout(timer);
        remaining -= Date.now() - startedAt;
        const reply = await callHostTool(options.tools, name, payload, {
          signal: controller.signal,
          encode: this.#config.encode,
        });
        if (settled) return;
        this.#toolPort.postMessage(reply);
        Atomics.store(this.#control, 0, 1);
        Atomics.notify(this.#control, 0);
        if (!interrupted) arm();
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type === "tool-call") void answerTool(message.name, message.payload);
        else if (message.type === "result" && message.id === id) {
          settle({ kind: "reply", reply: message.reply, interrupted }, false);
        }
      };
      const onDeath = () => settle({ kind: "died", ...(this.#dead ?? { message: "died", memory: false }) }, false);
      const onAbort = () => settle({ kind: "aborted", reason: options.signal?.reason }, true);
      const watch = setInterval(() => {
        this.#worker.getHeapStatistics().then(
          (stats) => {
            if (stats.used_heap_size + (stats.external_memory ?? 0) > watchLimit) {
              settle({ kind: "died", message: "the sandbox went over its memory limit", memory: true }, true);
            }
          },
          () => {},
        );
      }, WATCH_INTERVAL_MS);
      this.#worker.on("message", onMessage);
      this.#deathListeners.add(onDeath);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      Atomics.store(this.#interrupt, 0, 0);
      this.#worker.postMessage({ type: "execute", id, ...request });
      arm();
      if (options.signal?.aborted) onAbort();
    });
  }

  /** Kills the worker (any run in flight ends as `died`/`aborted`/`timeout`). */
  async kill(): Promise<void> {
    // Wake a worker blocked on a tool reply so termination is immediate.
    Atomics.store(this.#control, 0, 2);
    Atomics.notify(this.#control, 0);
    this.#die("the sandbox was stopped", false);
    this.#toolPort.close();
    await this.#worker.terminate();
  }
}
