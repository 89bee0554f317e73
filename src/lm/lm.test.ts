import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LMConfigurationError, LMNotConfiguredError } from "../errors/lm-errors.js";
import { ScriptedServer } from "../test/scripted-server.js";
import { LM } from "./lm.js";
import type { LMOptions } from "./lm-options.js";

let server: ScriptedServer;
const warnings: string[] = [];
const logger = { warn: (message: string) => warnings.push(message) };

beforeEach(async () => {
  warnings.length = 0;
  server = await ScriptedServer.start({
    rules: [
      { match: "2+2", reply: "4" },
      { match: "weather", toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
      { match: "json please", reply: "not quite json" },
      { reply: (request) => `echo: ${request.lastUserMessage}` },
    ],
  });
});
afterEach(async () => {
  await server.close();
});

function openaiLM(options: LMOptions = {}): LM {
  return new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "sk-test", cache: false, logger, ...options });
}

describe("LM through @ai-sdk/openai", () => {
  it("sends the chat request over HTTP and returns text with DSPy-shaped usage", async () => {
    const lm = openaiLM({ temperature: 0, maxTokens: 50 });
    const outputs = await lm.call([
      { role: "system", content: "Be terse." },
      { role: "user", content: "What is 2+2?" },
    ]);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]?.text).toBe("4");
    expect(outputs[0]?.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: 1 });
    const [request] = server.chatRequests;
    expect(request?.headers.authorization).toBe("Bearer sk-test");
    expect(request?.body).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0,
      max_tokens: 50,
      messages: [
        { role: "system", content: "Be terse." },
        { role: "user", content: "What is 2+2?" },
      ],
    });
  });

  it("merges call kwargs over the LM's defaults, as DSPy does", async () => {
    const lm = openaiLM({ temperature: 0.1, kwargs: { top_p: 0.5, stop: "END" } });
    await lm.call([{ role: "user", content: "hello" }], { temperature: 0.9 });
    expect(server.chatRequests[0]?.body).toMatchObject({ temperature: 0.9, top_p: 0.5, stop: ["END"] });
    expect(lm.kwargs).toEqual({ temperature: 0.1, max_tokens: null, top_p: 0.5, stop: "END" });
  });

  it("answers n > 1 with n independent requests and n outputs", async () => {
    let counter = 0;
    server.rules = [{ reply: () => `answer ${++counter}` }];
    const outputs = await openaiLM().call([{ role: "user", content: "pick" }], { n: 3, temperature: 1 });
    expect(outputs.map((output) => output.text).sort()).toEqual(["answer 1", "answer 2", "answer 3"]);
    expect(server.chatRequests).toHaveLength(3);
    expect(server.chatRequests.every((request) => request.body?.n === undefined)).toBe(true);
  });

  it("rejects a non-positive n before any request", async () => {
    await expect(openaiLM().call([{ role: "user", content: "x" }], { n: 0 })).rejects.toThrow(
      "n must be a positive integer",
    );
    expect(server.chatRequests).toHaveLength(0);
  });

  it("maps response_format json_schema to a structured-output request and returns the raw text", async () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    const responseFormat = { type: "json_schema", json_schema: { name: "DSPyProgramOutputs", strict: true, schema } };
    const outputs = await openaiLM().call([{ role: "user", content: "json please" }], {
      response_format: responseFormat,
    });
    expect(outputs[0]?.text).toBe("not quite json");
    expect(server.chatRequests[0]?.body?.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "DSPyProgramOutputs", schema: { properties: { answer: { type: "string" } } } },
    });
  });

  it("sends image_url content blocks as images", async () => {
    const content = [
      { type: "text", text: "Describe" },
      { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
    ];
    await openaiLM().call([{ role: "user", content }]);
    const sent = ((server.chatRequests[0]?.body?.messages ?? []) as { content: unknown }[])[0]?.content;
    expect(sent).toEqual([
      { type: "text", text: "Describe" },
      { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
    ]);
  });

  it("returns native tool calls in OpenAI shape with null text", async () => {
    const tools = [
      {
        type: "function",
        function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
      },
    ];
    const [output] = await openaiLM().call([{ role: "user", content: "weather?" }], { tools });
    expect(output?.text).toBeNull();
    expect(output?.toolCalls).toEqual([
      { id: "call_0", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
    ]);
    expect((server.chatRequests[0]?.body?.tools as unknown[])?.length).toBe(1);
  });
});

describe("LM through @ai-sdk/openai-compatible", () => {
  it("reaches a vLLM-style server and passes unknown parameters through to the body", async () => {
    const lm = new LM("hosted_vllm/my-model", { baseURL: server.baseURL, cache: false, logger });
    const outputs = await lm.call([{ role: "user", content: "What is 2+2?" }], { repetition_penalty: 1.1 });
    expect(outputs[0]?.text).toBe("4");
    expect(server.chatRequests[0]?.body).toMatchObject({ model: "my-model", repetition_penalty: 1.1 });
    expect(server.chatRequests[0]?.headers.authorization).toBeUndefined();
    expect(lm.supportsResponseSchema).toBe(false);
  });
});

describe("LM history", () => {
  it("records messages, call kwargs, outputs and usage, and prints DSPy's format", async () => {
    const lm = openaiLM();
    await lm.call([{ role: "user", content: "What is 2+2?" }], { temperature: 0.2 });
    expect(lm.history).toHaveLength(1);
    const entry = lm.history[0];
    expect(entry).toMatchObject({
      prompt: null,
      kwargs: { temperature: 0.2 },
      outputs: [{ text: "4" }],
      model: "openai/gpt-4o-mini",
      responseModel: "gpt-4o-mini",
      modelType: "chat",
      cacheHit: false,
    });
    expect(entry?.usage.total_tokens).toBeGreaterThan(0);
    expect(entry?.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/);
    const printed: string[] = [];
    lm.inspectHistory(1, { output: { write: (text) => printed.push(text) } });
    expect(printed.join("")).toBe(
      `\n\n\n\n[${entry?.timestamp}]\n\nUser message:\n\nWhat is 2+2?\n\n\nResponse:\n\n4\n\n\n\n\n\n`,
    );
  });

  it("never records API keys passed per call", async () => {
    const lm = openaiLM();
    await lm.call([{ role: "user", content: "hello" }], {
      api_key: "sk-call-secret",
      headers: { "X-Api-Key": "header-secret", "X-Trace": "t1" },
    });
    expect(JSON.stringify(lm.history)).not.toContain("sk-call-secret");
    expect(JSON.stringify(lm.history)).not.toContain("header-secret");
    expect(JSON.stringify(lm.history)).not.toContain("sk-test");
    expect(lm.history[0]?.kwargs).toEqual({ headers: { "X-Trace": "t1" } });
    expect(server.chatRequests[0]?.headers["x-trace"]).toBe("t1");
    expect(server.chatRequests[0]?.headers.authorization).toBe("Bearer sk-call-secret");
  });
});

describe("LM configuration", () => {
  it("reports a missing API key as LMNotConfiguredError at call time", async () => {
    const lm = new LM("anthropic/claude-sonnet-4-5", { env: {}, cache: false });
    const error = await lm.call([{ role: "user", content: "hi" }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LMNotConfiguredError);
    expect((error as LMNotConfiguredError).code).toBe("not_configured");
    expect((error as LMNotConfiguredError).message).toContain("ANTHROPIC_API_KEY");
  });

  it("enforces DSPy's rule for OpenAI reasoning models", () => {
    expect(() => new LM("openai/gpt-5-mini", { temperature: 0.3 })).toThrow(LMConfigurationError);
    const lm = new LM("openai/gpt-5-mini", { temperature: 1.0, maxTokens: 16000, cache: false });
    expect(lm.kwargs).toEqual({ temperature: 1.0, max_completion_tokens: 16000 });
  });

  it("copies with updated defaults, a fresh history and the same cache", async () => {
    const lm = openaiLM({ temperature: 0 });
    await lm.call([{ role: "user", content: "hello" }]);
    const copy = lm.copy({ temperature: 1.0, rollout_id: 7 });
    expect(copy.kwargs).toEqual({ temperature: 1.0, max_tokens: null, rollout_id: 7 });
    expect(copy.history).toHaveLength(0);
    expect(lm.copy({ rollout_id: null }).kwargs).not.toHaveProperty("rollout_id");
  });
});
