import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { savedProgramJson } from "../primitives/saved-program-json.js";
import type { JobEvent } from "../runtime/job-event.js";
import type { RunRecord, RunStore } from "../runtime/run-store.js";
import { candidateSummary } from "../server/candidate-summary.js";
import { redact } from "../server/redact.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode, InputError, UsageError } from "./exit-codes.js";
import { formatFields, resultRows } from "./job-report.js";
import { openStore } from "./job-setup.js";
import { integerFlag, parseCommandLine, stringFlag } from "./parse-command-line.js";
import { COMMAND_USAGE } from "./usage.js";

const INSPECT_FLAGS = {
  store: { type: "string" },
  limit: { type: "string" },
  candidate: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `dspy-typescript inspect --store runs.db [run-id]`: the runs in a store, or one run's status,
 * progress, score and results. Exit code 3 for a missing store or an unknown run.
 *
 * @example
 * await inspectCommand(["--store", "runs.db", "nightly", "--json"], io);
 */
export async function inspectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, INSPECT_FLAGS);
  if (values.help) {
    io.stdout.write(`${COMMAND_USAGE.inspect}\n`);
    return ExitCode.ok;
  }
  const storePath = stringFlag(values, "store");
  if (storePath === undefined) throw new UsageError("inspect needs --store <runs.db>.");
  if (positionals.length > 1) throw new UsageError(`inspect takes at most one run id, got ${positionals.length}.`);
  const limit = integerFlag(values, "limit", 20, 0);
  // Opening a missing path would create an empty store; a typo deserves an error instead.
  if (!existsSync(resolve(io.cwd, storePath))) throw new InputError(`${storePath}: run store not found.`);
  const store = openStore(resolve(io.cwd, storePath));
  try {
    const runId = positionals[0];
    if (values.candidate !== undefined) {
      if (runId === undefined) throw new UsageError("--candidate needs a run id.");
      return await printCandidate(store, runId, integerFlag(values, "candidate", 0, 0), io);
    }
    if (runId === undefined) return await listRuns(store, io, values.json === true);
    return await showRun(store, runId, io, { json: values.json === true, limit });
  } finally {
    await store.close();
  }
}

async function listRuns(store: RunStore, io: CliIo, json: boolean): Promise<number> {
  const runs = await store.listRuns();
  if (json) {
    io.stdout.write(`${JSON.stringify(redact({ runs }))}\n`);
    return ExitCode.ok;
  }
  if (runs.length === 0) io.stdout.write("No runs.\n");
  for (const run of runs) io.stdout.write(`${runLine(run)}\n`);
  return ExitCode.ok;
}

async function showRun(store: RunStore, runId: string, io: CliIo, options: { json: boolean; limit: number }) {
  const run = await store.getRun(runId);
  if (!run) throw new InputError(`No run '${runId}' in the store.`);
  const events = (await store.listEvents(runId)).map(({ event }) => event);
  const progress = last(events, "progress-update");
  const failure = last(events, "job-error");
  const trials = events
    .filter((event) => event.type === "trial-end")
    .map((event) => ({ trial: event.trial, score: event.score }));
  const results = await resultRows(store, runId, { withScores: true });
  const candidates = (await store.listCandidates(runId)).map(({ index, value }) => ({
    index,
    ...(candidateSummary(value) as { score?: number | null; chosen?: boolean; predictors?: Record<string, unknown> }),
  }));
  const summary = {
    run,
    events: events.length,
    progress: progress && { done: progress.done, total: progress.total, score: progress.score },
    error: failure && { status: failure.status, code: failure.code, message: failure.message },
    trials,
    candidates,
    results,
  };
  if (options.json) {
    io.stdout.write(`${JSON.stringify(redact(summary))}\n`);
    return ExitCode.ok;
  }
  const lines = [runLine(run), `events: ${events.length}`];
  if (progress)
    lines.push(
      `progress: ${progress.done}${progress.total === undefined ? "" : `/${progress.total}`}${progress.score === undefined ? "" : ` · score ${progress.score}`}`,
    );
  const scored = results.filter((row) => row.score !== undefined);
  if (run.name === "evaluate" && scored.length > 0) {
    const sum = scored.reduce((total, row) => total + (row.score as number), 0);
    lines.push(`score: ${Math.round((10_000 * sum) / scored.length) / 100}% over ${scored.length} results`);
  }
  if (failure) lines.push(`${failure.status}: ${failure.message}`);
  for (const { trial, score } of trials) lines.push(`trial ${trial}: ${score}`);
  if (candidates.length > 0) lines.push(`candidates: ${candidates.length} (--candidate <i> prints one as DSPy JSON)`);
  for (const candidate of candidates) {
    const demos = Object.entries(candidate.predictors ?? {})
      .map(([name, predictor]) => `${name}: ${(predictor as { demos: number }).demos} demos`)
      .join(", ");
    lines.push(`  [${candidate.index}]${candidate.chosen ? " *" : ""} ${candidate.score ?? ""}  ${demos}`);
  }
  lines.push(`results: ${results.length}`);
  for (const row of results.slice(0, options.limit)) {
    const outputs = row.error !== undefined ? `error: ${row.error}` : formatFields(row.outputs).replace(/\n/g, " · ");
    lines.push(`  [${row.index}] ${row.score ?? ""}  ${formatFields(row.inputs).replace(/\n/g, " · ")} → ${outputs}`);
  }
  if (results.length > options.limit) lines.push(`  … ${results.length - options.limit} more (--limit, --json)`);
  io.stdout.write(`${String(redact(lines.join("\n")))}\n`);
  return ExitCode.ok;
}

// The program alone, so `inspect … --candidate 0 > program.json` is a file `load()` accepts.
async function printCandidate(store: RunStore, runId: string, index: number, io: CliIo): Promise<number> {
  if (!(await store.getRun(runId))) throw new InputError(`No run '${runId}' in the store.`);
  const candidate = (await store.listCandidates(runId)).find((row) => row.index === index);
  const program = (candidate?.value as { program?: unknown } | undefined)?.program;
  if (program === undefined) throw new InputError(`Run '${runId}' has no candidate program ${index}.`);
  io.stdout.write(savedProgramJson(redact(program) as Record<string, unknown>));
  return ExitCode.ok;
}

function runLine(run: RunRecord): string {
  return `${run.runId}  ${run.name}  ${run.status}  ${new Date(run.createdAt).toISOString()}`;
}

function last<T extends JobEvent["type"]>(events: JobEvent[], type: T): Extract<JobEvent, { type: T }> | undefined {
  for (let index = events.length - 1; index >= 0; index--) {
    if (events[index]?.type === type) return events[index] as Extract<JobEvent, { type: T }>;
  }
  return undefined;
}
