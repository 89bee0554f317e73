import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectHistory } from "../lm/inspect-global-history.js";
import { formatHistory } from "../lm/inspect-history.js";
import { LM } from "../lm/lm.js";
import type { LMHistoryEntry } from "../lm/lm-history.js";
import { HistoryLog } from "../primitives/history-log.js";
import { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import { ScriptedServer } from "../test/scripted-server.js";
import { callModule } from "./call-module.js";
import { Predict } from "./predict.js";
import { configure, context, settings } from "./settings.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await ScriptedServer.start({ rules: [{ reply: "[[ ## answer ## ]]\n4" }] });
});
afterAll(async () => {
  await server.close();
});

const newLM = () => new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "sk-test", cache: false });

class Pipeline extends Module {
  first = new Predict("question -> answer");
  second = new Predict("question -> answer");
  call(inputs: { question: string }): Promise<Prediction> {
    return callModule(this, inputs, async () => {
      await this.first.call(inputs);
      return this.second.call(inputs);
    });
  }
}

function sink() {
  const chunks: string[] = [];
  return { chunks, output: { write: (text: string) => chunks.push(text) } };
}

describe("global history (DSPy's GLOBAL_HISTORY, per settings scope)", () => {
  it("is created by configure, kept by later configure calls and inherited by context", async () => {
    await context({}, async () => {
      configure({ lm: newLM() });
      const log = settings().history;
      expect(log).toBeInstanceOf(HistoryLog);
      configure({ trackUsage: false });
      expect(settings().history).toBe(log);
      await context({}, () => expect(settings().history).toBe(log));
      await context({ history: new HistoryLog() }, () => expect(settings().history).not.toBe(log));
    });
  });

  it("records every LM call of the scope, and inspectHistory prints it in DSPy's format", async () => {
    const lm = newLM();
    const other = newLM();
    const history = new HistoryLog();
    await context({ lm, history }, async () => {
      await new Pipeline().call({ question: "2+2?" });
      await other.call([{ role: "user", content: "direct call" }]);
      const { chunks, output } = sink();
      const text = inspectHistory(3, { output });
      expect(chunks).toEqual([text]);
      expect(text).toBe(formatHistory(history.entries as readonly LMHistoryEntry[], 3, { colors: false }));
      expect(text).toContain("direct call");
    });
    expect(history.entries).toEqual([...lm.history, ...other.history]);
    expect(history.entries[0]).toBe(lm.history[0]); // one entry object shared by every history, as DSPy
  });

  it("keeps concurrent scopes apart", async () => {
    const lm = newLM();
    const [a, b] = [new HistoryLog(), new HistoryLog()];
    await Promise.all([
      context({ lm, history: a }, () => new Predict("question -> answer").call({ question: "one" })),
      context({ lm, history: b }, () => new Pipeline().call({ question: "two" })),
    ]);
    expect([a.length, b.length]).toEqual([1, 2]);
  });

  it("is bounded by its maxSize (DSPy's MAX_HISTORY_SIZE)", async () => {
    const history = new HistoryLog({ maxSize: 2 });
    const lm = newLM();
    await context({ lm, history }, async () => {
      for (let index = 0; index < 3; index++) await lm.call([{ role: "user", content: `call ${index}` }]);
    });
    expect(history.entries).toEqual(lm.history.slice(1));
  });
});

describe("module history (DSPy's caller_modules)", () => {
  it("records each LM call in every module on the call stack, and only there", async () => {
    const program = new Pipeline();
    const bystander = new Predict("question -> answer");
    await context({ lm: newLM() }, () => program.call({ question: "2+2?" }));
    expect(program.history.length).toBe(2);
    expect(program.first.history.entries).toEqual([program.history.entries[0]]);
    expect(program.second.history.entries).toEqual([program.history.entries[1]]);
    expect(bystander.history.length).toBe(0);
    const { output } = sink();
    expect(inspectHistory(1, { of: program, output })).toBe(
      formatHistory(program.second.history.entries as readonly LMHistoryEntry[], 1, { colors: false }),
    );
  });

  it("bounds module and LM histories by maxHistorySize, which never limits the global one", async () => {
    const program = new Pipeline();
    const lm = newLM();
    const history = new HistoryLog();
    await context({ lm, history, maxHistorySize: 1 }, () => program.call({ question: "2+2?" }));
    expect([program.history.length, lm.history.length, history.length]).toEqual([1, 1, 2]);
    await context({ lm, history, maxHistorySize: 0 }, () => program.call({ question: "2+2?" }));
    expect([program.history.length, lm.history.length, history.length]).toEqual([1, 1, 4]);
  });

  it("records nothing anywhere under disableHistory, while usage is still tracked", async () => {
    const program = new Pipeline();
    const lm = newLM();
    const history = new HistoryLog();
    const prediction = await context({ lm, history, disableHistory: true, trackUsage: true }, () =>
      program.call({ question: "2+2?" }),
    );
    expect([program.history.length, lm.history.length, history.length]).toEqual([0, 0, 0]);
    expect(prediction.getLmUsage()?.["openai/gpt-4o-mini"]?.total_tokens).toBeGreaterThan(0);
  });
});
