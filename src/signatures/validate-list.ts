import type { ValidationIssue } from "../errors/validation-error.js";
import { isPythonTuple } from "../utils/py-tuple.js";
import { fail, LineErrors, prefixed } from "./line-errors.js";
import type { TypeNode } from "./type-node.js";
import { Exactness, floor, type ValidateNested, type ValidationState } from "./validation-state.js";

/**
 * pydantic's `list[item]` validation: an array (a tuple only laxly), every item validated,
 * all item errors reported with their index.
 *
 * @example
 * validateList({ kind: "int" }, ["1", 2], state, validate); // [1, 2]
 */
export function validateList(
  item: TypeNode,
  input: unknown,
  state: ValidationState,
  validate: ValidateNested,
): unknown[] {
  if (!Array.isArray(input)) throw fail("list_type", "Input should be a valid list", input);
  if (isPythonTuple(input)) floor(state, Exactness.Lax);
  return validateItems(
    input.map((value, index) => [item, value, index] as const),
    state,
    validate,
  );
}

/**
 * Validates `[type, value, index]` triples in order, collecting every failure (located at its
 * index) into one {@link LineErrors}.
 *
 * @example
 * validateItems([[{ kind: "int" }, "1", 0]], state, validate); // [1]
 */
export function validateItems(
  items: readonly (readonly [TypeNode, unknown, number])[],
  state: ValidationState,
  validate: ValidateNested,
): unknown[] {
  const output: unknown[] = [];
  const issues: ValidationIssue[] = [];
  for (const [type, value, index] of items) {
    try {
      output.push(validate(type, value, state));
    } catch (error) {
      if (!(error instanceof LineErrors)) throw error;
      issues.push(...prefixed(error.issues, index));
    }
  }
  if (issues.length > 0) throw new LineErrors(issues);
  return output;
}
