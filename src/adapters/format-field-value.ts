import { DSPyError } from "../errors/dspy-error.js";
import type { Field } from "../signatures/field.js";
import { pyJsonDumps, pyStr } from "../utils/python-repr.js";
import { serializeForJson } from "./serialize-for-json.js";

/**
 * DSPy's `format_field_value`: how a field's value is written into a prompt. A list given to a
 * `str` field becomes a numbered `«…»` list; dicts and lists become one-line JSON; everything
 * else its Python `str()` (`True`, `None`, `0.5`, strings unquoted).
 *
 * @example
 * formatFieldValue(strField, ["a", "b"]); // "[1] «a»\n[2] «b»"
 * formatFieldValue(intField, { x: 1 });   // '{"x": 1}'
 */
export function formatFieldValue(field: Pick<Field, "type">, value: unknown): string {
  if (Array.isArray(value) && field.type.kind === "str") return formatInputList(value);
  const data = serializeForJson(value);
  if (data !== null && typeof data === "object") return pyJsonDumps(data);
  return pyStr(data);
}

function formatInputList(items: unknown[]): string {
  if (items.length === 0) return "N/A";
  if (items.length === 1) return formatBlob(items[0]);
  return items.map((item, index) => `[${index + 1}] ${formatBlob(item)}`).join("\n");
}

function formatBlob(blob: unknown): string {
  if (typeof blob !== "string") return formatNonStringBlob(blob);
  if (!blob.includes("\n") && !blob.includes("«") && !blob.includes("»")) return `«${blob}»`;
  return `«««\n    ${blob.replaceAll("\n", "\n    ")}\n»»»`;
}

// Python runs `"\n" in blob` on whatever the list holds: containers are searched by element or
// key, and scalars make it raise TypeError. Reproduce both so prompts (or errors) agree.
function formatNonStringBlob(blob: unknown): string {
  const markers = ["\n", "«", "»"];
  if (Array.isArray(blob) || (blob !== null && typeof blob === "object")) {
    const members = Array.isArray(blob) ? blob : Object.keys(blob);
    if (!members.some((member) => markers.includes(member as string))) return `«${pyStr(blob)}»`;
    throw new DSPyError(`'${Array.isArray(blob) ? "list" : "dict"}' object has no attribute 'replace'`, {
      code: "format_error",
      pythonType: "AttributeError",
    });
  }
  const typeName =
    blob === null ? "NoneType" : typeof blob === "boolean" ? "bool" : Number.isInteger(blob) ? "int" : "float";
  throw new DSPyError(`argument of type '${typeName}' is not iterable`, {
    code: "format_error",
    pythonType: "TypeError",
  });
}
