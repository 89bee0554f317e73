import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import { LMConfigurationError, LMRateLimitError } from "../errors/lm-errors.js";
import { lmCacheKey, lmCacheRequest, TEXT_FN_IDENTIFIER } from "../lm/cache-key.js";
import { LM } from "../lm/lm.js";
import type { LMOptions } from "../lm/lm-options.js";
import { Signature } from "../signatures/signature.js";
import { ScriptedServer } from "../test/scripted-server.js";
import { Predict } from "./predict.js";
import { context } from "./settings.js";

let server: ScriptedServer;
beforeEach(async () => {
  server = await ScriptedServer.start({
    rules: [
      { match: "flaky", times: 1, fault: { type: "status", status: 429, headers: { "retry-after": "0" } } },
      { reply: "[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]" },
    ],
  });
});
afterEach(async () => {
  await server.close();
});

const textLM = (options: LMOptions = {}) =>
  new LM("openai/gpt-3.5-turbo-instruct", {
    modelType: "text",
    baseURL: server.baseURL,
    apiKey: "sk-test",
    temperature: 0,
    maxTokens: 100,
    cache: false,
    ...options,
  });

// DSPy 3.4.1: dspy.LM("openai/gpt-3.5-turbo-instruct", model_type="text", temperature=0.0, max_tokens=100),
// dspy.Predict("question -> answer")(question="2+2?"), with litellm.text_completion mocked.
const PYTHON_PROMPT =
  "Your input fields are:\n1. `question` (str):\nYour output fields are:\n1. `answer` (str):\nAll interactions will be structured in the following way, with the appropriate values filled in.\n\n[[ ## question ## ]]\n{question}\n\n[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]\nIn adhering to this structure, your objective is: \n        Given the fields `question`, produce the fields `answer`.\n\n[[ ## question ## ]]\n2+2?\n\nRespond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.\n\nBEGIN RESPONSE:";

describe('LM with model_type "text"', () => {
  it("sends DSPy's prompt to /v1/completions and parses the text choice", async () => {
    const lm = textLM();
    const prediction = await context({ lm }, () => new Predict("question -> answer").call({ question: "2+2?" }));
    expect(prediction.get("answer")).toBe("4");
    expect(server.requests.map((request) => request.path)).toEqual(["/v1/completions"]);
    expect(server.requests[0]?.body).toEqual({
      model: "gpt-3.5-turbo-instruct",
      prompt: PYTHON_PROMPT,
      temperature: 0,
      max_tokens: 100,
    });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-test");
    const entry = lm.history.at(-1);
    expect(entry?.modelType).toBe("text");
    expect(entry?.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
  });

  it("keys the cache as DSPy 3.4.1 keys a text-completion call", () => {
    const messages = new ChatAdapter().format(new Signature("question -> answer"), [], { question: "2+2?" });
    const request = lmCacheRequest(
      "openai/gpt-3.5-turbo-instruct",
      messages,
      { temperature: 0, max_tokens: 100 },
      TEXT_FN_IDENTIFIER,
    );
    // DSPy 3.4.1's dspy.cache.cache_key for the call above.
    expect(lmCacheKey(request)).toBe("f8b29ef375dedaa427bb0675828e1aa492b1bd416848845b8ae6b7200174fb4a");
  });

  it("retries a rate-limited completion like a chat call", async () => {
    const lm = textLM({ numRetries: 1, retryDelay: { initialMs: 1 } });
    const outputs = await lm.call([{ role: "user", content: "flaky question" }]);
    expect(outputs[0]?.text).toContain("4");
    expect(server.requests).toHaveLength(2);
    const once = textLM({ numRetries: 0 });
    server.rules.unshift({ match: "flaky", times: 1, fault: { type: "status", status: 429 } });
    await expect(once.call([{ role: "user", content: "flaky again" }])).rejects.toBeInstanceOf(LMRateLimitError);
  });

  it("refuses providers without a text-completions API, and unknown model types", async () => {
    const anthropic = new LM("anthropic/claude-3-5-haiku", {
      modelType: "text",
      apiKey: "k",
      cache: false,
      numRetries: 0,
    });
    await expect(anthropic.call([{ role: "user", content: "hi" }])).rejects.toBeInstanceOf(LMConfigurationError);
    expect(() => new LM("openai/x", { modelType: "responses" as "text" })).toThrow(/model_type must be/);
  });
});
