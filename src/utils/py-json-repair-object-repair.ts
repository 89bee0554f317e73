import { isDelimiter } from "./py-json-repair-chars.js";
import type { JsonRepairParser } from "./py-json-repair-parser.js";
import { pyLstrip, pyStrip } from "./py-string.js";

/**
 * The repairs json_repair's `parse_object` makes to what it has read: an object that came out
 * empty although it held text, and array rows continuing the previous member's list.
 */

/**
 * `_repair_empty_object_result`: an object that read as empty but held more than comments is
 * re-read — as an object when its text is an escaped object (`{\"a\": 1}`), as an array when
 * it has no `:` at all (`{1, 2}` is `[1, 2]`).
 *
 * @example
 * // After reading "{1, 2}" as an empty object (parsed from index 1 to 6):
 * repairEmptyObject(parser, {}, 1); // { ok: true, value: [1, 2] }
 */
export function repairEmptyObject(
  parser: JsonRepairParser,
  obj: Record<string, unknown>,
  startIndex: number,
): { ok: true; value: unknown } | { ok: false } {
  if (Object.keys(obj).length > 0 || parser.index - startIndex <= 2) return { ok: false };
  const body = parser.text(startIndex, parser.index - 1);
  if (parser.charAt(-1) === "}" && pyStrip(stripComments(body)) === "") return { ok: false };
  const repair = classifyEmptyObjectRepair(parser, startIndex);
  if (repair.kind === "object") {
    const endIndex = parser.index + 1;
    parser.chars = [
      ...parser.chars.slice(0, Math.max(startIndex - 1, 0)),
      ...Array.from(repair.normalized),
      ...parser.chars.slice(endIndex),
    ];
    parser.index = startIndex;
    const value = parser.within("OBJECT_KEY", () => parser.parseObject());
    parser.deferredContexts.push("OBJECT_KEY");
    return { ok: true, value };
  }
  if (repair.kind === "array") {
    parser.index = startIndex;
    const value = parser.within("OBJECT_KEY", () => parser.parseArray());
    parser.deferredContexts.push("OBJECT_KEY");
    return { ok: true, value };
  }
  return { ok: false };
}

type EmptyObjectRepair = { kind: "keep" } | { kind: "array" } | { kind: "object"; normalized: string };

/** `_classify_empty_object_repair`. */
function classifyEmptyObjectRepair(parser: JsonRepairParser, startIndex: number): EmptyObjectRepair {
  const attempted = parser.text(startIndex - 1, parser.index + 1);
  let body = Array.from(attempted).slice(1).join("");
  if (body.endsWith("}")) body = body.slice(0, -1);
  body = pyLstrip(body);
  if (body === "") return { kind: "keep" };
  if ((body.startsWith('\\"') && body.includes('\\":')) || (body.startsWith("\\'") && body.includes("\\':"))) {
    return { kind: "object", normalized: attempted.replaceAll('\\"', '"').replaceAll("\\'", "'") };
  }
  body = pyLstrip(stripComments(body));
  if (body === "") return { kind: "keep" };
  let quote: string | undefined;
  let backslashes = 0;
  for (const char of body) {
    if (char === "\\") {
      backslashes++;
      continue;
    }
    if (quote !== undefined) {
      if (char === quote && backslashes % 2 === 0) quote = undefined;
    } else if (isDelimiter(char) && backslashes % 2 === 0) {
      quote = char;
    } else if (char === ":" && backslashes % 2 === 0) {
      return { kind: "keep" }; // still object-like: keep the (empty) object
    }
    backslashes = 0;
  }
  return { kind: "array" };
}

/** `_strip_comments_for_empty_object_classification`: the body without comments outside quotes. */
function stripComments(text: string): string {
  const body = Array.from(text);
  const kept: string[] = [];
  let quote: string | undefined;
  let backslashes = 0;
  let index = 0;
  while (index < body.length) {
    const char = body[index] as string;
    const next = body[index + 1] ?? "";
    if (char === "\\") {
      backslashes++;
      kept.push(char);
      index++;
      continue;
    }
    if (quote !== undefined) {
      kept.push(char);
      if (char === quote && backslashes % 2 === 0) quote = undefined;
      backslashes = 0;
      index++;
      continue;
    }
    if (isDelimiter(char) && backslashes % 2 === 0) {
      quote = char;
      kept.push(char);
      backslashes = 0;
      index++;
      continue;
    }
    backslashes = 0;
    if (char === "#" || (char === "/" && next === "/")) {
      index += char === "/" ? 2 : 1;
      while (index < body.length && body[index] !== "\n" && body[index] !== "\r") index++;
      continue;
    }
    if (char === "/" && next === "*") {
      index += 2;
      while (index < body.length - 1 && !(body[index] === "*" && body[index + 1] === "/")) index++;
      index = Math.min(index + 2, body.length);
      continue;
    }
    kept.push(char);
    index++;
  }
  return kept.join("");
}

/**
 * `_merge_object_array_continuation`: at a `[` where a key should be, right after a member
 * whose value is a list, the new array continues that list (as rows when the list holds rows).
 *
 * @example
 * // '{"rows": [[1, 2]], [3, 4]}' reads as { rows: [[1, 2], [3, 4]] }
 */
export function mergeObjectArrayContinuation(
  parser: JsonRepairParser,
  obj: Record<string, unknown>,
  lastKey: string | undefined,
): boolean {
  if (lastKey === undefined || lastKey === "" || !Array.isArray(obj[lastKey])) return false;
  const previous = obj[lastKey] as unknown[];
  parser.index++;
  const newArray = parser.parseArray();
  const rowLengths = previous.filter(Array.isArray).map((row) => row.length);
  const expected =
    rowLengths.length > 0 && rowLengths.every((length) => length === rowLengths[0]) ? (rowLengths[0] as number) : 0;
  if (expected > 0) {
    const tail: unknown[] = [];
    while (previous.length > 0 && !Array.isArray(previous.at(-1))) tail.push(previous.pop());
    if (tail.length > 0) {
      tail.reverse();
      // Row values written without their inner brackets are grouped back into rows.
      if (tail.length % expected === 0) {
        for (let i = 0; i < tail.length; i += expected) previous.push(tail.slice(i, i + expected));
      } else {
        previous.push(...tail);
      }
    }
    if (newArray.length > 0) {
      if (newArray.every(Array.isArray)) previous.push(...newArray);
      else previous.push(newArray);
    }
  } else {
    previous.push(...(newArray.length === 1 && Array.isArray(newArray[0]) ? newArray[0] : newArray));
  }
  parser.skipWhitespaceAndComments();
  if (parser.charAt() === ",") parser.index++;
  parser.skipWhitespaceAndComments();
  return true;
}
