import { describe, expect, it } from "vitest";
import { AdapterParseError } from "../errors/adapter-parse-error.js";
import { Signature } from "../signatures/signature.js";
import type { Adapter } from "./adapter.js";
import { ChatAdapter } from "./chat-adapter.js";
import { JSONAdapter } from "./json-adapter.js";
import { XMLAdapter } from "./xml-adapter.js";

// The contract every adapter keeps, run against each implementation.
const adapters: [string, () => Adapter][] = [
  ["ChatAdapter", () => new ChatAdapter()],
  ["JSONAdapter", () => new JSONAdapter()],
  ["XMLAdapter", () => new XMLAdapter()],
];

describe.each(adapters)("%s conformance", (name, make) => {
  const adapter = make();
  const signature = new Signature("question, context: list[str] -> answer: int, notes, tags: list[str]");
  const outputs = { answer: 42, notes: "multi\nline «notes» & <tags>", tags: ["a", "b c"] };

  it("reports its DSPy name", () => {
    expect(adapter.name).toBe(name);
  });

  it("lays out system, demos, then the request", () => {
    const demos = [
      { question: "q1", context: ["c"], ...outputs },
      { question: "q2", answer: 1 },
    ];
    const messages = adapter.format(signature, demos, { question: "Why?", context: ["x", "y"] });
    expect(messages.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
    ]);
    expect(messages[0]?.content).toContain("Your input fields are:\n1. `question` (str): \n2. `context` (list[str]):");
    expect(messages[1]?.content).toContain(
      "This is an example of the task, though some input or output fields are not supplied.",
    );
    expect(messages.at(-1)?.content).toContain("Why?");
  });

  it("parses back what it writes as an assistant turn", () => {
    const text = adapter.formatAssistantMessageContent(signature, outputs);
    expect(adapter.parse(signature, text)).toEqual(outputs);
  });

  it("raises AdapterParseError carrying the raw text when outputs are missing", () => {
    try {
      adapter.parse(signature, "I cannot answer that.");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AdapterParseError);
      expect((error as AdapterParseError).code).toBe("adapter_parse_error");
      expect((error as AdapterParseError).message).toContain(
        "Expected to find output fields in the LM response: [answer, notes, tags]",
      );
    }
  });

  it("fills missing Optional outputs with null instead of failing", () => {
    const optional = new Signature("q -> a: Optional[int], b");
    const text = adapter.formatAssistantMessageContent(new Signature("q -> b"), { b: "only b" });
    expect(adapter.parse(optional, text)).toEqual({ a: null, b: "only b" });
  });
});
