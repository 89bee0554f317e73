import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LM } from "../lm/lm.js";
import { Tool } from "../primitives/tool.js";
import { DummyLM } from "../test/dummy-lm.js";
import type { BaseCallback } from "../utils/callback.js";
import { BestOfN } from "./best-of-n.js";
import { ChainOfThought } from "./chain-of-thought.js";
import { ReAct } from "./react.js";
import { context } from "./settings.js";

/**
 * Records hooks as `kind start|end #n`, numbering call ids in order of appearance and naming the
 * module or tool class at each start — the same trace tests/oracle scripts print for DSPy.
 */
function recorder() {
  const events: string[] = [];
  const ids = new Map<string, number>();
  const id = (callId: string) => {
    if (!ids.has(callId)) ids.set(callId, ids.size);
    return ids.get(callId);
  };
  const start = (kind: string) => (callId: string, instance: unknown) => {
    const name =
      kind === "module"
        ? ` ${(instance as object).constructor.name}`
        : kind === "tool"
          ? ` ${(instance as Tool).name}`
          : "";
    events.push(`${kind}_start${name} #${id(callId)}`);
  };
  const end = (kind: string) => (callId: string) => events.push(`${kind}_end #${id(callId)}`);
  const callback: BaseCallback = {
    onModuleStart: start("module"),
    onModuleEnd: end("module"),
    onLmStart: start("lm"),
    onLmEnd: end("lm"),
    onAdapterFormatStart: start("format"),
    onAdapterFormatEnd: end("format"),
    onAdapterParseStart: start("parse"),
    onAdapterParseEnd: end("parse"),
    onToolStart: start("tool"),
    onToolEnd: end("tool"),
  };
  return { events, callback };
}

// One predictor call, as DSPy 3.4.1 fires it: module, format, LM, parse.
const predictCall = (first: number) => [
  `module_start Predict #${first}`,
  `format_start #${first + 1}`,
  `format_end #${first + 1}`,
  `lm_start #${first + 2}`,
  `lm_end #${first + 2}`,
  `parse_start #${first + 3}`,
  `parse_end #${first + 3}`,
  `module_end #${first}`,
];

describe("callbacks through composite modules", () => {
  it("nest a ChainOfThought's Predict call inside its own module call, as DSPy 3.4.1 does", async () => {
    // DSPy 3.4.1, DummyLM, dspy.ChainOfThought("question -> answer")(question="2+2?") with a logging callback.
    const { events, callback } = recorder();
    const lm = new DummyLM([{ reasoning: "r", answer: "4" }]);
    await context({ lm, callbacks: [callback] }, () =>
      new ChainOfThought("question -> answer").call({ question: "2+2?" }),
    );
    expect(events).toEqual(["module_start ChainOfThought #0", ...predictCall(1), "module_end #0"]);
  });

  it("nest ReAct's steps, tool calls and extraction inside its module call, as DSPy 3.4.1 does", async () => {
    // DSPy 3.4.1: dspy.ReAct("question -> answer", tools=[add]) over DummyLM, a step calling add,
    // a step calling finish, then the extraction.
    const add = new Tool(({ a, b }: { a: number; b: number }) => a + b, {
      name: "add",
      args: z.object({ a: z.number().int(), b: z.number().int() }),
    });
    const lm = new DummyLM([
      { next_thought: "use add", next_tool_name: "add", next_tool_args: { a: 2, b: 2 } },
      { next_thought: "done", next_tool_name: "finish", next_tool_args: {} },
      { reasoning: "r", answer: "4" },
    ]);
    const { events, callback } = recorder();
    const agent = new ReAct("question -> answer", { tools: [add] });
    await context({ lm, callbacks: [callback] }, () => agent.call({ question: "2+2?" }));
    expect(events).toEqual([
      "module_start ReAct #0",
      ...predictCall(1),
      "tool_start add #5",
      "tool_end #5",
      ...predictCall(6),
      "tool_start finish #10",
      "tool_end #10",
      "module_start ChainOfThought #11",
      ...predictCall(12),
      "module_end #11",
      "module_end #0",
    ]);
  });

  it("record the LM calls in every enclosing module's history and attach usage once, at the top", async () => {
    const model = new MockLanguageModelV4({
      provider: "openai.chat",
      modelId: "gpt-4o-mini",
      doGenerate: async () => ({
        content: [{ type: "text", text: "[[ ## reasoning ## ]]\nr\n\n[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]" }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
        warnings: [],
      }),
    });
    const lm = new LM(model, { cache: false });
    const cot = new ChainOfThought("question -> answer");
    const best = new BestOfN({ module: cot, N: 1, rewardFn: () => 1, threshold: 1 });
    const prediction = await context({ lm, trackUsage: true }, () => best.call({ question: "2+2?" }));
    expect(prediction?.get("answer")).toBe("4");
    // BestOfN runs a copy of the ChainOfThought, so the LM call shows in BestOfN's history only.
    expect(best.history.length).toBe(1);
    expect(prediction?.getLmUsage()).toEqual({
      "openai/gpt-4o-mini": expect.objectContaining({ prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 }),
    });
  });
});
