import { DSPyError } from "../errors/dspy-error.js";

/**
 * Python's built-in `round()` for floats. JavaScript has nothing equivalent: `Math.round` rounds
 * halves up, and `toFixed` rounds the exact binary value but breaks ties away from zero, while
 * Python rounds the *exact* binary value of the double half-to-even (`round(0.125, 2)` is `0.12`,
 * `round(2.675, 2)` is `2.67` because 2.675 is stored as 2.67499999…). DSPy reports every
 * evaluation score through it, so percentages must match to the last digit.
 *
 * - `pyRound(x)` is `round(x)`: the nearest integer, ties to even; throws for NaN and infinities
 *   (Python's `ValueError` / `OverflowError`).
 * - `pyRound(x, n)` is `round(x, n)`: `n` may be negative; NaN, infinities and zeros come back
 *   unchanged (including the sign of zero, so `pyRound(-0.001, 2)` is `-0`).
 *
 * @example
 * pyRound(0.125, 2); // 0.12
 * pyRound(66.66666666666667, 2); // 66.67
 * pyRound(2.5); // 2
 * pyRound(1250, -2); // 1200
 */
export function pyRound(value: number, ndigits?: number): number {
  if (ndigits === undefined) return roundToInteger(value);
  if (!Number.isInteger(ndigits)) {
    throw new DSPyError("'float' object cannot be interpreted as an integer", {
      code: "type_error",
      pythonType: "TypeError",
    });
  }
  if (!Number.isFinite(value) || value === 0) return value;
  // CPython's bounds (floatobject.c): beyond them the answer is x itself, or a signed zero.
  if (ndigits > NDIGITS_MAX) return value;
  if (ndigits < NDIGITS_MIN) return 0 * value;
  const { mantissa, exponent } = decompose(Math.abs(value));
  // |value| = mantissa * 2^exponent exactly; scale by 10^ndigits as a fraction num/den.
  let num = mantissa;
  let den = 1n;
  if (exponent >= 0) num <<= BigInt(exponent);
  else den <<= BigInt(-exponent);
  if (ndigits >= 0) num *= 10n ** BigInt(ndigits);
  else den *= 10n ** BigInt(-ndigits);
  const quotient = halfEven(num, den);
  const sign = value < 0 ? "-" : "";
  // Reading the decimal back is correctly rounded, as CPython's _Py_dg_strtod is.
  const result = Number.parseFloat(`${sign}${quotient}e${-ndigits}`);
  if (!Number.isFinite(result)) {
    throw new DSPyError("rounded value too large to represent", { code: "overflow", pythonType: "OverflowError" });
  }
  return result;
}

// (DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103 and -(DBL_MAX_EXP + 1) * 0.30103, truncated.
const NDIGITS_MAX = 323;
const NDIGITS_MIN = -308;

function roundToInteger(value: number): number {
  if (Number.isNaN(value)) {
    throw new DSPyError("cannot convert float NaN to integer", { code: "value_error", pythonType: "ValueError" });
  }
  if (!Number.isFinite(value)) {
    throw new DSPyError("cannot convert float infinity to integer", { code: "overflow", pythonType: "OverflowError" });
  }
  const floor = Math.floor(value);
  const fraction = value - floor; // exact: both operands share the binary exponent range
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor === 0 ? 0 : floor; // round() returns an int: no negative zero
  return floor % 2 === 0 ? floor : floor + 1;
}

function halfEven(num: bigint, den: bigint): bigint {
  const quotient = num / den;
  const twice = 2n * (num - quotient * den);
  if (twice > den || (twice === den && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

function decompose(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  // Subnormals have no implicit leading bit and the minimum exponent.
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}
