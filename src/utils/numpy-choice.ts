/**
 * Legacy `RandomState.choice` (NumPy's `mtrand.pyx`): the checks, their messages, and the four
 * draw algorithms (uniform with replacement = `randint`; weighted with replacement = cumulative
 * sums searched with `random_sample`; uniform without replacement = a prefix of `permutation`;
 * weighted without replacement = repeated weighted rounds that zero out what was found).
 */

import { numpyError } from "./numpy-error.js";
import { numpyCumsum, numpyKahanSum, searchSortedRight } from "./numpy-float-math.js";

/** The generator methods choice draws with. */
export interface ChoiceSource {
  randomSample(): number;
  randintBelow(high: number): number;
  permutationOf(n: number): number[];
}

/** Options of {@link numpyChoiceIndices}, named as in NumPy. */
export interface NumpyChoiceOptions {
  /** How many to draw; absent means one scalar draw (NumPy's `size=None`). */
  size?: number | undefined;
  /** With replacement (default true). */
  replace?: boolean | undefined;
  /** Probabilities, one per element; absent means uniform. */
  p?: readonly number[] | undefined;
}

// `np.sqrt(np.finfo(np.float64).eps)`: how far from 1 the probabilities may sum.
const P_TOLERANCE = Math.sqrt(2 ** -52);

/**
 * The indices `choice` picks from a population of `popSize` elements, as a list of `size` (or 1
 * when `size` is absent). `arrayInput` selects the messages NumPy uses for an array `a` (vs an int).
 *
 * @example
 * numpyChoiceIndices(source, 5, { size: 3, p: [0.1, 0.2, 0.3, 0.2, 0.2] }, false);
 */
export function numpyChoiceIndices(
  source: ChoiceSource,
  popSize: number,
  options: NumpyChoiceOptions,
  arrayInput: boolean,
): number[] {
  const { size, replace = true, p } = options;
  const count = size ?? 1;
  if (!Number.isInteger(count) || count < 0) throw numpyError("ValueError", "negative dimensions are not allowed");
  if (popSize <= 0 && count !== 0) {
    throw numpyError(
      "ValueError",
      arrayInput
        ? "'a' cannot be empty unless no samples are taken"
        : "a must be greater than 0 unless no samples are taken",
    );
  }
  if (p !== undefined) checkProbabilities(p, popSize);
  if (replace) {
    if (p === undefined) return Array.from({ length: count }, () => source.randintBelow(popSize));
    const cdf = normalisedCdf(p);
    return Array.from({ length: count }, () => searchSortedRight(cdf, source.randomSample()));
  }
  if (count > popSize) {
    throw numpyError("ValueError", "Cannot take a larger sample than population when 'replace=False'");
  }
  if (p === undefined) return source.permutationOf(popSize).slice(0, count);
  if (p.filter((value) => value > 0).length < count) {
    throw numpyError("ValueError", "Fewer non-zero entries in p than size");
  }
  const weights = [...p];
  const found: number[] = [];
  while (found.length < count) {
    // One `rand(size - n_uniq)` call per round: all of its draws are made before any is used.
    const draws = Array.from({ length: count - found.length }, () => source.randomSample());
    for (const index of found) weights[index] = 0;
    const cdf = normalisedCdf(weights);
    // np.unique(..., return_index=True) then sorting the indices: new values in first-seen order.
    const fresh = new Set<number>();
    for (const draw of draws) fresh.add(searchSortedRight(cdf, draw));
    found.push(...fresh);
  }
  return found;
}

function normalisedCdf(p: readonly number[]): number[] {
  const cdf = numpyCumsum(p);
  const last = cdf[cdf.length - 1] as number;
  return cdf.map((value) => value / last);
}

function checkProbabilities(p: readonly number[], popSize: number): void {
  if (p.length !== popSize) throw numpyError("ValueError", "'a' and 'p' must have same size");
  const sum = numpyKahanSum(p);
  if (Number.isNaN(sum)) throw numpyError("ValueError", "probabilities contain NaN");
  if (p.some((value) => value < 0)) throw numpyError("ValueError", "probabilities are not non-negative");
  if (Math.abs(sum - 1) > P_TOLERANCE) throw numpyError("ValueError", "probabilities do not sum to 1");
}
