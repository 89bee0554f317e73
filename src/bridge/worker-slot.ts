import type { ChildProcess } from "node:child_process";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { AbortError } from "../errors/abort-error.js";
import { BridgeError, SessionLostError } from "./bridge-error.js";
import type { BridgeEvent, BridgeEvents } from "./bridge-events.js";
import { type CallbackHandler, openCallbackChannel } from "./callback-channel.js";
import { connectWorker } from "./connect-worker.js";
import { abortError, type DistributiveOmit, errorCode, isTransportLoss, transportError } from "./slot-errors.js";
import { startHeartbeat } from "./start-heartbeat.js";
import type { WireReply, WorkerClient, WorkerRpc } from "./worker-client.js";

/** One incarnation of a worker: a spawned process, or a remote address (no process). */
export interface StartedWorker {
  address: string;
  child?: ChildProcess;
}

/** Options for {@link WorkerSlot}. */
export interface WorkerSlotOptions {
  pool: string;
  index: number;
  proto: string;
  token: string;
  /** The id host functions use to reach this process over the worker's Callbacks stream. */
  host: string;
  /** Starts (or connects to) a fresh worker incarnation. */
  start: () => Promise<StartedWorker>;
  /** Calls running on the worker at once; more wait in the queue. */
  concurrency: number;
  /** Calls allowed to wait; one more fails with a `backpressure` error. */
  maxQueue: number;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  events: BridgeEvents;
  onCallback: CallbackHandler;
  /** The incarnation `generation` is gone; every session bound to it is lost. */
  onLost: (slot: WorkerSlot, generation: number, reason: string) => void;
}

/** Per-call options for {@link WorkerSlot.run}. */
export interface SlotRunOptions {
  session: string;
  /** The incarnation the session's objects live on. */
  generation: number;
  /** For unary calls the whole call; for streams the wait for each item. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A call's hold on a seat: settle it exactly once. */
interface Ticket {
  finish(error?: Error): void;
  /** Restarts the timeout (a stream produced an item). */
  touch(): void;
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
 * per-call timeouts and abort, watches it with heartbeats, keeps its Callbacks stream open, and
 * replaces it when it exits or stops answering. `generation` numbers incarnations, so a session
 * bound to a dead one is refused instead of silently running against a worker that never saw its
 * objects.
 *
 * @example
 * const slot = new WorkerSlot({ pool: "p", index: 0, proto, token, host, start, concurrency: 8, maxQueue: 64,
 *   heartbeatMs: 1000, heartbeatTimeoutMs: 3000, events, onCallback, onLost });
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
  #callbacks: { close(): void } | undefined;
  #running = 0;
  #calls = 0;
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
    const { proto, token, heartbeatTimeoutMs: timeoutMs } = this.#options;
    const client = await connectWorker({ proto, token, address: started.address, remote: !started.child, timeoutMs });
    if (this.#closed || generation !== this.generation) {
      client.close();
      started.child?.kill("SIGKILL");
      return;
    }
    this.#child = started.child;
    this.pid = started.child?.pid;
    this.#client = client;
    started.child?.once("exit", (code, signal) =>
      this.lose(generation, `worker process exited (code ${code}, signal ${signal})`),
    );
    this.#openCallbacks(generation);
    this.#ready = true;
    this.#emit({ type: "worker-start", address: started.address, pid: this.pid });
    this.#startHeartbeat(generation);
    this.#drain();
  }

