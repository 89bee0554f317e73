/**
 * Regressions for the port of json_repair's parser. Expected values come from Python
 * json_repair 0.64.6 (`.venv-oracle/bin/python -c "import json_repair;
 * print(repr(json_repair.loads(...)))"`); Python floats appear as plain numbers (`plain`).
 */
import { describe, expect, it } from "vitest";
import { PyFloat } from "./py-float.js";
import { pyJsonRepairLoads } from "./py-json-repair.js";

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

// Found by the differential fuzzer (scripts/oracle/fuzz.ts) against the former port, which
// handed containers to the `jsonrepair` package. JSONAdapter garbage holding a `{`:
// json_repair's parser reads it character by character into some list or dict. ChatAdapter
// sections re-joined with "\n" after `splitlines()` split at U+2028: json_repair right-strips
// a string whose last character is a newline.
const FUZZ_REGRESSIONS: [string, unknown][] = [
  ["{{'\u00ab\\\u2028\u03a3", [["\u00ab\\\u2028\u03a3"]]],
  ["\u00ab\n>{\r\n:\ud83d\ude80", {}],
  ["\r\na{b42", ["b42"]],
  ["{{42 ", [[42]]],
  ['\u00e9{\t{\n<&" ', []],
  ["{\t'[[ ## x ## ]][&< ", ["[[ ## x ##"]],
  ['[[6.5e-153, "null&\n\u65e5\u672c 42\n"]]', [[6.5e-153, "null&\n\u65e5\u672c 42"]]],
  ['[["x", "y"], {"-": ":\n", "a": ""}]', [["x", "y"], { "-": ":", a: "" }]],
  ['[["-3.5<\t\u00ab]&\r\n\n", "True :"]]', [["-3.5<\t\u00ab]&", "True :"]]],
  ['["a\n", "b"]', ["a", "b"]],
  ['{"k": "v\n"}', { k: "v" }],
  ['{"k": "\nv"}', { k: "\nv" }],
];

// Paths of json_repair's state machine the `jsonrepair`-based port got wrong or never took:
// `{1, 2}` re-read as an array, duplicate keys splitting objects inside arrays, row
// continuations, escaped objects, quotes kept inside values, low smart quotes, tuples...
const STATE_MACHINE: [string, unknown][] = [
  ["{1, 2}", [1, 2]],
  ['{"a": 01}', { a: 1 }],
  ['{"a": -}', { a: "" }],
  ['{"a": +1}', { a: 1 }],
  ['{"a": undefined}', { a: "undefined" }],
  ['["a", , "b"]', ["a", "b"]],
  ['{"a" 1}', { a: "" }],
  ['{"a": `x`}', { a: "x`" }],
  ['{"a":', { a: "" }],
  ["[{", []],
  ["['it's here']", ["it", "s here'"]],
  ['[{"a": 1 "a": 2}]', [{ a: 1 }, { a: 2 }]],
  [
    '{"rows": [[1, 2]], [3, 4]}',
    {
      rows: [
        [1, 2],
        [3, 4],
      ],
    },
  ],
  ['{\\"a\\": 1}', { a: 1 }],
  ['{"a": "x"}, "b": 2', { a: "x", b: 2 }],
  ["[1, 2, 3...]", [1, 2, "3..."]],
  ['["a" "b" "c": 1]', ["a", "b", { c: 1 }]],
  ['{"a": [1, "b", "c": 2}', { a: [1, "b"], c: 2 }],
  ['{"re": "[^"]+"}', { re: '[^"]+' }],
  ['{"a": "say "hi" now", "b": 1}', { a: 'say "hi" now', b: 1 }],
  ['{"a": \u201elow\u201d quote}', { a: "low\u201d quote" }],
  ["(1)\n(2, 3)", [1, [2, 3]]],
  ['{"a": "x\\u00e9\\x41"}', { a: "x\u00e9A" }],
  ['["a\\\\\\\\"b"]', ['a"b']],
  ["[1e5, 1., .5, 1/2, 1,000]", [100000.0, 1.0, 0.5, "1/2", 1, 0]],
  ['{"a": 1} // c\n[2]', [{ a: 1 }, [2]]],
  ["[\u00b2]", []],
  ['{"k": ```json\n{"x": 1}\n```}', { k: "json\n{", x: 1 }],
];

describe("pyJsonRepairLoads follows json_repair's state machine", () => {
  it.each(FUZZ_REGRESSIONS)("fuzz regression %j", (text, expected) => {
    expect(plain(pyJsonRepairLoads(text))).toEqual(expected);
  });

  it.each(STATE_MACHINE)("state machine %j", (text, expected) => {
    expect(plain(pyJsonRepairLoads(text))).toEqual(expected);
  });

  it("keeps a __proto__ key as data", () => {
    const value = pyJsonRepairLoads('{"__proto__": {"a": 1}, b: 2') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__", "b"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});
