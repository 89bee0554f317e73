import { randomUUID } from "node:crypto";
import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import type { RunContext } from "../evaluate/run-context.js";
import { notifyRunEvent, type RunEventNotice } from "../utils/callback.js";
import type { JobEvent, JobEventInput } from "./job-event.js";
import { LmCallTally, type ModelCallCount } from "./lm-call-tally.js";
import { MemoryRunStore } from "./memory-run-store.js";
import { observeLmCalls } from "./observe-lm-calls.js";
import type { RunStore } from "./run-store.js";

/** Options shared by every job. */
export interface JobOptions {
  /** What the job is, e.g. `"evaluate"` or `"BootstrapFewShot"`. */
  name: string;
  /** Reuse a run id to resume a killed run from its checkpoints (default: a new UUID). */
  runId?: string;
  /** Where checkpoints, results and events persist (default: in memory). */
  store?: RunStore;
  /** Cancels the job. */
  signal?: AbortSignal;
  /** Cancels the job after this many milliseconds. */
  timeoutMs?: number;
}

/**
 * What a job body gets: the {@link RunContext} evaluations and optimizers take (signal, events,
 * checkpoints persisted in the run store), plus the job's identity.
 */
export interface JobContext extends RunContext {
  readonly jobId: string;
  readonly runId: string;
  readonly store: RunStore;
  /** Emits an event to subscribers and the run's event log. */
  emit(event: JobEventInput): void;
}

/**
 * A running evaluation or optimization: cancellable, observable, awaitable. Iterate it for typed
 * events (`for await (const event of job)`), await `job.result` for the outcome, call
 * `job.cancel()` to stop it — the result then rejects at once with an {@link AbortError}
 * carrying the partial results, while in-flight LM requests are aborted through `signal`.
 *
 * @example
 * const job = startJob({ name: "demo" }, async (ctx) => { ctx.emit({ type: "trial-start", trial: 0 }); return 42; });
 * for await (const event of job) console.log(event.type);
 * await job; // 42 — a job is awaitable like its result
 */
export class Job<T> implements AsyncIterable<JobEvent>, PromiseLike<T> {
  readonly id: string = randomUUID();
  readonly runId: string;
  /** Settles with the body's value, or rejects with AbortError / the body's error. */
  readonly result: Promise<T>;
  readonly #controller = new AbortController();
  readonly #listeners = new Set<(event: JobEvent) => void>();
  readonly #tally = new LmCallTally();
  #finished = false;

  constructor(options: JobOptions, body: (context: JobContext) => Promise<T>) {
    this.runId = options.runId ?? randomUUID();
    this.result = this.#run(options, body);
    // A caller that never awaits the result must not crash the process on cancellation.
    this.result.catch(() => {});
  }

