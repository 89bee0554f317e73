import { describe, expect, it } from "vitest";
import type { JobEvent } from "../runtime/job-event.js";
import { attachProgressLines } from "./progress-lines.js";

function fakeJob() {
  const listeners = new Set<(event: JobEvent) => void>();
  const base = { jobId: "j", runId: "r", at: 0 };
  return {
    on(listener: (event: JobEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: Record<string, unknown>) {
      for (const listener of [...listeners]) listener({ ...base, ...event } as JobEvent);
    },
  };
}

function run(isTTY: boolean, env: Record<string, string>) {
  const job = fakeJob();
  let out = "";
  attachProgressLines(job, { isTTY, write: (text: string) => (out += text) }, { env });
  job.emit({ type: "job-start", name: "evaluate", resumed: false });
  for (let done = 1; done <= 40; done++) job.emit({ type: "progress-update", done, total: 40 });
  job.emit({ type: "job-end", status: "succeeded" });
  job.emit({ type: "progress-update", done: 41, total: 40 }); // detached: ignored
  return out;
}

describe("attachProgressLines", () => {
  it("writes the first update, then one plain line per new tenth of the work, off a terminal", () => {
    const lines = run(false, {}).trimEnd().split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^\[evaluate\] 1\/40 \(2%\) · \d+\.\ds$/);
    expect(lines[1]).toMatch(/^\[evaluate\] 4\/40 \(10%\)/);
    expect(lines.at(-1)).toMatch(/^\[evaluate\] 40\/40 \(100%\)/);
  });

  it("redraws one line on a terminal, but not when CI is set", () => {
    const tty = run(true, {});
    expect(tty.split("\r")).toHaveLength(41);
    expect(tty.endsWith("\n")).toBe(true);
    expect(tty.split("\n")).toHaveLength(2);
    expect(run(true, { CI: "true" })).not.toContain("\r");
  });

  it("says how the job ended when it did not succeed", () => {
    const job = fakeJob();
    let out = "";
    attachProgressLines(job, { write: (text: string) => (out += text) }, { env: {} });
    job.emit({ type: "job-start", name: "BootstrapFewShot", resumed: false });
    job.emit({ type: "job-error", status: "cancelled", code: "aborted", message: "The job was cancelled." });
    expect(out).toBe("[BootstrapFewShot] cancelled\n");
  });
});
