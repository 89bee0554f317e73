/**
 * NumPy's float64 reductions, in NumPy's order of operations. A sum's last bits depend on the
 * order its terms are added in, and samplers built on NumPy (Optuna's TPE) normalise weights with
 * these sums before drawing, so a port must add in the same order to draw the same values.
 */

/** NumPy's `PW_BLOCKSIZE`: blocks up to this length are summed with eight accumulators. */
const PAIRWISE_BLOCK = 128;

/**
 * `np.sum(a)` / `a.sum(axis=-1)` for float64: NumPy's pairwise summation
 * (`DOUBLE_pairwise_sum`). Under 8 terms it adds left to right from -0.0; up to 128 it keeps eight
 * running sums and combines them as `((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))` before adding the tail;
 * longer arrays split in two at a multiple of 8.
 *
 * @example
 * numpySum([1e16, 1, 1]); // 1e16: left to right, each 1 is rounded away
 * numpySum([0.1, 0.2, 0.3]); // 0.6000000000000001
 */
export function numpySum(values: ArrayLike<number>, start = 0, end = values.length): number {
  const n = end - start;
  if (n < 8) {
    let sum = -0;
    for (let i = start; i < end; i++) sum += values[i] as number;
    return sum;
  }
  if (n <= PAIRWISE_BLOCK) {
    const r = Array.from({ length: 8 }, (_, j) => values[start + j] as number);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = (r[j] as number) + (values[start + i + j] as number);
    }
    const [r0, r1, r2, r3, r4, r5, r6, r7] = r as [number, number, number, number, number, number, number, number];
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += values[start + i] as number;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return numpySum(values, start, start + half) + numpySum(values, start + half, end);
}

/**
 * `np.cumsum(a)`: running sums, left to right.
 *
 * @example
 * numpyCumsum([0.5, 0.25, 0.25]); // [0.5, 0.75, 1]
 */
export function numpyCumsum(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum = i === 0 ? (values[0] as number) : sum + (values[i] as number);
    out.push(sum);
  }
  return out;
}

/**
 * The compensated sum `RandomState.choice` checks `p` with (`kahan_sum` in `_common.pyx`).
 *
 * @example
 * numpyKahanSum([0.1, 0.2, 0.3, 0.4]); // 1
 */
export function numpyKahanSum(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let sum = values[0] as number;
  let c = 0;
  for (let i = 1; i < values.length; i++) {
    const y = (values[i] as number) - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/**
 * `np.searchsorted(sorted, value, side="right")`: how many entries are `<= value`, i.e. the first
 * index whose entry is greater.
 *
 * @example
 * searchSortedRight([0.2, 0.5, 1], 0.5); // 2
 */
export function searchSortedRight(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `np.argmax(a)`: the index of the first largest value (NaN counts as largest, as in NumPy).
 *
 * @example
 * numpyArgmax([1, 3, 3]); // 1
 */
export function numpyArgmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) return i;
    if (value > (values[best] as number)) best = i;
  }
  return best;
}
