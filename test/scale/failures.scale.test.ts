import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { AbortError } from "../../src/errors/abort-error.js";
import { LM } from "../../src/lm/lm.js";
import { context } from "../../src/predict/settings.js";
import { DistributedEvaluator } from "../../src/runtime/distributed/distributed-evaluator.js";
import type { ExampleJobResult } from "../../src/runtime/distributed/wire-format.js";
import { evaluateJob } from "../../src/runtime/evaluate-job.js";
import type { JobEvent } from "../../src/runtime/job-event.js";
import { MemoryRunStore } from "../../src/runtime/memory-run-store.js";
import { createServer } from "../../src/server/create-server.js";
import { JobRegistry } from "../../src/server/job-registry.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";
import { metric, program } from "./fixtures/sum-program.js";
import { questionOf, sumDevset, sumReply } from "./sum-lm.js";
import { startWorkerProcess, type WorkerProcess } from "./worker-process.js";

const redis = inject("redisUrl");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function startWorkers(
  count: number,
  options: Parameters<typeof startWorkerProcess>[0],
): Promise<WorkerProcess[]> {
  const workers = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      startWorkerProcess({ ...options, apiKey: `${options.apiKey}-${index}` }),
    ),
  );
  for (const worker of workers) cleanups.push(() => worker.stop());
  return workers;
}

describe("distributed evaluation when things go wrong", () => {
  it("a worker SIGKILLed mid-example loses no example and counts no metric result twice", async () => {
    const hung = "What is 7 + 8?";
    const server = await ScriptedServer.start({
      rules: [
        // The first request for this question never answers: its worker is killed while waiting.
        { match: (request) => questionOf(request) === hung, fault: { type: "hang" }, times: 1 },
        { reply: sumReply, latencyMs: 30 },
      ],
    });
    cleanups.push(() => server.close());
    const metricLog = join(mkdtempSync(join(tmpdir(), "dspy-scale-")), "metric.log");
    const workers = await startWorkers(2, {
      redis,
      queue: "kill",
      lmUrl: server.baseURL,
      apiKey: "key-kill",
      metricLog,
      concurrency: 2,
      lockDurationMs: 2000,
    });
    const devset = sumDevset(24);
    const distributed = new DistributedEvaluator({ redis, queue: "kill", pollIntervalMs: 500 });
    cleanups.push(() => distributed.close());
    const store = new MemoryRunStore();
    const events: JobEvent[] = [];
    const job = evaluateJob(program, { devset, metric, backend: distributed, store });
    job.on((event) => events.push(event));

    await waitFor(() => server.chatRequests.some((request) => questionOf(request) === hung), "the hung request");
    const holder = server.chatRequests.find((request) => questionOf(request) === hung);
    const victim = workers.find((worker) => holder?.headers.authorization === `Bearer ${worker.apiKey}`);
    const survivor = workers.find((worker) => worker !== victim);
    expect(victim).toBeDefined();
    victim?.child.kill("SIGKILL");
    const result = await job;

    // The example came back on the other worker once the dead worker's lock expired.
    const retried = server.chatRequests.filter((request) => questionOf(request) === hung);
    expect(retried.length).toBe(2);
    expect(retried[1]?.headers.authorization).toBe(`Bearer ${survivor?.apiKey}`);
    // One result per example: in the result, in the events and in the run store.
    expect(result.results.map(([example]) => example.get("question"))).toEqual(devset.map((e) => e.get("question")));
    const ends = events.filter((event) => event.type === "example-end").map((event) => event.index);
    expect(ends.sort((a, b) => a - b)).toEqual(devset.map((_, index) => index));
    expect((await store.listResults(job.runId)).map(({ index }) => index)).toEqual(devset.map((_, index) => index));
    // The metric ran for every example, and for the hung one exactly once (on the survivor).
    const calls = readFileSync(metricLog, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split("\t"));
    expect(new Set(calls.map(([question]) => question)).size).toBe(devset.length);
    expect(calls.filter(([question]) => question === hung)).toEqual([[hung, String(survivor?.pid)]]);
    for (const example of devset) {
      const bySurvivor = calls.filter(
        ([question, pid]) => question === example.get("question") && pid === String(survivor?.pid),
      );
      expect(bySurvivor.length).toBeLessThanOrEqual(1);
    }
    // And the score is the one a local run gets.
    const lm = new LM("openai/scripted-sum", { baseURL: server.baseURL, apiKey: "key-local", cache: false });
    const local = await context({ lm }, () => evaluateJob(program, { devset, metric }));
    expect(result.score).toBe(local.score);
    expect(result.results.map(([, prediction]) => prediction.toDict())).toEqual(
      local.results.map(([, prediction]) => prediction.toDict()),
    );
  });

  it("cancelling from the dashboard stops every worker: no LM call starts after the cancel settles", async () => {
    const server = await ScriptedServer.start({ rules: [{ reply: sumReply, latencyMs: 250 }] });
    cleanups.push(() => server.close());
    await startWorkers(2, { redis, queue: "cancel", lmUrl: server.baseURL, apiKey: "key-cancel", concurrency: 2 });
    const devset = sumDevset(40);
    const distributed = new DistributedEvaluator({ redis, queue: "cancel" });
    cleanups.push(() => distributed.close());
    const store = new MemoryRunStore();
    const jobs = new JobRegistry();
    const dashboard = createServer({ store, jobs });
    const url = await dashboard.listen();
    cleanups.push(() => dashboard.close());
    const job = jobs.add(evaluateJob(program, { devset, metric, backend: distributed, store }));
    let finished = 0;
    job.on((event) => {
      if (event.type === "example-end") finished++;
    });
    // Cancel with examples in flight on the workers (their LM requests are out, unanswered).
    await waitFor(() => finished >= 4 && server.chatRequests.length - finished >= 2, "examples in flight");

    const response = await fetch(`${url}/api/runs/${job.runId}/cancel`, { method: "POST" });
    expect(response.status).toBe(202);
    await expect(job.result).rejects.toBeInstanceOf(AbortError);
    // Settled: the cancel is published and the queued examples are removed.
    await distributed.close();
    await sleep(500);
    const settled = server.chatRequests.length;
    await sleep(2000);
    expect(server.chatRequests.length).toBe(settled);
    expect(settled).toBeLessThan(devset.length);

    const client = new Redis(redis);
    const queue = new Queue("cancel", { connection: client });
    cleanups.push(async () => {
      await queue.close();
      await client.quit();
    });
    const counts = await queue.getJobCounts("waiting", "active", "delayed");
    expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0 });
    // The examples running at the cancel were aborted on their workers, not finished.
    const completed = await queue.getJobs(["completed"]);
    const statuses = completed.map((entry) => (entry.returnvalue as ExampleJobResult).status);
    expect(statuses).toContain("cancelled");
    expect(statuses.filter((status) => status === "scored").length).toBeGreaterThanOrEqual(4);
  });
});
