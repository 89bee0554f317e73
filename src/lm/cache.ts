import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { LRUCache } from "lru-cache";
import { newLRUCache } from "../utils/lazy-module.js";
import { SharedCalls } from "./shared-calls.js";

/** Where cache problems are reported; they are never raised. */
export interface CacheLogger {
  warn(message: string): void;
}

/** Options for {@link LMCache}. */
export interface LMCacheOptions {
  /** Directory of the on-disk cache (default {@link defaultCacheDirectory}). */
  directory?: string;
  /** Keep responses on disk, across processes (default true). */
  disk?: boolean;
  /** Keep responses in memory (default true). */
  memory?: boolean;
  /** Most responses kept in memory, least recently used evicted first (default 100 000). */
  memoryMaxEntries?: number;
  /** How long a read or write waits for another process's lock, in ms (default 50; it blocks the event loop). */
  busyTimeoutMs?: number;
  /** Receives warnings about an unusable cache file (default `process.emitWarning`). */
  logger?: CacheLogger;
  /** Environment used to find the default directory (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Result of {@link LMCache.getOrCompute}. */
export interface CacheLookup<V> {
  value: V;
  /** True when the value came from memory or disk rather than from `compute`. */
  cacheHit: boolean;
  /** True when this caller joined an identical request already in flight instead of starting one. */
  shared: boolean;
}

/**
 * The default cache directory: `$DSPY_TS_CACHEDIR`, else `$XDG_CACHE_HOME/dspy-typescript`,
 * else `~/.cache/dspy-typescript` (`%LOCALAPPDATA%\dspy-typescript` on Windows).
 *
 * @example
 * defaultCacheDirectory({ XDG_CACHE_HOME: "/var/cache" }); // "/var/cache/dspy-typescript"
 */
export function defaultCacheDirectory(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.DSPY_TS_CACHEDIR) return env.DSPY_TS_CACHEDIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "dspy-typescript");
  if (process.platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "dspy-typescript");
  return join(homedir(), ".cache", "dspy-typescript");
}

/**
 * DSPy's two-level response cache: an in-memory LRU in front of an on-disk store (SQLite via
 * `node:sqlite`, one file shared by processes), plus sharing of identical in-flight requests.
 * Values are JSON; each read returns a fresh copy. The file is opened on first use, not on
 * construction. A corrupt, locked or unwritable file produces a warning and is bypassed; the
 * cache never makes a call fail.
 *
 * @example
 * const cache = new LMCache({ directory: "/tmp/my-cache" });
 * const { value, cacheHit } = await cache.getOrCompute(key, (signal) => callTheModel(signal));
 */
export class LMCache {
  /** Path of the SQLite file, or `undefined` when the disk level is off. */
  readonly path: string | undefined;
  readonly #memory: LRUCache<string, string> | undefined;
  readonly #shared = new SharedCalls<unknown>();
  readonly #logger: CacheLogger;
  readonly #busyTimeoutMs: number;
  #database: DatabaseSync | undefined;
  #select: StatementSync | undefined;
  #insert: StatementSync | undefined;
  #diskUnusable = false;
  /** Disk writes not yet committed, by key: they go in one transaction after the current event-loop turn. */
  readonly #pending = new Map<string, { text: string; createdAt: number }>();
  #flushScheduled: NodeJS.Immediate | undefined;
  readonly #flushOnExit = () => this.flush();

  constructor(options: LMCacheOptions = {}) {
    const directory = options.directory ?? defaultCacheDirectory(options.env);
    this.path = options.disk === false ? undefined : join(directory, "lm-cache.sqlite");
    this.#diskUnusable = this.path === undefined;
    const max = options.memoryMaxEntries ?? 100_000;
    this.#memory = options.memory === false ? undefined : newLRUCache<string, string>({ max });
    this.#logger = options.logger ?? { warn: (message) => process.emitWarning(message, { code: "DSPY_LM_CACHE" }) };
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 50;
  }

  /** Number of identical requests currently shared in flight. */
  get inFlight(): number {
    return this.#shared.size;
  }

  /**
   * The cached value for `key`, or `undefined`. A disk hit is promoted to memory.
   *
   * @example
   * cache.get("a54deb4d…"); // { outputs: [...] } or undefined
   */
  get<V = unknown>(key: string): V | undefined {
    const remembered = this.#memory?.get(key);
    if (remembered !== undefined) return JSON.parse(remembered) as V;
    const stored = this.#readDisk(key);
    if (stored === undefined) return undefined;
    try {
      const value = JSON.parse(stored) as V;
      this.#memory?.set(key, stored);
      return value;
    } catch (error) {
      this.#warn(`ignoring an unreadable cache entry ${key}`, error);
      return undefined;
    }
  }

