import type { APICallError } from "ai";
import {
  ContextWindowExceededError,
  LMAuthError,
  LMBillingError,
  LMError,
  type LMErrorDetails,
  LMInvalidRequestError,
  LMNotConfiguredError,
  LMProviderError,
  LMRateLimitError,
  LMServerError,
  LMTimeoutError,
  LMTransportError,
  LMUnexpectedError,
  LMUnsupportedModelError,
} from "../errors/lm-errors.js";
import { aiSdk } from "./ai-sdk.js";
import { retryAfterSeconds } from "./retry-after.js";

/** Which model and provider a failure belongs to. */
export interface LMErrorContext {
  model: string;
  provider: string;
}

const MODEL_ERROR_CODES = new Set([
  "model_not_found",
  "model_not_available",
  "unsupported_model",
  "DeploymentNotFound",
]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "UND_ERR_SOCKET", "ENOTFOUND"]);

/**
 * Projects anything the AI SDK (or fetch) throws onto DSPy's LM error taxonomy, the way lm15's
 * OpenAI and Anthropic error normalizers do: first the provider's error code, then the message
 * (context length, unknown model), then the HTTP status. Unknown failures become
 * {@link LMUnexpectedError} so an engine bug never looks like a retryable outage.
 *
 * @example
 * try { await generateText(...); } catch (e) { throw toLMError(e, { model: "openai/gpt-4o", provider: "openai" }); }
 */
export function toLMError(error: unknown, context: LMErrorContext): LMError {
  if (error instanceof LMError) return error;
  const base = { model: context.model, provider: context.provider, cause: error };
  const { APICallError, LoadAPIKeyError } = aiSdk();
  if (LoadAPIKeyError.isInstance(error)) return new LMNotConfiguredError(error.message, base);
  if (APICallError.isInstance(error)) return fromApiCallError(error, base);
  if (error instanceof Error && error.name === "TimeoutError") return new LMTimeoutError(error.message, base);
  if (isNetworkFailure(error)) return new LMTransportError(messageOf(error), base);
  return new LMUnexpectedError(messageOf(error), base);
}

function fromApiCallError(error: APICallError, base: LMErrorDetails): LMError {
  const status = error.statusCode;
  if (status === undefined) {
    // postToApi wraps connection failures without a status and marks them retryable.
    return error.isRetryable ? new LMTransportError(error.message, base) : new LMUnexpectedError(error.message, base);
  }
  const body = parseErrorBody(error.responseBody);
  const headers = error.responseHeaders;
  const details: LMErrorDetails = {
    ...base,
    status,
    providerCode: body.code || body.type || undefined,
    requestId: headers?.["x-request-id"] ?? headers?.["request-id"] ?? undefined,
    retryAfter: retryAfterSeconds(headers),
  };
  const message = body.message || error.message;
  if (status >= 200 && status < 300) return new LMProviderError(nonJsonMessage(error), details);
  if (body.code === "context_length_exceeded") return new ContextWindowExceededError(message, details);
  if ((status === 400 || status === 413) && isContextLengthMessage(message)) {
    return new ContextWindowExceededError(message, details);
  }
  if (MODEL_ERROR_CODES.has(body.code) || (status === 404 && isModelErrorMessage(message, body.code, body.type))) {
    return new LMUnsupportedModelError(message, details);
  }
  // Billing before rate limit: both can ride HTTP 429, and only a rate limit is worth retrying.
  if (body.code === "insufficient_quota" || body.type === "insufficient_quota")
    return new LMBillingError(message, details);
  if (body.code === "invalid_api_key" || body.type === "authentication_error") return new LMAuthError(message, details);
  if (body.code === "rate_limit_exceeded" || body.type === "rate_limit_error") {
    return new LMRateLimitError(message, details);
  }
  if (body.type === "overloaded_error") return new LMServerError(message, details);
  return fromStatus(status, message, details);
}

/** lm15's `map_http_error`: the status alone decides when the body said nothing more specific. */
function fromStatus(status: number, message: string, details: LMErrorDetails): LMError {
  if (status === 401 || status === 403) return new LMAuthError(message, details);
  if (status === 402) return new LMBillingError(message, details);
  if (status === 408 || status === 504) return new LMTimeoutError(message, details);
  if (status === 429) return new LMRateLimitError(message, details);
  if ([400, 404, 409, 413, 422].includes(status)) return new LMInvalidRequestError(message, details);
  if (status >= 500 && status <= 599) return new LMServerError(message, details);
  return new LMProviderError(message, details);
}

interface ErrorBody {
  message: string;
  code: string;
  type: string;
}

/** Reads OpenAI's `{error: {message, code, type}}`, Anthropic's envelope, or a bare `{message}`. */
function parseErrorBody(text: string | undefined): ErrorBody {
  const empty = { message: "", code: "", type: "" };
  if (!text) return empty;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ...empty, message: text.slice(0, 500) };
  }
  if (typeof data !== "object" || data === null) return empty;
  const inner = (data as Record<string, unknown>).error;
  if (typeof inner === "string") return { ...empty, message: inner };
  const record = (typeof inner === "object" && inner !== null ? inner : data) as Record<string, unknown>;
  const text_ = (value: unknown) => (value === undefined || value === null ? "" : String(value));
  return { message: text_(record.message), code: text_(record.code), type: text_(record.type) };
}

function nonJsonMessage(error: APICallError): string {
  const body = error.responseBody ?? "";
  const excerpt = body.length > 200 ? `${body.slice(0, 200)}…` : body;
  return (
    `the reply (HTTP ${error.statusCode}) is not valid JSON: ${error.message}. Body starts: ${JSON.stringify(excerpt)}. ` +
    "A gateway or proxy in front of the provider is the usual cause; the request may or may not have been served."
  );
}

function isContextLengthMessage(message: string): boolean {
  const lowered = message.toLowerCase();
  return (
    lowered.includes("prompt is too long") ||
    lowered.includes("too many tokens") ||
    lowered.includes("context window") ||
    lowered.includes("context length") ||
    lowered.includes("maximum context") ||
    (lowered.includes("token") && (lowered.includes("limit") || lowered.includes("exceed")))
  );
}

function isModelErrorMessage(...parts: string[]): boolean {
  const lowered = parts.filter(Boolean).join(" ").toLowerCase();
  const markers = [
    "not found",
    "does not exist",
    "not exist",
    "not supported",
    "unsupported",
    "not available",
    "unknown",
  ];
  return lowered.includes("model") && markers.some((marker) => lowered.includes(marker));
}

function isNetworkFailure(error: unknown): boolean {
  let current = error;
  const seen = new Set<unknown>();
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (current instanceof TypeError && /fetch failed|failed to fetch/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
