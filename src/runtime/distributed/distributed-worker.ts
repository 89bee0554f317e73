import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type MetricLike, metricName, toMetric } from "../../evaluate/metric.js";
import type { BaseLM } from "../../lm/base-lm.js";
import type { Program } from "../../optimizers/program.js";
import { context } from "../../predict/settings.js";
import { deepcopyModule } from "../../primitives/module-copy.js";
import { closeRedis, openRedis, type RedisTarget } from "./open-redis.js";
import {
  DEFAULT_QUEUE,
  type DistributedKeys,
  decodeExample,
  distributedKeys,
  type ExampleJobData,
  type ExampleJobResult,
  encodeMetricValue,
} from "./wire-format.js";

/** Options of {@link DistributedWorker}. */
export interface DistributedWorkerOptions {
  /** The Redis server: a URL (`"redis://127.0.0.1:6379"`), ioredis options or an ioredis instance. */
  redis: RedisTarget;
  /** BullMQ queue name, the coordinator's (default `"dspy-evaluate"`). */
  queue?: string;
  /**
   * The program's architecture: a module (copied for each saved state it loads) or a factory.
   * Each evaluation's saved state is loaded into it, so it must have the same predictors.
   */
  program: Program | (() => Program | Promise<Program>);
  /** The metric; must have the coordinator's metric name. */
  metric: MetricLike;
  /** The LM the program calls (default: whatever the surrounding settings hold). */
  lm?: BaseLM | undefined;
  /** Examples this worker runs at once (default 4). */
  concurrency?: number;
  /** How long a job stays locked without a heartbeat before another worker may take it over, in ms (default 30 000). */
  lockDurationMs?: number;
  /** How often this worker looks for jobs of dead workers, in ms (default: half the lock duration). */
  stalledIntervalMs?: number;
  /** Takeovers after which a job counts as failed (default 2). */
  maxStalledCount?: number;
  /** Called after each example (for logs). */
  onExample?: (event: { evaluation: string; index: number; status: ExampleJobResult["status"] }) => void;
}

/**
 * A worker process's side of distributed evaluation: takes example jobs from the BullMQ queue,
 * loads the coordinator's program from its saved DSPy JSON (cached per program), runs the
 * program and the metric, and answers with the prediction and score. A job whose worker dies
 * is taken over by another worker after the lock expires; a cancelled evaluation's examples
 * are skipped, and the ones running are aborted through their AbortSignal.
 *
 * @example
 * const worker = await DistributedWorker.start({ redis: "redis://127.0.0.1:6379", program: new QA(), metric, lm });
 * process.on("SIGTERM", () => worker.close());
 */
export class DistributedWorker {
  readonly #options: DistributedWorkerOptions;
  readonly #keys: DistributedKeys;
  readonly #client: Redis;
  readonly #subscriber: Redis;
  readonly #running = new Map<string, Set<AbortController>>();
  readonly #cancelled = new Set<string>();
  readonly #programs = new Map<string, Promise<Program>>();
  #worker: Worker | undefined;
  #processed = 0;

  private constructor(options: DistributedWorkerOptions) {
    this.#options = options;
    this.#keys = distributedKeys(options.queue ?? DEFAULT_QUEUE);
    // BullMQ's blocking connection is a copy of this one, and blocking commands must wait out
    // a Redis restart rather than fail after a few retries.
    this.#client = openRedis(options.redis, { connectionName: "dspy-worker", maxRetriesPerRequest: null });
    // A subscribed connection takes no other commands; ioredis subscribes again after a reconnect.
    this.#subscriber = this.#client.duplicate({ connectionName: "dspy-worker-cancel" });
    this.#client.on("error", () => {});
    this.#subscriber.on("error", () => {});
  }

  /** Connects, subscribes to cancellations and starts taking jobs. */
  static async start(options: DistributedWorkerOptions): Promise<DistributedWorker> {
    const worker = new DistributedWorker(options);
    await worker.#start();
    return worker;
  }

  /** Examples answered so far. */
  get processed(): number {
    return this.#processed;
  }