  /** Awaiting a job awaits its result. */
  // biome-ignore lint/suspicious/noThenProperty: a job is deliberately awaitable (like execa's subprocess handles); `await job` is `await job.result`.
  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.result.then(onFulfilled, onRejected);
  }

  /** Stops the job: no new LM call starts and in-flight ones are aborted. */
  cancel(reason: unknown = "cancelled"): void {
    this.#controller.abort(reason);
  }

  /** The LM calls the job has made so far in this process, per model (after a resume: since the resume). */
  get lmCalls(): Record<string, ModelCallCount> {
    return this.#tally.snapshot();
  }

  /** Whether the job has ended (either way). */
  get finished(): boolean {
    return this.#finished;
  }

  /**
   * Calls `listener` for every later event; returns an unsubscribe function.
   *
   * @example
   * const off = job.on((event) => event.type === "trial-end" && chart.add(event.score));
   */
  on(listener: (event: JobEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<JobEvent> {
    if (this.#finished) return;
    const queue: JobEvent[] = [];
    let wake: (() => void) | undefined;
    const off = this.on((event) => {
      queue.push(event);
      wake?.();
    });
    try {
      for (;;) {
        while (queue.length > 0) {
          const event = queue.shift() as JobEvent;
          yield event;
          if (event.type === "job-end" || event.type === "job-error") return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      off();
    }
  }

  async #run(options: JobOptions, body: (context: JobContext) => Promise<T>): Promise<T> {
    // Start on a later turn so listeners attached right after construction see `job-start`.
    await new Promise((resolve) => setImmediate(resolve));
    const store: RunStore = options.store ?? new MemoryRunStore();
    const signals = [this.#controller.signal];
    if (options.signal) signals.push(options.signal);
    if (options.timeoutMs !== undefined) signals.push(AbortSignal.timeout(options.timeoutMs));
    const signal = AbortSignal.any(signals);
    let writes: Promise<unknown> = Promise.resolve();
    let readPartial: (() => unknown) | undefined;
    const stamp = (input: JobEventInput) =>
      ({ ...input, jobId: this.id, runId: this.runId, at: Date.now() }) as JobEvent;
    const notify = (event: JobEvent) => {
      for (const listener of this.#listeners) listener(event);
      notifyRunEvent(event as unknown as RunEventNotice);
    };
    const emit = (input: JobEventInput) => {
      const event = stamp(input);
      // Handed to the store at once (stores keep call order), so a reader woken by this event finds it.
      const written = store.appendEvent(this.runId, event);
      writes = Promise.all([writes, written]).catch(() => {});
      notify(event);
    };
    const { resumed } = await store.startRun(this.runId, options.name);
    const context: JobContext = {
      jobId: this.id,
      runId: this.runId,
      signal,
      resumed,
      store,
      emit,
      checkpoint: async (key, value) => {
        await store.saveCheckpoint(this.runId, key, value);
        emit({ type: "checkpoint-save", key });
      },
      checkpointWithEvents: async (key, value, inputs) => {
        const events = inputs.map(stamp);
        // Events emitted earlier are written first, so the log keeps its order.
        const written = writes.then(async () => {
          if (store.saveCheckpointWithEvents) await store.saveCheckpointWithEvents(this.runId, key, value, events);
          else {
            await store.saveCheckpoint(this.runId, key, value);
            for (const event of events) await store.appendEvent(this.runId, event);
          }
        });
        writes = written.catch(() => {});
        await written;
        for (const event of events) notify(event);
        emit({ type: "checkpoint-save", key });
      },
      restore: (key) => store.loadCheckpoint(this.runId, key),
      setPartial: (read) => {
        readPartial = read;
      },
    };
    emit({ type: "job-start", name: options.name, resumed });
    try {
      const observed = observeLmCalls(
        ({ model, usage, cached, durationMs, error }) => {
          this.#tally.add({ model, usage, cached, error });
          emit({ type: "lm-call", model, usage, cached, durationMs, ...(error === undefined ? {} : { error }) });
        },
        () => body(context),
      );
      const value = await raceAbort(observed, signal);
      emit({ type: "job-end", status: "succeeded", lmCalls: this.lmCalls });
      await writes;
      await store.finishRun(this.runId, "succeeded");
      return value;
    } catch (caught) {
      const cancelled = signal.aborted;
      const error = cancelled ? abortErrorFor(signal, readPartial?.()) : caught;
      const code = error instanceof DSPyError ? error.code : "internal_error";
      emit({
        type: "job-error",
        status: cancelled ? "cancelled" : "failed",
        code,
        message: String((error as Error)?.message ?? error),
        lmCalls: this.lmCalls,
      });
      await writes;
      await store.finishRun(this.runId, cancelled ? "cancelled" : "failed");
      throw error;
    } finally {
      this.#finished = true;
    }
  }
}

/**
 * Starts a job (see {@link Job}).
 *
 * @example
 * const job = startJob({ name: "evaluate", signal: AbortSignal.timeout(60_000) }, (ctx) => work(ctx));
 */
export function startJob<T>(options: JobOptions, body: (context: JobContext) => Promise<T>): Job<T> {
  return new Job(options, body);
}

// The body may be stuck in code that ignores the signal; the job still settles at once.
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // Cancelled before the body started: the body still runs and rejects on seeing the signal.
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function abortErrorFor(signal: AbortSignal, partial: unknown): AbortError {
  const reason = signal.reason;
  const timedOut = reason instanceof DOMException && reason.name === "TimeoutError";
  return new AbortError(timedOut ? "The job timed out." : "The job was cancelled.", {
    partial,
    reason: timedOut ? "timeout" : reason,
  });
}
