import { isPlainObject, setOwn } from "./plain-object.js";
import { isPythonTuple, markPythonTuple } from "./py-tuple.js";

/**
 * Python numbers among JSON-like values. JavaScript has one number type: an integral number
 * stands for a Python `int`, any other for a `float`; an integral `float` (`3.0`) is boxed as
 * a {@link PyFloat} by the Python-compatible parsers so it keeps its type.
 */

/**
 * A Python `float` with an integral value (`3.0`, `1e3`), which a JS number cannot tell apart
 * from an `int`. The Python-compatible parsers (`pyJsonRepairLoads`, `pyLiteralEval`) produce
 * it so validation and error messages treat such values as pydantic does; validated results
 * never contain it.
 *
 * @example
 * pyJsonRepairLoads("[3.0, 3]"); // [new PyFloat(3), 3]
 * validateValue({ kind: "literal", values: ["a"] }, new PyFloat(3)); // throws "... input_value=3.0, input_type=float ..."
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * A JS number, or a boxed integral float, as a plain number; `undefined` for anything else.
 *
 * @example
 * numeric(new PyFloat(3)); // 3
 * numeric("3"); // undefined
 */
export function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  return value instanceof PyFloat ? value.value : undefined;
}

/**
 * Whether a JS number stands for a Python `int`; `-0` can only have come from a float.
 *
 * @example
 * isInt(3); // true
 * isInt(-0); // false
 */
export function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && !Object.is(value, -0);
}

/**
 * Replaces every {@link PyFloat} inside a JSON-like value by its number (arrays marked as tuples
 * stay marked).
 *
 * @example
 * unboxed({ a: [new PyFloat(3)] }); // { a: [3] }
 */
export function unboxed(value: unknown): unknown {
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
