import { randomBytes, randomUUID } from "node:crypto";
import { BridgeError } from "./bridge-error.js";
import { BridgeEvents } from "./bridge-events.js";
import { bridgePaths } from "./bridge-paths.js";
import { Session, type SessionHost } from "./session.js";
import { spawnWorker } from "./spawn-worker.js";
import type { WireCallbackReply, WireCallbackRequest } from "./worker-client.js";
import { type StartedWorker, WorkerSlot } from "./worker-slot.js";

/** Options for {@link WorkerPool.start}. */
export interface WorkerPoolOptions {
  /** A name for error messages and telemetry (default "default"). */
  name?: string;
  /** Number of workers to spawn (default 1); ignored when `addresses` is given. */
  size?: number;
  /**
   * Connect to running workers instead of spawning: `host:port` of a `worker.py --no-stdin-watch`
   * started by hand or on another host (with `DSPY_BRIDGE_TOKEN` set to `token`).
   */
  remote?: string | string[];
  /** Same as `remote`. */
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
  /** Where telemetry goes (default: a hub of the pool's own, `pool.events`); share one across pools. */
  events?: BridgeEvents;
}

/** What a worker reports about itself (the `Heartbeat` reply). */
export interface WorkerStats {
  pid: number;
  sessions: number;
  /** Live refs over all sessions. */
  refs: number;
  activeCalls: number;
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
  /** Telemetry: worker-start, worker-exit, call-start, call-end, queue-depth. */
  readonly events: BridgeEvents;
  slots: readonly WorkerSlot[] = [];
  readonly #sessions = new Map<string, Session>();
  readonly #host: SessionHost;
  #closed = false;

  private constructor(name: string, events: BridgeEvents, callTimeoutMs: number, idleTimeoutMs: number) {
    this.name = name;
    this.events = events;
    const hostId = `${name}-${randomUUID()}`;
    this.#host = { callTimeoutMs, idleTimeoutMs, hostId, ended: (session) => this.#sessions.delete(session.id) };
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
    const remote = options.remote ?? options.addresses;
    const addresses = typeof remote === "string" ? [remote] : remote;
    const token = options.token ?? (addresses ? "" : randomBytes(24).toString("hex"));
    const starts: (() => Promise<StartedWorker>)[] = addresses
      ? addresses.map((address) => async () => ({ address }))
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
    const name = options.name ?? "default";
    const pool: WorkerPool = new WorkerPool(
      name,
      options.events ?? new BridgeEvents(),
      options.callTimeoutMs ?? 60_000,
      options.idleTimeoutMs ?? 600_000,
    );
    pool.slots = starts.map(
      (start, index) =>
        new WorkerSlot({
          pool: name,
          index,
          proto: paths.proto,
          token,
          host: pool.#host.hostId,
          events: pool.events,
          onCallback: (request) => pool.#callback(request),
          start,
          concurrency: options.concurrency ?? 8,
          maxQueue: options.maxQueue ?? 256,
          heartbeatMs,
          heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? Math.max(3 * heartbeatMs, 5000),
          onLost: (slot, generation, reason) => pool.#onLost(slot, generation, reason),
        }),
    );
    const booted = await Promise.allSettled(pool.slots.map((slot) => slot.boot()));
    const failed = booted.find((result) => result.status === "rejected");
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  /** The id this pool's workers know its Callbacks streams by (host functions carry it). */
  get hostId(): string {
    return this.#host.hostId;
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
    for (const session of this.#sessions.values()) perSlot.set(session.slot, (perSlot.get(session.slot) ?? 0) + 1);
    // Prefer a live worker; when all are restarting the session waits for its slot's replacement.
    const candidates = this.slots.some((slot) => slot.ready) ? this.slots.filter((slot) => slot.ready) : this.slots;
    const slot = candidates.reduce((best, next) => {
      const score = (candidate: WorkerSlot) => (perSlot.get(candidate) ?? 0) * 1e6 + candidate.load;
      return score(next) < score(best) ? next : best;
    });
    const session = new Session(`${this.name}-${randomUUID()}`, slot, this.#host);
    this.#sessions.set(session.id, session);
    return session;
  }

  /**
   * Asks every live worker for its counts (sessions, live refs, calls running), e.g. to check
   * that refs are released.
   *
   * @example
   * const [{ refs }] = await pool.stats();
   */
  async stats(): Promise<WorkerStats[]> {
    const replies = await Promise.all(
      this.slots.map((slot) =>
        slot.run("Heartbeat", {}, { session: `${this.name}-stats`, generation: slot.generation, timeoutMs: 10_000 }),
      ),
    );
    return (replies as { pid: number; sessions: number; refs: number; active_calls: number }[]).map((reply) => ({
      pid: reply.pid,
      sessions: reply.sessions,
      refs: reply.refs,
      activeCalls: reply.active_calls,
    }));
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
    const sessions = [...this.#sessions.values()];
    await Promise.allSettled(sessions.map((session) => session.end()));
    for (const slot of this.slots) slot.close();
  }

  #callback(request: WireCallbackRequest): Promise<WireCallbackReply> {
    const session = this.#sessions.get(request.session);
    if (session) return session.runHostFunction(request);
    return Promise.resolve({ id: request.id, error: `bridge session ${request.session} has ended or is unknown` });
  }

  #onLost(slot: WorkerSlot, generation: number, reason: string): void {
    for (const session of [...this.#sessions.values()]) {
      if (session.slot === slot && session.generation === generation)
        session.markLost(`worker ${slot.index}: ${reason}`);
    }
  }
}
