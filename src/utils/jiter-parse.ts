/**
 * A port of the parts of `jiter.from_json` (jiter 0.19, the Rust JSON parser DSPy's JSONAdapter
 * stream listener uses) that decide *whether* a text parses and *which keys* an object has, in
 * strict mode and in partial mode `"trailing-strings"`. Values come back as plain JavaScript
 * (objects as `Map`s, so key order and duplicate keys behave like a Python dict).
 */

/** jiter's error kinds (the subset this parser can raise). */
export type JiterErrorType =
  | "EofWhileParsingList"
  | "EofWhileParsingObject"
  | "EofWhileParsingString"
  | "EofWhileParsingValue"
  | "ExpectedListCommaOrEnd"
  | "ExpectedObjectCommaOrEnd"
  | "ExpectedColon"
  | "KeyMustBeAString"
  | "TrailingComma"
  | "TrailingCharacters"
  | "ExpectedSomeValue"
  | "ExpectedSomeIdent"
  | "InvalidNumber"
  | "InvalidEscape"
  | "ControlCharacterWhileParsingString"
  | "LoneLeadingSurrogateInHexEscape"
  | "UnexpectedEndOfHexEscape"
  | "RecursionLimitExceeded";

/** Raised where `jiter.from_json` raises `ValueError`. */
export class JiterError extends Error {
  constructor(
    readonly type: JiterErrorType,
    readonly index: number,
  ) {
    super(`${type} at index ${index}`);
    this.name = "JiterError";
  }
}

// Errors a partial parse forgives inside a list or object: the text simply stopped there.
const PARTIAL_OK = new Set<JiterErrorType>([
  "EofWhileParsingList",
  "EofWhileParsingObject",
  "EofWhileParsingString",
  "EofWhileParsingValue",
  "ExpectedListCommaOrEnd",
  "ExpectedObjectCommaOrEnd",
]);

const RECURSION_LIMIT = 200;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * `jiter.from_json(text, partial_mode=...)`, with `allow_inf_nan=True` as jiter's default.
 * Throws {@link JiterError} where jiter raises.
 *
 * @example
 * jiterParse('{"answer": "Par', { partial: true }); // Map { "answer" => "Par" }
 * jiterParse('{"answer": "Par', { partial: false }); // throws JiterError (EofWhileParsingString)
 */
export function jiterParse(text: string, options: { partial: boolean }): unknown {
  const parser = new Parser(text, options.partial);
  const value = parser.takeValue(parser.peek());
  if (!options.partial) parser.finish();
  return value;
}

class Parser {
  index = 0;
  #depth = RECURSION_LIMIT;

  constructor(
    readonly data: string,
    readonly partial: boolean,
  ) {}

  peek(): string {
    const next = this.#eatWhitespace();
    if (next === undefined) throw new JiterError("EofWhileParsingValue", this.index);
    return next;
  }

