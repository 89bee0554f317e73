/**
 * Expected values come from the real Python stack: DSPy 3.4.1 `dspy.adapters.utils.parse_value`,
 * pydantic 2.14.4, json_repair 0.64.6 `json_repair.loads`, and CPython 3.11 `ast.literal_eval`.
 * Models/enums are the ones described in validate-value.test.ts. Python floats appear here as
 * plain numbers and tuples as lists.
 *
 * `json_repair.loads` and `ast.literal_eval` have their own tests next to their ports
 * (src/utils/py-json-repair.test.ts, src/utils/py-literal-eval.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { DSPyError } from "../errors/dspy-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { InputField, OutputField } from "../signatures/field.js";
import { parseTypeExpression } from "../signatures/parse-type-expression.js";
import type { TypeNode } from "../signatures/type-node.js";
import { Signature } from "../signatures/signature.js";
import { PyFloat } from "../utils/py-float.js";
import { isPythonTuple } from "../utils/py-tuple.js";
import { applyOutputFieldDefaults } from "./apply-output-field-defaults.js";
import { parseValue } from "./parse-value.js";

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

  // JSONAdapter hands over what pyJsonRepairLoads decoded, integral floats boxed as PyFloat:
  // str(3.0) == "3.0", Num(1.0) is Num.ONE, and DSPy's enum error shows the float.
  it("takes decoded integral floats as Python floats", () => {
    expect(parseValue(new PyFloat(3), type("str"))).toBe("3.0");
    expect(parseValue({ a: [new PyFloat(1), 2] }, type("str"))).toBe("{'a': [1.0, 2]}");
    expect(parseValue(new PyFloat(1), type("Num"))).toBe(1);
    expect(parseValue(new PyFloat(1), type("int"))).toBe(1);
    const error = thrown(() => parseValue(new PyFloat(3), type("Color"))) as DSPyError;
    expect([error.pythonType, error.message]).toEqual(["ValueError", "3.0 is not a valid name or value for the enum Color"]);
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
