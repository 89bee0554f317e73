import { DSPyError } from "../errors/dspy-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type { LiteralValue, TypeNode } from "../signatures/type-node.js";
import { inputStr } from "../signatures/input-repr.js";
import { validateValue } from "../signatures/validate-value.js";
import { PyFloat } from "../utils/py-float.js";
import { pyJsonRepairLoads } from "../utils/py-json-repair.js";
import { pyLiteralEval } from "../utils/py-literal-eval.js";
import { pyStrip } from "../utils/py-string.js";

/**
 * DSPy's `parse_value(value, annotation)`: turns one output field's raw LM text (or an already
 * decoded JSON value) into a value of the field's type.
 *
 * `str` fields get Python's `str(value)`; enums are looked up by value then name; `Literal`
 * text is stripped and unwrapped (`Literal['a']`, quotes); `str | None` unions validate the
 * raw text; everything else is repaired as JSON the way `json_repair.loads` does, falls back
 * to `ast.literal_eval`, then to the raw text, and is validated as pydantic validates it.
 * Enum fields yield the member's value. A decoded value may hold {@link PyFloat}s (as
 * `pyJsonRepairLoads` gives them): `str` fields show them as Python does (`3.0`).
 *
 * @example
 * parseValue("[1, '2']", parseTypeExpression("list[int]")); // [1, 2]
 * parseValue("  'yes' ", parseTypeExpression("Literal['yes', 'no']")); // "yes"
 */
export function parseValue(value: unknown, type: TypeNode): unknown {
  if (type.kind === "str") return inputStr(value);
  if (type.kind === "enum") return findEnumMember(type, value);
  let input = value;
  if (type.kind === "literal") {
    const allowed = type.values.find((candidate) => pyEquals(candidate, input));
    if (allowed !== undefined) return input;
    if (typeof input === "string") {
      let text = pyStrip(input);
      if ((text.startsWith("Literal[") || text.startsWith("str[")) && text.endsWith("]")) {
        text = text.slice(text.indexOf("[") + 1, -1);
      }
      if (text.length > 1 && text[0] === text.at(-1) && (text[0] === '"' || text[0] === "'")) text = text.slice(1, -1);
      if (type.values.includes(text)) return text;
      // Coerce string forms of non-string members (e.g. "2" for Literal[1, 2, 3]) below.
      input = text;
    }
  }
  if (typeof input !== "string") return validateValue(type, input);
  if (type.kind === "union" && type.members.some((m) => m.kind === "none") && type.members.some((m) => m.kind === "str")) {
    return validateValue(type, input);
  }
  let candidate = pyJsonRepairLoads(input);
  if (candidate === "" && input !== "") {
    const evaluated = pyLiteralEval(input);
    candidate = evaluated.ok ? evaluated.value : input;
  }
  try {
    return validateValue(type, candidate);
  } catch (error) {
    // DSPy's own types (Image, ToolCalls, ...) may parse the original text themselves.
    if (!(error instanceof ValidationError) || type.kind !== "special") throw error;
    try {
      return validateValue(type, input);
    } catch {
      throw error;
    }
  }
}

/** DSPy's `find_enum_member`: by value first (Python `==`), then by member name. */
function findEnumMember(type: Extract<TypeNode, { kind: "enum" }>, identifier: unknown): string | number {
  // `3.0 == 3` in Python, so a float finds an int member.
  const value = identifier instanceof PyFloat ? identifier.value : identifier;
  const byValue = type.members.find((member) => pyEquals(member.value, value));
  if (byValue) return byValue.value;
  if (typeof identifier === "object" && identifier !== null && !(identifier instanceof PyFloat)) {
    // `identifier in enum.__members__` needs a hashable identifier.
    const kind = Array.isArray(identifier) ? "list" : "dict";
    throw new DSPyError(`unhashable type: '${kind}'`, { code: "enum_member_error", pythonType: "TypeError" });
  }
  const byName = type.members.find((member) => member.name === identifier);
  if (byName) return byName.value;
  throw new DSPyError(`${inputStr(identifier)} is not a valid name or value for the enum ${type.name}`, {
    code: "enum_member_error",
    pythonType: "ValueError",
  });
}

/** Python `==` between a literal/enum value and a JSON-like value (`True == 1`). */
function pyEquals(expected: LiteralValue, actual: unknown): boolean {
  const numeric = (value: unknown) => typeof value === "number" || typeof value === "boolean";
  if (numeric(expected) && numeric(actual)) return Number(expected) === Number(actual);
  return expected === actual;
}
