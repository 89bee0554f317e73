import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { JobEvent } from "./job-event.js";
import { MemoryRunStore } from "./memory-run-store.js";
import type { RunStore } from "./run-store.js";
import { SqliteRunStore } from "./sqlite-run-store.js";

// The contract every RunStore keeps, run against each implementation.
const implementations: [string, () => RunStore][] = [
  ["MemoryRunStore", () => new MemoryRunStore()],
  [
    "SqliteRunStore",
    () => new SqliteRunStore({ path: join(mkdtempSync(join(tmpdir(), "runs-")), "nested", "runs.db") }),
  ],
];

const event = (type: "job-start" | "checkpoint-save", runId: string): JobEvent =>
  type === "job-start"
    ? { type, jobId: "j", runId, at: 1, name: "evaluate", resumed: false }
    : { type, jobId: "j", runId, at: 2, key: "k" };

describe.each(implementations)("%s conformance", (_name, make) => {
  let store: RunStore;
  afterEach(async () => store.close());

  it("creates a run, then reports a second start as a resume", async () => {
    store = make();
    expect(await store.startRun("r1", "evaluate")).toEqual({ resumed: false });
    expect(await store.getRun("r1")).toMatchObject({ runId: "r1", name: "evaluate", status: "running" });
    await store.finishRun("r1", "cancelled");
    expect((await store.getRun("r1"))?.status).toBe("cancelled");
    expect(await store.startRun("r1", "evaluate")).toEqual({ resumed: true });
    expect((await store.getRun("r1"))?.status).toBe("running");
    expect(await store.getRun("missing")).toBeUndefined();
  });

  it("lists runs newest first", async () => {
    store = make();
    await store.startRun("old", "a");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.startRun("new", "b");
    expect((await store.listRuns()).map((run) => run.runId)).toEqual(["new", "old"]);
  });

  it("replaces checkpoints by key and keeps runs apart", async () => {
    store = make();
    await store.startRun("r1", "x");
    await store.startRun("r2", "x");
    await store.saveCheckpoint("r1", "state", { step: 1, demos: ["a"] });
    await store.saveCheckpoint("r1", "state", { step: 2, demos: ["a", "b"] });
    expect(await store.loadCheckpoint("r1", "state")).toEqual({ step: 2, demos: ["a", "b"] });
    expect(await store.loadCheckpoint("r2", "state")).toBeUndefined();
  });

  it("returns results in index order whatever the write order", async () => {
    store = make();
    await store.startRun("r1", "x");
    for (const index of [3, 0, 2]) await store.putResult("r1", index, { score: index / 4 });
    await store.putResult("r1", 2, { score: 1 });
    expect(await store.listResults("r1")).toEqual([
      { index: 0, value: { score: 0 } },
      { index: 2, value: { score: 1 } },
      { index: 3, value: { score: 0.75 } },
    ]);
  });

  it("keeps candidates apart from results, per run, in index order", async () => {
    store = make();
    await store.startRun("r1", "x");
    await store.startRun("r2", "x");
    await store.putCandidate("r1", 1, { score: 50, program: { predict: { demos: [] } } });
    await store.putCandidate("r1", 0, { score: 75, chosen: true });
    await store.putCandidate("r2", 0, { score: 10 });
    await store.putCandidate("r1", 1, { score: 60 });
    expect(await store.listCandidates("r1")).toEqual([
      { index: 0, value: { score: 75, chosen: true } },
      { index: 1, value: { score: 60 } },
    ]);
    expect(await store.listCandidates("r2")).toEqual([{ index: 0, value: { score: 10 } }]);
    expect(await store.listResults("r1")).toEqual([]);
    expect(await store.listCandidates("nope")).toEqual([]);
  });

  it("saves a checkpoint with its events in one write where the store offers it", async () => {
    store = make();
    await store.startRun("r1", "evaluate");
    await store.appendEvent("r1", event("job-start", "r1"));
    await store.saveCheckpointWithEvents?.("r1", "k", { step: 2 }, [event("checkpoint-save", "r1")]);
    expect(await store.loadCheckpoint("r1", "k")).toEqual({ step: 2 });
    expect((await store.listEvents("r1")).map(({ event }) => event.type)).toEqual(["job-start", "checkpoint-save"]);
  });

  it("appends events in order and pages after a sequence number", async () => {
    store = make();
    await store.startRun("r1", "x");
    await store.startRun("r2", "x");
    await store.appendEvent("r1", event("job-start", "r1"));
    await store.appendEvent("r2", event("job-start", "r2"));
    await store.appendEvent("r1", event("checkpoint-save", "r1"));
    const all = await store.listEvents("r1");
    expect(all.map(({ event }) => event.type)).toEqual(["job-start", "checkpoint-save"]);
    expect(all[1]?.seq).toBeGreaterThan(all[0]?.seq ?? Number.POSITIVE_INFINITY);
    const later = await store.listEvents("r1", { afterSeq: all[0]?.seq ?? 0 });
    expect(later.map(({ event }) => event.type)).toEqual(["checkpoint-save"]);
  });
});
