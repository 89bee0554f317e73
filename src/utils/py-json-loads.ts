import type { Decoded } from "./decoded.js";
import { PyFloat } from "./py-float.js";

/**
 * Python's `json.loads`: JSON plus the `NaN`, `Infinity` and `-Infinity` constants, with
 * integral floats (`3.0`, `1e3`) kept as {@link PyFloat}. `{ ok: false }` where Python raises.
 *
 * @example
 * pyJsonLoads('[1.0, NaN]'); // { ok: true, value: [PyFloat(1), NaN] }
 * pyJsonLoads("{'a': 1}"); // { ok: false }
 */
export function pyJsonLoads(text: string): Decoded {
  try {
    return { ok: true, value: JSON.parse(text, boxFloats) };
  } catch {}
  if (!/NaN|Infinity/.test(text)) return { ok: false };
  const marks = { NaN: "\u0000NaN", Infinity: "\u0000Inf", "-Infinity": "\u0000-Inf" } as const;
  const substituted = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (token) =>
    token.startsWith('"') ? token : JSON.stringify(marks[token as keyof typeof marks]),
  );
  const constants: Record<string, number> = { "\u0000NaN": Number.NaN, "\u0000Inf": Infinity, "\u0000-Inf": -Infinity };
  try {
    const revive = (key: string, value: unknown, context?: { source?: string }) =>
      typeof value === "string" && value in constants ? constants[value] : boxFloats(key, value, context);
    return { ok: true, value: JSON.parse(substituted, revive) };
  } catch {
    return { ok: false };
  }
}

/**
 * A `JSON.parse` reviver keeping integral floats (`3.0`, `1e3`) as {@link PyFloat}, using the
 * number's source text (Node 22+; older runtimes just give plain numbers).
 *
 * @example
 * JSON.parse("[1.0, 2, -0]", boxFloats); // [PyFloat(1), 2, 0]
 */
export function boxFloats(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== "number" || !Number.isInteger(value) || context?.source === undefined) return value;
  if (/[.eE]/.test(context.source)) return new PyFloat(value);
  return value === 0 ? 0 : value; // JSON `-0` is the int 0 in Python
}
