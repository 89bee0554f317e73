import { Example } from "../primitives/example.js";
import { isPlainObject } from "../utils/plain-object.js";

/**
 * Python's `==` on JSON-like values, which decides which demos DSPy treats as "the same
 * example": `True == 1` and `1 == 1.0` hold, dicts compare regardless of key order, lists
 * element-wise, and `Example`s by their fields (DSPy's `Example.__eq__` compares `_store`, not
 * the input keys). Other objects compare by identity.
 *
 * @example
 * pyEquals({ a: [1, true] }, { a: [1, 1] }); // true
 * pyEquals(new Example({ q: "x" }).withInputs("q"), new Example({ q: "x" })); // true
 */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x === y;
  if (a instanceof Example || b instanceof Example) {
    return a instanceof Example && b instanceof Example && pyEquals(a.toDict(), b.toDict());
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => pyEquals(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && pyEquals(a[key], b[key]))
    );
  }
  return false;
}

// Python bools are ints, so they compare equal to 0 and 1.
function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return undefined;
}
