// NumPy's `SeedSequence` (numpy/random/bit_generator.pyx) for a non-negative int entropy and no
// spawn key, which is what `np.random.default_rng(seed)` builds. All arithmetic is on uint32.

import { numpyError } from "./numpy-error.js";

const POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;

const mul32 = (a: number, b: number) => Math.imul(a, b) >>> 0;

function hashmix(value: number, hashConst: { value: number }): number {
  let result = (value ^ hashConst.value) >>> 0;
  hashConst.value = mul32(hashConst.value, MULT_A);
  result = mul32(result, hashConst.value);
  return (result ^ (result >>> XSHIFT)) >>> 0;
}

function mix(x: number, y: number): number {
  const result = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
  return (result ^ (result >>> XSHIFT)) >>> 0;
}

// `_int_to_uint32_array`: little-endian 32-bit words, at least one.
function uint32Words(n: bigint): number[] {
  if (n === 0n) return [0];
  const words: number[] = [];
  for (let rest = n; rest > 0n; rest >>= 32n) words.push(Number(rest & 0xffffffffn));
  return words;
}

/**
 * The 128-bit pool `SeedSequence(entropy).pool` for an int entropy (4 uint32 words).
 *
 * @example
 * seedSequencePool(0n).length; // 4
 */
export function seedSequencePool(entropy: bigint): number[] {
  if (entropy < 0n) throw numpyError("ValueError", "expected non-negative integer");
  const words = uint32Words(entropy);
  const mixer = new Array<number>(POOL_SIZE).fill(0);
  const hashConst = { value: INIT_A };
  for (let i = 0; i < POOL_SIZE; i++) mixer[i] = hashmix(words[i] ?? 0, hashConst);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      if (src !== dst) mixer[dst] = mix(mixer[dst] as number, hashmix(mixer[src] as number, hashConst));
    }
  }
  for (let src = POOL_SIZE; src < words.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      mixer[dst] = mix(mixer[dst] as number, hashmix(words[src] as number, hashConst));
    }
  }
  return mixer;
}

/**
 * `SeedSequence(entropy).generate_state(n, np.uint64)`: `n` 64-bit words, each made of two
 * consecutive uint32 outputs, low word first (NumPy views the uint32 array as little-endian uint64).
 *
 * @example
 * generateState64(seedSequencePool(42n), 4); // PCG64's seed (words 0, 1) and increment (2, 3)
 */
export function generateState64(pool: readonly number[], count: number): bigint[] {
  const words: number[] = [];
  let hashConst = INIT_B;
  for (let i = 0; i < count * 2; i++) {
    let value = ((pool[i % pool.length] as number) ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, MULT_B);
    value = mul32(value, hashConst);
    words.push((value ^ (value >>> XSHIFT)) >>> 0);
  }
  return Array.from(
    { length: count },
    (_, i) => (BigInt(words[2 * i + 1] as number) << 32n) | BigInt(words[2 * i] as number),
  );
}
