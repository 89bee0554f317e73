import { DSPyError } from "../errors/dspy-error.js";
import { HistoryLog } from "../primitives/history-log.js";
import { type BaseCallback, withCallbacks } from "../utils/callback.js";
import { randomUUID } from "../utils/lazy-module.js";
import type { BaseLM, LMCallOptions, LMOutput } from "./base-lm.js";
import { type CacheLogger, LMCache } from "./cache.js";
import type { CallResult } from "./call-result.js";
import { formatHistory } from "./inspect-history.js";
import { type LMHistoryEntry, type LMUsage, pythonIsoTimestamp, redactKwargs } from "./lm-history.js";
import { initialKwargs, type LMOptions } from "./lm-options.js";
import type * as Runtime from "./lm-runtime.js";
import type { Message } from "./message.js";
import { modelCapabilities, providerName } from "./model-capabilities.js";
import { type LanguageModelObject, modelNameOf } from "./model-name-of.js";
import { recordLMCall } from "./record-lm-call.js";
import type { ResolvedModel } from "./resolve-model.js";
import { sumUsage } from "./usage.js";

// Loaded on the first request (see lm-runtime.ts); `runtime()` is only used after that await.
let loading: Promise<typeof Runtime> | undefined;
let loaded: typeof Runtime | undefined;
async function loadRuntime(): Promise<typeof Runtime> {
  loading ??= import("./lm-runtime.js").then((module) => {
    loaded = module;
    return module;
  });
  return loaded ?? (await loading);
}
function runtime(): typeof Runtime {
  if (!loaded) throw new DSPyError("the LM runtime is used before it was loaded", { code: "internal" });
  return loaded;
}

/** One completion as {@link LM.call} returns it: DSPy's output plus the usage of its request. */
export interface LMCallOutput extends LMOutput {
  /** Usage of the request that produced this output; `{}` when served from the cache or a shared call. */
  usage: LMUsage;
}

/**
 * DSPy's `dspy.LM` on the Vercel AI SDK: a provider string (`"openai/gpt-4o-mini"`,
 * `"anthropic/…"`, `"gemini/…"`, `"ollama_chat/…"`, …) or an AI SDK model object; DSPy's kwargs
 * merge (call over defaults), response cache with DSPy's cache keys, retries with backoff that
 * honours `Retry-After`, per-attempt timeout, abort, and a history without credentials.
 *
 * @example
 * const lm = new LM("openai/gpt-4o-mini", { temperature: 0, maxTokens: 1000 });
 * const [first] = await lm.call([{ role: "user", content: "Say hi" }], {});
 * lm.inspectHistory(1);
 */
export class LM implements BaseLM {
  readonly model: string;
  /** DSPy's `model_type`: `"chat"` or `"text"` (see {@link LMOptions.modelType}). */
  readonly modelType: "chat" | "text";
  readonly kwargs: Record<string, unknown>;
  readonly cache: boolean;
  readonly numRetries: number;
  readonly supportedParams: ReadonlySet<string>;
  readonly supportsResponseSchema: boolean;
  readonly supportsFunctionCalling: boolean;
  readonly #history = new HistoryLog<LMHistoryEntry>({ maxSize: Number.POSITIVE_INFINITY });
  /** Callbacks for this LM's calls only, run after the global ones (DSPy's `callbacks=`). */
  callbacks: BaseCallback[];
  readonly #options: LMOptions;
  readonly #languageModel: LanguageModelObject | undefined;
  readonly #cacheStore: LMCache;
  readonly #resolved = new Map<string, ResolvedModel>();
  readonly #logger: CacheLogger;
  readonly #warned = new Set<string>();

