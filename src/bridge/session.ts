import { AbortError } from "../errors/abort-error.js";
import { BridgeError, SessionLostError } from "./bridge-error.js";
import type { PyRef } from "./py-ref.js";
import { decodeResult, encodeArgs } from "./wire.js";
import type { WireReply } from "./worker-client.js";
import type { WorkerSlot } from "./worker-slot.js";

/** Per-call options of a bridged call. */
export interface BridgeCallOptions {
  /** Overrides the pool's `callTimeoutMs`. */
  timeoutMs?: number;
  /** Cancels the wait. Python cannot be interrupted mid-call, so the worker finishes it and drops the result. */
  signal?: AbortSignal;
}

/** What a session needs from its pool. */
export interface SessionHost {
  callTimeoutMs: number;
  idleTimeoutMs: number;
  ended: (session: Session) => void;
}

/**
 * A conversation with one worker: every call of a session goes to the same worker, where its
 * Python objects live. Ends explicitly with `end()` or after `idleTimeoutMs` without calls; if its
 * worker is lost, every later call fails at once with {@link SessionLostError}.
 *
 * @example
 * const session = pool.session();
 * const predict = await session.call("dspy", "Predict", ["question -> answer"]);
 * await session.end();
 */
export class Session {
  readonly id: string;
  readonly slot: WorkerSlot;
  /** The worker incarnation the session's objects live on. */
  readonly generation: number;
  readonly #host: SessionHost;
  #lost: string | undefined;
  #ended = false;
  #idle: NodeJS.Timeout | undefined;
  #active = 0;
  readonly #registry = new FinalizationRegistry<string>((id) => this.#releaseQuietly([id]));

  constructor(id: string, slot: WorkerSlot, host: SessionHost) {
    this.id = id;
    this.slot = slot;
    this.generation = slot.generation;
    this.#host = host;
    this.#touch();
  }

  /** Whether the session's worker was lost (its objects are gone). */
  get lost(): boolean {
    return this.#lost !== undefined;
  }

  /** Whether the session was ended. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Calls `module.fn(*args, **kwargs)` in the worker, e.g. `("dspy", "Predict", ["q -> a"])`.
   *
   * @example
   * await session.call("math", "sqrt", [16]); // 4
   */
  async call(
    module: string,
    fn: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    options: BridgeCallOptions = {},
  ): Promise<unknown> {
    return this.#invoke("Call", { module, function: fn, args, kwargs }, options);
  }

  /**
   * Calls `ref.name(*args, **kwargs)`; an empty name calls the object itself.
   *
   * @example
   * const prediction = await session.method(predict, "__call__", [], { question: "2+2?" });
   */
  async method(
    ref: PyRef,
    name: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    options: BridgeCallOptions = {},
  ): Promise<unknown> {
    return this.#invoke("Call", { ref: this.#own(ref).id, method: name, args, kwargs }, options);
  }

  /**
   * Reads `ref.name`.
   *
   * @example
   * await session.attr(predict, "demos"); // []
   */
  async attr(ref: PyRef, name: string, options: BridgeCallOptions = {}): Promise<unknown> {
    return this.#invoke("GetAttr", { ref: this.#own(ref).id, name }, options);
  }

  /**
   * Releases refs in the worker now (instead of at session end or garbage collection).
   *
   * @example
   * await session.release(predict);
   */
  async release(...refs: PyRef[]): Promise<void> {
    for (const ref of refs) this.#registry.unregister(ref);
    if (this.#lost || this.#ended || refs.length === 0) return;
    await this.#rpc("Release", { session: this.id, refs: refs.map((ref) => this.#own(ref).id) }, {});
  }

  /**
   * Ends the session: the worker drops its objects. Safe to call twice; a lost session just ends.
   *
   * @example
   * await session.end();
   */
  async end(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#idle);
    this.#host.ended(this);
    if (this.#lost) return;
    await this.#rpc("EndSession", { session: this.id }, { timeoutMs: 5000 }).catch(() => {});
  }

  /** Marks the session lost; called by the pool when its worker incarnation is gone. */
  markLost(reason: string): void {
    this.#lost ??= reason;
    clearTimeout(this.#idle);
    this.#host.ended(this);
  }

  async #invoke(
    rpc: "Call" | "GetAttr",
    payload: {
      module?: string;
      function?: string;
      ref?: string;
      method?: string;
      name?: string;
      args?: unknown[];
      kwargs?: Record<string, unknown>;
    },
    options: BridgeCallOptions,
  ): Promise<unknown> {
    const { args, kwargs, ...rest } = payload;
    const request = {
      session: this.id,
      ...rest,
      ...(args ? { args_json: encodeArgs(args, this.id) } : {}),
      ...(kwargs ? { kwargs_json: encodeArgs(kwargs, this.id) } : {}),
    };
    const reply = (await this.#rpc(rpc, request, options)) as WireReply;
    if (reply.error) {
      const { type, message, traceback } = reply.error;
      throw new BridgeError(`Python raised ${type} in session ${this.id}: ${message}`, {
        code: "python_error",
        session: this.id,
        pythonType: type,
        traceback,
      });
    }
    return decodeResult(reply.value_json, this.id, (ref) => this.#registry.register(ref, ref.id, ref));
  }

  async #rpc(rpc: "Call" | "GetAttr" | "Release" | "EndSession", request: object, options: BridgeCallOptions) {
    if (this.#lost) throw new SessionLostError(this.id, this.#lost);
    if (this.#ended && rpc !== "EndSession") {
      throw new BridgeError(`bridge session ${this.id} has ended`, { code: "session_ended", session: this.id });
    }
    if (options.signal?.aborted) throw new AbortError("bridge call aborted", { reason: options.signal.reason });
    clearTimeout(this.#idle);
    this.#active++;
    try {
      return await this.slot.run(rpc, request, {
        session: this.id,
        generation: this.generation,
        timeoutMs: options.timeoutMs ?? this.#host.callTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } finally {
      this.#active--;
      this.#touch();
    }
  }

  #own(ref: PyRef): PyRef {
    if (ref.session !== this.id) {
      throw new BridgeError(`ref ${ref.id} (${ref.type}) belongs to session ${ref.session}, not ${this.id}`, {
        code: "transport",
        session: this.id,
      });
    }
    return ref;
  }

  #touch(): void {
    clearTimeout(this.#idle);
    // Idle means no call in flight: a long call must not see its session end under it.
    if (this.#ended || this.#lost || this.#active > 0) return;
    this.#idle = setTimeout(() => void this.end(), this.#host.idleTimeoutMs);
    this.#idle.unref();
  }

  #releaseQuietly(ids: string[]): void {
    if (this.#lost || this.#ended) return;
    // Garbage collection runs at arbitrary times: a failed release only means the worker keeps
    // the object until the session ends.
    this.slot
      .run(
        "Release",
        { session: this.id, refs: ids },
        { session: this.id, generation: this.generation, timeoutMs: 5000 },
      )
      .catch(() => {});
  }
}
