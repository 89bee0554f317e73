import { APICallError, LoadAPIKeyError } from "ai";
import { describe, expect, it } from "vitest";
import {
  ContextWindowExceededError,
  LMAuthError,
  LMError,
  LMNotConfiguredError,
  LMRateLimitError,
  LMServerError,
  LMTimeoutError,
  LMTransportError,
  LMUnexpectedError,
  LMUnsupportedModelError,
} from "../errors/lm-errors.js";
import { retryAfterSeconds } from "./retry-after.js";
import { toLMError } from "./to-lm-error.js";

const context = { model: "openai/gpt-4o-mini", provider: "openai" };

function apiError(statusCode: number | undefined, body: unknown, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: "Bad Request",
    url: "http://127.0.0.1/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    responseBody: typeof body === "string" ? body : JSON.stringify(body),
    isRetryable: statusCode === undefined,
  });
}

describe("toLMError", () => {
  it("classifies Anthropic's context-length message on a 400", () => {
    const body = {
      type: "error",
      error: { type: "invalid_request_error", message: "prompt is too long: 210000 tokens" },
    };
    const error = toLMError(apiError(400, body), context);
    expect(error).toBeInstanceOf(ContextWindowExceededError);
    expect(error).toMatchObject({
      providerCode: "invalid_request_error",
      rawMessage: "prompt is too long: 210000 tokens",
    });
  });

  it("does not mistake a token rate limit for a context overflow", () => {
    const body = {
      error: { message: "Rate limit reached for tokens per min (TPM): Limit 30000", code: "rate_limit_exceeded" },
    };
    const error = toLMError(apiError(429, body, { "x-request-id": "req_1", "retry-after-ms": "250" }), context);
    expect(error).toBeInstanceOf(LMRateLimitError);
    expect(error).toMatchObject({ requestId: "req_1", retryAfter: 0.25, isRetryable: true, status: 429 });
  });

  it("recognises unknown models and bad keys from OpenAI's codes", () => {
    const missing = { error: { message: "The model `gpt-9` does not exist", code: "model_not_found" } };
    expect(toLMError(apiError(404, missing), context)).toBeInstanceOf(LMUnsupportedModelError);
    const badKey = { error: { message: "Incorrect API key provided", code: "invalid_api_key" } };
    expect(toLMError(apiError(401, badKey), context)).toBeInstanceOf(LMAuthError);
  });

  it("maps statuses without a useful body the way lm15's map_http_error does", () => {
    expect(toLMError(apiError(504, "<html>gateway</html>"), context)).toBeInstanceOf(LMTimeoutError);
    expect(toLMError(apiError(529, ""), context)).toBeInstanceOf(LMServerError);
    expect(toLMError(apiError(403, ""), context)).toBeInstanceOf(LMAuthError);
  });

  it("treats a status-less retryable API error as a transport failure", () => {
    expect(toLMError(apiError(undefined, ""), context)).toBeInstanceOf(LMTransportError);
  });

  it("maps a missing key, fetch failures and everything else", () => {
    const missingKey = new LoadAPIKeyError({ message: "OpenAI API key is missing." });
    expect(toLMError(missingKey, context)).toBeInstanceOf(LMNotConfiguredError);
    const reset = new TypeError("fetch failed", {
      cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
    });
    expect(toLMError(reset, context)).toBeInstanceOf(LMTransportError);
    const unexpected = toLMError(new RangeError("engine bug"), context);
    expect(unexpected).toBeInstanceOf(LMUnexpectedError);
    expect(unexpected.isRetryable).toBe(false);
  });

  it("prefixes the message with the model and keeps DSPy's class name and code", () => {
    const error = toLMError(apiError(500, { error: { message: "The server had an error" } }), context);
    expect(error.message).toBe("[openai/gpt-4o-mini] The server had an error");
    expect(error).toMatchObject({ pythonType: "LMServerError", code: "server", name: "LMServerError" });
    expect(error).toBeInstanceOf(LMError);
    expect(toLMError(error, context)).toBe(error);
  });
});

describe("retryAfterSeconds", () => {
  it("reads delta-seconds, milliseconds and HTTP dates, ignoring junk", () => {
    const now = () => Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterSeconds({ "Retry-After": "3" })).toBe(3);
    expect(retryAfterSeconds({ "retry-after-ms": "1500", "retry-after": "9" })).toBe(1.5);
    expect(retryAfterSeconds({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5);
    expect(retryAfterSeconds({ "retry-after": "-1" })).toBeUndefined();
    expect(retryAfterSeconds({ "retry-after": "soon" })).toBeUndefined();
  });
});
