/**
 * How CPython 3.11's `random.Random.seed(a)` turns a seed into the 32-bit key words it hands to
 * MT19937's `init_by_array`: ints by absolute value, str/bytes (version 2) as the int of the bytes
 * followed by their SHA-512, floats by their `hash()`.
 */

import { createHash } from "node:crypto";
import { DSPyError } from "../errors/dspy-error.js";

/**
 * What `new PythonRandom(seed)` accepts, mirroring Python's seed types: a JS integer or bigint is a
 * Python `int`, a non-integral number is a Python `float`, a string is a `str`, a `Uint8Array` is
 * `bytes`, and `null`/`undefined` is `None` (fresh OS entropy).
 *
 * @example
 * const seeds: PythonRandomSeed[] = [42, 2n ** 70n, "hello", new Uint8Array([1, 2]), 0.5, null];
 */
export type PythonRandomSeed = number | bigint | string | Uint8Array | null | undefined;

/** `sys.hash_info.modulus`: Python hashes numbers modulo the Mersenne prime 2**61 - 1. */
const HASH_MODULUS = (1n << 61n) - 1n;
/** `sys.hash_info.inf`. */
const HASH_INF = 314159n;

/**
 * The `init_by_array` key CPython derives from a (non-`None`) seed, least significant word first.
 *
 * A JS number that is an integer is taken as a Python `int` (so `-5` seeds like `-5`, not like the
 * float `-5.0`, whose hash differs); other numbers are Python floats.
 *
 * @example
 * pythonSeedKey(2 ** 32 + 5); // Uint32Array [5, 1]
 * pythonSeedKey("hello").length; // 18: five bytes plus a 64-byte SHA-512, as one 552-bit int
 */
export function pythonSeedKey(seed: number | bigint | string | Uint8Array): Uint32Array {
  if (typeof seed === "bigint") return intToKey(seed < 0n ? -seed : seed);
  if (typeof seed === "number") {
    if (Number.isInteger(seed)) return intToKey(BigInt(Math.abs(seed)));
    // CPython seeds from hash(x) reinterpreted as size_t, so a negative hash wraps to 2**64 + hash.
    const hash = pythonFloatHash(seed);
    return intToKey(hash < 0n ? (1n << 64n) + hash : hash);
  }
  const bytes = typeof seed === "string" ? utf8Encode(seed) : seed;
  const digest = createHash("sha512").update(bytes).digest();
  // int.from_bytes(a + sha512(a).digest()) — big-endian since Python 3.11's default byteorder.
  const hex = Buffer.concat([bytes, digest]).toString("hex");
  return intToKey(BigInt(`0x${hex}`));
}

/**
 * Python's `hash()` of a float (`_Py_HashDouble`): the value as an exact fraction reduced modulo
 * 2**61 - 1, with the sign reapplied and -1 mapped to -2. NaN has no reproducible hash in Python
 * 3.10+ (it depends on the object's address), so it is rejected.
 *
 * @example
 * pythonFloatHash(0.5); // 1152921504606846976n (2**60, since 2 * 2**60 ≡ 1 mod 2**61 - 1)
 * pythonFloatHash(-2.5); // -1152921504606846978n
 */
export function pythonFloatHash(value: number): bigint {
  if (Number.isNaN(value)) {
    throw new DSPyError("cannot seed from NaN: its Python hash depends on object identity", {
      code: "invalid_argument",
      pythonType: "ValueError",
    });
  }
  if (value === Number.POSITIVE_INFINITY) return HASH_INF;
  if (value === Number.NEGATIVE_INFINITY) return -HASH_INF;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const biasedExponent = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biasedExponent !== 0) mantissa |= 1n << 52n;
  // |value| = mantissa * 2**exponent, and 2**61 ≡ 1 (mod 2**61 - 1), so only exponent mod 61 matters.
  const exponent = biasedExponent === 0 ? -1074 : biasedExponent - 1075;
  const shift = BigInt(((exponent % 61) + 61) % 61);
  let hash = ((mantissa % HASH_MODULUS) << shift) % HASH_MODULUS;
  if (high >>> 31) hash = -hash;
  return hash === -1n ? -2n : hash;
}

/** Splits a non-negative int into 32-bit words, least significant first; 0 becomes `[0]`. */
function intToKey(value: bigint): Uint32Array {
  const hex = value.toString(16);
  const words = Math.ceil(hex.length / 8);
  const key = new Uint32Array(words);
  for (let i = 0; i < words; i++) {
    const end = hex.length - 8 * i;
    key[i] = Number.parseInt(hex.slice(Math.max(0, end - 8), end), 16);
  }
  return key;
}

/** `str.encode()`: UTF-8, refusing lone surrogates as Python does (TextEncoder would replace them). */
function utf8Encode(text: string): Uint8Array {
  let position = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new DSPyError(
        `'utf-8' codec can't encode character '\\u${code.toString(16)}' in position ${position}: surrogates not allowed`,
        { code: "invalid_argument", pythonType: "UnicodeEncodeError" },
      );
    }
    position++;
  }
  return new TextEncoder().encode(text);
}
