/**
 * Expected values come from CPython 3.11 `ast.literal_eval`. Python floats appear here as plain
 * numbers (through `plain`) and tuples as lists, with `isPythonTuple` checked separately.
 *
 * Not modelled in pyLiteralEval (Python succeeds, we fall back to the raw text): bytes
 * (`b'x'`), complex numbers (`1.5j`), `Ellipsis`, `\N{...}` escapes; non-string dict keys
 * become their `str()`; sets become de-duplicated lists in written order.
 */
import { describe, expect, it } from "vitest";
import { PyFloat } from "./py-float.js";
import { pyLiteralEval } from "./py-literal-eval.js";
import { isPythonTuple } from "./py-tuple.js";

/** Replaces boxed floats by numbers and infinities by null, as the Python side was dumped. */
function plain(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}

const EVALUATED: [string, unknown, boolean][] = [
  ["1", 1, false],
  ["-3", -3, false],
  ["+2", 2, false],
  ["1_000", 1000, false],
  ["0x1F", 31, false],
  ["0o17", 15, false],
  ["0b101", 5, false],
  ["00", 0, false],
  [".5", 0.5, false],
  ["1e5", 100000.0, false],
  ["'a' \"b\"", "ab", false],
  ["r'\\d'", "\\d", false],
  ["'\\x41\\u00e9\\101\\q'", "AéA\\q", false],
  ["'''a\nb'''", "a\nb", false],
  ["True", true, false],
  ["None", null, false],
  ["[1, 'a', (2, 3)]", [1, "a", [2, 3]], false],
  ["(1,)", [1], true],
  ["()", [], true],
  ["1, 2", [1, 2], true],
  ["{'a': [1, {'b': None}],}", { a: [1, { b: null }] }, false],
  ["{1: 'x'}", { "1": "x" }, false],
  ["[1,\n 2]  # done", [1, 2], false],
  ["# c\n1", 1, false],
  ["-(1)", -1, false],
  ["\n1", 1, false],
];

const NOT_LITERALS: string[] = [
  "007",
  "1__0",
  "1e",
  "--1",
  "-True",
  "true",
  "hello",
  "1/2",
  "1 2",
  "[,]",
  "'a\nb'",
  "\n  1",
  "1\n2",
  "f'x'",
  "'\\N{DASH}'",
  "'\\x4'",
  "x = 1",
  "{'a'",
  "{1: 2, 3}",
];

describe("pyLiteralEval matches ast.literal_eval", () => {
  it.each(EVALUATED)("%j", (text, expected, isTuple) => {
    const result = pyLiteralEval(text);
    expect(result.ok && [plain(result.value), isPythonTuple(result.value)]).toEqual([expected, isTuple]);
  });

  it.each(NOT_LITERALS)("rejects %j", (text) => {
    expect(pyLiteralEval(text).ok).toBe(false);
  });
});
