import { jsonRepairLoads } from "../adapters/json-repair-loads.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { floatRepr, pyRepr, pyStr } from "../utils/python-repr.js";
import type { LiteralValue, ModelField, SpecialTypeName, TypeNode } from "./type-node.js";

/*
 * pydantic 2.14 (pydantic-core 2.50) `TypeAdapter(T).validate_python(value)` in lax mode, for
 * JSON-like values. JavaScript has one number type: an integral number stands for a Python
 * `int`, any other for a `float`. Arrays registered with `markPythonTuple` stand for tuples.
 *
 * Smart-mode unions follow pydantic-core's rules: every member is tried; an "exact" success
 * (right type, no coercion, no model) wins at once, otherwise the best "exactness"
 * (exact > strict > lax, and for models the most fields set) wins, earliest first on ties.
 */

const PYDANTIC_VERSION = "2.14";

/** pydantic-core's `Exactness`, ordered: a higher value is a better union match. */
const Exactness = { Lax: 0, Strict: 1, Exact: 2 } as const;
type Exactness = (typeof Exactness)[keyof typeof Exactness];

/** pydantic-core's `ValidationState`: how exact the match so far is, and model fields set. */
interface State {
  exactness: Exactness | undefined;
  fieldsSet: number | undefined;
}

/** Line errors on their way up; locations are prepended as they bubble out. */
class LineErrors {
  constructor(readonly issues: ValidationIssue[]) {}
}

const TUPLES = new WeakSet<readonly unknown[]>();

/**
 * A Python `float` with an integral value (`3.0`, `1e3`), which a JS number cannot tell apart
 * from an `int`. The Python-compatible parsers in parse-value.ts produce it so validation and
 * error messages treat such values as pydantic does; validated results never contain it.
 *
 * @example
 * validateValue({ kind: "literal", values: ["a"] }, new PyFloat(3)); // throws "... input_value=3.0, input_type=float ..."
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A JS number, or a boxed integral float, as a plain number. */
function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  return value instanceof PyFloat ? value.value : undefined;
}

/** Replaces every {@link PyFloat} inside a value by its number (for `Any` results). */
function unboxed(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) {
    const items = value.map(unboxed);
    return isPythonTuple(value) ? markPythonTuple(items) : items;
  }
  if (isPlainObject(value)) {
    const output: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(output, key, unboxed(item));
    return output;
  }
  return value;
}

/**
 * Marks an array as standing for a Python tuple (e.g. from `ast.literal_eval("(1, 2)")`), so
 * validation and error reprs treat it as one. Returns the same array.
 *
 * @example
 * validateValue({ kind: "list", args: [] }, markPythonTuple([1])); // lax list-from-tuple
 */
export function markPythonTuple<T extends unknown[]>(items: T): T {
  TUPLES.add(items);
  return items;
}

/**
 * Whether an array was marked with {@link markPythonTuple}.
 *
 * @example
 * isPythonTuple(markPythonTuple([1, 2])); // true
 */
export function isPythonTuple(value: unknown): boolean {
  return Array.isArray(value) && TUPLES.has(value);
}

/** Validates a DSPy special type (`Image`, `History`, ...); throw {@link ValidationError} on failure. */
export type SpecialValidator = (value: unknown) => unknown;

const SPECIAL_VALIDATORS = new Map<SpecialTypeName, SpecialValidator>();

/**
 * Installs the validator used for a DSPy special type. `ToolCalls` has a built-in one (which
 * this replaces); other types without one pass values through unchanged.
 *
 * @example
 * registerSpecialValidator("Image", (value) => Image.from(value));
 */
export function registerSpecialValidator(name: SpecialTypeName, validator: SpecialValidator): void {
  SPECIAL_VALIDATORS.set(name, validator);
}

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
 */
export function validateValue(type: TypeNode, value: unknown): unknown {
  try {
    return validate(type, value, { exactness: undefined, fieldsSet: undefined });
  } catch (error) {
    if (!(error instanceof LineErrors)) throw error;
    throw validationError(validatorName(type), error.issues);
  }
}

/**
 * Builds a {@link ValidationError} with pydantic's rendering of `str(ValidationError)`.
 *
 * @example
 * validationError("int", [{ type: "int_type", loc: [], msg: "Input should be a valid integer", input: null }]);
 */
