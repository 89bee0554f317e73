import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import { AdapterParseError } from "../errors/adapter-parse-error.js";
import { LM } from "../lm/lm.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import { Prediction } from "../primitives/prediction.js";
import { Tool } from "../primitives/tool.js";
import { ScriptedServer } from "../test/scripted-server.js";
import type { BaseCallback } from "../utils/callback.js";
import { Predict } from "./predict.js";
import { context } from "./settings.js";

type Event = {
  hook: string;
  callId: string;
  instance?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  exception?: unknown;
};

const HOOKS = ["Module", "Lm", "AdapterFormat", "AdapterParse", "Tool"] as const;

/** A callback implementing every hook, recording each call. */
function recorder(events: Event[]): BaseCallback {
  const callback: Record<string, unknown> = {};
  for (const name of HOOKS) {
    callback[`on${name}Start`] = (callId: string, instance: unknown, inputs: unknown) =>
      events.push({ hook: `on${name}Start`, callId, instance, inputs });
    callback[`on${name}End`] = (callId: string, outputs: unknown, exception: unknown) =>
      events.push({ hook: `on${name}End`, callId, outputs, exception });
  }
  return callback as BaseCallback;
}

let server: ScriptedServer;
beforeAll(async () => {
  server = await ScriptedServer.start({
    rules: [{ match: "garbage", reply: "no fields here" }, { reply: "[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]" }],
  });
});
afterAll(async () => {
  await server.close();
});

const newLM = (callbacks?: BaseCallback[]) =>
  new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "sk-test", cache: false, numRetries: 0, callbacks });

describe("callbacks around a Predict call", () => {
  it("fire module, format, LM and parse hooks in DSPy 3.4.1's order with DSPy's arguments", async () => {
    const events: Event[] = [];
    const lm = newLM();
    const predict = new Predict("question -> answer");
    const prediction = await context({ lm, callbacks: [recorder(events)] }, () => predict.call({ question: "2+2?" }));

    expect(events.map((event) => event.hook)).toEqual([
      "onModuleStart",
      "onAdapterFormatStart",
      "onAdapterFormatEnd",
      "onLmStart",
      "onLmEnd",
      "onAdapterParseStart",
      "onAdapterParseEnd",
      "onModuleEnd",
    ]);
    const [moduleStart, formatStart, formatEnd, lmStart, lmEnd, parseStart, parseEnd, moduleEnd] = events as [
      Event,
      Event,
      Event,
      Event,
      Event,
      Event,
      Event,
      Event,
    ];
    expect(moduleStart.instance).toBe(predict);
    expect(moduleStart.inputs).toEqual({ args: [], kwargs: { question: "2+2?" } });
    expect(moduleEnd).toMatchObject({ callId: moduleStart.callId, outputs: prediction, exception: null });

    expect(formatStart.instance).toBeInstanceOf(ChatAdapter);
    expect(formatStart.inputs).toEqual({ signature: predict.signature, demos: [], inputs: { question: "2+2?" } });
    const messages = formatEnd.outputs as { role: string }[];
    expect(messages.map((message) => message.role)).toEqual(["system", "user"]);

    expect(lmStart.instance).toBe(lm);
    expect(lmStart.inputs).toEqual({ prompt: null, messages, kwargs: {} });
    expect(lmEnd.outputs).toMatchObject([{ text: "[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]" }]);

    expect(parseStart.inputs).toEqual({
      signature: predict.signature,
      completion: "[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]",
    });
    expect(parseEnd.outputs).toEqual({ answer: "4" });
    // Each start pairs with its own end; the four calls have four distinct ids.
    expect(new Set(events.map((event) => event.callId)).size).toBe(4);
    expect(formatEnd.callId).toBe(formatStart.callId);
    expect(lmEnd.callId).toBe(lmStart.callId);
  });

  it("runs instance callbacks only for their own instance, after the global ones", async () => {
    const order: string[] = [];
    const tag = (label: string): BaseCallback => ({
      onModuleStart: () => order.push(`${label}:module`),
      onLmStart: () => order.push(`${label}:lm`),
      onAdapterFormatStart: () => order.push(`${label}:format`),
    });
    const adapter = new ChatAdapter();
    adapter.callbacks = [tag("adapter")];
    const predict = new Predict("question -> answer");
    predict.callbacks = [tag("predict")];
    const other = new Predict("question -> answer");
    const lm = newLM([tag("lm")]);
    await context({ lm, adapter, callbacks: [tag("global")] }, async () => {
      await predict.call({ question: "2+2?" });
      await other.call({ question: "2+2?" });
    });
    expect(order).toEqual([
      "global:module",
      "predict:module",
      "global:format",
      "adapter:format",
      "global:lm",
      "lm:lm",
      "global:module",
      "global:format",
      "adapter:format",
      "global:lm",
      "lm:lm",
    ]);
  });

  it("report a failure to the end hooks (outputs null) and still throw it", async () => {
    const events: Event[] = [];
    const predict = new Predict("question -> answer");
    const run = context({ lm: newLM(), callbacks: [recorder(events)] }, () => predict.call({ question: "garbage" }));
    await expect(run).rejects.toBeInstanceOf(AdapterParseError);
    const moduleEnd = events.at(-1);
    expect(moduleEnd).toMatchObject({ hook: "onModuleEnd", outputs: null });
    expect(moduleEnd?.exception).toBeInstanceOf(AdapterParseError);
    const parseEnds = events.filter((event) => event.hook === "onAdapterParseEnd");
    // ChatAdapter fails, then its JSONAdapter fallback fails too, as in DSPy.
    expect(parseEnds).toHaveLength(2);
    expect(parseEnds.every((event) => event.exception instanceof AdapterParseError && event.outputs === null)).toBe(
      true,
    );
  });

  it("never let a broken callback break the program", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const broken: BaseCallback = {
      onModuleStart: () => {
        throw new Error("boom");
      },
      onLmEnd: () => {
        throw new Error("boom2");
      },
    };
    const prediction = await context({ lm: newLM(), callbacks: [broken] }, () =>
      new Predict("question -> answer").call({ question: "2+2?" }),
    );
    expect(prediction.get("answer")).toBe("4");
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      "Error when calling callback <callback>: boom",
      "Error when applying callback <callback>'s end handler on function __call__: boom2",
    ]);
    warn.mockRestore();
  });
});

