/**
 * Python tuples among JSON-like values. A tuple is an array marked with {@link markPythonTuple}:
 * the mark lives in a `WeakSet` keyed by the array itself, so the array stays a plain array
 * (no extra property) and the mark goes away with it.
 */

const TUPLES = new WeakSet<readonly unknown[]>();

/**
 * Marks an array as standing for a Python tuple (e.g. from `ast.literal_eval("(1, 2)")`), so
 * validation and error reprs treat it as one. Returns the same array.
 *
 * @example
 * const pair = markPythonTuple([1, 2]); // still [1, 2], now read as the tuple (1, 2)
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
 * isPythonTuple([1, 2]); // false
 */
export function isPythonTuple(value: unknown): boolean {
  return Array.isArray(value) && TUPLES.has(value);
}
