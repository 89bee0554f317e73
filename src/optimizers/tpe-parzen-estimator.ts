/**
 * Optuna's `_ParzenEstimator` restricted to categorical parameters (all MIPROv2 searches over):
 * a mixture with one kernel per observed trial plus a prior kernel, each kernel a product of
 * per-parameter categorical distributions. Sums, normalisations and draws follow Optuna 5.0's
 * NumPy code step by step, so the same history and generator state give the same samples.
 */

import { numpyCumsum, numpySum } from "../utils/numpy-float-math.js";
import type { NumpyRandomState } from "../utils/numpy-random-state.js";

/** Optuna's `default_weights(n)`: flat for fewer than 25 trials, else a ramp for the oldest ones. */
export function defaultTpeWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return Array.from({ length: n }, () => 1);
  return [...numpyLinspace(1 / n, 1, n - 25), ...Array.from({ length: 25 }, () => 1)];
}

/** `np.linspace(start, stop, num)`: `i * step + start`, with the last value set to `stop` exactly. */
function numpyLinspace(start: number, stop: number, num: number): number[] {
  if (num <= 0) return [];
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}

/**
 * The mixture for one side of TPE's split (the "below"/good trials or the "above"/bad ones).
 * `observations[k]` holds trial k's choice index per parameter, in `choiceCounts` order.
 *
 * @example
 * const below = new CategoricalParzenEstimator([[2, 0], [2, 1]], [3, 4]);
 * const samples = below.sample(rng, 24); // 24 rows of [instructionIndex, demoSetIndex]
 * below.logPdf(samples);
 */
export class CategoricalParzenEstimator {
  /** Mixture weights: one per observation, then the prior's. */
  readonly mixtureWeights: number[];
  /** Per parameter, per kernel: the probability of each choice. */
  readonly kernels: number[][][];

  constructor(
    observations: readonly (readonly number[])[],
    readonly choiceCounts: readonly number[],
    priorWeight = 1,
  ) {
    const n = observations.length;
    const weights = n === 0 ? [1] : [...defaultTpeWeights(n).slice(0, n), priorWeight];
    const total = numpySum(weights);
    this.mixtureWeights = weights.map((w) => w / total);
    this.kernels = choiceCounts.map((count, param) => {
      if (n === 0) return [Array.from({ length: count }, () => 1 / count)];
      const kernelCount = n + 1; // one per observation, plus the prior
      return Array.from({ length: kernelCount }, (_, k) => {
        const row = Array.from({ length: count }, () => priorWeight / kernelCount);
        const observed = observations[k]?.[param];
        if (observed !== undefined) row[observed] = (row[observed] as number) + 1;
        const rowSum = numpySum(row);
        return row.map((w) => w / (rowSum === 0 ? 1 : rowSum));
      });
    });
  }

  /**
   * `_MixtureOfProductDistribution.sample`: pick `size` kernels with `rng.choice(p=weights)`, then
   * for each parameter in order one `rng.rand(size)` batch, inverted through the kernel's
   * cumulative probabilities.
   *
   * @example
   * estimator.sample(rng, 24)[0]; // e.g. [2, 0]
   */
  sample(rng: NumpyRandomState, size: number): number[][] {
    const active = rng.choice(this.mixtureWeights.length, { size, p: this.mixtureWeights });
    const samples = Array.from({ length: size }, () => [] as number[]);
    for (const kernels of this.kernels) {
      const quantiles = rng.rand(size);
      active.forEach((kernel, s) => {
        const cumulative = numpyCumsum(kernels[kernel] as number[]);
        cumulative[cumulative.length - 1] = 1; // Optuna's guard against rounding
        const q = quantiles[s] as number;
        (samples[s] as number[]).push(cumulative.filter((c) => c < q).length);
      });
    }
    return samples;
  }

  /**
   * `_MixtureOfProductDistribution.log_pdf`: per sample, the log of the mixture density, summed
   * in log space with the max subtracted (log-sum-exp), in NumPy's order.
   *
   * @example
   * estimator.logPdf([[2, 0], [1, 3]]); // one log-density per sample
   */
  logPdf(samples: readonly (readonly number[])[]): number[] {
    return samples.map((sample) => {
      const perKernel = this.mixtureWeights.map((weight, k) => {
        let logPdf = 0;
        this.kernels.forEach((kernels, param) => {
          logPdf += Math.log((kernels[k] as number[])[sample[param] as number] as number);
        });
        return logPdf + Math.log(weight);
      });
      let max = Math.max(...perKernel);
      if (max === Number.NEGATIVE_INFINITY) max = 0; // avoids -inf - -inf when every density is 0
      return Math.log(numpySum(perKernel.map((value) => Math.exp(value - max)))) + max;
    });
  }
}
