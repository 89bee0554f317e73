import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import type { Message } from "../adapters/message.js";
import type { BaseLM, LMCallOptions, LMOutput } from "../lm/base-lm.js";
import { Tool } from "../primitives/tool.js";
import { Signature } from "../signatures/signature.js";
import { DummyLM } from "../test/dummy-lm.js";
import { type ExecuteLog, ScriptedInterpreter, type ScriptStep } from "./__fixtures__/scripted-interpreter.js";
import { RLM } from "./rlm.js";
import { context } from "./settings.js";

// Expected values come from real DSPy 3.4.1 (scripts/oracle/make_code_agents_fixtures.py).
interface Scenario {
  id: string;
  described_factory?: boolean;
  signature: string;
  instructions?: string;
  inputs: Record<string, unknown>;
  options: { max_iters?: number; max_output_chars?: number; max_llm_calls?: number };
  tools?: string[];
  answers: Record<string, unknown>[];
  sub_lm?: string[];
  script: ScriptStep[];
  expected: {
    requests: Message[][];
    sub_prompts: string[];
    interpreter: (ExecuteLog | "shutdown")[];
    prediction: Record<string, unknown>;
  };
}

const golden = JSON.parse(readFileSync(new URL("./__fixtures__/code-agents-golden.json", import.meta.url), "utf8")) as {
  rlm: Scenario[];
};

// The oracle's `lookup` function.
const lookup = new Tool(({ key }: { key: string }) => ({ magic: "42" })[key] ?? "unknown", {
  name: "lookup",
  description: "Look a key up in the catalogue.",
  args: { key: { type: "string" } },
});

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

/** The oracle's sub-LM: each prompt gets the next scripted text. */
class TextLM implements BaseLM {
  readonly model = "sub";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  readonly prompts: string[] = [];

  constructor(private readonly texts: string[]) {}

  async call(messages: Message[]): Promise<LMOutput[]> {
    this.prompts.push(String(messages[0]?.content));
    return [{ text: this.texts.shift() ?? null }];
  }
}

describe("RLM matches DSPy 3.4.1 (golden scenarios)", () => {
  for (const scenario of golden.rlm) {
    it(scenario.id, async () => {
      const adapter = new ChatAdapter();
      const lm = new RecordingLM(new DummyLM(scenario.answers, { adapter }));
      const subLm = new TextLM([...(scenario.sub_lm ?? [])]);
      const interpreter = new ScriptedInterpreter(scenario.script);
      const rlm = new RLM(new Signature(scenario.signature, scenario.instructions), {
        ...(scenario.options.max_iters === undefined ? {} : { maxIters: scenario.options.max_iters }),
        ...(scenario.options.max_output_chars === undefined
          ? {}
          : { maxOutputChars: scenario.options.max_output_chars }),
        ...(scenario.options.max_llm_calls === undefined ? {} : { maxLlmCalls: scenario.options.max_llm_calls }),
        tools: (scenario.tools ?? []).map(() => lookup),
        subLm,
        interpreterFactory: scenario.described_factory
          ? Object.assign(() => interpreter, { executionInstructions: interpreter.executionInstructions })
          : () => interpreter,
        logger: { info: () => {}, warn: () => {} },
      });
      const prediction = await context({ lm, adapter }, () => rlm.call(scenario.inputs));

      expect(lm.requests).toEqual(scenario.expected.requests);
      expect(subLm.prompts).toEqual(scenario.expected.sub_prompts);
      expect(interpreter.log).toEqual(scenario.expected.interpreter);
      expect(prediction.toDict()).toEqual(scenario.expected.prediction);
      expect(JSON.stringify(prediction.toDict())).toBe(JSON.stringify(scenario.expected.prediction));
    });
  }
});

describe("RLM runs end cleanly", () => {
  const scenario = golden.rlm[0] as Scenario;

  it("shuts its interpreter down when the run is aborted, and logs steps only when verbose", async () => {
    const adapter = new ChatAdapter();
    const controller = new AbortController();
    const interpreter = new ScriptedInterpreter(scenario.script);
    const info: string[] = [];
    const lm: BaseLM = {
      model: "dummy",
      kwargs: {},
      supportedParams: new Set(),
      supportsResponseSchema: false,
      async call(messages, kwargs) {
        const outputs = await new DummyLM(scenario.answers, { adapter }).call(messages, kwargs);
        controller.abort(new Error("stop"));
        return outputs;
      },
    };
    const rlm = new RLM(new Signature(scenario.signature), {
      subLm: new TextLM([]),
      interpreterFactory: () => interpreter,
      verbose: true,
      logger: { info: (message) => info.push(message), warn: () => {} },
    });
    await expect(
      context({ lm, adapter }, () => rlm.call(scenario.inputs, { signal: controller.signal })),
    ).rejects.toThrow("stop");
    expect(interpreter.log.at(-1)).toBe("shutdown");
    expect(info[0]).toMatch(/^RLM iteration 1\/20\nReasoning: Look at the data first\./);
  });
});

describe("RLM interpreters", () => {
  it("uses the interpreterFactory setting when the module has none", async () => {
    const scenario = golden.rlm[2] as Scenario;
    const adapter = new ChatAdapter();
    const interpreter = new ScriptedInterpreter(scenario.script);
    const lm = new RecordingLM(new DummyLM(scenario.answers, { adapter }));
    const prediction = await context({ lm, adapter, interpreterFactory: () => interpreter }, () => {
      const rlm = new RLM(new Signature(scenario.signature), {
        maxIters: 3,
        tools: [lookup],
        subLm: new TextLM([...(scenario.sub_lm ?? [])]),
        logger: { info: () => {}, warn: () => {} },
      });
      return rlm.call(scenario.inputs);
    });
    expect(lm.requests).toEqual(scenario.expected.requests);
    expect(JSON.stringify(prediction.toDict())).toBe(JSON.stringify(scenario.expected.prediction));
    expect(interpreter.log.at(-1)).toBe("shutdown");
  });
});
