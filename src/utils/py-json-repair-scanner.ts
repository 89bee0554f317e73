import type { Decoded } from "./decoded.js";
import { isExplicitTuple, JSON_REPAIR_QUOTES, matchingEnd } from "./py-json-repair-brackets.js";
import { repairContainer } from "./py-json-repair-container.js";
import { isPythonSpace, pyStrip } from "./py-string.js";

/**
 * json_repair's top-level `parse_json` loop: walks the text for the values it holds, skipping
 * prose and comments, with `jsonrepair` repairing each container (see `repairContainer`).
 *
 * @example
 * const scanner = new TopLevelScanner('Sure: {"a": 1} and [2]');
 * scanner.element(); // { a: 1 }
 * scanner.element(); // [2]
 */
export class TopLevelScanner {
  /** Where scanning resumes: just after the last value read. */
  index = 0;
  private checkInitialQuote = true;

  constructor(private readonly text: string) {}

  /** The next top-level value, or `""` when the rest of the text holds none. */
  element(): unknown {
    const text = this.text;
    while (this.index < text.length) {
      const char = text[this.index] as string;
      if (char === "{" || char === "[") {
        this.checkInitialQuote = false; // only the first value may be a brace-less object
        return this.container(this.index, char === "{" ? "}" : "]");
      }
      if (char === "(" && this.parenthesizedCanStart()) return this.parenthesized();
      if (char === "#" || char === "/") {
        this.skipComment();
        continue;
      }
      if (JSON_REPAIR_QUOTES.has(char) && this.checkInitialQuote) {
        this.checkInitialQuote = false;
        const braced = this.missingOpeningBrace();
        if (braced.ok) return braced.value;
      }
      this.index++;
    }
    this.checkInitialQuote = false;
    return "";
  }

  /** Whether a comma separates the last value read from the next one. */
  nextIsCommaSeparated(): boolean {
    let ahead = this.index;
    while (ahead < this.text.length && isPythonSpace(this.text[ahead] as string)) ahead++;
    if (this.text[ahead] === ",") return true;
    let behind = this.index - 1;
    while (behind >= 0 && isPythonSpace(this.text[behind] as string)) behind--;
    return behind >= 0 && this.text[behind] === ",";
  }

  private container(start: number, close: string): unknown {
    const end = matchingEnd(this.text, start, close);
    this.index = end;
    return repairContainer(this.text.slice(start, end));
  }

  private skipComment(): void {
    const text = this.text;
    if (text[this.index] === "#" || text.startsWith("//", this.index)) {
      while (this.index < text.length && text[this.index] !== "\n" && text[this.index] !== "\r") this.index++;
    } else if (text.startsWith("/*", this.index)) {
      const close = text.indexOf("*/", this.index + 2);
      this.index = close === -1 ? text.length : close + 2;
    } else {
      this.index++;
    }
  }

  /** `_try_parse_missing_opening_object`: `"a": 1}` is an object missing its `{`. */
  private missingOpeningBrace(): Decoded {
    if (pyStrip(this.text.slice(0, this.index)) !== "" || !this.text.trimEnd().endsWith("}")) return { ok: false };
    try {
      const value: unknown = JSON.parse(`{${this.text}`);
      this.index = this.text.length;
      return { ok: true, value };
    } catch {
      return { ok: false };
    }
  }

  /** `top_level_parenthesized_can_start_value`: `(` alone on its line, before a value. */
  private parenthesizedCanStart(): boolean {
    const text = this.text;
    for (let i = this.index - 1; i >= 0 && text[i] !== "\n" && text[i] !== "\r"; i--) {
      if (!isPythonSpace(text[i] as string)) return false;
    }
    let inner = this.index + 1;
    while (inner < text.length && isPythonSpace(text[inner] as string)) inner++;
    const first = text[inner];
    if (first === undefined) return false;
    const word = text.slice(inner, inner + 5).toLowerCase();
    const startsValue =
      "){[(-.".includes(first) ||
      JSON_REPAIR_QUOTES.has(first) ||
      /\p{Nd}/u.test(first) ||
      ["true", "null", "none"].includes(word.slice(0, 4)) ||
      word === "false";
    if (!startsValue) return false;
    const end = matchingEnd(text, this.index, ")");
    if (text[end - 1] !== ")") return true;
    const rest = text.slice(end);
    const lineEnd = rest.search(/[\n\r]/);
    return pyStrip(lineEnd === -1 ? rest : rest.slice(0, lineEnd)) === "";
  }

  /** `parse_parenthesized`: a tuple becomes a list; `(x)` is just `x`. */
  private parenthesized(): unknown {
    const start = this.index;
    const end = matchingEnd(this.text, start, ")");
    this.index = end;
    const inner = this.text.slice(start + 1, this.text[end - 1] === ")" ? end - 1 : end);
    const values = repairContainer(`[${inner}]`);
    if (!Array.isArray(values)) return values;
    return isExplicitTuple(inner) || values.length !== 1 ? values : values[0];
  }
}
