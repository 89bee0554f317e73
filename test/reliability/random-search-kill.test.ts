/**
 * BootstrapFewShotWithRandomSearch killed with SIGKILL mid-search, then resumed with the same
 * run id: the resumed job must end with the program, candidate scores and subscores of an
 * uninterrupted run, while paying only for the candidates the killed run had not finished.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CandidateProgram } from "../../src/optimizers/random-search.js";
import { context } from "../../src/predict/settings.js";
import { compileJob } from "../../src/runtime/compile-job.js";
import type { JobEvent } from "../../src/runtime/job-event.js";
import { SqliteRunStore } from "../../src/runtime/sqlite-run-store.js";
import { randomSearchScenario } from "./__fixtures__/random-search-scenario.js";

const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const child = join(import.meta.dirname, "__fixtures__", "random-search-child.ts");
const RUN_ID = "random-search-killed";
/** Seeds −3 … 3: numCandidatePrograms 4 plus the three fixed candidates. */
const CANDIDATES = 7;
/** Kill once this many candidates are checkpointed; the best one (seed 0, the 4th) is among them. */
const KILL_AFTER = 4;

async function compile(scenario: ReturnType<typeof randomSearchScenario>, options: { store?: SqliteRunStore } = {}) {
  const { lm, optimizer, student, trainset, valset } = scenario;
  const job = context({ lm }, () =>
    compileJob(optimizer, student, { trainset, valset }, options.store ? { runId: RUN_ID, store: options.store } : {}),
  );
  const events: JobEvent[] = [];
  job.on((event) => events.push(event));
  return { program: await job, events };
}

/** What must match between runs: every candidate, in rank order, with its scores and state. */
function summary(candidates: CandidateProgram[]) {
  return candidates.map(({ seed, score, subscores, program }) => ({
    seed,
    score,
    subscores,
    state: program.dumpState(),
  }));
}

const trialEnds = async (store: SqliteRunStore) =>
  (await store.listEvents(RUN_ID)).filter(({ event }) => event.type === "trial-end").length;

describe("BootstrapFewShotWithRandomSearch killed with SIGKILL", () => {
  it("resumes to the uninterrupted program and candidate scores, with fewer LM calls", async () => {
    const reference = randomSearchScenario({ delayMs: 0 });
    const expected = await compile(reference);
    expect(expected.program.candidatePrograms).toHaveLength(CANDIDATES);

    const path = join(mkdtempSync(join(tmpdir(), "random-search-kill-")), "runs.db");
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

      // The kill landed mid-search: the run is still marked running, with candidates left to try.
      const finishedBeforeKill = await trialEnds(store);
      expect((await store.getRun(RUN_ID))?.status).toBe("running");
      expect(finishedBeforeKill).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(finishedBeforeKill).toBeLessThan(CANDIDATES);

      const resumedScenario = randomSearchScenario({ delayMs: 0 });
      const resumed = await compile(resumedScenario, { store });

      expect(resumed.program.dumpState()).toEqual(expected.program.dumpState());
      expect(summary(resumed.program.candidatePrograms)).toEqual(summary(expected.program.candidatePrograms));
      expect(resumed.program.candidatePrograms[0]?.seed).toBe(0);

      // The resumed half starts at the first unfinished candidate and pays only for the rest.
      expect(resumed.events.find((event) => event.type === "job-start")).toMatchObject({ resumed: true });
      expect(resumed.events.find((event) => event.type === "trial-start")).toMatchObject({
        trial: finishedBeforeKill,
      });
      expect(resumed.events.filter((event) => event.type === "trial-end")).toHaveLength(
        CANDIDATES - finishedBeforeKill,
      );
      expect(resumedScenario.lm.calls).toBeGreaterThan(0);
      expect(resumedScenario.lm.calls).toBeLessThan(reference.lm.calls);
      expect((await store.getRun(RUN_ID))?.status).toBe("succeeded");
    } finally {
      process_?.kill("SIGKILL");
      await store.close();
    }
  }, 60_000);
});
