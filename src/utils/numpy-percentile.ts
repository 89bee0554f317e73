import { numpyError } from "./numpy-error.js";

/**
 * `np.percentile(values, q)` with the default "linear" method, computed as NumPy computes it: the
 * virtual index `(n - 1) * (q / 100)`, then `a + (b - a) * t`, or `b - (b - a) * (1 - t)` when
 * `t >= 0.5` — so results match NumPy's to the bit, not just approximately. NaNs are not supported.
 *
 * @example
 * numpyPercentile([0, 1, 1, 0, 1], 10); // 0
 * numpyPercentile([0.2, 0.4], 90); // 0.38
 */
export function numpyPercentile(values: readonly number[], q: number): number {
  if (values.length === 0) throw numpyError("IndexError", "index -1 is out of bounds for axis 0 with size 0");
  if (!(q >= 0 && q <= 100)) throw numpyError("ValueError", "Percentiles must be in the range [0, 100]");
  const sorted = [...values].sort((a, b) => a - b);
  const virtual = (sorted.length - 1) * (q / 100);
  const previous = Math.min(Math.max(Math.floor(virtual), 0), sorted.length - 1);
  const next = Math.min(previous + 1, sorted.length - 1);
  const gamma = virtual - previous;
  const a = sorted[previous] as number;
  const b = sorted[next] as number;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
