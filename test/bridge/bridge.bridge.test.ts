import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bridge } from "../../src/bridge/bridge.js";
import { BridgeError } from "../../src/bridge/bridge-error.js";
import { PyRef } from "../../src/bridge/py-ref.js";
import { LM } from "../../src/lm/lm.js";
import { Predict } from "../../src/predict/predict.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";

let server: ScriptedServer;
let bridge: Bridge;

beforeAll(async () => {
  server = await ScriptedServer.start({
    rules: [
      { match: "capital of France", reply: "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]" },
      {
        match: "2+2",
        reply: "[[ ## reasoning ## ]]\nTwo and two.\n\n[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]",
      },
    ],
  });
  bridge = await Bridge.start({ size: 1, callTimeoutMs: 30_000 });
  await bridge.configure({ lm: { model: "openai/gpt-4o-mini", apiBase: server.baseURL, apiKey: "x", cache: false } });
});

afterAll(async () => {
  await bridge?.close();
  await server?.close();
});

describe("Bridge facade on real DSPy 3.4.1", () => {
  it("a bridged Predict answers from the server, which saw exactly the prompt our ChatAdapter builds", async () => {
    const qa = await bridge.predict("question -> answer");
    expect(qa.ref.type).toBe("dspy.Predict");
    const inputs = { question: "What is the capital of France?" };
    expect(await qa.call(inputs)).toEqual({ answer: "Paris" });

    const native = new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "x", cache: false });
    expect((await new Predict("question -> answer").call(inputs, { lm: native })).get("answer")).toBe("Paris");

    const [python, ours] = server.chatRequests.slice(-2);
    expect(python?.body?.messages).toBeDefined();
    expect(ours?.body?.messages).toEqual(python?.body?.messages);
  });

  it("chainOfThought returns reasoning and answer as plain values", async () => {
    const cot = await bridge.chainOfThought("question -> answer");
    expect(cot.ref.type).toBe("dspy.ChainOfThought");
    expect(await cot.call({ question: "What is 2+2?" })).toEqual({ reasoning: "Two and two.", answer: "4" });
  });

  it("round-trips refs: values come back as values, objects as typed refs, nested, usable as arguments", async () => {
    const example = await bridge.call("dspy", "Example", [], { question: "q?", answer: "a" });
    expect(example).toBeInstanceOf(PyRef);
    expect((example as PyRef).type).toBe("dspy.Example");
    expect(await bridge.attr(example as PyRef, "question")).toBe("q?");
    expect(await bridge.call("builtins", "len", [example])).toBe(2);
    const nested = (await bridge.call("builtins", "dict", [], { n: 1.5, list: [1, "x", null], ex: example })) as {
      ex: PyRef;
    };
    expect(nested).toMatchObject({ n: 1.5, list: [1, "x", null] });
    expect(nested.ex).toBeInstanceOf(PyRef);
    expect(nested.ex.id).not.toBe((example as PyRef).id);
    expect(await bridge.method(example as PyRef, "get", ["answer"])).toBe("a");

    await bridge.release(example as PyRef);
    const error = await bridge.attr(example as PyRef, "question").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe("python_error");
    expect((error as BridgeError).message).toMatch(/not alive/);
    // The other ref to the same object is still alive.
    expect(await bridge.attr(nested.ex, "answer")).toBe("a");
  });

  it("surfaces a Python exception with its class and traceback", async () => {
    const error = await bridge.call("math", "sqrt", [-1]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: "python_error", pythonType: "ValueError", session: bridge.session.id });
    expect((error as BridgeError).traceback).toMatch(/Traceback[\s\S]*ValueError: math domain error/);
  });

  it("refuses a ref from another session before it reaches a worker", async () => {
    const foreign = new PyRef("r1", "dspy.Predict", "other-session");
    await expect(bridge.attr(foreign, "demos")).rejects.toMatchObject({ code: "transport" });
  });
});
