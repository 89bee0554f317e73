import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LM } from "../../src/lm/lm.js";
import { DistributedEvaluator } from "../../src/runtime/distributed/distributed-evaluator.js";
import { RedisLMCache } from "../../src/runtime/distributed/redis-lm-cache.js";
import { evaluateJob } from "../../src/runtime/evaluate-job.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";
import { metric, program } from "./fixtures/sum-program.js";
import { sumDevset, sumReply } from "./sum-lm.js";
import { startWorkerProcess } from "./worker-process.js";

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
    const client = new Redis(redis);
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

describe("dspy-typescript worker --shared-cache", () => {
  it("answers a repeated evaluation from the responses another worker stored in Redis", async () => {
    const devset = sumDevset(12);
    const lmServer = await ScriptedServer.start({ rules: [{ reply: sumReply, latencyMs: 10 }] });
    const start = (index: number) =>
      startWorkerProcess({
        redis,
        queue: "shared-cache",
        lmUrl: lmServer.baseURL,
        apiKey: `key-shared-${index}`,
        extraArgs: ["--model", "openai/scripted-sum", "--base-url", lmServer.baseURL, "--shared-cache"],
        env: { OPENAI_API_KEY: `sk-shared-secret-${index}` },
      });
    const distributed = new DistributedEvaluator({ redis, queue: "shared-cache" });
    try {
      const first = await start(0);
      const cold = await evaluateJob(program, { devset, metric, backend: distributed });
      const requests = lmServer.chatRequests.length;
      await first.stop();
      // A different worker process, a different API key: every answer comes from Redis.
      const second = await start(1);
      const warm = await evaluateJob(program, { devset, metric, backend: distributed });
      await second.stop();
      expect(requests).toBe(devset.length);
      expect(lmServer.chatRequests.length).toBe(requests);
      expect(warm.score).toBe(cold.score);
      expect(warm.results.map(([, prediction]) => prediction.toDict())).toEqual(
        cold.results.map(([, prediction]) => prediction.toDict()),
      );
    } finally {
      await distributed.close();
      await lmServer.close();
    }
  });
});
