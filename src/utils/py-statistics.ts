/**
 * Python 3.11's `statistics.pstdev` for floats. CPython computes the sum of squared deviations
 * exactly (as fractions) and takes a correctly rounded square root, so a naive floating-point
 * formula differs in the last bits; optimizers report these numbers (COPRO's `track_stats`).
 */

import { DSPyError } from "../errors/dspy-error.js";

/** `sys.float_info.mant_dig * 2 + 3`: the working precision of `_float_sqrt_of_frac`. */
const SQRT_BIT_WIDTH = 109n;

/** A finite double as `numerator / 2**shift` with an integer numerator. */
function exactRatio(value: number): { numerator: bigint; shift: number } {
  if (!Number.isFinite(value)) {
    throw new DSPyError("pstdev of a non-finite value", { code: "invalid_argument", pythonType: "ValueError" });
  }
  let numerator = value;
  let shift = 0;
  // Doubling is exact until the value is an integer (at most 1074 steps for subnormals).
  while (!Number.isInteger(numerator)) {
    numerator *= 2;
    shift += 1;
  }
  return { numerator: BigInt(numerator), shift };
}

function bitLength(value: bigint): bigint {
  return value === 0n ? 0n : BigInt(value.toString(2).length);
}

/** `math.isqrt`: the floor of the square root of a non-negative bigint. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << ((bitLength(n) + 1n) / 2n);
  for (;;) {
    const y = (x + n / x) / 2n;
    if (y >= x) return x;
    x = y;
  }
}

/** `_integer_sqrt_of_frac_rto`: sqrt(n/m) rounded to an integer with round-to-odd. */
function sqrtOfFracRoundToOdd(n: bigint, m: bigint): bigint {
  const a = isqrt(n / m);
  return a * a * m !== n ? a | 1n : a;
}

/** `_float_sqrt_of_frac`: the correctly rounded float square root of n/m. */
function floatSqrtOfFrac(n: bigint, m: bigint): number {
  const q = (bitLength(n) - bitLength(m) - SQRT_BIT_WIDTH) >> 1n;
  if (q >= 0n) return Number(sqrtOfFracRoundToOdd(n, m << (2n * q)) << q);
  // Round-to-odd leaves one rounding to do, in the conversion to a double; the power-of-two
  // division after it is exact.
  let result = Number(sqrtOfFracRoundToOdd(n << (-2n * q), m));
  // In steps, so the power of two never underflows to 0 before the value does.
  for (let shift = Number(-q); shift > 0; shift -= 1000) result /= 2 ** Math.min(shift, 1000);
  return result;
}

/**
 * `statistics.pstdev(data)` for a list of floats: the population standard deviation, exact up to
 * the final rounding, as CPython 3.11 computes it.
 *
 * @example
 * pyPstdev([100, 40, 0, 0]); // 40.92676385936225, as Python prints it
 */
export function pyPstdev(values: readonly number[]): number {
  if (values.length === 0) {
    throw new DSPyError("pstdev requires at least one data point", {
      code: "invalid_argument",
      pythonType: "StatisticsError",
    });
  }
  const ratios = values.map(exactRatio);
  const maxShift = Math.max(...ratios.map((r) => r.shift));
  // All values over the common denominator 2**maxShift.
  const scaled = ratios.map((r) => r.numerator << BigInt(maxShift - r.shift));
  const count = BigInt(values.length);
  const sum = scaled.reduce((a, b) => a + b, 0n);
  const sumSquares = scaled.reduce((a, b) => a + b * b, 0n);
  // ssd / n = (n * Σx² - (Σx)²) / n² over the squared denominator.
  const numerator = count * sumSquares - sum * sum;
  const denominator = count * count * (1n << BigInt(2 * maxShift));
  if (numerator === 0n) return 0;
  const divisor = gcd(numerator, denominator);
  return floatSqrtOfFrac(numerator / divisor, denominator / divisor);
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
