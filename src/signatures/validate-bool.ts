import { numeric } from "../utils/py-float.js";
import { fail } from "./line-errors.js";
import { Exactness, floor, type ValidationState } from "./validation-state.js";

const TRUE_STRINGS = /^(?:1|t|y|on|yes|true)$/i;
const FALSE_STRINGS = /^(?:0|f|n|no|off|false)$/i;

/**
 * pydantic's lax `bool` validation: bools as they are; `"yes"`/`"off"`-style strings and the
 * numbers 0 and 1 coerced; anything else a line error.
 *
 * @example
 * validateBool("Yes", { exactness: undefined, fieldsSet: undefined }); // true
 */
export function validateBool(input: unknown, state: ValidationState): boolean {
  if (typeof input === "boolean") return input;
  floor(state, Exactness.Lax);
  if (typeof input === "string") {
    if (TRUE_STRINGS.test(input)) return true;
    if (FALSE_STRINGS.test(input)) return false;
    throw fail("bool_parsing", "Input should be a valid boolean, unable to interpret input", input);
  }
  // Integers must be 0 or 1; floats must be integral first (0.5 is a type error, 2.0 a parse error).
  const number = numeric(input);
  if (number !== undefined && Number.isFinite(number)) {
    if (number === 0 || number === 1) return number === 1;
    if (Number.isInteger(number))
      throw fail("bool_parsing", "Input should be a valid boolean, unable to interpret input", input);
  }
  throw fail("bool_type", "Input should be a valid boolean", input);
}
