import type { ValidationIssue } from "../errors/validation-error.js";
import { isPlainObject, setOwn } from "../utils/plain-object.js";
import { pyStr } from "../utils/python-repr.js";
import { fail, LineErrors, prefixed } from "./line-errors.js";
import type { TypeNode } from "./type-node.js";
import type { ValidateNested, ValidationState } from "./validation-state.js";

/**
 * pydantic's `dict[key, value]` validation: a plain object, every key (located at
 * `key.[key]`) and value validated; keys come back as their Python `str()`.
 *
 * @example
 * validateDict({ kind: "int" }, { kind: "bool" }, { "1": "yes" }, state, validate); // { "1": true }
 */
export function validateDict(
  keyType: TypeNode,
  valueType: TypeNode,
  input: unknown,
  state: ValidationState,
  validate: ValidateNested,
): Record<string, unknown> {
  if (!isPlainObject(input)) throw fail("dict_type", "Input should be a valid dictionary", input);
  const output: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(input)) {
    let outputKey: string | undefined;
    try {
      outputKey = pyStr(validate(keyType, key, state));
    } catch (error) {
      if (!(error instanceof LineErrors)) throw error;
      issues.push(...prefixed(error.issues, key, "[key]"));
    }
    try {
      const validated = validate(valueType, value, state);
      if (outputKey !== undefined) setOwn(output, outputKey, validated);
    } catch (error) {
      if (!(error instanceof LineErrors)) throw error;
      issues.push(...prefixed(error.issues, key));
    }
  }
  if (issues.length > 0) throw new LineErrors(issues);
  return output;
}
