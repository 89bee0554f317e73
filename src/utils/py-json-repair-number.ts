import { PyFloat } from "./py-float.js";
import { isAlpha } from "./py-json-repair-chars.js";
import type { JsonRepairParser } from "./py-json-repair-parser.js";

const NUMBER_CHARS = new Set("0123456789-.eE/,_");
// What Python's float()/int() accept among NUMBER_CHARS (underscores are already dropped).
const PY_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const PY_INT = /^[+-]?\d+$/;
// Python refuses int() of longer digit strings (sys.int_info.default_max_str_digits).
const MAX_INT_DIGITS = 4300;

/**
 * json_repair's `parse_number`: reads number-like characters; a letter right after means it
 * was a word (read as a string); text Python's `float()`/`int()` reject (`1/2`, `1.2.3`) stays
 * a string, as does anything with a comma. Integral floats come back as {@link PyFloat}.
 *
 * @example
 * const parser = new JsonRepairParser("1/2, 1.0");
 * parser.contexts.push("OBJECT_VALUE");
 * parseNumber(parser); // "1/2"
 * parser.index = 5;
 * parseNumber(parser); // PyFloat(1)
 */
export function parseNumber(parser: JsonRepairParser): unknown {
  const start = parser.index;
  let text = "";
  let char = parser.charAt();
  const inArray = parser.current === "ARRAY";
  while (
    char !== undefined &&
    (NUMBER_CHARS.has(char) || (char === "+" && /[eE]$/.test(text))) &&
    (!inArray || char !== ",")
  ) {
    if (char !== "_") text += char;
    parser.index++;
    char = parser.charAt();
  }
  const next = parser.charAt();
  if (next !== undefined && isAlpha(next)) {
    // This was a string instead.
    parser.index = start;
    return parser.parseString();
  }
  if (text !== "" && "+-eE/,".includes(text.at(-1) as string)) {
    // A number or currency does not end like this: give the last character back.
    text = text.slice(0, -1);
    parser.index--;
  }
  if (text.includes(",")) return text;
  if (/[.eE]/.test(text)) {
    if (!PY_FLOAT.test(text)) return text;
    const value = Number(text);
    return Number.isInteger(value) ? new PyFloat(value) : value;
  }
  if (!PY_INT.test(text) || text.replace(/^[+-]/, "").length > MAX_INT_DIGITS) return text;
  const value = Number(text);
  return value === 0 ? 0 : value; // int("-0") is 0
}
