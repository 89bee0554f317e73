import type { Adapter } from "../adapters/adapter.js";
import { DSPyError } from "../errors/dspy-error.js";

/** How a {@link StreamListener} finds one field in one adapter's output (DSPy's `adapter_identifiers`). */
export interface AdapterMarkers {
  kind: "chat" | "json" | "xml";
  /** The text that opens the field: `[[ ## f ## ]]`, `"f":`, `<f>`. */
  start: string;
  /** Matches the text that closes it (the JSON adapter finds its end by parsing instead). */
  endPattern: RegExp;
  /** A character that may begin the start marker; seeing it starts buffering. */
  startIndicator: string;
  /** Held text ending with one of these may be the beginning of the end marker. */
  endPrefixes: readonly string[];
  /** Held text containing this may be a partial end marker. */
  endContains: string;
}

// Python's `\w` on str: letters, digits and the underscore of any script.
const CHAT_END = /\[\[ ## ([\p{L}\p{N}_]+) ## \]\]/u;

/**
 * The markers of `field` in the output of `adapter` (by its name, as DSPy looks up the class
 * name). Throws DSPy's "Unsupported adapter for streaming" error for other adapters.
 *
 * @example
 * adapterMarkers(new ChatAdapter(), "answer").start; // "[[ ## answer ## ]]"
 */
export function adapterMarkers(adapter: Adapter, field: string): AdapterMarkers {
  switch (adapter.name) {
    case "ChatAdapter":
      return {
        kind: "chat",
        start: `[[ ## ${field} ## ]]`,
        endPattern: CHAT_END,
        startIndicator: "[",
        endPrefixes: ["[", "[[", "[[ ", "[[ #", "[[ ##"],
        endContains: "[[ ##",
      };
    case "JSONAdapter":
      return {
        kind: "json",
        start: `"${field}":`,
        endPattern: /[\p{L}\p{N}_]*"(,|\s*\})/u,
        startIndicator: '"',
        endPrefixes: ['"', '",', '" ', '"}'],
        endContains: "}",
      };
    case "XMLAdapter":
      return {
        kind: "xml",
        start: `<${field}>`,
        endPattern: new RegExp(`</${field}>`, "u"),
        startIndicator: "<",
        endPrefixes: ["<", "</"],
        endContains: "</",
      };
    default:
      throw new DSPyError(
        `Unsupported adapter for streaming: ${adapter.name}, please use one of the following adapters: ChatAdapter, XMLAdapter, JSONAdapter`,
        { code: "unsupported_adapter" },
      );
  }
}
