import { DSPyError } from "./dspy-error.js";

/**
 * A signature string or definition is invalid: no `->`, two `->`, a bad identifier, an unknown
 * type name, or names shared by inputs and outputs. Messages are DSPy's own.
 *
 * @example
 * new Signature("question"); // SignatureError: Invalid signature format: 'question', must contain exactly one '->'.
 */
export class SignatureError extends DSPyError {
  constructor(message: string, options: { pythonType?: "ValueError" | "SyntaxError" | "TypeError" } = {}) {
    super(message, { code: "signature_error", pythonType: options.pythonType ?? "ValueError" });
  }
}
