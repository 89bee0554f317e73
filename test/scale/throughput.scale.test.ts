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
const devset = sumDevset(EXAMPLES);
const redis = inject("redisUrl");
let server: ScriptedServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  server = await ScriptedServer.start({ rules: [perKeyRateLimit(PER_SECOND), { reply: sumReply, latencyMs: 20 }] });
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await server?.close();
});

async function distributedRun(queue: string, count: number, metricLog: string) {
  const started = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      startWorkerProcess({ redis, queue, lmUrl: server.baseURL, apiKey: `key-${queue}-${index}`, metricLog }),
    ),
  );
  workers.push(...started);
  const distributed = new DistributedEvaluator({ redis, queue });
  const events: JobEvent[] = [];
  const begin = performance.now();
  const job = evaluateJob(program, { devset, metric, backend: distributed });
  job.on((event) => events.push(event));
  const result = await job;
  const seconds = (performance.now() - begin) / 1000;
  await distributed.close();
  await Promise.all(started.map((worker) => worker.stop()));
  return { result, seconds, events };
}

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
    const one = await distributedRun("throughput-1", 1, join(directory, "one.log"));
    const four = await distributedRun("throughput-4", 4, join(directory, "four.log"));

    for (const run of [one, four]) {
      expect(summary(run.result)).toEqual(summary(local));
      const ends = run.events.filter((event) => event.type === "example-end");
      expect(ends.map((event) => event.index).sort((a, b) => a - b)).toEqual(devset.map((_, index) => index));
    }
    // Every example's metric ran once, in the worker processes (4 distinct pids in the 4-worker run).
    for (const [name, workersUsed] of [
      ["one.log", 1],
      ["four.log", 4],
    ] as const) {
      const lines = readFileSync(join(directory, name), "utf8").trim().split("\n");
      const questions = lines.map((line) => line.split("\t")[0]);
      expect(new Set(questions).size).toBe(EXAMPLES);
      expect(questions.length).toBe(EXAMPLES);
      expect(new Set(lines.map((line) => line.split("\t")[1])).size).toBe(workersUsed);
    }
    const ratio = one.seconds / four.seconds;
    console.log(
      `[scale] ${EXAMPLES} examples, ${PER_SECOND} req/s per key, 4 examples at once per worker: ` +
        `1 worker ${one.seconds.toFixed(2)} s, 4 workers ${four.seconds.toFixed(2)} s, speed-up ${ratio.toFixed(2)}x`,
    );
  });
});
