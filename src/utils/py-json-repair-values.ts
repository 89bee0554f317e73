import { isPlainObject } from "./plain-object.js";
import { PyFloat } from "./py-float.js";

/**
 * How json_repair looks at the values it has parsed: Python truthiness, its
 * `ObjectComparer` (same shape, strictly empty), and `isinstance(value, (dict, list))`.
 */

/**
 * Python's `bool(value)` for a JSON-like value.
 *
 * @example
 * pyTruthy([]); // false
 * pyTruthy(new PyFloat(0)); // false
 */
export function pyTruthy(value: unknown): boolean {
  if (value instanceof PyFloat) return value.value !== 0;
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/**
 * `ObjectComparer.is_same_object`: the same Python types and, for containers, the same keys
 * or length, recursively.
 *
 * @example
 * isSameObject({ a: 1 }, { a: 2 }); // true
 * isSameObject(1, 1.5); // false (int vs float)
 */
export function isSameObject(a: unknown, b: unknown): boolean {
  if (pyTypeName(a) !== pyTypeName(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => isSameObject(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && isSameObject(a[key], b[key]))
    );
  }
  return true;
}

/**
 * `ObjectComparer.is_strictly_empty`: an empty string, list or dict (not `0`, `None`...).
 *
 * @example
 * isStrictlyEmpty(""); // true
 * isStrictlyEmpty(0); // false
 */
export function isStrictlyEmpty(value: unknown): boolean {
  if (typeof value === "string" || Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/**
 * `isinstance(value, (dict, list))`.
 *
 * @example
 * isContainer([1]); // true
 * isContainer("[1]"); // false
 */
export function isContainer(value: unknown): boolean {
  return Array.isArray(value) || isPlainObject(value);
}

function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (value instanceof PyFloat) return "float";
  if (Array.isArray(value)) return "list";
  return typeof value;
}
