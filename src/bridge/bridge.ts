import { BridgeError } from "./bridge-error.js";
import { BridgedModule } from "./bridged-module.js";
import type { DspyInits, DspyMethods } from "./generated/index.js";
import { PyRef } from "./py-ref.js";
import type { BridgeCallOptions, Session } from "./session.js";
import { WorkerPool, type WorkerPoolOptions } from "./worker-pool.js";

/** The LM a bridge configures in Python, as `dspy.LM(model, api_base=..., api_key=..., ...)`. */
export interface BridgeLMConfig {
  /** A LiteLLM model string, e.g. `"openai/gpt-4o-mini"`. */
  model: string;
  /** Base URL of an OpenAI-compatible server, e.g. `"http://127.0.0.1:8000/v1"`. */
  apiBase?: string;
  apiKey?: string;
  /** DSPy's LM cache (on disk in the worker); DSPy's default is true. */
  cache?: boolean;
  /** Further keyword arguments for `dspy.LM` (snake_case, e.g. `{ temperature: 0 }`). */
  kwargs?: Record<string, unknown>;
}

/**
 * The Python DSPy bridge facade: one session on a worker pool, where the configured LM and the
 * modules you create live. Use it for DSPy features not ported yet, or to run both side by side.
 *
 * @example
 * const bridge = await Bridge.start({ size: 1 });
 * await bridge.configure({ lm: { model: "openai/gpt-4o-mini", apiBase: server.baseURL, apiKey: "x", cache: false } });
 * const qa = await bridge.predict("question -> answer");
 * console.log(await qa.call({ question: "2+2?" })); // { answer: "4" }
 * await bridge.close();
 */
export class Bridge {
  readonly session: Session;
  readonly #ownedPool: WorkerPool | undefined;

  /** A bridge on an existing pool (which it does not close). */
  constructor(pool: WorkerPool, ownedPool?: WorkerPool) {
    this.session = pool.session();
    this.#ownedPool = ownedPool;
  }

  /**
   * Starts a pool of its own (closed by {@link Bridge.close}) and opens a bridge on it.
   *
   * @example
   * const bridge = await Bridge.start({ size: 1, callTimeoutMs: 30_000 });
   */
  static async start(options: WorkerPoolOptions = {}): Promise<Bridge> {
    const pool = await WorkerPool.start(options);
    return new Bridge(pool, pool);
  }

  /**
   * Creates `dspy.LM` in the worker and makes it this session's LM (applied to every call of the
   * session with `dspy.context`); returns the LM's ref.
   *
   * @example
   * await bridge.configure({ lm: { model: "openai/gpt-4o-mini", apiKey: process.env.OPENAI_API_KEY } });
   */
  async configure(settings: { lm: BridgeLMConfig }, options: BridgeCallOptions = {}): Promise<PyRef> {
    const lm = await this.lm(settings.lm, options);
    await this.session.call("__bridge__", "configure", [], { lm }, options);
    return lm;
  }

  /**
   * Creates a `dspy.LM` in the worker without configuring it.
   *
   * @example
   * const lm = await bridge.lm({ model: "openai/gpt-4o-mini" });
   */
  async lm(config: BridgeLMConfig, options: BridgeCallOptions = {}): Promise<PyRef> {
    const kwargs: Record<string, unknown> = { ...config.kwargs };
    if (config.apiBase !== undefined) kwargs.api_base = config.apiBase;
    if (config.apiKey !== undefined) kwargs.api_key = config.apiKey;
    if (config.cache !== undefined) kwargs.cache = config.cache;
    return expectRef(await this.session.call("dspy", "LM", [config.model], kwargs, options), "dspy.LM");
  }

  /**
   * `dspy.Predict(signature)` in the worker.
   *
   * @example
   * const qa = await bridge.predict("question -> answer");
   */
  async predict(signature: string, options: BridgeCallOptions = {}): Promise<BridgedModule> {
    const ref = expectRef(await this.session.call("dspy", "Predict", [signature], {}, options), "dspy.Predict");
    return new BridgedModule(this.session, ref);
  }

  /**
   * `dspy.ChainOfThought(signature)` in the worker.
   *
   * @example
   * const cot = await bridge.chainOfThought("question -> answer");
   */
  async chainOfThought(signature: string, options: BridgeCallOptions = {}): Promise<BridgedModule> {
    const result = await this.session.call("dspy", "ChainOfThought", [signature], {}, options);
    return new BridgedModule(this.session, expectRef(result, "dspy.ChainOfThought"));
  }

  /**
   * `dspy.<className>(**kwargs)` in the worker, with the keyword arguments typed from the
   * installed DSPy (src/bridge/generated, introspected from dspy 3.4.1).
   *
   * @example
   * const evaluate = await bridge.create("Evaluate", { devset, metric, num_threads: 4 });
   */
  async create<K extends keyof DspyInits>(
    className: K,
    kwargs: DspyInits[K],
    options: BridgeCallOptions = {},
  ): Promise<PyRef> {
    const value = await this.session.call("dspy", className, [], kwargs as Record<string, unknown>, options);
    return expectRef(value, `dspy.${className}`);
  }

  /**
   * `ref.method(**kwargs)` on an object of DSPy class `className`, with the method name and its
   * keyword arguments typed from the installed DSPy (src/bridge/generated).
   *
   * @example
   * await bridge.invoke("Predict", qa.ref, "load_state", { state });
   */
  invoke<K extends keyof DspyMethods, M extends keyof DspyMethods[K] & string>(
    _className: K,
    ref: PyRef,
    method: M,
    kwargs: DspyMethods[K][M],
    options: BridgeCallOptions = {},
  ): Promise<unknown> {
    return this.session.method(ref, method, [], kwargs as Record<string, unknown>, options);
  }

  /** Pass-through: `module.fn(*args, **kwargs)`; see {@link Session.call}. */
  call(module: string, fn: string, args?: unknown[], kwargs?: Record<string, unknown>, options?: BridgeCallOptions) {
    return this.session.call(module, fn, args, kwargs, options);
  }

  /** Pass-through: `ref.name(*args, **kwargs)`; see {@link Session.method}. */
  method(ref: PyRef, name: string, args?: unknown[], kwargs?: Record<string, unknown>, options?: BridgeCallOptions) {
    return this.session.method(ref, name, args, kwargs, options);
  }

  /** Pass-through: `ref.name`; see {@link Session.attr}. */
  attr(ref: PyRef, name: string, options?: BridgeCallOptions) {
    return this.session.attr(ref, name, options);
  }

  /** Releases refs now; see {@link Session.release}. */
  release(...refs: PyRef[]): Promise<void> {
    return this.session.release(...refs);
  }

  /** Ends the session, and stops the pool when {@link Bridge.start} made it. */
  async close(): Promise<void> {
    await this.session.end();
    await this.#ownedPool?.close();
  }
}

function expectRef(value: unknown, what: string): PyRef {
  if (value instanceof PyRef) return value;
  throw new BridgeError(`expected a ${what} ref from the worker, got ${JSON.stringify(value)}`, { code: "transport" });
}
