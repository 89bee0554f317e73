import { describe, expect, it } from "vitest";
import { isSecretKey, REDACTED, redact, redactText } from "./redact.js";

describe("redact", () => {
  it("blanks values under credential-named keys, whatever their spelling", () => {
    const input = {
      api_key: "plain-value",
      apiKey: 12345,
      "API-KEY": "x",
      Authorization: "whatever",
      nested: [{ headers: { "x-api-key": "abc", accept: "json" } }],
      password: { deep: true },
    };
    expect(redact(input)).toEqual({
      api_key: REDACTED,
      apiKey: REDACTED,
      "API-KEY": REDACTED,
      Authorization: REDACTED,
      nested: [{ headers: { "x-api-key": REDACTED, accept: "json" } }],
      password: REDACTED,
    });
  });

  it("keeps token counts and other look-alike keys", () => {
    const usage = { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15, max_tokens: 100, keys: ["a"] };
    expect(redact(usage)).toEqual(usage);
    expect(isSecretKey("tokens")).toBe(false);
    expect(isSecretKey("token")).toBe(true);
  });

  it("replaces keys quoted inside free text", () => {
    expect(redactText("Incorrect API key provided: sk-proj-AbC123_xyz-987. Retry.")).toBe(
      `Incorrect API key provided: ${REDACTED}. Retry.`,
    );
    expect(redactText("header Authorization: Bearer eyJhbGciOi.J9.x")).toBe(`header Authorization: Bearer ${REDACTED}`);
    expect(redactText("google AIzaSyA-1234567890abcdefghijklmnopqrstu")).toBe(`google ${REDACTED}`);
    // Short "sk-" words are ordinary text (e.g. a task name), not keys.
    expect(redactText("ask-me")).toBe("ask-me");
    expect(redact({ message: "key sk-ant-api03-deadbeef" })).toEqual({ message: `key ${REDACTED}` });
  });

  it("leaves numbers, booleans and null alone and does not mutate its input", () => {
    const input = { score: 1, ok: true, none: null, api_key: null, list: ["sk-1234567890"] };
    const output = redact(input);
    expect(output).toEqual({ score: 1, ok: true, none: null, api_key: null, list: [REDACTED] });
    expect(input.list[0]).toBe("sk-1234567890");
  });
});
