import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { context } from "../predict/settings.js";
import { type OptimizerScenarioName, optimizerScenario } from "./__fixtures__/optimizer-scenarios.js";
import { compileJob } from "./compile-job.js";
import { SqliteRunStore } from "./sqlite-run-store.js";

const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const child = join(import.meta.dirname, "__fixtures__", "optimizer-child.ts");

async function killAndResume(name: OptimizerScenarioName, key: string, checkpointsBeforeKill: number) {
  const reference = optimizerScenario(name, { delayMs: 0 });
  const expected = await context({ lm: reference.lm }, () =>
    compileJob(reference.optimizer, reference.student, reference.compileOptions),
  );
  const runId = `${name}-killed`;
  const path = join(mkdtempSync(join(tmpdir(), `${name}-kill-`)), "runs.db");
  const process_ = spawn(tsx, [child, path, runId, name], { stdio: "ignore" });
  const store = new SqliteRunStore({ path });
  try {
    const deadline = Date.now() + 40_000;
    // Wait until the child has checkpointed some progress, then kill it without warning.
    while (
      (await store.listEvents(runId)).filter(({ event }) => event.type === "checkpoint-save" && event.key === key)
        .length < checkpointsBeforeKill
    ) {
      if (Date.now() > deadline) throw new Error("the child made no progress");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    process_.kill("SIGKILL");
    await new Promise((resolve) => process_.once("exit", resolve));
    const resumed = optimizerScenario(name, { delayMs: 0 });
    const compiled = await context({ lm: resumed.lm }, () =>
      compileJob(resumed.optimizer, resumed.student, resumed.compileOptions, { runId, store }),
    );
    expect((await store.getRun(runId))?.status).toBe("succeeded");
    return { expected, compiled, reference, resumed };
  } finally {
    process_.kill("SIGKILL");
    await store.close();
  }
}

describe("optimizer runs killed with SIGKILL", () => {
  it("SIMBA resumes to the program of an uninterrupted run, paying only for unfinished steps", async () => {
    const { expected, compiled, reference, resumed } = await killAndResume("simba", "simba", 2);
    expect(compiled.dumpState()).toEqual(expected.dumpState());
    expect(resumed.taskCalls()).toBeLessThan(reference.taskCalls());
    expect(resumed.taskCalls()).toBeGreaterThan(0);
    expect(resumed.promptCalls()).toBeLessThanOrEqual(reference.promptCalls());
  }, 90_000);

  it("MIPROv2 resumes to the program of an uninterrupted run without proposing again", async () => {
    // Killed after the default evaluation and two trials were checkpointed.
    const { expected, compiled, reference, resumed } = await killAndResume("mipro", "mipro:search", 3);
    expect(compiled.dumpState()).toEqual(expected.dumpState());
    expect(resumed.promptCalls()).toBe(0);
    expect(resumed.taskCalls()).toBeGreaterThan(0);
    expect(resumed.taskCalls()).toBeLessThan(reference.taskCalls());
  }, 90_000);

  it("a BetterTogether chain resumes inside the step it was in, to the uninterrupted program", async () => {
    // Killed during MIPROv2 (step 2) after two of its trials were checkpointed.
    const { expected, compiled, reference, resumed } = await killAndResume("chain", "step:1/mipro:search", 3);
    expect(compiled.dumpState()).toEqual(expected.dumpState());
    expect(resumed.promptCalls()).toBe(0);
    expect(resumed.taskCalls()).toBeGreaterThan(0);
    expect(resumed.taskCalls()).toBeLessThan(reference.taskCalls() / 2);
  }, 90_000);
});
