import type { ObservedLmCall } from "./observe-lm-calls.js";
import { tokenCounts } from "./token-counts.js";

/** LM calls of one model within a job. */
export interface ModelCallCount {
  /** Calls made (each counts once, whatever its `n`). */
  calls: number;
  /** Of those, answered by the cache or by an identical call in flight. */
  cached: number;
  /** Of those, failed after their retries. */
  failed: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Counts a job's LM calls per model: what every job reports on `job.lmCalls` and in its
 * `job-end` / `job-error` event, so an optimizer run says which models it called how often.
 *
 * @example
 * const tally = new LmCallTally();
 * await observeLmCalls((call) => tally.add(call), () => program.call(inputs));
 * tally.snapshot(); // { "openai/gpt-4o-mini": { calls: 2, cached: 0, failed: 0, inputTokens: 310, outputTokens: 24 } }
 */
export class LmCallTally {
  readonly #byModel = new Map<string, ModelCallCount>();

  add(call: Pick<ObservedLmCall, "model" | "usage" | "cached" | "error">): void {
    const count = this.#byModel.get(call.model) ?? { calls: 0, cached: 0, failed: 0, inputTokens: 0, outputTokens: 0 };
    count.calls += 1;
    if (call.cached) count.cached += 1;
    if (call.error !== undefined) count.failed += 1;
    const tokens = tokenCounts(call.usage);
    count.inputTokens += tokens.input;
    count.outputTokens += tokens.output;
    this.#byModel.set(call.model, count);
  }

  /** A copy of the counts so far, by model. */
  snapshot(): Record<string, ModelCallCount> {
    return Object.fromEntries([...this.#byModel].map(([model, count]) => [model, { ...count }]));
  }
}
