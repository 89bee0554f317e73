import { pyCapitalize, pyLstrip, pyStrip } from "../utils/py-string.js";
import { pyJsonDumps, pyStr } from "../utils/python-repr.js";
import type { LMOutput } from "./base-lm.js";
import type { LMHistoryEntry } from "./lm-history.js";
import type { Message } from "./message.js";

/** Options for {@link formatHistory}. */
export interface FormatHistoryOptions {
  /** ANSI colours, as DSPy uses when printing to stdout (default true). */
  colors?: boolean;
}

type HistoryLike = Pick<LMHistoryEntry, "messages" | "outputs" | "timestamp"> & { prompt?: string | null };

/**
 * DSPy's `pretty_print_history` (`dspy/utils/inspect_history.py`) as a string, byte for byte:
 * the last `n` entries with their messages, images as placeholders, tool calls, the first
 * response and a count of the other completions.
 *
 * @example
 * process.stdout.write(formatHistory(lm.history, 1, { colors: false }));
 */
export function formatHistory(history: readonly HistoryLike[], n = 1, options: FormatHistoryOptions = {}): string {
  const colors = options.colors ?? true;
  const paint = (code: string, text: string, end = "\n") => (colors ? `\x1b[${code}m${text}\x1b[0m${end}` : text + end);
  const blue = (text: string) => paint("34", text);
  const red = (text: string, end = "\n") => paint("31", text, end);
  const green = (text: string) => paint("32", pyLstrip(text));
  let out = "";
  // Python's print(x) writes str(x) and a newline.
  const print = (text: string) => {
    out += `${text}\n`;
  };

  const printToolCalls = (toolCalls: unknown[] | undefined) => {
    if (toolCalls && toolCalls.length > 0) print(red("Tool calls:"));
    for (const call of toolCalls ?? []) print(green(toolCallLine(call as Record<string, unknown>)));
  };

  // history[-n:] in Python: n = 0 (and -0) keeps everything.
  for (const item of history.slice(-n)) {
    const messages: Message[] =
      item.messages.length > 0 ? item.messages : [{ role: "user", content: item.prompt ?? null }];
    print("\n\n\n");
    print(blue(`[${item.timestamp ?? "Unknown time"}]`));
    for (const message of messages) {
      print(red(`${pyCapitalize(message.role)} message:`));
      if (typeof message.content === "string") print(pyStrip(message.content));
      else for (const block of message.content ?? []) printBlock(block, print, blue);
      printToolCalls(message.tool_calls);
      print("\n");
    }
    const first = item.outputs[0];
    if (outputsAreDicts(item.outputs)) {
      if (first?.text) {
        print(red("Response:"));
        print(green(pyStrip(first.text)));
      }
      printToolCalls(first?.toolCalls);
    } else {
      print(red("Response:"));
      print(green(pyStrip(first?.text ?? "")));
    }
    if (item.outputs.length > 1) print(red(` \t (and ${item.outputs.length - 1} other completions)`, ""));
  }
  print("\n\n\n");
  return out;
}

/** DSPy keeps outputs as plain strings unless some output carries more than text. */
function outputsAreDicts(outputs: readonly LMOutput[]): boolean {
  return outputs.some(
    (output) =>
      output.toolCalls !== undefined || output.reasoningContent !== undefined || output.logprobs !== undefined,
  );
}

function printBlock(block: Record<string, unknown>, print: (text: string) => void, blue: (text: string) => string) {
  if (block.type === "text") {
    print(pyStrip(String(block.text ?? "")));
  } else if (block.type === "image_url") {
    const url = String((block.image_url as { url?: string } | undefined)?.url ?? "");
    const parts = url.split("base64,");
    const text = url.includes("base64")
      ? `<${parts[0]}base64,<IMAGE BASE 64 ENCODED(${[...(parts[1] ?? "")].length})>`
      : `<image_url: ${url}>`;
    print(blue(pyStrip(text)));
  } else if (block.type === "input_audio") {
    const audio = (block.input_audio ?? {}) as { format?: string; data?: string };
    print(blue(`<audio format='${audio.format}' base64-encoded, length=${[...(audio.data ?? "")].length}>`));
  } else if (block.type === "file" || block.type === "input_file") {
    const file = (block.file ?? block.input_file ?? {}) as Record<string, string | undefined>;
    const length = [...(file.file_data ?? "")].length;
    print(blue(`<file: name:${file.filename ?? ""}, id:${file.file_id ?? ""}, data_length:${length}>`));
  }
}

/** `name: {json args}` as DSPy prints one tool call (OpenAI or flat shape). */
function toolCallLine(call: Record<string, unknown>): string {
  const fn = (call.function ?? {}) as Record<string, unknown>;
  let args: unknown = fn.arguments ?? call.args ?? call.arguments ?? {};
  if (typeof args === "string") {
    try {
      args = JSON.parse(args);
    } catch {
      // DSPy keeps arguments that are not JSON as their raw text.
    }
  }
  const name = (fn.name as string | undefined) || ((call.name as string | undefined) ?? "<unknown>");
  const rendered = args !== null && typeof args === "object" ? pyJsonDumps(args) : pyStr(args);
  return `${name}: ${rendered}`;
}
