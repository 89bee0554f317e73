import type { JobEvent } from "./job-event.js";

/** Where the bar is drawn: `process.stderr`, or anything with its shape. */
export interface ProgressBarStream {
  write(text: string): unknown;
  /** A terminal gets one redrawn line; anything else gets occasional plain lines. */
  isTTY?: boolean;
  /** Terminal width; read on every redraw so a resized window is honoured (default 80). */
  columns?: number;
}

/** Options of {@link attachProgressBar}. */
export interface ProgressBarOptions {
  /** Shown before the bar (default: the job's name from `job-start`, else "job"). */
  label?: string;
  /** Environment to read `CI` from (default `process.env`); a CI log never gets `\r` redraws. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Least time between two terminal redraws (default 100 ms); the final state is always drawn. */
  redrawMs?: number;
  /** Most time between two plain lines while progress is made (default 10 000 ms). */
  plainIntervalMs?: number;
  /** Clock in ms, injectable for tests (default `performance.now`). */
  now?: () => number;
}

/** Anything that emits job events: a {@link Job}, or a test double. */
export interface ProgressSource {
  on(listener: (event: JobEvent) => void): () => void;
}

interface Progress {
  done: number;
  total: number | undefined;
  score: number | undefined;
}

/**
 * Shows a job's `progress-update` events. On a terminal it is one line redrawn in place with
 * `\r`, sized to the terminal so it never wraps (a wrapped line cannot be redrawn); in CI logs
 * and files — no TTY, or `CI` set — it writes a plain line at each new tenth of the work, or
 * every `plainIntervalMs` when the total is unknown, so a 100k-example run stays a short log.
 * The last state is always written when the job ends. Returns a function that detaches it.
 *
 * @example
 * const job = evaluateJob(program, { devset, metric });
 * attachProgressBar(job, process.stderr);
 * await job;
 */
export function attachProgressBar(
  job: ProgressSource,
  stream: ProgressBarStream = process.stderr,
  options: ProgressBarOptions = {},
): () => void {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => performance.now());
  const tty = stream.isTTY === true && !isSet(env.CI);
  const redrawMs = options.redrawMs ?? 100;
  const plainIntervalMs = options.plainIntervalMs ?? 10_000;
  const startedAt = now();
  let label = options.label;
  let progress: Progress | undefined;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawnWidth = 0;
  let drawnTenth = -1;
  let pending = false;

  const elapsed = () => (now() - startedAt) / 1000;
  const draw = () => {
    if (!progress) return;
    const columns = Math.max(stream.columns ?? 80, 10);
    const text = ttyLine(label ?? "job", progress, elapsed(), columns - 1);
    // Blank out what a longer previous line left behind, but never past the terminal's edge:
    // a padded line that wraps would make every later `\r` redraw start a new row.
    const padding = Math.max(0, Math.min(drawnWidth, columns - 1) - text.length);
    stream.write(`\r${text}${" ".repeat(padding)}`);
    drawnWidth = text.length;
    drawnAt = now();
    pending = false;
  };
  const print = () => {
    if (!progress) return;
    stream.write(`${plainLine(label ?? "job", progress, elapsed())}\n`);
    drawnAt = now();
    drawnTenth = tenth(progress);
    pending = false;
  };
  const finish = (outcome: string | undefined) => {
    off();
    if (tty) {
      if (pending) draw();
      // End the redrawn line so later output starts on a fresh one.
      if (drawnWidth > 0) stream.write(outcome ? ` ${outcome}\n` : "\n");
      else if (outcome) stream.write(`${label ?? "job"} ${outcome}\n`);
      return;
    }
    if (pending) print();
    if (outcome) stream.write(`[${label ?? "job"}] ${outcome}\n`);
  };

  const off = job.on((event) => {
    switch (event.type) {
      case "job-start":
        label ??= event.name;
        return;
      case "progress-update": {
        progress = { done: event.done, total: event.total, score: event.score ?? progress?.score };
        pending = true;
        const finished = progress.total !== undefined && progress.done >= progress.total;
        if (tty) {
          if (finished || now() - drawnAt >= redrawMs) draw();
        } else if (tenth(progress) > drawnTenth || now() - drawnAt >= plainIntervalMs) {
          print();
        }
        return;
      }
      case "job-end":
        finish(undefined);
        return;
      case "job-error":
        finish(event.status === "cancelled" ? "cancelled" : `failed: ${event.message}`);
        return;
    }
  });
  return off;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** Which tenth of the work is done (−1 when the total is unknown, so only the clock prints). */
function tenth({ done, total }: Progress): number {
  if (total === undefined || total <= 0) return -1;
  return Math.floor((10 * Math.min(done, total)) / total);
}

function counts({ done, total, score }: Progress, elapsedSeconds: number): string {
  const parts = [total === undefined ? `${done}` : `${done}/${total}`];
  if (score !== undefined) parts.push(`score ${score}`);
  parts.push(`${elapsedSeconds.toFixed(1)}s`);
  return parts.join(" · ");
}

function percent({ done, total }: Progress): string {
  return total === undefined || total <= 0 ? "" : `${Math.floor((100 * Math.min(done, total)) / total)}%`;
}

/** `label  42% |████░░░░| 420/1000 · score 66.7 · 3.2s`, fitted into `width` columns. */
function ttyLine(label: string, progress: Progress, elapsedSeconds: number, width: number): string {
  const pct = percent(progress);
  const tail = counts(progress, elapsedSeconds);
  const head = pct ? `${label} ${pct.padStart(4)}` : label;
  const room = width - head.length - tail.length - 4; // spaces and the two bar ends
  if (progress.total !== undefined && progress.total > 0 && room >= 5) {
    const barWidth = Math.min(room, 40);
    const filled = Math.round((barWidth * Math.min(progress.done, progress.total)) / progress.total);
    return `${head} |${"█".repeat(filled)}${"░".repeat(barWidth - filled)}| ${tail}`;
  }
  const line = `${head} ${tail}`;
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

/** `[label] 420/1000 (42%) · score 66.7 · 3.2s`. */
function plainLine(label: string, progress: Progress, elapsedSeconds: number): string {
  const pct = percent(progress);
  const [first, ...rest] = counts(progress, elapsedSeconds).split(" · ");
  return `[${label}] ${[`${first}${pct ? ` (${pct})` : ""}`, ...rest].join(" · ")}`;
}
