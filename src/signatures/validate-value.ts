import { ValidationError } from "../errors/validation-error.js";
import { unboxed } from "../utils/py-float.js";
import { expectedText, literalLookup, literalRepr } from "./literal-lookup.js";
import { fail, LineErrors } from "./line-errors.js";
import { pydanticValidationError } from "./pydantic-validation-error.js";
import type { SpecialTypeName, TypeNode } from "./type-node.js";
import { validateBool } from "./validate-bool.js";
import { validateDict } from "./validate-dict.js";
import { validateFloat } from "./validate-float.js";
import { validateInt } from "./validate-int.js";
import { validateList } from "./validate-list.js";
import { validateModel } from "./validate-model.js";
import { validateToolCalls } from "./validate-tool-calls.js";
import { validateTuple } from "./validate-tuple.js";
import { validateUnion } from "./validate-union.js";
import { Exactness, floor, type ValidateNested, type ValidationState } from "./validation-state.js";
import { validatorName } from "./validator-name.js";

/*
 * pydantic 2.14 (pydantic-core 2.50) `TypeAdapter(T).validate_python(value)` in lax mode, for
 * JSON-like values. JavaScript has one number type: an integral number stands for a Python
 * `int`, any other for a `float`; a `PyFloat` is an integral `float`. Arrays registered with
 * `markPythonTuple` stand for tuples.
 */

/**
 * Validates a DSPy special type (`Image`, `History`, ...); throws a {@link ValidationError} on
 * failure.
 *
 * @example
 * const history: SpecialValidator = (value) => ({ messages: value });
 */
export type SpecialValidator = (value: unknown) => unknown;

/**
 * Options of {@link validateValue}.
 *
 * @example
 * const options: ValidateValueOptions = { special: { Image: (value) => Image.from(value) } };
 */
export interface ValidateValueOptions {
  /**
   * Validators for DSPy special types, replacing the built-in one (`ToolCalls` has one; other
   * special types without a validator pass values through unchanged).
   */
  special?: Partial<Record<SpecialTypeName, SpecialValidator>>;
}

const ANY: TypeNode = { kind: "any" };

/**
 * pydantic's `TypeAdapter(T).validate_python(value)` (lax mode) for a JSON-like value: coerces
 * where pydantic coerces (`"5"` → 5 for `int`, `"yes"` → true for `bool`, `"1"` keys for
 * `dict[int, ...]`), fills model defaults, drops unknown model keys, and on failure throws a
 * {@link ValidationError} whose message is pydantic's text byte for byte. Enum values validate
 * to the member's value; tuples to arrays.
 *
 * @example
 * validateValue({ kind: "int" }, " 12 "); // 12
 * validateValue({ kind: "int" }, "abc");  // throws "1 validation error for int\n  Input should be a valid integer, ..."
 * validateValue({ kind: "special", name: "History" }, [1], { special: { History: (value) => ({ messages: value }) } });
 */
export function validateValue(type: TypeNode, value: unknown, options: ValidateValueOptions = {}): unknown {
  const special = options.special ?? {};
  const validate: ValidateNested = (node, input, state) => validateNode(node, input, state, special, validate);
  try {
    return validate(type, value, { exactness: undefined, fieldsSet: undefined });
  } catch (error) {
    if (!(error instanceof LineErrors)) throw error;
    throw pydanticValidationError(validatorName(type), error.issues);
  }
}

function validateNode(
  type: TypeNode,
  input: unknown,
  state: ValidationState,
  special: Partial<Record<SpecialTypeName, SpecialValidator>>,
  validate: ValidateNested,
): unknown {
  switch (type.kind) {
    case "str":
      if (typeof input === "string") return input;
      throw fail("string_type", "Input should be a valid string", input);
    case "int":
      return validateInt(input, state);
    case "float":
      return validateFloat(input, state);
    case "bool":
      return validateBool(input, state);
    case "none":
      if (input === null || input === undefined) return null;
      throw fail("none_required", "Input should be None", input);
    case "any":
      floor(state, Exactness.Strict);
      return unboxed(input);
    case "ellipsis":
      return input;
    case "list":
      return validateList(type.args[0] ?? ANY, input, state, validate);
    case "dict":
      return validateDict(type.args[0] ?? ANY, type.args[1] ?? ANY, input, state, validate);
    case "tuple":
      return validateTuple(type.args, input, state, validate);
    case "literal": {
      const match = literalLookup(type.values, input);
      if (match.found) return match.value;
      throw fail("literal_error", `Input should be ${expectedText(type.values.map(literalRepr))}`, input);
    }
    case "union":
      return validateUnion(type.members, input, state, validate);
    case "model":
      return validateModel(type.name, type.fields, input, state, validate);
    case "enum": {
      floor(state, Exactness.Lax);
      const values = type.members.map((member) => member.value);
      const match = literalLookup(values, input);
      if (match.found) return match.value;
      throw fail("enum", `Input should be ${expectedText(values.map(literalRepr))}`, input);
    }
    case "special": {
      floor(state, Exactness.Lax);
      const validator = special[type.name];
      try {
        if (validator) return validator(unboxed(input));
        return type.name === "ToolCalls" ? validateToolCalls(input, validate) : unboxed(input);
      } catch (error) {
        if (error instanceof ValidationError) throw new LineErrors(error.issues);
        throw error;
      }
    }
  }
}
