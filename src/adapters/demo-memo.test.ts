import { describe, expect, it } from "vitest";
import { Signature } from "../signatures/signature.js";
import { ChatAdapter } from "./chat-adapter.js";
import { JSONAdapter } from "./json-adapter.js";

const signature = new Signature("question, context: list[str] -> answer, confidence: float");
const demo = () => ({ question: "q0", context: ["a", "b"], answer: "a0", confidence: 0.9 });

describe("memoised demo messages", () => {
  it("formats the same demos to the same messages on every call, as fresh objects", () => {
    const adapter = new ChatAdapter();
    const first = adapter.format(signature, [demo()], { question: "x", context: [] });
    const second = adapter.format(signature, [demo()], { question: "y", context: [] });
    expect(second.slice(0, 3)).toEqual(first.slice(0, 3));
    expect(second[1]).not.toBe(first[1]);
    expect(second[3]?.content).toContain("y");
  });

  it("reformats a demo edited in place, nested values included", () => {
    const adapter = new ChatAdapter();
    const demos = [demo()];
    adapter.format(signature, demos, { question: "x", context: [] });
    demos[0]?.context.push("c");
    const edited = adapter.format(signature, demos, { question: "x", context: [] });
    expect(edited[1]?.content).toContain(`["a", "b", "c"]`);
    const [first] = demos;
    if (first) first.confidence = 0.25;
    expect(adapter.format(signature, demos, { question: "x", context: [] })[2]?.content).toContain("0.25");
  });

  it("keeps adapter classes apart and respects per-object overrides", () => {
    const chat = new ChatAdapter().format(signature, [demo()], { question: "x", context: [] });
    const json = new JSONAdapter().format(signature, [demo()], { question: "x", context: [] });
    expect(json[2]?.content).not.toBe(chat[2]?.content);
    const custom = new ChatAdapter();
    custom.formatAssistantMessageContent = () => "custom";
    expect(custom.format(signature, [demo()], { question: "x", context: [] })[2]?.content).toBe("custom");
  });
});
