// CPython 3.11's `random.Random`, exactly: optimizers must pick the demos Python DSPy picks for the
// same seed. Checked against real CPython 3.11.7 (scripts/oracle/make_random_vectors.py).

import { getRandomValues } from "node:crypto";
import { DSPyError } from "../errors/dspy-error.js";
import { MersenneTwister } from "./mersenne-twister.js";
import { pythonNormalvariate, pythonTriangular } from "./python-random-distributions.js";
import { pythonRandomError as pyError } from "./python-random-error.js";
import { pythonRandrange } from "./python-random-randrange.js";
import {
  type PythonChoicesOptions,
  type PythonSampleOptions,
  pythonChoices,
  pythonSample,
} from "./python-random-sampling.js";
import { type PythonRandomSeed, pythonSeedKey } from "./python-random-seed.js";

/**
 * `Random.getstate()`: `[3, [624 state words + index], gauss_next]`. Plain JSON, so it can go in a
 * checkpoint; Python's tuple is the same data (`random.setstate((3, tuple(words), None))`).
 */
export type PythonRandomState = readonly [version: number, internalState: readonly number[], gaussNext: number | null];

const VERSION = 3; // Random.VERSION
const TWO_POW_32 = 4294967296;
/** random.py's `TWOPI = 2.0 * pi`. */
const TWOPI = 2 * Math.PI;

/**
 * A seeded generator that reproduces Python's `random.Random(seed)` draw for draw.
 *
 * Integers are JS numbers. A range may hold up to 2**53 values; anything a double cannot hold
 * exactly (where Python's unbounded ints would stay exact) is refused, never rounded.
 * `getrandbits(k)` returns a bigint for k > 32.
 * Errors are {@link DSPyError}s whose `pythonType` and message match what Python raises.
 *
 * @example
 * const rng = new PythonRandom(0);
 * rng.random(); // 0.8444218515250481, as random.Random(0).random()
 * const demos = rng.sample(["a", "b", "c", "d"], 2);
 * rng.shuffle(demos);
 */
export class PythonRandom {
  readonly #mt = new MersenneTwister();
  #gaussNext: number | null = null;

  constructor(seed?: PythonRandomSeed) {
    this.seed(seed);
  }

  /**
   * `Random.seed(a)` (version 2). `null`/`undefined` seeds from OS entropy, as Python's `None` does.
   *
   * @example
   * rng.seed("hello"); // same stream as random.seed("hello")
   */
  seed(a?: PythonRandomSeed): void {
    if (a === null || a === undefined) this.#mt.initByArray(getRandomValues(new Uint32Array(624)));
    else this.#mt.initByArray(pythonSeedKey(a));
    this.#gaussNext = null;
  }

  /**
   * A float in [0, 1) with 53 random bits: `(a * 2**26 + b) / 2**53` from two 32-bit words.
   *
   * @example
   * new PythonRandom(42).random(); // 0.6394267984578837
   */
  random(): number {
    const a = this.#mt.nextUint32() >>> 5;
    const b = this.#mt.nextUint32() >>> 6;
    return (a * 67108864 + b) * (1 / 9007199254740992);
  }

  /**
   * An int with k random bits: a number for k <= 32, a bigint for k > 32 (words are drawn least
   * significant first; the last one keeps its top bits, as CPython does).
   *
   * @example
   * new PythonRandom(42).getrandbits(100); // 873491343714207852616756591005n
   */
  getrandbits(k: number): number | bigint {
    checkInteger(k);
    if (k < 0) throw pyError("ValueError", "number of bits must be non-negative");
    if (k === 0) return 0;
    if (k <= 32) return this.#mt.nextUint32() >>> (32 - k);
    let hex = "";
    for (let remaining = k; remaining > 0; remaining -= 32) {
      let word = this.#mt.nextUint32();
      if (remaining < 32) word >>>= 32 - remaining;
      hex = word.toString(16).padStart(8, "0") + hex;
    }
    return BigInt(`0x${hex}`);
  }