  constructor(model: string | LanguageModelObject, options: LMOptions = {}) {
    this.#languageModel = typeof model === "string" ? undefined : model;
    this.model = typeof model === "string" ? model : modelNameOf(model);
    if (!this.model) throw new DSPyError("model must be a non-empty string", { code: "invalid_argument" });
    if (this.model.endsWith("/") && this.model.indexOf("/") === this.model.length - 1) {
      throw new DSPyError(`model ${JSON.stringify(this.model)} has a provider prefix but no model id after it`, {
        code: "invalid_argument",
      });
    }
    const numRetries = options.numRetries ?? 3;
    if (!Number.isInteger(numRetries) || numRetries < 0) {
      throw new DSPyError("num_retries must be a nonnegative integer", { code: "invalid_argument" });
    }
    const modelType = options.modelType ?? "chat";
    if (modelType !== "chat" && modelType !== "text") {
      throw new DSPyError(`model_type must be "chat" or "text", not ${JSON.stringify(modelType)}`, {
        code: "invalid_argument",
      });
    }
    this.modelType = modelType;
    this.#options = options;
    this.callbacks = [...(options.callbacks ?? [])];
    this.cache = options.cache ?? true;
    this.numRetries = numRetries;
    this.kwargs = initialKwargs(this.model, options);
    const capabilities = modelCapabilities(this.model);
    this.supportedParams = new Set(options.supportedParams ?? capabilities.supportedParams);
    this.supportsResponseSchema = options.supportsResponseSchema ?? capabilities.supportsResponseSchema;
    this.supportsFunctionCalling = options.supportsFunctionCalling ?? this.supportedParams.has("tools");
    this.#logger = options.logger ?? { warn: (message) => process.emitWarning(message, { code: "DSPY_LM" }) };
    this.#cacheStore = options.cacheStore ?? new LMCache({ logger: this.#logger, env: options.env });
  }

  /** Calls made through this LM, oldest first (bounded by `maxHistorySize`). */
  get history(): LMHistoryEntry[] {
    return this.#history.entries as LMHistoryEntry[];
  }

