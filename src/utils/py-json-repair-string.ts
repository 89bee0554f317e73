import { isAlnum, isDelimiter, isSpace } from "./py-json-repair-chars.js";
import { parseComment } from "./py-json-repair-comment.js";
import { onlyWhitespaceUntil } from "./py-json-repair-lookahead.js";
import type { JsonRepairParser } from "./py-json-repair-parser.js";
import { scanStringBody } from "./py-json-repair-string-body.js";
import { appendContent, newStringState, type StringParseState } from "./py-json-repair-string-state.js";

const NO_DIRECT_RESULT: unique symbol = Symbol("NO_DIRECT_RESULT");

/**
 * json_repair's `parse_string`: a quoted (`"`, `'`, `“”`) or bare string, or the `true`/
 * `false`/`null`/`None` literal a bare word spells (any letter case). The closing quote is
 * decided by looking ahead at what follows each candidate, so quotes, commas and braces that
 * belong to the text stay in it; an unclosed string is right-stripped.
 *
 * @example
 * const parser = new JsonRepairParser('"He said "hi" to me"}');
 * parser.contexts.push("OBJECT_VALUE");
 * parseString(parser); // 'He said "hi" to me'
 */
export function parseString(parser: JsonRepairParser): unknown {
  const [state, direct] = prepareStringEntry(parser);
  if (direct !== NO_DIRECT_RESULT) return direct;
  const char = scanStringBody(parser, state);
  return finalizeString(parser, state, char);
}

function prepareStringEntry(parser: JsonRepairParser): [StringParseState, unknown] {
  const state = newStringState();
  let char = parser.charAt();
  if (char === "#" || char === "/") return [state, parseComment(parser)];
  // Skip junk up to the first quote or letter/digit.
  while (char !== undefined && !isDelimiter(char) && !isAlnum(char)) {
    parser.index++;
    char = parser.charAt();
  }
  if (char === undefined) return [state, ""];
  const simple = tryParseSimpleQuotedString(parser);
  if (simple !== undefined) return [state, simple];
  if (char === "'") {
    state.lstringDelimiter = state.rstringDelimiter = "'";
  } else if (char === "\u201c") {
    state.lstringDelimiter = "\u201c";
    state.rstringDelimiter = "\u201d";
  } else if (isAlnum(char)) {
    if ("tfn".includes(char.toLowerCase()) && parser.current !== "OBJECT_KEY") {
      const literal = parseBooleanOrNull(parser);
      if (literal.found) return [state, literal.value];
    }
    state.missingQuotes = true;
  }
  if (!state.missingQuotes) parser.index++;
  if (parser.charAt() === "`") {
    const block = parseJsonLlmBlock(parser);
    if (block !== false) return [state, block];
  }
  if (parser.charAt() !== state.lstringDelimiter) return [state, NO_DIRECT_RESULT];
  // A quote right after the opening one: an empty string, or doubled quotes.
  const current = parser.current;
  const after = parser.charAt(1);
  if (
    (current === "OBJECT_KEY" && after === ":") ||
    (current === "OBJECT_VALUE" && (after === "," || after === "}")) ||
    (current === "ARRAY" && (after === "," || after === "]"))
  ) {
    parser.index++;
    return [state, ""];
  }
  if (after === state.lstringDelimiter) return [state, ""]; // """: ignored
  let i = parser.skipToCharacter(state.rstringDelimiter, 1);
  if (parser.charAt(i + 1) === state.rstringDelimiter) {
    state.doubledQuotes = true; // ""text""
    parser.index++;
    return [state, NO_DIRECT_RESULT];
  }
  if (parser.charAt(i) === state.rstringDelimiter) {
    const outerQuoteIdx = parser.skipToCharacter(state.rstringDelimiter, i + 1);
    const afterOuterQuote = parser.charAt(parser.scrollWhitespaces(outerQuoteIdx + 1));
    if (
      current === "OBJECT_VALUE" &&
      !onlyWhitespaceUntil(parser, i) &&
      parser.charAt(outerQuoteIdx) === state.rstringDelimiter &&
      (afterOuterQuote === "," || afterOuterQuote === "}" || afterOuterQuote === undefined)
    ) {
      // `""quoted" rest"`: the leading quote starts a quoted span inside the value.
      appendContent(state, state.lstringDelimiter);
      state.unmatchedDelimiter = true;
      parser.index++;
      return [state, NO_DIRECT_RESULT];
    }
  }
  i = parser.scrollWhitespaces(1);
  const next = parser.charAt(i);
  if (isDelimiter(next) || next === "{" || next === "[") {
    parser.index++;
    return [state, ""];
  }
  if (next !== "," && next !== "]" && next !== "}") parser.index++; // one quote too many
  return [state, NO_DIRECT_RESULT];
}

