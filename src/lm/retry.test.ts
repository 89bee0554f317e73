import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LMAuthError, LMRateLimitError, LMServerError } from "../errors/lm-errors.js";
import { abortableSleep, retryDelayMs, withRetries } from "./retry.js";

describe("withRetries", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits exactly the Retry-After hint between attempts", async () => {
    const attemptTimes: number[] = [];
    const promise = withRetries(
      async (attempt) => {
        attemptTimes.push(Date.now());
        if (attempt < 2) throw new LMRateLimitError("slow down", { status: 429, retryAfter: 2 });
        return "done";
      },
      { retries: 3 },
    );
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe("done");
    expect(attemptTimes.map((time) => time - (attemptTimes[0] ?? 0))).toEqual([0, 2000, 4000]);
  });

  it("backs off exponentially with jitter when there is no hint", async () => {
    const attemptTimes: number[] = [];
    const promise = withRetries(
      async (attempt) => {
        attemptTimes.push(Date.now());
        if (attempt < 3) throw new LMServerError("boom", { status: 500 });
        return attempt;
      },
      { retries: 3, initialDelayMs: 100, random: () => 0.5 },
    );
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe(3);
    const gaps = attemptTimes.slice(1).map((time, index) => time - (attemptTimes[index] ?? 0));
    // base 100, 200, 400 with equal jitter at 0.5: 75, 150, 300.
    expect(gaps).toEqual([75, 150, 300]);
  });

  it("does not retry errors that are not retryable", async () => {
    const attempt = vi.fn(async () => {
      throw new LMAuthError("bad key", { status: 401 });
    });
    await expect(withRetries(attempt, { retries: 5 })).rejects.toBeInstanceOf(LMAuthError);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it("gives up after the retry budget with the last error", async () => {
    const attempt = vi.fn(async () => {
      throw new LMServerError("still down", { status: 503 });
    });
    const promise = withRetries(attempt, { retries: 2, initialDelayMs: 10 });
    const assertion = expect(promise).rejects.toThrow("still down");
    await vi.runAllTimersAsync();
    await assertion;
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it("stops at once when aborted during a backoff wait", async () => {
    const controller = new AbortController();
    const attempt = vi.fn(async () => {
      throw new LMRateLimitError("slow down", { retryAfter: 30 });
    });
    const promise = withRetries(attempt, { retries: 3, signal: controller.signal });
    const assertion = expect(promise).rejects.toThrow("user gave up");
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort(new Error("user gave up"));
    await assertion;
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});

describe("retryDelayMs", () => {
  it("caps a long Retry-After at the maximum delay", () => {
    const error = new LMRateLimitError("slow down", { retryAfter: 3600 });
    expect(retryDelayMs(error, 0, { maxDelayMs: 60_000 })).toBe(60_000);
  });

  it("keeps jittered delays between half and all of the exponential base", () => {
    const error = new LMServerError("boom");
    expect(retryDelayMs(error, 2, { initialDelayMs: 1000, random: () => 0 })).toBe(2000);
    expect(retryDelayMs(error, 2, { initialDelayMs: 1000, random: () => 0.999999 })).toBeCloseTo(4000, 0);
  });
});

describe("abortableSleep", () => {
  it("rejects immediately when the signal is already aborted", async () => {
    await expect(abortableSleep(10_000, AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
  });
});