  /**
   * `Random.randbytes(n)`: `getrandbits(n * 8).to_bytes(n, "little")`.
   *
   * @example
   * new PythonRandom(1).randbytes(4); // Uint8Array [0xf5, 0xb1, 0x65, 0x22], as Python's b'\xf5\xb1e"'
   */
  randbytes(n: number): Uint8Array {
    checkInteger(n);
    if (n < 0) throw pyError("ValueError", "number of bits must be non-negative");
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const width = Math.min(4, n - i);
      let word = this.#mt.nextUint32();
      if (width < 4) word >>>= 32 - 8 * width;
      for (let b = 0; b < width; b++) bytes[i + b] = (word >>> (8 * b)) & 0xff;
    }
    return bytes;
  }

  /**
   * `Random._randbelow(n)`: a uniform int in [0, n) by rejection sampling `getrandbits(n.bit_length())`.
   * Every integer method goes through it, so its word consumption must match Python's exactly.
   *
   * @example
   * new PythonRandom(42).randbelow(10); // 1
   */
  randbelow(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 53) {
      throw new DSPyError(`randbelow needs an integer in [1, 2**53], got ${n}`, { code: "invalid_argument" });
    }
    if (n < TWO_POW_32) {
      const shift = Math.clz32(n); // 32 - bit_length(n)
      let r = this.#mt.nextUint32() >>> shift;
      while (r >= n) r = this.#mt.nextUint32() >>> shift;
      return r;
    }
    // 33..54 bits: getrandbits' low word comes first, then the high word's top (k - 32) bits.
    // Computed in doubles to keep BigInt off this path: values below 2**53 are exact, and larger
    // ones (which round to >= 2**53, never below) are rejected like any r >= n.
    const highShift = Math.clz32(Math.floor(n / TWO_POW_32));
    let r: number;
    do {
      const low = this.#mt.nextUint32();
      r = (this.#mt.nextUint32() >>> highShift) * TWO_POW_32 + low;
    } while (r >= n);
    return r;
  }

  /**
   * `Random.randrange(start, stop=None, step=1)`, with Python's checks and error messages.
   *
   * @example
   * rng.randrange(10); // in [0, 10)
   * rng.randrange(100, -50, -7); // one of 100, 93, ..., -47
   */
  randrange(start: number, stop?: number | null, step = 1): number {
    return pythonRandrange((n) => this.randbelow(n), start, stop, step);
  }

  /**
   * `Random.randint(a, b)`: an int in [a, b], both ends included.
   *
   * @example
   * rng.randint(1, 6); // a die roll
   */
  randint(a: number, b: number): number {
    if (Number.isInteger(b) && Math.abs(b) >= 2 ** 53) {
      throw new DSPyError(`randint() bound ${b} + 1 is beyond the exact integer range of a JS number`, {
        code: "invalid_argument",
      });
    }
    return this.randrange(a, b + 1);
  }

  /**
   * `Random.choice(seq)`: one element.
   *
   * @example
   * rng.choice(["red", "green", "blue"]);
   */
  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) throw pyError("IndexError", "Cannot choose from an empty sequence");
    return seq[this.randbelow(seq.length)] as T;
  }

  /**
   * `Random.shuffle(x)`: shuffles the array in place (Fisher-Yates from the end, as 3.11 does).
   *
   * @example
   * const order = [0, 1, 2, 3]; rng.shuffle(order);
   */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const swap = x[i] as T;
      x[i] = x[j] as T;
      x[j] = swap;
    }
  }

  /**
   * `Random.sample(population, k, counts=None)`: k distinct elements, in selection order.
   *
   * @example
   * rng.sample(trainset, 4); // four different demos
   * rng.sample(["red", "blue"], 3, { counts: [4, 2] });
   */
  sample<T>(population: readonly T[], k: number, options?: PythonSampleOptions): T[] {
    return pythonSample(this, population, k, options);
  }

  /**
   * `Random.choices(population, weights=None, *, cum_weights=None, k=1)`: k picks with replacement.
   *
   * @example
   * rng.choices(["a", "b"], { weights: [3, 1], k: 10 });
   */
  choices<T>(population: readonly T[], options?: PythonChoicesOptions): T[] {
    return pythonChoices(this, population, options);
  }

  /**
   * `Random.uniform(a, b)`: `a + (b - a) * random()`.
   *
   * @example
   * rng.uniform(-1, 1);
   */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /**
   * `Random.triangular(low=0.0, high=1.0, mode=None)`.
   *
   * @example
   * rng.triangular(0, 10, 2);
   */
  triangular(low = 0, high = 1, mode?: number | null): number {
    return pythonTriangular(() => this.random(), low, high, mode);
  }

  /**
   * `Random.normalvariate(mu=0.0, sigma=1.0)` (Kinderman-Monahan); matches Python's bits.
   *
   * @example
   * rng.normalvariate(100, 15);
   */
  normalvariate(mu = 0, sigma = 1): number {
    return pythonNormalvariate(() => this.random(), mu, sigma);
  }

  /**
   * `Random.gauss(mu=0.0, sigma=1.0)` (Box-Muller, caching the second value in the state).
   * It draws exactly what Python draws; the value goes through `cos`/`sin`/`log`, where V8 and the
   * C library may differ in the last bit.
   *
   * @example
   * rng.gauss(0, 1);
   */
  gauss(mu = 0, sigma = 1): number {
    let z = this.#gaussNext;
    this.#gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWOPI;
      const g2rad = Math.sqrt(-2 * Math.log(1 - this.random()));
      z = Math.cos(x2pi) * g2rad;
      this.#gaussNext = Math.sin(x2pi) * g2rad;
    }
    return mu + z * sigma;
  }

  /**
   * `Random.getstate()`: everything needed to resume this exact stream later.
   *
   * @example
   * const saved = rng.getstate(); rng.random(); rng.setstate(saved); // the same value comes again
   */
  getstate(): PythonRandomState {
    return [VERSION, this.#mt.getState(), this.#gaussNext];
  }

  /**
   * `Random.setstate(state)`: accepts version 3 (and Python's legacy version 2, whose signed words
   * are reduced modulo 2**32), with CPython's validation and messages.
   *
   * @example
   * rng.setstate(JSON.parse(checkpoint).rngState);
   */
  setstate(state: PythonRandomState): void {
    const [version, internal, gaussNext] = state;
    if (version !== 3 && version !== 2) {
      throw pyError("ValueError", `state with version ${version} passed to Random.setstate() of version ${VERSION}`);
    }
    if (!Array.isArray(internal)) throw pyError("TypeError", "state vector must be a tuple");
    // Python assigns gauss_next before the C-level setstate runs, even when that then fails.
    this.#gaussNext = gaussNext ?? null;
    const words = version === 2 ? internal.map((word) => ((word % TWO_POW_32) + TWO_POW_32) % TWO_POW_32) : internal;
    const error = this.#mt.setState(words);
    if (error !== undefined) throw pyError(error.pythonType, error.message);
  }
}

function checkInteger(value: number): void {
  if (!Number.isInteger(value)) throw pyError("TypeError", "'float' object cannot be interpreted as an integer");
}
