import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import type { Message } from "../adapters/message.js";
import { DSPyError } from "../errors/dspy-error.js";
import { PythonInterpreter } from "../primitives/python-interpreter.js";
import { Signature } from "../signatures/signature.js";
import { DummyLM } from "../test/dummy-lm.js";
import { ProgramOfThought } from "./program-of-thought.js";
import { context } from "./settings.js";

// Expected values come from real DSPy 3.4.1 (scripts/oracle/make_pot_fixtures.py). The Python
// side used a scripted interpreter; here the code runs on the real Pyodide sandbox, so equal
// requests also show the sandbox reports results and errors as DSPy's runner does.
interface Scenario {
  id: string;
  signature: string;
  instructions?: string;
  max_iters?: number;
  inputs: Record<string, unknown>;
  answers: Record<string, unknown>[];
  expected: {
    requests: Message[][];
    prediction: Record<string, unknown> | null;
    error: { type: string; message: string } | null;
    signatures: Record<
      "generate" | "regenerate" | "answer",
      { instructions: string; fields: { name: string; role: string; desc: string; prefix: string }[] }
    >;
    parameters: string[];
  };
}

const golden = JSON.parse(
  readFileSync(new URL("./__fixtures__/program-of-thought-golden.json", import.meta.url), "utf8"),
) as { scenarios: Scenario[] };

describe("ProgramOfThought matches DSPy 3.4.1 (golden scenarios, real Pyodide)", () => {
  const interpreter = new PythonInterpreter();
  beforeAll(() => interpreter.start(), 120_000);
  afterAll(() => interpreter.shutdown());

  for (const scenario of golden.scenarios) {
    it(scenario.id, async () => {
      const adapter = new ChatAdapter();
      const lm = new DummyLM(scenario.answers, { adapter });
      const pot = new ProgramOfThought(new Signature(scenario.signature, scenario.instructions), {
        maxIters: scenario.max_iters ?? 3,
      });
      const modules = { generate: pot.code_generate, regenerate: pot.code_regenerate, answer: pot.generate_output };
      for (const [mode, expected] of Object.entries(scenario.expected.signatures)) {
        const signature = modules[mode as keyof typeof modules].predict.signature;
        expect(signature.instructions).toBe(expected.instructions);
        expect(signature.fields.map(({ name, role, desc, prefix }) => ({ name, role, desc, prefix }))).toEqual(
          expected.fields,
        );
      }
      expect(pot.namedPredictors().map(([name]) => name)).toEqual(scenario.expected.parameters);

      let prediction: Record<string, unknown> | null = null;
      let error: unknown = null;
      await context({ lm, adapter }, async () => {
        try {
          prediction = (await pot.call(scenario.inputs, { interpreter })).toDict();
        } catch (caught) {
          error = caught;
        }
      });
      expect(lm.history.map((call) => call.messages)).toEqual(scenario.expected.requests);
      if (scenario.expected.error) {
        expect(error).toBeInstanceOf(DSPyError);
        expect((error as DSPyError).pythonType).toBe(scenario.expected.error.type);
        expect((error as DSPyError).message).toBe(scenario.expected.error.message);
      } else {
        expect(error).toBeNull();
        expect(prediction).toEqual(scenario.expected.prediction);
      }
    }, 60_000);
  }
});
