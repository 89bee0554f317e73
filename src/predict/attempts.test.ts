import { describe, expect, it } from "vitest";
import type { Adapter } from "../adapters/adapter.js";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import { Example } from "../primitives/example.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import type { Prediction } from "../primitives/prediction.js";
import { DummyLM } from "../test/dummy-lm.js";
import { BestOfN } from "./best-of-n.js";
import { ChainOfThought } from "./chain-of-thought.js";
import { hintAdapter } from "./hint-adapter.js";
import { getLM, setLM } from "./module-lm.js";
import { MultiChainComparison } from "./multi-chain-comparison.js";
import { Predict } from "./predict.js";
import { Refine } from "./refine.js";
import { context, type TraceEntry } from "./settings.js";

const quiet = { log: () => {} };
const oneWord = (_: unknown, prediction: Prediction) => (String(prediction.get("answer")).includes(" ") ? 0 : 1);

describe("BestOfN and Refine attempts", () => {
  it("run each attempt on a copy with rollout_id and temperature 1.0, leaving the user's module untouched", async () => {
    const lm = new DummyLM([{ answer: "two words" }, { answer: "one" }]);
    const qa = new Predict("question -> answer");
    qa.demos = [{ question: "d", answer: "e" }];
    const best = new BestOfN({ module: qa, N: 3, rewardFn: oneWord, threshold: 1, ...quiet });
    const prediction = await context({ lm }, () => best.call({ question: "q" }));
    expect(prediction?.get("answer")).toBe("one");
    expect(lm.history.map((call) => call.kwargs)).toEqual([
      { rollout_id: 0, temperature: 1 },
      { rollout_id: 1, temperature: 1 },
    ]);
    expect(qa.lm).toBeUndefined();
    expect(qa.demos).toHaveLength(1);
  });

  it("keep the reward function's own predictor calls out of the caller's trace", async () => {
    const lm = new DummyLM({ "Answer:": { answer: "x" }, Judge: { score: "1" } });
    const judge = new Predict("judged -> score");
    const rewardFn = async () => {
      await judge.call({ judged: "Judge this" });
      return 1;
    };
    const trace: TraceEntry[] = [];
    const best = new BestOfN({ module: new Predict("question -> answer"), N: 2, rewardFn, threshold: 1, ...quiet });
    await context({ lm, trace }, () => best.call({ question: "Answer: ?" }));
    expect(trace.map((entry) => entry.inputs)).toEqual([{ question: "Answer: ?" }]);
  });

  it("rethrow a cancellation instead of counting it as a failed attempt", async () => {
    const controller = new AbortController();
    const module = new Predict("question -> answer");
    module.call = async () => {
      controller.abort();
      throw new Error("aborted");
    };
    const refine = new Refine({ module, N: 3, rewardFn: oneWord, threshold: 1, ...quiet });
    const lm = new DummyLM([]);
    await expect(context({ lm }, () => refine.call({ question: "q" }, { signal: controller.signal }))).rejects.toThrow(
      "aborted",
    );
    expect(refine.failCount).toBe(3);
  });

  it("refuse a module whose predictors use different LMs, as DSPy's get_lm does", async () => {
    const program = new ChainOfThought("question -> answer");
    const two = { a: new Predict("q -> a"), b: new Predict("q -> a") };
    const mixed = Object.assign(deepcopyModule(program), two);
    setLM(mixed, new DummyLM([]));
    mixed.a.lm = new DummyLM([]);
    expect(() => getLM(mixed)).toThrow("Multiple LMs are being used in the module. There's no unique LM to return.");
    const best = new BestOfN({ module: mixed, N: 1, rewardFn: oneWord, threshold: 1, ...quiet });
    await expect(best.call({ question: "q" })).rejects.toThrow("Multiple LMs");
  });

  it("default Refine's program code to the module's class source and keep the adapter's class for hints", () => {
    const refine = new Refine({ module: new ChainOfThought("q -> a"), N: 2, rewardFn: oneWord, threshold: null });
    expect(refine.moduleCode).toMatch(/^class ChainOfThought extends Module/);
    const wrapped: Adapter = hintAdapter(new ChatAdapter(), () => "N/A");
    expect(wrapped).toBeInstanceOf(ChatAdapter);
  });
});

describe("deepcopyModule", () => {
  it("copies modules, predictors, demos and configs, and shares LMs and signatures", () => {
    const lm = new DummyLM([]);
    const program = new ChainOfThought("question -> answer", { temperature: 0.3 });
    program.predict.lm = lm;
    program.predict.demos.push({ question: "a", answer: "b" });
    const copy = deepcopyModule(program);
    copy.predict.demos.push({ question: "c", answer: "d" });
    copy.predict.config.temperature = 1;
    expect(copy).toBeInstanceOf(ChainOfThought);
    expect(copy.predict).not.toBe(program.predict);
    expect(program.predict.demos).toHaveLength(1);
    expect(program.predict.config.temperature).toBe(0.3);
    expect(copy.predict.lm).toBe(lm);
    expect(copy.predict.signature).toBe(program.predict.signature);
  });
});

describe("MultiChainComparison inputs", () => {
  it("accepts examples as completions and fails like DSPy when one has no reasoning", async () => {
    const lm = new DummyLM([{ rationale: "r", answer: "4" }]);
    const compare = new MultiChainComparison("question -> answer", { M: 1 });
    const attempt = new Example({ reasoning: "add\nmore", answer: 4 });
    await context({ lm }, () => compare.call({ completions: [attempt], question: "2+2?" }));
    expect(JSON.stringify(lm.history[0]?.messages)).toContain(
      "«I'm trying to add I'm not sure but my prediction is 4»",
    );
    await expect(compare.call({ completions: [{ answer: "4" }], question: "?" })).rejects.toThrow(
      "'NoneType' object has no attribute 'strip'",
    );
  });
});
