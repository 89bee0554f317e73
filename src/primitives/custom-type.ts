import { pyJsonDumps } from "../utils/python-repr.js";

/** Marks where a custom type's content blocks start inside text (DSPy's legacy marker). */
export const CUSTOM_TYPE_START = "<<CUSTOM-TYPE-START-IDENTIFIER>>";
/** Marks where a custom type's content blocks end inside text. */
export const CUSTOM_TYPE_END = "<<CUSTOM-TYPE-END-IDENTIFIER>>";

/** An OpenAI-style content block, e.g. `{ type: "text", text }` or `{ type: "image_url", ... }`. */
export type ContentBlock = { type: string } & Record<string, unknown>;

/**
 * Base of DSPy's custom field types (`Image`, `History`, ...): values that render themselves
 * into content blocks or text instead of JSON.
 *
 * @example
 * class Audio extends CustomType { format() { return [{ type: "input_audio", input_audio: this.data }]; } }
 */
export abstract class CustomType {
  /** The blocks (or plain text) this value contributes to a message. */
  abstract format(): ContentBlock[] | string;

  /**
   * The value as DSPy serializes it inside prompt text: block lists wrapped in the custom-type
   * markers, text as it is.
   *
   * @example
   * new Image("https://x/cat.png").serialize(); // "<<CUSTOM-TYPE-START-IDENTIFIER>>[{...}]<<CUSTOM-TYPE-END-IDENTIFIER>>"
   */
  serialize(): string {
    const formatted = this.format();
    if (typeof formatted === "string") return formatted;
    return `${CUSTOM_TYPE_START}${pyJsonDumps(formatted)}${CUSTOM_TYPE_END}`;
  }
}
