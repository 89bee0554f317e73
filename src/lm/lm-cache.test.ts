import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScriptedServer } from "../test/scripted-server.js";
import { LMCache } from "./cache.js";
import { LM } from "./lm.js";
import type { LMOptions } from "./lm-options.js";

let server: ScriptedServer;
let directory: string;
const warnings: string[] = [];
const logger = { warn: (message: string) => warnings.push(message) };
const messages = [{ role: "user" as const, content: "What is 2+2?" }];

beforeEach(async () => {
  warnings.length = 0;
  directory = mkdtempSync(join(tmpdir(), "dspy-lm-cache-"));
  server = await ScriptedServer.start({
    rules: [{ match: "slow", latencyMs: 100, reply: "slow answer" }, { reply: "4" }],
  });
});
afterEach(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

function makeLM(options: LMOptions = {}): LM {
  return new LM("openai/gpt-4o-mini", {
    baseURL: server.baseURL,
    apiKey: "sk-test-secret",
    temperature: 0,
    maxTokens: 1000,
    cacheStore: new LMCache({ directory, logger }),
    logger,
    ...options,
  });
}

/** Disk writes are committed after the event-loop turn that made them. */
const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

function rows(): { key: string; value: string }[] {
  const database = new DatabaseSync(join(directory, "lm-cache.sqlite"));
  try {
    return database.prepare("SELECT key, value FROM lm_cache").all() as { key: string; value: string }[];
  } finally {
    database.close();
  }
}

describe("LM response cache", () => {
  it("serves a repeated request without HTTP and marks it as a hit with empty usage", async () => {
    const lm = makeLM();
    const first = await lm.call(messages);
    const second = await lm.call(messages);
    expect(server.chatRequests).toHaveLength(1);
    expect(second.map((output) => output.text)).toEqual(["4"]);
    expect(first[0]?.usage.total_tokens).toBeGreaterThan(0);
    expect(second[0]?.usage).toEqual({});
    expect(lm.history.map((entry) => entry.cacheHit)).toEqual([false, true]);
  });

  it("persists to disk so a new process (a fresh cache object) gets the hit", async () => {
    await makeLM().call(messages);
    await endOfTurn();
    const outputs = await makeLM().call(messages);
    expect(outputs[0]?.text).toBe("4");
    expect(server.chatRequests).toHaveLength(1);
  });

  it("stores rows under DSPy's cache key and keeps API keys out of them", async () => {
    await makeLM().call(messages, { api_key: "sk-call-secret" });
    await endOfTurn();
    const stored = rows();
    expect(stored).toHaveLength(1);
    // DSPy 3.4.1: cache_key(prepare(dspy.LM("openai/gpt-4o-mini", temperature=0.0, max_tokens=1000),
    //   None, messages, {"api_key": "sk-call-secret"}).key(lm, False), IGNORED_CACHE_KEYS)
    expect(stored[0]?.key).toBe("174907882eec1c89046b07cf3664be6649a7df1a17a5740627c40c836bb3f0ba");
    const everything = JSON.stringify(stored);
    expect(everything).not.toContain("sk-call-secret");
    expect(everything).not.toContain("sk-test-secret");
  });

  it("bypasses the cache when a call passes cache: false, and for an LM built with cache: false", async () => {
    const lm = makeLM();
    await lm.call(messages);
    await lm.call(messages, { cache: false });
    await makeLM({ cache: false }).call(messages);
    expect(server.chatRequests).toHaveLength(3);
  });

  it("keys different parameters and rollout ids apart", async () => {
    const lm = makeLM();
    await lm.call(messages);
    await lm.call(messages, { temperature: 0.5 });
    await lm.call(messages, { rollout_id: 1 });
    await lm.call(messages, { rollout_id: null });
    expect(server.chatRequests).toHaveLength(3);
    // DSPy's warning: with temperature 0 a rollout id only separates cache entries.
    expect(warnings).toContain("rollout_id has no effect when temperature=0; set temperature>0 to bypass the cache.");
  });

  it("sends concurrent identical requests once", async () => {
    const lm = makeLM();
    const slow = [{ role: "user" as const, content: "slow question" }];
    const results = await Promise.all(Array.from({ length: 5 }, () => lm.call(slow)));
    expect(server.chatRequests).toHaveLength(1);
    expect(results.map((outputs) => outputs[0]?.text)).toEqual(Array(5).fill("slow answer"));
    expect(lm.history.filter((entry) => !entry.cacheHit)).toHaveLength(1);
  });

  it("keeps a shared request alive when only one of its callers aborts", async () => {
    const lm = makeLM();
    const slow = [{ role: "user" as const, content: "slow question" }];
    const controller = new AbortController();
    const impatient = lm.call(slow, {}, { signal: controller.signal });
    const patient = lm.call(slow);
    setTimeout(() => controller.abort(), 20);
    await expect(impatient).rejects.toMatchObject({ name: "AbortError" });
    await expect(patient).resolves.toMatchObject([{ text: "slow answer" }]);
    expect(server.chatRequests).toHaveLength(1);
  });

  it("warns and bypasses a corrupt cache file instead of failing", async () => {
    writeFileSync(join(directory, "lm-cache.sqlite"), "this is not a database ".repeat(200));
    const lm = makeLM();
    const outputs = await lm.call(messages);
    expect(outputs[0]?.text).toBe("4");
    expect(warnings.some((warning) => warning.includes("unusable"))).toBe(true);
    // The memory level still works.
    await lm.call(messages);
    expect(server.chatRequests).toHaveLength(1);
  });

  it("warns and bypasses a cache file another process has locked", async () => {
    const lm = makeLM();
    await lm.call(messages);
    const locker = new DatabaseSync(join(directory, "lm-cache.sqlite"));
    locker.exec("BEGIN EXCLUSIVE");
    try {
      const outputs = await lm.call([{ role: "user", content: "a new question" }]);
      expect(outputs[0]?.text).toBe("4");
      await endOfTurn();
      expect(warnings.some((warning) => warning.includes("locked"))).toBe(true);
    } finally {
      locker.exec("ROLLBACK");
      locker.close();
    }
  });
});
