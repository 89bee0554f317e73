// NumPy's legacy `np.random.RandomState`, draw for draw: Optuna's samplers (and so MIPROv2's
// parameter choices) are built on it. Checked against real NumPy 2.4.6
// (scripts/oracle/make_numpy_vectors.py).

import { getRandomValues } from "node:crypto";
import { MersenneTwister } from "./mersenne-twister.js";
import { boundedMaskedInt, nextDouble, randomInterval } from "./numpy-bounded-int.js";
import { type NumpyChoiceOptions, numpyChoiceIndices } from "./numpy-choice.js";
import { numpyError } from "./numpy-error.js";

/**
 * `RandomState.get_state()` (legacy form): `("MT19937", key[624], pos, has_gauss, cached_gaussian)`.
 * Plain JSON, so it fits in a checkpoint.
 */
export type NumpyRandomStateTuple = readonly [
  bitGenerator: "MT19937",
  key: readonly number[],
  pos: number,
  hasGauss: number,
  cachedGaussian: number,
];

/** What `RandomState(seed)` accepts: an int in [0, 2**32), an array of such ints, or none (entropy). */
export type NumpySeed = number | readonly number[] | null | undefined;

const UINT32_MAX = 0xffffffff;

/**
 * A seeded generator reproducing `numpy.random.RandomState(seed)`. Unlike CPython's `Random`, an
 * int seed goes through MT19937's `init_genrand` (an array seed through `init_by_array`), so the
 * same seed gives a different stream from {@link PythonRandom}'s.
 *
 * Methods return a number when `size` is absent and an array of `size` values otherwise, as NumPy
 * returns a scalar or an array. Errors are {@link DSPyError}s with NumPy's exception type and message.
 *
 * @example
 * const rng = new NumpyRandomState(9);
 * rng.randomSample(); // 0.010374153885699955, as np.random.RandomState(9).random_sample()
 * rng.choice(4, { size: 2, p: [0.1, 0.2, 0.3, 0.4] });
 */
export class NumpyRandomState {
  readonly #mt = new MersenneTwister();
  readonly #next = () => this.#mt.nextUint32();
  #hasGauss = false;
  #gauss = 0;

  constructor(seed?: NumpySeed) {
    this.seed(seed);
  }

  /**
   * `RandomState.seed(seed)` (NumPy's `_legacy_seeding`).
   *
   * @example
   * rng.seed([1, 2, 3]); // init_by_array, as RandomState([1, 2, 3])
   */
  seed(seed?: NumpySeed): void {
    if (seed === null || seed === undefined) {
      this.#mt.initByArray(getRandomValues(new Uint32Array(624)));
    } else if (typeof seed === "number") {
      checkSeedWord(seed);
      this.#mt.initGenrand(seed);
    } else {
      if (seed.length === 0) throw numpyError("ValueError", "Seed must be non-empty");
      for (const word of seed) checkSeedWord(word);
      this.#mt.initByArray(seed);
    }
    this.#hasGauss = false;
    this.#gauss = 0;
  }

