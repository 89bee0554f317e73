import { DSPyError } from "../errors/dspy-error.js";

/**
 * The error `random.Random` ports raise: a {@link DSPyError} (code `invalid_argument`) whose
 * `pythonType` and message are what CPython's random module raises in the same spot.
 *
 * @example
 * throw pythonRandomError("ValueError", "empty range for randrange()");
 */
export function pythonRandomError(pythonType: string, message: string): DSPyError {
  return new DSPyError(message, { code: "invalid_argument", pythonType });
}
