import { describe, expect, it } from "vitest";
import { ProgramStateError } from "../errors/program-state-error.js";
import { Module, type Parameter, type PredictorState } from "./module.js";

/** A stand-in for Predict (primitives may not import src/predict): state is a plain record. */
class FakePredict extends Module implements Parameter {
  readonly isPredictor = true;
  signature = { fields: [{ name: "a" }, { name: "b" }] };
  state: PredictorState = { demos: [], signature: { instructions: "I.", fields: [] } };
  override dumpState(): PredictorState {
    return this.state;
  }
  override loadState(state: PredictorState): this {
    this.state = state;
    return this;
  }
  override reset(): void {
    this.state = { ...this.state, demos: [] };
  }
}

class FakeCoT extends Module {
  predict = new FakePredict();
}

class Inner extends Module {
  cot = new FakeCoT();
  p = new FakePredict();
}

class Program extends Module {
  first = new FakePredict();
  inner = new Inner();
  lst = [new FakePredict(), new FakeCoT(), [new FakePredict()], new Inner()];
  // A Map keeps Python's dict order; a plain object would list the integer-like key "3" first.
  dct = new Map<unknown, unknown>([
    ["k", new FakePredict()],
    [3, new FakeCoT()],
    ["o'q", new FakePredict()],
  ]);
  tup = [new FakePredict()];
  dup = this.first;
  nested = { d: { e: new FakePredict() } };
  notes = "not a module";
}

const SAVED = (instructions: string) => ({
  demos: [{ a: "1", b: "2" }],
  signature: {
    instructions,
    fields: [
      { prefix: "A:", description: "a" },
      { prefix: "B:", description: "b" },
    ],
  },
  lm: null,
});

describe("Module.namedPredictors", () => {
  it("names predictors exactly as DSPy 3.4.1's named_parameters() (checked by running it)", () => {
    expect(new Program().namedPredictors().map(([name]) => name)).toEqual([
      "first",
      "inner.cot.predict",
      "inner.p",
      "lst[0]",
      "lst[1].predict",
      "lst[3].cot.predict",
      "lst[3].p",
      "dct['k']",
      "dct['3'].predict",
      "dct['o'q']",
      "tup[0]",
    ]);
  });

  it("names a bare predictor 'self' and a ChainOfThought-like wrapper's 'predict'", () => {
    expect(new FakePredict().namedPredictors().map(([name]) => name)).toEqual(["self"]);
    expect(new FakeCoT().namedPredictors().map(([name]) => name)).toEqual(["predict"]);
  });

  it("names plain-object entries like dict keys", () => {
    class WithRecord extends Module {
      tools = { search: new FakePredict(), answer: new FakeCoT() };
    }
    expect(new WithRecord().namedPredictors().map(([name]) => name)).toEqual([
      "tools['search']",
      "tools['answer'].predict",
    ]);
  });

  it("skips the predictors of a compiled sub-module, as DSPy skips `_compiled` ones", () => {
    const program = new Program();
    program.inner.compiled = true;
    const names = program.namedPredictors().map(([name]) => name);
    expect(names).not.toContain("inner.p");
    expect(names).toContain("lst[3].p");
  });

  it("keeps the first name of a predictor reachable twice and survives a module holding its parent", () => {
    class Child extends Module {
      parent: Module | undefined;
      p = new FakePredict();
    }
    class Parent extends Module {
      child = new Child();
      again = this.child.p;
    }
    const parent = new Parent();
    parent.child.parent = parent;
    expect(parent.namedPredictors().map(([name]) => name)).toEqual(["child.p"]);
  });
});

describe("Module.dumpState / loadState", () => {
  it("keys each predictor's state by its name", () => {
    const program = new FakeCoT();
    expect(Object.keys(program.dumpState())).toEqual(["predict"]);
  });

  it("applies every state, or none when one predictor's state is bad", () => {
    const program = new Inner();
    const before = program.dumpState();
    const bad = { "cot.predict": SAVED("New."), p: { demos: [] } };
    expect(() => program.loadState(bad)).toThrow(ProgramStateError);
    expect(program.dumpState()).toEqual(before);
    program.loadState({ "cot.predict": SAVED("New."), p: SAVED("Other.") });
    expect(program.cot.predict.state).toEqual(SAVED("New."));
    expect(program.p.state).toEqual(SAVED("Other."));
  });

  it("reset() resets every predictor", () => {
    const program = new Inner();
    program.loadState({ "cot.predict": SAVED("New."), p: SAVED("Other.") });
    program.reset();
    expect(program.predictors().map((p) => (p.dumpState().demos as unknown[]).length)).toEqual([0, 0]);
  });
});