/** `_try_parse_simple_quoted_string`: the fast path for a plain `"..."` ending where it should. */
function tryParseSimpleQuotedString(parser: JsonRepairParser): string | undefined {
  if (parser.charAt() !== '"') return undefined;
  const start = parser.index + 1;
  const end = parser.chars.indexOf('"', start);
  if (end === -1) return undefined;
  const value = parser.text(start, end);
  if (value.includes("\\") || value.includes("\n") || value.includes("\r")) return undefined;
  let nextIndex = end + 1;
  while (nextIndex < parser.chars.length && isSpace(parser.chars[nextIndex] as string)) nextIndex++;
  const next = parser.chars[nextIndex];
  const current = parser.current;
  if (current === "OBJECT_KEY") {
    if (next !== ":") return undefined;
  } else if (current === "OBJECT_VALUE") {
    if (next !== "," && next !== "}" && next !== undefined) return undefined;
  } else if (current === "ARRAY") {
    if (next !== "," && next !== "]" && next !== undefined) return undefined;
  } else if (next !== undefined) {
    return undefined;
  }
  parser.index = end + 1;
  return value;
}

const LITERALS: [string, boolean | null][] = [
  ["true", true],
  ["false", false],
  ["null", null],
  ["none", null],
];

/** `parse_boolean_or_null`: a whole bare literal in any case, ended by space, `,` or a closer. */
function parseBooleanOrNull(parser: JsonRepairParser): { found: boolean; value: boolean | null } {
  const char = (parser.charAt() ?? "").toLowerCase();
  const start = parser.index;
  for (const [literal, value] of LITERALS) {
    if (char !== literal[0]) continue;
    parser.index = start;
    let matched = true;
    for (const expected of literal) {
      if ((parser.charAt() ?? "").toLowerCase() !== expected) {
        matched = false;
        break;
      }
      parser.index++;
    }
    if (!matched) continue;
    const next = parser.charAt();
    if (next === undefined || isSpace(next) || ",)]}".includes(next)) return { found: true, value };
  }
  parser.index = start;
  return { found: false, value: null };
}

/** `parse_json_llm_block`: a ```` ```json ... ``` ```` block read as JSON; `false` if none. */
function parseJsonLlmBlock(parser: JsonRepairParser): unknown {
  if (parser.text(parser.index, parser.index + 7) === "```json") {
    const i = parser.skipToCharacter("`", 7);
    if (parser.text(parser.index + i, parser.index + i + 3) === "```") {
      parser.index += 7;
      return parser.parseJson();
    }
  }
  return false;
}

/** `_finalize_string_result`. */
function finalizeString(parser: JsonRepairParser, state: StringParseState, char: string | undefined): string {
  const outer = state.rstringDelimiter[0];
  if (char !== undefined && state.missingQuotes && parser.current === "OBJECT_KEY" && isSpace(char)) {
    // A bare "key" that is really a comment: no key at all.
    parser.skipWhitespaces();
    const next = parser.charAt();
    if (next !== ":" && next !== ",") return "";
  }
  if (char !== outer) rstripAcc(state);
  else parser.index++;
  if (state.missingQuotes || state.acc.at(-1) === "\n") rstripAcc(state);
  return state.acc.join("");
}

function rstripAcc(state: StringParseState): void {
  while (state.acc.length > 0 && isSpace(state.acc.at(-1) as string)) state.acc.pop();
}