export function validationError(title: string, issues: ValidationIssue[]): ValidationError {
  const count = issues.length;
  const lines = issues.map((issue) => {
    const loc = issue.loc.length > 0 ? `${issue.loc.map(locText).join(".")}\n` : "";
    return (
      `${loc}  ${issue.msg} [type=${issue.type}, input_value=${truncateRepr(inputRepr(issue.input))}, ` +
      `input_type=${inputType(issue.input)}]\n    For further information visit ` +
      `https://errors.pydantic.dev/${PYDANTIC_VERSION}/v/${issue.type}`
    );
  });
  const message = `${count} validation error${count === 1 ? "" : "s"} for ${title}\n${lines.join("\n")}`;
  return new ValidationError(title, issues, message);
}

/**
 * pydantic-core's name for a type's validator: the `for ...` title of its errors and the
 * location label of union members (`list[int]`, `dict[str,int]`, `nullable[int]`,
 * `union[int,str]`, `literal['a','b']`, `enum[Color]`, `tuple[int, ...]`, a model's name).
 *
 * @example
 * validatorName(parseTypeExpression("Optional[list[int]]")); // "nullable[list[int]]"
 */
export function validatorName(type: TypeNode): string {
  switch (type.kind) {
    case "str":
    case "int":
    case "float":
    case "bool":
    case "none":
    case "any":
      return type.kind;
    case "ellipsis":
      return "ellipsis";
    case "list":
      return `list[${validatorName(type.args[0] ?? ANY)}]`;
    case "dict":
      return `dict[${validatorName(type.args[0] ?? ANY)},${validatorName(type.args[1] ?? ANY)}]`;
    case "tuple": {
      const { items, variadic } = tupleShape(type.args);
      const names = items.map(validatorName);
      if (variadic !== undefined) names.splice(variadic + 1, 0, "...");
      return `tuple[${names.join(", ")}]`;
    }
    case "literal":
      return `literal[${type.values.map(literalRepr).join(",")}]`;
    case "union": {
      const choices = type.members.filter((member) => member.kind !== "none");
      const inner = choices.length === 1 ? validatorName(choices[0] as TypeNode) : `union[${choices.map(validatorName).join(",")}]`;
      return choices.length < type.members.length ? `nullable[${inner}]` : inner;
    }
    case "model":
      return type.name;
    case "enum":
      return `enum[${type.name}]`;
    case "special":
      return type.name;
  }
}

const ANY: TypeNode = { kind: "any" };

function validate(type: TypeNode, input: unknown, state: State): unknown {
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
      return validateList(type.args[0] ?? ANY, input, state);
    case "dict":
      return validateDict(type.args[0] ?? ANY, type.args[1] ?? ANY, input, state);
    case "tuple":
      return validateTuple(type.args, input, state);
    case "literal": {
      const match = literalLookup(type.values, input);
      if (match.found) return match.value;
      throw fail("literal_error", `Input should be ${expectedText(type.values.map(literalRepr))}`, input);
    }
    case "union":
      return validateUnion(type.members, input, state);
    case "model":
      return validateModel(type.name, type.fields, input, state);
    case "enum": {
      floor(state, Exactness.Lax);
      const values = type.members.map((member) => member.value);
      const match = literalLookup(values, input);
      if (match.found) return match.value;
      throw fail("enum", `Input should be ${expectedText(values.map(literalRepr))}`, input);
    }
    case "special": {
      floor(state, Exactness.Lax);
      const validator = SPECIAL_VALIDATORS.get(type.name);
      try {
        if (validator) return validator(unboxed(input));
        return type.name === "ToolCalls" ? validateToolCalls(input) : unboxed(input);
      } catch (error) {
        if (error instanceof ValidationError) throw new LineErrors(error.issues);
        throw error;
      }
    }
  }
}

function fail(type: string, msg: string, input: unknown, loc: (string | number)[] = []): LineErrors {
  return new LineErrors([{ type, loc, msg, input }]);
}

function floor(state: State, exactness: Exactness): void {
  if (state.exactness !== undefined && exactness < state.exactness) state.exactness = exactness;
}

