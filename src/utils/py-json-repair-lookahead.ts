import { isAlnum, isDelimiter, isDigit, isSpace } from "./py-json-repair-chars.js";
import type { JsonRepairCursor } from "./py-json-repair-cursor.js";

/**
 * The look-ahead probes json_repair's `parse_string` uses to decide whether a quote, comma or
 * brace ends the string: does an object member (`"key":` or `key:`) start there, does a
 * balanced inline container start there. Offsets are relative to the cursor's index.
 */

const CLOSERS: Readonly<Record<string, string>> = { "[": "]", "{": "}", "(": ")" };

/**
 * Whether `char` opens an inline container (`[`, `{`, `(`).
 *
 * @example
 * isInlineOpener("("); // true
 */
export function isInlineOpener(char: string | undefined): boolean {
  return char === "[" || char === "{" || char === "(";
}

/**
 * `_only_whitespace_until`: whether offsets 1 to `end - 1` are all whitespace.
 *
 * @example
 * onlyWhitespaceUntil(new JsonRepairCursor('"  "'), 3); // true
 */
export function onlyWhitespaceUntil(cursor: JsonRepairCursor, end: number): boolean {
  for (let j = 1; j < end; j++) {
    const char = cursor.charAt(j);
    if (char !== undefined && !isSpace(char)) return false;
  }
  return true;
}

/**
 * `_bare_key_is_followed_by_colon`: a bare `key-name` at `keyIdx`, then `:`.
 *
 * @example
 * bareKeyIsFollowedByColon(new JsonRepairCursor("a_b : 1"), 0); // true
 */
export function bareKeyIsFollowedByColon(cursor: JsonRepairCursor, keyIdx: number): boolean {
  let idx = keyIdx;
  let char = cursor.charAt(idx);
  if (char === undefined || !(isAlnum(char) || char === "_")) return false;
  while (char !== undefined && (isAlnum(char) || char === "_" || char === "-")) {
    idx++;
    char = cursor.charAt(idx);
  }
  return cursor.charAt(cursor.scrollWhitespaces(idx)) === ":";
}

/**
 * `_matching_string_delimiter`: the quote closing `delimiter`.
 *
 * @example
 * matchingDelimiter("\u201c"); // "\u201d"
 */
export function matchingDelimiter(delimiter: string): string {
  return delimiter === "\u201c" ? "\u201d" : delimiter;
}

/**
 * `_object_member_starts_at`: a quoted or bare key followed by `:` at `idx`.
 *
 * @example
 * objectMemberStartsAt(new JsonRepairCursor('"b": 1'), 0); // true
 */
export function objectMemberStartsAt(cursor: JsonRepairCursor, idx: number): boolean {
  const member = cursor.charAt(idx);
  if (member === undefined || member === "}") return false;
  if (isDelimiter(member)) {
    const end = matchingDelimiter(member);
    const keyEnd = cursor.skipToCharacter(end, idx + 1);
    if (cursor.charAt(keyEnd) !== end) return false;
    return cursor.charAt(cursor.scrollWhitespaces(keyEnd + 1)) === ":";
  }
  if (isAlnum(member) || member === "_") return bareKeyIsFollowedByColon(cursor, idx);
  return false;
}

/**
 * `_scroll_comment_prefixed_member_start`: skips whitespace and comments from `idx`.
 *
 * @example
 * scrollCommentPrefixedMemberStart(new JsonRepairCursor(" // c\n x"), 0); // 7
 */
export function scrollCommentPrefixedMemberStart(cursor: JsonRepairCursor, from: number): number {
  let idx = cursor.scrollWhitespaces(from);
  for (;;) {
    let char = cursor.charAt(idx);
    if (char === "#" || (char === "/" && cursor.charAt(idx + 1) === "/")) {
      if (char === "/") idx += 2;
      char = cursor.charAt(idx);
      while (char !== undefined && char !== "\n" && char !== "\r") {
        idx++;
        char = cursor.charAt(idx);
      }
      idx = cursor.scrollWhitespaces(idx);
      continue;
    }
    if (char === "/" && cursor.charAt(idx + 1) === "*") {
      idx += 2;
      for (;;) {
        char = cursor.charAt(idx);
        if (char === undefined) return idx;
        if (char === "*" && cursor.charAt(idx + 1) === "/") {
          idx += 2;
          break;
        }
        idx++;
      }
      idx = cursor.scrollWhitespaces(idx);
      continue;
    }
    return idx;
  }
}

