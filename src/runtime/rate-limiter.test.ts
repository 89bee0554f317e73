import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import type { LimiterClock } from "./rate-limiter.js";
import { RateLimiter } from "./rate-limiter.js";

/** A clock that advances only when the limiter sleeps, so tests are exact and instant. */
class FakeClock implements LimiterClock {
  time = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortError("aborted");
    this.sleeps.push(ms);
    this.time += ms;
  }
}

describe("RateLimiter", () => {
  it("lets a burst up to the bucket through, then spaces requests at the rate", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60 }, clock);
    for (let index = 0; index < 60; index++) await limiter.acquire(0);
    expect(clock.time).toBe(0);
    await limiter.acquire(0);
    await limiter.acquire(0);
    expect(clock.time).toBeCloseTo(2000, 5);
  });

  it("waits for token capacity and refunds what the call did not use", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ tokensPerMinute: 6000 }, clock);
    const first = await limiter.acquire(6000);
    expect(clock.time).toBe(0);
    limiter.settle(first, 3000); // half the estimate was used
    await limiter.acquire(3000);
    expect(clock.time).toBe(0);
    await limiter.acquire(600); // bucket empty: 600 tokens take 6 s at 100/s
    expect(clock.time).toBeCloseTo(6000, 5);
  });

  it("stops waiting when the signal aborts", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 1 }, clock);
    await limiter.acquire(0);
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(0, controller.signal)).rejects.toBeInstanceOf(AbortError);
  });
});
