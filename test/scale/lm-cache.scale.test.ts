import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LM } from "../../src/lm/lm.js";
import { RedisClient } from "../../src/runtime/distributed/redis-client.js";
import { RedisLMCache } from "../../src/runtime/distributed/redis-lm-cache.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";

const redis = inject("redisUrl");
let server: ScriptedServer;
beforeAll(async () => {
  server = await ScriptedServer.start({ rules: [{ reply: "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]" }] });
});
afterAll(() => server.close());

describe("RedisLMCache on a real Redis", () => {
  it("serves a second process's identical request from Redis and stores no API key", async () => {
    const prefix = "test:lm-cache:";
    const messages = [{ role: "user" as const, content: "Capital of France?" }];
    // Two caches with separate memories stand for two processes sharing one Redis.
    const first = new RedisLMCache({ redis, prefix, ttlSeconds: 600 });
    const second = new RedisLMCache({ redis, prefix });
    const lm = (cacheStore: RedisLMCache, apiKey: string) =>
      new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey, cacheStore });
    const answered = await lm(first, "sk-first-secret-key").call(messages);
    // The write to Redis is in the background; wait for it to land.
    const client = new RedisClient(redis);
    let keys: string[] = [];
    for (let tries = 0; keys.length === 0 && tries < 100; tries++) {
      keys = (await client.call("KEYS", `${prefix}*`)) as string[];
      if (keys.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const replayed = await lm(second, "sk-second-secret-key").call(messages);

    expect(replayed[0]?.text).toBe(answered[0]?.text);
    expect(server.chatRequests).toHaveLength(1);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^test:lm-cache:[0-9a-f]{64}$/);
    const stored = (await client.call("GET", keys[0] as string)) as string;
    expect(JSON.parse(stored).outputs[0].text).toContain("Paris");
    expect(stored).not.toContain("secret");
    const ttl = (await client.call("TTL", keys[0] as string)) as number;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
    first.close();
    second.close();
    await client.quit();
  });
});
