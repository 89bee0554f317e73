import { Redis, type RedisOptions } from "ioredis";
import { DSPyError } from "../../errors/dspy-error.js";

/**
 * Where and how to reach Redis: ioredis connection options — `host`, `port`, `password`,
 * `username`, `db`, and also `tls`, `sentinels` + `name` (Sentinel), timeouts.
 *
 * @example
 * const address: RedisAddress = { host: "redis.internal", port: 6380, password: "…", tls: {} };
 */
export type RedisAddress = RedisOptions;

/**
 * The Redis a distributed component uses: a `redis://` or `rediss://` URL, ioredis options, or
 * an ioredis `Redis` instance (used as a template: the component opens its own connections
 * with its options and closes them, the instance itself is left as it is).
 *
 * @example
 * const target: RedisTarget = new Redis({ sentinels: [{ host: "sentinel", port: 26379 }], name: "main" });
 */
export type RedisTarget = string | RedisAddress | Redis;

/**
 * Opens a connection this process owns (its caller must `quit()` it). BullMQ needs
 * `maxRetriesPerRequest: null` on connections its workers and event readers block on.
 *
 * @example
 * const client = openRedis("redis://127.0.0.1:6379", { connectionName: "dspy-worker", maxRetriesPerRequest: null });
 * await client.quit();
 */
export function openRedis(target: RedisTarget, options: RedisOptions = {}): Redis {
  if (typeof target === "string") {
    if (!/^rediss?:\/\//.test(target)) {
      throw new DSPyError(`Only redis:// and rediss:// URLs are supported, got '${target}'.`, { code: "value_error" });
    }
    return new Redis(target, options);
  }
  if (isRedisInstance(target)) return target.duplicate(options);
  return new Redis({ ...target, ...options });
}

// Structural, so an instance from another copy of ioredis is recognised too.
function isRedisInstance(target: RedisAddress | Redis): target is Redis {
  return typeof (target as Redis).duplicate === "function" && typeof (target as Redis).defineCommand === "function";
}

/**
 * Closes a connection: `QUIT` once the commands sent are answered, or at once when it is not
 * connected (a queued `QUIT` would wait for a server that may never come back).
 *
 * @example
 * await closeRedis(client);
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === "end") return;
  if (client.status !== "ready") {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}
