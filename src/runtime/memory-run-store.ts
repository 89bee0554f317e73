import type { JobEvent } from "./job-event.js";
import type { RunRecord, RunStatus, RunStore } from "./run-store.js";

interface MemoryRun {
  record: RunRecord;
  checkpoints: Map<string, string>;
  results: Map<number, string>;
  candidates: Map<number, string>;
  events: JobEvent[];
}

/**
 * A {@link RunStore} in process memory: for tests and short scripts that need no resume after
 * a crash. Values are stored as JSON text, so they are copied exactly as SQLite would copy them.
 *
 * @example
 * const store = new MemoryRunStore();
 */
export class MemoryRunStore implements RunStore {
  readonly #runs = new Map<string, MemoryRun>();
  #clock = 0;

  async startRun(runId: string, name: string): Promise<{ resumed: boolean }> {
    const existing = this.#runs.get(runId);
    const now = this.#now();
    if (existing) {
      existing.record = { ...existing.record, status: "running", updatedAt: now };
      return { resumed: true };
    }
    const record = { runId, name, status: "running" as const, createdAt: now, updatedAt: now };
    this.#runs.set(runId, { record, checkpoints: new Map(), results: new Map(), candidates: new Map(), events: [] });
    return { resumed: false };
  }

  async finishRun(runId: string, status: Exclude<RunStatus, "running">): Promise<void> {
    const run = this.#run(runId);
    run.record = { ...run.record, status, updatedAt: this.#now() };
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const run = this.#runs.get(runId);
    return run ? { ...run.record } : undefined;
  }

  async listRuns(): Promise<RunRecord[]> {
    return [...this.#runs.values()].map((run) => ({ ...run.record })).sort((a, b) => b.createdAt - a.createdAt);
  }

  async saveCheckpoint(runId: string, key: string, value: unknown): Promise<void> {
    this.#run(runId).checkpoints.set(key, JSON.stringify(value));
  }

  async saveCheckpointWithEvents(runId: string, key: string, value: unknown, events: readonly JobEvent[]) {
    // Serialized before anything is stored, so a value that cannot be saved stores nothing.
    const text = JSON.stringify(value);
    const copies = events.map((event) => structuredClone(event));
    this.#run(runId).checkpoints.set(key, text);
    this.#run(runId).events.push(...copies);
  }

  async loadCheckpoint(runId: string, key: string): Promise<unknown> {
    const text = this.#runs.get(runId)?.checkpoints.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async putResult(runId: string, index: number, value: unknown): Promise<void> {
    this.#run(runId).results.set(index, JSON.stringify(value));
  }

  async listResults(runId: string): Promise<{ index: number; value: unknown }[]> {
    return inIndexOrder(this.#runs.get(runId)?.results);
  }

  async putCandidate(runId: string, index: number, value: unknown): Promise<void> {
    this.#run(runId).candidates.set(index, JSON.stringify(value));
  }

  async listCandidates(runId: string): Promise<{ index: number; value: unknown }[]> {
    return inIndexOrder(this.#runs.get(runId)?.candidates);
  }

  async appendEvent(runId: string, event: JobEvent): Promise<void> {
    this.#run(runId).events.push(structuredClone(event));
  }

  async listEvents(runId: string, options: { afterSeq?: number } = {}): Promise<{ seq: number; event: JobEvent }[]> {
    const events = this.#runs.get(runId)?.events ?? [];
    return events.map((event, index) => ({ seq: index + 1, event })).filter(({ seq }) => seq > (options.afterSeq ?? 0));
  }

  async close(): Promise<void> {}

  #run(runId: string): MemoryRun {
    const run = this.#runs.get(runId);
    if (!run) throw new Error(`Unknown run '${runId}'; call startRun first.`);
    return run;
  }

  // Strictly increasing timestamps keep "newest first" well defined within one millisecond.
  #now(): number {
    this.#clock = Math.max(this.#clock + 1, Date.now());
    return this.#clock;
  }
}

function inIndexOrder(rows: Map<number, string> | undefined): { index: number; value: unknown }[] {
  return [...(rows ?? [])].sort(([a], [b]) => a - b).map(([index, text]) => ({ index, value: JSON.parse(text) }));
}
