import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LMCache } from "../lm/cache.js";
import { LM } from "../lm/lm.js";
import type { LMHistoryEntry } from "../lm/lm-history.js";
import { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import { ScriptedServer } from "../test/scripted-server.js";
import { trackUsage } from "../utils/usage-tracker.js";
import { callModule } from "./call-module.js";
import { Predict } from "./predict.js";
import { context } from "./settings.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await ScriptedServer.start({
    rules: [{ latencyMs: 5, reply: (request) => `[[ ## answer ## ]]\n${request.lastUserMessage.length}` }],
  });
});
afterAll(async () => {
  await server.close();
});

const newLM = (model = "openai/gpt-4o-mini", cache = false) =>
  new LM(model, {
    baseURL: server.baseURL,
    apiKey: "sk-test",
    cache,
    cacheStore: new LMCache({ disk: false }),
    numRetries: 0,
  });

/** Per-model totals of the given history entries, computed independently of the tracker. */
function totals(entries: readonly LMHistoryEntry[]): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const entry of entries) {
    const sum = result[entry.model] ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    result[entry.model] = sum;
    for (const key of Object.keys(sum)) sum[key] = (sum[key] ?? 0) + Number(entry.usage[key] ?? 0);
  }
  return result;
}

class TwoStep extends Module {
  first = new Predict("question -> answer");
  second = new Predict("question -> answer");
  intermediate: Prediction | undefined;
  call(inputs: { question: string }): Promise<Prediction> {
    return callModule(this, inputs, async () => {
      const first = await this.first.call(inputs);
      this.intermediate = first;
      const second = await this.second.call({ question: `${inputs.question} / ${first.get("answer")}` });
      return second;
    });
  }
}

describe("usage tracking (trackUsage setting)", () => {
  it("attaches the per-model usage of the call to the prediction, in DSPy's shape", async () => {
    const lm = newLM();
    const prediction = await context({ lm, trackUsage: true }, () =>
      new Predict("question -> answer").call({ question: "What is 2+2?" }),
    );
    const usage = prediction.getLmUsage();
    expect(Object.keys(usage ?? {})).toEqual(["openai/gpt-4o-mini"]);
    expect(usage?.["openai/gpt-4o-mini"]).toMatchObject(totals(lm.history)["openai/gpt-4o-mini"] ?? {});
    expect(usage?.["openai/gpt-4o-mini"]?.prompt_tokens).toBeGreaterThan(0);
  });

  it("leaves predictions without usage when the setting is off", async () => {
    const prediction = await context({ lm: newLM() }, () =>
      new Predict("question -> answer").call({ question: "What is 2+2?" }),
    );
    expect(prediction.getLmUsage()).toBeNull();
  });

  it("sums every LM call of a composite module, per model, on the top-level prediction only", async () => {
    const program = new TwoStep();
    const mini = newLM("openai/gpt-4o-mini");
    const big = newLM("openai/gpt-4o");
    program.second.lm = big;
    const prediction = await context({ lm: mini, trackUsage: true }, () => program.call({ question: "Why?" }));
    expect(prediction.getLmUsage()).toMatchObject(totals([...mini.history, ...big.history]));
    expect(Object.keys(prediction.getLmUsage() ?? {}).sort()).toEqual(["openai/gpt-4o", "openai/gpt-4o-mini"]);
    // Nested calls report into the top-level tracker and attach nothing themselves, as in DSPy.
    expect(program.intermediate?.getLmUsage()).toBeNull();
  });

  it("keeps concurrent top-level calls apart", async () => {
    const lm = newLM();
    const predict = new Predict("question -> answer");
    const questions = ["a", "a much longer question that costs more prompt tokens", "mid-sized question"];
    const predictions = await context({ lm, trackUsage: true }, () =>
      Promise.all(questions.map((question) => predict.call({ question }))),
    );
    predictions.forEach((prediction, index) => {
      const question = questions[index] ?? "";
      const mine = lm.history.filter((entry) => JSON.stringify(entry.messages.at(-1)).includes(`]]\\n${question}\\n`));
      expect(mine).toHaveLength(1);
      expect(prediction.getLmUsage()).toEqual({ "openai/gpt-4o-mini": mine[0]?.usage });
    });
    const totalsSeen = predictions.map((prediction) => prediction.getLmUsage()?.["openai/gpt-4o-mini"]?.prompt_tokens);
    expect(new Set(totalsSeen).size).toBe(3);
  });

  it("bills nothing for a cache hit: the prediction's usage is {}", async () => {
    const lm = newLM("openai/gpt-4o-mini", true);
    const predict = new Predict("question -> answer");
    await context({ lm, trackUsage: true }, () => predict.call({ question: "cached?" }));
    const hit = await context({ lm, trackUsage: true }, () => predict.call({ question: "cached?" }));
    expect(lm.history.at(-1)?.cacheHit).toBe(true);
    expect(hit.getLmUsage()).toEqual({});
  });

  it("inside an explicit trackUsage scope, reports to that tracker and attaches nothing (as DSPy)", async () => {
    const lm = newLM();
    const [prediction, total] = await context({ lm, trackUsage: true }, () =>
      trackUsage(async (tracker) => {
        const result = await new TwoStep().call({ question: "Why?" });
        return [result, tracker.getTotalTokens()] as const;
      }),
    );
    expect(prediction.getLmUsage()).toBeNull();
    expect(total).toMatchObject(totals(lm.history));
  });
});