  /**
   * Sends one chat request (or `n` independent ones) and returns one output per completion.
   * `kwargs` override the LM's defaults; `cache: false` in them bypasses the cache. Fires the
   * `onLmStart`/`onLmEnd` callbacks, reports usage to the tracker in scope and records the call
   * in this LM's, the context's and the running modules' histories.
   *
   * @example
   * const outputs = await lm.call(messages, { temperature: 0.7, n: 3 }, { signal: AbortSignal.timeout(10_000) });
   */
  call(
    messages: Message[],
    kwargs: Record<string, unknown> = {},
    options: LMCallOptions = {},
  ): Promise<LMCallOutput[]> {
    // DSPy's `__call__(prompt=None, *, messages=None, **kwargs)` arguments, by name.
    const inputs = { prompt: null, messages, kwargs };
    return withCallbacks("lm", this, inputs, () => this.#call(messages, kwargs, options), "__call__");
  }

  async #call(messages: Message[], kwargs: Record<string, unknown>, options: LMCallOptions): Promise<LMCallOutput[]> {
    const { lmCacheKey, lmCacheRequest } = await loadRuntime();
    const { merged, n, useCache } = this.#prepare(kwargs);
    let result: CallResult;
    // A call served by the cache, or by joining an identical call in flight, bills nothing.
    let cacheHit = false;
    if (useCache) {
      const key = lmCacheKey(lmCacheRequest(this.model, messages, merged, this.#fnIdentifier));
      const compute = (signal: AbortSignal) => this.#execute(messages, merged, n, signal);
      const lookup = await this.#cacheStore.getOrCompute(key, compute, { signal: options.signal });
      result = lookup.value;
      cacheHit = lookup.cacheHit || lookup.shared;
    } else {
      result = await this.#execute(messages, merged, n, options.signal);
    }
    return this.#record(messages, kwargs, result, cacheHit);
  }

  /**
   * The same request streamed (`n` completions one after the other): yields text deltas, returns
   * what {@link call} would. Same cache (a hit replays each text as one chunk), history, retries
   * (only before the first delta: sent text cannot be taken back) and timeout; no callbacks.
   * Stopping the iteration, or aborting `options.signal`, closes the HTTP stream.
   *
   * @example
   * for await (const delta of lm.stream([{ role: "user", content: "Tell a story" }])) write(delta);
   */
  async *stream(
    messages: Message[],
    kwargs: Record<string, unknown> = {},
    options: LMCallOptions = {},
  ): AsyncGenerator<string, LMCallOutput[], undefined> {
    const { lmCacheKey, lmCacheRequest, streamCompletions, toModelMessages, collectAttempts } = await loadRuntime();
    const { merged, n, useCache } = this.#prepare(kwargs);
    const key = useCache ? lmCacheKey(lmCacheRequest(this.model, messages, merged, this.#fnIdentifier)) : undefined;
    const cached = key === undefined ? undefined : this.#cacheStore.get<CallResult>(key);
    if (cached) {
      for (const output of cached.outputs) if (output.text) yield output.text;
      return this.#record(messages, kwargs, cached, true);
    }
    const resolved = this.#resolve(merged);
    const { initialMs, maxMs } = this.#options.retryDelay ?? {};
    const attempts = yield* streamCompletions({
      model: this.model,
      resolved,
      messages: toModelMessages(messages),
      settings: this.#settings(merged, resolved),
      n,
      signal: options.signal,
      timeoutMs: this.#options.timeoutMs,
      retry: { retries: this.numRetries, initialDelayMs: initialMs, maxDelayMs: maxMs },
    });
    const result = collectAttempts(attempts, this.#logger);
    if (key !== undefined) this.#cacheStore.set(key, result);
    return this.#record(messages, kwargs, result, false);
  }

  /**
   * Prints the last `n` calls in DSPy's `inspect_history` format: coloured on stdout, plain when
   * an `output` is given. Returns the printed text.
   *
   * @example
   * lm.inspectHistory(2, { output: { write: (text) => log.push(text) } });
   */
  inspectHistory(n = 1, options: { output?: { write(text: string): unknown } } = {}): string {
    const text = formatHistory(this.history, n, { colors: options.output === undefined });
    (options.output ?? process.stdout).write(text);
    return text;
  }

  /**
   * A copy with updated request defaults (DSPy's `lm.copy(**kwargs)`): `null` removes a key. The
   * copy shares the cache, starts with an empty history and has its own list of the callbacks.
   *
   * @example
   * const explorer = lm.copy({ rollout_id: 1, temperature: 1.0 });
   */
  copy(updates: Record<string, unknown> = {}): LM {
    const kwargs = { ...this.kwargs };
    for (const [key, value] of Object.entries(updates)) {
      if (value === null || value === undefined) delete kwargs[key];
      else kwargs[key] = value;
    }
    const { temperature, max_tokens, max_completion_tokens, ...rest } = kwargs;
    const model = this.#languageModel ?? this.model;
    return new LM(model, {
      ...this.#options,
      temperature: (temperature ?? null) as number | null,
      maxTokens: (max_tokens ?? max_completion_tokens ?? null) as number | null,
      kwargs: rest,
      cacheStore: this.#cacheStore,
      callbacks: this.callbacks,
    });
  }

  async #execute(
    messages: Message[],
    merged: Record<string, unknown>,
    n: number,
    signal: AbortSignal | undefined,
  ): Promise<CallResult> {
    const { collectAttempts, generateOnce, toModelMessages, withRetries } = runtime();
    const resolved = this.#resolve(merged);
    const modelMessages = toModelMessages(messages);
    const settings = this.#settings(merged, resolved);
    // Candidates run in parallel; the first failure cancels the others (a lone one has none).
    const group = n > 1 ? new AbortController() : undefined;
    const linked = group ? (signal ? AbortSignal.any([signal, group.signal]) : group.signal) : signal;
    const { initialMs, maxMs } = this.#options.retryDelay ?? {};
    try {
      const attempts = await Promise.all(
        Array.from({ length: n }, () =>
          withRetries(
            () =>
              generateOnce({
                model: this.model,
                resolved,
                messages: modelMessages,
                settings,
                signal: linked,
                timeoutMs: this.#options.timeoutMs,
              }),
            { retries: this.numRetries, signal: linked, initialDelayMs: initialMs, maxDelayMs: maxMs },
          ),
        ),
      );
      return collectAttempts(attempts, this.#logger);
    } catch (error) {
      group?.abort(error);
      throw error;
    }
  }

  /** The kwargs over the LM's defaults, the number of completions, and whether the cache applies. */
  #prepare(kwargs: Record<string, unknown>): { merged: Record<string, unknown>; n: number; useCache: boolean } {
    const { cache: cacheOverride, ...callKwargs } = kwargs;
    const merged: Record<string, unknown> = { ...this.kwargs, ...callKwargs };
    if (merged.rollout_id === null || merged.rollout_id === undefined) delete merged.rollout_id;
    else if (merged.temperature === 0) {
      this.#warnOnce("rollout_id has no effect when temperature=0; set temperature>0 to bypass the cache.");
    }
    const n = merged.n ?? 1;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
      throw new DSPyError("n must be a positive integer", { code: "invalid_argument" });
    }
    return { merged, n, useCache: (cacheOverride ?? this.cache) !== false };
  }

  #settings(merged: Record<string, unknown>, resolved: ResolvedModel) {
    return runtime().toGenerationSettings(merged, {
      passthroughKey: resolved.passthroughKey,
      onIgnored: (name) =>
        this.#warnOnce(`parameter ${name} is not supported by ${resolved.provider} and was not sent`),
    });
  }

  /** Records the call (history, usage); returns its outputs with their usage (`{}` when not billed). */
  #record(messages: Message[], kwargs: Record<string, unknown>, result: CallResult, cacheHit: boolean): LMCallOutput[] {
    const usages = cacheHit ? result.outputs.map(() => ({})) : result.usages;
    recordLMCall(
      {
        prompt: null,
        messages,
        kwargs: redactKwargs(kwargs),
        outputs: result.outputs,
        usage: cacheHit ? {} : sumUsage(usages),
        cost: null,
        timestamp: pythonIsoTimestamp(),
        uuid: randomUUID(),
        model: this.model,
        responseModel: result.responseModel,
        modelType: this.modelType,
        cacheHit,
      },
      this.#history,
      this.#options.maxHistorySize,
    );
    return result.outputs.map((output, index) => ({ ...output, usage: usages[index] ?? {} }));
  }

  /** DSPy's `_fn_identifier` for this LM's calls, part of every cache key. */
  get #fnIdentifier(): string {
    return this.modelType === "text" ? runtime().TEXT_FN_IDENTIFIER : runtime().CHAT_FN_IDENTIFIER;
  }

  #resolve(merged: Record<string, unknown>): ResolvedModel {
    const apiKey = (merged.api_key as string | undefined) ?? this.#options.apiKey;
    const baseURL = ((merged.api_base ?? merged.base_url) as string | undefined) ?? this.#options.baseURL;
    if (this.#languageModel) {
      return { languageModel: this.#languageModel, provider: providerName(this.model), passthroughKey: undefined };
    }
    const cacheKey = JSON.stringify([apiKey ?? null, baseURL ?? null]);
    let resolved = this.#resolved.get(cacheKey);
    if (!resolved) {
      const { headers, fetch, env } = this.#options;
      resolved = runtime().resolveModel(this.model, {
        apiKey,
        baseURL,
        headers,
        fetch,
        env,
        modelType: this.modelType,
      });
      this.#resolved.set(cacheKey, resolved);
    }
    return resolved;
  }

  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#logger.warn(message);
  }
}