/** Whether a JS number stands for a Python `int`; `-0` can only have come from a float. */
function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && !Object.is(value, -0);
}

function validateInt(input: unknown, state: State): number {
  if (isInt(input)) return input;
  floor(state, Exactness.Lax);
  if (typeof input === "boolean") return input ? 1 : 0;
  if (typeof input === "string") return strAsInt(input);
  if (typeof input === "number" || input instanceof PyFloat) return floatAsInt(input);
  throw fail("int_type", "Input should be a valid integer", input);
}

function floatAsInt(boxed: number | PyFloat): number {
  const input = numeric(boxed) as number;
  if (!Number.isFinite(input)) throw fail("finite_number", "Input should be a finite number", boxed);
  if (input % 1 !== 0) throw fail("int_from_float", "Input should be a valid integer, got a number with a fractional part", boxed);
  // Rust's `i64::MIN as f64 < x < i64::MAX as f64`, i.e. strictly inside ±2**63.
  if (!(-(2 ** 63) < input && input < 2 ** 63)) {
    throw fail("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size", boxed);
  }
  return input === 0 ? 0 : input;
}

const JSON_INT = /^-?(?:0|[1-9][0-9]*)$/;

/** pydantic-core's `str_as_int`: a JSON integer, else `clean_int_str` and a JSON integer. */
function strAsInt(text: string): number {
  if (JSON_INT.test(text)) return Number(text) || 0;
  const cleaned = cleanIntStr(text);
  if (cleaned !== undefined && JSON_INT.test(cleaned)) return Number(cleaned) || 0;
  throw fail("int_parsing", "Input should be a valid integer, unable to parse string as an integer", text);
}

function cleanIntStr(text: string): string | undefined {
  const lengthBefore = text.length;
  let s = rustTrim(text);
  if (s.startsWith("+")) {
    if (s.startsWith("+-")) return undefined;
    s = s.slice(1);
  }
  let negative = false;
  if (s.startsWith("-")) {
    if (s.startsWith("--") || s.startsWith("-+")) return undefined;
    negative = true;
    s = s.slice(1);
  }
  const stripped = stripLeadingZeros(s);
  if (stripped === undefined) return undefined;
  s = stripped;
  const point = s.indexOf(".");
  if (point !== -1 && /^0+$/.test(s.slice(point + 1))) s = s.slice(0, point);
  const sign = negative ? "-" : "";
  const withoutUnderscores = stripUnderscores(s);
  if (withoutUnderscores !== undefined) return sign + withoutUnderscores;
  if (lengthBefore === s.length) return undefined;
  return sign + s;
}

function stripLeadingZeros(s: string): string | undefined {
  const first = s[0];
  if (first === undefined) return undefined;
  if (first !== "0") return (first >= "1" && first <= "9") || first === "-" ? s : undefined;
  for (let index = 1; index < s.length; index++) {
    const char = s[index] as string;
    if (char === "0" || char === "_") continue;
    if ((char >= "1" && char <= "9") || char === "-") return s.slice(index);
    if (char === ".") return s.slice(index - 1);
    return undefined;
  }
  return s.slice(-1);
}

/** pydantic-core's `strip_underscores`: Python's digit-group underscores, else nothing to strip. */
function stripUnderscores(s: string): string | undefined {
  if (s.startsWith("_") || s.endsWith("_") || !s.includes("_") || s.includes("__")) return undefined;
  return s.replaceAll("_", "");
}

// Rust's `str::trim` uses the Unicode White_Space property (no U+001C–U+001F, unlike Python).
const RUST_SPACE = /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function rustTrim(text: string): string {
  return text.replace(RUST_SPACE, "");
}

function validateFloat(input: unknown, state: State): number {
  if (typeof input === "number" && !isInt(input)) return input;
  if (input instanceof PyFloat) return input.value;
  if (typeof input === "string") {
    floor(state, Exactness.Lax);
    const parsed = rustParseFloat(rustTrim(input)) ?? parseUnderscored(input);
    if (parsed === undefined) throw fail("float_parsing", "Input should be a valid number, unable to parse string as a number", input);
    return parsed;
  }
  if (typeof input === "number") {
    floor(state, Exactness.Strict);
    return input;
  }
  if (typeof input === "boolean") {
    floor(state, Exactness.Lax);
    return input ? 1 : 0;
  }
  throw fail("float_type", "Input should be a valid number", input);
}

