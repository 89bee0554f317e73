import { isDelimiter } from "./py-json-repair-chars.js";
import type { JsonRepairParser } from "./py-json-repair-parser.js";
import { isContainer, isStrictlyEmpty } from "./py-json-repair-values.js";

/**
 * json_repair's `parse_array` (the index is just past the opening `[` or `(`): reads items up
 * to `closingDelimiter` or a `}`, skipping stray commas and empty junk; a quoted string
 * followed by `:` starts an object missing its `{`.
 *
 * @example
 * const parser = new JsonRepairParser('[1, "a": 2, , x]');
 * parser.index = 1; // past the "["
 * parseArray(parser); // [1, { a: 2, x: "" }]
 */
export function parseArray(parser: JsonRepairParser, closingDelimiter = "]"): unknown[] {
  const isObjectValue = parser.current === "OBJECT_VALUE";
  let closedBeforeParentMember = false;
  const items: unknown[] = [];
  parser.within("ARRAY", () => {
    for (;;) {
      parser.skipWhitespaceAndComments();
      const char = parser.charAt();
      if (char === undefined || char === closingDelimiter || char === "}") break;
      if (char === ",") {
        parser.index++;
        continue;
      }
      let value: unknown;
      if (isDelimiter(char)) {
        let i = parser.skipToCharacter(char, 1);
        i = parser.scrollWhitespaces(i + 1);
        if (parser.charAt(i) === ":") {
          // `{"k": ["a", "b", "c": 1}`: the array was never closed before the next member.
          if (isObjectValue && items.length > 0 && items.every((item) => !isContainer(item))) {
            closedBeforeParentMember = true;
            break;
          }
          value = parser.parseObject();
        } else {
          value = parser.parseString();
        }
      } else {
        value = parser.parseJson();
      }
      const next = parser.charAt();
      if (isStrictlyEmpty(value) && next !== closingDelimiter && next !== ",") {
        parser.index++;
      } else if (value === "..." && parser.charAt(-1) === ".") {
        // A stray "..." placeholder is dropped.
      } else {
        items.push(value);
      }
    }
    if (!closedBeforeParentMember) parser.index++;
  });
  return items;
}
