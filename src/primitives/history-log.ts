/** Options for {@link HistoryLog}. */
export interface HistoryLogOptions {
  /** Most entries kept; the oldest go first (default 10 000, DSPy's `MAX_HISTORY_SIZE`). */
  maxSize?: number;
}

/**
 * A bounded record of LM calls, oldest first: DSPy's `GLOBAL_HISTORY` (kept in the settings
 * context as `history`, never in a module-level variable) and each module's `history`. Entries
 * are the LM's history entries (`LMHistoryEntry`); the type parameter exists only because this
 * class sits below the LM layer.
 *
 * @example
 * const history = new HistoryLog();
 * await context({ history }, () => program.call({ question }));
 * history.entries.at(-1)?.usage;
 * inspectHistory(1, { of: history });
 */
export class HistoryLog<Entry extends object = object> {
  readonly maxSize: number;
  readonly #entries: Entry[] = [];
  /** Entries before this index are dropped but not yet removed (see {@link record}). */
  #dropped = 0;

  constructor(options: HistoryLogOptions = {}) {
    this.maxSize = options.maxSize ?? 10_000;
  }

  /** The recorded entries, oldest first (the array is kept, and trimmed, in place). */
  get entries(): readonly Entry[] {
    this.#compact();
    return this.#entries;
  }

  /** How many entries are kept. */
  get length(): number {
    return this.#entries.length - this.#dropped;
  }

  /**
   * Appends one entry, dropping the oldest beyond `maxSize` (or the tighter `limit` given, as
   * DSPy bounds module histories by `settings.max_history_size`).
   *
   * @example
   * log.record(entry);
   */
  record(entry: Entry, limit = this.maxSize): void {
    const max = Math.min(limit, this.maxSize);
    if (max <= 0) return;
    this.#entries.push(entry);
    // At the cap every call drops one entry. Removing it at once (`shift` on a 10 000-entry
    // array) cost ~1.4 µs per history per LM call; dropped entries are removed in batches
    // instead, and always before anyone reads the entries.
    const excess = this.#entries.length - this.#dropped - max;
    if (excess > 0) this.#dropped += excess;
    if (this.#dropped >= COMPACT_AFTER) this.#compact();
  }

  /**
   * Forgets every entry.
   *
   * @example
   * program.history.clear();
   */
  clear(): void {
    this.#entries.length = 0;
    this.#dropped = 0;
  }

  #compact(): void {
    if (this.#dropped === 0) return;
    this.#entries.splice(0, this.#dropped);
    this.#dropped = 0;
  }
}

/** How many dropped entries are removed together (they stay referenced until then). */
const COMPACT_AFTER = 1024;

/**
 * Trims an array to its last `max` items in place. At the cap one item goes per append, and
 * `shift` drops it in O(1) where `splice(0, 1)` moves all the others (~50 µs at 10 000).
 *
 * @example
 * dropOldest(entries, 10_000);
 */
export function dropOldest(items: unknown[], max: number): void {
  const excess = items.length - max;
  if (excess === 1) items.shift();
  else if (excess > 1) items.splice(0, excess);
}
