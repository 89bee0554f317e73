import type { JobEvent } from "./job-event.js";

/** The lifecycle state of a run. */
export type RunStatus = "running" | "succeeded" | "failed" | "cancelled";

/** One run as a store keeps it. */
export interface RunRecord {
  runId: string;
  name: string;
  status: RunStatus;
  createdAt: number;
  updatedAt: number;
}

/**
 * Where jobs persist what they must not lose: run status, checkpoints (optimizer state),
 * per-example results, the candidate programs an optimizer scored, and the event log. A job killed with SIGKILL and started again with the
 * same run id finds all of it here and resumes. Every implementation passes the shared suite in
 * `run-store.case.test.ts`.
 *
 * @example
 * const store = new SqliteRunStore({ path: "runs.db" });
 * const { resumed } = await store.startRun("run-1", "evaluate");
 */
export interface RunStore {
  /** Creates the run, or marks an existing one running again; says which. */
  startRun(runId: string, name: string): Promise<{ resumed: boolean }>;
  /** Records how the run ended. */
  finishRun(runId: string, status: Exclude<RunStatus, "running">): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Runs, newest first. */
  listRuns(): Promise<RunRecord[]>;
  /** Stores a JSON value under a key, replacing the previous one. */
  saveCheckpoint(runId: string, key: string, value: unknown): Promise<void>;
  /**
   * Optional: {@link saveCheckpoint} and {@link appendEvent} for each event as one atomic write,
   * so a process killed at any instant leaves both or neither. Jobs fall back to separate
   * writes on a store without it.
   */
  saveCheckpointWithEvents?(runId: string, key: string, value: unknown, events: readonly JobEvent[]): Promise<void>;
  loadCheckpoint(runId: string, key: string): Promise<unknown>;
  /** Stores the result of one item (an example, a trial) by its index. */
  putResult(runId: string, index: number, value: unknown): Promise<void>;
  /** Every stored result, in index order. */
  listResults(runId: string): Promise<{ index: number; value: unknown }[]>;
  /** Stores one candidate program an optimizer produced (its score, state, …) by its index. */
  putCandidate(runId: string, index: number, value: unknown): Promise<void>;
  /** Every stored candidate, in index order. */
  listCandidates(runId: string): Promise<{ index: number; value: unknown }[]>;
  appendEvent(runId: string, event: JobEvent): Promise<void>;
  /** Events in the order they were appended, optionally only those after a sequence number. */
  listEvents(runId: string, options?: { afterSeq?: number }): Promise<{ seq: number; event: JobEvent }[]>;
  close(): Promise<void>;
}
