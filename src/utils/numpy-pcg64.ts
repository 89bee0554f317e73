// NumPy's PCG64 bit generator (pcg64.h: 128-bit LCG, XSL-RR output), seeded as
// `np.random.default_rng(seed)` seeds it, with the distributions SIMBA draws. Checked against real
// NumPy 2.4.6 (scripts/oracle/make_pcg64_vectors.py).

import { numpyError } from "./numpy-error.js";
import { generateState64, seedSequencePool } from "./numpy-seed-sequence.js";

const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;
const MULTIPLIER = (2549297995355413924n << 64n) + 4865540595714422341n;

/** The generator's state as plain JSON (decimal strings), for checkpoints. */
export interface NumpyPCG64State {
  state: string;
  inc: string;
}

/**
 * `np.random.default_rng(seed)` for an int seed: a PCG64 generator with the `Generator` methods
 * SIMBA uses (`random`, `poisson`). Same seed, same draws as NumPy.
 *
 * @example
 * const rng = new NumpyPCG64(0);
 * rng.random(); // 0.6369616873214543, as np.random.default_rng(0).random()
 * rng.poisson(0.5);
 */
export class NumpyPCG64 {
  #state = 0n;
  #inc = 0n;

  constructor(seed: number | bigint) {
    if (typeof seed === "number" && !Number.isSafeInteger(seed)) {
      throw numpyError("TypeError", `SeedSequence expects int or sequence of ints for entropy not ${String(seed)}`);
    }
    const [s0, s1, i0, i1] = generateState64(seedSequencePool(BigInt(seed)), 4) as [bigint, bigint, bigint, bigint];
    // pcg64_set_seed: the first word is the high half of each 128-bit value.
    const initState = (s0 << 64n) | s1;
    const initSeq = (i0 << 64n) | i1;
    this.#inc = ((initSeq << 1n) | 1n) & MASK128;
    this.#step();
    this.#state = (this.#state + initState) & MASK128;
    this.#step();
  }

  /**
   * The next raw 64-bit output (`next_uint64`).
   *
   * @example
   * new NumpyPCG64(0).nextUint64();
   */
  nextUint64(): bigint {
    this.#step();
    const high = this.#state >> 64n;
    const low = this.#state & MASK64;
    const rot = Number(this.#state >> 122n);
    const xored = high ^ low;
    return ((xored >> BigInt(rot)) | (xored << BigInt((64 - rot) & 63))) & MASK64;
  }

  /**
   * `Generator.random()`: a double in [0, 1) from the top 53 bits of one output.
   *
   * @example
   * new NumpyPCG64(0).random(); // 0.6369616873214543
   */
  random(): number {
    return Number(this.nextUint64() >> 11n) * (1.0 / 9007199254740992.0);
  }

  /**
   * `Generator.poisson(lam)`: 0 without a draw for `lam == 0`, the multiplication method below 10,
   * PTRS (Hörmann's transformed rejection) from 10 on.
   *
   * @example
   * new NumpyPCG64(0).poisson(1.5);
   */
  poisson(lam: number): number {
    if (!(lam >= 0)) throw numpyError("ValueError", "lam < 0 or lam is NaN");
    if (lam > 9.223372006484771e18) throw numpyError("ValueError", "lam value too large");
    if (lam >= 10) return this.#poissonPtrs(lam);
    if (lam === 0) return 0;
    const enlam = Math.exp(-lam);
    let count = 0;
    let product = 1.0;
    for (;;) {
      product *= this.random();
      if (product > enlam) count += 1;
      else return count;
    }
  }

  /**
   * The state, to checkpoint and later {@link NumpyPCG64.setState} back.
   *
   * @example
   * const saved = rng.getState();
   */
  getState(): NumpyPCG64State {
    return { state: this.#state.toString(), inc: this.#inc.toString() };
  }

  /**
   * Restores {@link NumpyPCG64.getState}: the generator continues that stream.
   *
   * @example
   * other.setState(rng.getState());
   */
  setState(saved: NumpyPCG64State): void {
    this.#state = BigInt(saved.state) & MASK128;
    this.#inc = BigInt(saved.inc) & MASK128;
  }

  #step(): void {
    this.#state = (this.#state * MULTIPLIER + this.#inc) & MASK128;
  }

  #poissonPtrs(lam: number): number {
    const slam = Math.sqrt(lam);
    const loglam = Math.log(lam);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.random() - 0.5;
      const V = this.random();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lam + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lam + k * loglam - loggam(k + 1)) {
        return k;
      }
    }
  }
}

const LOGGAM_COEFFICIENTS = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];

// NumPy's `random_loggam`: log Γ(x) by Stirling's series, shifted up to x >= 7.
function loggam(x: number): number {
  if (x === 1.0 || x === 2.0) return 0.0;
  const n = x < 7.0 ? Math.trunc(7 - x) : 0;
  let x0 = x + n;
  const x2 = (1.0 / x0) * (1.0 / x0);
  const lg2pi = 1.8378770664093453;
  let gl0 = LOGGAM_COEFFICIENTS[9] as number;
  for (let k = 8; k >= 0; k--) {
    gl0 *= x2;
    gl0 += LOGGAM_COEFFICIENTS[k] as number;
  }
  let gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * Math.log(x0) - x0;
  if (x < 7.0) {
    for (let k = 1; k <= n; k++) {
      gl -= Math.log(x0 - 1.0);
      x0 -= 1.0;
    }
  }
  return gl;
}
