import { isInt, numeric, PyFloat } from "../utils/py-float.js";
import { fail } from "./line-errors.js";
import { Exactness, floor, type ValidationState } from "./validation-state.js";

/**
 * pydantic's lax `int` validation: ints as they are; bools, integral floats and integer
 * strings (`" 1_000 "`, `"5.00"`) coerced; anything else a line error.
 *
 * @example
 * validateInt(" 1_000 ", { exactness: undefined, fieldsSet: undefined }); // 1000
 */
export function validateInt(input: unknown, state: ValidationState): number {
  if (isInt(input)) return input;
  floor(state, Exactness.Lax);
  if (typeof input === "boolean") return input ? 1 : 0;
  if (typeof input === "string") return strAsInt(input);
  if (typeof input === "number" || input instanceof PyFloat) return floatAsInt(input);
  throw fail("int_type", "Input should be a valid integer", input);
}

function floatAsInt(boxed: number | PyFloat): number {
  const input = numeric(boxed) as number;
  if (!Number.isFinite(input)) throw fail("finite_number", "Input should be a finite number", boxed);
  if (input % 1 !== 0)
    throw fail("int_from_float", "Input should be a valid integer, got a number with a fractional part", boxed);
  // Rust's `i64::MIN as f64 < x < i64::MAX as f64`, i.e. strictly inside ±2**63.
  if (!(-(2 ** 63) < input && input < 2 ** 63)) {
    throw fail("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size", boxed);
  }
  return input === 0 ? 0 : input;
}

const JSON_INT = /^-?(?:0|[1-9][0-9]*)$/;

/** pydantic-core's `str_as_int`: a JSON integer, else `clean_int_str` and a JSON integer. */
function strAsInt(text: string): number {
  if (JSON_INT.test(text)) return Number(text) || 0;
  const cleaned = cleanIntStr(text);
  if (cleaned !== undefined && JSON_INT.test(cleaned)) return Number(cleaned) || 0;
  throw fail("int_parsing", "Input should be a valid integer, unable to parse string as an integer", text);
}

function cleanIntStr(text: string): string | undefined {
  const lengthBefore = text.length;
  let s = rustTrim(text);
  if (s.startsWith("+")) {
    if (s.startsWith("+-")) return undefined;
    s = s.slice(1);
  }
  let negative = false;
  if (s.startsWith("-")) {
    if (s.startsWith("--") || s.startsWith("-+")) return undefined;
    negative = true;
    s = s.slice(1);
  }
  const stripped = stripLeadingZeros(s);
  if (stripped === undefined) return undefined;
  s = stripped;
  const point = s.indexOf(".");
  if (point !== -1 && /^0+$/.test(s.slice(point + 1))) s = s.slice(0, point);
  const sign = negative ? "-" : "";
  const withoutUnderscores = stripUnderscores(s);
  if (withoutUnderscores !== undefined) return sign + withoutUnderscores;
  if (lengthBefore === s.length) return undefined;
  return sign + s;
}

function stripLeadingZeros(s: string): string | undefined {
  const first = s[0];
  if (first === undefined) return undefined;
  if (first !== "0") return (first >= "1" && first <= "9") || first === "-" ? s : undefined;
  for (let index = 1; index < s.length; index++) {
    const char = s[index] as string;
    if (char === "0" || char === "_") continue;
    if ((char >= "1" && char <= "9") || char === "-") return s.slice(index);
    if (char === ".") return s.slice(index - 1);
    return undefined;
  }
  return s.slice(-1);
}

/**
 * pydantic-core's `strip_underscores`: Python's digit-group underscores removed, or
 * `undefined` when there are none or they are misplaced.
 *
 * @example
 * stripUnderscores("1_000"); // "1000"
 * stripUnderscores("1__0"); // undefined
 */
export function stripUnderscores(s: string): string | undefined {
  if (s.startsWith("_") || s.endsWith("_") || !s.includes("_") || s.includes("__")) return undefined;
  return s.replaceAll("_", "");
}

// Rust's `str::trim` uses the Unicode White_Space property (no U+001C–U+001F, unlike Python).
const RUST_SPACE =
  /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * Rust's `str::trim`: strips Unicode White_Space (not U+001C–U+001F, unlike Python's strip).
 *
 * @example
 * rustTrim("\u3000 5\n"); // "5"
 */
export function rustTrim(text: string): string {
  return text.replace(RUST_SPACE, "");
}
