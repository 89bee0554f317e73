import { generateText, type ModelMessage } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { directGenerate } from "./direct-generate.js";
import type { GenerationSettings } from "./generation-settings.js";

function mockModel() {
  return new MockLanguageModelV4({
    provider: "openai.chat",
    modelId: "gpt-4o-mini",
    doGenerate: async () => ({
      content: [
        { type: "reasoning", text: "think " },
        { type: "text", text: "[[ ## answer ## ]]\n" },
        { type: "reasoning", text: "more" },
        { type: "text", text: "4" },
      ],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 20, noCache: 15, cacheRead: 5, cacheWrite: undefined },
        outputTokens: { total: 3, text: 2, reasoning: 1 },
      },
      response: { modelId: "gpt-4o-mini-2024-07-18" },
      warnings: [],
    }),
  });
}

const messages: ModelMessage[] = [
  { role: "system", content: "Your input fields are: ..." },
  { role: "user", content: "[[ ## question ## ]]\nq1" },
  { role: "assistant", content: "[[ ## answer ## ]]\na1" },
  { role: "user", content: "[[ ## question ## ]]\n2+2?" },
];
const settings: GenerationSettings = {
  temperature: 0.7,
  maxOutputTokens: 100,
  stopSequences: ["\n\n"],
  seed: 3,
  headers: { "X-Trace": "t1" },
  providerOptions: { openai: {} },
};

/** What generateText itself sends to the model and returns, as the reference. */
async function viaGenerateText(request: GenerationSettings) {
  const model = mockModel();
  const result = await generateText({ model, messages, allowSystemInMessages: true, maxRetries: 0, ...request });
  const { abortSignal: _, ...sent } = model.doGenerateCalls[0] ?? {};
  return { sent, result };
}

describe("directGenerate", () => {
  it("sends the model exactly the request generateText sends", async () => {
    const reference = await viaGenerateText(settings);
    const model = mockModel();
    await directGenerate(model, messages, settings, new AbortController().signal);
    const { abortSignal: _, ...sent } = model.doGenerateCalls[0] ?? {};
    expect(JSON.parse(JSON.stringify(sent))).toEqual(JSON.parse(JSON.stringify(reference.sent)));
  });

  it("returns the text, reasoning, usage, model and finish reason generateText reports", async () => {
    const { result: reference } = await viaGenerateText(settings);
    const direct = await directGenerate(mockModel(), messages, settings, new AbortController().signal);
    expect(direct).toMatchObject({
      text: reference.text,
      reasoningText: reference.reasoningText,
      finishReason: reference.finishReason,
      response: { modelId: reference.response.modelId },
      toolCalls: [],
    });
    const { raw: _raw, ...usage } = reference.usage;
    expect(direct?.usage).toMatchObject(usage);
  });

  it("leaves files, tool turns, tools, JSON output and invalid settings to generateText", () => {
    const signal = new AbortController().signal;
    const model = mockModel();
    const image: ModelMessage = {
      role: "user",
      content: [{ type: "file", mediaType: "image", data: { type: "url", url: new URL("https://x/cat.png") } }],
    };
    expect(directGenerate(model, [image], {}, signal)).toBeUndefined();
    expect(directGenerate(model, messages, { tools: {} }, signal)).toBeUndefined();
    expect(directGenerate(model, messages, { maxOutputTokens: 1.5 }, signal)).toBeUndefined();
    expect(directGenerate(model, messages, { seed: 0.5 }, signal)).toBeUndefined();
    expect(model.doGenerateCalls).toHaveLength(0);
  });
});
