import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bridge } from "../../src/bridge/bridge.js";
import { PyRef } from "../../src/bridge/py-ref.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";

let server: ScriptedServer;
let bridge: Bridge;

beforeAll(async () => {
  server = await ScriptedServer.start({
    rules: [
      {
        reply: "[[ ## answer ## ]]\nThe capital of France is Paris.\n\n[[ ## completed ## ]]",
        streamChunks: (text) => text.match(/\S+\s*|\s+/g) ?? [text],
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

describe("dspy.streamify through the bridge", () => {
  it("field chunks from a Python StreamListener arrive in TypeScript as they stream, then the Prediction", async () => {
    const predict = await bridge.predict("question -> answer");
    const listener = await bridge.call("dspy.streaming", "StreamListener", [], { signature_field_name: "answer" });
    const streaming = (await bridge.call("dspy", "streamify", [predict.ref], {
      stream_listeners: [listener],
    })) as PyRef;
    const chunks: string[] = [];
    let final: PyRef | undefined;
    for await (const item of bridge.session.streamMethod(streaming, "", [], { question: "Capital of France?" })) {
      const ref = item as PyRef;
      if (ref.type === "dspy.Prediction") final = ref;
      else chunks.push((await bridge.attr(ref, "chunk")) as string);
    }
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe("The capital of France is Paris.");
    expect(final).toBeInstanceOf(PyRef);
    expect(await bridge.attr(final as PyRef, "answer")).toBe("The capital of France is Paris.");
    expect(server.chatRequests.at(-1)?.body?.stream).toBe(true);
  });
});