const RUST_FLOAT = /^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)$/i;

/** Rust's `f64::from_str`: decimal or exponent forms, `inf`/`infinity`/`nan` in any case. */
function rustParseFloat(text: string): number | undefined {
  if (!RUST_FLOAT.test(text)) return undefined;
  const body = text.replace(/^[+-]/, "").toLowerCase();
  const negative = text.startsWith("-");
  if (body === "nan") return Number.NaN;
  if (body === "inf" || body === "infinity") return negative ? -Infinity : Infinity;
  return Number(text);
}

function parseUnderscored(text: string): number | undefined {
  const stripped = stripUnderscores(text);
  return stripped === undefined ? undefined : rustParseFloat(stripped);
}

const TRUE_STRINGS = /^(?:1|t|y|on|yes|true)$/i;
const FALSE_STRINGS = /^(?:0|f|n|no|off|false)$/i;

function validateBool(input: unknown, state: State): boolean {
  if (typeof input === "boolean") return input;
  floor(state, Exactness.Lax);
  if (typeof input === "string") {
    if (TRUE_STRINGS.test(input)) return true;
    if (FALSE_STRINGS.test(input)) return false;
    throw fail("bool_parsing", "Input should be a valid boolean, unable to interpret input", input);
  }
  // Integers must be 0 or 1; floats must be integral first (0.5 is a type error, 2.0 a parse error).
  const number = numeric(input);
  if (number !== undefined && Number.isFinite(number)) {
    if (number === 0 || number === 1) return number === 1;
    if (Number.isInteger(number)) throw fail("bool_parsing", "Input should be a valid boolean, unable to interpret input", input);
  }
  throw fail("bool_type", "Input should be a valid boolean", input);
}

function validateList(item: TypeNode, input: unknown, state: State): unknown[] {
  if (!Array.isArray(input)) throw fail("list_type", "Input should be a valid list", input);
  if (isPythonTuple(input)) floor(state, Exactness.Lax);
  return validateItems(input.map((value, index) => [item, value, index] as const), state);
}

