/**
 * The job runtime (`dspy-typescript/runtime`): evaluations and optimizer runs as cancellable,
 * observable, resumable jobs, with run stores and rate limits.
 *
 * @example
 * import { evaluateJob, SqliteRunStore } from "dspy-typescript/runtime";
 * const job = evaluateJob(program, { devset, metric, runId: "nightly", store: new SqliteRunStore({ path: "runs.db" }) });
 */
export { type CompilingOptimizer, compileJob } from "./compile-job.js";
export {
  DistributedEvaluator,
  type DistributedEvaluatorOptions,
} from "./distributed/distributed-evaluator.js";
export { RemoteExampleError } from "./distributed/distributed-run.js";
export { DistributedWorker, type DistributedWorkerOptions } from "./distributed/distributed-worker.js";
export type { RedisAddress, RedisTarget } from "./distributed/open-redis.js";
export { RedisLMCache, type RedisLMCacheOptions } from "./distributed/redis-lm-cache.js";
export { type EvaluatedProgram, type EvaluateJobOptions, evaluateJob } from "./evaluate-job.js";
export { Job, type JobContext, type JobOptions, startJob } from "./job.js";
export type { JobEvent, JobEventInput, JobEventType } from "./job-event.js";
export { MemoryRunStore } from "./memory-run-store.js";
export { type ObservedLmCall, observeLmCalls } from "./observe-lm-calls.js";
export { OpenTelemetryCallback, type OpenTelemetryCallbackOptions } from "./open-telemetry-callback.js";
export {
  attachProgressBar,
  type ProgressBarOptions,
  type ProgressBarStream,
  type ProgressSource,
} from "./progress-bar.js";
export { PromptRecorder, type RecordedLmCall } from "./prompt-recorder.js";
export { withRateLimit } from "./rate-limited-lm.js";
export { type LimiterClock, RateLimiter, type RateLimits } from "./rate-limiter.js";
export type { RunRecord, RunStatus, RunStore } from "./run-store.js";
export { SqliteRunStore, type SqliteRunStoreOptions } from "./sqlite-run-store.js";