/**
 * `_quoted_object_member_follows`: after the quote at `quoteIdx` come `,` and a member.
 *
 * @example
 * quotedObjectMemberFollows(new JsonRepairCursor('a", "b": 1'), 1); // true
 */
export function quotedObjectMemberFollows(cursor: JsonRepairCursor, quoteIdx: number): boolean {
  const commaIdx = cursor.scrollWhitespaces(quoteIdx + 1);
  if (cursor.charAt(commaIdx) !== ",") return false;
  return objectMemberStartsAt(cursor, scrollCommentPrefixedMemberStart(cursor, commaIdx + 1));
}

/**
 * `_post_fence_container_starts_next_member`: the container ending at `endIdx` is followed by
 * the end of the object or by `,` and another member.
 *
 * @example
 * postFenceContainerStartsNextMember(new JsonRepairCursor('[1] }'), 3); // true
 */
export function postFenceContainerStartsNextMember(cursor: JsonRepairCursor, endIdx: number): boolean {
  const afterIdx = cursor.scrollWhitespaces(endIdx);
  const after = cursor.charAt(afterIdx);
  if (after === "}" || after === undefined) return true;
  if (after !== ",") return false;
  const nextIdx = scrollCommentPrefixedMemberStart(cursor, afterIdx + 1);
  const next = cursor.charAt(nextIdx);
  return next === "}" || next === undefined || objectMemberStartsAt(cursor, nextIdx);
}

/**
 * `_skip_inline_container`: the offset just past the balanced container opening at `idx`
 * (`idx` itself when none opens there), or `undefined` when it never closes.
 *
 * @example
 * skipInlineContainer(new JsonRepairCursor('{a: "}"} x'), 0); // 8
 */
export function skipInlineContainer(cursor: JsonRepairCursor, idx: number): number | undefined {
  const opening = cursor.charAt(idx);
  if (!isInlineOpener(opening)) return idx;
  const stack = [CLOSERS[opening as string] as string];
  for (let i = idx + 1; stack.length > 0; i++) {
    const char = cursor.charAt(i);
    if (char === undefined) return undefined;
    if (isDelimiter(char)) {
      const end = matchingDelimiter(char);
      i = cursor.skipToCharacter(end, i + 1);
      if (cursor.charAt(i) !== end) return undefined;
    } else if (isInlineOpener(char) && startsNestedInlineContainer(cursor, i)) {
      stack.push(CLOSERS[char] as string);
    } else if (char === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  return undefined;
}

/** `_starts_nested_inline_container`: whether the opener at `idx` starts a nested value. */
function startsNestedInlineContainer(cursor: JsonRepairCursor, idx: number): boolean {
  const opening = cursor.charAt(idx);
  for (let prevIdx = idx - 1; prevIdx >= 0; prevIdx--) {
    const previous = cursor.charAt(prevIdx);
    if (previous === undefined) return true;
    if (isSpace(previous)) continue;
    if (isInlineOpener(previous)) return true;
    if (previous !== "," && previous !== ":") return false;
    const nextIdx = cursor.scrollWhitespaces(idx + 1);
    const next = cursor.charAt(nextIdx);
    if (opening === "[" || opening === "(") {
      if (next === undefined) return false;
      return "])-tfn".includes(next) || isDelimiter(next) || isInlineOpener(next) || isDigit(next);
    }
    if (opening !== "{") return false;
    if (next === "}" || isDelimiter(next)) return true;
    return previous === ":" && bareKeyIsFollowedByColon(cursor, nextIdx);
  }
  return true;
}