  finish(): void {
    if (this.#eatWhitespace() !== undefined) throw new JiterError("TrailingCharacters", this.index);
  }

  takeValue(peek: string): unknown {
    switch (peek) {
      case "n":
        this.#consumeIdent("ull");
        return null;
      case "t":
        this.#consumeIdent("rue");
        return true;
      case "f":
        this.#consumeIdent("alse");
        return false;
      case '"':
        return this.#string(this.partial);
      case "[":
        return this.#array();
      case "{":
        return this.#object();
      default:
        return this.#number(peek);
    }
  }

  #checkTakeValue(peek: string): unknown {
    if (this.#depth === 0) throw new JiterError("RecursionLimitExceeded", this.index);
    this.#depth--;
    try {
      return this.takeValue(peek);
    } finally {
      this.#depth++;
    }
  }

  #array(): unknown[] {
    const items: unknown[] = [];
    try {
      this.index++;
      const first = this.#eatWhitespace();
      if (first === undefined) throw new JiterError("EofWhileParsingList", this.index);
      if (first === "]") {
        this.index++;
        return items;
      }
      items.push(this.#checkTakeValue(first));
      for (;;) {
        const next = this.#eatWhitespace();
        if (next === undefined) throw new JiterError("EofWhileParsingList", this.index);
        if (next === "]") {
          this.index++;
          return items;
        }
        if (next !== ",") throw new JiterError("ExpectedListCommaOrEnd", this.index);
        this.index++;
        const peek = this.#eatWhitespace();
        if (peek === undefined) throw new JiterError("EofWhileParsingValue", this.index);
        if (peek === "]") throw new JiterError("TrailingComma", this.index);
        items.push(this.#checkTakeValue(peek));
      }
    } catch (error) {
      if (this.#forgiven(error)) return items;
      throw error;
    }
  }

  #object(): Map<string, unknown> {
    const entries = new Map<string, unknown>();
    try {
      this.index++;
      const first = this.#eatWhitespace();
      if (first === undefined) throw new JiterError("EofWhileParsingObject", this.index);
      if (first === "}") {
        this.index++;
        return entries;
      }
      if (first !== '"') throw new JiterError("KeyMustBeAString", this.index);
      for (;;) {
        const key = this.#key();
        // Python's dict keeps a repeated key at its first position with the latest value.
        entries.set(key, this.#checkTakeValue(this.peek()));
        const next = this.#eatWhitespace();
        if (next === undefined) throw new JiterError("EofWhileParsingObject", this.index);
        if (next === "}") {
          this.index++;
          return entries;
        }
        if (next !== ",") throw new JiterError("ExpectedObjectCommaOrEnd", this.index);
        this.index++;
        const quote = this.#eatWhitespace();
        if (quote === undefined) throw new JiterError("EofWhileParsingValue", this.index);
        if (quote === "}") throw new JiterError("TrailingComma", this.index);
        if (quote !== '"') throw new JiterError("KeyMustBeAString", this.index);
      }
    } catch (error) {
      if (this.#forgiven(error)) return entries;
      throw error;
    }
  }

  #key(): string {
    const key = this.#string(false);
    const next = this.#eatWhitespace();
    if (next === undefined) throw new JiterError("EofWhileParsingObject", this.index);
    if (next !== ":") throw new JiterError("ExpectedColon", this.index);
    this.index++;
    return key;
  }

  /** A string starting at the opening quote; `allowPartial` returns what there is at the end of the text. */
  #string(allowPartial: boolean): string {
    const data = this.data;
    let index = this.index + 1;
    let out = "";
    for (;;) {
      const char = data[index];
      if (char === undefined) {
        if (!allowPartial) throw new JiterError("EofWhileParsingString", index);
        this.index = index;
        return out;
      }
      if (char === '"') {
        this.index = index + 1;
        return out;
      }
      if (char < " ") throw new JiterError("ControlCharacterWhileParsingString", index);
      if (char !== "\\") {
        out += char;
        index++;
        continue;
      }
      index++;
      const escaped = data[index];
      if (escaped === undefined) {
        if (!allowPartial) throw new JiterError("EofWhileParsingString", index);
        this.index = index;
        return out;
      }
      if (escaped === "u") {
        try {
          const [decoded, end] = this.#unicodeEscape(index);
          out += decoded;
          index = end + 1;
        } catch (error) {
          if (allowPartial && error instanceof JiterError && error.type === "EofWhileParsingString") {
            this.index = error.index;
            return out;
          }
          throw error;
        }
        continue;
      }
      const simple = ESCAPES[escaped];
      if (simple === undefined) throw new JiterError("InvalidEscape", index);
      out += simple;
      index++;
    }
  }

  /** `\uXXXX` (and a surrogate pair's second half) with `index` at the `u`; returns the text and the last index. */
  #unicodeEscape(index: number): [string, number] {
    const data = this.data;
    const [high, end] = this.#u4(index);
    if (high >= 0xdc00 && high <= 0xdfff) throw new JiterError("LoneLeadingSurrogateInHexEscape", end);
    if (high < 0xd800 || high > 0xdbff) return [String.fromCharCode(high), end];
    const after = data.slice(end + 1, end + 3);
    if (after.length === 2 && after === "\\u") {
      const [low, lowEnd] = this.#u4(end + 2);
      if (low < 0xdc00 || low > 0xdfff) throw new JiterError("LoneLeadingSurrogateInHexEscape", lowEnd);
      return [String.fromCharCode(high, low), lowEnd];
    }
    if (after.length === 2) {
      throw new JiterError("UnexpectedEndOfHexEscape", after.startsWith("\\") ? end + 2 : end + 1);
    }
    if (after === "" || after === "\\") throw new JiterError("EofWhileParsingString", data.length);
    throw new JiterError("UnexpectedEndOfHexEscape", end + 1);
  }

  #u4(index: number): [number, number] {
    const hex = this.data.slice(index + 1, index + 5);
    if (hex.length < 4) throw new JiterError("EofWhileParsingString", this.data.length);
    for (let offset = 0; offset < 4; offset++) {
      if (!/[0-9a-fA-F]/.test(hex[offset] as string)) throw new JiterError("InvalidEscape", index + offset + 1);
    }
    return [Number.parseInt(hex, 16), index + 4];
  }

