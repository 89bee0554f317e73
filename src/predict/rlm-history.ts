/** One REPL step: the LM's reasoning, the code it ran and what the code printed (DSPy's `REPLEntry`). */
export interface REPLEntry {
  reasoning: string;
  code: string;
  output: string;
}

/**
 * DSPy's `REPLEntry.format_output`: the output under an `Output (N chars):` header; past
 * `maxOutputChars` characters the middle is cut, leaving the head, a note of what was omitted
 * and the tail.
 *
 * @example
 * formatREPLOutput("hello", 10); // "Output (5 chars):\nhello"
 */
export function formatREPLOutput(output: string, maxOutputChars = 10_000): string {
  const chars = [...output];
  let shown = output;
  if (chars.length > maxOutputChars) {
    const head = Math.floor(maxOutputChars / 2);
    const tail = maxOutputChars > 0 ? maxOutputChars - head : head;
    const omitted = chars.length - maxOutputChars;
    const tailText = tail > 0 ? chars.slice(-tail).join("") : chars.join("");
    shown = `${chars.slice(0, head).join("")}\n\n... (${omitted.toLocaleString("en-US")} characters omitted) ...\n\n${tailText}`;
  }
  return `Output (${chars.length.toLocaleString("en-US")} chars):\n${shown}`;
}

/**
 * DSPy's `REPLHistory`: the REPL steps so far, immutable (`append` returns a new history). It
 * goes into RLM's prompts as its `format()` text, each step's output cut to `maxOutputChars`.
 *
 * @example
 * new REPLHistory().append({ reasoning: "Look.", code: "print(1)", output: "1\n" }).format();
 * // "=== Step 1 ===\nReasoning: Look.\nCode:\n```python\nprint(1)\n```\nOutput (2 chars):\n1\n"
 */
export class REPLHistory {
  readonly entries: readonly REPLEntry[];
  readonly maxOutputChars: number;

  constructor(entries: readonly REPLEntry[] = [], maxOutputChars = 10_000) {
    this.entries = entries;
    this.maxOutputChars = maxOutputChars;
  }

  /** A new history with one more step. */
  append(entry: { reasoning?: string; code: string; output: string }): REPLHistory {
    const next: REPLEntry = { reasoning: entry.reasoning ?? "", code: entry.code, output: entry.output };
    return new REPLHistory([...this.entries, next], this.maxOutputChars);
  }

  get length(): number {
    return this.entries.length;
  }

  /** The history's prompt text. */
  format(): string {
    if (this.entries.length === 0) return "You have not interacted with the REPL environment yet.";
    return this.entries
      .map((entry, index) => {
        const reasoning = entry.reasoning ? `Reasoning: ${entry.reasoning}\n` : "";
        const code = `\`\`\`python\n${entry.code}\n\`\`\``;
        return `=== Step ${index + 1} ===\n${reasoning}Code:\n${code}\n${formatREPLOutput(entry.output, this.maxOutputChars)}`;
      })
      .join("\n");
  }

  /** Serialises as its prompt text, as DSPy's model serializer does. */
  toJSON(): string {
    return this.format();
  }
}
