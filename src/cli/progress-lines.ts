import type { JobEvent } from "../runtime/job-event.js";
import type { CliStream } from "./cli-io.js";

/** Anything that emits job events (a Job). */
export interface ProgressSource {
  on(listener: (event: JobEvent) => void): () => void;
}

/**
 * Shows a job's `progress-update` events on stderr: one line redrawn in place on a terminal,
 * and in CI logs and files (no TTY, or `CI` set) a plain line at each new tenth of the work, so
 * a long run stays a short log. The outcome ends the display. Returns a function that detaches.
 *
 * (A stopgap with the call shape of `runtime/progress-bar.ts`'s `attachProgressBar`, which the
 * CLI should use once that lands.)
 *
 * @example
 * const detach = attachProgressLines(job, process.stderr, { env: process.env });
 */
export function attachProgressLines(
  job: ProgressSource,
  stream: CliStream,
  options: { env: Readonly<Record<string, string | undefined>> },
): () => void {
  const ci = options.env.CI !== undefined && options.env.CI !== "" && options.env.CI !== "0";
  const tty = stream.isTTY === true && !ci;
  const started = Date.now();
  let label = "job";
  let lastTenth = -1;
  let drawn = false;
  const line = (done: number, total: number | undefined, score: number | undefined) => {
    const percent = total ? ` (${Math.floor((100 * Math.min(done, total)) / total)}%)` : "";
    const scored = score === undefined ? "" : ` · score ${score}`;
    return `[${label}] ${done}${total === undefined ? "" : `/${total}`}${percent}${scored} · ${((Date.now() - started) / 1000).toFixed(1)}s`;
  };
  const off = job.on((event) => {
    if (event.type === "job-start") label = event.name;
    if (event.type === "progress-update") {
      const text = line(event.done, event.total, event.score);
      if (tty) {
        stream.write(`\r${text}\u001b[K`);
        drawn = true;
        return;
      }
      const tenth = event.total ? Math.floor((10 * Math.min(event.done, event.total)) / event.total) : lastTenth + 1;
      if (tenth > lastTenth) stream.write(`${text}\n`);
      lastTenth = Math.max(lastTenth, tenth);
    }
    if (event.type === "job-end" || event.type === "job-error") {
      if (drawn) stream.write("\n");
      if (event.type === "job-error")
        stream.write(`[${label}] ${event.status === "cancelled" ? "cancelled" : "failed"}\n`);
      off();
    }
  });
  return off;
}
