import { DSPyError } from "./dspy-error.js";

/**
 * Language-model errors, mirroring DSPy 3.4.1's taxonomy (`dspy/utils/exceptions.py`): the same
 * class tree, the same stable `code`s, and the same retryable set (rate limit, timeout, server,
 * transport). `pythonType` names the DSPy class raised in the same situation.
 */

/** Structured details every {@link LMError} may carry. */
export interface LMErrorDetails {
  /** Model identifier involved, e.g. `"openai/gpt-4o-mini"`. */
  model?: string;
  /** Provider or backend that failed, e.g. `"openai"`. */
  provider?: string;
  /** The provider's own error code, e.g. `"context_length_exceeded"`. */
  providerCode?: string;
  /** HTTP status of the provider's response. */
  status?: number;
  /** The provider's request id, when it sent one. */
  requestId?: string;
  /** Suggested delay before retrying, in seconds (from `Retry-After`). */
  retryAfter?: number;
  /** The original error. */
  cause?: unknown;
}

/**
 * Base of every LM failure. Catch it for failures at the LM boundary; `isRetryable` says whether
 * the failure is transient (DSPy's `is_retryable_lm_error`).
 *
 * @example
 * try { await lm.call(messages, {}); } catch (e) { if (e instanceof LMError && e.isRetryable) scheduleLater(); }
 */
export class LMError extends DSPyError {
  /** Default `code` of the class (DSPy's `default_code`). */
  static readonly defaultCode: string = "lm_error";
  /** Whether retrying the same request may succeed. */
  static readonly retryable: boolean = false;
  /** Unprefixed message (DSPy's `.message`); `message` adds the `[model] ` prefix. */
  readonly rawMessage: string;
  readonly model: string | undefined;
  readonly provider: string | undefined;
  readonly providerCode: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(message: string, details: LMErrorDetails = {}) {
    const prefix = details.model ? `[${details.model}] ` : "";
    const kind = new.target as typeof LMError;
    super(message ? `${prefix}${message}` : prefix.trimEnd(), {
      code: kind.defaultCode,
      pythonType: kind.name,
      cause: details.cause,
    });
    this.rawMessage = message;
    this.model = details.model;
    this.provider = details.provider;
    this.providerCode = details.providerCode;
    this.status = details.status;
    this.requestId = details.requestId;
    this.retryAfter = details.retryAfter;
  }

  /** Whether retrying may succeed (rate limit, timeout, server and transport failures). */
  get isRetryable(): boolean {
    return (this.constructor as typeof LMError).retryable;
  }
}

/**
 * The request failed before the provider answered: connection refused or reset, DNS, TLS.
 *
 * @example
 * new LMTransportError("Cannot connect to API: read ECONNRESET", { model }).isRetryable; // true
 */
export class LMTransportError extends LMError {
  static override readonly defaultCode: string = "transport";
  static override readonly retryable: boolean = true;
}

/**
 * The LM or its provider client is configured wrongly (unknown provider, bad parameters).
 *
 * @example
 * throw new LMConfigurationError("OpenAI's reasoning models require temperature=1.0 or None", { model });
 */
export class LMConfigurationError extends LMError {
  static override readonly defaultCode: string = "configuration";
}

/**
 * Required provider configuration or credentials are missing (no API key, no base URL).
 *
 * @example
 * throw new LMNotConfiguredError("Set OPENAI_API_KEY or pass apiKey", { model, provider: "openai" });
 */
export class LMNotConfiguredError extends LMConfigurationError {
  static override readonly defaultCode: string = "not_configured";
}

/**
 * The provider returned an error response; subclasses say which kind. Used as is for replies that
 * are not valid JSON (as lm15 does): the request may or may not have been served, so no retry.
 *
 * @example
 * if (error instanceof LMProviderError) console.log(error.status, error.requestId);
 */
export class LMProviderError extends LMError {
  static override readonly defaultCode: string = "provider";
}

/**
 * Authentication failed (HTTP 401/403, invalid key).
 *
 * @example
 * new LMAuthError("Incorrect API key provided", { status: 401 }).code; // "auth"
 */
export class LMAuthError extends LMProviderError {
  static override readonly defaultCode: string = "auth";
}

/**
 * Billing or quota failed (HTTP 402, `insufficient_quota`); not retryable, unlike a rate limit.
 *
 * @example
 * new LMBillingError("You exceeded your current quota", { status: 429 }).isRetryable; // false
 */
export class LMBillingError extends LMProviderError {
  static override readonly defaultCode: string = "billing";
}

/**
 * The provider rate-limited the request (HTTP 429); `retryAfter` holds its suggested delay.
 *
 * @example
 * new LMRateLimitError("Rate limit reached", { status: 429, retryAfter: 2 }).retryAfter; // 2
 */
export class LMRateLimitError extends LMProviderError {
  static override readonly defaultCode: string = "rate_limit";
  static override readonly retryable: boolean = true;
}

/**
 * The provider rejected the request's shape or resource (HTTP 400/404/409/413/422).
 *
 * @example
 * new LMInvalidRequestError("Unrecognized request argument", { status: 400 }).code; // "invalid_request"
 */
export class LMInvalidRequestError extends LMProviderError {
  static override readonly defaultCode: string = "invalid_request";
}

/**
 * The prompt exceeds the model's context window. Modules such as ReAct catch it to shorten history.
 *
 * @example
 * new ContextWindowExceededError("Context window exceeded", { status: 400 }).code; // "context_window_exceeded"
 */
export class ContextWindowExceededError extends LMInvalidRequestError {
  static override readonly defaultCode: string = "context_window_exceeded";

  constructor(message = "Context window exceeded", details: LMErrorDetails = {}) {
    super(message, details);
  }
}

/**
 * The requested model does not exist or is unavailable at this provider.
 *
 * @example
 * new LMUnsupportedModelError("The model `gpt-9` does not exist", { status: 404 }).code; // "unsupported_model"
 */
export class LMUnsupportedModelError extends LMInvalidRequestError {
  static override readonly defaultCode: string = "unsupported_model";
}

/**
 * The request timed out: the per-call timeout elapsed, or the provider answered 408/504.
 *
 * @example
 * new LMTimeoutError("Request timed out after 30000 ms").isRetryable; // true
 */
export class LMTimeoutError extends LMProviderError {
  static override readonly defaultCode: string = "timeout";
  static override readonly retryable: boolean = true;
}

/**
 * The provider failed while handling the request (HTTP 5xx).
 *
 * @example
 * new LMServerError("The server had an error", { status: 500 }).isRetryable; // true
 */
export class LMServerError extends LMProviderError {
  static override readonly defaultCode: string = "server";
  static override readonly retryable: boolean = true;
}

/**
 * An unclassified failure at the LM boundary; the original error is the `cause`.
 *
 * @example
 * new LMUnexpectedError("Unexpected response shape", { cause: error }).code; // "unexpected"
 */
export class LMUnexpectedError extends LMError {
  static override readonly defaultCode: string = "unexpected";
}
