interface Entry<V> {
  promise: Promise<V>;
  controller: AbortController;
  waiters: number;
}

/**
 * Lets concurrent identical requests share one in-flight call. Each caller can abort on its own:
 * its promise rejects at once, and the shared call is aborted only when every caller has left,
 * so one impatient caller never cancels another's request.
 *
 * @example
 * const shared = new SharedCalls<string>();
 * const [a, b] = await Promise.all([shared.run("k", fetchIt), shared.run("k", fetchIt)]); // one fetchIt call
 */
export class SharedCalls<V> {
  readonly #entries = new Map<string, Entry<V>>();

  /** Number of calls currently in flight. */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether a call for `key` is in flight, so {@link run} would join it. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Joins the in-flight call for `key`, or starts `compute` if there is none. */
  run(key: string, compute: (signal: AbortSignal) => Promise<V>, signal?: AbortSignal): Promise<V> {
    signal?.throwIfAborted();
    let entry = this.#entries.get(key);
    if (!entry) {
      const controller = new AbortController();
      const promise = Promise.resolve()
        .then(() => compute(controller.signal))
        .finally(() => {
          if (this.#entries.get(key) === created) this.#entries.delete(key);
        });
      // Every waiter attaches its own handler; this one only keeps an unobserved rejection quiet.
      promise.catch(() => {});
      const created: Entry<V> = { promise, controller, waiters: 0 };
      this.#entries.set(key, created);
      entry = created;
    }
    return this.#wait(key, entry, signal);
  }

  #wait(key: string, entry: Entry<V>, signal: AbortSignal | undefined): Promise<V> {
    entry.waiters++;
    if (!signal) return entry.promise;
    return new Promise<V>((resolve, reject) => {
      const onAbort = () => {
        entry.waiters--;
        if (entry.waiters === 0) {
          entry.controller.abort(signal.reason);
          // A later identical request must start afresh rather than join a cancelled call.
          if (this.#entries.get(key) === entry) this.#entries.delete(key);
        }
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      entry.promise.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }
}