  #number(first: string): number {
    const isNumberStart = /[0-9]/.test(first) || first === "-" || first === "I" || first === "N";
    try {
      return this.#numberRange(first);
    } catch (error) {
      if (!isNumberStart) throw new JiterError("ExpectedSomeValue", this.index);
      throw error;
    }
  }

  // jiter's NumberRange decoder: the errors, and where the number ends.
  #numberRange(first: string): number {
    const data = this.data;
    const start = this.index;
    if (first === "N") return this.#constant(start, "aN", Number.NaN);
    let index = start + (first === "-" ? 1 : 0);
    const sign = first === "-" ? -1 : 1;
    const lead = data[index];
    if (lead === undefined) throw new JiterError("EofWhileParsingValue", index);
    if (lead === "I") return this.#constant(index, "nfinity", sign * Infinity);
    if (lead === "0") {
      index++;
      if (/[0-9]/.test(data[index] ?? "")) throw new JiterError("InvalidNumber", index);
    } else if (/[1-9]/.test(lead)) {
      while (/[0-9]/.test(data[index] ?? "")) index++;
    } else {
      throw new JiterError("InvalidNumber", index);
    }
    if (data[index] === ".") index = this.#digits(index + 1);
    if (data[index] === "e" || data[index] === "E") {
      index++;
      if (data[index] === "+" || data[index] === "-") index++;
      index = this.#digits(index);
    }
    this.index = index;
    return Number(data.slice(start, index));
  }

  /** One or more digits from `index` (after a decimal point or an exponent sign); returns where they end. */
  #digits(index: number): number {
    const digit = this.data[index];
    if (digit === undefined) throw new JiterError("EofWhileParsingValue", index);
    if (!/[0-9]/.test(digit)) throw new JiterError("InvalidNumber", index);
    let end = index;
    while (/[0-9]/.test(this.data[end] ?? "")) end++;
    return end;
  }

  #constant(index: number, rest: string, value: number): number {
    this.index = index;
    this.#consumeIdent(rest);
    return value;
  }

  /** `rest` must follow the current character; a shorter text is an end-of-input error. */
  #consumeIdent(rest: string): void {
    let index = this.index + 1;
    for (const expected of rest) {
      const char = this.data[index];
      if (char === undefined) throw new JiterError("EofWhileParsingValue", index);
      if (char !== expected) throw new JiterError("ExpectedSomeIdent", index);
      index++;
    }
    this.index = index;
  }

  #forgiven(error: unknown): boolean {
    return this.partial && error instanceof JiterError && PARTIAL_OK.has(error.type);
  }

  #eatWhitespace(): string | undefined {
    for (;;) {
      const char = this.data[this.index];
      if (char !== " " && char !== "\n" && char !== "\r" && char !== "\t") return char;
      this.index++;
    }
  }
}
