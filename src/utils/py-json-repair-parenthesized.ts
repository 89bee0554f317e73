import { isDelimiter, isDigit, isSpace } from "./py-json-repair-chars.js";
import type { JsonRepairCursor } from "./py-json-repair-cursor.js";

/**
 * json_repair's `parenthesized_is_explicit_tuple`, for the `(` at the cursor: `()` or a
 * top-level comma inside make a tuple; a single grouped value like `(1)` does not.
 *
 * @example
 * isExplicitTuple(new JsonRepairCursor("(1,)")); // true
 * isExplicitTuple(new JsonRepairCursor("([1, 2])")); // false
 */
export function isExplicitTuple(cursor: JsonRepairCursor): boolean {
  const chars = cursor.chars;
  let parentheses = 0;
  let brackets = 0;
  let braces = 0;
  let quote: string | undefined;
  let backslashes = 0;
  let sawContent = false;
  for (let i = cursor.index + 1; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char === "\\") {
      backslashes++;
      continue;
    }
    const topLevel = parentheses === 0 && brackets === 0 && braces === 0;
    if (quote !== undefined) {
      if (char === quote && backslashes % 2 === 0) quote = undefined;
      backslashes = 0;
      continue;
    }
    if (isDelimiter(char) && backslashes % 2 === 0) {
      quote = char;
      sawContent ||= topLevel;
      backslashes = 0;
      continue;
    }
    backslashes = 0;
    if (!isSpace(char) && char !== "," && char !== ")" && topLevel) sawContent = true;
    if (char === "(") parentheses++;
    else if (char === ")") {
      if (topLevel) return !sawContent;
      if (parentheses > 0) parentheses--;
    } else if (char === "[") brackets++;
    else if (char === "]" && brackets > 0) brackets--;
    else if (char === "{") braces++;
    else if (char === "}" && braces > 0) braces--;
    else if (char === "," && topLevel) return true;
  }
  return !sawContent;
}

/**
 * json_repair's `top_level_parenthesized_can_start_value`: a top-level `(` starts a value only
 * alone at the start of its line, before something value-like, and with nothing but
 * whitespace after its `)` on that line (so "foo (clarification): {...}" stays prose).
 *
 * @example
 * parenthesizedCanStartValue(new JsonRepairCursor("(1, 2)\n")); // true
 * parenthesizedCanStartValue(new JsonRepairCursor("(a, b)")); // false
 */
export function parenthesizedCanStartValue(cursor: JsonRepairCursor): boolean {
  const chars = cursor.chars;
  for (let i = cursor.index - 1; i >= 0; i--) {
    const char = chars[i] as string;
    if (char === "\n" || char === "\r") break;
    if (!isSpace(char)) return false;
  }
  const innerIdx = cursor.scrollWhitespaces(1);
  const first = cursor.charAt(innerIdx);
  if (first === undefined) return false;
  // Lowercasing never shortens text, so the first five characters decide the prefix.
  const start = cursor.index + innerIdx;
  const inner = Array.from(
    chars
      .slice(start, start + 5)
      .join("")
      .toLowerCase(),
  );
  const word4 = inner.slice(0, 4).join("");
  if (
    !")({[".includes(first) &&
    !isDelimiter(first) &&
    !isDigit(first) &&
    first !== "-" &&
    first !== "." &&
    !["true", "null", "none"].includes(word4) &&
    inner.slice(0, 5).join("") !== "false"
  ) {
    return false;
  }
  let parentheses = 0;
  let brackets = 0;
  let braces = 0;
  let quote: string | undefined;
  let backslashes = 0;
  for (let i = cursor.index + 1; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char === "\\") {
      backslashes++;
      continue;
    }
    if (quote !== undefined) {
      if (char === quote && backslashes % 2 === 0) quote = undefined;
      backslashes = 0;
      continue;
    }
    if (isDelimiter(char) && backslashes % 2 === 0) {
      quote = char;
      backslashes = 0;
      continue;
    }
    backslashes = 0;
    if (char === "(") parentheses++;
    else if (char === ")") {
      if (parentheses === 0 && brackets === 0 && braces === 0) return restOfLineIsBlank(chars, i + 1);
      parentheses--;
    } else if (char === "[") brackets++;
    else if (char === "]" && brackets > 0) brackets--;
    else if (char === "{") braces++;
    else if (char === "}" && braces > 0) braces--;
  }
  return true;
}

function restOfLineIsBlank(chars: readonly string[], from: number): boolean {
  for (let i = from; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char === "\n" || char === "\r") return true;
    if (!isSpace(char)) return false;
  }
  return true;
}
