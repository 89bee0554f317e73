import { parseArray } from "./py-json-repair-array.js";
import { isAlpha, isDelimiter, isDigit, isSpace } from "./py-json-repair-chars.js";
import { parseComment, skipComment } from "./py-json-repair-comment.js";
import { JsonRepairCursor } from "./py-json-repair-cursor.js";
import { parseNumber } from "./py-json-repair-number.js";
import { parseObject } from "./py-json-repair-object.js";
import { isExplicitTuple, parenthesizedCanStartValue } from "./py-json-repair-parenthesized.js";
import { pyRawDecode } from "./py-json-repair-raw-decode.js";
import { parseString } from "./py-json-repair-string.js";
import { isSameObject, pyTruthy } from "./py-json-repair-values.js";

/**
 * json_repair 0.64.6's `JSONParser` as `json_repair.loads` drives it (no schema, not strict,
 * not streaming): a character-level state machine that reads whatever values the text holds,
 * skipping prose and comments and repairing quotes, brackets and separators on the way. The
 * per-value readers live in their own modules, as in json_repair (`parse_object`, ...).
 *
 * @example
 * new JsonRepairParser('Sure: {"a": True, "b": [1, 2').parse(); // { a: true, b: [1, 2] }
 */
export class JsonRepairParser extends JsonRepairCursor {
  /** Contexts entered around the next `parseJson` (after an object turned out an array). */
  deferredContexts: Array<"OBJECT_KEY" | "OBJECT_VALUE" | "ARRAY"> = [];
  private hasTriedValidJsonSuffix = false;

  /** `parse`: every top-level value, a repeated same-shaped one replacing the previous. */
  parse(): unknown {
    const first = this.parseJson();
    if (this.index >= this.chars.length) return first;
    const values: unknown[] = [first];
    while (this.index < this.chars.length) {
      this.contexts.length = 0;
      this.deferredContexts = [];
      const isCommaSeparated = this.nextTopLevelValueIsCommaSeparated();
      const value = this.parseJson();
      if (pyTruthy(value)) {
        // Treat a repeated object as an update: keep the newest value.
        if (!isCommaSeparated && isSameObject(values.at(-1), value)) values.pop();
        else if (!pyTruthy(values.at(-1))) values.pop();
        values.push(value);
      } else {
        this.index++;
      }
    }
    return values.length === 1 ? values[0] : values;
  }

  /** `parse_json`: the next value of any kind, or `""` when the text holds no more. */
  parseJson(): unknown {
    if (this.deferredContexts.length > 0) {
      const deferred = this.deferredContexts;
      this.deferredContexts = [];
      this.contexts.push(...deferred);
      try {
        return this.parseJson();
      } finally {
        this.contexts.length -= deferred.length;
      }
    }
    let checkInitialQuote = this.index === 0 && this.contextEmpty;
    for (;;) {
      const char = this.charAt();
      if (char === undefined) return "";
      if ((char === "{" || char === "[") && this.initialContainerHasNonCommaTrailingContent()) {
        const suffix = this.tryParseValidJsonValue();
        if (suffix.ok) return suffix.value;
      }
      if (char === "{") {
        this.index++;
        return this.parseObject();
      }
      if (char === "[") {
        this.index++;
        return this.parseArray();
      }
      if (char === "(") {
        // Only a standalone top-level `(`: "note (clarification): {...}" is prose.
        if (!this.contextEmpty || parenthesizedCanStartValue(this)) return this.parseParenthesized();
        this.index++;
        continue;
      }
      if (!this.contextEmpty && (isDelimiter(char) || isAlpha(char))) return this.parseString();
      if (!this.contextEmpty && (isDigit(char) || char === "-" || char === ".")) return parseNumber(this);
      if (char === "#" || char === "/") return parseComment(this);
      if (isDelimiter(char) && checkInitialQuote) {
        checkInitialQuote = false;
        const braced = this.tryParseMissingOpeningObject(char);
        if (braced.ok) return braced.value;
      }
      this.index++;
    }
  }

