import { isPlainObject, setOwn } from "./plain-object.js";
import { isDelimiter, isSpace } from "./py-json-repair-chars.js";
import { mergeObjectArrayContinuation, repairEmptyObject } from "./py-json-repair-object-repair.js";
import type { JsonRepairParser } from "./py-json-repair-parser.js";

/**
 * json_repair's `parse_object` (the index is just past the `{`, or at the first key of an
 * object missing its `{`): reads `key: value` members, tolerating missing colons, quotes and
 * commas; inside an array a duplicate key starts a new object; an object that read as empty
 * but was not is re-read as an array.
 *
 * @example
 * const parser = new JsonRepairParser("{a: 1, 'b': True}");
 * parser.index = 1; // past the "{"
 * parseObject(parser); // { a: 1, b: true }
 */
export function parseObject(parser: JsonRepairParser): unknown {
  const obj: Record<string, unknown> = {};
  // Python dicts keep insertion order even for integer-like keys, which JS objects do not.
  const members = { lastKey: undefined as string | undefined };
  const startIndex = parser.index;
  const parsingObjectValue = parser.current === "OBJECT_VALUE";
  for (;;) {
    parser.skipWhitespaceAndComments();
    let char = parser.charAt();
    if (char === undefined || char === "}") break;
    if (char === ",") {
      parser.index++;
      continue;
    }
    if (char === ":") parser.index++; // a ":" before any key is ignored
    const [key, rollbackIndex] = parseObjectKey(parser, obj, members.lastKey);
    if (parser.inContext("ARRAY") && Object.hasOwn(obj, key) && !parsingObjectValue) {
      if (shouldSplitDuplicateObject(parser, rollbackIndex)) {
        // `[{"a": 1 "a": 2}]`: close this object and read the duplicate as a new one.
        parser.index = rollbackIndex - 1;
        parser.chars.splice(parser.index + 1, 0, "{");
        break;
      }
    }
    parser.skipWhitespaceAndComments();
    char = parser.charAt();
    if (char === undefined || char === "}") continue;
    parser.index++; // the ":" (or whatever stands in for the missing one)
    const value = parseObjectValue(parser);
    if (!Object.hasOwn(obj, key)) members.lastKey = key;
    setOwn(obj, key, value);
    const next = parser.charAt();
    if (next === "," || next === "'" || next === '"') parser.index++;
    if (parser.charAt() === "]" && parser.inContext("ARRAY")) {
      // The array closes here, so does this object: leave the `]` to the array.
      parser.index--;
      break;
    }
  }
  parser.index++;
  const repaired = repairEmptyObject(parser, obj, startIndex);
  if (repaired.ok) return repaired.value;
  return completeObjectParse(parser, obj);
}

/** `_parse_object_key`: the key, and where it started (to roll back to). */
function parseObjectKey(
  parser: JsonRepairParser,
  obj: Record<string, unknown>,
  lastKey: string | undefined,
): [string, number] {
  let key = "";
  let rollbackIndex = parser.index;
  parser.within("OBJECT_KEY", () => {
    while (parser.charAt() !== undefined) {
      rollbackIndex = parser.index;
      if (parser.charAt() === "[" && key === "" && mergeObjectArrayContinuation(parser, obj, lastKey)) continue;
      const raw = parser.parseString();
      if (typeof raw !== "string") throw new Error("json_repair: a non-string object key"); // Python asserts
      key = raw;
      if (key === "") parser.skipWhitespaceAndComments();
      const char = parser.charAt();
      if (key !== "" || char === ":" || char === "}") break;
    }
  });
  return [key, rollbackIndex];
}

/** `_should_split_duplicate_object`: not for `, "key":` (a normal member, overwritten). */
function shouldSplitDuplicateObject(parser: JsonRepairParser, rollbackIndex: number): boolean {
  let lookback = rollbackIndex - parser.index - 1;
  let previous = parser.charAt(lookback);
  while (previous !== undefined && isSpace(previous)) {
    lookback--;
    previous = parser.charAt(lookback);
  }
  const keyStart = parser.charAt(rollbackIndex - parser.index);
  const next = parser.charAt(parser.scrollWhitespaces());
  return !(isDelimiter(keyStart) && previous === "," && next === ":");
}

/** `_parse_object_value`: a stray `,` or `}` where the value should be gives `""`. */
function parseObjectValue(parser: JsonRepairParser): unknown {
  return parser.within("OBJECT_VALUE", () => {
    parser.skipWhitespaceAndComments();
    const char = parser.charAt();
    if (char === "," || char === "}") return "";
    return parser.parseJson();
  });
}

/**
 * `_complete_object_parse`: a nested object skips an extra `}`; a top-level one takes in the
 * members of a `, "key": ...` continuation after its `}`.
 */
function completeObjectParse(parser: JsonRepairParser, obj: Record<string, unknown>): unknown {
  if (!parser.contextEmpty) {
    const current = parser.current;
    if (parser.charAt() === "}" && current !== "OBJECT_KEY" && current !== "OBJECT_VALUE") parser.index++;
    return obj;
  }
  parser.skipWhitespaces();
  if (parser.charAt() === ",") {
    parser.index++;
    parser.skipWhitespaces();
    if (isDelimiter(parser.charAt())) {
      const additional = parser.parseObject();
      if (isPlainObject(additional)) {
        for (const [key, value] of Object.entries(additional)) setOwn(obj, key, value);
      }
    }
  }
  return obj;
}
