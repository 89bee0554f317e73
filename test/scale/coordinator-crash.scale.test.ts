import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import { LM } from "../../src/lm/lm.js";
import { context } from "../../src/predict/settings.js";
import { DistributedEvaluator } from "../../src/runtime/distributed/distributed-evaluator.js";
import { evaluateJob } from "../../src/runtime/evaluate-job.js";
import type { JobEvent } from "../../src/runtime/job-event.js";
import { SqliteRunStore } from "../../src/runtime/sqlite-run-store.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";
import { metric, program } from "./fixtures/sum-program.js";
import { sumDevset, sumReply } from "./sum-lm.js";
import { startWorkerProcess, type WorkerProcess } from "./worker-process.js";

const redis = inject("redisUrl");
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

describe("a distributed evaluation whose coordinator dies", () => {
  it("resumes from the run store: only the missing examples go to the workers again, the score is the local one", async () => {
    const count = 30;
    const devset = sumDevset(count);
    const server = await ScriptedServer.start({ rules: [{ reply: sumReply, latencyMs: 150 }] });
    cleanups.push(() => server.close());
    const workers: WorkerProcess[] = await Promise.all(
      [0, 1].map((index) =>
        startWorkerProcess({
          redis,
          queue: "coordinator",
          lmUrl: server.baseURL,
          apiKey: `key-c-${index}`,
          concurrency: 2,
        }),
      ),
    );
    for (const worker of workers) cleanups.push(() => worker.stop());
    const path = join(mkdtempSync(join(tmpdir(), "dspy-scale-")), "runs.db");
    const runId = "distributed-resume";

    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/scale/fixtures/coordinator-child.ts", redis, "coordinator", path, runId, String(count)],
      { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, SCALE_LM_URL: "" } },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const store = new SqliteRunStore({ path });
    cleanups.push(() => store.close());
    let stored = 0;
    for (let tries = 0; stored < 6 && tries < 6000; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stored = (await store.listResults(runId).catch(() => [])).length;
    }
    expect(stored).toBeGreaterThanOrEqual(6);
    child.kill("SIGKILL");
    await exited;
    const before = (await store.listResults(runId)).map(({ index }) => index);
    expect(before.length).toBeLessThan(count);

    const distributed = new DistributedEvaluator({ redis, queue: "coordinator" });
    cleanups.push(() => distributed.close());
    const events: JobEvent[] = [];
    const job = evaluateJob(program, { devset, metric, backend: distributed, store, runId });
    job.on((event) => events.push(event));
    const result = await job;

    expect(events[0]).toMatchObject({ type: "job-start", resumed: true });
    const evaluatedNow = events.filter((event) => event.type === "example-end").map((event) => event.index);
    expect(evaluatedNow.sort((a, b) => a - b)).toEqual(
      devset.map((_, index) => index).filter((index) => !before.includes(index)),
    );
    const lm = new LM("openai/scripted-sum", { baseURL: server.baseURL, apiKey: "key-local", cache: false });
    const local = await context({ lm }, () => evaluateJob(program, { devset, metric, numThreads: 8 }));
    expect(result.score).toBe(local.score);
    expect(result.results.map(([, prediction]) => prediction.toDict())).toEqual(
      local.results.map(([, prediction]) => prediction.toDict()),
    );
  });
});
