import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { AbortError } from "../../errors/abort-error.js";
import { DSPyError } from "../../errors/dspy-error.js";
import type { RemoteEvaluation, RemoteExampleResult } from "../../evaluate/evaluation-backend.js";
import type { Example } from "../../primitives/example.js";
import {
  type DistributedKeys,
  decodeMetricValue,
  decodePrediction,
  type ExampleJobData,
  type ExampleJobResult,
  encodeExample,
  exampleJobId,
} from "./wire-format.js";

/** The error of an example whose program or metric failed on a worker (or that no worker could run). */
export class RemoteExampleError extends DSPyError {
  constructor(message: string) {
    super(message, { code: "remote_example_failed" });
  }
}

/** What a {@link DistributedRun} needs from its evaluator. */
export interface DistributedRunOptions {
  evaluation: string;
  queue: Queue;
  client: Redis;
  keys: DistributedKeys;
  programHash: string;
  metricName: string;
  concurrency: number;
  attempts: number;
  /** Called once the run is closed (the evaluator stops routing its events). */
  onClose: () => void;
  /** Stores the program's saved state again (before re-enqueueing examples Redis lost). */
  storeProgram: () => Promise<void>;
}

interface Waiter {
  resolve: (result: RemoteExampleResult) => void;
  reject: (error: unknown) => void;
}

/**
 * One `Evaluate.run` spread over workers: each example becomes a BullMQ job whose id is the
 * evaluation plus the example's index, and its result is delivered to the `Evaluate` call
 * that waits for it exactly once — a job that completes twice (a worker presumed dead that
 * finished anyway) or whose completion is seen both as an event and by polling counts once.
 * Closing a run that did not finish cancels it: a Redis flag and a pub/sub message stop the
 * workers from starting its examples and abort the ones running, and queued jobs are removed.
 */
export class DistributedRun implements RemoteEvaluation {
  readonly concurrency: number;
  readonly evaluation: string;
  readonly #options: DistributedRunOptions;
  readonly #waiting = new Map<number, Waiter>();
  /** Enqueued and not answered by a worker: what a close must cancel (waiters may be gone on abort). */
  readonly #unanswered = new Set<number>();
  /** Job data of the examples in the queue, to enqueue again should Redis lose them. */
  readonly #enqueued = new Map<number, ExampleJobData>();
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: DistributedRunOptions) {
    this.#options = options;
    this.evaluation = options.evaluation;
    this.concurrency = options.concurrency;
  }

  /** Indices enqueued and not yet answered. */
  get pending(): number[] {
    return [...this.#waiting.keys()];
  }

  evaluate(index: number, example: Example, signal: AbortSignal): Promise<RemoteExampleResult> {
    const { evaluation, programHash, metricName } = this.#options;
    if (signal.aborted || this.#closed) return Promise.reject(abortError(signal));
    const result = new Promise<RemoteExampleResult>((resolve, reject) => {
      // Registered before the job exists: a fast worker may answer before `add` resolves.
      this.#waiting.set(index, { resolve, reject });
      this.#unanswered.add(index);
      signal.addEventListener("abort", () => this.#settle(index, undefined, abortError(signal)), { once: true });
    });
    const data: ExampleJobData = {
      evaluation,
      index,
      example: encodeExample(example),
      program: programHash,
      metric: metricName,
    };
    this.#enqueue(index, data);
    return result;
  }

  #enqueue(index: number, data: ExampleJobData): void {
    const { queue, evaluation, attempts } = this.#options;
    queue
      .add("example", data, {
        jobId: exampleJobId(evaluation, index),
        attempts,
        backoff: { type: "exponential", delay: 500 },
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 24 * 3600 },
      })
      .then(
        () => this.#unanswered.has(index) && this.#enqueued.set(index, data),
        (error: unknown) => this.#settle(index, undefined, error),
      );
  }

  /** A worker's answer for an example (from an event or a poll); later duplicates are ignored. */
  deliver(index: number, result: ExampleJobResult): void {
    this.#unanswered.delete(index);
    this.#enqueued.delete(index);
    if (result.status === "scored") {
      this.#settle(index, { prediction: decodePrediction(result.prediction), score: decodeMetricValue(result.score) });
    } else if (result.status === "failed") {
      this.#settle(index, undefined, new RemoteExampleError(result.error));
    } else {
      this.#settle(index, undefined, new AbortError("The example was cancelled on its worker."));
    }
  }

  /** An example BullMQ gave up on (its attempts ran out). */
  fail(index: number, reason: string): void {
    this.#unanswered.delete(index);
    this.#enqueued.delete(index);
    this.#settle(index, undefined, new RemoteExampleError(`No worker could evaluate example ${index}: ${reason}`));
  }

  /**
   * Looks up the jobs still waiting, in case an event was missed (a reconnect, a trimmed
   * stream), and enqueues again any example whose job Redis no longer has (a restarted server).
   */
  async poll(): Promise<void> {
    const { queue, evaluation } = this.#options;
    let restored = false;
    for (const index of this.pending) {
      const job = await queue.getJob(exampleJobId(evaluation, index));
      const data = this.#enqueued.get(index);
      if (!job && data && !this.#closed) {
        this.#enqueued.delete(index);
        if (!restored) await this.#options.storeProgram();
        restored = true;
        this.#enqueue(index, data);
      }
      if (!job?.finishedOn) continue;
      if (job.returnvalue) this.deliver(index, job.returnvalue as ExampleJobResult);
      else if (job.failedReason) this.fail(index, job.failedReason);
    }
  }

  /** Closes once; later calls wait for the same close (a cancel still being published). */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    const unfinished = [...this.#unanswered];
    try {
      if (unfinished.length > 0) await this.#cancel(unfinished);
    } finally {
      for (const index of this.pending) this.#settle(index, undefined, new AbortError("The evaluation was closed."));
      this.#options.onClose();
    }
  }

  async #cancel(unfinished: number[]): Promise<void> {
    const { client, keys, queue, evaluation } = this.#options;
    // The flag first: a worker that takes a job after this sees it; one that took it before is
    // already tracking it when the message arrives.
    await client.set(keys.cancelled(evaluation), "1", "EX", 24 * 3600);
    await client.publish(keys.cancelChannel, evaluation);
    // Running jobs are locked and stay (their workers abort them); waiting ones go.
    await Promise.all(unfinished.map((index) => queue.remove(exampleJobId(evaluation, index)).catch(() => 0)));
  }

  #settle(index: number, result: RemoteExampleResult | undefined, error?: unknown): void {
    const waiter = this.#waiting.get(index);
    if (!waiter) return;
    this.#waiting.delete(index);
    if (result) waiter.resolve(result);
    else waiter.reject(error);
  }
}

function abortError(signal: AbortSignal): AbortError {
  return new AbortError("The evaluation was cancelled.", { reason: signal.reason });
}
