import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NumpyPCG64 } from "./numpy-pcg64.js";
import { numpyPercentile } from "./numpy-percentile.js";

// Vectors from real NumPy (scripts/oracle/make_pcg64_vectors.py).
const vectors = JSON.parse(
  readFileSync(new URL("./__fixtures__/numpy-pcg64-vectors.json", import.meta.url), "utf8"),
) as {
  streams: { seed: string; raw: string[]; random: number[] }[];
  poisson: { seed: string; draws: [number, number][] }[];
  percentile: { values: number[]; q: number; result: number }[];
};

describe("NumpyPCG64", () => {
  it.each(vectors.streams)("default_rng($seed) gives NumPy's raw words and doubles", ({ seed, raw, random }) => {
    const words = new NumpyPCG64(BigInt(seed));
    expect(raw.map(() => words.nextUint64().toString())).toEqual(raw);
    const doubles = new NumpyPCG64(BigInt(seed));
    expect(random.map(() => doubles.random())).toEqual(random);
  });

  it.each(vectors.poisson)("poisson draws follow NumPy's stream for seed $seed", ({ seed, draws }) => {
    const rng = new NumpyPCG64(BigInt(seed));
    const ours = draws.map(([lam]) => [lam, rng.poisson(lam)]);
    expect(ours).toEqual(draws);
  });

  it("checkpoints: a restored generator continues the same stream", () => {
    const rng = new NumpyPCG64(42);
    rng.poisson(3);
    const saved = JSON.parse(JSON.stringify(rng.getState()));
    const expected = [rng.random(), rng.poisson(12.5)];
    const other = new NumpyPCG64(0);
    other.setState(saved);
    expect([other.random(), other.poisson(12.5)]).toEqual(expected);
  });

  it("rejects a negative lam with NumPy's ValueError", () => {
    expect(() => new NumpyPCG64(0).poisson(-1)).toThrow("lam < 0 or lam is NaN");
  });
});

describe("numpyPercentile", () => {
  it("matches np.percentile (linear) bit for bit", () => {
    for (const { values, q, result } of vectors.percentile) expect(numpyPercentile(values, q)).toBe(result);
  });

  it("rejects an empty array", () => {
    expect(() => numpyPercentile([], 10)).toThrow();
  });
});
