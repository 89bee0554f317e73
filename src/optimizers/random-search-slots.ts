import { AbortError } from "../errors/abort-error.js";

interface Waiter {
  priority: number;
  start: () => void;
}

/**
 * A fixed number of slots for program runs in flight, shared by every candidate of a random
 * search, so the whole search never has more LM work in flight than `numThreads` — DSPy's bound
 * too, where only one candidate runs at a time. A free slot goes to the waiting run with the
 * lowest priority number (the earliest candidate in seed order), first come first served among
 * equals, so the candidates the result is assembled from first finish first.
 *
 * Counts the runs each priority started, so the search can report runs whose results it threw
 * away (candidates after a `stopAtScore` stop).
 *
 * @example
 * const slots = new CandidateSlots(8);
 * const prediction = await slots.run(2, () => program.call(inputs, { signal }), signal);
 */
export class CandidateSlots {
  readonly size: number;
  #free: number;
  readonly #waiting: Waiter[] = [];
  readonly #started = new Map<number, number>();

  constructor(size: number) {
    this.size = size;
    this.#free = size;
  }

  /**
   * Runs `task` once a slot is free; waiting ends with an AbortError when `signal` aborts.
   *
   * @example
   * await slots.run(0, () => teacher.call(inputs, { signal }), signal);
   */
  async run<T>(priority: number, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(priority, signal);
    this.#started.set(priority, (this.#started.get(priority) ?? 0) + 1);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  /**
   * Runs started at priorities above `priority` (by later candidates).
   *
   * @example
   * slots.startedAfter(3); // runs of candidates 4, 5, …
   */
  startedAfter(priority: number): number {
    let count = 0;
    for (const [key, started] of this.#started) if (key > priority) count += started;
    return count;
  }

  #acquire(priority: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelled(signal));
    if (this.#free > 0) {
      this.#free -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(cancelled(signal as AbortSignal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      // Stay sorted by priority; a newcomer goes behind its equals.
      let at = this.#waiting.length;
      while (at > 0 && (this.#waiting[at - 1] as Waiter).priority > priority) at--;
      this.#waiting.splice(at, 0, waiter);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
    if (next) next.start();
    else this.#free += 1;
  }
}

function cancelled(signal: AbortSignal): AbortError {
  return new AbortError("BootstrapFewShotWithRandomSearch was cancelled.", { reason: signal.reason });
}
