import { AbortError } from "../errors/abort-error.js";

/** Limits for one model; either may be left out. */
export interface RateLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

/** A clock the limiter can be tested with. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted)
        return reject(new AbortError("Aborted while waiting for rate limit.", { reason: signal.reason }));
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new AbortError("Aborted while waiting for rate limit.", { reason: signal?.reason }));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/**
 * Token buckets for requests per minute and tokens per minute. `acquire` waits (abortably)
 * until both buckets can pay; `settle` corrects the token estimate with the real usage once
 * the provider reports it. Buckets start full, so short bursts go through at once.
 *
 * @example
 * const limiter = new RateLimiter({ requestsPerMinute: 60, tokensPerMinute: 90_000 });
 * const ticket = await limiter.acquire(1200, signal);
 * limiter.settle(ticket, usage.total_tokens);
 */
export class RateLimiter {
  readonly #limits: RateLimits;
  readonly #clock: LimiterClock;
  #requests: number;
  #tokens: number;
  #last: number;
  #queue: Promise<void> = Promise.resolve();

  constructor(limits: RateLimits, clock: LimiterClock = realClock) {
    this.#limits = limits;
    this.#clock = clock;
    this.#requests = limits.requestsPerMinute ?? 0;
    this.#tokens = limits.tokensPerMinute ?? 0;
    this.#last = clock.now();
  }

  /** Waits for capacity for one request of about `estimatedTokens`; returns what was charged. */
  acquire(estimatedTokens: number, signal?: AbortSignal): Promise<number> {
    // One waiter at a time keeps the order fair (first come, first served).
    const turn = this.#queue.then(() => this.#wait(estimatedTokens, signal));
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Replaces an estimate with the tokens actually used (refunds or charges the difference). */
  settle(charged: number, actualTokens: number | undefined): void {
    if (this.#limits.tokensPerMinute === undefined || actualTokens === undefined) return;
    this.#tokens = Math.min(this.#limits.tokensPerMinute, this.#tokens + charged - actualTokens);
  }

  async #wait(estimatedTokens: number, signal?: AbortSignal): Promise<number> {
    const { requestsPerMinute, tokensPerMinute } = this.#limits;
    const tokens = tokensPerMinute === undefined ? 0 : Math.min(estimatedTokens, tokensPerMinute);
    for (;;) {
      if (signal?.aborted) throw new AbortError("Aborted while waiting for rate limit.", { reason: signal.reason });
      this.#refill();
      const needRequests = requestsPerMinute === undefined ? 0 : Math.max(0, 1 - this.#requests);
      const needTokens = tokensPerMinute === undefined ? 0 : Math.max(0, tokens - this.#tokens);
      if (needRequests === 0 && needTokens === 0) {
        if (requestsPerMinute !== undefined) this.#requests -= 1;
        this.#tokens -= tokens;
        return tokens;
      }
      const waitRequests = requestsPerMinute ? (needRequests * 60_000) / requestsPerMinute : 0;
      const waitTokens = tokensPerMinute ? (needTokens * 60_000) / tokensPerMinute : 0;
      await this.#clock.sleep(Math.max(waitRequests, waitTokens, 1), signal);
    }
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = now - this.#last;
    this.#last = now;
    const { requestsPerMinute, tokensPerMinute } = this.#limits;
    if (requestsPerMinute !== undefined)
      this.#requests = Math.min(requestsPerMinute, this.#requests + (elapsed * requestsPerMinute) / 60_000);
    if (tokensPerMinute !== undefined)
      this.#tokens = Math.min(tokensPerMinute, this.#tokens + (elapsed * tokensPerMinute) / 60_000);
  }
}
