import type { Redis } from "ioredis";
import { type CacheLogger, type CacheLookup, LMCache } from "../../lm/cache.js";
import { closeRedis, openRedis, type RedisTarget } from "./open-redis.js";

const TIMEOUT = Symbol("timeout");

/** Options of {@link RedisLMCache}. */
export interface RedisLMCacheOptions {
  /** The Redis server: a URL (`"redis://127.0.0.1:6379"`), ioredis options or an ioredis instance. */
  redis: RedisTarget;
  /** Prefix of the cache's keys (default `"dspy:lm-cache:"`). */
  prefix?: string;
  /** How long a response stays in Redis, in s (default: until evicted). */
  ttlSeconds?: number;
  /** How long a lookup waits for Redis before calling the LM instead, in ms (default 250). */
  timeoutMs?: number;
  /** Most responses kept in this process's memory in front of Redis (default 10 000; 0 for none). */
  memoryMaxEntries?: number;
  /** Receives warnings about an unreachable or failing Redis (default `process.emitWarning`). */
  logger?: CacheLogger;
}

/**
 * An LM response cache shared by every process pointed at one Redis — the coordinator and all
 * distributed workers see each other's responses. Keys are DSPy's cache keys (a hash of the
 * request without the API key and other ignored parameters); values are the responses only, so
 * no credential is ever stored. An in-memory LRU sits in front, identical requests in flight in
 * one process are shared, and Redis trouble (down, slow, full) only costs a cache miss and a
 * warning: the LM call goes ahead.
 *
 * @example
 * const cache = new RedisLMCache({ redis: "redis://127.0.0.1:6379", ttlSeconds: 7 * 24 * 3600 });
 * const lm = new LM("openai/gpt-4o-mini", { cacheStore: cache });
 */
export class RedisLMCache extends LMCache {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #ttlSeconds: number | undefined;
  readonly #timeoutMs: number;
  readonly #warn: (message: string) => void;

  constructor(options: RedisLMCacheOptions) {
    const max = options.memoryMaxEntries ?? 10_000;
    super({ disk: false, memory: max > 0, memoryMaxEntries: Math.max(1, max), logger: options.logger });
    // One retry: with Redis away, queued writes fail soon (a warning) instead of piling up.
    this.#client = openRedis(options.redis, { connectionName: "dspy-lm-cache", maxRetriesPerRequest: 1 });
    this.#client.on("error", () => {});
    this.#prefix = options.prefix ?? "dspy:lm-cache:";
    this.#ttlSeconds = options.ttlSeconds;
    this.#timeoutMs = options.timeoutMs ?? 250;
    const logger = options.logger ?? {
      warn: (message: string) => process.emitWarning(message, { code: "DSPY_LM_CACHE" }),
    };
    this.#warn = (message) => logger.warn(`Redis LM cache: ${message}`);
  }

  /** Stores a response in memory and (in the background) in Redis. */
  override set(key: string, value: unknown): void {
    super.set(key, value);
    const text = JSON.stringify(value);
    const stored =
      this.#ttlSeconds !== undefined
        ? this.#client.set(this.#prefix + key, text, "EX", this.#ttlSeconds)
        : this.#client.set(this.#prefix + key, text);
    stored.catch((error: unknown) => this.#warn(`could not store a response (${(error as Error).message})`));
  }

  override async getOrCompute<V>(
    key: string,
    compute: (signal: AbortSignal) => Promise<V>,
    options: { signal?: AbortSignal } = {},
  ): Promise<CacheLookup<V>> {
    const remembered = this.get<V>(key);
    if (remembered !== undefined) return { value: remembered, cacheHit: true, shared: false };
    const stored = await this.#read(key);
    if (stored !== undefined) {
      try {
        const value = JSON.parse(stored) as V;
        super.set(key, value);
        return { value, cacheHit: true, shared: false };
      } catch {
        this.#warn(`ignoring an unreadable entry ${key}`);
      }
    }
    return super.getOrCompute(key, compute, options);
  }

  /** Closes the Redis connection once the writes sent are answered (the memory level stays usable). */
  override close(): void {
    super.close();
    void closeRedis(this.#client);
  }

  async #read(key: string): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMEOUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMEOUT), this.#timeoutMs);
    });
    try {
      const reply = await Promise.race([this.#client.get(this.#prefix + key), timeout]);
      if (reply === TIMEOUT) {
        this.#warn(`no answer within ${this.#timeoutMs} ms; calling the LM`);
        return undefined;
      }
      return typeof reply === "string" ? reply : undefined;
    } catch (error) {
      this.#warn(`lookup failed (${(error as Error).message}); calling the LM`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
