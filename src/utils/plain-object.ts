/**
 * Plain JSON-like objects: what stands for a Python `dict` among JSON-like values.
 */

/**
 * Whether a value is a plain object (`{}` or `Object.create(null)`), not an array, class
 * instance or `null`.
 *
 * @example
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Date()); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Sets an own, enumerable data property, so that a key such as `__proto__` stays plain data
 * instead of changing the target's prototype.
 *
 * @example
 * const output: Record<string, unknown> = {};
 * setOwn(output, "__proto__", 1); // Object.keys(output) is ["__proto__"]
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
