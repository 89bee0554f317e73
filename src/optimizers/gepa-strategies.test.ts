import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PythonRandom } from "../utils/python-random.js";
import { mergeSubsample } from "./gepa-merge.js";
import { findDominatorPrograms, frontMapping, idxmax, selectFromParetoFront } from "./gepa-pareto.js";
import { addGepaCandidate, initialGepaState } from "./gepa-state.js";
import { emptySamplerState, nextMinibatch, selectCandidate, selectComponents } from "./gepa-strategies.js";

// Recorded from gepa 0.1.4: scripts/oracle/make_gepa_vectors.py.
const vectors = JSON.parse(readFileSync(new URL("./__fixtures__/gepa-vectors.json", import.meta.url), "utf8")) as {
  sampler: { size: number; minibatch: number; seed: number; batches: number[][]; after: number }[];
  pareto: { fronts: number[][]; scores: number[]; draws: number[]; dominators: number[] }[];
  merge_subsample: { scores1: number[]; scores2: number[]; seed: number; ids: number[] }[];
};

describe("GEPA strategies match gepa 0.1.4", () => {
  it.each(vectors.sampler)("epoch-shuffled minibatches: $size examples, minibatch $minibatch, seed $seed", (vector) => {
    const rng = new PythonRandom(vector.seed);
    const sampler = emptySamplerState();
    const batches = Array.from({ length: 12 }, (_, iteration) =>
      nextMinibatch(sampler, { trainsetSize: vector.size, minibatchSize: vector.minibatch, iteration, rng }),
    );
    expect(batches).toEqual(vector.batches);
    // The shared RNG advanced exactly as Python's did.
    expect(rng.random()).toBe(vector.after);
  });

  it.each(vectors.pareto)("Pareto selection and dominators, in CPython set order (case %#)", (vector) => {
    const rng = new PythonRandom(11);
    const fronts = frontMapping(vector.fronts);
    expect(Array.from({ length: 10 }, () => selectFromParetoFront(fronts, vector.scores, rng))).toEqual(vector.draws);
    expect(findDominatorPrograms(fronts, vector.scores)).toEqual(vector.dominators);
  });

  it.each(vectors.merge_subsample)("merge subsample (seed $seed)", (vector) => {
    expect(mergeSubsample(vector.scores1, vector.scores2, new PythonRandom(vector.seed))).toEqual(vector.ids);
  });
});

describe("GEPA state and selectors", () => {
  const state = () => {
    const s = initialGepaState({ a: "A0", b: "B0" }, [0, 1, 0]);
    addGepaCandidate(s, [0], { a: "A1", b: "B0" }, [1, 1, 0], 3);
    addGepaCandidate(s, [0], { a: "A0", b: "B1" }, [0, 1, 1], 6);
    return s;
  };

  it("keeps per-example fronts and parents as gepa does", () => {
    const s = state();
    expect(s.paretoFront).toEqual([1, 1, 1]);
    expect(s.paretoPrograms).toEqual([[1], [0, 1, 2], [2]]);
    expect(s.discoveryEvals).toEqual([0, 3, 6]);
    expect(s.parents).toEqual([[null], [0], [0]]);
  });

  it("current_best takes the first best average; round robin advances per candidate", () => {
    const s = state();
    expect(selectCandidate("current_best", s, new PythonRandom(0))).toBe(1);
    expect(idxmax([0.5, 0.9, 0.9])).toBe(1);
    expect(selectComponents("round_robin", s, 1)).toEqual(["a"]);
    expect(selectComponents("round_robin", s, 1)).toEqual(["b"]);
    expect(selectComponents("round_robin", s, 1)).toEqual(["a"]);
    expect(selectComponents("all", s, 2)).toEqual(["a", "b"]);
  });

  it("pareto selection never picks a dominated program", () => {
    const s = state();
    const rng = new PythonRandom(4);
    const picks = new Set(Array.from({ length: 50 }, () => selectCandidate("pareto", s, rng)));
    expect(picks).toEqual(new Set([1, 2]));
  });

  it("rejects unknown strategies with a typed error", () => {
    expect(() => selectCandidate("best" as never, state(), new PythonRandom(0))).toThrow(/Unknown candidate_selector/);
    expect(() => selectComponents("some" as never, state(), 0)).toThrow(/Unknown module_selector/);
  });
});
