import type { RunEventInput } from "../evaluate/run-context.js";
import type { ModelCallCount } from "./lm-call-tally.js";

/** Fields every job event carries. */
interface EventBase {
  jobId: string;
  runId: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/**
 * The typed events a job emits, named noun-verb. `example-end` comes from evaluations,
 * `trial-*` from optimizers, `checkpoint-save` whenever state is persisted, `lm-call` after
 * every LM call the job makes (model, tokens, latency — never the prompt).
 */
export type JobEvent =
  | (EventBase & { type: "job-start"; name: string; resumed: boolean })
  | (EventBase & RunEventInput)
  | (EventBase & { type: "checkpoint-save"; key: string })
  | (EventBase & {
      type: "lm-call";
      model: string;
      /** Token counts (`prompt_tokens`, `completion_tokens`, …); `{}` when the cache answered. */
      usage: Record<string, number>;
      cached: boolean;
      durationMs: number;
      error?: string;
    })
  | (EventBase & { type: "job-end"; status: "succeeded"; lmCalls?: Record<string, ModelCallCount> })
  | (EventBase & {
      type: "job-error";
      status: "failed" | "cancelled";
      code: string;
      message: string;
      lmCalls?: Record<string, ModelCallCount>;
    });

/** The names of job events. */
export type JobEventType = JobEvent["type"];

/** A job event without the fields the job fills in itself. */
export type JobEventInput = JobEvent extends infer E
  ? E extends JobEvent
    ? Omit<E, "jobId" | "runId" | "at">
    : never
  : never;
