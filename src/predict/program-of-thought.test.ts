import { describe, expect, it } from "vitest";
import { CodeInterpreterError, CodeTimeoutError } from "../errors/code-interpreter-errors.js";
import { DSPyError } from "../errors/dspy-error.js";
import {
  type CodeInterpreter,
  type CodeInterpreterResult,
  FinalOutput,
  type InterpreterOutputField,
  type InterpreterTool,
} from "../primitives/code-interpreter.js";
import { DummyLM } from "../test/dummy-lm.js";
import { ProgramOfThought } from "./program-of-thought.js";
import { parseGeneratedCode } from "./program-of-thought-code.js";
import { context } from "./settings.js";

/** Returns scripted results in order and records what it ran and whether it was shut down. */
class ScriptedInterpreter implements CodeInterpreter {
  readonly tools = new Map<string, InterpreterTool>();
  outputFields: InterpreterOutputField[] | undefined;
  readonly executionInstructions = "scripted";
  readonly ran: string[] = [];
  shutdowns = 0;
  constructor(private readonly results: (CodeInterpreterResult | Error)[]) {}
  async start(): Promise<void> {}
  async execute(code: string): Promise<CodeInterpreterResult> {
    this.ran.push(code);
    const next = this.results.shift();
    if (next instanceof Error) throw next;
    return next ?? null;
  }
  async shutdown(): Promise<void> {
    this.shutdowns += 1;
  }
}

const step = (code: string) => ({ reasoning: "r", generated_code: code });

describe("parseGeneratedCode (DSPy's _parse_code)", () => {
  it.each([
    ["```python\nx = 6 * 7\n```", ["x = 6 * 7\nx", null]],
    ["print(1)\n---\nexplanation", ["print(1)\n", null]],
    ["a = 1\n\n\nb = 2", ["a = 1\na", null]],
    ["a = b = 1", ["a = b = 1", "Error: Code format is not correct."]],
    ["```python\n\n```", ["```python\n\n```", "Error: Empty code after parsing."]],
    [undefined, ["", "Error: Empty code after parsing."]],
    ["  été = 1  ", ["  été = 1  \nété", null]],
  ])("%j", (input, expected) => {
    expect(parseGeneratedCode(input)).toEqual(expected);
  });
});

describe("ProgramOfThought", () => {
  it("creates one interpreter per call from the interpreterFactory setting and shuts it down", async () => {
    const made: ScriptedInterpreter[] = [];
    const lm = new DummyLM([step("SUBMIT({'answer': 'ü'})"), { reasoning: "r", answer: "ü" }]);
    const pot = new ProgramOfThought("question -> answer");
    const factory = () => {
      const interpreter = new ScriptedInterpreter([new FinalOutput({ output: { answer: "ü" } })]);
      made.push(interpreter);
      return interpreter;
    };
    const prediction = await context({ lm, interpreterFactory: factory }, () => pot.call({ question: "q" }));
    expect(prediction.get("answer")).toBe("ü");
    expect(made).toHaveLength(1);
    expect(made[0]?.shutdowns).toBe(1);
    // json.dumps escapes non-ASCII, as DSPy's default ensure_ascii=True does.
    expect(JSON.stringify(lm.history[1]?.messages)).toContain('{\\"output\\": {\\"answer\\": \\"\\\\u00fc\\"}}');
  });

  it("feeds a timeout back to the LM like any execution error", async () => {
    const interpreter = new ScriptedInterpreter([
      new CodeTimeoutError("TimeoutError: the code ran longer than 10 ms and was interrupted", { timeoutMs: 10 }),
      "done\n",
    ]);
    const lm = new DummyLM([step("while True: pass"), step("print('done')"), { reasoning: "r", answer: "ok" }]);
    const pot = new ProgramOfThought("question -> answer", { interpreterFactory: () => interpreter });
    await context({ lm }, () => pot.call({ question: "q" }));
    expect(lm.history[1]?.messages.at(-1)?.content).toContain(
      "[[ ## error ## ]]\nTimeoutError: the code ran longer than 10 ms and was interrupted",
    );
    expect(interpreter.ran).toEqual(["while True: pass", "print('done')"]);
    expect(interpreter.shutdowns).toBe(1);
  });

  it("lets sandbox failures escape and still shuts the interpreter down", async () => {
    const interpreter = new ScriptedInterpreter([new CodeInterpreterError("sandbox broke")]);
    const lm = new DummyLM([step("1 + 1")]);
    const pot = new ProgramOfThought("question -> answer", { interpreterFactory: () => interpreter });
    await expect(context({ lm }, () => pot.call({ question: "q" }))).rejects.toBeInstanceOf(CodeInterpreterError);
    expect(interpreter.shutdowns).toBe(1);
  });

  it("leaves a caller-owned interpreter running", async () => {
    const interpreter = new ScriptedInterpreter([42]);
    const lm = new DummyLM([step("6 * 7"), { reasoning: "r", answer: "42" }]);
    const pot = new ProgramOfThought("question -> answer");
    await context({ lm }, () => pot.call({ question: "q" }, { interpreter }));
    expect(interpreter.shutdowns).toBe(0);
  });

  it("refuses a maxIters below 1 instead of looping forever", () => {
    expect(() => new ProgramOfThought("q -> a", { maxIters: 0 })).toThrow(DSPyError);
  });
});
