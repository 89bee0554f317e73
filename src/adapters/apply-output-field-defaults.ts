import type { Field } from "../signatures/field.js";
import { allowsNone } from "../signatures/type-node.js";

/**
 * DSPy's `apply_output_field_defaults`: the parsed outputs in signature order, with each
 * missing field filled by its declared default (a fresh copy, as pydantic deep-copies
 * defaults), else `null` when its type admits None; other missing fields stay absent. Parsed
 * keys that are not output fields are dropped.
 *
 * @example
 * applyOutputFieldDefaults(new Signature("q -> a, b: Optional[int]").outputFields, { a: "x" });
 * // { a: "x", b: null }
 */
export function applyOutputFieldDefaults(
  outputFields: readonly Field[],
  parsed: Record<string, unknown>,
): Record<string, unknown> {
  const completed: Record<string, unknown> = {};
  for (const field of outputFields) {
    if (Object.hasOwn(parsed, field.name)) completed[field.name] = parsed[field.name];
    else if (field.default !== undefined) completed[field.name] = copyDefault(field.default.value);
    else if (allowsNone(field.type)) completed[field.name] = null;
  }
  return completed;
}

/** pydantic's `smart_deepcopy` for JSON-like defaults: containers are copied, the rest shared. */
function copyDefault(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyDefault);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyDefault(item)]));
  }
  return value;
}
