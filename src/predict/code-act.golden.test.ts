import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import type { Message } from "../adapters/message.js";
import type { BaseLM, LMCallOptions, LMOutput } from "../lm/base-lm.js";
import { Tool } from "../primitives/tool.js";
import { Signature } from "../signatures/signature.js";
import { DummyLM } from "../test/dummy-lm.js";
import { type ExecuteLog, ScriptedInterpreter, type ScriptStep } from "./__fixtures__/scripted-interpreter.js";
import { CodeAct } from "./code-act.js";
import { context } from "./settings.js";

// Expected values come from real DSPy 3.4.1 (scripts/oracle/make_code_agents_fixtures.py).
interface Scenario {
  id: string;
  signature: string;
  instructions?: string;
  inputs: Record<string, unknown>;
  options: { max_iters?: number };
  answers: Record<string, unknown>[];
  script: ScriptStep[];
  expected: { requests: Message[][]; interpreter: (ExecuteLog | "shutdown")[]; prediction: Record<string, unknown> };
}

const golden = JSON.parse(readFileSync(new URL("./__fixtures__/code-agents-golden.json", import.meta.url), "utf8")) as {
  code_act: Scenario[];
};

// The oracle's `factorial(n: int) -> int` function.
const factorial = new Tool(
  ({ n }: { n: number }) => Array.from({ length: n }, (_, i) => i + 1).reduce((a, b) => a * b, 1),
  {
    name: "factorial",
    description: "Compute n factorial.",
    args: { n: { type: "integer" } },
  },
);

class RecordingLM implements BaseLM {
  readonly model = "dummy";
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly supportedParams: ReadonlySet<string>;
  readonly supportsResponseSchema = false;
  readonly requests: Message[][] = [];

  constructor(private readonly inner: DummyLM) {
    this.kwargs = inner.kwargs;
    this.supportedParams = inner.supportedParams;
  }

  async call(messages: Message[], kwargs: Record<string, unknown>, _options?: LMCallOptions): Promise<LMOutput[]> {
    this.requests.push(structuredClone(messages));
    return this.inner.call(messages, kwargs);
  }
}

describe("CodeAct matches DSPy 3.4.1 (golden scenarios)", () => {
  for (const scenario of golden.code_act) {
    it(scenario.id, async () => {
      const adapter = new ChatAdapter();
      const lm = new RecordingLM(new DummyLM(scenario.answers, { adapter }));
      const interpreter = new ScriptedInterpreter(scenario.script);
      const warnings: string[] = [];
      const act = new CodeAct(new Signature(scenario.signature, scenario.instructions), {
        tools: [factorial],
        ...(scenario.options.max_iters === undefined ? {} : { maxIters: scenario.options.max_iters }),
        interpreterFactory: () => interpreter,
        logger: { warn: (message) => warnings.push(message) },
      });
      const prediction = await context({ lm, adapter }, () => act.call(scenario.inputs));

      expect(lm.requests).toEqual(scenario.expected.requests);
      // DSPy defines the tools by running their source in the sandbox; here they are host tools.
      const log = interpreter.log.map((entry) => (entry === "shutdown" ? entry : { ...entry, tools: [] }));
      expect(log).toEqual(scenario.expected.interpreter);
      expect(JSON.stringify(prediction.toDict())).toBe(JSON.stringify(scenario.expected.prediction));
      expect(warnings).toEqual(["CodeAct is deprecated and will be removed in 3.5. RLM is the preferred replacement."]);
      expect(interpreter.tools.get("factorial")).toBe(factorial);
    });
  }
});

describe("CodeAct interpreters", () => {
  it("uses the interpreterFactory setting when the module has none, and shuts its interpreter down", async () => {
    const scenario = golden.code_act[1] as Scenario;
    const adapter = new ChatAdapter();
    const interpreter = new ScriptedInterpreter(scenario.script);
    const act = new CodeAct(new Signature(scenario.signature, scenario.instructions), {
      tools: [factorial],
      maxIters: 2,
      logger: { warn: () => {} },
    });
    const lm = new DummyLM(scenario.answers, { adapter });
    const prediction = await context({ lm, adapter, interpreterFactory: () => interpreter }, () =>
      act.call(scenario.inputs),
    );
    expect(JSON.stringify(prediction.toDict())).toBe(JSON.stringify(scenario.expected.prediction));
    expect(interpreter.log.at(-1)).toBe("shutdown");
  });
});
