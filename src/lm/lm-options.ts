import { LMConfigurationError } from "../errors/lm-errors.js";
import type { BaseCallback } from "../utils/callback.js";
import type { CacheLogger, LMCache } from "./cache.js";
import { isOpenAIReasoningModel, providerName } from "./model-capabilities.js";

/** Options for {@link LM}. Request parameters use DSPy's (OpenAI's) names inside `kwargs`. */
export interface LMOptions {
  /** Sampling temperature; `null`/absent leaves it to the provider (DSPy's default `None`). */
  temperature?: number | null;
  /** Most tokens per completion (sent as `max_completion_tokens` for OpenAI reasoning models). */
  maxTokens?: number | null;
  /** Other default request parameters: `top_p`, `stop`, `n`, `rollout_id`, `response_format`, ... */
  kwargs?: Record<string, unknown>;
  /** Use the response cache (default true; a call's `cache` kwarg overrides it). */
  cache?: boolean;
  /** The cache to use; share one between LMs to share hits and in-flight requests (default: a new {@link LMCache}). */
  cacheStore?: LMCache;
  /** Retries of retryable failures, with exponential backoff (default 3, as DSPy). */
  numRetries?: number;
  /** First backoff delay and the cap of every wait, in ms (defaults 1000 and 60 000). */
  retryDelay?: { initialMs?: number; maxMs?: number };
  /** Timeout of each attempt in ms; expiry is a retryable `LMTimeoutError` (default none). */
  timeoutMs?: number;
  /** API key; default from the provider's environment variable (`OPENAI_API_KEY`, ...). */
  apiKey?: string;
  /** API base URL, for proxies and OpenAI-compatible servers. */
  baseURL?: string;
  /** Extra HTTP headers on every request. */
  headers?: Record<string, string>;
  /** Custom fetch, passed to the provider. */
  fetch?: typeof globalThis.fetch;
  /** Environment for API keys and base URLs (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Receives warnings: truncated responses, unsendable parameters, cache trouble (default `process.emitWarning`). */
  logger?: CacheLogger;
  /** Callbacks for this LM's calls only, run after the global ones (DSPy's `callbacks=`). */
  callbacks?: readonly BaseCallback[];
  /** Most history entries kept (default: the `maxHistorySize` setting, 10 000). */
  maxHistorySize?: number;
  /** Override the parameter set adapters see (DSPy's `supported_params`). */
  supportedParams?: Iterable<string>;
  /** Override whether adapters may send JSON schemas (DSPy's `supports_response_schema`). */
  supportsResponseSchema?: boolean;
  /** Override whether adapters may use native function calling (DSPy's `supports_function_calling`). */
  supportsFunctionCalling?: boolean;
  /**
   * DSPy's `model_type`: `"chat"` (default, the Chat Completions API) or `"text"`, the
   * text-completions API (`/completions`) with DSPy's prompt — every message's content, then
   * `BEGIN RESPONSE:`, joined by blank lines. OpenAI and OpenAI-compatible providers only.
   */
  modelType?: "chat" | "text";
}

/**
 * DSPy's `_get_initial_kwargs`: `{temperature, max_tokens, ...kwargs}` with explicit `null`s kept;
 * OpenAI reasoning models take `max_completion_tokens` and only temperature 1.0 and ≥ 16000 tokens.
 *
 * @example
 * initialKwargs("openai/gpt-4o", { temperature: 0 }); // { temperature: 0, max_tokens: null }
 */
export function initialKwargs(model: string, options: LMOptions): Record<string, unknown> {
  const temperature = options.temperature ?? null;
  const maxTokens = options.maxTokens ?? null;
  let kwargs: Record<string, unknown>;
  if (isOpenAIReasoningModel(model)) {
    if ((temperature && temperature !== 1.0) || (maxTokens && maxTokens < 16000)) {
      throw new LMConfigurationError(
        "OpenAI's reasoning models require passing temperature=1.0 or None and max_tokens >= 16000 or None to " +
          "`dspy.LM(...)`, e.g., dspy.LM('openai/gpt-5', temperature=1.0, max_tokens=16000)",
        { model, provider: providerName(model) },
      );
    }
    kwargs = { temperature, max_completion_tokens: maxTokens, ...options.kwargs };
  } else {
    kwargs = { temperature, max_tokens: maxTokens, ...options.kwargs };
  }
  if (kwargs.rollout_id === null || kwargs.rollout_id === undefined) delete kwargs.rollout_id;
  return kwargs;
}