  /**
   * Stores a JSON-serializable value under `key` in memory and on disk. The disk write is
   * committed after the current event-loop turn, together with any others made meanwhile, so a
   * call does not wait for SQLite; {@link flush}, {@link close} and process exit commit at once.
   * Reads through this cache see the value immediately.
   *
   * @example
   * cache.set(key, { outputs: [{ text: "4" }] });
   */
  set(key: string, value: unknown): void {
    const text = JSON.stringify(value);
    this.#memory?.set(key, text);
    if (!this.#open()) return;
    this.#pending.delete(key);
    this.#pending.set(key, { text, createdAt: Date.now() / 1000 });
    if (this.#pending.size >= MAX_PENDING_WRITES) this.flush();
    else if (this.#flushScheduled === undefined) {
      this.#flushScheduled = setImmediate(() => this.flush());
      // Nothing is lost if the process ends before the turn does: exit commits what is left.
      process.once("exit", this.#flushOnExit);
    }
  }

  /**
   * Commits the pending disk writes now, in one transaction. A failure is reported as a
   * warning and those responses are not stored, as with any cache write.
   *
   * @example
   * cache.flush(); // before handing the cache file to another process
   */
  flush(): void {
    if (this.#flushScheduled !== undefined) {
      clearImmediate(this.#flushScheduled);
      this.#flushScheduled = undefined;
      process.removeListener("exit", this.#flushOnExit);
    }
    if (this.#pending.size === 0) return;
    const writes = [...this.#pending];
    this.#pending.clear();
    const database = this.#open();
    if (!database || !this.#insert) return;
    try {
      database.exec("BEGIN IMMEDIATE");
      try {
        for (const [key, { text, createdAt }] of writes) this.#insert.run(key, text, createdAt);
        database.exec("COMMIT");
      } catch (error) {
        database.exec("ROLLBACK");
        throw error;
      }
    } catch (error) {
      this.#warn("could not write to the LM cache file; continuing without storing these responses", error);
    }
  }

  /**
   * Returns the cached value, or runs `compute` once for all concurrent callers of the same key
   * and stores its result. Failures are not cached. `signal` aborts this caller only.
   *
   * @example
   * const { value } = await cache.getOrCompute(key, (signal) => fetchCompletion(signal), { signal });
   */
  async getOrCompute<V>(
    key: string,
    compute: (signal: AbortSignal) => Promise<V>,
    options: { signal?: AbortSignal } = {},
  ): Promise<CacheLookup<V>> {
    const cached = this.get<V>(key);
    if (cached !== undefined) return { value: cached, cacheHit: true, shared: false };
    const shared = this.#shared.has(key);
    const value = (await this.#shared.run(
      key,
      async (signal) => {
        const result = await compute(signal);
        this.set(key, result);
        return result;
      },
      options.signal,
    )) as V;
    // Each caller gets its own copy, as DSPy deep-copies cached responses. The caller that ran
    // `compute` can keep the original: the cache holds only its JSON text.
    return { value: shared ? structuredClone(value) : value, cacheHit: false, shared };
  }

  /** Empties the memory level (DSPy's `reset_memory_cache`); the disk is untouched. */
  clearMemory(): void {
    this.#memory?.clear();
  }

  /** Commits pending writes and closes the SQLite file; a later use reopens it. */
  close(): void {
    this.flush();
    this.#database?.close();
    this.#database = undefined;
    this.#select = undefined;
    this.#insert = undefined;
  }

  #readDisk(key: string): string | undefined {
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending.text;
    const database = this.#open();
    if (!database || !this.#select) return undefined;
    try {
      const row = this.#select.get(key) as { value?: unknown } | undefined;
      return typeof row?.value === "string" ? row.value : undefined;
    } catch (error) {
      this.#warn("could not read the LM cache file; bypassing it for this request", error);
      return undefined;
    }
  }

  #open(): DatabaseSync | undefined {
    if (this.#database) return this.#database;
    if (this.#diskUnusable || this.path === undefined) return undefined;
    let database: DatabaseSync | undefined;
    try {
      // Loaded on first use so importing this module does no I/O and works where SQLite is absent.
      const sqlite = process.getBuiltinModule("node:sqlite") as typeof import("node:sqlite");
      mkdirSync(join(this.path, ".."), { recursive: true });
      database = new sqlite.DatabaseSync(this.path);
      database.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(this.#busyTimeoutMs))}`);
      database.exec("PRAGMA journal_mode = WAL");
      // As diskcache (DSPy's cache) does: WAL with NORMAL sync stays consistent after a crash and
      // does not wait on a disk flush for every cached answer.
      database.exec("PRAGMA synchronous = NORMAL");
      database.exec(
        "CREATE TABLE IF NOT EXISTS lm_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, created_at REAL NOT NULL)",
      );
      this.#select = database.prepare("SELECT value FROM lm_cache WHERE key = ?");
      this.#insert = database.prepare("INSERT OR REPLACE INTO lm_cache (key, value, created_at) VALUES (?, ?, ?)");
      this.#database = database;
      return database;
    } catch (error) {
      try {
        database?.close();
      } catch {
        // Closing a half-opened handle can fail too; the file is being abandoned anyway.
      }
      if (isLocked(error)) {
        // Another process holds the file; try again on a later request instead of giving it up.
        this.#warn(`the LM cache file ${this.path} is locked; bypassing it for this request`, error);
        return undefined;
      }
      this.#diskUnusable = true;
      this.#warn(`the LM cache file ${this.path} is unusable (corrupt or unwritable); using memory only`, error);
      return undefined;
    }
  }

  #warn(message: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.#logger.warn(`dspy-typescript: ${message}: ${reason}`);
  }
}

/** Pending disk writes that trigger a commit without waiting for the end of the turn. */
const MAX_PENDING_WRITES = 256;

/** SQLITE_BUSY (5) and SQLITE_LOCKED (6) are transient: another connection holds the lock. */
function isLocked(error: unknown): boolean {
  const code = (error as { errcode?: unknown }).errcode;
  return code === 5 || code === 6 || (error instanceof Error && /database is locked/i.test(error.message));
}
