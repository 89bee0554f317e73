/**
 * MT19937, bit for bit as CPython 3.11's `Modules/_randommodule.c` runs it: `init_genrand`,
 * `init_by_array` (how every seed reaches the generator), `genrand_uint32`, and the 625-word state
 * (`state[0..623]` plus the index) that `Random.getstate()` exposes.
 *
 * All arithmetic stays in 32-bit integers (`Math.imul`, `>>> 0`), because `random()` draws two
 * words per call and optimizers call it in tight loops.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * One MT19937 generator. Construct, then seed with {@link MersenneTwister.initByArray} (CPython
 * never seeds a `Random` through `init_genrand` alone).
 *
 * @example
 * const mt = new MersenneTwister();
 * mt.initByArray([42]);
 * mt.nextUint32(); // 2746317213, the first word CPython's Random(42) draws
 */
export class MersenneTwister {
  readonly #mt = new Uint32Array(N);
  // N + 1 means "never seeded", as in the reference code; CPython always seeds before use.
  #index = N + 1;

  /**
   * The reference `init_genrand(s)`: fills the state from one 32-bit word.
   *
   * @example
   * new MersenneTwister().initGenrand(5489); // the reference implementation's default seed
   */
  initGenrand(seed: number): void {
    const mt = this.#mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] as number;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.#index = N;
  }

  /**
   * The reference `init_by_array(key)`: CPython's `random_seed` splits the seed integer into
   * 32-bit words, least significant first, and passes them here.
   *
   * @example
   * new MersenneTwister().initByArray([0x12345678, 0x1]); // what Random(0x1_12345678) does
   */
  initByArray(key: ArrayLike<number>): void {
    if (key.length === 0) throw new RangeError("init_by_array needs at least one key word");
    const mt = this.#mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] as number;
      // The sum can pass 2**32 (and the xor is signed); storing into the Uint32Array reduces it
      // modulo 2**32 exactly, which is what the C code's uint32_t arithmetic does.
      mt[i] = ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] as number) + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial array
  }

  /**
   * The next tempered 32-bit word (`genrand_uint32`), as an unsigned number in [0, 2**32).
   *
   * @example
   * const mt = new MersenneTwister(); mt.initByArray([0]); mt.nextUint32(); // 3626764237, as Random(0)
   */
  nextUint32(): number {
    const mt = this.#mt;
    if (this.#index >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
        mt[kk] = (mt[kk + M] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
        mt[kk] = (mt[kk + (M - N)] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = ((mt[N - 1] as number) & UPPER_MASK) | ((mt[0] as number) & LOWER_MASK);
      mt[N - 1] = (mt[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.#index = 0;
    }
    let y = mt[this.#index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * The C-level state as CPython's `_random.Random.getstate()` returns it: the 624 state words
   * followed by the index (625 numbers).
   *
   * @example
   * const words = mt.getState(); // words.length === 625
   */
  getState(): number[] {
    const words = Array.from(this.#mt);
    words.push(this.#index);
    return words;
  }

  /**
   * Restores a {@link MersenneTwister.getState} vector, validating it the way CPython's
   * `_random.Random.setstate()` does (same checks, same order). Nothing changes on failure.
   * Returns an error description instead of throwing so the caller can raise its own error type.
   *
   * @example
   * other.setState(mt.getState()); // undefined: other now continues mt's stream
   */
  setState(words: readonly unknown[]): { pythonType: string; message: string } | undefined {
    if (words.length !== N + 1) return { pythonType: "ValueError", message: "state vector is the wrong size" };
    const next = new Uint32Array(N);
    for (let i = 0; i < N; i++) {
      const word = words[i];
      if (typeof word !== "number" || !Number.isInteger(word)) {
        return { pythonType: "TypeError", message: `'${typeof word}' object cannot be interpreted as an integer` };
      }
      if (word < 0) return { pythonType: "OverflowError", message: "can't convert negative value to unsigned int" };
      if (word >= 2 ** 64) {
        return { pythonType: "OverflowError", message: "Python int too large to convert to C unsigned long" };
      }
      // CPython reads an unsigned long and casts it to uint32_t: larger words wrap silently.
      next[i] = word % 2 ** 32;
    }
    const index = words[N];
    if (typeof index !== "number" || !Number.isInteger(index)) {
      return { pythonType: "TypeError", message: `'${typeof index}' object cannot be interpreted as an integer` };
    }
    if (index < 0 || index > N) return { pythonType: "ValueError", message: "invalid state" };
    this.#mt.set(next);
    this.#index = index;
    return undefined;
  }
}
