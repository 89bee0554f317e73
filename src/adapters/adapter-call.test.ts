import { describe, expect, it } from "vitest";
import { AdapterParseError } from "../errors/adapter-parse-error.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Signature } from "../signatures/signature.js";
import { ChatAdapter } from "./chat-adapter.js";
import { JSONAdapter } from "./json-adapter.js";
import { structuredOutputFormat } from "./structured-output-format.js";
import { XMLAdapter } from "./xml-adapter.js";

/** Answers with a fixed text per call, in order, and records the calls. */
class RecordingLM implements BaseLM {
  readonly model = "test/recording";
  readonly kwargs = {};
  readonly calls: { messages: Message[]; kwargs: Record<string, unknown> }[] = [];
  constructor(
    private readonly texts: (string | null)[],
    readonly supportedParams: ReadonlySet<string> = new Set(),
    readonly supportsResponseSchema = false,
  ) {}
  async call(messages: Message[], kwargs: Record<string, unknown>): Promise<LMOutput[]> {
    this.calls.push({ messages, kwargs });
    return [{ text: this.texts[this.calls.length - 1] ?? null }];
  }
}

const signature = new Signature("question -> answer: int");

describe("Adapter.call", () => {
  it("parses a well-formed answer with one LM call", async () => {
    const lm = new RecordingLM(["[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]"]);
    expect(await new ChatAdapter().call(lm, { temperature: 0 }, signature, [], { question: "2+2?" })).toEqual([
      { answer: 4 },
    ]);
    expect(lm.calls).toHaveLength(1);
    expect(lm.calls[0]?.kwargs).toEqual({ temperature: 0 });
  });

  it("falls back to the JSON adapter once when the chat answer does not parse", async () => {
    const lm = new RecordingLM(["I think it is four.", '{"answer": 4}']);
    expect(await new ChatAdapter().call(lm, {}, signature, [], { question: "2+2?" })).toEqual([{ answer: 4 }]);
    expect(lm.calls).toHaveLength(2);
    expect(lm.calls[1]?.messages.at(-1)?.content).toContain(
      "Respond with a JSON object in the following order of fields: `answer`",
    );
  });

  it("does not fall back when disabled, and carries the raw LM text", async () => {
    const lm = new RecordingLM(["I think it is four."]);
    const call = new ChatAdapter({ useJsonAdapterFallback: false }).call(lm, {}, signature, [], { question: "2+2?" });
    await expect(call).rejects.toBeInstanceOf(AdapterParseError);
    await expect(call).rejects.toMatchObject({ lmResponse: "I think it is four." });
    expect(lm.calls).toHaveLength(1);
  });

  it("XMLAdapter falls back to JSON as Python's subclass does", async () => {
    const lm = new RecordingLM(["<answer>4", '{"answer": "4"}']);
    expect(await new XMLAdapter().call(lm, {}, signature, [], { question: "2+2?" })).toEqual([{ answer: 4 }]);
    expect(lm.calls).toHaveLength(2);
  });

  it("rejects an empty completion with DSPy's message", async () => {
    const lm = new RecordingLM([null, null]);
    await expect(new JSONAdapter().call(lm, {}, signature, [], { question: "?" })).rejects.toThrow(
      "The LM returned an empty or null response.",
    );
  });
});

describe("JSONAdapter response_format", () => {
  it("sends none when the provider does not take response_format", async () => {
    const lm = new RecordingLM(['{"answer": 1}']);
    await new JSONAdapter().call(lm, {}, signature, [], { question: "?" });
    expect(lm.calls[0]?.kwargs).toEqual({});
  });

  it("uses JSON mode without schema support or with an open dict output", async () => {
    const jsonMode = new RecordingLM(['{"answer": 1}'], new Set(["response_format"]), false);
    await new JSONAdapter().call(jsonMode, {}, signature, [], { question: "?" });
    expect(jsonMode.calls[0]?.kwargs.response_format).toEqual({ type: "json_object" });
    const withDict = new RecordingLM(['{"m": {}}'], new Set(["response_format"]), true);
    await new JSONAdapter().call(withDict, {}, new Signature("q -> m: dict[str, int]"), [], { q: "?" });
    expect(withDict.calls[0]?.kwargs.response_format).toEqual({ type: "json_object" });
  });

  it("sends DSPy's strict DSPyProgramOutputs schema when supported", async () => {
    const lm = new RecordingLM(['{"answer": 1}'], new Set(["response_format"]), true);
    await new JSONAdapter().call(lm, {}, signature, [], { question: "?" });
    expect(lm.calls[0]?.kwargs.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "DSPyProgramOutputs", strict: true },
    });
  });

  // Expected schemas printed by DSPy 3.4.1's _get_structured_outputs_response_format(...).model_json_schema().
  it.each([
    [
      "q -> answer: int, items: list[str], maybe: Optional[float]",
      '{"additionalProperties": false, "properties": {"answer": {"title": "Answer", "type": "integer"}, "items": {"items": {"type": "string"}, "title": "Items", "type": "array"}, "maybe": {"anyOf": [{"type": "number"}, {"type": "null"}], "title": "Maybe"}}, "required": ["answer", "items", "maybe"], "title": "DSPyProgramOutputs", "type": "object"}',
    ],
    [
      'q -> pairs: list[tuple[int, str]], label: Literal["a", "b"]',
      '{"additionalProperties": false, "properties": {"pairs": {"items": {"maxItems": 2, "minItems": 2, "prefixItems": [{"type": "integer"}, {"type": "string"}], "type": "array"}, "title": "Pairs", "type": "array"}, "label": {"enum": ["a", "b"], "title": "Label", "type": "string"}}, "required": ["pairs", "label"], "title": "DSPyProgramOutputs", "type": "object"}',
    ],
  ])("builds the same schema as DSPy for %s", (text, expected) => {
    const format = structuredOutputFormat(new Signature(text));
    expect(format?.type).toBe("json_schema");
    const schema = format?.type === "json_schema" ? format.json_schema.schema : undefined;
    expect(schema).toEqual(JSON.parse(expected));
  });
});
