import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LMTransportError } from "../errors/lm-errors.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { PythonInterpreter } from "../primitives/python-interpreter.js";
import { Tool } from "../primitives/tool.js";
import { DummyLM } from "../test/dummy-lm.js";
import { RLM } from "./rlm.js";
import { context } from "./settings.js";

/** A sub-LM answering each prompt from a function; a thrown error fails that call. */
class FunctionLM implements BaseLM {
  readonly model = "sub";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  readonly prompts: string[] = [];

  constructor(private readonly answer: (prompt: string) => string) {}

  async call(messages: Message[]): Promise<LMOutput[]> {
    const prompt = String(messages[0]?.content);
    this.prompts.push(prompt);
    return [{ text: this.answer(prompt) }];
  }
}

function step(reasoning: string, code: string) {
  return { reasoning, code };
}

/** Real Pyodide interpreters, remembered so the test can check they were shut down. */
function trackedFactory() {
  const created: PythonInterpreter[] = [];
  const factory = Object.assign(
    () => {
      const interpreter = new PythonInterpreter();
      created.push(interpreter);
      return interpreter;
    },
    { executionInstructions: new PythonInterpreter().executionInstructions },
  );
  return { factory, created };
}

const quiet = { info: () => {}, warn: () => {} };

/**
 * One started Pyodide interpreter shared by several runs (each run "shuts down" only its view),
 * so the suite pays for one start instead of one per test.
 */
function sharedFactory(shared: PythonInterpreter) {
  const view = (): PythonInterpreter =>
    Object.create(shared, {
      shutdown: { value: async () => {} },
      execute: { value: shared.execute.bind(shared) },
      start: { value: shared.start.bind(shared) },
      outputFields: {
        get: () => shared.outputFields,
        set: (fields) => {
          shared.outputFields = fields;
        },
      },
    });
  return Object.assign(view, { executionInstructions: shared.executionInstructions });
}

