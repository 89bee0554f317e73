import { isSpace } from "./py-json-repair-chars.js";
import type { JsonRepairParser } from "./py-json-repair-parser.js";

/**
 * json_repair's `StringParseState`: what `parse_string` knows about the string it is reading.
 * `acc` holds the text read so far as code points (json_repair indexes it by character).
 */
export interface StringParseState {
  missingQuotes: boolean;
  doubledQuotes: boolean;
  lstringDelimiter: string;
  /** The closing quote, followed by one sentinel per open `„...` low smart quote span. */
  rstringDelimiter: string;
  acc: string[];
  unmatchedDelimiter: boolean;
  pendingInlineContainer: boolean;
  inlineContainerStack: string[];
  objectValueHasNoFutureDelimiter: boolean;
  lookaheadCache: Map<string, [number, number | undefined]>;
  objectValueUnmatchedOpeningBraces: number;
  regexCharacterClassStart: number | undefined;
}

/**
 * A fresh state for a `"`-quoted string.
 *
 * @example
 * newStringState().rstringDelimiter; // '"'
 */
export function newStringState(): StringParseState {
  return {
    missingQuotes: false,
    doubledQuotes: false,
    lstringDelimiter: '"',
    rstringDelimiter: '"',
    acc: [],
    unmatchedDelimiter: false,
    pendingInlineContainer: false,
    inlineContainerStack: [],
    objectValueHasNoFutureDelimiter: false,
    lookaheadCache: new Map(),
    objectValueUnmatchedOpeningBraces: 0,
    regexCharacterClassStart: undefined,
  };
}

const LOW_SMART_QUOTE_SENTINEL = "\0";

/**
 * The quote that closes the string (`_outer_rstring_delimiter`).
 *
 * @example
 * outerDelimiter(newStringState()); // '"'
 */
export function outerDelimiter(state: StringParseState): string {
  return state.rstringDelimiter[0] as string;
}

/**
 * `_active_rstring_delimiter`: the innermost expected closing quote.
 *
 * @example
 * activeDelimiter(newStringState()); // '"'
 */
export function activeDelimiter(state: StringParseState): string {
  return state.rstringDelimiter.at(-1) as string;
}

/**
 * Whether the reader is inside a `„...` span, which ends at `”` or `"` rather than the string.
 *
 * @example
 * inLowSmartQuoteSpan(newStringState()); // false
 */
export function inLowSmartQuoteSpan(state: StringParseState): boolean {
  return activeDelimiter(state) === LOW_SMART_QUOTE_SENTINEL;
}

/**
 * Opens (`true`) or closes a `„...` span.
 *
 * @example
 * lowSmartQuoteSpan(state, true);
 */
export function lowSmartQuoteSpan(state: StringParseState, open: boolean): void {
  state.rstringDelimiter = open
    ? state.rstringDelimiter + LOW_SMART_QUOTE_SENTINEL
    : state.rstringDelimiter.slice(0, -1);
}

/**
 * `_append_string_content`: adds text, tracking unmatched `{` and where a `[...]` opened.
 *
 * @example
 * appendContent(state, "{a"); // state.objectValueUnmatchedOpeningBraces === 1
 */
export function appendContent(state: StringParseState, content: string): void {
  for (const char of content) {
    state.acc.push(char);
    if (char === "{") state.objectValueUnmatchedOpeningBraces++;
    else if (char === "}" && state.objectValueUnmatchedOpeningBraces > 0) state.objectValueUnmatchedOpeningBraces--;
    else if (char === "[") state.regexCharacterClassStart = state.acc.length;
    else if (char === "]") state.regexCharacterClassStart = undefined;
  }
}

/**
 * `_append_literal_char`: keeps the current character and moves on; the next character.
 *
 * @example
 * const next = appendLiteralChar(parser, state, '"');
 */
export function appendLiteralChar(parser: JsonRepairParser, state: StringParseState, char: string): string | undefined {
  appendContent(state, char);
  parser.index++;
  return parser.charAt();
}

/**
 * `_replace_trailing_backslash`: replaces the last character read (a `\`) by `content`.
 *
 * @example
 * replaceTrailingBackslash(state, "\n");
 */
export function replaceTrailingBackslash(state: StringParseState, content: string): void {
  // A backslash never changes the brace/bracket state, so only the replacement is tracked.
  state.acc.pop();
  appendContent(state, content);
}

/**
 * `_quote_belongs_to_regex_character_class`: a quote inside a compact `[...]` (no spaces)
 * that closes later, as in a regex, is text.
 *
 * @example
 * // '{"re": "[^"]+"}': the quote after ^ is kept
 */
export function quoteBelongsToRegexCharacterClass(parser: JsonRepairParser, state: StringParseState): boolean {
  const start = state.regexCharacterClassStart;
  if (start === undefined || state.acc.slice(start).some(isSpace)) return false;
  return parser.charAt(parser.skipToCharacter("]", 1)) === "]";
}

/**
 * `_cached_skip_to_character`: `skipToCharacter` remembering, per target set, where the last
 * search started and what it found, so long strings are not rescanned at every comma.
 *
 * @example
 * cachedSkipToCharacter(parser, state, ['"', "{"], 1);
 */
export function cachedSkipToCharacter(
  parser: JsonRepairParser,
  state: StringParseState,
  character: string | readonly string[],
  idx = 0,
): number {
  const key = typeof character === "string" ? character : character.join("\u0000");
  const startIndex = parser.index + idx;
  const cached = state.lookaheadCache.get(key);
  if (cached !== undefined) {
    const [cachedStart, cachedMatch] = cached;
    if (cachedMatch === undefined && startIndex >= cachedStart) return parser.chars.length - parser.index;
    if (cachedMatch !== undefined && cachedStart <= startIndex && startIndex <= cachedMatch) {
      return cachedMatch - parser.index;
    }
  }
  const offset = parser.skipToCharacter(character, idx);
  if (parser.charAt(offset) === undefined) {
    state.lookaheadCache.set(key, [startIndex, undefined]);
    return offset;
  }
  const matchIndex = parser.index + offset;
  if (matchIndex === 0 || parser.chars[matchIndex - 1] !== "\\")
    state.lookaheadCache.set(key, [startIndex, matchIndex]);
  return offset;
}