  /** Stops taking jobs, lets the running ones finish, and disconnects. */
  async close(): Promise<void> {
    await this.#worker?.close();
    await closeRedis(this.#subscriber);
    await closeRedis(this.#client);
  }

  async #start(): Promise<void> {
    this.#subscriber.on("message", (channel: string, evaluation: string) => {
      if (channel === this.#keys.cancelChannel) this.#cancel(evaluation);
    });
    await this.#subscriber.subscribe(this.#keys.cancelChannel);
    const lockDuration = this.#options.lockDurationMs ?? 30_000;
    this.#worker = new Worker(this.#options.queue ?? DEFAULT_QUEUE, (job) => this.#process(job), {
      connection: this.#client,
      concurrency: this.#options.concurrency ?? 4,
      lockDuration,
      stalledInterval: this.#options.stalledIntervalMs ?? Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: this.#options.maxStalledCount ?? 2,
    });
    this.#worker.on("error", () => {});
    await this.#worker.waitUntilReady();
  }

  #cancel(evaluation: string): void {
    this.#cancelled.add(evaluation);
    // Bounded: old cancellations are also in Redis, checked before each example.
    if (this.#cancelled.size > 1000) this.#cancelled.delete(this.#cancelled.values().next().value as string);
    for (const controller of this.#running.get(evaluation) ?? []) controller.abort("cancelled");
  }

  async #process(job: Job<ExampleJobData>): Promise<ExampleJobResult> {
    const data = job.data;
    const controller = new AbortController();
    const running = this.#running.get(data.evaluation) ?? new Set();
    this.#running.set(data.evaluation, running.add(controller));
    try {
      const result = await this.#evaluate(data, controller.signal);
      this.#processed++;
      this.#options.onExample?.({ evaluation: data.evaluation, index: data.index, status: result.status });
      return result;
    } finally {
      running.delete(controller);
      if (running.size === 0) this.#running.delete(data.evaluation);
    }
  }

  async #evaluate(data: ExampleJobData, signal: AbortSignal): Promise<ExampleJobResult> {
    // Tracked before this check, so a cancel published after it still reaches this example.
    if (this.#cancelled.has(data.evaluation)) return { status: "cancelled" };
    if (await this.#client.exists(this.#keys.cancelled(data.evaluation))) {
      this.#cancel(data.evaluation);
      return { status: "cancelled" };
    }
    const expected = metricName(this.#options.metric);
    if (data.metric !== expected) {
      return {
        status: "failed",
        error: `This worker's metric is '${expected}' but the evaluation's is '${data.metric}'; start workers with the coordinator's metric.`,
      };
    }
    try {
      const program = await this.#program(data.program);
      const example = decodeExample(data.example);
      const metric = toMetric(this.#options.metric);
      const run = async () => {
        const prediction = await program.call(example.inputs().toDict(), { signal });
        const score = await metric(example, prediction);
        return { prediction, score };
      };
      const { prediction, score } = this.#options.lm ? await context({ lm: this.#options.lm }, run) : await run();
      if (signal.aborted) return { status: "cancelled" };
      return { status: "scored", prediction: prediction.toDict(), score: encodeMetricValue(score) };
    } catch (error) {
      if (signal.aborted) return { status: "cancelled" };
      return { status: "failed", error: error instanceof Error ? error.message : String(error) };
    }
  }

  // Loaded once per saved program; an evaluation's examples share it, as a local run does.
  #program(hash: string): Promise<Program> {
    let loaded = this.#programs.get(hash);
    if (!loaded) {
      loaded = (async () => {
        const text = await this.#client.get(this.#keys.program(hash));
        if (typeof text !== "string") throw new Error(`Program ${hash.slice(0, 12)} is not in Redis (expired?).`);
        const source = this.#options.program;
        const program = typeof source === "function" ? await source() : deepcopyModule(source);
        return program.loadState(JSON.parse(text) as Record<string, unknown>);
      })();
      loaded.catch(() => this.#programs.delete(hash));
      this.#programs.set(hash, loaded);
      if (this.#programs.size > 16) this.#programs.delete(this.#programs.keys().next().value as string);
    }
    return loaded;
  }
}