describe("tool callbacks", () => {
  it("fire around call and acall with DSPy's { kwargs } inputs", async () => {
    const events: Event[] = [];
    const add = new Tool(({ a, b }: { a: number; b: number }) => a + b, {
      name: "add",
      args: { a: { type: "integer" }, b: { type: "integer" } },
    });
    await context({ callbacks: [recorder(events)] }, async () => {
      expect(add.call({ a: 1, b: 2 })).toBe(3);
      expect(await add.acall({ a: 3, b: 4 })).toBe(7);
    });
    expect(events.map(({ hook, instance, inputs, outputs }) => [hook, instance ?? outputs, inputs])).toEqual([
      ["onToolStart", add, { kwargs: { a: 1, b: 2 } }],
      ["onToolEnd", 3, undefined],
      ["onToolStart", add, { kwargs: { a: 3, b: 4 } }],
      ["onToolEnd", 7, undefined],
    ]);
  });
});

describe("module copies", () => {
  it("start without the original's callbacks or history, as DSPy's deepcopy drops both", async () => {
    const predict = new Predict("question -> answer");
    predict.callbacks = [{}];
    await context({ lm: newLM() }, () => predict.call({ question: "2+2?" }));
    expect(predict.history.length).toBe(1);
    const copy = deepcopyModule(predict);
    expect(copy.callbacks).toEqual([]);
    expect(copy.history.length).toBe(0);
    expect(await context({ lm: newLM() }, () => copy.call({ question: "2+2?" }))).toBeInstanceOf(Prediction);
    expect([predict.history.length, copy.history.length]).toEqual([1, 1]);
  });
});
