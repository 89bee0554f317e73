import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { startJob } from "./job.js";
import type { JobEvent } from "./job-event.js";
import { MemoryRunStore } from "./memory-run-store.js";
import { SqliteRunStore } from "./sqlite-run-store.js";

const never = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) =>
    signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
  );

describe("Job", () => {
  it("streams typed events in order and resolves with the body's value", async () => {
    const job = startJob({ name: "demo" }, async (context) => {
      context.emit({ type: "trial-start", trial: 0 });
      await context.checkpoint("state", { trial: 0 });
      context.emit({ type: "trial-end", trial: 0, score: 50 });
      return "done";
    });
    const events: JobEvent[] = [];
    for await (const event of job) events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      "job-start",
      "trial-start",
      "checkpoint-save",
      "trial-end",
      "job-end",
    ]);
    expect(events.every((event) => event.jobId === job.id && event.runId === job.runId)).toBe(true);
    await expect(job.result).resolves.toBe("done");
    expect(await job).toBe("done");
    expect(job.finished).toBe(true);
  });

  it("cancels at once, even when the body ignores the signal, with partial results", async () => {
    const results: number[] = [];
    const job = startJob({ name: "stuck" }, async (context) => {
      context.setPartial(() => [...results]);
      results.push(1, 2);
      await new Promise(() => {}); // never settles and never looks at the signal
    });
    setTimeout(() => job.cancel(), 20);
    const started = performance.now();
    const error = await job.result.catch((caught) => caught);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).partial).toEqual([1, 2]);
    expect((error as AbortError).code).toBe("aborted");
  });

  it("aborts the body's signal on the caller's signal and on timeout", async () => {
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    const job = startJob({ name: "x", signal: caller.signal }, (context) => {
      seen = context.signal;
      return never(context.signal);
    });
    setTimeout(() => caller.abort("user"), 5);
    await expect(job.result).rejects.toMatchObject({ reason: "user" });
    expect(seen?.aborted).toBe(true);
    const timed = startJob({ name: "slow", timeoutMs: 10 }, (context) => never(context.signal));
    await expect(timed.result).rejects.toMatchObject({ reason: "timeout", message: "The job timed out." });
  });

  it("reports a failing body as job-error and marks the run failed", async () => {
    const store = new MemoryRunStore();
    const job = startJob({ name: "boom", store, runId: "r-fail" }, async () => {
      throw new Error("boom");
    });
    const events: JobEvent[] = [];
    for await (const event of job) events.push(event);
    await expect(job.result).rejects.toThrow("boom");
    expect(events.at(-1)).toMatchObject({
      type: "job-error",
      status: "failed",
      code: "internal_error",
      message: "boom",
    });
    expect((await store.getRun("r-fail"))?.status).toBe("failed");
  });

  it("persists events and checkpoints so a rerun with the same id resumes", async () => {
    const store = new MemoryRunStore();
    const first = startJob({ name: "resumable", store, runId: "r1" }, async (context) => {
      await context.checkpoint("progress", { done: 3 });
      context.emit({ type: "progress-update", done: 3, total: 10 });
      return context.resumed;
    });
    expect(await first.result).toBe(false);
    const second = startJob({ name: "resumable", store, runId: "r1" }, async (context) => ({
      resumed: context.resumed,
      restored: await context.restore("progress"),
    }));
    expect(await second.result).toEqual({ resumed: true, restored: { done: 3 } });
    const logged = (await store.listEvents("r1")).map(({ event }) => event.type);
    expect(logged).toEqual(["job-start", "checkpoint-save", "progress-update", "job-end", "job-start", "job-end"]);
  });

  it("writes a checkpoint and the events announcing it in one store write, after earlier events", async () => {
    const writes: string[] = [];
    const store = new SqliteRunStore({ path: ":memory:" });
    const atomic = store.saveCheckpointWithEvents.bind(store);
    store.saveCheckpointWithEvents = async (runId, key, value, events) => {
      writes.push(`${key} with ${events.map((event) => event.type).join(",")}`);
      await atomic(runId, key, value, events);
    };
    const seen: string[] = [];
    const job = startJob({ name: "atomic", store, runId: "a1" }, async (context) => {
      context.emit({ type: "trial-start", trial: 0 });
      await context.checkpointWithEvents?.("search", { done: 1 }, [{ type: "trial-end", trial: 0, score: 1 }]);
    });
    job.on((event) => seen.push(event.type));
    await job.result;
    expect(writes).toEqual(["search with trial-end"]);
    expect(await store.loadCheckpoint("a1", "search")).toEqual({ done: 1 });
    const logged = (await store.listEvents("a1")).map(({ event }) => event.type);
    expect(logged).toEqual(["job-start", "trial-start", "trial-end", "checkpoint-save", "job-end"]);
    expect(seen).toEqual(logged);
    await store.close();
  });

  it("a job cancelled before its body starts leaves no unhandled rejection behind", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const job = startJob({ name: "early" }, async (context) => {
        if (context.signal.aborted) throw new Error("body saw the cancellation");
        return 1;
      });
      job.cancel();
      await expect(job.result).rejects.toBeInstanceOf(AbortError);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
