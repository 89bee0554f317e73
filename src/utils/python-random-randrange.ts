/**
 * CPython 3.11's `Random.randrange`, line for line over any `_randbelow`, with its argument checks
 * and error messages. `PythonRandom.randrange` is the public entry point.
 */

import { DSPyError } from "../errors/dspy-error.js";
import { pythonRandomError as pyError } from "./python-random-error.js";

/** Below this, `width ± step` stays under 2**53, so plain double arithmetic is exact. */
const SMALL = 2 ** 51;
/** `_randbelow` works on JS numbers, so a range may hold at most 2**53 values. */
const MAX_COUNT = 2 ** 53;

/**
 * `Random.randrange(start, stop=None, step=1)` drawing from `randbelow` (Python's `_randbelow`).
 * Integers are JS numbers. Large bounds are handled exactly (via BigInt, off the common path); a
 * range of more than 2**53 values, or a result a double cannot hold, is refused, never rounded.
 *
 * @example
 * pythonRandrange((n) => new PythonRandom(42).randbelow(n), 10); // 1, as random.Random(42).randrange(10)
 */
export function pythonRandrange(
  randbelow: (n: number) => number,
  start: number,
  stop?: number | null,
  step = 1,
): number {
  const istart = toInt(start, "arg 1");
  if (stop === undefined || stop === null) {
    // Python checks `step is not _ONE` here, before step has been validated.
    if (step !== 1) throw pyError("TypeError", "Missing a non-None stop argument");
    if (istart > 0) return randbelow(checkCount(istart));
    throw pyError("ValueError", "empty range for randrange()");
  }
  const istop = toInt(stop, "stop");
  const istep = toInt(step, "step");
  if (istep === 0) throw pyError("ValueError", "zero step for randrange()");
  // For step 1 this is the width, which is what Python draws below on its fast path too.
  const n = rangeLength(istart, istop, istep);
  if (n <= 0) {
    if (istep !== 1) throw pyError("ValueError", "empty range for randrange()");
    const [a, b] = [BigInt(istart), BigInt(istop)];
    throw pyError("ValueError", `empty range for randrange() (${a}, ${b}, ${b - a})`);
  }
  const offset = randbelow(checkCount(n));
  const result = istart + istep * offset;
  if (Math.abs(istart) < SMALL && Math.abs(result) < SMALL) return result;
  const exact = BigInt(istart) + BigInt(istep) * BigInt(offset);
  if (BigInt(result) !== exact) throw unrepresentable(`randrange() result ${exact}`);
  return result;
}

/** Python's `n`: `(width + step - 1) // step` for positive steps, `(width + step + 1) // step` for negative. */
function rangeLength(istart: number, istop: number, istep: number): number {
  const adjust = istep > 0 ? -1 : 1;
  if (Math.abs(istart) < SMALL && Math.abs(istop) < SMALL && Math.abs(istep) < SMALL) {
    // |numerator| < 2**53, where Math.floor of the double quotient equals floor division.
    return Math.floor((istop - istart + istep + adjust) / istep);
  }
  const numerator = BigInt(istop) - BigInt(istart) + BigInt(istep) + BigInt(adjust);
  const divisor = BigInt(istep);
  let quotient = numerator / divisor; // truncates toward zero; floor it
  if (numerator % divisor !== 0n && numerator < 0n !== divisor < 0n) quotient -= 1n;
  return quotient > BigInt(MAX_COUNT) ? Number.POSITIVE_INFINITY : Number(quotient);
}

function checkCount(n: number): number {
  if (n > MAX_COUNT) throw unrepresentable("a randrange() range of more than 2**53 values");
  return n;
}

/** `operator.index` as randrange applies it, with 3.11's messages for non-integral floats. */
function toInt(value: number, label: string): number {
  if (Number.isInteger(value)) return value;
  if (Number.isNaN(value)) throw pyError("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(value)) throw pyError("OverflowError", "cannot convert float infinity to integer");
  throw pyError("ValueError", `non-integer ${label} for randrange()`);
}

/** Python's ints would stay exact here; a JS number cannot, so refuse rather than round. */
function unrepresentable(what: string): DSPyError {
  return new DSPyError(`${what} is beyond the exact integer range of a JS number`, { code: "invalid_argument" });
}
