import type { ChildProcess } from "node:child_process";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { AbortError } from "../errors/abort-error.js";
import { BridgeError, SessionLostError } from "./bridge-error.js";
import { type WireReply, WorkerClient, type WorkerRpc } from "./worker-client.js";

/** One incarnation of a worker: a spawned process, or a remote address (no process). */
export interface StartedWorker {
  address: string;
  child?: ChildProcess;
}

/** Options for {@link WorkerSlot}. */
export interface WorkerSlotOptions {
  index: number;
  proto: string;
  token: string;
  /** Starts (or connects to) a fresh worker incarnation. */
  start: () => Promise<StartedWorker>;
  /** Calls running on the worker at once; more wait in the queue. */
  concurrency: number;
  /** Calls allowed to wait; one more fails with a `backpressure` error. */
  maxQueue: number;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  /** The incarnation `generation` is gone; every session bound to it is lost. */
  onLost: (slot: WorkerSlot, generation: number, reason: string) => void;
}

/** Per-call options for {@link WorkerSlot.run}. */
export interface SlotRunOptions {
  session: string;
  /** The incarnation the session's objects live on. */
  generation: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

interface Waiter {
  session: string;
  generation: number;
  start: () => void;
  fail: (error: BridgeError) => void;
}

/** How long a failed transport waits for the process exit that explains it. */
const EXIT_GRACE_MS = 500;
const RESTART_DELAY_MS = 1000;

/**
 * One seat in a worker pool: runs calls on the current worker incarnation with a bounded queue,
 * per-call timeouts and abort, watches it with heartbeats, and replaces it when it exits or stops
 * answering. `generation` numbers incarnations, so a session bound to a dead one is refused
 * instead of silently running against a worker that never saw its objects.
 *
 * @example
 * const slot = new WorkerSlot({ index: 0, proto, token, start, concurrency: 8, maxQueue: 64,
 *   heartbeatMs: 1000, heartbeatTimeoutMs: 3000, onLost });
 * await slot.boot();
 * const reply = await slot.run("Heartbeat", {}, { session: "s1", generation: slot.generation, timeoutMs: 1000 });
 */
export class WorkerSlot {
  readonly index: number;
  /** The current (or upcoming, while restarting) incarnation. */
  generation = 0;
  /** Process id of the current worker, when it was spawned here. */
  pid: number | undefined;
  readonly #options: WorkerSlotOptions;
  #ready = false;
  #closed = false;
  #client: WorkerClient | undefined;
  #child: ChildProcess | undefined;
  #running = 0;
  readonly #queue: Waiter[] = [];
  readonly #inFlight = new Set<{ session: string; fail: (error: BridgeError) => void }>();
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(options: WorkerSlotOptions) {
    this.#options = options;
    this.index = options.index;
  }

  /** Whether a worker is up and taking calls. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Calls running plus calls waiting. */
  get load(): number {
    return this.#running + this.#queue.length;
  }

  /** Starts the current incarnation; rejects if it cannot start. */
  async boot(): Promise<void> {
    const generation = this.generation;
    const started = await this.#options.start();
    if (this.#closed || generation !== this.generation) {
      started.child?.kill("SIGKILL");
      return;
    }
    this.#child = started.child;
    this.pid = started.child?.pid;
    this.#client = new WorkerClient(this.#options.proto, started.address, this.#options.token);
    started.child?.once("exit", (code, signal) =>
      this.lose(generation, `worker process exited (code ${code}, signal ${signal})`),
    );
    this.#ready = true;
    this.#startHeartbeat(generation);
    this.#drain();
  }

