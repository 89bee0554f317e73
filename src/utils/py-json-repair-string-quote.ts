import { isAlpha, isDelimiter } from "./py-json-repair-chars.js";
import { onlyWhitespaceUntil, quotedObjectMemberFollows } from "./py-json-repair-lookahead.js";
import type { JsonRepairParser } from "./py-json-repair-parser.js";
import {
  activeDelimiter,
  appendLiteralChar,
  inLowSmartQuoteSpan,
  lowSmartQuoteSpan,
  outerDelimiter,
  replaceTrailingBackslash,
  type StringParseState,
} from "./py-json-repair-string-state.js";

/**
 * How json_repair's `parse_string` treats a closing-quote candidate and a backslash: each
 * returns whether it handled the character, the character to go on with, and (for quotes)
 * whether the string ends here.
 */

/**
 * `_handle_right_delimiter_candidate`: a quote ends the string only if what follows it fits
 * (a `,`/`}`/`]`/`:` in the current context); otherwise it is kept as text.
 *
 * @example
 * // In '{"a": "say "hi" now"}' the quote before hi is kept: [true, "h", false]
 */
export function handleRightDelimiterCandidate(
  parser: JsonRepairParser,
  state: StringParseState,
  char: string,
): [boolean, string | undefined, boolean] {
  const outer = outerDelimiter(state);
  const current = parser.current;
  if (state.doubledQuotes && parser.charAt(1) === outer) {
    parser.index++;
    return [true, char, false];
  }
  if (state.missingQuotes && current === "OBJECT_VALUE") {
    let i = 1;
    let next = parser.charAt(i);
    while (next !== undefined && next !== outer && next !== state.lstringDelimiter) next = parser.charAt(++i);
    if (next !== undefined && parser.charAt(parser.scrollWhitespaces(i + 1)) === ":") {
      // The quote starts the next key: the bare value ends before it.
      parser.index--;
      return [false, parser.charAt(), true];
    }
    return [false, char, false];
  }
  if (state.unmatchedDelimiter) {
    state.unmatchedDelimiter = false;
    return [true, appendLiteralChar(parser, state, char), false];
  }
  let i = 1;
  let next = parser.charAt(i);
  let checkCommaInObjectValue = true;
  while (next !== undefined && next !== outer && next !== state.lstringDelimiter) {
    if (checkCommaInObjectValue && isAlpha(next)) checkCommaInObjectValue = false;
    if (
      (parser.inContext("OBJECT_KEY") && (next === ":" || next === "}")) ||
      (parser.inContext("OBJECT_VALUE") && next === "}") ||
      (parser.inContext("ARRAY") && (next === "]" || next === ",")) ||
      (checkCommaInObjectValue && current === "OBJECT_VALUE" && next === ",")
    ) {
      break;
    }
    next = parser.charAt(++i);
  }
  if (next === "," && current === "OBJECT_VALUE") {
    i = parser.skipToCharacter(outer, i + 1);
    i = parser.scrollWhitespaces(i + 1);
    next = parser.charAt(i);
    if (next === "}" || next === ",") return [true, appendLiteralChar(parser, state, char), false];
  } else if (next === outer && parser.charAt(i - 1) !== "\\") {
    if (onlyWhitespaceUntil(parser, i) && !(current === "OBJECT_VALUE" && quotedObjectMemberFollows(parser, i))) {
      return [false, char, true];
    }
    if (current === "OBJECT_VALUE") {
      if (quotedObjectMemberFollows(parser, i)) return [true, appendLiteralChar(parser, state, char), false];
      i = parser.skipToCharacter(outer, i + 1) + 1;
      next = parser.charAt(i);
      while (next !== undefined && next !== ":") {
        if (next === "," || next === "]" || next === "}" || (next === outer && parser.charAt(i - 1) !== "\\")) break;
        next = parser.charAt(++i);
      }
      if (next !== ":") {
        state.unmatchedDelimiter = !state.unmatchedDelimiter;
        return [true, appendLiteralChar(parser, state, char), false];
      }
    } else if (current === "ARRAY") {
      // A quoted section inside the item (`["a "b" c"]`) pairs its quotes up.
      let evenDelimiters = next === outer;
      while (next === outer) {
        i = parser.skipToCharacter([outer, "]"], i + 1);
        next = parser.charAt(i);
        if (next !== outer) {
          evenDelimiters = false;
          break;
        }
        i = parser.skipToCharacter([outer, "]"], i + 1);
        next = parser.charAt(i);
      }
      if (!evenDelimiters) return [false, char, true];
      state.unmatchedDelimiter = !state.unmatchedDelimiter;
      return [true, appendLiteralChar(parser, state, char), false];
    } else if (current === "OBJECT_KEY") {
      return [true, appendLiteralChar(parser, state, char), false];
    }
  }
  return [false, char, false];
}

const ESCAPES: Readonly<Record<string, string>> = { t: "\t", n: "\n", r: "\r", b: "\b" };

/**
 * `_normalize_escape_sequence`, for `char` right after a `\` already read: turns `\n`, `\t`,
 * `\"`, `\uXXXX`, `\xXX`, doubled backslashes... into what they stand for.
 *
 * @example
 * // '"C:\\new"' reads as "C:\new" (a real newline)
 */
export function normalizeEscapeSequence(
  parser: JsonRepairParser,
  state: StringParseState,
  char: string,
): [boolean, string | undefined] {
  const active = activeDelimiter(state);
  if (inLowSmartQuoteSpan(state) && char === '"') {
    replaceTrailingBackslash(state, char);
    lowSmartQuoteSpan(state, false);
    parser.index++;
    return [true, parser.charAt()];
  }
  if (char === "\\") {
    const runStart = parser.index - 1;
    let runEnd = parser.index + 1;
    while (runEnd < parser.chars.length && parser.chars[runEnd] === "\\") runEnd++;
    const runLength = runEnd - runStart;
    const next = parser.charAt(runEnd - parser.index);
    const afterQuote = parser.charAt(parser.scrollWhitespaces(runEnd - parser.index + 1));
    if (runLength % 2 === 0 && (next !== active || [",", ":", "}", "]", undefined].includes(afterQuote))) {
      replaceTrailingBackslash(state, "\\".repeat(runLength / 2));
      parser.index = runEnd;
      return [true, parser.charAt()];
    }
  }
  if (char === active || "tnrb\\".includes(char)) {
    replaceTrailingBackslash(state, ESCAPES[char] ?? char);
    parser.index++;
    let next = parser.charAt();
    while (next !== undefined && state.acc.at(-1) === "\\" && (next === active || next === "\\")) {
      replaceTrailingBackslash(state, next);
      parser.index++;
      next = parser.charAt();
    }
    return [true, next];
  }
  if (char === "u" || char === "x") {
    const digits = parser.text(parser.index + 1, parser.index + 1 + (char === "u" ? 4 : 2));
    if (/^[0-9a-fA-F]+$/.test(digits) && digits.length === (char === "u" ? 4 : 2)) {
      replaceTrailingBackslash(state, String.fromCodePoint(Number.parseInt(digits, 16)));
      parser.index += 1 + digits.length;
      return [true, parser.charAt()];
    }
  } else if (char === "\u201e" || (isDelimiter(char) && char !== active)) {
    // A quote that needed no escape.
    replaceTrailingBackslash(state, char);
    parser.index++;
    return [true, parser.charAt()];
  }
  return [false, char];
}
