import { describe, expect, it } from "vitest";
import { ProgramStateError } from "../errors/program-state-error.js";
import { Module, type Parameter, type PredictorState } from "./module.js";
import { predictorStates } from "./program-state.js";

class FakePredict extends Module implements Parameter {
  readonly isPredictor = true;
  signature = { fields: [{ name: "question" }, { name: "answer" }] };
  override dumpState(): PredictorState {
    return {};
  }
  override loadState(): this {
    return this;
  }
  override reset(): void {}
}

class Program extends Module {
  generate = new FakePredict();
}

const good = () => ({
  traces: [],
  train: [],
  demos: [{ question: "q", answer: "a" }],
  signature: {
    instructions: "I.",
    fields: [
      { prefix: "Question:", description: "${question}" },
      { prefix: "Answer:", description: "${answer}" },
    ],
  },
  lm: null,
});

function failure(program: Module, state: unknown): ProgramStateError {
  try {
    predictorStates(program, state);
  } catch (error) {
    if (error instanceof ProgramStateError) return error;
    throw error;
  }
  throw new Error("expected a ProgramStateError");
}

describe("predictorStates", () => {
  it("pairs each predictor with its state; a bare predictor takes the whole (unkeyed) state", () => {
    const program = new Program();
    const [[predictor, state]] = predictorStates(program, { generate: good(), metadata: {} }) as [[Parameter, unknown]];
    expect(predictor).toBe(program.generate);
    expect(state).toEqual(good());
    const bare = new FakePredict();
    const whole = { ...good(), metadata: { dependency_versions: {} } };
    expect(predictorStates(bare, whole)).toEqual([[bare, whole]]);
  });

  it("refuses a state that is not an object", () => {
    expect(failure(new Program(), [good()]).message).toBe(
      "A saved program must be a JSON object keyed by predictor name, but got a list.",
    );
  });

  it("names a missing predictor and the keys the file has", () => {
    const error = failure(new Program(), { predict: good(), metadata: {} });
    expect(error.message).toBe(
      "The saved program has no state for predictor 'generate' (predictor keys in the file: 'predict').",
    );
    expect([error.code, error.pythonType, error.predictor]).toEqual(["invalid_program_state", "KeyError", "generate"]);
  });

  const DELETE = Symbol("delete");
  it.each([
    ["signature", ["signature"], DELETE, "'signature' is missing."],
    ["signature.instructions", ["signature", "instructions"], 3, "must be a string, but is a number (3)."],
    ["signature.fields", ["signature", "fields"], {}, "must be a list, but is an object."],
    ["signature.fields[1].prefix", ["signature", "fields", 1, "prefix"], DELETE, "is missing."],
    [
      "signature.fields[0].description",
      ["signature", "fields", 0, "description"],
      null,
      "must be a string, but is null.",
    ],
    ["demos", ["demos"], "x", "must be a list"],
    ["demos[0]", ["demos"], ["x"], "must be an object"],
    ["lm", ["lm"], "openai/gpt-4o", "must be null or an object"],
    ["fields", ["fields"], { answer: { threshold: 0.5 } }, "decision settings"],
    ["extended_signature", ["extended_signature"], {}, "no longer supported in DSPy 2.6+"],
  ] as const)("names the bad key %s", (field, path, value, text) => {
    const state = good();
    let target = state as unknown as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    if (value === DELETE) delete target[last];
    else target[last] = value;
    const error = failure(new Program(), { generate: state });
    expect(error.field).toBe(field);
    expect(error.predictor).toBe("generate");
    expect(error.message).toContain(`Saved state for predictor 'generate': `);
    expect(error.message).toContain(text);
  });

  it("refuses a field-count mismatch, which DSPy would zip silently", () => {
    const state = good();
    state.signature.fields.push({ prefix: "Extra:", description: "x" });
    expect(failure(new Program(), { generate: state }).message).toBe(
      "Saved state for predictor 'generate': 'signature.fields' has 3 entries, but the predictor's signature has 2 fields (question, answer); the file belongs to a different program.",
    );
  });

  it("accepts an LM state and missing optional lists", () => {
    const state: Record<string, unknown> = { ...good(), lm: { model: "openai/gpt-4o-mini" } };
    delete state.traces;
    expect(predictorStates(new Program(), { generate: state })).toHaveLength(1);
  });
});
