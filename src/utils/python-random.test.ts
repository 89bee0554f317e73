import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DSPyError } from "../errors/dspy-error.js";
import { MersenneTwister } from "./mersenne-twister.js";
import { PythonRandom, type PythonRandomState } from "./python-random.js";
import { pythonFloatHash, pythonSeedKey } from "./python-random-seed.js";

// Vectors from CPython 3.11.7's random.Random; see scripts/oracle/make_random_vectors.py for the format.
type SeedSpec = { int: string } | { float: number | "inf" } | { str: string } | { bytes: string };
interface Call {
  op: string;
  args: unknown[];
  repeat?: number;
  results?: unknown[];
  error?: { type: string; message: string };
}
interface VectorCase {
  name: string;
  seed: SeedSpec;
  calls: Call[];
}
const vectors = JSON.parse(
  readFileSync(new URL("./__fixtures__/python-random-vectors.json", import.meta.url), "utf8"),
) as { python: string; cases: VectorCase[] };

function seedOf(spec: SeedSpec): number | bigint | string | Uint8Array {
  if ("int" in spec) {
    const value = BigInt(spec.int);
    return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  }
  if ("float" in spec) return spec.float === "inf" ? Number.POSITIVE_INFINITY : spec.float;
  if ("str" in spec) return spec.str;
  return new Uint8Array(Buffer.from(spec.bytes, "hex"));
}

/** Distance in units in the last place between two doubles. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  const ordered = (bits: bigint) => (bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits);
  return Number(ordered(view.getBigInt64(0)) - ordered(view.getBigInt64(8)));
}

// gauss() goes through cos/sin/log, where V8's fdlibm and glibc differ in the last bits (~6% of
// values, at most 3 ulps over 120k draws); it still draws exactly Python's words.
const GAUSS_ULPS = 4;

/** Compares replayed results with Python's: exactly, except gauss values (and a pending gauss_next). */
function expectMatches(op: string, actual: unknown[], expected: unknown[], where: string): void {
  if (op !== "gauss" && op !== "getstate") {
    expect(actual, where).toEqual(expected);
    return;
  }
  expect(actual.length, where).toBe(expected.length);
  for (const [i, value] of actual.entries()) {
    const want = expected[i];
    if (op === "getstate") {
      const [version, words, gaussNext] = value as PythonRandomState;
      const [wantVersion, wantWords, wantGaussNext] = want as PythonRandomState;
      expect([version, words], where).toEqual([wantVersion, wantWords]);
      if (gaussNext === null || wantGaussNext === null) expect(gaussNext, where).toBe(wantGaussNext);
      else expect(Math.abs(ulps(gaussNext, wantGaussNext)), where).toBeLessThanOrEqual(GAUSS_ULPS);
    } else {
      expect(Math.abs(ulps(value as number, want as number)), `${where} #${i}`).toBeLessThanOrEqual(GAUSS_ULPS);
    }
  }
}

const isKwargs = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Runs one recorded call `repeat` times, returning results encoded as the generator encodes them. */
function replay(rng: PythonRandom, call: Call): unknown[] {
  const repeat = call.repeat ?? 1;
  const results: unknown[] = [];
  if (call.op === "shuffle") {
    const target = [...(call.args[0] as unknown[])];
    for (let i = 0; i < repeat; i++) {
      rng.shuffle(target);
      results.push([...target]);
    }
    return results;
  }
  for (let i = 0; i < repeat; i++) results.push(invoke(rng, call.op, call.args));
  return results;
}

