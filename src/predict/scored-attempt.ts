import { DSPyError } from "../errors/dspy-error.js";
import type { BaseLM } from "../lm/base-lm.js";
import type { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import { getLM } from "./module-lm.js";
import { context, settings, type TraceEntry } from "./settings.js";

/**
 * Scores one attempt of BestOfN or Refine: `(inputs, prediction) => reward`. Higher is better;
 * it may be async (e.g. an LM judge).
 *
 * @example
 * const oneWord: RewardFn = (_inputs, prediction) => (String(prediction.get("answer")).split(" ").length === 1 ? 1 : 0);
 */
export type RewardFn = (inputs: Record<string, unknown>, prediction: Prediction) => number | Promise<number>;

/** An attempt that ran and was scored. */
export interface ScoredAttempt {
  prediction: Prediction;
  /** The predictor calls the attempt made (not those of the reward function). */
  trace: TraceEntry[];
  reward: number;
}

/**
 * Runs one attempt under a fresh trace, then scores it — inside the same trace, as DSPy does, so
 * the reward function's own predictor calls never reach the caller's trace (nor the attempt's).
 *
 * @example
 * const { prediction, reward } = await scoredAttempt(() => copy.call(inputs), inputs, rewardFn);
 */
export function scoredAttempt(
  run: () => Promise<Prediction>,
  inputs: Record<string, unknown>,
  rewardFn: RewardFn,
): Promise<ScoredAttempt> {
  const trace: TraceEntry[] = [];
  return context({ trace }, async () => {
    const prediction = await run();
    const snapshot = [...trace];
    const reward = await rewardFn(inputs, prediction);
    return { prediction, trace: snapshot, reward };
  });
}

/**
 * The LM attempts are copied from and the first rollout id: DSPy's
 * `lm = module.get_lm() or settings.lm; start = lm.kwargs.get("rollout_id", 0)`.
 *
 * @example
 * const { lm, start } = rolloutBase(program); // start === 0 unless lm.kwargs.rollout_id is set
 */
export function rolloutBase(module: Module): { lm: BaseLM; start: number } {
  const lm = getLM(module) ?? settings().lm;
  if (!lm) {
    // DSPy fails here with an AttributeError on `None.kwargs`; say what is actually missing.
    throw new DSPyError(
      "No LM is loaded: give the module's predictors an LM or configure one with `configure({ lm })`.",
      {
        code: "no_lm",
        pythonType: "AttributeError",
      },
    );
  }
  const start = lm.kwargs.rollout_id;
  return { lm, start: typeof start === "number" ? start : 0 };
}

/**
 * Appends the chosen attempt's trace to the caller's, as DSPy's `settings.trace.extend(...)`.
 *
 * @example
 * extendTrace(best.trace);
 */
export function extendTrace(trace: readonly TraceEntry[] | undefined): void {
  const outer = settings().trace;
  if (trace && trace.length > 0 && outer) outer.push(...trace);
}

/**
 * The text Python's `str(exception)` would print for an error.
 *
 * @example
 * errorText(new Error("reward exploded")); // "reward exploded"
 */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
