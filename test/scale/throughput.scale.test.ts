import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { EvaluationResult } from "../../src/evaluate/evaluation-result.js";
import { LM } from "../../src/lm/lm.js";
import { context } from "../../src/predict/settings.js";
import { DistributedEvaluator } from "../../src/runtime/distributed/distributed-evaluator.js";
import { evaluateJob } from "../../src/runtime/evaluate-job.js";
import type { JobEvent } from "../../src/runtime/job-event.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";
import { metric, program } from "./fixtures/sum-program.js";
import { perKeyRateLimit, sumDevset, sumReply } from "./sum-lm.js";
import { startWorkerProcess, type WorkerProcess } from "./worker-process.js";

// The same devset evaluated locally, then by 1 worker and by 4 worker processes, on a scripted
// LM that allows each API key (each worker has its own) PER_SECOND requests per second.
const EXAMPLES = 48;
const PER_SECOND = 8;
const LATENCY_MS = 50;
const ROUNDS = 3;
const devset = sumDevset(EXAMPLES);
const redis = inject("redisUrl");
let server: ScriptedServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  server = await ScriptedServer.start({
    rules: [perKeyRateLimit(PER_SECOND), { reply: sumReply, latencyMs: LATENCY_MS }],
  });
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await server?.close();
});

async function startPool(queue: string, count: number, metricLog: string): Promise<WorkerProcess[]> {
  const started = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      startWorkerProcess({ redis, queue, lmUrl: server.baseURL, apiKey: `key-${queue}-${index}`, metricLog }),
    ),
  );
  workers.push(...started);
  return started;
}

async function distributedRun(queue: string) {
  const distributed = new DistributedEvaluator({ redis, queue });
  const events: JobEvent[] = [];
  const begin = performance.now();
  const job = evaluateJob(program, { devset, metric, backend: distributed });
  job.on((event) => events.push(event));
  const result = await job;
  const seconds = (performance.now() - begin) / 1000;
  await distributed.close();
  // Let the per-key rate windows of this run expire so the next run starts as this one did.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  return { result, seconds, events };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function summary(result: EvaluationResult) {
  return {
    score: result.score,
    rows: result.results.map(([example, prediction, score]) => [example.toDict(), prediction.toDict(), score]),
  };
}

describe("distributed evaluation over BullMQ workers", () => {
  it("equals a local run with 1 and with 4 workers, and 4 workers are faster on a per-key rate limit", async () => {
    const lm = new LM("openai/scripted-sum", {
      baseURL: server.baseURL,
      apiKey: "key-local",
      cache: false,
      numRetries: 50,
    });
    const local = await context({ lm }, () => evaluateJob(program, { devset, metric, numThreads: 8 }));
    expect(local.score).toBeGreaterThan(0);
    expect(local.score).toBeLessThan(100);

    const directory = mkdtempSync(join(tmpdir(), "dspy-scale-"));
    await startPool("throughput-1", 1, join(directory, "one.log"));
    await startPool("throughput-4", 4, join(directory, "four.log"));
    // A first, untimed round warms each worker up (its first LM call loads the provider code).
    await distributedRun("throughput-1");
    await distributedRun("throughput-4");
    // Alternating rounds, so both pools see the same machine load; the ratio of medians is reported.
    const rounds = {
      one: [] as Awaited<ReturnType<typeof distributedRun>>[],
      four: [] as Awaited<ReturnType<typeof distributedRun>>[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.one.push(await distributedRun("throughput-1"));
      rounds.four.push(await distributedRun("throughput-4"));
    }

    for (const run of [...rounds.one, ...rounds.four]) {
      expect(summary(run.result)).toEqual(summary(local));
      const ends = run.events.filter((event) => event.type === "example-end");
      expect(ends.map((event) => event.index).sort((a, b) => a - b)).toEqual(devset.map((_, index) => index));
    }
    // Every example's metric ran once per round (the warm-up included), in the worker processes (4 pids for the pool of 4).
    for (const [name, workersUsed] of [
      ["one.log", 1],
      ["four.log", 4],
    ] as const) {
      const lines = readFileSync(join(directory, name), "utf8").trim().split("\n");
      const questions = lines.map((line) => line.split("\t")[0]);
      for (const example of devset) {
        expect(questions.filter((question) => question === example.get("question"))).toHaveLength(ROUNDS + 1);
      }
      expect(questions.length).toBe(EXAMPLES * (ROUNDS + 1));
      expect(new Set(lines.map((line) => line.split("\t")[1])).size).toBe(workersUsed);
    }
    const one = median(rounds.one.map((run) => run.seconds));
    const four = median(rounds.four.map((run) => run.seconds));
    const ratio = one / four;
    const list = (runs: { seconds: number }[]) => runs.map((run) => run.seconds.toFixed(2)).join("/");
    console.log(
      `[scale] ${EXAMPLES} examples, ${PER_SECOND} req/s per key, ${LATENCY_MS} ms per LM answer, 4 examples at once per worker, ` +
        `${ROUNDS} alternating rounds: 1 worker ${list(rounds.one)} s (median ${one.toFixed(2)}), ` +
        `4 workers ${list(rounds.four)} s (median ${four.toFixed(2)}), speed-up ${ratio.toFixed(2)}x`,
    );
  });
});