function invoke(rng: PythonRandom, op: string, args: unknown[]): unknown {
  const num = (i: number) => args[i] as number;
  const list = (i: number) => args[i] as unknown[];
  const numbers = args as (number | undefined)[];
  switch (op) {
    case "random":
      return rng.random();
    case "getrandbits": {
      const value = rng.getrandbits(num(0));
      return typeof value === "bigint" ? value.toString() : value;
    }
    case "randbytes":
      return Buffer.from(rng.randbytes(num(0))).toString("hex");
    case "randrange":
      return rng.randrange(num(0), args[1] as number | null | undefined, numbers[2]);
    case "randint":
      return rng.randint(num(0), num(1));
    case "choice":
      return rng.choice(list(0));
    case "sample": {
      const kwargs = isKwargs(args[2]) ? args[2] : {};
      return rng.sample(list(0), num(1), { counts: kwargs.counts as number[] | undefined });
    }
    case "choices": {
      const rest = args.slice(1);
      const kwargs = isKwargs(rest.at(-1)) ? (rest.pop() as Record<string, unknown>) : {};
      return rng.choices(list(0), {
        weights: rest[0] as number[] | undefined,
        cumWeights: kwargs.cum_weights as number[] | undefined,
        k: kwargs.k as number | undefined,
      });
    }
    case "uniform":
      return rng.uniform(num(0), num(1));
    case "triangular":
      return rng.triangular(numbers[0], numbers[1], numbers[2]);
    case "normalvariate":
      return rng.normalvariate(numbers[0], numbers[1]);
    case "gauss":
      return rng.gauss(numbers[0], numbers[1]);
    case "getstate":
      return rng.getstate();
    case "setstate":
      rng.setstate(args[0] as PythonRandomState);
      return null;
    default:
      throw new Error(`no replay for op ${op}`);
  }
}

describe(`PythonRandom matches CPython ${vectors.python}`, () => {
  it("has the expected vector set", () => {
    expect(vectors.python).toMatch(/^3\.11\./);
    expect(vectors.cases.length).toBeGreaterThan(100);
  });

  for (const vectorCase of vectors.cases) {
    it(vectorCase.name, () => {
      const rng = new PythonRandom(seedOf(vectorCase.seed));
      for (const [index, call] of vectorCase.calls.entries()) {
        const where = `${vectorCase.name}: call ${index} ${call.op}(${JSON.stringify(call.args).slice(0, 60)})`;
        if (call.error) {
          let thrown: unknown;
          try {
            replay(rng, call);
          } catch (error) {
            thrown = error;
          }
          expect(thrown, where).toBeInstanceOf(DSPyError);
          expect({ type: (thrown as DSPyError).pythonType, message: (thrown as DSPyError).message }, where).toEqual(
            call.error,
          );
        } else {
          expectMatches(call.op, replay(rng, call), call.results ?? [], where);
        }
      }
    });
  }
});

describe("PythonRandom seeding", () => {
  it("takes a safe-integer number and the same bigint alike, and abs() of negatives", () => {
    for (const seed of [0, 1, 42, 2 ** 40 + 7, 2 ** 53 - 1]) {
      expect(new PythonRandom(seed).getstate()).toEqual(new PythonRandom(BigInt(seed)).getstate());
      expect(new PythonRandom(-seed).getstate()).toEqual(new PythonRandom(seed).getstate());
    }
    expect(new PythonRandom(-(2n ** 70n)).random()).toBe(new PythonRandom(2n ** 70n).random());
  });

  it("seeds str through its UTF-8 bytes, as Python's version-2 seeding does", () => {
    const text = "héllo 🐍";
    expect(new PythonRandom(text).getstate()).toEqual(new PythonRandom(new TextEncoder().encode(text)).getstate());
  });

  it("splits ints into 32-bit key words, least significant first", () => {
    expect(Array.from(pythonSeedKey(0))).toEqual([0]);
    expect(Array.from(pythonSeedKey(2 ** 32 - 1))).toEqual([0xffffffff]);
    expect(Array.from(pythonSeedKey(2 ** 32 + 5))).toEqual([5, 1]);
    expect(Array.from(pythonSeedKey(-(2n ** 64n) - 3n))).toEqual([3, 0, 1]);
  });

  it("hashes floats as Python does", () => {
    expect(pythonFloatHash(0.5)).toBe(2n ** 60n);
    expect(pythonFloatHash(-2.5)).toBe(-1152921504606846978n);
    expect(pythonFloatHash(-1)).toBe(-2n); // hash(-1.0) == -2: -1 is CPython's error marker
    expect(pythonFloatHash(Number.NEGATIVE_INFINITY)).toBe(-314159n);
    // Python 3.11.7's hash() of each; integral floats only reach here directly, since an integral
    // JS number seeds as a Python int.
    expect(pythonFloatHash(1e300)).toBe(1224995262755759164n);
    expect(pythonFloatHash(-1e300)).toBe(-1224995262755759164n);
    expect(pythonFloatHash(2 ** 1000)).toBe(16777216n);
    expect(pythonFloatHash(1e15 + 0.5)).toBe(1153921504606846976n);
    expect(() => pythonFloatHash(Number.NaN)).toThrow(DSPyError);
  });

  it("refuses lone surrogates like str.encode()", () => {
    expect(() => new PythonRandom("ab\ud800")).toThrow(
      "'utf-8' codec can't encode character '\\ud800' in position 2: surrogates not allowed",
    );
  });

  it("seeds from OS entropy without a seed, and reseeding restarts the stream", () => {
    const a = new PythonRandom();
    const b = new PythonRandom(null);
    expect(a.random()).not.toBe(b.random());
    a.seed(7);
    const first = a.random();
    a.gauss();
    a.seed(7);
    expect(a.random()).toBe(first);
    expect(a.getstate()[2]).toBeNull();
  });

  it("runs the reference MT19937 for init_genrand(5489)", () => {
    const mt = new MersenneTwister();
    mt.initGenrand(5489);
    expect(mt.nextUint32()).toBe(3499211612);
  });
});

