/**
 * Expected values come from the real Python stack: DSPy 3.4.1 `dspy.adapters.utils.parse_value`,
 * pydantic 2.14.4, json_repair 0.64.6 `json_repair.loads`, and CPython 3.11 `ast.literal_eval`.
 * Models/enums are the ones described in validate-value.test.ts. Python floats appear here as
 * plain numbers and tuples as lists.
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
 *     ours:        ["it\"s here"] * Not modelled in pyLiteralEval (Python succeeds, we fall back to the raw text): bytes
 * (`b'x'`), complex numbers (`1.5j`), `Ellipsis`, `\N{...}` escapes; non-string dict keys
 * become their `str()`; sets become de-duplicated lists in written order.
 */
import { describe, expect, it } from "vitest";
import type { DSPyError } from "../errors/dspy-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { InputField, OutputField } from "../signatures/field.js";
import { parseTypeExpression } from "../signatures/parse-type-expression.js";
import type { TypeNode } from "../signatures/type-node.js";
import { isPythonTuple, PyFloat } from "../signatures/validate-value.js";
import { Signature } from "../signatures/signature.js";
import { applyOutputFieldDefaults } from "./apply-output-field-defaults.js";
import { parseValue, pyJsonRepairLoads, pyLiteralEval } from "./parse-value.js";

const Inner: TypeNode = {
  kind: "model",
  name: "Inner",
  fields: [
    { name: "x", type: { kind: "int" }, required: true },
    { name: "y", type: { kind: "str" }, required: false, default: "d" },
  ],
};
const CUSTOM: Record<string, TypeNode> = {
  Inner,
  Color: { kind: "enum", name: "Color", members: [{ name: "RED", value: "red" }, { name: "GREEN", value: "green" }] },
  Num: { kind: "enum", name: "Num", members: [{ name: "ONE", value: 1 }, { name: "TWO", value: 2 }] },
};

