import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { context } from "../predict/settings.js";
import { evaluateScenario } from "./__fixtures__/evaluate-scenario.js";
import { evaluateJob } from "./evaluate-job.js";
import type { JobEvent } from "./job-event.js";
import { MemoryRunStore } from "./memory-run-store.js";
import { SqliteRunStore } from "./sqlite-run-store.js";

const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const child = join(import.meta.dirname, "__fixtures__", "evaluate-child.ts");

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("evaluateJob", () => {
  it("streams example-end events and scores as Evaluate does", async () => {
    const { devset, lm, program, metric } = evaluateScenario({ delayMs: 0 });
    const job = context({ lm }, () => evaluateJob(program, { devset, metric, numThreads: 4 }));
    const ends: JobEvent[] = [];
    job.on((event) => event.type === "example-end" && ends.push(event));
    const result = await job;
    expect(result.score).toBe(33.33);
    expect(result.results).toHaveLength(30);
    expect(ends.map((event) => (event as { index: number }).index).sort((a, b) => a - b)).toEqual([
      ...Array(30).keys(),
    ]);
    expect(lm.calls).toBe(30);
  });

  it("counts progress and scores without keeping results (keepResults: false)", async () => {
    const { devset, lm, program, metric } = evaluateScenario({ delayMs: 0 });
    const job = context({ lm }, () => evaluateJob(program, { devset, metric, numThreads: 4, keepResults: false }));
    let last: JobEvent | undefined;
    job.on((event) => {
      if (event.type === "progress-update") last = event;
    });
    const result = await job;
    expect(result.score).toBe(33.33);
    expect(result.results).toEqual([]);
    expect(last).toMatchObject({ done: 30, total: 30 });
  });

  it("cancels with the partial count and keeps finished results for a resume", async () => {
    const store = new MemoryRunStore();
    const first = evaluateScenario({ delayMs: 5 });
    const job = context({ lm: first.lm }, () =>
      evaluateJob(first.program, { devset: first.devset, metric: first.metric, numThreads: 2, runId: "r", store }),
    );
    job.on((event) => event.type === "example-end" && event.index >= 6 && job.cancel());
    const error = await job.result.catch((caught) => caught);
    expect(error).toBeInstanceOf(AbortError);
    const saved = (await store.listResults("r")).length;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(30);
    const second = evaluateScenario({ delayMs: 0 });
    const resumed = await context({ lm: second.lm }, () =>
      evaluateJob(second.program, { devset: second.devset, metric: second.metric, runId: "r", store }),
    );
    expect(second.lm.calls).toBe(30 - saved);
    expect(resumed.score).toBe(33.33);
  });

  it("resumes after SIGKILL without paying for finished examples again", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "evaluate-kill-")), "runs.db");
    const process_ = spawn(tsx, [child, path, "killed-run"], { stdio: "ignore" });
    const observer = new SqliteRunStore({ path: `${path}` });
    try {
      await waitFor(
        async () =>
          (await observer.getRun("killed-run")) !== undefined && (await observer.listResults("killed-run")).length >= 8,
      );
      process_.kill("SIGKILL");
      await new Promise((resolve) => process_.once("exit", resolve));
      const saved = (await observer.listResults("killed-run")).length;
      expect(saved).toBeLessThan(30);
      expect((await observer.getRun("killed-run"))?.status).toBe("running");
      const { devset, lm, program, metric } = evaluateScenario({ delayMs: 0 });
      const result = await context({ lm }, () =>
        evaluateJob(program, { devset, metric, runId: "killed-run", store: observer }),
      );
      expect(lm.calls).toBe(30 - saved);
      expect(result.score).toBe(33.33);
      expect(result.results.map(([example]) => example.get("question"))).toEqual(
        devset.map((example) => example.get("question")),
      );
      expect((await observer.getRun("killed-run"))?.status).toBe("succeeded");
    } finally {
      process_.kill("SIGKILL");
      await observer.close();
    }
  }, 60_000);
});
