/**
 * CPython 3.11's `Random.sample` and `Random.choices`, line for line, over any generator that
 * offers `random()` and `_randbelow()`. They live apart from `PythonRandom` only to keep files
 * small; `PythonRandom.sample` / `.choices` are the public entry points.
 */

import { pythonRandomError as pyError } from "./python-random-error.js";

/** The two primitives of a Python `Random` that sampling needs. */
export interface PythonRandomSource {
  /** A float in [0, 1), as `Random.random()`. */
  random(): number;
  /** A uniform int in [0, n), as `Random._randbelow(n)`. */
  randbelow(n: number): number;
}

/** Keyword arguments of {@link pythonSample}: `counts` as in `sample(population, k, counts=...)`. */
export interface PythonSampleOptions {
  /** Repeat counts per element; `sample(["a", "b"], 3, { counts: [2, 1] })` draws from a, a, b. */
  counts?: readonly number[] | undefined;
}

/** Keyword arguments of {@link pythonChoices}, as in `choices(population, weights, cum_weights=, k=)`. */
export interface PythonChoicesOptions {
  /** Relative weights, one per element. */
  weights?: readonly number[] | undefined;
  /** Cumulative weights, one per element (instead of `weights`). */
  cumWeights?: readonly number[] | undefined;
  /** How many elements to choose, with replacement; 1 by default. */
  k?: number | undefined;
}

/**
 * `Random.sample(population, k, counts=None)`: k distinct positions, in selection order. Which of
 * CPython's two algorithms runs (a pool list or a set of taken indices) is decided exactly as 3.11
 * decides it, since both consume the stream differently.
 *
 * @example
 * pythonSample(new PythonRandom(3), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3); // [3, 8, 2], as Python
 */
export function pythonSample<T>(
  source: PythonRandomSource,
  population: readonly T[],
  k: number,
  options: PythonSampleOptions = {},
): T[] {
  const n = population.length;
  const counts = options.counts;
  if (counts !== undefined) {
    const cumCounts = accumulate(counts);
    if (cumCounts.length !== n) throw pyError("ValueError", "The number of counts does not match the population");
    const total = cumCounts.pop();
    if (total === undefined) throw pyError("IndexError", "pop from empty list");
    if (!Number.isInteger(total)) throw pyError("TypeError", "Counts must be integers");
    if (total <= 0) throw pyError("ValueError", "Total of counts must be greater than zero");
    // Python samples range(total) and maps each pick back through the cumulative counts.
    return sampleIndices(source, total, k).map((s) => population[bisectRight(cumCounts, s)] as T);
  }
  return sampleIndices(source, n, k).map((i) => population[i] as T);
}

/**
 * `Random.choices(population, weights=None, *, cum_weights=None, k=1)`: k picks with replacement.
 * Unweighted picks are `floor(random() * n)`; weighted ones bisect `random() * total` into the
 * cumulative weights, with Python's float arithmetic (which JS numbers share).
 *
 * @example
 * pythonChoices(new PythonRandom(1), ["a", "b", "c"], { weights: [1, 0, 5], k: 4 }); // ["a", "c", "c", "c"]
 */
export function pythonChoices<T>(
  source: PythonRandomSource,
  population: readonly T[],
  options: PythonChoicesOptions = {},
): T[] {
  const { weights, cumWeights, k = 1 } = options;
  if (!Number.isInteger(k)) throw pyError("TypeError", `'float' object cannot be interpreted as an integer`);
  const n = population.length;
  const result: T[] = [];
  if (cumWeights === undefined && weights === undefined) {
    for (let i = 0; i < k; i++) {
      // Python draws before indexing, so an empty population still advances the stream once.
      const index = Math.floor(source.random() * n);
      if (index >= n) throw pyError("IndexError", "list index out of range");
      result.push(population[index] as T);
    }
    return result;
  }
  let cumulative: readonly number[];
  if (cumWeights === undefined) cumulative = accumulate(weights ?? []);
  else if (weights !== undefined) throw pyError("TypeError", "Cannot specify both weights and cumulative weights");
  else cumulative = cumWeights;
  if (cumulative.length !== n) throw pyError("ValueError", "The number of weights does not match the population");
  if (n === 0) throw pyError("IndexError", "list index out of range");
  const total = cumulative[n - 1] as number;
  if (total <= 0) throw pyError("ValueError", "Total of weights must be greater than zero");
  if (!Number.isFinite(total)) throw pyError("ValueError", "Total of weights must be finite");
  for (let i = 0; i < k; i++) {
    result.push(population[bisectRight(cumulative, source.random() * total, 0, n - 1)] as T);
  }
  return result;
}

/** The index positions `sample(range(n), k)` returns. */
function sampleIndices(source: PythonRandomSource, n: number, k: number): number[] {
  if (!(0 <= k && k <= n)) throw pyError("ValueError", "Sample larger than population or is negative");
  if (!Number.isInteger(k)) throw pyError("TypeError", "can't multiply sequence by non-int of type 'float'");
  const result = new Array<number>(k);
  // CPython compares memory costs: a set of k indices vs a list of n items. Math.log(x) / Math.log(4)
  // is what math.log(x, 4) computes; 3k is never a power of 4, so ceil() cannot tip on rounding.
  let setsize = 21;
  if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
  if (n <= setsize) {
    // Invariant: the not-yet-selected indices sit in pool[0 : n - i].
    const pool = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = source.randbelow(n - i);
      result[i] = pool[j] as number;
      pool[j] = pool[n - i - 1] as number;
    }
  } else {
    const selected = new Set<number>();
    for (let i = 0; i < k; i++) {
      let j = source.randbelow(n);
      while (selected.has(j)) j = source.randbelow(n);
      selected.add(j);
      result[i] = j;
    }
  }
  return result;
}

/** `bisect.bisect_right(a, x, lo, hi)`. */
function bisectRight(sorted: readonly number[], x: number, lo = 0, hi = sorted.length): number {
  let low = lo;
  let high = hi;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (x < (sorted[mid] as number)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** `list(itertools.accumulate(values))`. */
function accumulate(values: readonly number[]): number[] {
  const sums: number[] = [];
  let sum = 0;
  for (const [i, value] of values.entries()) {
    sum = i === 0 ? value : sum + value;
    sums.push(sum);
  }
  return sums;
}
