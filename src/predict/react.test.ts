import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DSPyError } from "../errors/dspy-error.js";
import { ContextWindowExceededError } from "../errors/lm-errors.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Tool } from "../primitives/tool.js";
import { DummyLM } from "../test/dummy-lm.js";
import { ReAct } from "./react.js";
import { context } from "./settings.js";

const step = (thought: string, name: string, args: Record<string, unknown>) => ({
  next_thought: thought,
  next_tool_name: name,
  next_tool_args: args,
});

const add = new Tool(({ a, b }: { a: number; b: number }) => a + b, {
  name: "add",
  args: z.object({ a: z.number().int(), b: z.number().int().default(2) }),
});

function quiet() {
  const warnings: string[] = [];
  return { warnings, logger: { warn: (message: string) => warnings.push(message) } };
}

describe("ReAct construction", () => {
  it("names its predictors as DSPy does (react, extract.predict)", () => {
    const agent = new ReAct("question -> answer", { tools: [add] });
    expect(agent.namedPredictors().map(([name]) => name)).toEqual(["react", "extract.predict"]);
    expect(Object.keys(agent.dumpState())).toEqual(["react", "extract.predict"]);
  });

  it("replaces a user tool named finish in its place, as assigning to a Python dict key does", () => {
    const userFinish = new Tool(() => "mine", { name: "finish", args: {} });
    const agent = new ReAct("q -> a", { tools: [userFinish, add] });
    expect(Object.keys(agent.tools)).toEqual(["finish", "add"]);
    expect(agent.tools.finish).not.toBe(userFinish);
    const lines = agent.react.signature.instructions.split("\n");
    expect(lines.at(-3)).toMatch(/^\(1\) finish, whose description is <desc>Marks the task as complete/);
    expect(lines.at(-2)).toMatch(/^\(2\) add\. It takes arguments/);
  });

  it("types next_tool_name as a Literal of the tool names and puts trajectory after the outputs in extract", () => {
    const agent = new ReAct("question, context -> answer, confidence: float", { tools: [add] });
    expect(agent.react.signature.field("next_tool_name")?.type).toEqual({ kind: "literal", values: ["add", "finish"] });
    expect(agent.react.signature.fields.map((field) => field.name)).toEqual([
      "question",
      "context",
      "trajectory",
      "next_thought",
      "next_tool_name",
      "next_tool_args",
    ]);
    expect(agent.extract.predict.signature.fields.map((field) => field.name)).toEqual([
      "question",
      "context",
      "trajectory",
      "reasoning",
      "answer",
      "confidence",
    ]);
  });

  it("wraps a plain function as a tool without arguments", async () => {
    const now = () => "noon";
    const agent = new ReAct("question -> answer", { tools: [now] });
    expect(String(agent.tools.now)).toBe("now. It takes arguments {}.");
    const lm = new DummyLM([step("Time?", "now", {}), step("Done.", "finish", {}), { reasoning: "r", answer: "noon" }]);
    const prediction = await context({ lm }, () => agent.call({ question: "When?" }));
    expect(prediction.get("trajectory")).toMatchObject({ observation_0: "noon" });
  });
});

describe("ReAct runs", () => {
  it("with maxIters 0 goes straight to extraction", async () => {
    const lm = new DummyLM([{ reasoning: "none", answer: "x" }]);
    const agent = new ReAct("question -> answer", { tools: [add], maxIters: 0 });
    const prediction = await context({ lm }, () => agent.call({ question: "?" }));
    expect(prediction.toDict()).toEqual({ trajectory: {}, reasoning: "none", answer: "x" });
    expect(lm.history).toHaveLength(1);
  });

  it("ends the loop on a Python-ValueError failure, then lets extraction raise it (no LM configured)", async () => {
    const { warnings, logger } = quiet();
    const agent = new ReAct("question -> answer", { tools: [add], logger });
    const error = await context({ lm: undefined }, () => agent.call({ question: "?" })).catch((caught) => caught);
    expect(error).toBeInstanceOf(DSPyError);
    expect((error as DSPyError).message).toMatch(/^No LM is loaded/);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Ending the trajectory: Agent failed to select a valid tool: \nValueError: No LM is loaded/,
    );
  });

  it("raises when even extraction overflows after three truncations", async () => {
    const overflowing: BaseLM = {
      model: "dummy",
      kwargs: {},
      supportedParams: new Set(),
      supportsResponseSchema: false,
      call: async (): Promise<LMOutput[]> => {
        throw new ContextWindowExceededError();
      },
    };
    const { warnings, logger } = quiet();
    const agent = new ReAct("question -> answer", { tools: [add], logger });
    const error = await context({ lm: overflowing }, () => agent.call({ question: "?" })).catch((caught) => caught);
    expect(error).toBeInstanceOf(ContextWindowExceededError);
    // An empty trajectory cannot be truncated: the first overflow of extraction already gives up.
    expect((error as Error).message).toBe(
      "The trajectory is too long so your prompt exceeded the context window, but the trajectory cannot be truncated because it only has one tool call.",
    );
    expect(warnings[0]).toMatch(/^Trajectory exceeded the context window/);
    expect(warnings[1]).toMatch(/^Ending the trajectory: \nContextWindowExceededError: The trajectory is too long/);
  });

  it("stops at once when the signal aborts during a tool call, without turning it into an observation", async () => {
    const controller = new AbortController();
    const slow = new Tool(
      (_args: unknown, { signal }) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason));
          controller.abort(new Error("cancelled by caller"));
        }),
      { name: "slow", args: {} },
    );
    const lm = new DummyLM([step("Wait.", "slow", {}), step("Done.", "finish", {}), { reasoning: "r", answer: "a" }]);
    const agent = new ReAct("question -> answer", { tools: [slow] });
    await expect(context({ lm }, () => agent.call({ question: "?" }, { signal: controller.signal }))).rejects.toThrow(
      "cancelled by caller",
    );
    expect(lm.history).toHaveLength(1);
  });

  it("passes the signal to every LM request", async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const inner = new DummyLM([step("Done.", "finish", {}), { reasoning: "r", answer: "a" }]);
    const lm: BaseLM = {
      model: "dummy",
      kwargs: inner.kwargs,
      supportedParams: inner.supportedParams,
      supportsResponseSchema: false,
      call: (messages: Message[], kwargs, options) => {
        signals.push(options?.signal);
        return inner.call(messages, kwargs);
      },
    };
    const controller = new AbortController();
    await context({ lm }, () =>
      new ReAct("question -> answer", { tools: [add] }).call({ question: "?" }, { signal: controller.signal }),
    );
    expect(signals).toEqual([controller.signal, controller.signal]);
  });

  it("truncateTrajectory drops the oldest step in place", () => {
    const agent = new ReAct("question -> answer", { tools: [add] });
    const trajectory = { thought_0: "a", tool_name_0: "add", tool_args_0: {}, observation_0: 1, thought_1: "b" };
    expect(agent.truncateTrajectory(trajectory)).toBe(trajectory);
    expect(trajectory).toEqual({ thought_1: "b" });
    expect(() => agent.truncateTrajectory(trajectory)).toThrow(ContextWindowExceededError);
  });
});
