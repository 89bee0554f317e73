import { AbortError } from "../errors/abort-error.js";
import type { Job } from "../runtime/job.js";
import type { RunStore } from "../runtime/run-store.js";
import { createServer } from "../server/create-server.js";
import { JobRegistry } from "../server/job-registry.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import { attachProgressLines } from "./progress-lines.js";

/** How a supervised job ended. */
export type JobOutcome<T> =
  | { status: "succeeded"; value: T; code: number }
  | { status: "cancelled" | "failed"; error: unknown; code: number };

/** Options of {@link superviseJob}. */
export interface SuperviseOptions {
  store: RunStore;
  /** Print progress on stderr (a redrawn bar on a terminal, plain lines elsewhere). */
  progress: boolean;
  /** Serve the dashboard for this job on this port while it runs. */
  servePort?: number | undefined;
}

/**
 * Runs a started job the way a terminal user expects: progress on stderr, Ctrl-C cancels it
 * gracefully (in-flight LM calls are aborted, finished work stays in the store) and a second
 * Ctrl-C quits at once, optionally with the live dashboard served meanwhile. Resolves with the
 * outcome and its exit code; never rejects for the job's own failure.
 *
 * @example
 * const outcome = await superviseJob(evaluateJob(program, options), io, { store, progress: !json });
 * if (outcome.status === "succeeded") print(outcome.value.score);
 */
export async function superviseJob<T>(job: Job<T>, io: CliIo, options: SuperviseOptions): Promise<JobOutcome<T>> {
  const detachProgress = options.progress ? attachProgressLines(job, io.stderr, { env: io.env }) : () => {};
  let stoppedBy: "SIGINT" | "SIGTERM" | undefined;
  const offSignal = io.onSignal((signal) => {
    if (stoppedBy) {
      io.stderr.write("Stopping now.\n");
      io.exitNow(signal === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated);
      return;
    }
    stoppedBy = signal;
    io.stderr.write(`\nCancelling the job (${signal}); finished work is kept. Press Ctrl-C again to stop at once.\n`);
    job.cancel(signal);
  });
  let dashboard: Awaited<ReturnType<typeof serveJob>> | undefined;
  try {
    if (options.servePort !== undefined) dashboard = await serveJob(job, io, options.store, options.servePort);
    const value = await job.result;
    return { status: "succeeded", value, code: ExitCode.ok };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (stoppedBy && error instanceof AbortError) {
      return {
        status: "cancelled",
        error,
        code: stoppedBy === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated,
      };
    }
    // Cancelled from the dashboard (or timed out): the user asked for it, but the work is not done.
    return { status: error instanceof AbortError ? "cancelled" : "failed", error, code: ExitCode.jobFailed };
  } finally {
    offSignal();
    detachProgress();
    await dashboard?.close();
  }
}

async function serveJob(job: Job<unknown>, io: CliIo, store: RunStore, port: number) {
  const jobs = new JobRegistry();
  jobs.add(job);
  const token = io.env.DSPY_DASHBOARD_TOKEN || undefined;
  const server = createServer({ store, jobs, port, token });
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    // No dashboard, no job: the user asked to watch it.
    job.cancel("the dashboard could not start");
    await job.result.catch(() => {});
    throw new UsageError(`Cannot serve the dashboard on port ${port}: ${(error as Error).message}`);
  }
  io.stderr.write(`Dashboard: ${url}/#run=${encodeURIComponent(job.runId)}\n`);
  return server;
}