  /**
   * Runs one RPC for a session; resolves with the raw reply message. Fails with a typed
   * {@link BridgeError}: `backpressure`, `timeout`, `worker_lost` (naming the session),
   * `session_lost`, or an {@link AbortError} when `signal` fires.
   */
  run(rpc: WorkerRpc, request: object, options: SlotRunOptions): Promise<unknown> {
    const { session, generation } = options;
    if (this.#closed)
      return Promise.reject(new BridgeError("the worker pool is closed", { code: "pool_closed", session }));
    if (generation !== this.generation) {
      return Promise.reject(new SessionLostError(session, `worker ${this.index} was replaced`));
    }
    if (options.signal?.aborted) return Promise.reject(abortError(options.signal));
    return new Promise((resolve, reject) => {
      let settled = false;
      let acquired = false;
      let call: { cancel(): void } | undefined;
      const entry = { session, fail: (error: BridgeError) => finish(error) };
      const waiter: Waiter = { session, generation, start: () => begin(), fail: (error) => finish(error) };
      const finish = (error: Error | undefined, value?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        this.#inFlight.delete(entry);
        const queued = this.#queue.indexOf(waiter);
        if (queued >= 0) this.#queue.splice(queued, 1);
        if (error) call?.cancel();
        if (acquired) {
          this.#running--;
          this.#drain();
        }
        if (error) reject(error);
        else resolve(value);
      };
      const deadline = Date.now() + options.timeoutMs;
      const timer = setTimeout(() => {
        const message = `bridge call ${rpc} of session ${session} timed out after ${options.timeoutMs} ms`;
        finish(new BridgeError(message, { code: "timeout", session }));
      }, options.timeoutMs);
      const onAbort = () => finish(abortError(options.signal));
      options.signal?.addEventListener("abort", onAbort, { once: true });
      const begin = () => {
        const client = this.#client;
        if (!client) return;
        acquired = true;
        this.#running++;
        this.#inFlight.add(entry);
        // The gRPC deadline trails our timer, so callers see our typed timeout, not DEADLINE_EXCEEDED.
        const grpcMs = Math.max(1, deadline - Date.now()) + 1000;
        call = client.unary(rpc, request, grpcMs, (error, reply) => {
          if (!error) return finish(undefined, reply);
          if (this.#child && isTransportLoss(error)) {
            // The process is probably dying: let its exit report worker_lost, else report this.
            setTimeout(() => finish(transportError(error, session)), EXIT_GRACE_MS).unref();
            return;
          }
          finish(transportError(error, session));
        });
      };
      if (this.#ready && this.#running < this.#options.concurrency && this.#queue.length === 0) begin();
      else if (this.#queue.length >= this.#options.maxQueue) {
        const message = `worker ${this.index} queue is full (${this.#options.maxQueue} waiting); retry later`;
        finish(new BridgeError(message, { code: "backpressure", session }));
      } else this.#queue.push(waiter);
    });
  }

  /**
   * Drops incarnation `generation` (it exited, or stopped answering heartbeats): kills it, fails
   * its in-flight and queued calls with `worker_lost` naming their sessions, reports the loss,
   * and starts a replacement. A stale generation is ignored.
   */
  lose(generation: number, reason: string): void {
    if (generation !== this.generation || this.#closed) return;
    this.generation++;
    this.#ready = false;
    clearInterval(this.#heartbeat);
    const child = this.#child;
    const client = this.#client;
    this.#child = undefined;
    this.#client = undefined;
    child?.removeAllListeners("exit");
    child?.kill("SIGKILL");
    const lost = (session: string) =>
      new BridgeError(
        `worker ${this.index} (pid ${this.pid}) was lost during a call of session ${session}: ${reason}`,
        {
          code: "worker_lost",
          session,
        },
      );
    for (const entry of [...this.#inFlight]) entry.fail(lost(entry.session));
    for (const waiter of this.#queue.filter((queued) => queued.generation === generation))
      waiter.fail(lost(waiter.session));
    client?.close();
    this.#options.onLost(this, generation, reason);
    this.#restart();
  }

  /** Stops the worker for good; pending calls fail with `pool_closed`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ready = false;
    clearInterval(this.#heartbeat);
    const closed = new BridgeError("the worker pool is closed", { code: "pool_closed" });
    for (const entry of [...this.#inFlight]) entry.fail(closed);
    for (const waiter of [...this.#queue]) waiter.fail(closed);
    this.#child?.removeAllListeners("exit");
    this.#child?.kill("SIGKILL");
    this.#client?.close();
  }

  #restart(): void {
    this.boot().catch(() => {
      // A failed replacement retries; calls waiting for it keep their own timeouts.
      if (!this.#closed) setTimeout(() => this.#restart(), RESTART_DELAY_MS).unref();
    });
  }

  #drain(): void {
    while (this.#ready && this.#running < this.#options.concurrency) {
      const next = this.#queue.shift();
      if (!next) return;
      next.start();
    }
  }

  #startHeartbeat(generation: number): void {
    let beating = false;
    let missed = 0;
    this.#heartbeat = setInterval(() => {
      const client = this.#client;
      if (beating || !client || generation !== this.generation) return;
      beating = true;
      client.unary("Heartbeat", {}, this.#options.heartbeatTimeoutMs, (error) => {
        beating = false;
        if (!error) missed = 0;
        // Two misses in a row: one can be a GC pause or a loaded machine, two is a hung worker.
        else if (++missed >= 2) this.lose(generation, `no heartbeat answer (${error.details || error.message})`);
      });
    }, this.#options.heartbeatMs);
    this.#heartbeat.unref();
  }
}

function isTransportLoss(error: ServiceError): boolean {
  return (
    error.code === GrpcStatus.UNAVAILABLE || error.code === GrpcStatus.CANCELLED || error.code === GrpcStatus.INTERNAL
  );
}

function transportError(error: ServiceError, session: string): BridgeError {
  return new BridgeError(`bridge transport failed in session ${session}: ${error.details || error.message}`, {
    code: "transport",
    session,
    cause: error,
  });
}

function abortError(signal: AbortSignal | undefined): AbortError {
  return new AbortError("bridge call aborted", { reason: signal?.reason });
}

export type { WireReply };
