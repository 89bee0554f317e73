/**
 * Expected values come from Python json_repair 0.64.6 `json_repair.loads`. Python floats appear
 * here as plain numbers (through `plain`).
 *
 *
 * The `jsonrepair` npm package versus Python's `json_repair.loads`, as found while porting:
 *   - Top level: json_repair only parses `{...}`, `[...]`, a standalone `(...)` tuple, or valid
 *     JSON; bare words, numbers, `True`/`False`/`None` and `'single'` give "" (so DSPy falls
 *     back to `ast.literal_eval`). jsonrepair instead turns `hello` into "hello", `True` into
 *     true, `1, 2, 3` into [1, 2, 3], `.5` into 0.5, `-` into 0, `undefined` into null.
 *   - Prose around JSON (`Here it is: {...} hope it helps`): json_repair skips it; jsonrepair
 *     throws "Unexpected character".
 *   - Empty or blank text: json_repair returns ""; jsonrepair throws.
 *   - Several values (`{"a": 1}{"b": 2}`, `[1][2]`): json_repair returns a list, replacing a
 *     same-shaped previous value (`[1][2]` → [2]); jsonrepair throws or builds an NDJSON array.
 *   - `(1, 2)`: json_repair gives [1, 2]; jsonrepair gives ["(1", 2, ")"].
 *   - An apostrophe inside a bare word (`[It's fine, ok]`): json_repair keeps "It's fine";
 *     jsonrepair splits at it (["It", "s fine", "ok"]).
 *   - Bare `TRUE`/`FALSE`/`NULL`/`NONE` in any case: json_repair reads literals; jsonrepair
 *     reads strings.
 *   - `# comment` / `// comment` lines at the top level hide brackets on the same line for
 *     json_repair.
 *   - Integral floats (`3.0`) stay floats in Python; JSON.parse makes them ints (kept here as
 *     `PyFloat` through the number's source text).
 * pyJsonRepairLoads handles all of the above the Python way (jsonrepair only repairs the inside
 * of one container). Still different, all malformed JSON inside a container:
 *   "{1, 2}"
 *     json_repair: [1,2]
 *     ours:        ""
 *   "{\"a\": 01}"
 *     json_repair: {"a":1}
 *     ours:        {"a":"01"}
 *   "{\"a\": -}"
 *     json_repair: {"a":""}
 *     ours:        {"a":0}
 *   "{\"a\": +1}"
 *     json_repair: {"a":1}
 *     ours:        ""
 *   "{\"a\": undefined}"
 *     json_repair: {"a":"undefined"}
 *     ours:        {"a":null}
 *   "[\"a\", , \"b\"]"
 *     json_repair: ["a","b"]
 *     ours:        [["a"],"b"]
 *   "{\"a\" 1}"
 *     json_repair: {"a":""}
 *     ours:        {"a":1}
 *   "{\"a\": `x`}"
 *     json_repair: {"a":"x`"}
 *     ours:        {"a":"x"}
 *   "{\"a\":"
 *     json_repair: {"a":""}
 *     ours:        {"a":null}
 *   "[{"
 *     json_repair: []
 *     ours:        [{}]
 *   "['it's here']"
 *     json_repair: ["it","s here'"]
 *     ours:        ["it\"s here"]
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

const REPAIRED: [string, unknown][] = [
  ["42", 42],
  ["-3.5", -3.5],
  ["1e3", 1000],
  ["1.0", 1],
  ["true", true],
  ["True", ""],
  ["False", ""],
  ["None", ""],
  ["null", null],
  ["[1, 2, 3]", [1, 2, 3]],
  ["[1, 2, 3,]", [1, 2, 3]],
  ['{"a": 1}', { a: 1 }],
  ["{'a': 1}", { a: 1 }],
  ["{'a': 'b',}", { a: "b" }],
  ["['a', 'b']", ["a", "b"]],
  ["[True, False, None]", [true, false, null]],
  ['{"a": True}', { a: true }],
  ["hello", ""],
  ["hello world", ""],
  ["Paris", ""],
  ["The answer is 42", ""],
  ["answer: 42", ""],
  ['```json\n{"a": 1}\n```', { a: 1 }],
  ["```\n[1, 2]\n```", [1, 2]],
  ["```json\n[1, 2]\n```", [1, 2]],
  ['Here is the result: {"a": 1}', { a: 1 }],
  ['{"a": 1} hope this helps', { a: 1 }],
  ["Sure! [1, 2] done", [1, 2]],
  ["", ""],
  [" ", ""],
  ['"quoted"', "quoted"],
  ["'single'", ""],
  ["{a: 1}", { a: 1 }],
  ["[a, b]", ["a", "b"]],
  ['{"a": [1, 2}', { a: [1, 2] }],
  ["[1, 2", [1, 2]],
  ['{"a": 1', { a: 1 }],
  ["1, 2, 3", ""],
  ["yes", ""],
  ["no", ""],
  ["1/2", ""],
  ["3.14abc", ""],
  ["abc123", ""],
  ["NaN", null],
  ["Infinity", null],
  ["-", ""],
  [".5", ""],
  ["5.", ""],
  ["007", ""],
  ["0x10", ""],
  ["1_000", ""],
  ["+5", ""],
  ['{"a": "b" "c": 1}', { a: "b", c: 1 }],
  ['["a" "b"]', ["a", "b"]],
  ["(1, 2)", [1, 2]],
  ["{'a': None, 'b': False}", { a: null, b: false }],
  ["['it''s']", ["it", "s"]],
  ['"a" "b"', ""],
  ["2024-01-01", ""],
  ["1 2 3", ""],
  ["[]", []],
  ["{}", {}],
  ["  [1]  ", [1]],
  ["// comment\n[1]", [1]],
  ["[1] // c", [1]],
  ['{"a": 1}{"b": 2}', [{ a: 1 }, { b: 2 }]],
  ["[1][2]", [2]],
  ["true false", ""],
  ["'", ""],
  ['"', ""],
  ["{", {}],
  ["[", []],
  ["]", ""],
  ["}", ""],
  ["a: 1, b: 2", ""],
  ["positive", ""],
  ["A", ""],
  ["1.5.2", ""],
  ["-0", 0],
  ["1e400", null],
  ['"\\u00e9"', "é"],
  ['{"k": "line\nbreak"}', { k: "line\nbreak" }],
  ["TRUE", ""],
  ["none", ""],
  ["undefined", ""],
  ["[1, 'two', \"three\"]", [1, "two", "three"]],
  ["{'a': [1, {'b': 'c'}]}", { a: [1, { b: "c" }] }],
  ["text with 'quotes' inside", ""],
  ["It's fine", ""],
  ['["a", \'b"c\']', ["a", 'b"c']],
  ['["a", "b", "c"]', ["a", "b", "c"]],
  ["['a', 'b', 'c']", ["a", "b", "c"]],
  ["[a, b, c]", ["a", "b", "c"]],
  ["[It's fine, ok]", ["It's fine", "ok"]],
  ['["It\'s", "ok"]', ["It's", "ok"]],
  ["['it\\'s']", ["it's"]],
  ['{"name": "Bob", "age": 30,}', { name: "Bob", age: 30 }],
  ['{name: "Bob", age: 30}', { name: "Bob", age: 30 }],
  ["{'name': 'Bob', 'tags': ['x', 'y']}", { name: "Bob", tags: ["x", "y"] }],
  ['{"a": null, "b": None, "c": True, "d": false}', { a: null, b: null, c: true, d: false }],
  ['{"text": "He said "hi" to me"}', { text: 'He said "hi" to me' }],
  ['{"a": "line1\nline2"}', { a: "line1\nline2" }],
  ['{"a": 1, "b": 2', { a: 1, b: 2 }],
  ["[1, 2, [3, 4", [1, 2, [3, 4]]],
  ['{"a": [1, 2, {"b": 3', { a: [1, 2, { b: 3 }] }],
  ['["unterminated', ["unterminated"]],
  ['{"a": "b"} {"c": "d"}', [{ a: "b" }, { c: "d" }]],
  ["[1, 2]\n[3, 4]", [3, 4]],
  ['{"a": 1}\n{"a": 2}', { a: 2 }],
  ['{"a": 1}, {"a": 2}', [{ a: 1 }, { a: 2 }]],
  ["[1] and [1, 2]", [[1], [1, 2]]],
  ["Answer: [1, 2, 3]", [1, 2, 3]],
  ["Answer: #1 [a, b]", ""],
  ["see http://x.com [1]", ""],
  ["The list is:\n- [1, 2]", [1, 2]],
  ["```python\n[1, 2]\n```", [1, 2]],
  ['```json\n{"a": 1}\n```\nExplanation: {"b": 2}', [{ a: 1 }, { b: 2 }]],
  ['```\n{"a": 1,}\n```', { a: 1 }],
  ['{"a": 1} // comment', { a: 1 }],
  ['/* c */ {"a": 1}', { a: 1 }],
  ['# Title\n{"a": 1}', { a: 1 }],
  ['{"a": .5}', { a: 0.5 }],
  ["[1.0, 2.50, 3e2]", [1, 2.5, 300]],
  ["[1e400]", [null]],
  ["[NaN]", [null]],
  ["[Infinity, -Infinity]", [null, null]],
  ['{"a": NaN}', { a: null }],
  ["[TRUE, FALSE, NULL]", [true, false, null]],
  ["[true, false, null]", [true, false, null]],
  ["[,1]", [1]],
  ['{"a": 1 "b": 2}', { a: 1, b: 2 }],
  ['{,"a": 1}', { a: 1 }],
  ['{"a": {"b": {"c": [1, {"d": "e"}]}}}', { a: { b: { c: [1, { d: "e" }] } } }],
  ['{"key": "value with } brace"}', { key: "value with } brace" }],
  ['{"key": "value with ] bracket"}', { key: "value with ] bracket" }],
  ["{'key': 'it\\'s'}", { key: "it's" }],
  ['{"a": "\\u00e9\\n\\t"}', { a: "é\n\t" }],
  ['{"a": "é"}', { a: "é" }],
  ['["😀"]', ["😀"]],
  ['{"a": 1}}', { a: 1 }],
  ["[1]]", [1]],
  ['{"a": [1, 2}}', { a: [1, 2] }],
  ['[{"a": 1}, {"b": 2}]', [{ a: 1 }, { b: 2 }]],
  ['[{"a": 1}, {"a": 2}]', [{ a: 1 }, { a: 2 }]],
  ['{"a": "b",\n "c": "d"\n}', { a: "b", c: "d" }],
  ["(1)", 1],
  ["(1,)", [1]],
  ["()", []],
  ['("a", "b")', ["a", "b"]],
  ["result (1, 2)", ""],
  ["(1, 2)\n", [1, 2]],
  ["(a, b)", ""],
  ["( 1 , 2 )", [1, 2]],
  ["x = [1, 2]", [1, 2]],
  ['x: {"a": 1}', { a: 1 }],
  ['"a": 1}', { a: 1 }],
  ['"a": 1, "b": 2}', { a: 1, b: 2 }],
  [' "a": 1 }', { a: 1 }],
  ['{"a": 1, "a": 2}', { a: 2 }],
  ["[{}]", [{}]],
  ["[[]]", [[]]],
  ["{}  []", {}],
  ["[] [1]", [1]],
  ['{"a": {}}', { a: {} }],
  ['{"": 1}', { "": 1 }],
  ['{"a": ""}', { a: "" }],
  ["{'a': \"b\"}", { a: "b" }],
  ["{\"a\": 'b'}", { a: "b" }],
  ["['a', \"b's\"]", ["a", "b's"]],
  ['[1, "2", three, 4.5, true]', [1, "2", "three", 4.5, true]],
  ['Sure, here you go: {"answer": 42} Let me know!', { answer: 42 }],
  ['{\n  "reasoning": "because",\n  "answer": "yes"\n}', { reasoning: "because", answer: "yes" }],
  ['{"a": [1, 2, 3], "b": "x"} extra text [9]', [{ a: [1, 2, 3], b: "x" }, [9]]],
  ['[1, 2] extra {"k": 1}', [[1, 2], { k: 1 }]],
  ['{"a": 1}\n\n{"b": 2}', [{ a: 1 }, { b: 2 }]],
  ["{'a': 1}, {'b': 2}", [{ a: 1 }, { b: 2 }]],
  ["[1, 2],", [1, 2]],
  [",[1]", [1]],
  ['{"a": True, "b": None}', { a: true, b: null }],
  ['{"a": 1, // c\n "b": 2}', { a: 1, b: 2 }],
  ['{"a": “b”}', { a: "b" }],
  ["[“a”, “b”]", ["a", "b"]],
  ["{“a”: 1}", { a: 1 }],
  ['text {"a": 1', { a: 1 }],
  ['{"a": [', { a: [] }],
  ['{"a": "b\\"c"}', { a: 'b"c' }],
  ['{"a": "b\\\\"}', { a: "b\\" }],
  ['{"path": "C:\\new"}', { path: "C:\new" }],
  ["[Paris, It's big]", ["Paris", "It's big"]],
  ["{answer: It's 5}", { answer: "It's 5" }],
  ["{'a': it's}", { a: "it's" }],
  ["[don't, won't]", ["don't", "won't"]],
  ["[\"it's\", it's]", ["it's", "it's"]],
  ['{"a": "x", "b": it\'s}', { a: "x", b: "it's" }],
  ["[rock 'n' roll]", ["rock 'n' roll"]],
  ["[a', b]", ["a'", "b"]],
  ["[True, NONE]", [true, null]],
  ['{"a": TRUE}', { a: true }],
  ["[tRUE]", [true]],
];

describe("pyJsonRepairLoads matches json_repair.loads", () => {
  it.each(REPAIRED)("%j", (text, expected) => {
    expect(plain(pyJsonRepairLoads(text))).toEqual(expected);
  });

  it("keeps integral floats as floats", () => {
    expect(pyJsonRepairLoads("[1.0, 2]")).toEqual([new PyFloat(1), 2]);
    expect(pyJsonRepairLoads("x: {'a': 1e3}")).toEqual({ a: new PyFloat(1000) });
  });
});
