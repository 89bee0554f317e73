import { AbortError } from "../errors/abort-error.js";
import { BridgeError, SessionLostError } from "./bridge-error.js";
import { type HostHandler, type HostLMFunction, type HostToolSpec, runHostFunction } from "./host-functions.js";
import { PyRef } from "./py-ref.js";
import { decodeValue, encodeValue } from "./wire.js";
import type { WireCallbackReply, WireCallbackRequest, WireReply } from "./worker-client.js";
import type { WorkerSlot } from "./worker-slot.js";

/** Options for registering a host function. */
export interface HostFunctionOptions extends BridgeCallOptions {
  /**
   * How long Python waits for each answer before raising `HostCallbackError` (default: no
   * limit). Bounds how long a Python thread can be held by a TypeScript function that never
   * answers, since a timed-out or aborted outer call does not stop the Python code waiting.
   */
  answerTimeoutMs?: number;
}

/** Per-call options of a bridged call. */
export interface BridgeCallOptions {
  /** Overrides the pool's `callTimeoutMs` (for streams: the wait for each item). */
  timeoutMs?: number;
  /** Cancels the call. Python cannot be interrupted mid-call, so the worker finishes it and drops the result. */
  signal?: AbortSignal;
}

/** What a session needs from its pool. */
export interface SessionHost {
  callTimeoutMs: number;
  idleTimeoutMs: number;
  /** The id the worker's Callbacks stream knows this process by. */
  hostId: string;
  ended: (session: Session) => void;
}

type CallPayload = {
  module?: string;
  function?: string;
  ref?: string;
  method?: string;
  name?: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
};

/** Refs released per Release call when garbage collection frees many at once. */
const RELEASE_BATCH = 1000;

