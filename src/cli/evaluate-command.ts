import type { EvaluationResult } from "../evaluate/evaluation-result.js";
import type { Metric } from "../evaluate/metric.js";
import { context } from "../predict/settings.js";
import { evaluateJob } from "../runtime/evaluate-job.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode } from "./exit-codes.js";
import { errorMessage, formatFields, reportUnfinished, resultRows, resumeHint } from "./job-report.js";
import { prepareJob } from "./job-setup.js";
import { JOB_FLAGS, parseCommandLine } from "./parse-command-line.js";
import { superviseJob } from "./supervise-job.js";
import { COMMAND_USAGE } from "./usage.js";

// `run` reuses the evaluation job for its concurrency, storage and resume; nothing is scored.
const unscored: Metric = () => 0;

/**
 * `dspy-typescript run|eval <program> <data.jsonl>`: runs the program on every row as a
 * resumable job, then prints the outputs (`run`) or the score (`eval`). Exit code 1 when the
 * job fails or every example failed.
 *
 * @example
 * const code = await evaluateCommand("eval", ["qa.ts", "dev.jsonl", "--model", "openai/gpt-4o-mini"], io);
 */
export async function evaluateCommand(command: "run" | "eval", args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(args, JOB_FLAGS);
  if (parsed.values.help) {
    io.stdout.write(`${COMMAND_USAGE[command]}\n`);
    return ExitCode.ok;
  }
  const setup = await prepareJob(parsed, io, { command });
  const { store, examples, json } = setup;
  try {
    const job = context({ lm: setup.lm }, () =>
      evaluateJob(setup.loaded.program, {
        name: command === "run" ? "run" : "evaluate",
        devset: examples,
        metric: command === "run" ? unscored : setup.loaded.metric,
        numThreads: setup.concurrency,
        maxErrors: setup.maxErrors,
        runId: setup.runId,
        store,
        // Failures are stored with each result and summarised at the end.
        onError: () => {},
      }),
    );
    if (!json) io.stderr.write(`${command} ${job.runId}: ${examples.length} examples\n`);
    const outcome = await superviseJob<EvaluationResult>(job, io, {
      store,
      progress: !json,
      servePort: setup.servePort,
    });
    const rows = await resultRows(store, job.runId, { withScores: command === "eval" });
    const hint = resumeHint(command, parsed.positionals.join(" "), setup.storePath, job.runId);
    if (outcome.status !== "succeeded") {
      return reportUnfinished(outcome, { runId: job.runId, rows, total: examples.length, hint, json, io });
    }
    const failed = rows.filter((row) => row.error !== undefined);
    const allFailed = failed.length === rows.length;
    const score = command === "eval" ? outcome.value.score : undefined;
    if (json) {
      const status = allFailed ? "failed" : "succeeded";
      io.stdout.write(
        `${JSON.stringify({ runId: job.runId, status, score, total: examples.length, failed: failed.length, results: rows })}\n`,
      );
    } else {
      if (command === "run") {
        for (const row of rows) {
          const body = row.error !== undefined ? `error: ${row.error}` : formatFields(row.outputs);
          io.stdout.write(`[${row.index}] ${body.replace(/\n/g, "\n    ")}\n`);
        }
      } else {
        io.stdout.write(`Score: ${score}% on ${examples.length} examples (run ${job.runId})\n`);
      }
      if (failed.length > 0 && !allFailed) {
        io.stderr.write(`${failed.length} of ${rows.length} examples failed; first: ${failed[0]?.error}\n`);
      }
    }
    if (allFailed) {
      if (!json) io.stderr.write(`Every example failed: ${errorMessage(failed[0]?.error)}\n`);
      return ExitCode.jobFailed;
    }
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}
