import { describe, expect, it } from "vitest";
import { startJob } from "./job.js";
import type { JobEvent, JobEventInput } from "./job-event.js";
import { attachProgressBar, type ProgressBarStream } from "./progress-bar.js";

/** A stream that records writes, optionally pretending to be a terminal. */
class FakeStream implements ProgressBarStream {
  readonly writes: string[] = [];
  constructor(
    readonly isTTY: boolean,
    public columns = 80,
  ) {}
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
  get text(): string {
    return this.writes.join("");
  }
}

/** A job double whose events the test emits by hand. */
function fakeJob() {
  const listeners = new Set<(event: JobEvent) => void>();
  return {
    on(listener: (event: JobEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(input: JobEventInput) {
      for (const listener of listeners) listener({ ...input, jobId: "j", runId: "r", at: 0 } as JobEvent);
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

/** A clock the test advances explicitly. */
function manualClock() {
  let time = 0;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

const noCI = { env: {} };

describe("attachProgressBar on a terminal", () => {
  it("redraws one line with \\r and ends it once", () => {
    const stream = new FakeStream(true);
    const job = fakeJob();
    const clock = manualClock();
    attachProgressBar(job, stream, { ...noCI, now: clock.now, redrawMs: 0 });
    job.emit({ type: "job-start", name: "evaluate", resumed: false });
    for (let done = 1; done <= 4; done++) {
      clock.advance(500);
      job.emit({ type: "progress-update", done, total: 4, score: 50 });
    }
    job.emit({ type: "job-end", status: "succeeded" });
    expect(stream.writes).toHaveLength(5);
    expect(stream.writes.slice(0, 4).every((write) => write.startsWith("\r") && !write.includes("\n"))).toBe(true);
    expect(stream.writes[3]).toContain("evaluate 100% |");
    expect(stream.writes[3]).toContain("4/4 · score 50 · 2.0s");
    expect(stream.writes[1]).toContain(" 50% |");
    expect(stream.writes[4]).toBe("\n");
  });

  it("never draws wider than the terminal, even when it narrows mid-run", () => {
    const stream = new FakeStream(true, 100);
    const job = fakeJob();
    attachProgressBar(job, stream, { ...noCI, label: "a-rather-long-job-label", redrawMs: 0 });
    job.emit({ type: "progress-update", done: 500, total: 1000, score: 66.7 });
    stream.columns = 30;
    job.emit({ type: "progress-update", done: 600, total: 1000, score: 66.7 });
    stream.columns = 12;
    job.emit({ type: "progress-update", done: 700, total: 1000, score: 66.7 });
    // Each write, padding included, fits in columns − 1 so the cursor never wraps.
    const widths = stream.writes.map((write) => write.replace("\r", "").length);
    expect(widths[0]).toBeLessThanOrEqual(99);
    expect(widths[1]).toBeLessThanOrEqual(29);
    expect(widths[2]).toBeLessThanOrEqual(11);
    // Wide: a bar half full; narrow: no room for a bar; narrower still: truncated with an ellipsis.
    expect(stream.writes[0]).toMatch(/ 50% \|█+░+\| 500\/1000 · score 66\.7/);
    expect(stream.writes[1]).not.toContain("|");
    expect(stream.writes[2]?.trimEnd()).toMatch(/…$/);
  });

  it("pads a shorter line so the previous one leaves nothing behind", () => {
    const stream = new FakeStream(true);
    const job = fakeJob();
    attachProgressBar(job, stream, { ...noCI, label: "x", redrawMs: 0 });
    job.emit({ type: "progress-update", done: 5, total: undefined, score: 12.5 });
    job.emit({ type: "progress-update", done: 6, total: undefined });
    const [first, second] = stream.writes.map((write) => write.slice(1));
    // The score is carried over when an update omits it, so the line only shrinks if told to.
    expect(second).toContain("score 12.5");
    expect(second?.length).toBeGreaterThanOrEqual(first?.length ?? 0);
  });

  it("throttles redraws but always draws the final state", () => {
    const stream = new FakeStream(true);
    const job = fakeJob();
    const clock = manualClock();
    attachProgressBar(job, stream, { ...noCI, now: clock.now, redrawMs: 100 });
    for (let done = 1; done <= 1000; done++) {
      clock.advance(1); // 1000 updates over one second
      job.emit({ type: "progress-update", done, total: 2000 });
    }
    job.emit({ type: "job-end", status: "succeeded" });
    const redraws = stream.writes.filter((write) => write.startsWith("\r"));
    expect(redraws.length).toBeGreaterThanOrEqual(9);
    expect(redraws.length).toBeLessThanOrEqual(12);
    expect(redraws.at(-1)).toContain("1000/2000");
    expect(stream.writes.at(-1)).toBe("\n");
  });

  it("reports a cancellation on the same line and detaches", () => {
    const stream = new FakeStream(true);
    const job = fakeJob();
    attachProgressBar(job, stream, { ...noCI, label: "run", redrawMs: 0 });
    job.emit({ type: "progress-update", done: 3, total: 10 });
    job.emit({ type: "job-error", status: "cancelled", code: "aborted", message: "The job was cancelled." });
    expect(stream.writes.at(-1)).toBe(" cancelled\n");
    expect(job.listenerCount).toBe(0);
    job.emit({ type: "progress-update", done: 4, total: 10 });
    expect(stream.writes).toHaveLength(2);
  });
});

describe("attachProgressBar in logs", () => {
  it("writes a plain line per tenth of the work, never \\r", () => {
    const stream = new FakeStream(false);
    const job = fakeJob();
    attachProgressBar(job, stream, { ...noCI, label: "evaluate" });
    for (let done = 1; done <= 1000; done++) job.emit({ type: "progress-update", done, total: 1000, score: 40 });
    job.emit({ type: "job-end", status: "succeeded" });
    expect(stream.text).not.toContain("\r");
    const lines = stream.text.trimEnd().split("\n");
    // 0% (first update), 10%, 20%, …, 100%.
    expect(lines).toHaveLength(11);
    expect(lines[1]).toMatch(/^\[evaluate\] 100\/1000 \(10%\) · score 40 · \d+\.\ds$/);
    expect(lines.at(-1)).toMatch(/^\[evaluate\] 1000\/1000 \(100%\)/);
  });

  it("treats a terminal as a log when CI is set", () => {
    const stream = new FakeStream(true);
    const job = fakeJob();
    attachProgressBar(job, stream, { env: { CI: "true" }, label: "ci" });
    job.emit({ type: "progress-update", done: 1, total: 2 });
    job.emit({ type: "progress-update", done: 2, total: 2 });
    expect(stream.text).toMatch(/^\[ci\] 1\/2 \(50%\)/);
    expect(stream.text).not.toContain("\r");
  });

  it("prints on the clock when the total is unknown, plus the last state and the failure", () => {
    const stream = new FakeStream(false);
    const job = fakeJob();
    const clock = manualClock();
    attachProgressBar(job, stream, { ...noCI, label: "search", now: clock.now, plainIntervalMs: 1000 });
    for (let done = 1; done <= 25; done++) {
      clock.advance(100);
      job.emit({ type: "progress-update", done, total: undefined });
    }
    job.emit({ type: "job-error", status: "failed", code: "internal_error", message: "boom" });
    const lines = stream.text.trimEnd().split("\n");
    expect(lines).toEqual([
      "[search] 1 · 0.1s",
      "[search] 11 · 1.1s",
      "[search] 21 · 2.1s",
      "[search] 25 · 2.5s",
      "[search] failed: boom",
    ]);
  });
});

describe("attachProgressBar on a real job", () => {
  it("takes the label from job-start and shows every update's final state", async () => {
    const stream = new FakeStream(false);
    const job = startJob({ name: "evaluate" }, async (context) => {
      for (let done = 1; done <= 5; done++) context.emit({ type: "progress-update", done, total: 5 });
      return "ok";
    });
    attachProgressBar(job, stream, noCI);
    await job;
    expect(stream.text).toMatch(/^\[evaluate\] 1\/5 \(20%\)/);
    expect(stream.text.trimEnd().split("\n").at(-1)).toMatch(/^\[evaluate\] 5\/5 \(100%\)/);
  });
});
