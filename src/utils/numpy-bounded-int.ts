/**
 * The integer draws of NumPy's legacy `RandomState` (`distributions.c`): masked rejection, which
 * draws 32-bit words while the range fits 32 bits and 64-bit words (high word first) beyond.
 * Which words get drawn and rejected decides every later draw, so this follows NumPy exactly.
 */

/** The word source: MT19937's `next_uint32`. */
export type NextUint32 = () => number;

const UINT32_MAX = 0xffffffff;

/** `next_uint64` for MT19937: the first word is the high half. */
function nextUint64(next: NextUint32): bigint {
  const high = BigInt(next());
  return (high << 32n) | BigInt(next());
}

/** The smallest all-ones mask covering `max` (`gen_mask`). */
function mask32(max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

function mask64(max: bigint): bigint {
  let mask = 1n;
  while (mask < max) mask = (mask << 1n) | 1n;
  return mask;
}

/**
 * `random_interval(max)`: a uniform integer in [0, max] by masked rejection, as legacy `shuffle`
 * and `permutation` draw their swap positions.
 *
 * @example
 * randomInterval(() => mt.nextUint32(), 9); // 0..9
 */
export function randomInterval(next: NextUint32, max: number): number {
  if (max === 0) return 0;
  if (max <= UINT32_MAX) {
    const mask = mask32(max);
    let value: number;
    do value = (next() & mask) >>> 0;
    while (value > max);
    return value;
  }
  return Number(boundedMasked64(next, BigInt(max)));
}

/**
 * `random_bounded_uint64_fill` with `use_masked=True` for one value: an integer in
 * `[offset, offset + range]` (both included), as legacy `randint` draws it.
 *
 * @example
 * boundedMaskedInt(() => mt.nextUint32(), 10, 4); // 10..14
 */
export function boundedMaskedInt(next: NextUint32, offset: bigint, range: bigint): bigint {
  if (range === 0n) return offset;
  if (range <= BigInt(UINT32_MAX)) {
    // The full 32-bit range takes the word as it is; otherwise mask and reject.
    if (range === BigInt(UINT32_MAX)) return offset + BigInt(next());
    const max = Number(range);
    const mask = mask32(max);
    let value: number;
    do value = (next() & mask) >>> 0;
    while (value > max);
    return offset + BigInt(value);
  }
  if (range === 0xffffffffffffffffn) return offset + nextUint64(next);
  return offset + boundedMasked64(next, range);
}

function boundedMasked64(next: NextUint32, max: bigint): bigint {
  const mask = mask64(max);
  let value: bigint;
  do value = nextUint64(next) & mask;
  while (value > max);
  return value;
}

/**
 * `legacy_double` / `random_sample()`: 53 random bits from two words, `(a >> 5) * 2**26 + (b >> 6)`
 * over 2**53 (the same double CPython's `random()` makes).
 *
 * @example
 * nextDouble(() => mt.nextUint32()); // in [0, 1)
 */
export function nextDouble(next: NextUint32): number {
  const a = next() >>> 5;
  const b = next() >>> 6;
  return (a * 67108864 + b) / 9007199254740992;
}