function validateItems(items: readonly (readonly [TypeNode, unknown, number])[], state: State): unknown[] {
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

function prefixed(issues: ValidationIssue[], ...outer: (string | number)[]): ValidationIssue[] {
  return issues.map((issue) => ({ ...issue, loc: [...outer, ...issue.loc] }));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function validateDict(keyType: TypeNode, valueType: TypeNode, input: unknown, state: State): Record<string, unknown> {
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

function tupleShape(args: TypeNode[]): { items: TypeNode[]; variadic: number | undefined } {
  if (args.length === 0) return { items: [ANY], variadic: 0 };
  const ellipsis = args.findIndex((arg) => arg.kind === "ellipsis");
  if (ellipsis > 0) return { items: args.filter((arg) => arg.kind !== "ellipsis"), variadic: ellipsis - 1 };
  return { items: args, variadic: undefined };
}

function validateTuple(args: TypeNode[], input: unknown, state: State): unknown[] {
  if (!Array.isArray(input)) throw fail("tuple_type", "Input should be a valid tuple", input);
  if (!isPythonTuple(input)) floor(state, Exactness.Lax);
  const { items, variadic } = tupleShape(args);
  const plan: [TypeNode, unknown, number][] = [];
  const missing: ValidationIssue[] = [];
  if (variadic === undefined) {
    items.forEach((type, index) => {
      if (index < input.length) plan.push([type, input[index], index]);
      else missing.push({ type: "missing", loc: [index], msg: "Field required", input });
    });
    if (input.length > items.length) {
      const max = items.length;
      // pydantic-core drops the item errors here: the length error alone is reported.
      const msg = `Tuple should have at most ${max} item${max === 1 ? "" : "s"} after validation, not ${input.length}`;
      throw fail("too_long", msg, input);
    }
  } else {
    const head = items.slice(0, variadic);
    const tail = items.slice(variadic + 1);
    const repeated = items[variadic] as TypeNode;
    const middleEnd = Math.max(head.length, input.length - tail.length);
    head.forEach((type, index) => {
      if (index < input.length) plan.push([type, input[index], index]);
      else missing.push({ type: "missing", loc: [index], msg: "Field required", input });
    });
    for (let index = head.length; index < middleEnd; index++) plan.push([repeated, input[index], index]);
    tail.forEach((type, offset) => {
      const index = middleEnd + offset;
      if (index < input.length) plan.push([type, input[index], index]);
      else missing.push({ type: "missing", loc: [index], msg: "Field required", input });
    });
  }
  let output: unknown[] = [];
  let issues: ValidationIssue[] = [];
  try {
    output = validateItems(plan, state);
  } catch (error) {
    if (!(error instanceof LineErrors)) throw error;
    issues = error.issues;
  }
  issues = [...issues, ...missing];
  if (issues.length > 0) throw new LineErrors(issues);
  return markPythonTuple(output);
}

function validateUnion(members: TypeNode[], input: unknown, state: State): unknown {
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

function validateModel(name: string, fields: readonly ModelField[], input: unknown, state: State): Record<string, unknown> {
  if (!isPlainObject(input)) throw fail("model_type", `Input should be a valid dictionary or instance of ${name}`, input);
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

/**
 * pydantic-core's `LiteralLookup`: same-type matches first (bool, int, str, then None and
 * floats), then Python equality among bools and ints (`True == 1`). Returns the literal itself.
 */
function literalLookup<V extends LiteralValue>(values: readonly V[], input: unknown): { found: boolean; value?: V } {
  const hit = (value: V | undefined) => (value === undefined ? undefined : { found: true, value });
  const sameType =
    typeof input === "boolean"
      ? values.find((value) => value === input)
      : isInt(input)
        ? values.find((value) => isInt(value) && value === input)
        : typeof input === "string"
          ? values.find((value) => value === input)
          : undefined;
  const byHash =
    input === null
      ? values.find((value) => value === null)
      : typeof input === "number"
        ? values.find((value) => typeof value === "number" && !isInt(value) && value === input)
        : undefined;
  const number = typeof input === "boolean" ? Number(input) : numeric(input);
  // A Python dict keyed by the literals: equal keys (1 and True) keep the later literal's slot.
  const byEquality =
    number === undefined
      ? undefined
      : values.findLast((value) => (typeof value === "boolean" || isInt(value)) && Number(value) === number);
  return hit(sameType) ?? hit(byHash) ?? hit(byEquality) ?? { found: false };
}

function literalRepr(value: LiteralValue): string {
  return typeof value === "number" && !isInt(value) ? floatRepr(value) : pyRepr(value);
}

function expectedText(reprs: string[]): string {
  const last = reprs[reprs.length - 1] as string;
  return reprs.length === 1 ? last : `${reprs.slice(0, -1).join(", ")} or ${last}`;
}

function locText(item: string | number): string {
  return typeof item === "string" && item.includes(".") ? `\`${item}\`` : String(item);
}

/** Python's repr of an input, aware of arrays marked as tuples. */
function inputRepr(value: unknown): string {
  if (Array.isArray(value)) {
    const parts = value.map(inputRepr);
    if (!isPythonTuple(value)) return `[${parts.join(", ")}]`;
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
  }
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyRepr(key)}: ${inputRepr(item)}`)
      .join(", ")}}`;
  }
  if (value instanceof PyFloat) return floatRepr(value.value);
  return typeof value === "number" && !isInt(value) ? floatRepr(value) : pyRepr(value);
}

/** Python's `str()` of an input: strings as they are, everything else as its repr. */
function inputStr(value: unknown): string {
  return typeof value === "string" ? value : inputRepr(value);
}

function inputType(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return isInt(value) ? "int" : "float";
  if (value instanceof PyFloat) return "float";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return isPythonTuple(value) ? "tuple" : "list";
  if (isPlainObject(value)) return "dict";
  return (value as object).constructor?.name ?? "object";
}

/** pydantic-core's `write_truncated_to_limited_bytes(repr, 50)`: counted in UTF-8 bytes. */
function truncateRepr(text: string): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= 50) return text;
  const isContinuation = (index: number) => ((bytes[index] as number) & 0xc0) === 0x80;
  let head = 25;
  while (head > 0 && isContinuation(head)) head--;
  let tail = bytes.length - 24;
  while (tail < bytes.length && isContinuation(tail)) tail++;
  const decoder = new TextDecoder();
  return `${decoder.decode(bytes.subarray(0, head))}...${decoder.decode(bytes.subarray(tail))}`;
}

const TOOL_CALL_FIELDS: ModelField[] = [
  { name: "id", type: { kind: "union", members: [{ kind: "str" }, { kind: "none" }] }, required: false, default: null },
  { name: "name", type: { kind: "str" }, required: true },
  { name: "args", type: { kind: "dict", args: [{ kind: "str" }, ANY] }, required: true },
];

/**
 * `dspy.ToolCalls`' `validate_input`: a `{"tool_calls": [...]}` object, a list of calls, or a
 * single call, each `{name, args}` or OpenAI-shaped `{function: {name, arguments}}`. Yields
 * `{ tool_calls: [{ name, args }] }` (plus `id` when the call has one), DSPy's `format()` shape.
 */
function validateToolCalls(data: unknown): unknown {
  let calls: unknown[] | undefined;
  if (Array.isArray(data) && data.every((item) => isPlainObject(item) && isToolCallDict(item))) {
    calls = data.map((item) => toolCall(item as Record<string, unknown>, data));
  } else if (isPlainObject(data)) {
    if (Object.hasOwn(data, "tool_calls")) {
      const items = data.tool_calls;
      if (Array.isArray(items)) calls = items.map((item) => (isPlainObject(item) ? toolCall(item, data) : item));
    } else if (isToolCallDict(data)) {
      calls = [toolCall(data, data)];
    }
  }
  if (calls === undefined) throw valueError(`Received invalid value for \`dspy.ToolCalls\`: ${inputStr(data)}`, data);
  const issues: ValidationIssue[] = [];
  calls.forEach((call, index) => {
    if (!isPlainObject(call)) {
      issues.push({ type: "model_type", loc: ["tool_calls", index], msg: "Input should be a valid dictionary or instance of ToolCall", input: call });
    }
  });
  if (issues.length > 0) throw validationError("ToolCalls", issues);
  return { tool_calls: calls };
}

function isToolCallDict(data: Record<string, unknown>): boolean {
  return (Object.hasOwn(data, "name") && (Object.hasOwn(data, "args") || Object.hasOwn(data, "arguments"))) || Object.hasOwn(data, "function");
}

/** `_normalize_tool_call_dict` followed by `ToolCall(**...)`. */
function toolCall(data: Record<string, unknown>, whole: unknown): Record<string, unknown> {
  let args: unknown;
  let name: unknown;
  if (Object.hasOwn(data, "function")) {
    const fn = pyOr(data.function, {});
    if (!isPlainObject(fn)) throw valueError(`Received invalid function value for \`dspy.ToolCalls\`: ${inputStr(fn)}`, whole);
    args = Object.hasOwn(fn, "arguments") ? fn.arguments : {};
    name = pyOr(fn.name ?? null, data.name ?? null);
  } else {
    args = Object.hasOwn(data, "args") ? data.args : Object.hasOwn(data, "arguments") ? data.arguments : {};
    name = data.name ?? null;
  }
  if (typeof args === "string") args = jsonRepairLoads(args);
  else if (!isPlainObject(args)) args = {};
  const normalized = { id: pyOr(data.id ?? null, data.call_id ?? null), name, args };
  try {
    const call = validateModel("ToolCall", TOOL_CALL_FIELDS, normalized, { exactness: undefined, fieldsSet: undefined });
    if (call.id === null) delete call.id;
    return { ...call };
  } catch (error) {
    if (error instanceof LineErrors) throw validationError("ToolCalls", error.issues);
    throw error;
  }
}

/** Python's `a or b`. */
function pyOr(a: unknown, b: unknown): unknown {
  const falsy =
    a === null ||
    a === undefined ||
    a === false ||
    a === 0 ||
    a === "" ||
    (Array.isArray(a) && a.length === 0) ||
    (isPlainObject(a) && Object.keys(a).length === 0);
  return falsy ? b : a;
}

function valueError(text: string, input: unknown): ValidationError {
  return validationError("ToolCalls", [{ type: "value_error", loc: [], msg: `Value error, ${text}`, input }]);
}
