import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { DSPyError } from "../../errors/dspy-error.js";
import { closeRedis, openRedis } from "./open-redis.js";

// lazyConnect throughout: these connections are never used, so nothing needs a server.
describe("openRedis", () => {
  it("reads redis:// and rediss:// URLs, and refuses other schemes with a typed error", async () => {
    const plain = openRedis("redis://user:p%40ss@cache.internal:6390/2", { lazyConnect: true });
    const secure = openRedis("rediss://cache.internal:6391", { lazyConnect: true });
    expect(plain.options).toMatchObject({
      host: "cache.internal",
      port: 6390,
      db: 2,
      username: "user",
      password: "p@ss",
    });
    expect(secure.options.tls).toBeDefined();
    expect(() => openRedis("http://cache.internal:6379")).toThrow(DSPyError);
    expect(() => openRedis("http://cache.internal:6379")).toThrow("Only redis:// and rediss:// URLs are supported");
    await closeRedis(plain);
    await closeRedis(secure);
    expect([plain.status, secure.status]).toEqual(["end", "end"]);
  });

  it("opens its own copy of an ioredis instance, with the overrides, leaving the instance alone", async () => {
    const instance = new Redis({ host: "cache.internal", port: 6392, password: "secret", lazyConnect: true });
    const copy = openRedis(instance, { connectionName: "dspy-worker", maxRetriesPerRequest: null });
    expect(copy).not.toBe(instance);
    expect(copy.options).toMatchObject({ host: "cache.internal", port: 6392, password: "secret" });
    expect(copy.options.connectionName).toBe("dspy-worker");
    expect(copy.options.maxRetriesPerRequest).toBeNull();
    expect(instance.options.maxRetriesPerRequest).toBe(20);
    await closeRedis(copy);
    expect([copy.status, instance.status]).toEqual(["end", "wait"]);
    instance.disconnect();
  });

  it("takes ioredis options, the caller's overridden by the component's", async () => {
    const client = openRedis(
      { host: "cache.internal", port: 6393, maxRetriesPerRequest: 5 },
      { lazyConnect: true, maxRetriesPerRequest: null },
    );
    expect(client.options).toMatchObject({ host: "cache.internal", port: 6393, maxRetriesPerRequest: null });
    await closeRedis(client);
  });
});
