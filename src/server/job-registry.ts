import type { Job } from "../runtime/job.js";
import type { JobEvent } from "../runtime/job-event.js";

/** What the registry needs of a job: its run id, events, cancellation and end. */
export type RegisteredJob = Pick<Job<unknown>, "runId" | "on" | "cancel" | "finished" | "result">;

/**
 * The jobs running in this process that the dashboard may watch live and cancel, by run id. A
 * run that is only in the store (finished, or run by another process) can be read but not
 * cancelled from here. A job leaves the registry by itself when it ends.
 *
 * @example
 * const jobs = new JobRegistry();
 * jobs.add(evaluateJob(program, { devset, metric, store }));
 * createServer({ store, jobs, port: 4000 });
 */
export class JobRegistry {
  readonly #jobs = new Map<string, RegisteredJob>();

  /** Registers a live job; returns it for chaining. */
  add<J extends RegisteredJob>(job: J): J {
    if (job.finished) return job;
    this.#jobs.set(job.runId, job);
    const remove = () => {
      if (this.#jobs.get(job.runId) === job) this.#jobs.delete(job.runId);
    };
    job.result.then(remove, remove);
    return job;
  }

  /** The live job of a run, if this process runs it. */
  get(runId: string): RegisteredJob | undefined {
    const job = this.#jobs.get(runId);
    return job && !job.finished ? job : undefined;
  }

  /** Whether a run is live in this process. */
  has(runId: string): boolean {
    return this.get(runId) !== undefined;
  }

  /** Run ids of the live jobs. */
  runIds(): string[] {
    return [...this.#jobs.keys()].filter((runId) => this.has(runId));
  }

  /**
   * Cancels the live job of a run; false when there is none.
   *
   * @example
   * if (!jobs.cancel("nightly")) console.log("not running here");
   */
  cancel(runId: string, reason: unknown = "cancelled from the dashboard"): boolean {
    const job = this.get(runId);
    if (!job) return false;
    job.cancel(reason);
    return true;
  }

  /**
   * Calls `listener` for each later event of the run's live job; returns an unsubscribe
   * function (a no-op when the run is not live).
   */
  subscribe(runId: string, listener: (event: JobEvent) => void): () => void {
    return this.get(runId)?.on(listener) ?? (() => {});
  }
}
