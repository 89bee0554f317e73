import { describe, expect, it } from "vitest";
import { jsonTextOutput, toGenerationSettings } from "./generation-settings.js";

describe("toGenerationSettings", () => {
  it("maps DSPy's sampling parameters and drops nulls and call-control keys", () => {
    const settings = toGenerationSettings({
      temperature: 0.7,
      max_tokens: null,
      max_completion_tokens: 200,
      top_p: 0.9,
      top_k: 40,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      seed: 7,
      stop: "###",
      n: 3,
      rollout_id: 2,
      api_key: "sk-secret",
      reasoning_effort: "low",
    });
    expect(settings).toEqual({
      temperature: 0.7,
      maxOutputTokens: 200,
      topP: 0.9,
      topK: 40,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      seed: 7,
      stopSequences: ["###"],
      reasoning: "low",
    });
  });

  it("passes unknown parameters through where the provider allows it, and reports them otherwise", () => {
    const passed = toGenerationSettings({ repetition_penalty: 1.1 }, { passthroughKey: "hostedVllm" });
    expect(passed.providerOptions).toEqual({ hostedVllm: { repetition_penalty: 1.1 } });
    const ignored: string[] = [];
    const dropped = toGenerationSettings({ repetition_penalty: 1.1 }, { onIgnored: (name) => ignored.push(name) });
    expect(dropped.providerOptions).toBeUndefined();
    expect(ignored).toEqual(["repetition_penalty"]);
  });

  it("builds tools without execute and maps a named tool_choice", () => {
    const settings = toGenerationSettings({
      tools: [{ type: "function", function: { name: "add", description: "Adds", parameters: { type: "object" } } }],
      tool_choice: { type: "function", function: { name: "add" } },
    });
    expect(Object.keys(settings.tools ?? {})).toEqual(["add"]);
    expect(settings.tools?.add?.execute).toBeUndefined();
    expect(settings.toolChoice).toEqual({ type: "tool", toolName: "add" });
  });
});

describe("jsonTextOutput", () => {
  it("requests JSON with the schema and hands back text that is not valid JSON unchanged", async () => {
    const schema = { type: "object", properties: {} };
    const output = jsonTextOutput({ type: "json_schema", json_schema: { name: "Out", schema } });
    expect(await output?.responseFormat).toEqual({ type: "json", schema, name: "Out" });
    const context = {} as Parameters<NonNullable<typeof output>["parseCompleteOutput"]>[1];
    expect(await output?.parseCompleteOutput({ text: "{broken" }, context)).toBe("{broken");
    expect(await jsonTextOutput({ type: "json_object" })?.responseFormat).toEqual({ type: "json" });
    expect(jsonTextOutput({ type: "text" })).toBeUndefined();
  });
});
