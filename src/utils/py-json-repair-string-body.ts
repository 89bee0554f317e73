import { isSpace } from "./py-json-repair-chars.js";
import { classifyObjectValueComma, updateInlineContainerStack } from "./py-json-repair-comma.js";
import {
  bareKeyIsFollowedByColon,
  isInlineOpener,
  postFenceContainerStartsNextMember,
  scrollCommentPrefixedMemberStart,
  skipInlineContainer,
} from "./py-json-repair-lookahead.js";
import type { JsonRepairParser } from "./py-json-repair-parser.js";
import { handleRightDelimiterCandidate, normalizeEscapeSequence } from "./py-json-repair-string-quote.js";
import {
  appendContent,
  appendLiteralChar,
  cachedSkipToCharacter,
  inLowSmartQuoteSpan,
  lowSmartQuoteSpan,
  outerDelimiter,
  quoteBelongsToRegexCharacterClass,
  type StringParseState,
} from "./py-json-repair-string-state.js";

/**
 * json_repair's `_scan_string_body`: reads the string's characters into `state.acc` until
 * the closing quote, or until a `:`, `,`, `}` or `]` that (by looking ahead) ends a string
 * missing its closing quote. Returns the character it stopped at (`undefined` at the end).
 *
 * @example
 * // after the opening quote of '"a, b": 1' in a key, stops at the closing quote
 */
export function scanStringBody(parser: JsonRepairParser, state: StringParseState): string | undefined {
  const outer = outerDelimiter(state);
  const skip = (character: string | readonly string[], idx: number) =>
    cachedSkipToCharacter(parser, state, character, idx);
  let char = parser.charAt();
  while (char !== undefined && (char !== outer || inLowSmartQuoteSpan(state))) {
    const current = parser.current;
    const last = state.acc.at(-1);
    if (state.missingQuotes) {
      if (current === "OBJECT_KEY" && (char === ":" || isSpace(char))) break;
      if (current === "ARRAY" && (char === "]" || char === ",")) break;
    }
    if (char === "\u201e" && last !== "\\") {
      lowSmartQuoteSpan(state, true);
      char = appendLiteralChar(parser, state, char);
      continue;
    }
    if (inLowSmartQuoteSpan(state) && char === "\u201d") {
      lowSmartQuoteSpan(state, false);
      char = appendLiteralChar(parser, state, char);
      continue;
    }
    if (
      (state.pendingInlineContainer ||
        (current === "OBJECT_VALUE" &&
          char === "{" &&
          parser.charAt(-1) !== "\\" &&
          bareKeyIsFollowedByColon(parser, parser.scrollWhitespaces(1)))) &&
      isInlineOpener(char) &&
      last !== "\\"
    ) {
      const end = skipInlineContainer(parser, 0);
      if (end !== undefined) {
        // A balanced inline container belongs to the string.
        state.pendingInlineContainer = false;
        state.inlineContainerStack.length = 0;
        appendContent(state, parser.text(parser.index, parser.index + end));
        parser.index += end;
        char = parser.charAt();
        continue;
      }
    }
    if (
      current === "OBJECT_VALUE" &&
      char === "," &&
      !state.pendingInlineContainer &&
      state.inlineContainerStack.length === 0
    ) {
      const classification = state.objectValueHasNoFutureDelimiter ? "string" : classifyObjectValueComma(parser, skip);
      if (classification === "member") break;
      if (classification === "string_no_future_delimiter") state.objectValueHasNoFutureDelimiter = true;
      state.pendingInlineContainer = classification === "container";
      char = appendLiteralChar(parser, state, char);
      continue;
    }
    const [pending, keep] = updateInlineContainerStack(char, state.pendingInlineContainer, state.inlineContainerStack);
    state.pendingInlineContainer = pending;
    if (keep) {
      char = appendLiteralChar(parser, state, char);
      continue;
    }
    if (current === "OBJECT_VALUE" && char === "}" && last !== outer) {
      if (state.objectValueUnmatchedOpeningBraces > 0) {
        char = appendLiteralChar(parser, state, char);
        continue;
      }
      if (objectValueBraceEndsString(parser, state)) break;
    }
    if (char === "]" && parser.inContext("ARRAY") && last !== outer) {
      if (parser.charAt(parser.skipToCharacter(outer)) === undefined) break;
    }
    if (current === "OBJECT_VALUE" && char === "}") {
      const i = parser.scrollWhitespaces(1);
      const next = parser.charAt(i);
      if (next === "`" && parser.charAt(i + 1) === "`" && parser.charAt(i + 2) === "`") {
        if (!braceBeforeCodeFenceBelongsToString(parser, state, i)) break;
        char = appendLiteralChar(parser, state, char);
        continue;
      }
      if (next === undefined) break; // the `}` closing the object at the end of the text
    }
    appendContent(state, char);
    parser.index++;
    char = parser.charAt();
    if (char === undefined) break;
    if (state.acc.at(-1) === "\\") {
      const [handled, next] = normalizeEscapeSequence(parser, state, char);
      char = next;
      if (handled) continue;
    }
    if (char === undefined) break;
    if (char === ":" && !state.missingQuotes && parser.current === "OBJECT_KEY") {
      if (keyColonEndsString(parser, state)) break;
    }
    if (inLowSmartQuoteSpan(state) && char === '"') {
      lowSmartQuoteSpan(state, false);
      char = appendLiteralChar(parser, state, char);
      continue;
    }
    if (char === outer && parser.current === "OBJECT_VALUE" && quoteBelongsToRegexCharacterClass(parser, state)) {
      char = appendLiteralChar(parser, state, char);
      continue;
    }
    if (char === outer && state.acc.length > 0 && state.acc.at(-1) !== "\\") {
      const [handled, next, stop] = handleRightDelimiterCandidate(parser, state, char);
      char = next;
      if (stop) break;
      if (handled) continue;
    }
  }
  return char;
}