/**
 * A conversation with one worker: every call of a session goes to the same worker, where its
 * Python objects live. Ends explicitly with `end()` or after `idleTimeoutMs` without calls; if its
 * worker is lost, every later call fails at once with {@link SessionLostError}. Refs it hands out
 * are released in batches when their handles are garbage-collected.
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
  readonly #hostFunctions = new Map<string, HostHandler>();
  #collected: string[] = [];
  readonly #registry = new FinalizationRegistry<string>((id) => this.#collect(id));

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
   * Bytes in the arguments cross as raw bytes; bytes in the result come back as `Uint8Array`.
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
   * Calls a Python function returning an iterator (a generator, or an async generator such as
   * `dspy.streamify`'s) and yields its items as they come. `timeoutMs` bounds the wait for each
   * item; breaking out of the loop or aborting stops the iteration in Python.
   *
   * @example
   * for await (const n of session.stream("itertools", "islice", [counter, 3])) console.log(n);
   */
  stream(
    module: string,
    fn: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    options: BridgeCallOptions = {},
  ): AsyncGenerator<unknown> {
    return this.#stream({ module, function: fn, args, kwargs }, options);
  }

  /**
   * Like {@link Session.stream}, for a method of a ref (an empty name calls the object itself,
   * e.g. the program `dspy.streamify` returns).
   *
   * @example
   * for await (const chunk of session.streamMethod(streamingProgram, "", [], { question })) console.log(chunk);
   */
  streamMethod(
    ref: PyRef,
    name: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    options: BridgeCallOptions = {},
  ): AsyncGenerator<unknown> {
    return this.#stream({ ref: this.#own(ref).id, method: name, args, kwargs }, options);
  }

  async *#stream(payload: CallPayload, options: BridgeCallOptions): AsyncGenerator<unknown> {
    this.#check(options);
    const request = this.#request(payload);
    this.#active++;
    clearTimeout(this.#idle);
    try {
      const replies = this.slot.stream(request, this.#slotOptions(options));
      for await (const reply of replies) yield this.#decode(reply);
    } finally {
      this.#active--;
      this.#touch();
    }
  }

  /**
   * Makes a TypeScript function callable from Python in this session (e.g. a metric for
   * `dspy.Evaluate`); resolves with the Python callable's ref. Python passes positional
   * arguments, plus keyword arguments as a last object when there are any.
   *
   * @example
   * const metric = await session.hostFunction("exact", (example, prediction) => example.answer === prediction.answer);
   * await session.call("dspy", "Evaluate", [], { devset, metric });
   */
  // biome-ignore lint/suspicious/noExplicitAny: host functions receive whatever Python passes.
  hostFunction(name: string, fn: (...args: any[]) => unknown, options: HostFunctionOptions = {}): Promise<PyRef> {
    this.#hostFunctions.set(name, (args, kwargs) =>
      Object.keys(kwargs).length > 0 ? fn(...args, kwargs) : fn(...args),
    );
    return this.#expectRef(this.call("__bridge__", "host_function", [], this.#hostKwargs(name, options), options));
  }

  /**
   * Makes a TypeScript tool usable by Python DSPy (a `dspy.Tool`, e.g. for `dspy.ReAct`).
   *
   * @example
   * const search = await session.hostTool({ name: "search", description: "Looks up a fact.",
   *   args: { query: { type: "string" } }, fn: ({ query }) => facts[String(query)] });
   */
  hostTool(spec: HostToolSpec, options: HostFunctionOptions = {}): Promise<PyRef> {
    this.#hostFunctions.set(spec.name, (args, kwargs) => {
      if (args.length > 0) throw new Error(`tool ${spec.name} takes keyword arguments only`);
      return spec.fn(kwargs);
    });
    const kwargs = { ...this.#hostKwargs(spec.name, options), desc: spec.description, args: spec.args };
    return this.#expectRef(this.call("__bridge__", "host_tool", [], kwargs, options));
  }

  /**
   * Makes a TypeScript function the LM of Python DSPy code: a `dspy.BaseLM` subclass in the
   * worker forwards each request's messages here and wraps the returned text as a completion.
   * Configure it with `session.call("__bridge__", "configure", [], { lm })` or pass it as `lm=`.
   *
   * @example
   * const lm = await session.hostLM("scripted", ({ messages }) => "[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]");
   */
  hostLM(name: string, fn: HostLMFunction, options: HostFunctionOptions & { model?: string } = {}): Promise<PyRef> {
    this.#hostFunctions.set(name, (args) => {
      const [messages, kwargs] = args as [HostLMRequest["messages"], Record<string, unknown>];
      return fn({ messages, kwargs: kwargs ?? {} });
    });
    const kwargs = { ...this.#hostKwargs(name, options), model: options.model ?? `host/${name}` };
    return this.#expectRef(this.call("__bridge__", "host_lm", [], kwargs, options));
  }

  #hostKwargs(name: string, options: HostFunctionOptions): Record<string, unknown> {
    const timeout = options.answerTimeoutMs === undefined ? null : options.answerTimeoutMs / 1000;
    return { host: this.#host.hostId, name, timeout };
  }

  /** Runs a host function Python called; used by the pool's callback routing. */
  runHostFunction(request: WireCallbackRequest): Promise<WireCallbackReply> {
    const handler = this.#ended || this.#lost ? undefined : this.#hostFunctions.get(request.name);
    return runHostFunction(request, handler, this.id, (ref) => this.#registry.register(ref, ref.id, ref));
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
    this.#hostFunctions.clear();
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

  #request(payload: CallPayload): object {
    const { args, kwargs, ...rest } = payload;
    const blobs: Uint8Array[] = [];
    const encode = (value: unknown) => encodeValue(value, this.id, blobs).json;
    return {
      session: this.id,
      ...rest,
      ...(args ? { args_json: encode(args) } : {}),
      ...(kwargs ? { kwargs_json: encode(kwargs) } : {}),
      blobs,
    };
  }

  #decode(reply: WireReply): unknown {
    if (reply.error) {
      const { type, message, traceback } = reply.error;
      throw new BridgeError(`Python raised ${type} in session ${this.id}: ${message}`, {
        code: "python_error",
        session: this.id,
        pythonType: type,
        traceback,
      });
    }
    return decodeValue({ json: reply.value_json, blobs: reply.blobs ?? [] }, this.id, (ref) =>
      this.#registry.register(ref, ref.id, ref),
    );
  }

  async #invoke(rpc: "Call" | "GetAttr", payload: CallPayload, options: BridgeCallOptions): Promise<unknown> {
    const request = this.#request(payload);
    return this.#decode((await this.#rpc(rpc, request, options)) as WireReply);
  }

  #check(options: BridgeCallOptions, rpc = "Call"): void {
    if (this.#lost) throw new SessionLostError(this.id, this.#lost);
    if (this.#ended && rpc !== "EndSession") {
      throw new BridgeError(`bridge session ${this.id} has ended`, { code: "session_ended", session: this.id });
    }
    if (options.signal?.aborted) throw new AbortError("bridge call aborted", { reason: options.signal.reason });
  }

  #slotOptions(options: BridgeCallOptions) {
    return {
      session: this.id,
      generation: this.generation,
      timeoutMs: options.timeoutMs ?? this.#host.callTimeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    };
  }

  async #rpc(rpc: "Call" | "GetAttr" | "Release" | "EndSession", request: object, options: BridgeCallOptions) {
    this.#check(options, rpc);
    clearTimeout(this.#idle);
    this.#active++;
    try {
      return await this.slot.run(rpc, request, this.#slotOptions(options));
    } finally {
      this.#active--;
      this.#touch();
    }
  }

  async #expectRef(result: Promise<unknown>): Promise<PyRef> {
    const value = await result;
    if (value instanceof PyRef) return value;
    throw new BridgeError(`expected a ref from the worker, got ${JSON.stringify(value)}`, { code: "transport" });
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

  #collect(id: string): void {
    if (this.#lost || this.#ended) return;
    // Handles die in bursts; one Release per burst, sent after the finalizers of this turn ran.
    if (this.#collected.push(id) === 1) setImmediate(() => this.#flushCollected());
  }

  #flushCollected(): void {
    const ids = this.#collected;
    this.#collected = [];
    if (this.#lost || this.#ended) return;
    for (let start = 0; start < ids.length; start += RELEASE_BATCH) {
      // Garbage collection runs at arbitrary times: a failed release only means the worker keeps
      // the objects until the session ends.
      const batch = ids.slice(start, start + RELEASE_BATCH);
      this.slot
        .run(
          "Release",
          { session: this.id, refs: batch },
          { session: this.id, generation: this.generation, timeoutMs: 5000 },
        )
        .catch(() => {});
    }
  }
}

type HostLMRequest = Parameters<HostLMFunction>[0];
