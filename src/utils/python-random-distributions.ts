/**
 * CPython 3.11's stateless real-valued distributions (`triangular`, `normalvariate`) over any
 * `random()`. `PythonRandom` exposes them as methods; `gauss` stays there since it keeps state.
 */

/** random.py's `NV_MAGICCONST = 4 * exp(-0.5) / sqrt(2.0)`, as CPython computes it (libm-independent). */
const NV_MAGICCONST = 1.7155277699214135;

/**
 * `Random.triangular(low=0.0, high=1.0, mode=None)`. Only `sqrt` (correctly rounded everywhere)
 * touches the values, so results match Python bit for bit.
 *
 * @example
 * pythonTriangular(() => rng.random(), 0, 10, 2);
 */
export function pythonTriangular(random: () => number, low = 0, high = 1, mode?: number | null): number {
  let u = random();
  // Python computes (mode - low) / (high - low) and returns low on ZeroDivisionError.
  if (mode !== undefined && mode !== null && high - low === 0) return low;
  let c = mode === undefined || mode === null ? 0.5 : (mode - low) / (high - low);
  let lo = low;
  let hi = high;
  if (u > c) {
    u = 1 - u;
    c = 1 - c;
    [lo, hi] = [hi, lo];
  }
  return lo + (hi - lo) * Math.sqrt(u * c);
}

/**
 * `Random.normalvariate(mu=0.0, sigma=1.0)` (Kinderman-Monahan). The result is plain arithmetic on
 * `random()` values; only the accept test calls `log`, so it matches Python's bits.
 *
 * @example
 * pythonNormalvariate(() => rng.random(), 100, 15);
 */
export function pythonNormalvariate(random: () => number, mu = 0, sigma = 1): number {
  for (;;) {
    const u1 = random();
    const u2 = 1 - random();
    const z = (NV_MAGICCONST * (u1 - 0.5)) / u2;
    if ((z * z) / 4 <= -Math.log(u2)) return mu + z * sigma;
  }
}
