import { CodeInterpreterError } from "../errors/code-interpreter-errors.js";
import { isPlainObject } from "../utils/plain-object.js";
import type { SandboxValue } from "./code-interpreter.js";

/** The key the guest uses to carry a non-finite float through strict JSON. */
export const NON_FINITE_KEY = "__dspy_float__";

/** How {@link toSandboxJson} writes NaN and ±Infinity. */
export type NonFiniteStyle = "tokens" | "markers";

function encodeNumber(value: number, style: NonFiniteStyle): string {
  if (Number.isFinite(value)) return JSON.stringify(value);
  const text = Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  // Python's json.loads reads bare tokens; a JavaScript guest's JSON.parse needs the marker.
  return style === "tokens" ? text : `{"${NON_FINITE_KEY}":"${text}"}`;
}

function encode(value: unknown, path: string, seen: Set<object>, style: NonFiniteStyle): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return encodeNumber(value, style);
    case "bigint":
      return value.toString();
    case "string":
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new CodeInterpreterError(`Unsupported value type: ${typeof value} (at ${path})`);
  }
  const object = value as object;
  if (seen.has(object)) throw new CodeInterpreterError(`Unsupported value: a cycle (at ${path})`);
  seen.add(object);
  try {
    if (Array.isArray(object) || object instanceof Set) {
      return `[${[...object].map((item, index) => encode(item, `${path}[${index}]`, seen, style)).join(",")}]`;
    }
    if (object instanceof Map) return encode(Object.fromEntries(object), path, seen, style);
    if (!isPlainObject(object)) {
      const toJSON = (object as { toJSON?: () => unknown }).toJSON;
      if (typeof toJSON === "function") return encode(toJSON.call(object), path, seen, style);
      throw new CodeInterpreterError(`Unsupported value type: ${object.constructor?.name ?? "object"} (at ${path})`);
    }
    const fields = Object.entries(object).map(
      ([key, item]) => `${JSON.stringify(key)}:${encode(item, `${path}.${key}`, seen, style)}`,
    );
    return `{${fields.join(",")}}`;
  } finally {
    seen.delete(object);
  }
}

/**
 * Serializes a host value for the guest: JSON, plus non-finite numbers (as `NaN`/`Infinity`
 * tokens, which Python's `json.loads` reads, or as marker objects for a JavaScript guest), sets
 * as lists and `toJSON()` for class instances such as `Date`. Anything else (functions,
 * symbols, cycles) is a {@link CodeInterpreterError}.
 *
 * @example
 * toSandboxJson({ a: [1, Infinity] }); // '{"a":[1,Infinity]}'
 * toSandboxJson(NaN, "markers"); // '{"__dspy_float__":"NaN"}'
 */
export function toSandboxJson(value: unknown, style: NonFiniteStyle = "tokens"): string {
  return encode(value, "value", new Set(), style);
}

/**
 * Parses JSON the guest produced, turning its non-finite float markers back into numbers.
 *
 * @example
 * fromSandboxJson('{"x": {"__dspy_float__": "Infinity"}}'); // { x: Infinity }
 */
export function fromSandboxJson(text: string): SandboxValue {
  return JSON.parse(text, (_key, value) => {
    if (isPlainObject(value) && Object.keys(value).length === 1 && typeof value[NON_FINITE_KEY] === "string") {
      return Number(value[NON_FINITE_KEY]);
    }
    return value;
  }) as SandboxValue;
}
