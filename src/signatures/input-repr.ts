import { isPlainObject } from "../utils/plain-object.js";
import { isInt, PyFloat } from "../utils/py-float.js";
import { isPythonTuple } from "../utils/py-tuple.js";
import { floatRepr, pyRepr } from "../utils/python-repr.js";

/*
 * Python's view of a JSON-like input, as pydantic's error messages show it: aware of arrays
 * marked as tuples, boxed integral floats and `-0` (which only a float can be).
 */

/**
 * Python's `repr()` of an input.
 *
 * @example
 * inputRepr(markPythonTuple([1])); // "(1,)"
 * inputRepr({ a: new PyFloat(3) }); // "{'a': 3.0}"
 */
export function inputRepr(value: unknown): string {
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

/**
 * Python's `str()` of an input: strings as they are, everything else as its repr.
 *
 * @example
 * inputStr("a"); // "a"
 * inputStr(new PyFloat(3)); // "3.0"
 */
export function inputStr(value: unknown): string {
  return typeof value === "string" ? value : inputRepr(value);
}

/**
 * The Python type name of an input, as pydantic's `input_type=` shows it.
 *
 * @example
 * inputType(3); // "int"
 * inputType(new PyFloat(3)); // "float"
 */
export function inputType(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return isInt(value) ? "int" : "float";
  if (value instanceof PyFloat) return "float";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return isPythonTuple(value) ? "tuple" : "list";
  if (isPlainObject(value)) return "dict";
  return (value as object).constructor?.name ?? "object";
}
