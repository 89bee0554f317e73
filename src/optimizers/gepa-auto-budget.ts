import { DSPyError } from "../errors/dspy-error.js";

/** GEPA's `auto` presets. */
export type GepaAutoMode = "light" | "medium" | "heavy";

/** DSPy's `AUTO_RUN_SETTINGS` for GEPA: the candidate count each preset budgets for. */
export const GEPA_AUTO_RUN_SETTINGS: Readonly<Record<GepaAutoMode, { n: number }>> = Object.freeze({
  light: { n: 6 },
  medium: { n: 12 },
  heavy: { n: 18 },
});

/** Inputs of {@link gepaAutoBudget} (DSPy's `auto_budget` arguments). */
export interface GepaAutoBudgetOptions {
  numPredictors: number;
  numCandidates: number;
  valsetSize: number;
  minibatchSize?: number;
  fullEvalSteps?: number;
}

/**
 * DSPy's `GEPA.auto_budget`: the metric calls a MIPROv2-like search of `numCandidates`
 * candidates would spend — the seed's full evaluation, 5 bootstrap trials per candidate,
 * `numTrials` minibatches of 35, and the periodic full evaluations.
 *
 * @example
 * gepaAutoBudget({ numPredictors: 1, numCandidates: 6, valsetSize: 20 }); // the "light" budget
 */
export function gepaAutoBudget(options: GepaAutoBudgetOptions): number {
  const { numPredictors, numCandidates, valsetSize } = options;
  const minibatchSize = options.minibatchSize ?? 35;
  const fullEvalSteps = options.fullEvalSteps ?? 5;
  // Python's int() truncates toward zero.
  const numTrials = Math.trunc(Math.max(2 * (numPredictors * 2) * Math.log2(numCandidates), 1.5 * numCandidates));
  if (numTrials < 0 || valsetSize < 0 || minibatchSize < 0) {
    throw new DSPyError("num_trials, valset_size, and minibatch_size must be >= 0.", { code: "value_error" });
  }
  if (fullEvalSteps < 1) throw new DSPyError("full_eval_steps must be >= 1.", { code: "value_error" });
  let total = valsetSize + numCandidates * 5 + numTrials * minibatchSize;
  if (numTrials === 0) return total;
  const periodicFulls = Math.floor((numTrials + 1) / fullEvalSteps) + 1;
  const extraFinal = numTrials < fullEvalSteps ? 1 : 0;
  total += (periodicFulls + extraFinal) * valsetSize;
  return total;
}

/** The three ways to give GEPA a budget; exactly one must be set. */
export interface GepaBudgetOptions {
  auto?: GepaAutoMode | undefined;
  maxFullEvals?: number | undefined;
  maxMetricCalls?: number | undefined;
}

/**
 * The metric-call budget as DSPy's `compile` resolves it: from `auto` (one component at least),
 * from `maxFullEvals` × (trainset + valset), or `maxMetricCalls` itself.
 *
 * @example
 * resolveGepaBudget({ auto: "light" }, { numComponents: 2, trainsetSize: 20, valsetSize: 10 });
 */
export function resolveGepaBudget(
  budget: GepaBudgetOptions,
  sizes: { numComponents: number; trainsetSize: number; valsetSize: number | undefined },
): number {
  if (budget.auto !== undefined) {
    const preset = GEPA_AUTO_RUN_SETTINGS[budget.auto];
    if (!preset) {
      throw new DSPyError(`auto must be one of light, medium, heavy; got ${String(budget.auto)}.`, {
        code: "value_error",
      });
    }
    return gepaAutoBudget({
      numPredictors: Math.max(sizes.numComponents, 1),
      numCandidates: preset.n,
      valsetSize: sizes.valsetSize ?? sizes.trainsetSize,
    });
  }
  if (budget.maxFullEvals !== undefined) {
    return budget.maxFullEvals * (sizes.trainsetSize + (sizes.valsetSize ?? 0));
  }
  return budget.maxMetricCalls as number;
}
