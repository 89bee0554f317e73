import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BootstrapFewShot } from "../optimizers/bootstrap-few-shot.js";
import { BootstrapFewShotWithRandomSearch } from "../optimizers/random-search.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { savedProgramMetadata } from "../primitives/program-file.js";
import { DummyLM } from "../test/dummy-lm.js";
import type { BaseCallback } from "../utils/callback.js";
import { compileScenario } from "./__fixtures__/compile-scenario.js";
import { compileJob } from "./compile-job.js";
import type { JobEvent } from "./job-event.js";
import { MemoryRunStore } from "./memory-run-store.js";
import type { StoredCandidate } from "./scored-candidates.js";
import { SqliteRunStore } from "./sqlite-run-store.js";

const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const child = join(import.meta.dirname, "__fixtures__", "compile-child.ts");

describe("compileJob", () => {
  it("runs an optimizer as a job with events", async () => {
    const { trainset, lm, optimizer, student } = compileScenario({ delayMs: 0 });
    const job = context({ lm }, () => compileJob(optimizer, student, { trainset }));
    const types = new Set<string>();
    job.on((event: JobEvent) => types.add(event.type));
    const compiled = await job;
    expect((compiled.dumpState().demos as unknown[]).length).toBeGreaterThan(0);
    expect([...types]).toEqual(expect.arrayContaining(["job-start", "progress-update", "checkpoint-save", "job-end"]));
  });

  it("reports the LM calls it made per model, teacher and student apart", async () => {
    const answers = { "Spell 0": { answer: "w0" }, "Spell 1": { answer: "w1" } };
    const student = new DummyLM(answers, { model: "student-model" });
    const teacher = new DummyLM(answers, { model: "teacher-model" });
    const trainset = [0, 1, 2].map((index) =>
      new Example({ question: `Spell ${index} in words?`, answer: `w${index}` }).withInputs("question"),
    );
    const optimizer = new BootstrapFewShot({
      metric: (example, prediction) => example.get("answer") === prediction.get("answer"),
      maxBootstrappedDemos: 2,
      teacherSettings: { lm: teacher },
      logger: { info: () => {}, error: () => {} },
    });
    const job = context({ lm: student }, () => compileJob(optimizer, new Predict("question -> answer"), { trainset }));
    const events: JobEvent[] = [];
    job.on((event) => events.push(event));
    await job;
    // Two bootstrapped demos take two teacher runs (the third example is never reached).
    expect(job.lmCalls).toEqual({
      "teacher-model": { calls: 2, cached: 0, failed: 0, inputTokens: 0, outputTokens: 0 },
    });
    expect(events.at(-1)).toMatchObject({ type: "job-end", lmCalls: job.lmCalls });
    expect(events.filter((event) => event.type === "lm-call").map((event) => event.model)).toEqual([
      "teacher-model",
      "teacher-model",
    ]);
  });

  it("fires one onCompileStart/onCompileEnd pair around the optimizer's own compile", async () => {
    const { trainset, lm, optimizer, student } = compileScenario({ delayMs: 0 });
    const hooks: string[] = [];
    const callback: BaseCallback = {
      onCompileStart: (_id, instance) => hooks.push(`start ${(instance as object).constructor.name}`),
      onCompileEnd: () => hooks.push("end"),
    };
    await context({ lm, callbacks: [callback] }, () => compileJob(optimizer, student, { trainset }));
    // Inside it, BootstrapFewShot labels its teacher through LabeledFewShot: a nested compile of another optimizer.
    expect(hooks.filter((hook) => hook === "start BootstrapFewShot")).toHaveLength(1);
    expect(hooks.at(-1)).toBe("end");
    expect(hooks.filter((hook) => hook.startsWith("start")).length).toBe(hooks.filter((hook) => hook === "end").length);
  });

  it("stores the candidate programs an optimizer scored, the returned one marked", async () => {
    const { trainset, lm, student } = compileScenario({ delayMs: 0 });
    const store = new MemoryRunStore();
    const optimizer = new BootstrapFewShotWithRandomSearch({
      metric: (example, prediction) => example.get("answer") === prediction.get("answer"),
      numCandidatePrograms: 1,
      maxBootstrappedDemos: 1,
      numThreads: 1,
      logger: { info: () => {}, error: () => {} },
    });
    const compiled = await context({ lm }, () => compileJob(optimizer, student, { trainset }, { runId: "rs", store }));
    const stored = (await store.listCandidates("rs")).map((row) => row.value as StoredCandidate);
    expect(stored.map((candidate) => [candidate.score, candidate.detail?.seed])).toEqual(
      compiled.candidatePrograms.map((candidate) => [candidate.score, candidate.seed]),
    );
    expect(stored.filter((candidate) => candidate.chosen)).toHaveLength(1);
    expect(stored[0]?.chosen).toBe(true);
    expect(stored[0]?.program).toEqual({
      ...JSON.parse(JSON.stringify(compiled.dumpState())),
      metadata: savedProgramMetadata(),
    });
    expect(await store.listCandidates("other")).toEqual([]);
  });

  it("resumes a BootstrapFewShot run killed with SIGKILL to the uninterrupted program", async () => {
    const reference = compileScenario({ delayMs: 0 });
    const expected = await context({ lm: reference.lm }, () =>
      compileJob(reference.optimizer, reference.student, { trainset: reference.trainset }),
    );
    const path = join(mkdtempSync(join(tmpdir(), "compile-kill-")), "runs.db");
    const process_ = spawn(tsx, [child, path, "bfs-killed"], { stdio: "ignore" });
    const store = new SqliteRunStore({ path });
    try {
      const deadline = Date.now() + 30_000;
      // Wait until the child has checkpointed some progress, then kill it without warning.
      while (
        (await store.listEvents("bfs-killed")).filter(({ event }) => event.type === "checkpoint-save").length < 4
      ) {
        if (Date.now() > deadline) throw new Error("the child made no progress");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      process_.kill("SIGKILL");
      await new Promise((resolve) => process_.once("exit", resolve));
      const resumed = compileScenario({ delayMs: 0 });
      const compiled = await context({ lm: resumed.lm }, () =>
        compileJob(resumed.optimizer, resumed.student, { trainset: resumed.trainset }, { runId: "bfs-killed", store }),
      );
      expect(compiled.dumpState()).toEqual(expected.dumpState());
      expect(resumed.lm.calls).toBeLessThan(reference.lm.calls);
      expect((await store.getRun("bfs-killed"))?.status).toBe("succeeded");
    } finally {
      process_.kill("SIGKILL");
      await store.close();
    }
  }, 60_000);
});
