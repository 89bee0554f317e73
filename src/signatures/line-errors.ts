import type { ValidationIssue } from "../errors/validation-error.js";

/**
 * pydantic-core's line errors on their way up a validation: validators throw them, containers
 * prepend their location as they bubble out, and `validateValue` turns them into a
 * `ValidationError`.
 *
 * @example
 * throw new LineErrors([{ type: "int_type", loc: [], msg: "Input should be a valid integer", input: null }]);
 */
export class LineErrors {
  constructor(readonly issues: ValidationIssue[]) {}
}

/**
 * One line error, ready to throw.
 *
 * @example
 * throw fail("string_type", "Input should be a valid string", 5);
 */
export function fail(type: string, msg: string, input: unknown, loc: (string | number)[] = []): LineErrors {
  return new LineErrors([{ type, loc, msg, input }]);
}

/**
 * The issues with `outer` prepended to each location (a list index, a dict key, a union member).
 *
 * @example
 * prefixed([{ type: "missing", loc: ["x"], msg: "Field required", input: {} }], 0); // loc [0, "x"]
 */
export function prefixed(issues: ValidationIssue[], ...outer: (string | number)[]): ValidationIssue[] {
  return issues.map((issue) => ({ ...issue, loc: [...outer, ...issue.loc] }));
}