/**
 * In an object value, whether a `}` closes the object rather than belonging to the text: it
 * does unless a closing quote follows that is itself followed by `,`/`}`, or by a quoted key.
 */
function objectValueBraceEndsString(parser: JsonRepairParser, state: StringParseState): boolean {
  const outer = outerDelimiter(state);
  let missing = true;
  parser.skipWhitespaces();
  if (parser.charAt(1) === "\\") missing = false;
  let i = cachedSkipToCharacter(parser, state, outer, 1);
  let next = parser.charAt(i);
  if (next !== undefined) {
    i = parser.scrollWhitespaces(i + 1);
    next = parser.charAt(i);
    if (next === undefined || next === "," || next === "}") {
      missing = false;
    } else {
      i = parser.skipToCharacter(state.lstringDelimiter, i);
      next = parser.charAt(i);
      if (next === undefined) {
        missing = false;
      } else {
        next = parser.charAt(parser.scrollWhitespaces(i + 1));
        if (next !== undefined && next !== ":") missing = false;
      }
    }
  } else {
    if (parser.charAt(parser.skipToCharacter(":", 1)) !== undefined) return true;
    const start = parser.scrollWhitespaces(1);
    if (parser.skipToCharacter("}", start) - start > 1) missing = false;
  }
  return missing;
}

/** In a key with its opening quote, a `:` ends the string unless a quoted member follows. */
function keyColonEndsString(parser: JsonRepairParser, state: StringParseState): boolean {
  let i = parser.skipToCharacter(state.lstringDelimiter, 1);
  if (parser.charAt(i) === undefined) return true;
  i = parser.skipToCharacter(outerDelimiter(state), i + 1);
  if (parser.charAt(i) === undefined) return false;
  const after = parser.charAt(parser.scrollWhitespaces(i + 1));
  return after === "," || after === "}";
}

/**
 * `_brace_before_code_fence_belongs_to_string`: a `}` followed by a fence is text when the
 * fenced snippet lies inside the string (its closing quote comes later, before `,`/`}`).
 */
function braceBeforeCodeFenceBelongsToString(
  parser: JsonRepairParser,
  state: StringParseState,
  fenceIdx: number,
): boolean {
  let quoteSearchIdx = fenceIdx + 3;
  const contentIdx = scrollCommentPrefixedMemberStart(parser, quoteSearchIdx);
  let keepPostFenceContainer = false;
  if (isInlineOpener(parser.charAt(contentIdx))) {
    const end = skipInlineContainer(parser, contentIdx);
    if (end !== undefined) {
      if (postFenceContainerStartsNextMember(parser, end)) return false;
      keepPostFenceContainer = true;
      quoteSearchIdx = end;
    }
  }
  const outer = outerDelimiter(state);
  let quoteIdx = parser.skipToCharacter(outer, quoteSearchIdx);
  while (parser.charAt(quoteIdx) === outer) {
    const after = parser.charAt(parser.scrollWhitespaces(quoteIdx + 1));
    if (after === "," || after === "}" || after === "]" || after === undefined) {
      if (keepPostFenceContainer) state.pendingInlineContainer = true;
      return true;
    }
    quoteIdx = parser.skipToCharacter(outer, quoteIdx + 1);
  }
  return false;
}
