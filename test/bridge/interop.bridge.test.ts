import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bridge } from "../../src/bridge/bridge.js";
import { fromPython, toPython } from "../../src/bridge/program-interop.js";
import type { PyRef } from "../../src/bridge/py-ref.js";
import { LM } from "../../src/lm/lm.js";
import { ChainOfThought } from "../../src/predict/chain-of-thought.js";
import { Predict } from "../../src/predict/predict.js";
import { Module } from "../../src/primitives/module.js";
import { Signature } from "../../src/signatures/signature.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";

let server: ScriptedServer;
let bridge: Bridge;
let native: LM;

beforeAll(async () => {
  server = await ScriptedServer.start({
    rules: [
      {
        match: "[[ ## reasoning ## ]]",
        reply: "[[ ## reasoning ## ]]\nCount.\n\n[[ ## answer ## ]]\n7\n\n[[ ## completed ## ]]",
      },
      { match: "[[ ## answer ## ]]", reply: "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]" },
    ],
  });
  bridge = await Bridge.start({ size: 1, callTimeoutMs: 30_000 });
  await bridge.configure({ lm: { model: "openai/gpt-4o-mini", apiBase: server.baseURL, apiKey: "x", cache: false } });
  native = new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "x", cache: false });
});

afterAll(async () => {
  await bridge?.close();
  await server?.close();
});

/** The messages of the last two chat requests the server saw. */
function lastTwo(): [unknown, unknown] {
  const [first, second] = server.chatRequests.slice(-2);
  return [first?.body?.messages, second?.body?.messages];
}

describe("program state between the native runtime and Python DSPy", () => {
  it("toPython: a native Predict with instructions and demos prompts exactly like its Python twin", async () => {
    const qa = new Predict(new Signature("question -> answer", "Answer with one word."));
    qa.demos = [
      { question: "Capital of Italy?", answer: "Rome" },
      { question: "Capital of Japan?", answer: "Tokyo" },
    ];
    const python = await toPython(qa, bridge);
    expect(python.ref.type).toBe("dspy.Predict");
    const inputs = { question: "Capital of France?" };
    expect(await python.call(inputs)).toEqual({ answer: "Paris" });
    expect((await qa.call(inputs, { lm: native })).get("answer")).toBe("Paris");
    const [fromPythonRun, fromNativeRun] = lastTwo();
    expect(JSON.stringify(fromPythonRun)).toContain("Answer with one word.");
    expect(JSON.stringify(fromPythonRun)).toContain("Tokyo");
    expect(fromNativeRun).toEqual(fromPythonRun);
  });

  it("toPython: a typed ChainOfThought keeps its types, and the prompts match", async () => {
    const cot = new ChainOfThought("question, hints: list[str] -> answer: int");
    cot.predict.demos = [{ question: "3+3?", hints: ["add"], reasoning: "Add.", answer: 6 }];
    const python = await toPython(cot, bridge);
    const inputs = { question: "3+4?", hints: ["add", "small numbers"] };
    expect(await python.call(inputs)).toEqual({ reasoning: "Count.", answer: 7 });
    expect((await cot.call(inputs, { lm: native })).get("answer")).toBe(7);
    const [fromPythonRun, fromNativeRun] = lastTwo();
    expect(JSON.stringify(fromPythonRun)).toContain("must be formatted as a valid Python int");
    expect(fromNativeRun).toEqual(fromPythonRun);
  });

  it("fromPython: state set in Python (instructions, demos) loads natively and prompts identically", async () => {
    const cot = (await bridge.call("dspy", "ChainOfThought", ["question -> answer"])) as PyRef;
    const predict = (await bridge.attr(cot, "predict")) as PyRef;
    const signature = (await bridge.attr(predict, "signature")) as PyRef;
    const instructed = await bridge.method(signature, "with_instructions", ["Think, then answer."]);
    await bridge.call("builtins", "setattr", [predict, "signature", instructed]);
    const demo = await bridge.call("dspy", "Example", [], { question: "4+3?", reasoning: "Add.", answer: "7" });
    await bridge.call("builtins", "setattr", [predict, "demos", [demo]]);

    const mine = await fromPython(cot, new ChainOfThought("question -> answer"), bridge);
    expect(mine.predict.signature.instructions).toBe("Think, then answer.");
    expect(mine.predict.demos).toHaveLength(1);
    const inputs = { question: "5+2?" };
    await bridge.call("__bridge__", "call_to_dict", [cot, inputs]);
    await mine.call(inputs, { lm: native });
    const [fromPythonRun, fromNativeRun] = lastTwo();
    expect(JSON.stringify(fromPythonRun)).toContain("Think, then answer.");
    expect(fromNativeRun).toEqual(fromPythonRun);
  });

  it("a composite program moves through a Python program of the same structure (`into`)", async () => {
    class Pipeline extends Module {
      first = new Predict("question -> answer");
      second = new ChainOfThought("question -> answer");
    }
    const program = new Pipeline();
    program.first.demos = [{ question: "a?", answer: "b" }];
    await expect(toPython(program, bridge)).rejects.toThrow(/pass it as `into`/);
    const target = (await bridge.call("dspy", "Module")) as PyRef;
    await bridge.call("builtins", "setattr", [
      target,
      "first",
      await bridge.call("dspy", "Predict", ["question -> answer"]),
    ]);
    await bridge.call("builtins", "setattr", [
      target,
      "second",
      await bridge.call("dspy", "ChainOfThought", ["question -> answer"]),
    ]);
    await toPython(program, bridge, { into: target });
    const back = await fromPython(target, new Pipeline(), bridge);
    expect(back.first.demos).toEqual([{ question: "a?", answer: "b" }]);
    expect(back.dumpState()).toEqual(program.dumpState());
  });
});
