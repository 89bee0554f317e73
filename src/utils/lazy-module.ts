import { createRequire } from "node:module";
import type { LRUCache } from "lru-cache";
import type PQueueClass from "p-queue";

// Importing dspy-typescript must stay cheap (a cold-import budget of ~60 ms): dependencies that
// only some calls need load on first use instead. `require` of an ES module is synchronous
// (Node ≥ 20.19) and shares the instance with any `import` of it.
const load = createRequire(import.meta.url);

/**
 * A `p-queue` queue, the package loaded on first use.
 *
 * @example
 * const queue = newPQueue({ concurrency: 4 });
 */
export function newPQueue(options: ConstructorParameters<typeof PQueueClass>[0]): PQueueClass {
  const { default: PQueue } = load("p-queue") as { default: typeof PQueueClass };
  return new PQueue(options);
}

/**
 * An `lru-cache` cache, the package loaded on first use.
 *
 * @example
 * const memory = newLRUCache<string, string>({ max: 1000 });
 */
export function newLRUCache<K extends {}, V extends {}>(options: LRUCache.Options<K, V, unknown>): LRUCache<K, V> {
  const { LRUCache: LRU } = load("lru-cache") as typeof import("lru-cache");
  return new LRU<K, V>(options);
}

/**
 * `node:crypto`, loaded on first use (it pulls in ~20 internal modules).
 *
 * @example
 * nodeCrypto().createHash("sha256").update(text).digest("hex");
 */
export function nodeCrypto(): typeof import("node:crypto") {
  return process.getBuiltinModule("node:crypto") as typeof import("node:crypto");
}

/**
 * A random UUID (v4) from Web Crypto, which needs no import.
 *
 * @example
 * randomUUID(); // "3b241101-e2bb-4255-8caf-4136c566a962"
 */
export function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}
