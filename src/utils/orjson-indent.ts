import { orjsonNumber } from "./orjson-dumps.js";
import { PyFloat } from "./py-float.js";

/**
 * `orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()`, as DSPy's Refine dumps program
 * inputs and trajectories into its feedback prompt: two-space indent, `": "` after keys, keys in
 * insertion order (not sorted), empty containers as `{}` / `[]`, raw UTF-8, and orjson's number
 * format. Integral JS numbers print as ints; box a Python float as {@link PyFloat} to get `1.0`.
 * `undefined` object entries are left out, as `JSON.stringify` does.
 *
 * @example
 * orjsonDumpsIndent2({ q: "é", n: [1, new PyFloat(2)] }); // '{\n  "q": "é",\n  "n": [\n    1,\n    2.0\n  ]\n}'
 */
export function orjsonDumpsIndent2(value: unknown): string {
  return dump(value, "");
}

function dump(value: unknown, indent: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return orjsonNumber(value, false);
  if (value instanceof PyFloat) return orjsonNumber(value.value, true);
  if (typeof value === "bigint") return value.toString();
  // JSON.stringify's string escaping is orjson's (see orjson-dumps.ts).
  if (typeof value === "string") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => inner + dump(item, inner)).join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return "{}";
    const body = entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${dump(item, inner)}`);
    return `{\n${body.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(String(value));
}
