import { isSpace } from "./py-json-repair-chars.js";

/**
 * json_repair's `ContextValues`: what the parser is reading, innermost last.
 */
export type JsonContextValue = "OBJECT_KEY" | "OBJECT_VALUE" | "ARRAY";

/**
 * The reading position of json_repair's `JSONParser` and its low-level moves. The text is held
 * as code points, because json_repair indexes Python strings (an emoji is one character), and
 * reads at a negative position wrap around to the end as Python indexing does.
 *
 * @example
 * const cursor = new JsonRepairCursor("  {🚀}");
 * cursor.skipWhitespaces(); // cursor.index === 2
 * cursor.skipToCharacter("}"); // 2
 */
export class JsonRepairCursor {
  /** The text being repaired, one code point per element (the parser may insert into it). */
  chars: string[];
  index = 0;
  /** json_repair's `JsonContext.context`: entered contexts, innermost last. */
  readonly contexts: JsonContextValue[] = [];

  constructor(text: string) {
    this.chars = Array.from(text);
  }

  /** `context.current`. */
  get current(): JsonContextValue | undefined {
    return this.contexts.at(-1);
  }

  /** `context.empty`. */
  get contextEmpty(): boolean {
    return this.contexts.length === 0;
  }

  /** `value in context.context`. */
  inContext(value: JsonContextValue): boolean {
    return this.contexts.includes(value);
  }

  /** `with context.enter(value): ...`. */
  within<T>(value: JsonContextValue, body: () => T): T {
    this.contexts.push(value);
    try {
      return body();
    } finally {
      this.contexts.pop();
    }
  }

  /** `json_str[position]`, with Python's negative indexing; `undefined` where it raises. */
  at(position: number): string | undefined {
    const absolute = position < 0 ? position + this.chars.length : position;
    return absolute < 0 ? undefined : this.chars[absolute];
  }

  /** `get_char_at(count)`: the character `count` places from the current one. */
  charAt(count = 0): string | undefined {
    return this.at(this.index + count);
  }

  /** `json_str[start:end]` for non-negative bounds, as a string. */
  text(start: number, end = this.chars.length): string {
    return this.chars.slice(Math.max(start, 0), Math.max(end, 0)).join("");
  }

  /** `skip_whitespaces`: moves the index past whitespace. */
  skipWhitespaces(): void {
    while (this.index < this.chars.length && isSpace(this.chars[this.index] as string)) this.index++;
  }

  /** `scroll_whitespaces`: the offset of the first non-whitespace at or after (before) `idx`. */
  scrollWhitespaces(idx = 0, backwards = false): number {
    const step = backwards ? -1 : 1;
    let offset = idx;
    let char = this.at(this.index + offset);
    while (char !== undefined && this.index + offset >= 0 && isSpace(char)) {
      offset += step;
      char = this.at(this.index + offset);
    }
    return offset;
  }

  /**
   * `skip_to_character`: the offset of the next target not escaped by an odd run of
   * backslashes, or the distance to the end when there is none.
   */
  skipToCharacter(character: string | readonly string[], idx = 0): number {
    const targets = typeof character === "string" ? [character] : character;
    const length = this.chars.length;
    let backslashes = 0;
    for (let i = this.index + idx; i < length; i++) {
      const char = this.at(i);
      if (char === "\\") {
        backslashes++;
        continue;
      }
      if (char !== undefined && targets.includes(char) && backslashes % 2 === 0) return i - this.index;
      backslashes = 0;
    }
    return length - this.index;
  }
}