function type(expression: string): TypeNode {
  return parseTypeExpression(expression, CUSTOM);
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

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

const PARSED: [string, unknown, unknown][] = [
  ["str", {"a": 1}, "{'a': 1}"],
  ["str", true, "True"],
  ["str", null, "None"],
  ["str", [1, "x"], "[1, 'x']"],
  ["str", 2.5, "2.5"],
  ["str", "  keep  ", "  keep  "],
  ["Color", "red", "red"],
  ["Color", "GREEN", "green"],
  ["Num", 1, 1],
  ["Num", "TWO", 2],
  ["Literal['yes', 'no']", "  yes ", "yes"],
  ["Literal['yes', 'no']", "Literal['no']", "no"],
  ["Literal['yes', 'no']", "str[yes]", "yes"],
  ["Literal['yes', 'no']", "\"no\"", "no"],
  ["Literal[1, 2, 3]", "2", 2],
  ["Literal[1, 2, 3]", "'3'", 3],
  ["Literal[1, 2, 3]", true, true],
  ["Literal[True, 'x']", "True", true],
  ["int", "42", 42],
  ["int", " 42 ", 42],
  ["int", "3.0", 3],
  ["int", "1_000", 1000],
  ["int", "0x10", 16],
  ["int", "007", 7],
  ["float", "1e3", 1000.0],
  ["float", "inf", Infinity],
  ["bool", "yes", true],
  ["bool", "True", true],
  ["bool", "false", false],
  ["list[int]", "[1, '2']", [1, 2]],
  ["list[int]", "```json\n[1, 2]\n```", [1, 2]],
  ["list[int]", "Answer: [3, 4]", [3, 4]],
  ["list[int]", "1, 2", [1, 2]],
  ["list[str]", "[It's fine, ok]", ["It's fine", "ok"]],
  ["list[str]", "['a', 'b',]", ["a", "b"]],
  ["tuple[int, str]", "(1, 'a')", [1, "a"]],
  ["dict[str, int]", "{'a': '1'}", {"a": 1}],
  ["dict[str, Any]", "{'a': True, 'b': None}", {"a": true, "b": null}],
  ["dict[str, Any]", "Sure! {\"score\": 3.0} Hope it helps.", {"score": 3.0}],
  ["Any", "True", true],
  ["Any", "hello world", "hello world"],
  ["Any", "[1, 2]", [1, 2]],
  ["Any", "(1, 2)", [1, 2]],
  ["Any", "'quoted'", "quoted"],
  ["Optional[str]", "None", "None"],
  ["Optional[str]", "[1]", "[1]"],
  ["Union[str, int, None]", "5", "5"],
  ["Optional[int]", "None", null],
  ["Optional[int]", "null", null],
  ["Inner", "{\"x\": \"5\"}", {"x": 5, "y": "d"}],
  ["list[Inner]", "[{'x': 1}, {'x': 2, 'y': 'z'}]", [{"x": 1, "y": "d"}, {"x": 2, "y": "z"}]],
  ["Union[int, str]", "5", 5],
  ["Union[int, str]", "five", "five"],
  ["ToolCalls", "{\"tool_calls\": [{\"name\": \"search\", \"args\": {\"q\": \"cats\"}}]}", {"tool_calls": [{"name": "search", "args": {"q": "cats"}}]}], // DSPy format() shape
];

describe("parseValue matches DSPy's parse_value", () => {
  it.each(PARSED)("%s <- %j", (expression, input, expected) => {
    expect(parseValue(input, type(expression))).toEqual(expected);
  });
});

const VALIDATION_ERRORS: [string, unknown, string][] = [
  ["int", "abc", "1 validation error for int\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='abc', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["int", "3.5", "1 validation error for int\n  Input should be a valid integer, got a number with a fractional part [type=int_from_float, input_value=3.5, input_type=float]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_from_float"],
  ["list[int]", "hello", "1 validation error for list[int]\n  Input should be a valid list [type=list_type, input_value='hello', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/list_type"],
  ["Literal['yes', 'no']", "maybe", "1 validation error for literal['yes','no']\n  Input should be 'yes' or 'no' [type=literal_error, input_value='maybe', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/literal_error"],
  ["Literal['yes', 'no']", "3.0", "1 validation error for literal['yes','no']\n  Input should be 'yes' or 'no' [type=literal_error, input_value=3.0, input_type=float]\n    For further information visit https://errors.pydantic.dev/2.14/v/literal_error"],
  ["Literal[1, 2, 3]", "4", "1 validation error for literal[1,2,3]\n  Input should be 1, 2 or 3 [type=literal_error, input_value=4, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.14/v/literal_error"],
  ["bool", "maybe", "1 validation error for bool\n  Input should be a valid boolean, unable to interpret input [type=bool_parsing, input_value='maybe', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/bool_parsing"],
  ["Inner", "{\"y\": 1}", "2 validation errors for Inner\nx\n  Field required [type=missing, input_value={'y': 1}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/missing\ny\n  Input should be a valid string [type=string_type, input_value=1, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type"],
  ["dict[str, int]", "{'a': 'x'}", "1 validation error for dict[str,int]\na\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["float", "", "1 validation error for float\n  Input should be a valid number, unable to parse string as a number [type=float_parsing, input_value='', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/float_parsing"],
  ["Optional[int]", "x", "1 validation error for nullable[int]\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["ToolCalls", "3.0", "1 validation error for ToolCalls\n  Value error, Received invalid value for `dspy.ToolCalls`: 3.0 [type=value_error, input_value=3.0, input_type=float]\n    For further information visit https://errors.pydantic.dev/2.14/v/value_error"],
  ["int", "1, 2", "1 validation error for int\n  Input should be a valid integer [type=int_type, input_value=(1, 2), input_type=tuple]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_type"],
];

describe("parseValue raises pydantic's ValidationError text", () => {
  it.each(VALIDATION_ERRORS)("%s <- %j", (expression, input, message) => {
    const error = thrown(() => parseValue(input, type(expression)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(message);
  });
});

const OTHER_ERRORS: [string, unknown, string, string][] = [
  ["Color", "blue", "ValueError", "blue is not a valid name or value for the enum Color"],
  ["Color", [1], "TypeError", "unhashable type: 'list'"],
];

describe("parseValue raises DSPy's other errors", () => {
  it.each(OTHER_ERRORS)("%s <- %j", (expression, input, pythonType, message) => {
    const error = thrown(() => parseValue(input, type(expression))) as DSPyError;
    expect([error.pythonType, error.message]).toEqual([pythonType, message]);
  });
});

describe("parseValue specifics", () => {
  it("returns the literal input itself when it equals a member (True for Literal[1])", () => {
    expect(parseValue(true, type("Literal[1, 2, 3]"))).toBe(true);
  });

  it("reads literal_eval tuples as tuples, json_repair's parenthesized values as lists", () => {
    expect(isPythonTuple(parseValue("1, 2", type("Any")))).toBe(true);
    expect(isPythonTuple(parseValue("(1, 2)", type("Any")))).toBe(false);
  });
});

const REPAIRED: [string, unknown][] = [
  ["42",42],
  ["-3.5",-3.5],
  ["1e3",1000],
  ["1.0",1],
  ["true",true],
  ["True",""],
  ["False",""],
  ["None",""],
  ["null",null],
  ["[1, 2, 3]",[1,2,3]],
  ["[1, 2, 3,]",[1,2,3]],
  ["{\"a\": 1}",{"a":1}],
  ["{'a': 1}",{"a":1}],
  ["{'a': 'b',}",{"a":"b"}],
  ["['a', 'b']",["a","b"]],
  ["[True, False, None]",[true,false,null]],
  ["{\"a\": True}",{"a":true}],
  ["hello",""],
  ["hello world",""],
  ["Paris",""],
  ["The answer is 42",""],
  ["answer: 42",""],
  ["```json\n{\"a\": 1}\n```",{"a":1}],
  ["```\n[1, 2]\n```",[1,2]],
  ["```json\n[1, 2]\n```",[1,2]],
  ["Here is the result: {\"a\": 1}",{"a":1}],
  ["{\"a\": 1} hope this helps",{"a":1}],
  ["Sure! [1, 2] done",[1,2]],
  ["",""],
  [" ",""],
  ["\"quoted\"","quoted"],
  ["'single'",""],
  ["{a: 1}",{"a":1}],
  ["[a, b]",["a","b"]],
  ["{\"a\": [1, 2}",{"a":[1,2]}],
  ["[1, 2",[1,2]],
  ["{\"a\": 1",{"a":1}],
  ["1, 2, 3",""],
  ["yes",""],
  ["no",""],
  ["1/2",""],
  ["3.14abc",""],
  ["abc123",""],
  ["NaN",null],
  ["Infinity",null],
  ["-",""],
  [".5",""],
  ["5.",""],
  ["007",""],
  ["0x10",""],
  ["1_000",""],
  ["+5",""],
  ["{\"a\": \"b\" \"c\": 1}",{"a":"b","c":1}],
  ["[\"a\" \"b\"]",["a","b"]],
  ["(1, 2)",[1,2]],
  ["{'a': None, 'b': False}",{"a":null,"b":false}],
  ["['it''s']",["it","s"]],
  ["\"a\" \"b\"",""],
  ["2024-01-01",""],
  ["1 2 3",""],
  ["[]",[]],
  ["{}",{}],
  ["  [1]  ",[1]],
  ["// comment\n[1]",[1]],
  ["[1] // c",[1]],
  ["{\"a\": 1}{\"b\": 2}",[{"a":1},{"b":2}]],
  ["[1][2]",[2]],
  ["true false",""],
  ["'",""],
  ["\"",""],
  ["{",{}],
  ["[",[]],
  ["]",""],
  ["}",""],
  ["a: 1, b: 2",""],
  ["positive",""],
  ["A",""],
  ["1.5.2",""],
  ["-0",0],
  ["1e400",null],
  ["\"\\u00e9\"","é"],
  ["{\"k\": \"line\nbreak\"}",{"k":"line\nbreak"}],
  ["TRUE",""],
  ["none",""],
  ["undefined",""],
  ["[1, 'two', \"three\"]",[1,"two","three"]],
  ["{'a': [1, {'b': 'c'}]}",{"a":[1,{"b":"c"}]}],
  ["text with 'quotes' inside",""],
  ["It's fine",""],
  ["[\"a\", 'b\"c']",["a","b\"c"]],
  ["[\"a\", \"b\", \"c\"]",["a","b","c"]],
  ["['a', 'b', 'c']",["a","b","c"]],
  ["[a, b, c]",["a","b","c"]],
  ["[It's fine, ok]",["It's fine","ok"]],
  ["[\"It's\", \"ok\"]",["It's","ok"]],
  ["['it\\'s']",["it's"]],
  ["{\"name\": \"Bob\", \"age\": 30,}",{"name":"Bob","age":30}],
  ["{name: \"Bob\", age: 30}",{"name":"Bob","age":30}],
  ["{'name': 'Bob', 'tags': ['x', 'y']}",{"name":"Bob","tags":["x","y"]}],
  ["{\"a\": null, \"b\": None, \"c\": True, \"d\": false}",{"a":null,"b":null,"c":true,"d":false}],
  ["{\"text\": \"He said \"hi\" to me\"}",{"text":"He said \"hi\" to me"}],
  ["{\"a\": \"line1\nline2\"}",{"a":"line1\nline2"}],
  ["{\"a\": 1, \"b\": 2",{"a":1,"b":2}],
  ["[1, 2, [3, 4",[1,2,[3,4]]],
  ["{\"a\": [1, 2, {\"b\": 3",{"a":[1,2,{"b":3}]}],
  ["[\"unterminated",["unterminated"]],
  ["{\"a\": \"b\"} {\"c\": \"d\"}",[{"a":"b"},{"c":"d"}]],
  ["[1, 2]\n[3, 4]",[3,4]],
  ["{\"a\": 1}\n{\"a\": 2}",{"a":2}],
  ["{\"a\": 1}, {\"a\": 2}",[{"a":1},{"a":2}]],
  ["[1] and [1, 2]",[[1],[1,2]]],
  ["Answer: [1, 2, 3]",[1,2,3]],
  ["Answer: #1 [a, b]",""],
  ["see http://x.com [1]",""],
  ["The list is:\n- [1, 2]",[1,2]],
  ["```python\n[1, 2]\n```",[1,2]],
  ["```json\n{\"a\": 1}\n```\nExplanation: {\"b\": 2}",[{"a":1},{"b":2}]],
  ["```\n{\"a\": 1,}\n```",{"a":1}],
  ["{\"a\": 1} // comment",{"a":1}],
  ["/* c */ {\"a\": 1}",{"a":1}],
  ["# Title\n{\"a\": 1}",{"a":1}],
  ["{\"a\": .5}",{"a":0.5}],
  ["[1.0, 2.50, 3e2]",[1,2.5,300]],
  ["[1e400]",[null]],
  ["[NaN]",[null]],
  ["[Infinity, -Infinity]",[null,null]],
  ["{\"a\": NaN}",{"a":null}],
  ["[TRUE, FALSE, NULL]",[true,false,null]],
  ["[true, false, null]",[true,false,null]],
  ["[,1]",[1]],
  ["{\"a\": 1 \"b\": 2}",{"a":1,"b":2}],
  ["{,\"a\": 1}",{"a":1}],
  ["{\"a\": {\"b\": {\"c\": [1, {\"d\": \"e\"}]}}}",{"a":{"b":{"c":[1,{"d":"e"}]}}}],
  ["{\"key\": \"value with } brace\"}",{"key":"value with } brace"}],
  ["{\"key\": \"value with ] bracket\"}",{"key":"value with ] bracket"}],
  ["{'key': 'it\\'s'}",{"key":"it's"}],
  ["{\"a\": \"\\u00e9\\n\\t\"}",{"a":"é\n\t"}],
  ["{\"a\": \"é\"}",{"a":"é"}],
  ["[\"😀\"]",["😀"]],
  ["{\"a\": 1}}",{"a":1}],
  ["[1]]",[1]],
  ["{\"a\": [1, 2}}",{"a":[1,2]}],
  ["[{\"a\": 1}, {\"b\": 2}]",[{"a":1},{"b":2}]],
  ["[{\"a\": 1}, {\"a\": 2}]",[{"a":1},{"a":2}]],
  ["{\"a\": \"b\",\n \"c\": \"d\"\n}",{"a":"b","c":"d"}],
  ["(1)",1],
  ["(1,)",[1]],
  ["()",[]],
  ["(\"a\", \"b\")",["a","b"]],
  ["result (1, 2)",""],
  ["(1, 2)\n",[1,2]],
  ["(a, b)",""],
  ["( 1 , 2 )",[1,2]],
  ["x = [1, 2]",[1,2]],
  ["x: {\"a\": 1}",{"a":1}],
  ["\"a\": 1}",{"a":1}],
  ["\"a\": 1, \"b\": 2}",{"a":1,"b":2}],
  [" \"a\": 1 }",{"a":1}],
  ["{\"a\": 1, \"a\": 2}",{"a":2}],
  ["[{}]",[{}]],
  ["[[]]",[[]]],
  ["{}  []",{}],
  ["[] [1]",[1]],
  ["{\"a\": {}}",{"a":{}}],
  ["{\"\": 1}",{"":1}],
  ["{\"a\": \"\"}",{"a":""}],
  ["{'a': \"b\"}",{"a":"b"}],
  ["{\"a\": 'b'}",{"a":"b"}],
  ["['a', \"b's\"]",["a","b's"]],
  ["[1, \"2\", three, 4.5, true]",[1,"2","three",4.5,true]],
  ["Sure, here you go: {\"answer\": 42} Let me know!",{"answer":42}],
  ["{\n  \"reasoning\": \"because\",\n  \"answer\": \"yes\"\n}",{"reasoning":"because","answer":"yes"}],
  ["{\"a\": [1, 2, 3], \"b\": \"x\"} extra text [9]",[{"a":[1,2,3],"b":"x"},[9]]],
  ["[1, 2] extra {\"k\": 1}",[[1,2],{"k":1}]],
  ["{\"a\": 1}\n\n{\"b\": 2}",[{"a":1},{"b":2}]],
  ["{'a': 1}, {'b': 2}",[{"a":1},{"b":2}]],
  ["[1, 2],",[1,2]],
  [",[1]",[1]],
  ["{\"a\": True, \"b\": None}",{"a":true,"b":null}],
  ["{\"a\": 1, // c\n \"b\": 2}",{"a":1,"b":2}],
  ["{\"a\": “b”}",{"a":"b"}],
  ["[“a”, “b”]",["a","b"]],
  ["{“a”: 1}",{"a":1}],
  ["text {\"a\": 1",{"a":1}],
  ["{\"a\": [",{"a":[]}],
  ["{\"a\": \"b\\\"c\"}",{"a":"b\"c"}],
  ["{\"a\": \"b\\\\\"}",{"a":"b\\"}],
  ["{\"path\": \"C:\\new\"}",{"path":"C:\new"}],
  ["[Paris, It's big]",["Paris","It's big"]],
  ["{answer: It's 5}",{"answer":"It's 5"}],
  ["{'a': it's}",{"a":"it's"}],
  ["[don't, won't]",["don't","won't"]],
  ["[\"it's\", it's]",["it's","it's"]],
  ["{\"a\": \"x\", \"b\": it's}",{"a":"x","b":"it's"}],
  ["[rock 'n' roll]",["rock 'n' roll"]],
  ["[a', b]",["a'","b"]],
  ["[True, NONE]",[true,null]],
  ["{\"a\": TRUE}",{"a":true}],
  ["[tRUE]",[true]],
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
  ["{'a': [1, {'b': None}],}", {"a": [1, {"b": null}]}, false],
  ["{1: 'x'}", {"1": "x"}, false],
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

describe("applyOutputFieldDefaults matches DSPy's apply_output_field_defaults", () => {
  // class S(dspy.Signature): q: str = InputField(); a: str = OutputField();
  //   b: Optional[int] = OutputField(); c: int = OutputField(default=5);
  //   d: list[int] = OutputField(default=[1]); e: int = OutputField()
  const signature = Signature.fromFields({
    q: InputField(),
    a: OutputField(),
    b: OutputField({ type: parseTypeExpression("Optional[int]") }),
    c: OutputField({ type: { kind: "int" }, default: 5 }),
    d: OutputField({ type: parseTypeExpression("list[int]"), default: [1] }),
    e: OutputField({ type: { kind: "int" } }),
  });

  it("fills defaults and None, leaves required fields absent, drops unknown keys", () => {
    // {'a': 'x', 'b': None, 'c': 5, 'd': [1]}
    expect(applyOutputFieldDefaults(signature.outputFields, { a: "x", zz: 1 })).toEqual({ a: "x", b: null, c: 5, d: [1] });
  });

  it("keeps parsed values (even None) and follows signature order", () => {
    // {'b': 2, 'c': None, 'd': [1], 'e': 3}
    const completed = applyOutputFieldDefaults(signature.outputFields, { e: 3, b: 2, c: null });
    expect(Object.entries(completed)).toEqual([["b", 2], ["c", null], ["d", [1]], ["e", 3]]);
  });

  it("gives each call its own copy of a mutable default", () => {
    const first = applyOutputFieldDefaults(signature.outputFields, {}) as { d: number[] };
    first.d.push(2);
    expect(applyOutputFieldDefaults(signature.outputFields, {}).d).toEqual([1]);
  });
});
