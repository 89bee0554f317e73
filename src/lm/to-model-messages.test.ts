import { describe, expect, it } from "vitest";
import { LMConfigurationError } from "../errors/lm-errors.js";
import { toModelMessages } from "./to-model-messages.js";

describe("toModelMessages", () => {
  it("keeps plain text messages as strings", () => {
    const converted = toModelMessages([
      { role: "system", content: "sys" },
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
    ]);
    expect(converted).toEqual([
      { role: "system", content: "sys" },
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
    ]);
  });

  it("turns image URLs, data URLs, audio and files into file parts", () => {
    const [message] = toModelMessages([
      {
        role: "user",
        content: [
          { type: "text", text: "look" },
          { type: "image_url", image_url: { url: "https://x.test/cat.png" } },
          { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQ" } },
          { type: "input_audio", input_audio: { data: "UklGRg==", format: "mp3" } },
          { type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0=" } },
        ],
      },
    ]);
    expect(message).toEqual({
      role: "user",
      content: [
        { type: "text", text: "look" },
        { type: "file", mediaType: "image", data: { type: "url", url: new URL("https://x.test/cat.png") } },
        { type: "file", mediaType: "image/jpeg", data: { type: "data", data: "/9j/4AAQ" } },
        { type: "file", mediaType: "audio/mp3", data: { type: "data", data: "UklGRg==" } },
        { type: "file", mediaType: "application/pdf", data: { type: "data", data: "JVBERi0=" }, filename: "a.pdf" },
      ],
    });
  });

  it("carries assistant tool calls and names tool results after the call that produced them", () => {
    const converted = toModelMessages([
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "search", arguments: '{"q":"x"}' } }],
      },
      { role: "tool", tool_call_id: "call_1", content: "found" },
    ]);
    expect(converted).toEqual([
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "call_1", toolName: "search", input: { q: "x" } }],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "call_1", toolName: "search", output: { type: "text", value: "found" } },
        ],
      },
    ]);
  });

  it("refuses content it cannot send instead of dropping it", () => {
    expect(() => toModelMessages([{ role: "user", content: [{ type: "video", video: {} }] }])).toThrow(
      LMConfigurationError,
    );
    expect(() => toModelMessages([{ role: "user", content: [{ type: "file", file: { file_id: "file-1" } }] }])).toThrow(
      "file_id",
    );
  });
});
