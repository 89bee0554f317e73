import { AbortError } from "../errors/abort-error.js";
import type { RunStore } from "../runtime/run-store.js";
import { redactText } from "../server/redact.js";
import type { CliIo } from "./cli-io.js";
import type { JobOutcome } from "./supervise-job.js";

/** One example's stored result, as evaluateJob writes it. */
export interface ResultRow {
  index: number;
  inputs?: Record<string, unknown>;
  outputs: Record<string, unknown>;
  score?: number;
  error?: string;
}

/**
 * A run's per-example results from the store, in dataset order.
 *
 * @example
 * const rows = await resultRows(store, "nightly", { withScores: true });
 */
export async function resultRows(
  store: RunStore,
  runId: string,
  options: { withScores: boolean },
): Promise<ResultRow[]> {
  return (await store.listResults(runId)).map(({ index, value }) => {
    const stored = (value ?? {}) as {
      score?: number;
      inputs?: Record<string, unknown>;
      prediction?: Record<string, unknown>;
      error?: string;
    };
    const row: ResultRow = { index, inputs: stored.inputs, outputs: stored.prediction ?? {} };
    if (options.withScores && stored.score !== undefined) row.score = stored.score;
    if (stored.error !== undefined) row.error = redactText(stored.error);
    return row;
  });
}

/** The message of a job's error, without credentials. */
export function errorMessage(error: unknown): string {
  return redactText(String((error as Error)?.message ?? error));
}

/**
 * How to pick the run up again, or how to make it resumable next time.
 *
 * @example
 * resumeHint("eval", "qa.ts data.jsonl", "runs.db", "r1"); // "Resume with: dspy-typescript eval ... --store runs.db --run-id r1"
 */
export function resumeHint(command: string, positionals: string, storePath: string | undefined, runId: string): string {
  return storePath === undefined
    ? "Pass --store <file.db> (and --run-id) to keep finished work for a resume."
    : `Resume with: dspy-typescript ${command} ${positionals} --store ${storePath} --run-id ${runId}`;
}

/**
 * Writes the end of an unsuccessful job to stderr (text mode) and returns the document to
 * print in JSON mode.
 *
 * @example
 * if (outcome.status !== "succeeded") return reportUnfinished(outcome, rows, total, io, hint, json);
 */
export function reportUnfinished(
  outcome: Exclude<JobOutcome<unknown>, { status: "succeeded" }>,
  context: { runId: string; rows: ResultRow[]; total: number; hint: string; json: boolean; io: CliIo },
): number {
  const { runId, rows, total, hint, json, io } = context;
  const message = errorMessage(outcome.error);
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ runId, status: outcome.status, error: message, done: rows.length, total, results: rows })}\n`,
    );
  } else if (outcome.status === "cancelled") {
    io.stderr.write(`Cancelled after ${rows.length} of ${total} examples.\n${hint}\n`);
  } else {
    const partial = outcome.error instanceof AbortError ? "" : ` (${rows.length} of ${total} examples finished)`;
    io.stderr.write(`Job failed: ${message}${partial}\n${hint}\n`);
  }
  return outcome.code;
}

/**
 * `field: value` lines for a record, values on one line each.
 *
 * @example
 * formatFields({ answer: "Paris" }); // "answer: Paris"
 */
export function formatFields(fields: Record<string, unknown> | undefined): string {
  return Object.entries(fields ?? {})
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("\n");
}
