import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LM } from "../../lm/lm.js";
import { ScriptedServer } from "../../test/scripted-server.js";
import { RedisLMCache } from "./redis-lm-cache.js";

// Redis itself is exercised by the scale suite (npm run test:scale); here it is unreachable.
let server: ScriptedServer;
beforeAll(async () => {
  server = await ScriptedServer.start({ rules: [{ reply: "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]" }] });
});
afterAll(() => server.close());

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("RedisLMCache without a reachable Redis", () => {
  it("lets every LM call through, warns, and still serves repeats from memory", async () => {
    const warnings: string[] = [];
    const cache = new RedisLMCache({
      redis: `redis://127.0.0.1:${await closedPort()}`,
      timeoutMs: 50,
      logger: { warn: (message) => warnings.push(message) },
    });
    const lm = new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "sk-test", cacheStore: cache });
    const messages = [{ role: "user" as const, content: "Capital of France?" }];
    const first = await lm.call(messages);
    const second = await lm.call(messages);
    cache.close();
    expect(first[0]?.text).toContain("Paris");
    expect(second[0]?.text).toBe(first[0]?.text);
    expect(server.chatRequests).toHaveLength(1);
    expect(warnings.some((warning) => warning.startsWith("Redis LM cache:"))).toBe(true);
  });
});
