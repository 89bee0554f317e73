import type { ContentBlock } from "../primitives/custom-type.js";

/**
 * A chat message as adapters produce it and LMs receive it (OpenAI chat shape): `content` is a
 * string, or a list of content blocks when the message carries images or other media.
 */
export interface Message {
  role: "system" | "user" | "assistant" | "tool";
  content: string | ContentBlock[] | null;
  tool_calls?: unknown[];
  tool_call_id?: string;
  name?: string;
}
