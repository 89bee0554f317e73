import type { ValidationIssue } from "../errors/validation-error.js";
import { LineErrors, prefixed } from "./line-errors.js";
import type { TypeNode } from "./type-node.js";
import { Exactness, floor, type ValidateNested, type ValidationState } from "./validation-state.js";
import { validatorName } from "./validator-name.js";

/**
 * pydantic-core's smart-mode union: every member is tried; an "exact" success (right type, no
 * coercion, no model) wins at once, otherwise the best exactness (exact > strict > lax, and for
 * models the most fields set) wins, earliest first on ties. With `None` among the members the
 * union is `nullable`, which lets `None` through before any member is tried. When all members
 * fail, each member's errors are reported under its validator name.
 *
 * @example
 * validateUnion([{ kind: "int" }, { kind: "str" }], "5", state, validate); // 5 (lax int beats nothing better)
 */
export function validateUnion(
  members: TypeNode[],
  input: unknown,
  state: ValidationState,
  validate: ValidateNested,
): unknown {
  const choices = members.filter((member) => member.kind !== "none");
  // pydantic wraps a union with None in `nullable`, which lets None through before any member.
  if (choices.length < members.length && (input === null || input === undefined)) return null;
  if (choices.length === 1) return validate(choices[0] as TypeNode, input, state);
  const outer = { exactness: state.exactness, fieldsSet: state.fieldsSet };
  let best: { value: unknown; exactness: Exactness; fieldsSet: number | undefined } | undefined;
  const issues: ValidationIssue[] = [];
  for (const choice of choices) {
    state.exactness = Exactness.Exact;
    state.fieldsSet = undefined;
    try {
      const value = validate(choice, input, state);
      if (state.exactness === Exactness.Exact && state.fieldsSet === undefined) {
        Object.assign(state, outer);
        return value;
      }
      const exactness = state.exactness ?? Exactness.Lax;
      const fieldsSet = state.fieldsSet;
      const better =
        best === undefined ||
        (best.fieldsSet !== undefined && fieldsSet !== undefined && best.fieldsSet !== fieldsSet
          ? best.fieldsSet < fieldsSet
          : best.exactness < exactness);
      if (better) best = { value, exactness, fieldsSet };
    } catch (error) {
      if (!(error instanceof LineErrors)) throw error;
      if (best === undefined) issues.push(...prefixed(error.issues, validatorName(choice)));
    }
  }
  Object.assign(state, outer);
  if (best === undefined) throw new LineErrors(issues);
  floor(state, best.exactness);
  if (best.fieldsSet !== undefined) state.fieldsSet = (state.fieldsSet ?? 0) + best.fieldsSet;
  return best.value;
}
