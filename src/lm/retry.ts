import { LMError } from "../errors/lm-errors.js";

/** Options for {@link withRetries}. */
export interface RetryOptions {
  /** Retries after the first attempt (DSPy's `num_retries`, default 3 there). */
  retries: number;
  /** Stops at once, including in the middle of a backoff wait. */
  signal?: AbortSignal;
  /** Backoff before the first retry, before jitter (default 1000 ms, DSPy's 2**0 s). */
  initialDelayMs?: number;
  /** Upper bound of any wait, including a provider's `Retry-After` (default 60 000 ms, DSPy's cap). */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
  /** Told about each retry before its wait (for logging). */
  onRetry?: (event: { error: LMError; attempt: number; delayMs: number }) => void;
}

/**
 * Runs `attempt` until it succeeds, retrying only retryable {@link LMError}s (rate limit, timeout,
 * server, transport). The wait honours the error's `retryAfter`; otherwise it is exponential with
 * "equal jitter" (half fixed, half random) so many clients that failed together do not retry in
 * lockstep. An abort rejects immediately with the signal's reason.
 *
 * @example
 * const text = await withRetries((attempt) => callProvider(attempt), { retries: 3, signal });
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { signal, retries } = options;
  for (let attemptNumber = 0; ; attemptNumber++) {
    signal?.throwIfAborted();
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      signal?.throwIfAborted();
      if (!(error instanceof LMError) || !error.isRetryable || attemptNumber >= retries) throw error;
      const delayMs = retryDelayMs(error, attemptNumber, options);
      options.onRetry?.({ error, attempt: attemptNumber, delayMs });
      await abortableSleep(delayMs, signal);
    }
  }
}

/**
 * The wait before retry number `attemptNumber + 1`.
 *
 * @example
 * retryDelayMs(new LMRateLimitError("slow down", { retryAfter: 2 }), 0, { retries: 3 }); // 2000
 */
export function retryDelayMs(error: LMError, attemptNumber: number, options: Omit<RetryOptions, "retries">): number {
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  if (error.retryAfter !== undefined) return Math.min(error.retryAfter * 1000, maxDelayMs);
  const base = Math.min((options.initialDelayMs ?? 1000) * 2 ** Math.min(attemptNumber, 30), maxDelayMs);
  const random = options.random ?? Math.random;
  return base / 2 + (base / 2) * random();
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts.
 *
 * @example
 * await abortableSleep(500, controller.signal);
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
