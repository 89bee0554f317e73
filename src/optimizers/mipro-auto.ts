import { DSPyError } from "../errors/dspy-error.js";
import type { Example } from "../primitives/example.js";
import type { PythonRandom } from "../utils/python-random.js";

/** MIPROv2's run modes (`auto=`). */
export type MiproAutoMode = "light" | "medium" | "heavy";

/** DSPy 3.4.1's `AUTO_RUN_SETTINGS`: candidate count `n` and the valset size each mode draws. */
export const MIPRO_AUTO_RUN_SETTINGS: Readonly<Record<MiproAutoMode, { n: number; valSize: number }>> = {
  light: { n: 6, valSize: 100 },
  medium: { n: 12, valSize: 300 },
  heavy: { n: 18, valSize: 1000 },
};

/** DSPy's `MIN_MINIBATCH_SIZE`: in auto mode, minibatching is on only for a valset larger than this. */
export const MIPRO_MIN_MINIBATCH_SIZE = 50;

/**
 * DSPy's `_set_num_trials_from_num_candidates`: `int(max(2·v·log2(n), 1.5·n))` with v the predictor
 * count, doubled when demos are optimized too.
 *
 * @example
 * miproNumTrials(1, false, 6); // 10 (light mode, one predictor, with demos)
 */
export function miproNumTrials(numPredictors: number, zeroshot: boolean, numCandidates: number): number {
  const numVars = zeroshot ? numPredictors : numPredictors * 2;
  return Math.trunc(Math.max(2 * numVars * Math.log2(numCandidates), 1.5 * numCandidates));
}

/**
 * DSPy's `create_minibatch`: always `rng.sample(range(len), min(size, len))`, so even a small set is
 * reordered and the draw advances the shared RNG.
 *
 * @example
 * const batch = createMinibatch(valset, 35, rng);
 */
export function createMinibatch<T>(items: readonly T[], batchSize: number, rng: PythonRandom): T[] {
  const size = Math.min(batchSize, items.length);
  const indices = rng.sample(
    Array.from({ length: items.length }, (_, index) => index),
    size,
  );
  return indices.map((index) => items[index] as T);
}

/** The budgets a MIPROv2 run uses once `auto` (or the explicit counts) are resolved. */
export interface MiproBudget {
  numTrials: number;
  valset: Example[];
  minibatch: boolean;
  numInstructCandidates: number;
  numFewshotCandidates: number;
}

/** What {@link resolveMiproBudget} needs: the user's choices and the program's shape. */
export interface MiproBudgetInput {
  auto: MiproAutoMode | null;
  numCandidates?: number | undefined;
  numTrials?: number | undefined;
  minibatch: boolean;
  zeroshot: boolean;
  numPredictors: number;
  valset: readonly Example[];
}

/**
 * DSPy's validation plus `_set_hyperparams_from_run_mode`. In auto mode the valset is resampled
 * with the shared RNG (the first draw of the run) and `minibatch` is overridden.
 *
 * @example
 * const budget = resolveMiproBudget({ auto: "light", minibatch: true, zeroshot: false, numPredictors: 1, valset }, rng);
 * budget.numTrials; // 10
 */
export function resolveMiproBudget(input: MiproBudgetInput, rng: PythonRandom): MiproBudget {
  const { auto, numCandidates, numTrials } = input;
  if (auto === null) {
    if (numCandidates !== undefined && numTrials === undefined) {
      const suggested = miproNumTrials(input.numPredictors, input.zeroshot, numCandidates);
      throw new DSPyError(
        `If auto is None, num_trials must also be provided. Given num_candidates=${numCandidates}, we'd recommend setting num_trials to ~${suggested}.`,
        { code: "value_error" },
      );
    }
    if (numCandidates === undefined || numTrials === undefined) {
      throw new DSPyError("If auto is None, num_candidates must also be provided.", { code: "value_error" });
    }
    return {
      numTrials,
      valset: [...input.valset],
      minibatch: input.minibatch,
      numInstructCandidates: numCandidates,
      numFewshotCandidates: numCandidates,
    };
  }
  if (numCandidates !== undefined || numTrials !== undefined) {
    throw new DSPyError(
      "If auto is not None, num_candidates and num_trials cannot be set, since they would be overridden by the auto settings. Please either set auto to None, or do not specify num_candidates and num_trials.",
      { code: "value_error" },
    );
  }
  const { n, valSize } = MIPRO_AUTO_RUN_SETTINGS[auto];
  const valset = createMinibatch(input.valset, valSize, rng);
  return {
    numTrials: miproNumTrials(input.numPredictors, input.zeroshot, n),
    valset,
    minibatch: valset.length > MIPRO_MIN_MINIBATCH_SIZE,
    // Few-shot runs spend half the instruction budget: DSPy found demos the better use of it.
    numInstructCandidates: input.zeroshot ? n : Math.trunc(n * 0.5),
    numFewshotCandidates: n,
  };
}

/**
 * DSPy's `_set_and_validate_datasets`: without a valset the last 80% (≤ 1000) of the trainset
 * becomes the valset and the rest stays for bootstrapping and proposals.
 *
 * @example
 * const { trainset, valset } = splitMiproDatasets(examples, undefined);
 */
export function splitMiproDatasets(
  trainset: readonly Example[],
  valset: readonly Example[] | undefined,
): { trainset: Example[]; valset: Example[] } {
  if (trainset.length === 0) throw new DSPyError("Trainset cannot be empty.", { code: "value_error" });
  if (valset === undefined) {
    if (trainset.length < 2) {
      throw new DSPyError("Trainset must have at least 2 examples if no valset specified.", { code: "value_error" });
    }
    const valsetSize = Math.min(1000, Math.max(1, Math.trunc(trainset.length * 0.8)));
    const cutoff = trainset.length - valsetSize;
    return { trainset: trainset.slice(0, cutoff), valset: trainset.slice(cutoff) };
  }
  if (valset.length < 1) throw new DSPyError("Validation set must have at least 1 example.", { code: "value_error" });
  return { trainset: [...trainset], valset: [...valset] };
}
