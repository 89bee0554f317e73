/**
 * A bounded single-consumer queue between a producer and an `for await` loop (what DSPy's
 * `streamify` gets from an anyio memory object stream): `send` resolves once the value fits in
 * the buffer, so a slow consumer slows the producer down; the consumer sees values in order, then
 * the end or the producer's error. A consumer that leaves calls {@link cancel}, which makes every
 * pending and later `send` reject, so the producer stops.
 *
 * @example
 * const channel = new AsyncChannel<string>(16);
 * produce(channel).then(() => channel.close(), (error) => channel.fail(error));
 * for await (const value of channel) console.log(value);
 */
export class AsyncChannel<T> implements AsyncIterable<T> {
  readonly #capacity: number;
  readonly #items: T[] = [];
  // Senders whose value is in the buffer beyond its capacity, oldest first.
  readonly #blocked: { resolve: () => void; reject: (reason: unknown) => void }[] = [];
  #wake: (() => void) | undefined;
  #closed = false;
  #failure: { error: unknown } | undefined;
  #cancelled: { reason: unknown } | undefined;

  constructor(capacity = 16) {
    this.#capacity = capacity;
  }

  /**
   * Queues `value`; resolves when it fits in the buffer, rejects once the consumer has cancelled.
   *
   * @example
   * await channel.send(chunk);
   */
  send(value: T): Promise<void> {
    if (this.#cancelled) return Promise.reject(this.#cancelled.reason);
    if (this.#closed || this.#failure) return Promise.reject(new Error("send on a closed channel"));
    this.#items.push(value);
    this.#notify();
    if (this.#items.length <= this.#capacity) return Promise.resolve();
    return new Promise((resolve, reject) => this.#blocked.push({ resolve, reject }));
  }

  /** No more values: the consumer ends after the buffered ones. */
  close(): void {
    this.#closed = true;
    this.#notify();
  }

  /** The producer failed: the consumer throws `error` after the buffered values. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    this.#notify();
  }

  /**
   * The consumer has left: drops the buffer and rejects pending and later sends with `reason`.
   *
   * @example
   * channel.cancel(new AbortError("stream closed"));
   */
  cancel(reason: unknown): void {
    if (this.#cancelled) return;
    this.#cancelled = { reason };
    this.#items.length = 0;
    for (const sender of this.#blocked.splice(0)) sender.reject(reason);
    this.#notify();
  }

  /**
   * The next value, or the end; throws the producer's error.
   *
   * @example
   * const { value, done } = await channel.next();
   */
  async next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (this.#cancelled) return { value: undefined, done: true };
      if (this.#items.length > 0) {
        const value = this.#items.shift() as T;
        this.#blocked.shift()?.resolve();
        return { value, done: false };
      }
      if (this.#failure) {
        const { error } = this.#failure;
        this.#cancelled = { reason: error };
        throw error;
      }
      if (this.#closed) return { value: undefined, done: true };
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return { next: () => this.next() };
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
