/**
 * SIMBA's bookkeeping, as pure functions over plain data: the program pool's scores, the softmax
 * pick of a program, the buckets of a mini-batch and the final choice of winners.
 */

import { numpyPercentile } from "../utils/numpy-percentile.js";
import { pyRound } from "../utils/py-round.js";
import type { PythonRandom } from "../utils/python-random.js";
import { type SimbaOutcome, scoreValue } from "./simba-rollout.js";

/**
 * `calc_average_score`: the mean of a program's mini-batch scores, 0 when it has none.
 *
 * @example
 * averageScore([1, 0, 1, 1]); // 0.75
 */
export function averageScore(scores: readonly number[] | undefined): number {
  if (!scores || scores.length === 0) return 0.0;
  return sum(scores) / scores.length;
}

/**
 * `top_k_plus_baseline(k)`: the `k` programs with the best average (a stable sort, so ties keep
 * pool order), with the baseline (0) forced into the last place when it is missing.
 *
 * @example
 * topKPlusBaseline([[], [1], [0.5]], 2); // [1, 0]
 */
export function topKPlusBaseline(poolScores: readonly (readonly number[])[], k: number): number[] {
  const order = poolScores.map((_, index) => index);
  order.sort((a, b) => averageScore(poolScores[b]) - averageScore(poolScores[a]));
  const top = order.slice(0, k);
  if (!top.includes(0) && top.length > 0) top[top.length - 1] = 0;
  return [...new Set(top)];
}

/**
 * `softmax_sample`: one program index drawn with weights `exp(score / temperature)` by
 * `rng.choices` (one `random()` draw), or `rng.choice` when every weight underflows to 0.
 *
 * @example
 * softmaxSample(rng, poolScores, [2, 0], 0.2);
 */
export function softmaxSample(
  rng: PythonRandom,
  poolScores: readonly (readonly number[])[],
  programIndices: readonly number[],
  temperature: number,
): number {
  if (programIndices.length === 0) throw new Error("No programs available for softmax sampling.");
  const exps = programIndices.map((index) => Math.exp(averageScore(poolScores[index]) / temperature));
  const total = sum(exps);
  if (total <= 0) return rng.choice(programIndices);
  const weights = exps.map((value) => value / total);
  return rng.choices(programIndices, { weights, k: 1 })[0] as number;
}

/** One example's outcomes across the sampled programs, best first, with its sort key. */
export interface SimbaBucket {
  outcomes: SimbaOutcome[];
  maxToMinGap: number;
  maxScore: number;
  maxToAvgGap: number;
}

/**
 * SIMBA's step 3: the outputs (model-major: `outputs[m * bsize + e]`) grouped per example, each
 * group sorted best first, the groups sorted by (max − min, max, max − mean), descending and
 * stable; plus the batch's 10th and 90th percentiles and mean.
 *
 * @example
 * const { buckets, p10, p90 } = makeBuckets(outputs, batch.length);
 */
export function makeBuckets(
  outputs: readonly SimbaOutcome[],
  batchSize: number,
): { buckets: SimbaBucket[]; p10: number; p90: number; baseline: number } {
  const all = outputs.map((outcome) => scoreValue(outcome.score));
  const p10 = numpyPercentile(all, 10);
  const p90 = numpyPercentile(all, 90);
  const buckets: SimbaBucket[] = [];
  for (let index = 0; index < batchSize; index++) {
    const outcomes: SimbaOutcome[] = [];
    for (let i = index; i < outputs.length; i += batchSize) outcomes.push(outputs[i] as SimbaOutcome);
    outcomes.sort((a, b) => scoreValue(b.score) - scoreValue(a.score));
    const maxScore = scoreValue((outcomes[0] as SimbaOutcome).score);
    const minScore = scoreValue((outcomes.at(-1) as SimbaOutcome).score);
    const average = sum(outcomes.map((outcome) => scoreValue(outcome.score))) / outcomes.length;
    buckets.push({ outcomes, maxToMinGap: maxScore - minScore, maxScore, maxToAvgGap: maxScore - average });
  }
  buckets.sort((a, b) => b.maxToMinGap - a.maxToMinGap || b.maxScore - a.maxScore || b.maxToAvgGap - a.maxToAvgGap);
  return { buckets, p10, p90, baseline: sum(all) / all.length };
}

/**
 * The winners SIMBA validates on the whole trainset: `round(i * M / (N - 1))` for `i < N`
 * (round-half-even), deduplicated in order; all zeros when no step produced a winner.
 *
 * @example
 * finalCandidateIndices(8, 7); // [0, 1, 3, 4, 5, 7, 8]
 */
export function finalCandidateIndices(winners: number, candidates: number): number[] {
  const M = winners;
  const N = candidates;
  const indices =
    M < 1 ? new Array<number>(N).fill(0) : Array.from({ length: N }, (_, i) => pyRound((i * M) / (N - 1)));
  return [...new Set(indices)];
}

// Python's `sum`: left to right from 0.
function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
