import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { DSPyError } from "../../errors/dspy-error.js";
import type { EvaluationBackend, EvaluationRequest, RemoteEvaluation } from "../../evaluate/evaluation-backend.js";
import { metricName } from "../../evaluate/metric.js";
import { DistributedRun } from "./distributed-run.js";
import { closeRedis, openRedis, type RedisTarget } from "./open-redis.js";
import {
  DEFAULT_QUEUE,
  type DistributedKeys,
  distributedKeys,
  type ExampleJobResult,
  savedProgramText,
} from "./wire-format.js";

/** Options of {@link DistributedEvaluator}. */
export interface DistributedEvaluatorOptions {
  /**
   * The Redis server: a URL (`"redis://127.0.0.1:6379"`, `rediss://` for TLS), ioredis options,
   * or an ioredis instance whose options are used for this evaluator's own connections.
   */
  redis: RedisTarget;
  /** BullMQ queue name; workers must listen on the same one (default `"dspy-evaluate"`). */
  queue?: string;
  /** Examples enqueued at once per evaluation (default 256); more wait in the coordinator. */
  window?: number;
  /** Tries per example when a worker fails it for infrastructure reasons (default 3). */
  attempts?: number;
  /** How often jobs still waiting are looked up in case an event was missed, in ms (default 2000). */
  pollIntervalMs?: number;
  /** How long a program's saved state stays in Redis for workers to load, in s (default one day). */
  programTtlSeconds?: number;
  /** Receives warnings, e.g. that no worker listens on the queue (default `process.emitWarning`). */
  logger?: { warn(message: string): void };
}

interface Connections {
  client: Redis;
  events: QueueEvents;
  eventsClient: Redis;
  queue: Queue;
  poller: NodeJS.Timeout;
}

/**
 * An evaluation backend that spreads examples over `DistributedWorker` processes through a
 * BullMQ queue on Redis. Each `Evaluate.run` (directly, through `evaluateJob`, or inside an
 * optimizer under `withEvaluationBackend`) saves the program in DSPy's JSON format to Redis,
 * enqueues one job per example, and counts each worker's answer exactly as a local result, so
 * the `EvaluationResult` equals a local run's. Cancelling the run stops every worker's work on
 * it. Connects on first use; call {@link close} when done.
 *
 * @example
 * const distributed = new DistributedEvaluator({ redis: "redis://127.0.0.1:6379" });
 * const result = await evaluateJob(program, { devset, metric, backend: distributed });
 * await distributed.close();
 */
export class DistributedEvaluator implements EvaluationBackend {
  readonly queueName: string;
  readonly keys: DistributedKeys;
  readonly #options: DistributedEvaluatorOptions;
  readonly #runs = new Map<string, DistributedRun>();
  #connections: Promise<Connections> | undefined;
  #closed = false;

  constructor(options: DistributedEvaluatorOptions) {
    const window = options.window ?? 256;
    if (!Number.isInteger(window) || window < 1) {
      throw new DSPyError(`window must be a positive integer, got ${window}.`, { code: "value_error" });
    }
    this.#options = { ...options, window };
    this.queueName = options.queue ?? DEFAULT_QUEUE;
    this.keys = distributedKeys(this.queueName);
  }

  async open(request: EvaluationRequest): Promise<RemoteEvaluation> {
    if (this.#closed) throw new DSPyError("This DistributedEvaluator is closed.", { code: "invalid_state" });
    const { text, hash } = savedProgramText(request.program);
    const { client, queue } = await this.#connect();
    const ttl = this.#options.programTtlSeconds ?? 24 * 3600;
    const storeProgram = async () => {
      await client.set(this.keys.program(hash), text, "EX", ttl);
    };
    await storeProgram();
    await this.#checkWorkers(queue);
    const evaluation = randomUUID();
    const run = new DistributedRun({
      evaluation,
      queue,
      client,
      keys: this.keys,
      programHash: hash,
      metricName: metricName(request.metric),
      concurrency: Math.min(this.#options.window as number, request.devset.length),
      attempts: this.#options.attempts ?? 3,
      onClose: () => this.#runs.delete(evaluation),
      storeProgram,
    });
    this.#runs.set(evaluation, run);
    return run;
  }

  /** Cancels the evaluations still open and closes the Redis connections. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#runs.values()].map((run) => run.close().catch(() => {})));
    const connections = await this.#connections?.catch(() => undefined);
    if (!connections) return;
    clearInterval(connections.poller);
    await connections.events.close().catch(() => {});
    await connections.queue.close().catch(() => {});
    await closeRedis(connections.eventsClient);
    await closeRedis(connections.client);
  }

  // Examples wait in the queue for a worker; say so rather than look hung.
  async #checkWorkers(queue: Queue): Promise<void> {
    const count = await queue.getWorkersCount().catch(() => undefined);
    if (count !== 0) return;
    const message = `No worker listens on queue '${this.queueName}'; the examples wait until one starts (dspy-typescript worker <program> --redis … --queue ${this.queueName}).`;
    if (this.#options.logger) this.#options.logger.warn(message);
    else process.emitWarning(message, { code: "DSPY_NO_WORKERS" });
  }

  #connect(): Promise<Connections> {
    this.#connections ??= (async () => {
      // Commands wait out a Redis restart instead of failing examples after a few retries.
      const client = openRedis(this.#options.redis, { connectionName: "dspy-coordinator", maxRetriesPerRequest: null });
      // QueueEvents blocks on a copy of this one (its own to close); this stays unconnected.
      const eventsClient = openRedis(this.#options.redis, { lazyConnect: true, maxRetriesPerRequest: null });
      const queue = new Queue(this.queueName, { connection: client });
      const events = new QueueEvents(this.queueName, { connection: eventsClient });
      // Connection trouble: ioredis reconnects by itself and the poll recovers what was missed.
      queue.on("error", () => {});
      events.on("error", () => {});
      events.on("completed", ({ jobId, returnvalue }) => {
        const target = this.#route(jobId);
        target?.run.deliver(target.index, parseResult(returnvalue));
      });
      events.on("failed", ({ jobId, failedReason }) => {
        const target = this.#route(jobId);
        if (!target) return;
        // A failed attempt with retries left comes back; only a job in the failed set is final.
        queue.getJobState(jobId).then(
          (state) => state === "failed" && target.run.fail(target.index, failedReason),
          () => {},
        );
      });
      // Subscribed before any job is added, so no completion can slip past.
      await events.waitUntilReady();
      await queue.waitUntilReady();
      const poller = setInterval(() => {
        for (const run of this.#runs.values()) run.poll().catch(() => {});
      }, this.#options.pollIntervalMs ?? 2000);
      poller.unref();
      return { client, events, eventsClient, queue, poller };
    })();
    return this.#connections;
  }

  #route(jobId: string): { run: DistributedRun; index: number } | undefined {
    const dot = jobId.lastIndexOf(".");
    const run = this.#runs.get(jobId.slice(0, dot));
    return run ? { run, index: Number(jobId.slice(dot + 1)) } : undefined;
  }
}

function parseResult(value: unknown): ExampleJobResult {
  return (typeof value === "string" ? JSON.parse(value) : value) as ExampleJobResult;
}
