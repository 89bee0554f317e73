import { describe, expect, it } from "vitest";
import { LM } from "../lm/lm.js";
import { ChainOfThought } from "../predict/chain-of-thought.js";
import { Predict } from "../predict/predict.js";
import { rolloutLM } from "../predict/rollout-lm.js";
import { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import { deepcopyModule, resetCopy } from "../primitives/module-copy.js";
import { DummyLM } from "../test/dummy-lm.js";
import { pyEquals } from "./python-equals.js";
import { pythonIntSetRepr } from "./python-int-set.js";

class Pipeline extends Module {
  lm = new DummyLM([]);
  steps = [new Predict("question -> draft"), new ChainOfThought("draft -> answer")];
  shared: Predict;
  settings = { retries: 2, nested: { deep: [1] } };
  constructor() {
    super();
    this.shared = this.steps[0] as Predict;
  }
}

describe("deepcopyModule / resetCopy", () => {
  it("copies modules, predictors and containers, keeps the class, and shares LMs and examples", () => {
    const original = new Pipeline();
    const demo = new Example({ question: "q", draft: "d" });
    (original.steps[0] as Predict).demos = [demo];
    const copy = deepcopyModule(original);
    expect(copy).toBeInstanceOf(Pipeline);
    expect(copy.steps).not.toBe(original.steps);
    expect(copy.steps[0]).not.toBe(original.steps[0]);
    expect((copy.steps[1] as ChainOfThought).predict).not.toBe((original.steps[1] as ChainOfThought).predict);
    expect(copy.settings.nested).not.toBe(original.settings.nested);
    expect(copy.settings).toEqual(original.settings);
    expect(copy.lm).toBe(original.lm);
    expect((copy.steps[0] as Predict).demos[0]).toBe(demo);
    // An object reachable twice stays one object, as Python's deepcopy memo keeps it.
    expect(copy.shared).toBe(copy.steps[0]);
    (copy.steps[0] as Predict).demos.push(demo);
    expect((original.steps[0] as Predict).demos).toHaveLength(1);
    expect(copy.namedPredictors().map(([name]) => name)).toEqual(original.namedPredictors().map(([name]) => name));
  });

  it("resets every predictor of the copy only", () => {
    const original = new Pipeline();
    const predictor = original.steps[0] as Predict;
    predictor.demos = [{ question: "q", draft: "d" }];
    predictor.lm = new DummyLM([]);
    const blank = resetCopy(original);
    expect((blank.steps[0] as Predict).demos).toEqual([]);
    expect((blank.steps[0] as Predict).lm).toBeUndefined();
    expect(predictor.demos).toHaveLength(1);
  });

  it("defers to a module's own deepcopy()", () => {
    class Custom extends Module {
      #secret = 1;
      deepcopy() {
        const copy = new Custom();
        copy.#secret = this.#secret + 1;
        return copy;
      }
      get secret() {
        return this.#secret;
      }
    }
    expect(deepcopyModule(new Custom()).secret).toBe(2);
  });
});

describe("pyEquals", () => {
  it("follows Python's == for JSON-like values and DSPy's Example equality", () => {
    expect(pyEquals({ a: [1, true, null] }, { a: [1.0, 1, null] })).toBe(true);
    expect(pyEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(pyEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(pyEquals("1", 1)).toBe(false);
    expect(pyEquals(new Example({ q: "x" }).withInputs("q"), new Example({ q: "x" }))).toBe(true);
    // An Example never equals a plain dict in DSPy.
    expect(pyEquals(new Example({ q: "x" }), { q: "x" })).toBe(false);
  });
});

describe("pythonIntSetRepr", () => {
  it("prints sets in CPython 3.11's iteration order", () => {
    // Each expectation is CPython 3.11's repr(set(values)).
    expect(pythonIntSetRepr([9, 7, 2])).toBe("{9, 2, 7}");
    expect(pythonIntSetRepr([9, -1, 7])).toBe("{9, -1, 7}");
    expect(pythonIntSetRepr([3, 11])).toBe("{11, 3}");
    expect(pythonIntSetRepr([11, 3])).toBe("{3, 11}");
    expect(pythonIntSetRepr([9, 1, 17, 2, 10])).toBe("{1, 2, 9, 10, 17}");
    expect(pythonIntSetRepr([])).toBe("set()");
  });
});

describe("rolloutLM", () => {
  it("copies an LM with a new rollout id at temperature 1", () => {
    const lm = new LM("openai/gpt-4o-mini", { apiKey: "sk-test", cache: false, temperature: 0 });
    const copy = rolloutLM(lm, 2);
    expect(copy).toBeInstanceOf(LM);
    expect(copy.kwargs).toMatchObject({ rollout_id: 2, temperature: 1 });
    expect(lm.kwargs.temperature).toBe(0);
  });

  it("wraps other LMs so the two settings are defaults under each call's own", async () => {
    const dummy = new DummyLM([{ answer: "x" }, { answer: "y" }]);
    const wrapped = rolloutLM(dummy, 1);
    expect(wrapped.kwargs).toMatchObject({ rollout_id: 1, temperature: 1 });
    await wrapped.call([{ role: "user", content: "hi" }], { n: 1 });
    await wrapped.call([{ role: "user", content: "hi" }], { temperature: 0.3 });
    expect(dummy.history.map((call) => call.kwargs)).toEqual([
      { rollout_id: 1, temperature: 1, n: 1 },
      { rollout_id: 1, temperature: 0.3 },
    ]);
  });
});
