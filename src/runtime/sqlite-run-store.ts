import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { JobEvent } from "./job-event.js";
import type { RunRecord, RunStatus, RunStore } from "./run-store.js";

/** Options for {@link SqliteRunStore}. */
export interface SqliteRunStoreOptions {
  /** The database file (created with its folder if missing); `":memory:"` for a throwaway store. */
  path: string;
}

const SCHEMA = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  PRAGMA busy_timeout = 5000;
  CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS checkpoints (
    run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
  CREATE TABLE IF NOT EXISTS results (
    run_id TEXT NOT NULL, idx INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, idx));
  CREATE TABLE IF NOT EXISTS candidates (
    run_id TEXT NOT NULL, idx INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, idx));
  CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, value TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS events_by_run ON events (run_id, seq);
`;

/**
 * The embedded default {@link RunStore}, on `node:sqlite` (no native addon). Every write is its
 * own committed statement in WAL mode, so a process killed at any instant leaves the store
 * consistent and a restarted job resumes from its last checkpoint. Commits are not fsynced
 * (`synchronous = NORMAL`): a killed process loses nothing it committed, while an OS crash or a
 * power cut may lose the last writes (never consistency). Fsyncing every write cost ~4 ms each
 * and blocked the event loop: a 2,000-example evaluateJob spent 28 s instead of 2.3 s.
 *
 * @example
 * const store = new SqliteRunStore({ path: ".dspy/runs.db" });
 */
export class SqliteRunStore implements RunStore {
  readonly #db: DatabaseSync;

  constructor(options: SqliteRunStoreOptions) {
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    this.#db = new DatabaseSync(options.path);
    this.#db.exec(SCHEMA);
  }

  async startRun(runId: string, name: string): Promise<{ resumed: boolean }> {
    const now = Date.now();
    const existing = this.#db.prepare("SELECT run_id FROM runs WHERE run_id = ?").get(runId);
    if (existing) {
      this.#db.prepare("UPDATE runs SET status = 'running', updated_at = ? WHERE run_id = ?").run(now, runId);
      return { resumed: true };
    }
    this.#db
      .prepare("INSERT INTO runs (run_id, name, status, created_at, updated_at) VALUES (?, ?, 'running', ?, ?)")
      .run(runId, name, now, now);
    return { resumed: false };
  }

  async finishRun(runId: string, status: Exclude<RunStatus, "running">): Promise<void> {
    this.#db.prepare("UPDATE runs SET status = ?, updated_at = ? WHERE run_id = ?").run(status, Date.now(), runId);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const row = this.#db.prepare("SELECT * FROM runs WHERE run_id = ?").get(runId);
    return row ? toRecord(row) : undefined;
  }

  async listRuns(): Promise<RunRecord[]> {
    return this.#db.prepare("SELECT * FROM runs ORDER BY created_at DESC, rowid DESC").all().map(toRecord);
  }

  async saveCheckpoint(runId: string, key: string, value: unknown): Promise<void> {
    this.#db
      .prepare(
        "INSERT INTO checkpoints (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value",
      )
      .run(runId, key, JSON.stringify(value));
  }

  async saveCheckpointWithEvents(runId: string, key: string, value: unknown, events: readonly JobEvent[]) {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      await this.saveCheckpoint(runId, key, value);
      for (const event of events) await this.appendEvent(runId, event);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  async loadCheckpoint(runId: string, key: string): Promise<unknown> {
    const row = this.#db.prepare("SELECT value FROM checkpoints WHERE run_id = ? AND key = ?").get(runId, key);
    return row ? JSON.parse(String(row.value)) : undefined;
  }

  async putResult(runId: string, index: number, value: unknown): Promise<void> {
    this.#db
      .prepare(
        "INSERT INTO results (run_id, idx, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value",
      )
      .run(runId, index, JSON.stringify(value));
  }

  async listResults(runId: string): Promise<{ index: number; value: unknown }[]> {
    return this.#db
      .prepare("SELECT idx, value FROM results WHERE run_id = ? ORDER BY idx")
      .all(runId)
      .map((row) => ({ index: Number(row.idx), value: JSON.parse(String(row.value)) }));
  }

  async putCandidate(runId: string, index: number, value: unknown): Promise<void> {
    this.#db
      .prepare(
        "INSERT INTO candidates (run_id, idx, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value",
      )
      .run(runId, index, JSON.stringify(value));
  }

  async listCandidates(runId: string): Promise<{ index: number; value: unknown }[]> {
    return this.#db
      .prepare("SELECT idx, value FROM candidates WHERE run_id = ? ORDER BY idx")
      .all(runId)
      .map((row) => ({ index: Number(row.idx), value: JSON.parse(String(row.value)) }));
  }

  async appendEvent(runId: string, event: JobEvent): Promise<void> {
    this.#db.prepare("INSERT INTO events (run_id, value) VALUES (?, ?)").run(runId, JSON.stringify(event));
  }

  async listEvents(runId: string, options: { afterSeq?: number } = {}): Promise<{ seq: number; event: JobEvent }[]> {
    return this.#db
      .prepare("SELECT seq, value FROM events WHERE run_id = ? AND seq > ? ORDER BY seq")
      .all(runId, options.afterSeq ?? 0)
      .map((row) => ({ seq: Number(row.seq), event: JSON.parse(String(row.value)) as JobEvent }));
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

function toRecord(row: Record<string, unknown>): RunRecord {
  return {
    runId: String(row.run_id),
    name: String(row.name),
    status: String(row.status) as RunStatus,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
