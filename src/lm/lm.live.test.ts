import { describe, expect, it } from "vitest";
import { LMAuthError } from "../errors/lm-errors.js";
import { LM } from "./lm.js";

// Real provider calls: skipped unless DSPY_LIVE_TESTS=1 (and OPENAI_API_KEY is set).
const live = process.env.DSPY_LIVE_TESTS === "1";
const model = process.env.DSPY_LIVE_OPENAI_MODEL ?? "openai/gpt-4o-mini";

describe.skipIf(!live)("LM against the real OpenAI API", () => {
  it("answers a question", async () => {
    const lm = new LM(model, { temperature: 0, maxTokens: 20, cache: false, timeoutMs: 30_000 });
    const [output] = await lm.call([{ role: "user", content: "Reply with the single word: pong" }]);
    expect(output?.text?.toLowerCase()).toContain("pong");
    expect(output?.usage.total_tokens).toBeGreaterThan(0);
  });

  it("follows a json_schema response format", async () => {
    const lm = new LM(model, { temperature: 0, maxTokens: 50, cache: false, timeoutMs: 30_000 });
    const schema = {
      type: "object",
      properties: { answer: { type: "integer" } },
      required: ["answer"],
      additionalProperties: false,
    };
    const responseFormat = { type: "json_schema", json_schema: { name: "Out", strict: true, schema } };
    const [output] = await lm.call([{ role: "user", content: "What is 2+2?" }], { response_format: responseFormat });
    expect(JSON.parse(output?.text ?? "")).toEqual({ answer: 4 });
  });

  it("returns n completions", async () => {
    const lm = new LM(model, { temperature: 1, maxTokens: 5, cache: false, timeoutMs: 30_000 });
    const outputs = await lm.call([{ role: "user", content: "Say any word." }], { n: 2 });
    expect(outputs).toHaveLength(2);
  });

  it("reports a bad key as LMAuthError without retrying", async () => {
    const lm = new LM(model, { apiKey: "sk-invalid", cache: false, numRetries: 3 });
    await expect(lm.call([{ role: "user", content: "hi" }])).rejects.toBeInstanceOf(LMAuthError);
  });
});
