import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerExactMatch } from "../../src/evaluate/answer-match.js";
import type { BaseLM, LMOutput } from "../../src/lm/base-lm.js";
import type { Message } from "../../src/lm/message.js";
import { Predict } from "../../src/predict/predict.js";
import { context } from "../../src/predict/settings.js";
import { Example } from "../../src/primitives/example.js";
import { DistributedEvaluator } from "../../src/runtime/distributed/distributed-evaluator.js";
import { DistributedWorker } from "../../src/runtime/distributed/distributed-worker.js";
import { evaluateJob } from "../../src/runtime/evaluate-job.js";
import { startTestRedis, type TestRedis } from "./redis-server.js";

// Its own redis-server: these tests cut every connection and wipe the data mid-evaluation.
let redis: TestRedis;
const workers: DistributedWorker[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const worker of workers) await worker.close().catch(() => {});
  await redis?.stop();
});

/** Echoes "a<n>" for question n after a short wait, wrong for every fifth. */
class SlowLM implements BaseLM {
  readonly model = "slow";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  async call(messages: Message[]): Promise<LMOutput[]> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const n = Number(/q(\d+)\?/.exec(String(messages.at(-1)?.content))?.[1]);
    return [{ text: `[[ ## answer ## ]]\n${n % 5 === 0 ? "wrong" : `a${n}`}\n\n[[ ## completed ## ]]` }];
  }
}

const devset = Array.from({ length: 40 }, (_, n) =>
  new Example({ question: `What is q${n}?`, answer: `a${n}` }).withInputs("question"),
);
const program = new Predict("question -> answer");

async function evaluateThrough(disruption: (admin: Redis) => Promise<unknown>) {
  const distributed = new DistributedEvaluator({ redis: redis.url, queue: "outage", pollIntervalMs: 300 });
  const admin = new Redis(redis.url);
  let finished = 0;
  const job = evaluateJob(program, { devset, metric: answerExactMatch, backend: distributed });
  job.on((event) => {
    if (event.type === "example-end") finished++;
  });
  while (finished < 6) await new Promise((resolve) => setTimeout(resolve, 10));
  const finishedBefore = finished;
  await disruption(admin);
  const result = await job;
  await admin.quit();
  await distributed.close();
  return { result, finishedBefore };
}

describe("distributed evaluation through Redis trouble", () => {
  it("survives every connection being cut, then the whole dataset being wiped, mid-evaluation", async () => {
    for (let i = 0; i < 2; i++) {
      workers.push(
        await DistributedWorker.start({
          redis: redis.url,
          queue: "outage",
          program: new Predict("question -> answer"),
          metric: answerExactMatch,
          lm: new SlowLM(),
          concurrency: 3,
          lockDurationMs: 2000,
        }),
      );
    }
    const local = await context({ lm: new SlowLM() }, () => evaluateJob(program, { devset, metric: answerExactMatch }));
    expect(local.score).toBe(80);

    const cut = await evaluateThrough(async (admin) => {
      const normal = (await admin.call("CLIENT", "KILL", "TYPE", "normal")) as number;
      const pubsub = (await admin.call("CLIENT", "KILL", "TYPE", "pubsub")) as number;
      expect(normal + pubsub).toBeGreaterThan(4);
    });
    const wiped = await evaluateThrough((admin) => admin.call("FLUSHALL"));

    for (const { result, finishedBefore } of [cut, wiped]) {
      expect(finishedBefore).toBeLessThan(devset.length);
      expect(result.score).toBe(local.score);
      expect(
        result.results.map(([example, prediction]) => [example.get("question"), prediction.get("answer")]),
      ).toEqual(local.results.map(([example, prediction]) => [example.get("question"), prediction.get("answer")]));
    }
  });
});