  /**
   * Runs one unary RPC for a session; resolves with the raw reply message. Fails with a typed
   * {@link BridgeError}: `backpressure`, `timeout`, `worker_lost` (naming the session),
   * `session_lost`, or an {@link AbortError} when `signal` fires.
   */
  run(rpc: WorkerRpc, request: object, options: SlotRunOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let call: { cancel(): void } | undefined;
      const ticket = this.#enter(rpc, options, {
        fail: (error) => {
          call?.cancel();
          reject(error);
        },
        start: (client, remainingMs) => {
          // The gRPC deadline trails our timer, so callers see our typed timeout, not DEADLINE_EXCEEDED.
          call = client.unary(rpc, request, remainingMs + 1000, (error, reply) => {
            if (!error) {
              ticket.finish();
              resolve(reply);
            } else this.#transportFailed(error, options.session, ticket);
          });
        },
      });
    });
  }

  /**
   * Runs a `CallStream`: yields each reply as the worker produces it. Holds a seat until the
   * stream ends; breaking out of the loop cancels it (the worker stops iterating).
   */
  async *stream(request: object, options: SlotRunOptions): AsyncGenerator<WireReply> {
    const buffered: WireReply[] = [];
    let ended = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    let call: { cancel(): void } | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    const ticket = this.#enter("CallStream", options, {
      fail: (error) => {
        call?.cancel();
        failure = error;
        notify();
      },
      start: (client) => {
        const stream = client.stream(request);
        call = stream;
        stream.on("data", (reply: WireReply) => {
          ticket.touch();
          buffered.push(reply);
          notify();
        });
        stream.on("end", () => {
          ended = true;
          ticket.finish();
          notify();
        });
        stream.on("error", (error: ServiceError) => {
          if (!ended && error.code !== GrpcStatus.CANCELLED) this.#transportFailed(error, options.session, ticket);
        });
      },
    });
    try {
      while (true) {
        const next = buffered.shift();
        if (next) yield next;
        else if (failure) throw failure;
        else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      ticket.finish(new AbortError("stream closed by the consumer"));
    }
  }

  /**
   * Drops incarnation `generation` (it exited, or stopped answering heartbeats): kills it, fails
   * its in-flight and queued calls with `worker_lost` naming their sessions, reports the loss,
   * and starts a replacement. A stale generation is ignored.
   */
  lose(generation: number, reason: string): void {
    if (generation !== this.generation || this.#closed) return;
    this.#emit({ type: "worker-exit", pid: this.pid, reason });
    this.generation++;
    this.#ready = false;
    this.#stop();
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
    this.#options.onLost(this, generation, reason);
    this.#restart();
  }

  /** Stops the worker for good; pending calls fail with `pool_closed`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ready) this.#emit({ type: "worker-exit", pid: this.pid, reason: "pool closed" });
    this.#ready = false;
    const closed = new BridgeError("the worker pool is closed", { code: "pool_closed" });
    for (const entry of [...this.#inFlight]) entry.fail(closed);
    for (const waiter of [...this.#queue]) waiter.fail(closed);
    this.#stop();
  }

  #stop(): void {
    clearInterval(this.#heartbeat);
    this.#callbacks?.close();
    this.#callbacks = undefined;
    this.#child?.removeAllListeners("exit");
    this.#child?.kill("SIGKILL");
    this.#child = undefined;
    this.#client?.close();
    this.#client = undefined;
  }

  #enter(
    rpc: string,
    options: SlotRunOptions,
    handlers: { fail: (error: Error) => void; start: (client: WorkerClient, remainingMs: number) => void },
  ): Ticket {
    const { session, generation } = options;
    let settled = false;
    let acquired = false;
    let startedAt = 0;
    const call = ++this.#calls;
    const entry = { session, fail: (error: BridgeError) => ticket.finish(error) };
    const waiter: Waiter = { session, generation, start: () => begin(), fail: (error) => ticket.finish(error) };
    let deadline = Date.now() + options.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      deadline = Date.now() + options.timeoutMs;
      timer = setTimeout(() => {
        const message = `bridge call ${rpc} of session ${session} timed out after ${options.timeoutMs} ms`;
        ticket.finish(new BridgeError(message, { code: "timeout", session }));
      }, options.timeoutMs);
    };
    const onAbort = () => ticket.finish(abortError(options.signal));
    const ticket: Ticket = {
      touch: () => {
        if (!settled) arm();
      },
      finish: (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        this.#inFlight.delete(entry);
        const queued = this.#queue.indexOf(waiter);
        if (queued >= 0) {
          this.#queue.splice(queued, 1);
          this.#emitDepth();
        }
        if (acquired) {
          this.#running--;
          const end = { session, rpc, call, durationMs: Date.now() - startedAt };
          this.#emit({ type: "call-end", ...end, ...(error ? { error: errorCode(error) } : {}) });
          this.#drain();
        }
        if (error) handlers.fail(error);
      },
    };
    const begin = () => {
      const client = this.#client;
      if (!client || settled) return;
      acquired = true;
      startedAt = Date.now();
      this.#running++;
      this.#inFlight.add(entry);
      this.#emit({ type: "call-start", session, rpc, call });
      handlers.start(client, Math.max(1, deadline - Date.now()));
    };
    if (this.#closed) ticket.finish(new BridgeError("the worker pool is closed", { code: "pool_closed", session }));
    else if (generation !== this.generation)
      ticket.finish(new SessionLostError(session, `worker ${this.index} was replaced`));
    else if (options.signal?.aborted) ticket.finish(abortError(options.signal));
    else if (this.#ready && this.#running < this.#options.concurrency && this.#queue.length === 0) {
      arm();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      begin();
    } else if (this.#queue.length >= this.#options.maxQueue) {
      const message = `worker ${this.index} queue is full (${this.#options.maxQueue} waiting); retry later`;
      ticket.finish(new BridgeError(message, { code: "backpressure", session }));
    } else {
      arm();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(waiter);
      this.#emitDepth();
    }
    return ticket;
  }

  #transportFailed(error: ServiceError, session: string, ticket: Ticket): void {
    if (this.#child && isTransportLoss(error)) {
      // The process is probably dying: let its exit report worker_lost, else report this.
      setTimeout(() => ticket.finish(transportError(error, session)), EXIT_GRACE_MS).unref();
      return;
    }
    ticket.finish(transportError(error, session));
  }

  #restart(): void {
    this.boot().catch(() => {
      // A failed replacement retries; calls waiting for it keep their own timeouts.
      if (!this.#closed) setTimeout(() => this.#restart(), RESTART_DELAY_MS).unref();
    });
  }

  #drain(): void {
    let started = false;
    while (this.#ready && this.#running < this.#options.concurrency) {
      const next = this.#queue.shift();
      if (!next) break;
      started = true;
      next.start();
    }
    if (started) this.#emitDepth();
  }

  #openCallbacks(generation: number): void {
    const client = this.#client;
    if (!client || generation !== this.generation || this.#closed) return;
    this.#callbacks = openCallbackChannel(client, this.#options.host, this.#options.onCallback, () => {
      // A broken stream on a live worker is reopened; a dead worker is noticed by exit/heartbeat.
      setTimeout(() => {
        if (this.#client === client) this.#openCallbacks(generation);
      }, RESTART_DELAY_MS).unref();
    });
  }

  #startHeartbeat(generation: number): void {
    this.#heartbeat = startHeartbeat({
      client: () => (generation === this.generation ? this.#client : undefined),
      intervalMs: this.#options.heartbeatMs,
      timeoutMs: this.#options.heartbeatTimeoutMs,
      onHung: (why) => this.lose(generation, why),
    });
  }

  #emitDepth(): void {
    this.#emit({ type: "queue-depth", depth: this.#queue.length, running: this.#running });
  }

  #emit(event: DistributiveOmit<BridgeEvent, "pool" | "worker" | "generation">): void {
    const base = { pool: this.#options.pool, worker: this.index, generation: this.generation };
    this.#options.events.emit({ ...base, ...event } as BridgeEvent);
  }
}
