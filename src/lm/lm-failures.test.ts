import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ContextWindowExceededError,
  LMAuthError,
  LMBillingError,
  LMError,
  LMInvalidRequestError,
  LMProviderError,
  LMRateLimitError,
  LMServerError,
  LMTimeoutError,
  LMTransportError,
} from "../errors/lm-errors.js";
import { ScriptedServer } from "../test/scripted-server.js";
import { LM } from "./lm.js";
import type { LMOptions } from "./lm-options.js";

let server: ScriptedServer;
const ask = [{ role: "user" as const, content: "question" }];

beforeEach(async () => {
  server = await ScriptedServer.start();
});
afterEach(async () => {
  await server.close();
});

function makeLM(options: LMOptions = {}): LM {
  return new LM("openai/gpt-4o-mini", {
    baseURL: server.baseURL,
    apiKey: "sk-test",
    cache: false,
    retryDelay: { initialMs: 5 },
    logger: { warn: () => {} },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<LMError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof LMError)) throw new Error(`expected an LMError, got ${String(error)}`);
  return error;
}

describe("retries", () => {
  it("retries 429s and waits the Retry-After the server sent", async () => {
    server.rules = [
      {
        times: 2,
        fault: { type: "status", status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "0.15" } },
      },
      { reply: "finally" },
    ];
    const started = performance.now();
    const outputs = await makeLM({ numRetries: 3 }).call(ask);
    const elapsed = performance.now() - started;
    expect(outputs[0]?.text).toBe("finally");
    expect(server.chatRequests).toHaveLength(3);
    // Two waits of 150 ms; the 5 ms exponential backoff alone would finish far sooner.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
  });

  it("retries server errors and connection resets, then succeeds", async () => {
    server.rules = [
      { times: 1, fault: { type: "status", status: 500 } },
      { times: 1, fault: { type: "reset" } },
      { reply: "ok" },
    ];
    const outputs = await makeLM({ numRetries: 2 }).call(ask);
    expect(outputs[0]?.text).toBe("ok");
    expect(server.chatRequests).toHaveLength(3);
  });

  it("gives up after numRetries with the last retryable error", async () => {
    server.rules = [{ fault: { type: "status", status: 503, message: "overloaded" } }];
    const error = await failure(makeLM({ numRetries: 2 }).call(ask));
    expect(error).toBeInstanceOf(LMServerError);
    expect(error).toMatchObject({ code: "server", status: 503, isRetryable: true, pythonType: "LMServerError" });
    expect(server.chatRequests).toHaveLength(3);
  });

  it.each([
    [401, "invalid_api_key", LMAuthError, "auth"],
    [400, null, LMInvalidRequestError, "invalid_request"],
    [400, "context_length_exceeded", ContextWindowExceededError, "context_window_exceeded"],
    [429, "insufficient_quota", LMBillingError, "billing"],
  ] as const)("does not retry HTTP %i (%s)", async (status, code, kind, expectedCode) => {
    server.rules = [{ fault: { type: "status", status, ...(code ? { code } : {}), message: "nope" } }];
    const error = await failure(makeLM({ numRetries: 3 }).call(ask));
    expect(error).toBeInstanceOf(kind);
    expect(error.code).toBe(expectedCode);
    expect(error.status).toBe(status);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toBe("[openai/gpt-4o-mini] nope");
    expect(server.chatRequests).toHaveLength(1);
  });

  it("reports a rate limit with its retry hint once retries are exhausted", async () => {
    server.rules = [{ fault: { type: "status", status: 429, headers: { "retry-after": "0" } } }];
    const error = await failure(makeLM({ numRetries: 0 }).call(ask));
    expect(error).toBeInstanceOf(LMRateLimitError);
    expect(error.retryAfter).toBe(0);
  });

  it("treats a body that is not JSON as a provider error and does not retry it", async () => {
    server.rules = [{ fault: { type: "malformed-json" } }];
    const error = await failure(makeLM({ numRetries: 3 }).call(ask));
    expect(error.constructor).toBe(LMProviderError);
    expect(error.code).toBe("provider");
    expect(server.chatRequests).toHaveLength(1);
  });

  it("reports a reset connection as a transport error", async () => {
    server.rules = [{ fault: { type: "reset" } }];
    const error = await failure(makeLM({ numRetries: 0 }).call(ask));
    expect(error).toBeInstanceOf(LMTransportError);
    expect(error.code).toBe("transport");
  });
});

describe("timeouts and aborts", () => {
  it("times out each attempt and retries it", async () => {
    server.rules = [{ fault: { type: "hang" } }];
    const started = performance.now();
    const error = await failure(makeLM({ timeoutMs: 100, numRetries: 1 }).call(ask));
    expect(error).toBeInstanceOf(LMTimeoutError);
    expect(error.code).toBe("timeout");
    expect(server.chatRequests).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("stops a hanging request within 100 ms of an abort", async () => {
    server.rules = [{ fault: { type: "hang" } }];
    const controller = new AbortController();
    const pending = makeLM().call(ask, {}, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect((error as Error).name).toBe("AbortError");
    expect(error).not.toBeInstanceOf(LMError);
  });

  it("stops during a Retry-After wait without sending another request", async () => {
    server.rules = [{ fault: { type: "status", status: 429, headers: { "retry-after": "30" } } }];
    const controller = new AbortController();
    const pending = makeLM({ numRetries: 3 }).call(ask, {}, { signal: controller.signal });
    while (server.chatRequests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const abortedAt = performance.now();
    controller.abort(new Error("cancelled by user"));
    await expect(pending).rejects.toThrow("cancelled by user");
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(server.chatRequests).toHaveLength(1);
  });
});
