import type { FilePart, ModelMessage, TextPart, ToolCallPart } from "ai";
import { LMConfigurationError } from "../errors/lm-errors.js";
import type { ContentBlock } from "../primitives/custom-type.js";
import type { Message } from "./message.js";

/**
 * Converts OpenAI-shaped chat messages (what adapters produce) into AI SDK `ModelMessage`s:
 * text and `image_url` / `input_audio` / `file` content blocks, assistant `tool_calls`, and
 * `tool` results (whose tool name is looked up from the call that produced them).
 *
 * @example
 * toModelMessages([{ role: "user", content: [{ type: "text", text: "What is this?" },
 *   { type: "image_url", image_url: { url: "https://x/cat.png" } }] }]);
 */
export function toModelMessages(messages: readonly Message[]): ModelMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((message): ModelMessage => {
    switch (message.role) {
      case "system":
        return { role: "system", content: plainText(message.content) };
      case "user":
        return { role: "user", content: userContent(message.content) };
      case "assistant":
        return assistantMessage(message, toolNames);
      case "tool": {
        const toolCallId = message.tool_call_id ?? "";
        const toolName = message.name ?? toolNames.get(toolCallId) ?? "tool";
        const output = { type: "text" as const, value: plainText(message.content) };
        return { role: "tool", content: [{ type: "tool-result", toolCallId, toolName, output }] };
      }
      default:
        throw new LMConfigurationError(`unsupported message role ${JSON.stringify((message as Message).role)}`);
    }
  });
}

function assistantMessage(message: Message, toolNames: Map<string, string>): ModelMessage {
  const calls = (message.tool_calls ?? []) as OpenAIToolCall[];
  if (calls.length === 0) return { role: "assistant", content: plainText(message.content) };
  const text = plainText(message.content);
  const parts: (TextPart | ToolCallPart)[] = text ? [{ type: "text", text }] : [];
  for (const call of calls) {
    const toolName = call.function?.name ?? call.name ?? "tool";
    const toolCallId = call.id ?? `call_${toolNames.size}`;
    toolNames.set(toolCallId, toolName);
    parts.push({
      type: "tool-call",
      toolCallId,
      toolName,
      input: parseArguments(call.function?.arguments ?? call.arguments),
    });
  }
  return { role: "assistant", content: parts };
}

interface OpenAIToolCall {
  id?: string;
  name?: string;
  arguments?: unknown;
  function?: { name?: string; arguments?: unknown };
}

function parseArguments(value: unknown): unknown {
  if (typeof value !== "string") return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Text of a message whose roles take only text: block lists keep their text blocks. */
function plainText(content: Message["content"]): string {
  if (content === null) return "";
  if (typeof content === "string") return content;
  return content
    .filter((block) => block.type === "text")
    .map((block) => String(block.text ?? ""))
    .join("\n");
}

function userContent(content: Message["content"]): string | (TextPart | FilePart)[] {
  if (content === null) return "";
  if (typeof content === "string") return content;
  return content.map(contentPart);
}

function contentPart(block: ContentBlock): TextPart | FilePart {
  switch (block.type) {
    case "text":
      return { type: "text", text: String(block.text ?? "") };
    case "image_url": {
      const image = block.image_url as { url?: string } | string | undefined;
      const url = typeof image === "string" ? image : (image?.url ?? "");
      return urlPart(url, "image");
    }
    case "input_audio": {
      const audio = (block.input_audio ?? {}) as { data?: string; format?: string };
      return {
        type: "file",
        mediaType: `audio/${audio.format ?? "wav"}`,
        data: { type: "data", data: audio.data ?? "" },
      };
    }
    case "file":
    case "input_file": {
      const file = (block.file ?? block.input_file ?? {}) as {
        file_data?: string;
        filename?: string;
        file_id?: string;
      };
      if (!file.file_data) {
        throw new LMConfigurationError(
          "file content blocks need file_data; uploaded file_id references are not supported",
        );
      }
      return { ...urlPart(file.file_data, "application"), ...(file.filename ? { filename: file.filename } : {}) };
    }
    default:
      throw new LMConfigurationError(`unsupported content block type ${JSON.stringify(block.type)}`);
  }
}

/** A `data:` URL becomes inline bytes with its media type; any other URL is passed by reference. */
function urlPart(url: string, fallbackMediaType: string): FilePart {
  const match = /^data:([^;,]+)?((?:;[^;,]*)*?);base64,(.*)$/s.exec(url);
  if (match)
    return { type: "file", mediaType: match[1] ?? fallbackMediaType, data: { type: "data", data: match[3] ?? "" } };
  try {
    return { type: "file", mediaType: fallbackMediaType, data: { type: "url", url: new URL(url) } };
  } catch {
    throw new LMConfigurationError(`not a valid URL or base64 data URL: ${url.slice(0, 80)}`);
  }
}