describe("PythonRandom state", () => {
  it("resumes exactly from a JSON round-tripped checkpoint", () => {
    const rng = new PythonRandom(123);
    rng.sample([1, 2, 3, 4, 5], 3);
    rng.gauss();
    const checkpoint = JSON.stringify(rng.getstate());
    const expected = [rng.gauss(), rng.random(), rng.randrange(1000), rng.getrandbits(77)];
    const resumed = new PythonRandom(0);
    resumed.setstate(JSON.parse(checkpoint) as PythonRandomState);
    expect([resumed.gauss(), resumed.random(), resumed.randrange(1000), resumed.getrandbits(77)]).toEqual(expected);
  });

  it("accepts Python's legacy version-2 state with signed words", () => {
    const rng = new PythonRandom(5);
    const [, words] = rng.getstate();
    const signed = words.map((word, i) => (i < 624 && word >= 2 ** 31 ? word - 2 ** 32 : word));
    const other = new PythonRandom(0);
    other.setstate([2, signed, null]);
    expect(other.random()).toBe(rng.random());
  });

  it("returns copies, not views of the live state", () => {
    const rng = new PythonRandom(1);
    const state = rng.getstate();
    rng.random();
    expect(rng.getstate()).not.toEqual(state);
  });
});

describe("PythonRandom limits", () => {
  it("handles bounds past 2**51 exactly and refuses what a JS number cannot hold", () => {
    const rng = new PythonRandom(1);
    expect(() => rng.randrange(2 ** 53 + 2)).toThrow(/more than 2\*\*53 values/);
    expect(() => rng.randrange(-(2 ** 53), 2 ** 53)).toThrow(/more than 2\*\*53 values/);
    expect(() => rng.randrange(2 ** 60, 2 ** 60 + 2 ** 20)).toThrow(/result \d+ is beyond/);
    expect(rng.randrange(2 ** 53 - 1, 2 ** 53)).toBe(2 ** 53 - 1);
    expect(() => rng.randint(0, 2 ** 53)).toThrow(/randint\(\) bound/);
    expect(rng.randint(2 ** 53 - 2, 2 ** 53 - 2)).toBe(2 ** 53 - 2);
    expect(rng.randrange(2 ** 60, 2 ** 61, 2 ** 60)).toBe(2 ** 60);
    expect([-(2 ** 60), -(2 ** 59), 0, 2 ** 59]).toContain(rng.randrange(-(2 ** 60), 2 ** 60, 2 ** 59));
    expect(() => rng.randrange(1e21, 1e21)).toThrow(
      "empty range for randrange() (1000000000000000000000, 1000000000000000000000, 0)",
    );
    // The BigInt path counts exactly as the double path: 7 even numbers from 2**52.
    const big = new PythonRandom(9);
    const small = new PythonRandom(9);
    expect(big.randrange(2 ** 52, 2 ** 52 + 14, 2)).toBe(2 ** 52 + 2 * small.randbelow(7));
  });

  it("reports non-finite randrange arguments with Python's messages", () => {
    const rng = new PythonRandom(1);
    expect(() => rng.randrange(Number.NaN)).toThrow("cannot convert float NaN to integer");
    expect(() => rng.randrange(0, Number.POSITIVE_INFINITY)).toThrow("cannot convert float infinity to integer");
  });

  it("rejects a non-positive randbelow bound instead of looping forever", () => {
    expect(() => new PythonRandom(1).randbelow(0)).toThrow(DSPyError);
  });
});
