import { EventEmitter, on } from "node:events";

/** Which seat of which pool an event is about. */
interface WorkerEventBase {
  pool: string;
  /** The worker's index in its pool. */
  worker: number;
  /** The worker incarnation (bumped on every replacement). */
  generation: number;
}

/** Telemetry of a worker pool; `type` names it (noun-verb, like job events). */
export type BridgeEvent =
  | (WorkerEventBase & { type: "worker-start"; address: string; pid: number | undefined })
  | (WorkerEventBase & { type: "worker-exit"; pid: number | undefined; reason: string })
  | (WorkerEventBase & { type: "call-start"; session: string; rpc: string; call: number })
  | (WorkerEventBase & {
      type: "call-end";
      session: string;
      rpc: string;
      call: number;
      durationMs: number;
      /** The error's code (`timeout`, `worker_lost`, `aborted`, ...) when the call failed. */
      error?: string;
    })
  | (WorkerEventBase & { type: "queue-depth"; depth: number; running: number });

/**
 * The event hub of one or more worker pools: `on(listener)` for callbacks, `stream()` for an
 * async iterator. Emitting with no listener costs one property read.
 *
 * @example
 * const pool = await WorkerPool.start({ size: 2 });
 * const stop = pool.events.on((event) => { if (event.type === "worker-exit") console.warn(event.reason); });
 * for await (const event of pool.events.stream({ signal })) console.log(event.type);
 */
export class BridgeEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  /** Calls `listener` for every event until the returned function is called. */
  on(listener: (event: BridgeEvent) => void): () => void {
    this.#emitter.on("event", listener);
    return () => this.#emitter.off("event", listener);
  }

  /** Every event from now on as an async iterator; ends when `signal` aborts. */
  async *stream(options: { signal?: AbortSignal } = {}): AsyncGenerator<BridgeEvent> {
    try {
      for await (const [event] of on(this.#emitter, "event", options.signal ? { signal: options.signal } : {})) {
        yield event as BridgeEvent;
      }
    } catch (error) {
      if (!options.signal?.aborted) throw error;
    }
  }

  /** Sends an event to every listener. */
  emit(event: BridgeEvent): void {
    if (this.#emitter.listenerCount("event") > 0) this.#emitter.emit("event", event);
  }
}
