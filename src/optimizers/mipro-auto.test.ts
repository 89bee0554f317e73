import { describe, expect, it } from "vitest";
import { Example } from "../primitives/example.js";
import { PythonRandom } from "../utils/python-random.js";
import { createMinibatch, miproNumTrials, resolveMiproBudget, splitMiproDatasets } from "./mipro-auto.js";

const examples = (count: number) =>
  Array.from({ length: count }, (_, i) => new Example({ question: `q${i}`, answer: `a${i}` }).withInputs("question"));

describe("MIPROv2 auto budgets", () => {
  it("num_trials matches DSPy 3.4.1 for P = 1..3, with and without demos", () => {
    // Python: int(max(2*v*math.log2(n), 1.5*n)) for v in (2P with demos, P zero-shot).
    const expected = { 6: [10, 9, 20, 10, 31, 15], 12: [18, 18, 28, 18, 43, 21], 18: [27, 27, 33, 27, 50, 27] };
    for (const [n, values] of Object.entries(expected)) {
      const got = [1, 2, 3].flatMap((p) => [miproNumTrials(p, false, Number(n)), miproNumTrials(p, true, Number(n))]);
      expect(got).toEqual(values);
    }
  });

  it("create_minibatch draws rng.sample like CPython (random.Random(9))", () => {
    const rng = new PythonRandom(9);
    const indices = Array.from({ length: 120 }, (_, i) => i);
    expect(createMinibatch(indices, 100, rng).slice(0, 6)).toEqual([59, 78, 47, 34, 17, 23]);
    expect(createMinibatch(indices.slice(0, 100), 35, rng).slice(0, 4)).toEqual([90, 51, 30, 20]);
  });

  it("light mode: valset resampled, minibatch only above 50, half the instruction candidates", () => {
    const budget = resolveMiproBudget(
      { auto: "light", minibatch: true, zeroshot: false, numPredictors: 1, valset: examples(40) },
      new PythonRandom(9),
    );
    expect(budget).toMatchObject({
      numTrials: 10,
      minibatch: false,
      numInstructCandidates: 3,
      numFewshotCandidates: 6,
    });
    expect(budget.valset).toHaveLength(40);
    const zeroshot = resolveMiproBudget(
      { auto: "medium", minibatch: false, zeroshot: true, numPredictors: 2, valset: examples(60) },
      new PythonRandom(9),
    );
    expect(zeroshot).toMatchObject({ numTrials: 18, minibatch: true, numInstructCandidates: 12 });
  });

  it("validates auto against explicit counts as DSPy does", () => {
    const base = { minibatch: true, zeroshot: false, numPredictors: 1, valset: examples(3) };
    const rng = new PythonRandom(9);
    expect(() => resolveMiproBudget({ ...base, auto: "light", numTrials: 3 }, rng)).toThrow(/cannot be set/);
    expect(() => resolveMiproBudget({ ...base, auto: null, numCandidates: 6 }, rng)).toThrow(/recommend.*~10/);
    expect(() => resolveMiproBudget({ ...base, auto: null }, rng)).toThrow(/num_candidates must/);
    expect(resolveMiproBudget({ ...base, auto: null, numCandidates: 4, numTrials: 7 }, rng).numTrials).toBe(7);
  });

  it("splits a lone trainset 20/80", () => {
    const { trainset, valset } = splitMiproDatasets(examples(10), undefined);
    expect([trainset.length, valset.length]).toEqual([2, 8]);
    expect(() => splitMiproDatasets(examples(1), undefined)).toThrow(/at least 2/);
  });
});