// Each run starts a fresh Pyodide interpreter, which takes seconds on a loaded machine.
describe("RLM on the real Pyodide interpreter", { timeout: 120_000 }, () => {
  const shared = new PythonInterpreter();
  beforeAll(() => shared.start(), 120_000);
  afterAll(() => shared.shutdown());

  it("explores the input in Python, asks a sub-LM, and returns the SUBMITted value", async () => {
    const text = `${"Filler. ".repeat(200)}The magic number is 42.`;
    const lm = new DummyLM([
      step("Look at the data.", "```python\nprint(len(context))\nprint(context[-23:])\n```"),
      step("Ask.", "```python\nfound = llm_query('Find the number in: ' + context[-23:])\nprint(found)\n```"),
      step("Submit.", "SUBMIT(answer=found.strip())"),
    ]);
    const subLm = new FunctionLM((prompt) => (prompt.includes("42") ? " 42 " : "none"));
    const { factory, created } = trackedFactory();
    const rlm = new RLM("context, query -> answer", { subLm, interpreterFactory: factory, logger: quiet });
    const prediction = await context({ lm }, () => rlm.call({ context: text, query: "What is the magic number?" }));

    expect(prediction.get("answer")).toBe("42");
    const trajectory = prediction.get("trajectory") as { code: string; output: string }[];
    expect(trajectory.map((entry) => entry.output)).toEqual([
      "1623\nThe magic number is 42.\n",
      " 42 \n",
      "FINAL: {'answer': '42'}",
    ]);
    expect(trajectory[0]?.code).toBe("print(len(context))\nprint(context[-23:])");
    expect(subLm.prompts).toEqual(["Find the number in: The magic number is 42."]);
    expect(prediction.get("final_reasoning")).toBe("Submit.");
    // The action prompt describes the interpreter in use.
    const system = lm.history[0]?.messages[0]?.content as string;
    // (The system message indents the instructions by eight spaces.)
    expect(system).toContain(`Execution environment:\n        ${created[0]?.executionInstructions}\n`);
    expect(system).not.toContain("Sub-agents (dspy)");
    // The interpreter was shut down: it refuses to run again.
    await expect(created[0]?.execute("1")).rejects.toThrow();
  });

  it("enforces max_llm_calls across llm_query and llm_query_batched, parses typed SUBMITs and keeps state", async () => {
    const lm = new DummyLM([
      step("Batch.", "labels = llm_query_batched([f'Label {n}' for n in numbers])\nprint(labels)"),
      step("One more.", "print(llm_query('again'))"),
      step("Wrong type.", "SUBMIT(total='many', labels=labels)"),
      step("Submit.", "SUBMIT(total=sum(numbers), labels=labels)"),
    ]);
    const subLm = new FunctionLM((prompt) => prompt.toUpperCase());
    const rlm = new RLM("numbers: list[int] -> total: int, labels: list[str]", {
      subLm,
      maxLlmCalls: 3,
      interpreterFactory: sharedFactory(shared),
      logger: quiet,
    });
    const prediction = await context({ lm }, () => rlm.call({ numbers: [1, 2, 3] }));

    const outputs = (prediction.get("trajectory") as { output: string }[]).map((entry) => entry.output);
    expect(outputs[0]).toBe("['LABEL 1', 'LABEL 2', 'LABEL 3']\n");
    expect(outputs[1]).toMatch(
      /^\[Error\] [\s\S]*LLM call limit exceeded: 3 \+ 1 > 3\. Use Python code for aggregation/,
    );
    expect(outputs[2]).toMatch(/^\[Type Error\] total: expected int, got str: 1 validation error for int/);
    expect(prediction.get("total")).toBe(6);
    expect(prediction.get("labels")).toEqual(["LABEL 1", "LABEL 2", "LABEL 3"]);
    expect(subLm.prompts).toHaveLength(3);
  });

  it("turns a failing sub-LM call in a batch into an [ERROR] answer and calls user tools", async () => {
    const lm = new DummyLM([
      step("Batch.", "print(llm_query_batched(['ok', 'fail']))\nprint(lookup(key='magic'))"),
      step("Submit.", "SUBMIT(answer='done')"),
    ]);
    const subLm = new FunctionLM((prompt) => {
      if (prompt === "fail") throw new LMTransportError("connection reset");
      return "fine";
    });
    const lookup = new Tool(({ key }: { key: string }) => (key === "magic" ? "42" : "unknown"), {
      name: "lookup",
      description: "Look a key up.",
      args: { key: { type: "string" } },
    });
    const rlm = new RLM("question -> answer", {
      subLm,
      tools: [lookup],
      interpreterFactory: sharedFactory(shared),
      logger: quiet,
    });
    const prediction = await context({ lm }, () => rlm.call({ question: "?" }));
    const outputs = (prediction.get("trajectory") as { output: string }[]).map((entry) => entry.output);
    expect(outputs[0]).toBe("['fine', '[ERROR] connection reset']\n42\n");
    expect(lm.history[0]?.messages[0]?.content).toContain(
      "Additional tools available (use these instead of standard library equivalents):\n        - `lookup(key: string)` - Look a key up.",
    );
  });

  it("cuts long outputs to max_output_chars in the prompt, then extracts when the iterations run out", async () => {
    const lm = new DummyLM([
      step("Print a lot.", "print('x' * 5000)"),
      step("Print nothing.", "y = 1"),
      { answer: "extracted" },
    ]);
    const warnings: string[] = [];
    const rlm = new RLM("question -> answer", {
      maxIters: 2,
      maxOutputChars: 100,
      interpreterFactory: sharedFactory(shared),
      logger: { info: () => {}, warn: (message) => warnings.push(message) },
    });
    const prediction = await context({ lm }, () => rlm.call({ question: "?" }));
    expect(prediction.get("answer")).toBe("extracted");
    expect(prediction.get("final_reasoning")).toBe("Extract forced final output");
    const outputs = (prediction.get("trajectory") as { output: string }[]).map((entry) => entry.output);
    expect(outputs).toEqual([`${"x".repeat(5000)}\n`, "(no output - did you forget to print?)"]);
    const extractPrompt = lm.history[2]?.messages.at(-1)?.content as string;
    expect(extractPrompt).toContain(
      `Output (5,001 chars):\n${"x".repeat(50)}\n\n... (4,901 characters omitted) ...\n\n${"x".repeat(49)}\n`,
    );
    expect(warnings).toEqual(["RLM reached max iterations, using extract to get final output"]);
  });

  it("names its predictors as DSPy does, so saved programs load in both directions", () => {
    expect(new RLM("a -> b").namedPredictors().map(([name]) => name)).toEqual(["generate_action", "extract"]);
  });

  it("refuses bad tool names, reserved inputs and missing inputs with DSPy's messages", async () => {
    const tool = (name: string) => new Tool(() => 1, { name, args: {} });
    expect(() => new RLM("a -> b", { tools: [tool("llm_query")] })).toThrow(
      "Tool name 'llm_query' conflicts with built-in sandbox function",
    );
    expect(() => new RLM("a -> b", { tools: [tool("not valid")] })).toThrow("Invalid tool name 'not valid'");
    expect(() => new RLM("print -> b")).toThrow("Input fields conflict with built-in sandbox functions: ['print']");
    expect(() => new RLM("a -> trajectory")).toThrow("Output fields conflict with RLM result metadata: ['trajectory']");
    const rlm = new RLM("a, b -> c", { interpreterFactory: trackedFactory().factory });
    await expect(rlm.call({ a: 1 })).rejects.toThrow("Missing required inputs: ['b']");
    await expect(rlm.call({ a: 1, b: 2, z: 3 })).rejects.toThrow(
      "Unexpected inputs not declared in the signature: ['z']",
    );
  });
});