  /**
   * `random_sample(size=None)` (alias `random`): doubles in [0, 1) with 53 random bits.
   *
   * @example
   * new NumpyRandomState(0).randomSample(2); // [0.5488135039273248, 0.7151893663724195]
   */
  randomSample(): number;
  randomSample(size: number): number[];
  randomSample(size?: number): number | number[] {
    return fill(size, () => nextDouble(this.#next));
  }

  /**
   * `rand(n)`: the same draws as {@link NumpyRandomState.randomSample}.
   *
   * @example
   * rng.rand(3);
   */
  rand(): number;
  rand(size: number): number[];
  rand(size?: number): number | number[] {
    return fill(size, () => nextDouble(this.#next));
  }

  /**
   * `randint(low, high=None, size=None)` with the default int64 dtype: integers in [low, high)
   * (or [0, low) without `high`) by masked rejection. Bounds must be safe integers.
   *
   * @example
   * new NumpyRandomState(9).randint(0, 10, 3);
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, size: number): number[];
  randint(low: number, high?: number, size?: number): number | number[] {
    const lo = high === undefined ? 0 : low;
    const hi = high === undefined ? low : high;
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
      throw numpyError("ValueError", `randint bounds must be integers within ±2**53, got ${lo} and ${hi}`);
    }
    if (lo >= hi) throw numpyError("ValueError", high === undefined ? "high <= 0" : "low >= high");
    const offset = BigInt(lo);
    const range = BigInt(hi) - offset - 1n;
    return fill(size, () => Number(boundedMaskedInt(this.#next, offset, range)));
  }

  /**
   * `uniform(low=0.0, high=1.0, size=None)`: `low + (high - low) * random_sample()`. Array bounds
   * draw one value per element, in order (as Optuna's `RandomSampler` calls it).
   *
   * @example
   * rng.uniform(-1, 1); rng.uniform([0, 0, 0], [1, 1, 1]);
   */
  uniform(low?: number, high?: number): number;
  uniform(low: number, high: number, size: number): number[];
  uniform(low: readonly number[], high: readonly number[]): number[];
  uniform(low: number | readonly number[] = 0, high: number | readonly number[] = 1, size?: number): number | number[] {
    if (typeof low === "number" && typeof high === "number") {
      const range = high - low;
      if (!Number.isFinite(range)) throw numpyError("OverflowError", "Range exceeds valid bounds");
      return fill(size, () => low + range * nextDouble(this.#next));
    }
    const lows = typeof low === "number" ? [low] : low;
    const highs = typeof high === "number" ? [high] : high;
    const length = Math.max(lows.length, highs.length);
    if ((lows.length !== length && lows.length !== 1) || (highs.length !== length && highs.length !== 1)) {
      throw numpyError("ValueError", "shape mismatch: objects cannot be broadcast to a single shape");
    }
    const at = (values: readonly number[], i: number) => (values.length === 1 ? values[0] : values[i]) as number;
    const ranges = Array.from({ length }, (_, i) => at(highs, i) - at(lows, i));
    if (!ranges.every(Number.isFinite)) throw numpyError("OverflowError", "Range exceeds valid bounds");
    return ranges.map((range, i) => at(lows, i) + range * nextDouble(this.#next));
  }

  /**
   * `standard_normal(size=None)`: the legacy polar Box–Muller (`legacy_gauss`), which makes two
   * values per accepted pair and keeps the second for the next call.
   *
   * @example
   * new NumpyRandomState(0).standardNormal(); // 1.764052345967664
   */
  standardNormal(): number;
  standardNormal(size: number): number[];
  standardNormal(size?: number): number | number[] {
    return fill(size, () => this.#gaussian());
  }

  /**
   * `normal(loc=0.0, scale=1.0, size=None)`: `loc + scale * standard_normal()`.
   *
   * @example
   * rng.normal(10, 2, 5);
   */
  normal(loc?: number, scale?: number): number;
  normal(loc: number, scale: number, size: number): number[];
  normal(loc = 0, scale = 1, size?: number): number | number[] {
    if (scale < 0) throw numpyError("ValueError", "scale < 0");
    return fill(size, () => loc + scale * this.#gaussian());
  }

  /**
   * `shuffle(x)`: shuffles in place, Fisher–Yates from the end with masked-rejection positions.
   *
   * @example
   * const order = [0, 1, 2, 3]; rng.shuffle(order);
   */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = randomInterval(this.#next, i);
      const swap = x[i] as T;
      x[i] = x[j] as T;
      x[j] = swap;
    }
  }

  /**
   * `permutation(x)`: a shuffled `arange(x)` for an int, a shuffled copy for an array.
   *
   * @example
   * rng.permutation(5); rng.permutation(["a", "b", "c"]);
   */
  permutation(x: number): number[];
  permutation<T>(x: readonly T[]): T[];
  permutation<T>(x: number | readonly T[]): (number | T)[] {
    const out: (number | T)[] = typeof x === "number" ? Array.from({ length: x }, (_, i) => i) : [...x];
    this.shuffle(out);
    return out;
  }

  /**
   * `choice(a, size=None, replace=True, p=None)`: from `arange(a)` for an int, else from the array.
   *
   * @example
   * rng.choice(5); rng.choice(["x", "y"], { size: 4 }); rng.choice(3, { size: 2, replace: false, p: [0.5, 0.3, 0.2] });
   */
  choice<T = number>(a: number | readonly T[], options?: NumpyChoiceOptions & { size?: undefined }): T;
  choice<T = number>(a: number | readonly T[], options: NumpyChoiceOptions & { size: number }): T[];
  choice<T = number>(a: number | readonly T[], options: NumpyChoiceOptions = {}): T | T[] {
    const popSize = typeof a === "number" ? a : a.length;
    const source = {
      randomSample: () => nextDouble(this.#next),
      randintBelow: (high: number) => this.randint(0, high),
      permutationOf: (n: number) => this.permutation(n),
    };
    const indices = numpyChoiceIndices(source, popSize, options, typeof a !== "number");
    const values = indices.map((index) => (typeof a === "number" ? index : a[index]) as T);
    return options.size === undefined ? (values[0] as T) : values;
  }

  /**
   * `get_state()` in NumPy's legacy tuple form.
   *
   * @example
   * const saved = rng.getState(); rng.randomSample(); rng.setState(saved);
   */
  getState(): NumpyRandomStateTuple {
    const words = this.#mt.getState();
    const pos = words.pop() as number;
    return ["MT19937", words, pos, this.#hasGauss ? 1 : 0, this.#gauss];
  }

  /**
   * `set_state(state)`: accepts the 5-tuple {@link NumpyRandomState.getState} returns, or NumPy's
   * shorter 3-tuple (no cached gaussian).
   *
   * @example
   * other.setState(rng.getState()); // other now continues rng's stream
   */
  setState(state: readonly unknown[]): void {
    if (state[0] !== "MT19937") {
      throw numpyError("ValueError", "set_state can only be used with legacy MT19937 state instances.");
    }
    const [, key, pos, hasGauss = 0, gauss = 0] = state;
    if (!Array.isArray(key) || key.length !== 624 || typeof pos !== "number") {
      throw numpyError("ValueError", "state must be 624 elements");
    }
    const error = this.#mt.setState([...key, pos]);
    if (error) throw numpyError(error.pythonType, error.message);
    this.#hasGauss = Boolean(hasGauss);
    this.#gauss = Number(gauss);
  }

  #gaussian(): number {
    if (this.#hasGauss) {
      const cached = this.#gauss;
      this.#hasGauss = false;
      this.#gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * nextDouble(this.#next) - 1;
      x2 = 2 * nextDouble(this.#next) - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }
}

function checkSeedWord(word: number): void {
  if (!Number.isInteger(word))
    throw numpyError(
      "TypeError",
      "Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'",
    );
  if (word < 0 || word > UINT32_MAX) throw numpyError("ValueError", "Seed must be between 0 and 2**32 - 1");
}

function fill<T>(size: number | undefined, draw: () => T): T | T[] {
  if (size === undefined) return draw();
  if (!Number.isInteger(size) || size < 0) throw numpyError("ValueError", "negative dimensions are not allowed");
  return Array.from({ length: size }, draw);
}
