import { randomBytes, randomUUID } from "node:crypto";
import { BridgeError } from "./bridge-error.js";
import { bridgePaths } from "./bridge-paths.js";
import { Session } from "./session.js";
import { spawnWorker } from "./spawn-worker.js";
import { type StartedWorker, WorkerSlot } from "./worker-slot.js";

/** Options for {@link WorkerPool.start}. */
export interface WorkerPoolOptions {
  /** A name for error messages and telemetry (default "default"). */
  name?: string;
  /** Number of workers to spawn (default 1); ignored when `addresses` is given. */
  size?: number;
  /** Connect to running workers (`host:port`, started with `worker.py --no-stdin-watch`) instead of spawning. */
  addresses?: string[];
  /** The Python interpreter (default: the repo's `.venv-bridge/bin/python`). */
  python?: string;
  /** Extra environment for spawned workers (e.g. API keys), on top of this process's. */
  env?: Record<string, string | undefined>;
  /** The token remote workers were started with (`DSPY_BRIDGE_TOKEN`); spawned workers get a random one. */
  token?: string;
  /** Default per-call timeout (default 60 s). */
  callTimeoutMs?: number;
  /** Heartbeat interval (default 2 s); two missed answers replace the worker. */
  heartbeatMs?: number;
  /** How long a heartbeat may take (default max(3 × heartbeatMs, 5 s), lenient for loaded machines). */
  heartbeatTimeoutMs?: number;
  /** How long a worker may take to start, DSPy import included (default 120 s). */
  startTimeoutMs?: number;
  /** Calls running at once per worker (default 8; the worker has 16 threads, heartbeats need one). */
  concurrency?: number;
  /** Calls waiting per worker before `backpressure` errors (default 256). */
  maxQueue?: number;
  /** Sessions end after this long without calls (default 10 min). */
  idleTimeoutMs?: number;
}

/**
 * A pool of Python DSPy workers driven over gRPC. Sessions pin to one worker (the least loaded
 * when created); a worker that exits or stops answering heartbeats is replaced, its sessions are
 * lost (their in-flight calls fail with `worker_lost`, later calls with `SessionLostError`), and
 * new sessions go to the replacement.
 *
 * @example
 * const pool = await WorkerPool.start({ size: 2, callTimeoutMs: 30_000 });
 * const session = pool.session();
 * await session.call("math", "sqrt", [16]); // 4
 * await pool.close();
 */
export class WorkerPool {
  readonly name: string;
  readonly slots: readonly WorkerSlot[];
  readonly #sessions = new Set<Session>();
  readonly #host: { callTimeoutMs: number; idleTimeoutMs: number; ended: (session: Session) => void };
  #closed = false;

  private constructor(name: string, slots: WorkerSlot[], callTimeoutMs: number, idleTimeoutMs: number) {
    this.name = name;
    this.slots = slots;
    this.#host = { callTimeoutMs, idleTimeoutMs, ended: (session) => this.#sessions.delete(session) };
  }

  /**
   * Starts the workers (in parallel) and resolves once all answer; if one cannot start, the
   * others are stopped and the error names why (the worker's stderr included).
   *
   * @example
   * const pool = await WorkerPool.start({ size: 4, env: { OPENAI_API_KEY: key } });
   */
  static async start(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
    const paths = bridgePaths();
    const heartbeatMs = options.heartbeatMs ?? 2000;
    const token = options.token ?? (options.addresses ? "" : randomBytes(24).toString("hex"));
    const starts: (() => Promise<StartedWorker>)[] = options.addresses
      ? options.addresses.map((address) => async () => ({ address }))
      : Array.from({ length: options.size ?? 1 }, () => async () => {
          const spawned = await spawnWorker({
            python: options.python ?? paths.python,
            worker: paths.worker,
            env: options.env ?? {},
            token,
            startTimeoutMs: options.startTimeoutMs ?? 120_000,
          });
          return { address: spawned.address, child: spawned.child };
        });
    const pool: WorkerPool = new WorkerPool(
      options.name ?? "default",
      starts.map(
        (start, index) =>
          new WorkerSlot({
            index,
            proto: paths.proto,
            token,
            start,
            concurrency: options.concurrency ?? 8,
            maxQueue: options.maxQueue ?? 256,
            heartbeatMs,
            heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? Math.max(3 * heartbeatMs, 5000),
            onLost: (slot, generation, reason) => pool.#onLost(slot, generation, reason),
          }),
      ),
      options.callTimeoutMs ?? 60_000,
      options.idleTimeoutMs ?? 600_000,
    );
    const booted = await Promise.allSettled(pool.slots.map((slot) => slot.boot()));
    const failed = booted.find((result) => result.status === "rejected");
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  /** Sessions that are neither ended nor lost. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /**
   * Opens a session on the least loaded live worker (fewest sessions, then fewest calls).
   *
   * @example
   * const session = pool.session();
   */
  session(): Session {
    if (this.#closed) throw new BridgeError(`worker pool ${this.name} is closed`, { code: "pool_closed" });
    const perSlot = new Map(this.slots.map((slot) => [slot, 0]));
    for (const session of this.#sessions) perSlot.set(session.slot, (perSlot.get(session.slot) ?? 0) + 1);
    // Prefer a live worker; when all are restarting the session waits for its slot's replacement.
    const candidates = this.slots.some((slot) => slot.ready) ? this.slots.filter((slot) => slot.ready) : this.slots;
    const slot = candidates.reduce((best, next) => {
      const score = (candidate: WorkerSlot) => (perSlot.get(candidate) ?? 0) * 1e6 + candidate.load;
      return score(next) < score(best) ? next : best;
    });
    const session = new Session(`${this.name}-${randomUUID()}`, slot, this.#host);
    this.#sessions.add(session);
    return session;
  }

  /**
   * Ends every session and stops every worker; pending calls fail with `pool_closed`.
   *
   * @example
   * await pool.close();
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const sessions = [...this.#sessions];
    await Promise.allSettled(sessions.map((session) => session.end()));
    for (const slot of this.slots) slot.close();
  }

  #onLost(slot: WorkerSlot, generation: number, reason: string): void {
    for (const session of [...this.#sessions]) {
      if (session.slot === slot && session.generation === generation)
        session.markLost(`worker ${slot.index}: ${reason}`);
    }
  }
}
