import { isInt, PyFloat } from "../utils/py-float.js";
import { fail } from "./line-errors.js";
import { rustTrim, stripUnderscores } from "./validate-int.js";
import { Exactness, floor, type ValidationState } from "./validation-state.js";

/**
 * pydantic's lax `float` validation: numbers as they are (ints only strictly); bools and
 * numeric strings (`" 1e3 "`, `"inf"`, `"1_0.5"`) coerced; anything else a line error.
 *
 * @example
 * validateFloat("1e3", { exactness: undefined, fieldsSet: undefined }); // 1000
 */
export function validateFloat(input: unknown, state: ValidationState): number {
  if (typeof input === "number" && !isInt(input)) return input;
  if (input instanceof PyFloat) return input.value;
  if (typeof input === "string") {
    floor(state, Exactness.Lax);
    const parsed = rustParseFloat(rustTrim(input)) ?? parseUnderscored(input);
    if (parsed === undefined)
      throw fail("float_parsing", "Input should be a valid number, unable to parse string as a number", input);
    return parsed;
  }
  if (typeof input === "number") {
    floor(state, Exactness.Strict);
    return input;
  }
  if (typeof input === "boolean") {
    floor(state, Exactness.Lax);
    return input ? 1 : 0;
  }
  throw fail("float_type", "Input should be a valid number", input);
}

const RUST_FLOAT = /^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)$/i;

/** Rust's `f64::from_str`: decimal or exponent forms, `inf`/`infinity`/`nan` in any case. */
function rustParseFloat(text: string): number | undefined {
  if (!RUST_FLOAT.test(text)) return undefined;
  const body = text.replace(/^[+-]/, "").toLowerCase();
  const negative = text.startsWith("-");
  if (body === "nan") return Number.NaN;
  if (body === "inf" || body === "infinity") return negative ? -Infinity : Infinity;
  return Number(text);
}

function parseUnderscored(text: string): number | undefined {
  const stripped = stripUnderscores(text);
  return stripped === undefined ? undefined : rustParseFloat(stripped);
}
