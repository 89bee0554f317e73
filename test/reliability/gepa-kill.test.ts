/**
 * GEPA killed with SIGKILL mid-run, then resumed with the same run id: the resumed job must end
 * with the program and detailed results of an uninterrupted run, paying only for the
 * iterations the killed run had not checkpointed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GEPAResult } from "../../src/optimizers/gepa-result.js";
import type { Program } from "../../src/optimizers/program.js";
import { context } from "../../src/predict/settings.js";
import { compileJob } from "../../src/runtime/compile-job.js";
import type { JobEvent } from "../../src/runtime/job-event.js";
import { SqliteRunStore } from "../../src/runtime/sqlite-run-store.js";
import { gepaScenario } from "./__fixtures__/gepa-scenario.js";

const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const child = join(import.meta.dirname, "__fixtures__", "gepa-child.ts");
const RUN_ID = "gepa-killed";
const KILL_AFTER = 3;

async function compile(scenario: ReturnType<typeof gepaScenario>, options: { store?: SqliteRunStore } = {}) {
  const { lm, optimizer, student, trainset, valset } = scenario;
  const job = context({ lm }, () =>
    compileJob(optimizer, student, { trainset, valset }, options.store ? { runId: RUN_ID, store: options.store } : {}),
  );
  const events: JobEvent[] = [];
  job.on((event) => events.push(event));
  return { program: (await job) as GEPAResult<Program>, events };
}

function summary(program: GEPAResult<Program>) {
  const { candidates, bestCandidate, ...rest } = program.detailedResults ?? ({} as never);
  return { state: program.dumpState(), ...rest };
}

const trialEnds = async (store: SqliteRunStore) =>
  (await store.listEvents(RUN_ID)).filter(({ event }) => event.type === "trial-end").length;

describe("GEPA killed with SIGKILL", () => {
  it("resumes to the uninterrupted program and results, with fewer LM calls", async () => {
    const reference = gepaScenario({ delayMs: 0 });
    const expected = await compile(reference);
    const iterations = expected.events.filter((event) => event.type === "trial-end").length;
    expect(iterations).toBeGreaterThan(KILL_AFTER + 1);

    const path = join(mkdtempSync(join(tmpdir(), "gepa-kill-")), "runs.db");
    let process_: ChildProcess | undefined = spawn(tsx, [child, path, RUN_ID], { stdio: "ignore" });
    const store = new SqliteRunStore({ path });
    try {
      const deadline = Date.now() + 30_000;
      while ((await store.getRun(RUN_ID)) === undefined || (await trialEnds(store)) < KILL_AFTER) {
        if (Date.now() > deadline) throw new Error("the child made no progress");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      process_.kill("SIGKILL");
      await new Promise((resolve) => process_?.once("exit", resolve));
      process_ = undefined;

      const finishedBeforeKill = await trialEnds(store);
      expect((await store.getRun(RUN_ID))?.status).toBe("running");
      expect(finishedBeforeKill).toBeLessThan(iterations);

      const resumedScenario = gepaScenario({ delayMs: 0 });
      const resumed = await compile(resumedScenario, { store });
      expect(summary(resumed.program)).toEqual(summary(expected.program));
      expect(resumed.events.find((event) => event.type === "job-start")).toMatchObject({ resumed: true });
      const firstTrial = resumed.events.find((event) => event.type === "trial-start") as { trial: number };
      expect(firstTrial.trial).toBeGreaterThanOrEqual(finishedBeforeKill);
      expect(resumed.events.filter((event) => event.type === "trial-end")).toHaveLength(iterations - firstTrial.trial);
      expect(resumedScenario.lm.requests.length).toBeGreaterThan(0);
      expect(resumedScenario.lm.requests.length).toBeLessThan(reference.lm.requests.length);
      expect((await store.getRun(RUN_ID))?.status).toBe("succeeded");
    } finally {
      process_?.kill("SIGKILL");
      await store.close();
    }
  }, 60_000);
});