  parseObject(): unknown {
    return parseObject(this);
  }

  parseArray(closingDelimiter = "]"): unknown[] {
    return parseArray(this, closingDelimiter);
  }

  parseString(): unknown {
    return parseString(this);
  }

  /** `parse_parenthesized`: a tuple becomes a list; `(x)` is just `x`. */
  parseParenthesized(): unknown {
    const explicitTuple = isExplicitTuple(this);
    this.index++;
    const values = this.parseArray(")");
    return explicitTuple || values.length !== 1 ? values : values[0];
  }

  /** `skip_whitespace_and_comments`. */
  skipWhitespaceAndComments(): void {
    for (;;) {
      this.skipWhitespaces();
      const char = this.charAt();
      const next = this.charAt(1);
      if (char !== "#" && !(char === "/" && (next === "/" || next === "*"))) return;
      skipComment(this);
    }
  }

  private nextTopLevelValueIsCommaSeparated(): boolean {
    if (this.charAt(this.scrollWhitespaces()) === ",") return true;
    let i = this.index - 1;
    while (i >= 0 && isSpace(this.chars[i] as string)) i--;
    return i >= 0 && this.chars[i] === ",";
  }

  /** Whether the text's first container is followed by something other than a comma. */
  private initialContainerHasNonCommaTrailingContent(): boolean {
    if (this.index !== 0) return true;
    const containers: string[] = [];
    let inString = false;
    let escaped = false;
    const chars = this.chars;
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i] as string;
      if (inString) {
        if (escaped) escaped = false;
        else if (char === "\\") escaped = true;
        else if (char === '"') inString = false;
        continue;
      }
      if (char === '"') inString = true;
      else if (char === "{" || char === "[") containers.push(char);
      else if (char === "}" || char === "]") {
        const open = containers.pop();
        if (open === undefined || char !== (open === "{" ? "}" : "]")) return false;
        if (containers.length === 0) {
          let trailing = i + 1;
          while (trailing < chars.length && isSpace(chars[trailing] as string)) trailing++;
          return trailing < chars.length && chars[trailing] !== ",";
        }
      }
    }
    return false;
  }

  /** `_try_parse_valid_json_value`: once, at the top level, a valid JSON value here wins. */
  private tryParseValidJsonValue(): { ok: true; value: unknown } | { ok: false } {
    if (this.hasTriedValidJsonSuffix || !this.contextEmpty) return { ok: false };
    this.hasTriedValidJsonSuffix = true;
    const decoded = pyRawDecode(this.chars, this.index);
    if (decoded === undefined) return { ok: false };
    this.index += decoded.length;
    return { ok: true, value: decoded.value };
  }

  /** `_try_parse_missing_opening_object`: `"a": 1}` is an object missing its `{`. */
  private tryParseMissingOpeningObject(delimiter: string): { ok: true; value: unknown } | { ok: false } {
    if (this.scrollWhitespaces(-this.index) !== 0) return { ok: false };
    let offset = this.skipToCharacter(delimiter, 1);
    if (this.charAt(offset) === undefined) return { ok: false };
    offset = this.scrollWhitespaces(offset + 1);
    if (this.charAt(offset) !== ":") return { ok: false };
    const endOffset = this.scrollWhitespaces(this.chars.length - this.index - 1, true);
    if (this.charAt(endOffset) !== "}") return { ok: false };
    // One inserted brace must explain the whole text, up to trailing JSON whitespace.
    const candidate = ["{", ...this.chars];
    const decoded = pyRawDecode(candidate, 0);
    if (decoded === undefined) return { ok: false };
    if (candidate.slice(decoded.length).some((char) => !" \t\r\n".includes(char))) return { ok: false };
    this.index = this.chars.length;
    return { ok: true, value: decoded.value };
  }
}
