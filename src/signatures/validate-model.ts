import type { ValidationIssue } from "../errors/validation-error.js";
import { isPlainObject, setOwn } from "../utils/plain-object.js";
import { fail, LineErrors, prefixed } from "./line-errors.js";
import type { ModelField } from "./type-node.js";
import { Exactness, floor, type ValidateNested, type ValidationState } from "./validation-state.js";

/**
 * pydantic's model validation from a dict: each declared field validated (errors located at the
 * field name), missing optional fields filled with a copy of their default, unknown keys
 * dropped. Counts the fields set, which smart-mode unions compare.
 *
 * @example
 * validateModel("Pet", [{ name: "age", type: { kind: "int" }, required: true }], { age: "3", x: 1 }, state, validate); // { age: 3 }
 */
export function validateModel(
  name: string,
  fields: readonly ModelField[],
  input: unknown,
  state: ValidationState,
  validate: ValidateNested,
): Record<string, unknown> {
  if (!isPlainObject(input))
    throw fail("model_type", `Input should be a valid dictionary or instance of ${name}`, input);
  // Building a model from a dict is never an exact match (pydantic-core's model validator).
  floor(state, Exactness.Strict);
  const output: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  let fieldsSet = 0;
  for (const field of fields) {
    if (Object.hasOwn(input, field.name)) {
      try {
        setOwn(output, field.name, validate(field.type, input[field.name], state));
        fieldsSet++;
      } catch (error) {
        if (!(error instanceof LineErrors)) throw error;
        issues.push(...prefixed(error.issues, field.name));
      }
    } else if (!field.required) {
      setOwn(output, field.name, structuredClone(field.default ?? null));
    } else {
      issues.push({ type: "missing", loc: [field.name], msg: "Field required", input });
    }
  }
  if (issues.length > 0) throw new LineErrors(issues);
  state.fieldsSet = (state.fieldsSet ?? 0) + fieldsSet;
  return output;
}
