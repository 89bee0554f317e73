import { DSPyError } from "./dspy-error.js";

/** One problem found while validating a value against a type, as pydantic reports it. */
export interface ValidationIssue {
  /** pydantic's error type, e.g. `"int_parsing"`. */
  type: string;
  /** Location inside the value, e.g. `[0, "name"]`. */
  loc: (string | number)[];
  /** pydantic's human message, e.g. `"Input should be a valid integer"`. */
  msg: string;
  /** The offending input. */
  input: unknown;
}

/**
 * A value does not fit a field's type. Mirrors pydantic's `ValidationError`, whose text DSPy
 * embeds in parse errors, so the message is rendered the way pydantic renders it.
 *
 * @example
 * validateValue(parseTypeExpression("int"), "abc"); // throws ValidationError (int_parsing)
 */
export class ValidationError extends DSPyError {
  readonly title: string;
  readonly issues: ValidationIssue[];

  constructor(title: string, issues: ValidationIssue[], message: string) {
    super(message, { code: "validation_error", pythonType: "ValidationError" });
    this.title = title;
    this.issues = issues;
  }
}
