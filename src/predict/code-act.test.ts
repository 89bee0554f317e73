import { describe, expect, it } from "vitest";
import { PythonInterpreter } from "../primitives/python-interpreter.js";
import { Tool } from "../primitives/tool.js";
import { DummyLM } from "../test/dummy-lm.js";
import { CodeAct } from "./code-act.js";
import { context } from "./settings.js";

const factorial = new Tool(
  ({ n }: { n: number }) => Array.from({ length: n }, (_, i) => i + 1).reduce((a, b) => a * b, 1),
  { name: "factorial", description: "Compute n factorial.", args: { n: { type: "integer" } } },
);

describe("CodeAct", () => {
  it("names its predictors as DSPy does, so saved programs load in both directions", () => {
    const act = new CodeAct("a -> b", { tools: [factorial], logger: { warn: () => {} } });
    expect(act.namedPredictors().map(([name]) => name)).toEqual(["codeact", "extractor.predict"]);
  });
});

// Starting Pyodide takes seconds on a loaded machine.
describe("CodeAct on the real Pyodide interpreter", { timeout: 120_000 }, () => {
  it("runs the generated code with the tools callable from Python, then extracts the answer", async () => {
    const lm = new DummyLM([
      { generated_code: "```python\nvalue = factorial(n=5)\nprint(value)\n```", finished: false },
      { generated_code: "```python\nprint(undefined_name)\n```", finished: false },
      { generated_code: "```python\nresult = value // 2\n```", finished: true },
      { reasoning: "5! is 120.", factorial: 120 },
    ]);
    const interpreter = new PythonInterpreter();
    try {
      const act = new CodeAct("n: int -> factorial: int", { tools: [factorial], logger: { warn: () => {} } });
      const prediction = await context({ lm }, () => act.call({ n: 5 }, { interpreter }));
      expect(prediction.get("factorial")).toBe(120);
      const trajectory = prediction.get("trajectory") as Record<string, string>;
      expect(trajectory.generated_code_0).toBe("value = factorial(n=5)\nprint(value)");
      expect(trajectory.code_output_0).toBe('"120\\n"');
      expect(trajectory.observation_1).toMatch(/^Failed to execute the generated code: .*NameError/s);
      // A trailing assignment is echoed so its value is the result.
      expect(trajectory.generated_code_2).toBe("result = value // 2\nresult");
      expect(trajectory.code_output_2).toBe("60");
      // A caller-owned interpreter stays usable after the run.
      expect(await interpreter.execute("value")).toBe(120);
    } finally {
      await interpreter.shutdown();
    }
  });
});
