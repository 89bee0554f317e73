import { DSPyError } from "../errors/dspy-error.js";

/**
 * The error the NumPy `RandomState` port raises: a {@link DSPyError} (code `invalid_argument`)
 * whose `pythonType` and message are NumPy's for the same call.
 *
 * @example
 * throw numpyError("ValueError", "low >= high");
 */
export function numpyError(pythonType: string, message: string): DSPyError {
  return new DSPyError(message, { code: "invalid_argument", pythonType });
}
