import { isAlnum, isDelimiter, isDigit, isSpace, STRING_DELIMITERS } from "./py-json-repair-chars.js";
import type { JsonRepairCursor } from "./py-json-repair-cursor.js";

/**
 * json_repair's `object_value_context` helpers: what a comma inside an object value means,
 * and the inline `[...]`/`{...}` nesting a string value may carry.
 */

/** A `skip_to_character` implementation (json_repair passes a cached one). */
export type SkipToCharacter = (character: string | readonly string[], idx: number) => number;

/**
 * How a comma met while reading an object value is read: it ends the value before the next
 * `member`, opens a `container` kept in the string, or is part of the `string`
 * (`string_no_future_delimiter` when no quote or bracket follows at all).
 */
export type CommaClassification = "container" | "member" | "string" | "string_no_future_delimiter";

const DELIMITERS = [...STRING_DELIMITERS];

/**
 * `classify_object_value_comma` for the comma at the cursor.
 *
 * @example
 * const cursor = new JsonRepairCursor('a, "b": 1}');
 * cursor.index = 1; // at the comma
 * classifyObjectValueComma(cursor, (c, i) => cursor.skipToCharacter(c, i)); // "member"
 */
export function classifyObjectValueComma(cursor: JsonRepairCursor, skip: SkipToCharacter): CommaClassification {
  const nextIdx = cursor.scrollWhitespaces(1);
  const next = cursor.charAt(nextIdx);
  if (next === "}" || next === undefined) return "member";
  if (isDelimiter(next)) {
    let keyEnd = cursor.skipToCharacter(next, nextIdx + 1);
    if (cursor.charAt(keyEnd) === undefined) return "string";
    keyEnd = cursor.scrollWhitespaces(keyEnd + 1);
    return cursor.charAt(keyEnd) === ":" ? "member" : "string";
  }
  if (next === "`") {
    return cursor.charAt(cursor.scrollWhitespaces(bareKeyEnd(cursor, nextIdx + 1))) === ":" ? "member" : "string";
  }
  if (isAlnum(next) || next === "_") {
    const colonIdx = cursor.scrollWhitespaces(bareKeyEnd(cursor, nextIdx));
    if (cursor.charAt(colonIdx) === ":" && bareMemberHasRecoverableValue(cursor, colonIdx + 1, skip)) return "member";
  }
  if (next === "{" || next === "[") return "container";
  const specialIdx = skip([...DELIMITERS, "{", "["], nextIdx);
  const special = cursor.charAt(specialIdx);
  if (special === undefined) return "string_no_future_delimiter";
  if (special === "{" || special === "[") return "string";
  let keyEnd = skip(special, specialIdx + 1);
  if (cursor.charAt(keyEnd) === undefined) return "string";
  keyEnd = cursor.scrollWhitespaces(keyEnd + 1);
  return cursor.charAt(keyEnd) === ":" ? "member" : "string";
}

function bareKeyEnd(cursor: JsonRepairCursor, from: number): number {
  let idx = from;
  for (;;) {
    const char = cursor.charAt(idx);
    if (char === undefined || !(isAlnum(char) || char === "_" || char === "-")) return idx;
    idx++;
  }
}

/**
 * `_bare_member_has_recoverable_value`: after `key:` comes a real value, or an unquoted one
 * whose object closes before any quote (else `, note: prose` belongs to the string).
 */
function bareMemberHasRecoverableValue(cursor: JsonRepairCursor, valueIdx: number, skip: SkipToCharacter): boolean {
  const start = cursor.scrollWhitespaces(valueIdx);
  const first = cursor.charAt(start);
  if (first === undefined) return cursor.charAt(skip([...DELIMITERS, "}"], start)) === "}";
  if (isDelimiter(first) || first === "{" || first === "[" || first === "-" || isDigit(first)) return true;
  for (const literal of ["true", "false", "null"]) {
    if ([...literal].every((char, offset) => cursor.charAt(start + offset) === char)) {
      const end = cursor.charAt(start + literal.length);
      if (end === undefined || isSpace(end) || end === "," || end === "}" || end === "]") return true;
    }
  }
  return cursor.charAt(skip([...DELIMITERS, "}"], start)) === "}";
}

/**
 * `update_inline_container_stack`: tracks `[`/`{` nesting inside a string value once a comma
 * announced a container; returns the new pending flag and whether `char` closes a level
 * (and so is kept as text).
 *
 * @example
 * const stack: string[] = [];
 * updateInlineContainerStack("[", true, stack); // [false, false], stack is ["["]
 * updateInlineContainerStack("]", false, stack); // [false, true], stack is []
 */
export function updateInlineContainerStack(char: string, pending: boolean, stack: string[]): [boolean, boolean] {
  if (char === "{" || char === "[") {
    if (pending) {
      stack.push(char);
      return [false, false];
    }
    if (stack.length > 0) stack.push(char);
  }
  const top = stack.at(-1);
  if ((char === "}" && top === "{") || (char === "]" && top === "[")) {
    stack.pop();
    return [pending, true];
  }
  return [pending, false];
}
