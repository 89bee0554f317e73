import { Redis } from "ioredis";
import { describe, expect, inject, it } from "vitest";
import { answerExactMatch } from "../../src/evaluate/answer-match.js";
import type { BaseLM, LMOutput } from "../../src/lm/base-lm.js";
import type { Message } from "../../src/lm/message.js";
import { Predict } from "../../src/predict/predict.js";
import { context } from "../../src/predict/settings.js";
import { Example } from "../../src/primitives/example.js";
import { DistributedEvaluator } from "../../src/runtime/distributed/distributed-evaluator.js";
import { DistributedWorker } from "../../src/runtime/distributed/distributed-worker.js";
import { RedisLMCache } from "../../src/runtime/distributed/redis-lm-cache.js";
import { evaluateJob } from "../../src/runtime/evaluate-job.js";

const redis = inject("redisUrl");

/** Echoes "a<n>" for question n, wrong for every third. */
class EchoLM implements BaseLM {
  readonly model = "echo";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  async call(messages: Message[]): Promise<LMOutput[]> {
    const n = Number(/q(\d+)\?/.exec(String(messages.at(-1)?.content))?.[1]);
    return [{ text: `[[ ## answer ## ]]\n${n % 3 === 0 ? "wrong" : `a${n}`}\n\n[[ ## completed ## ]]` }];
  }
}

const devset = Array.from({ length: 12 }, (_, n) =>
  new Example({ question: `What is q${n}?`, answer: `a${n}` }).withInputs("question"),
);

async function clientNames(admin: Redis): Promise<string[]> {
  const list = (await admin.call("CLIENT", "LIST")) as string;
  return [...list.matchAll(/ name=(\S*)/g)].map((match) => match[1] as string).filter((name) => name !== "");
}

describe("an ioredis instance as the connection", () => {
  it("serves as a template for every component's own connections, which close with them", async () => {
    // ioredis's default maxRetriesPerRequest (20) would make BullMQ refuse a blocking copy.
    const shared = new Redis(redis);
    const before = await clientNames(shared);
    const worker = await DistributedWorker.start({
      redis: shared,
      queue: "instance",
      program: new Predict("question -> answer"),
      metric: answerExactMatch,
      lm: new EchoLM(),
    });
    const distributed = new DistributedEvaluator({ redis: shared, queue: "instance" });
    const cache = new RedisLMCache({ redis: shared, prefix: "test:instance:" });
    const result = await evaluateJob(new Predict("question -> answer"), {
      devset,
      metric: answerExactMatch,
      backend: distributed,
    });
    const local = await context({ lm: new EchoLM() }, () =>
      evaluateJob(new Predict("question -> answer"), { devset, metric: answerExactMatch }),
    );
    cache.set("key", { outputs: [] });
    const during = await clientNames(shared);
    await distributed.close();
    await worker.close();
    cache.close();
    let after = await clientNames(shared);
    for (let tries = 0; after.length > before.length && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await clientNames(shared);
    }

    expect(result.score).toBe(local.score);
    expect(result.score).toBeCloseTo(66.67, 1);
    expect(during).toEqual(
      expect.arrayContaining(["dspy-coordinator", "dspy-worker", "dspy-worker-cancel", "dspy-lm-cache"]),
    );
    expect(after).toEqual(before);
    // The instance passed in is the caller's: still open and usable.
    expect(shared.status).toBe("ready");
    expect(await shared.get("test:instance:key")).toBe('{"outputs":[]}');
    await shared.quit();
  });
});
