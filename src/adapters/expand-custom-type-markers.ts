import { type ContentBlock, CUSTOM_TYPE_END, CUSTOM_TYPE_START } from "../primitives/custom-type.js";
import { pyJsonRepairLoads } from "../utils/py-json-repair.js";
import { pyStrip } from "../utils/py-string.js";
import { pyStr } from "../utils/python-repr.js";
import type { Message } from "./message.js";

const MARKER = new RegExp(`${escapeRegex(CUSTOM_TYPE_START)}([\\s\\S]*?)${escapeRegex(CUSTOM_TYPE_END)}`, "g");

/**
 * Turns the custom-type markers in a user message into OpenAI content blocks (text around them
 * kept as text blocks), as DSPy does before sending. Other messages pass through unchanged.
 *
 * @example
 * expandCustomTypeMarkers({ role: "user", content: "[[ ## image ## ]]\n<<CUSTOM-TYPE-START-IDENTIFIER>>[...]<<CUSTOM-TYPE-END-IDENTIFIER>>" });
 */
export function expandCustomTypeMarkers(message: Message): Message {
  if (message.role !== "user" || typeof message.content !== "string") return message;
  const text = message.content;
  if (!text.includes(CUSTOM_TYPE_START)) return message;
  const blocks: ContentBlock[] = [];
  let lastEnd = 0;
  for (const match of text.matchAll(MARKER)) {
    const start = match.index;
    if (start > lastEnd) blocks.push({ type: "text", text: text.slice(lastEnd, start) });
    blocks.push(...payloadBlocks(pyStrip(match[1] as string)));
    lastEnd = start + match[0].length;
  }
  if (lastEnd < text.length) blocks.push({ type: "text", text: text.slice(lastEnd) });
  return { ...message, content: blocks };
}

function payloadBlocks(payload: string): ContentBlock[] {
  const parsed = parsePayload(payload);
  if (!Array.isArray(parsed)) return [{ type: "text", text: payload }];
  return parsed.map((block) =>
    block !== null && typeof block === "object" && !Array.isArray(block)
      ? (block as ContentBlock)
      : { type: "text", text: pyStr(block) },
  );
}

// DSPy tries plain JSON, then JSON that was string-escaped once more (a marker nested inside a
// JSON-encoded container, e.g. list[Image]), then json_repair (which never throws).
function parsePayload(payload: string): unknown {
  const attempts = [
    () => JSON.parse(payload),
    () => JSON.parse(JSON.parse(`"${payload}"`)),
    () => pyJsonRepairLoads(payload),
  ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {}
  }
  return undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
