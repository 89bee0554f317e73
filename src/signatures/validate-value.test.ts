import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors/validation-error.js";
import { parseTypeExpression } from "./parse-type-expression.js";
import type { TypeNode } from "./type-node.js";
import { PyFloat } from "../utils/py-float.js";
import { isPythonTuple, markPythonTuple } from "../utils/py-tuple.js";
import { validateValue } from "./validate-value.js";
import { validatorName } from "./validator-name.js";

// Every expectation below was produced by pydantic 2.14.4 (pydantic-core 2.50.5):
// `TypeAdapter(T).validate_python(value)` and `str(ValidationError)`, with these definitions:
//   class Inner(BaseModel): x: int; y: str = "d"
//   class Outer(BaseModel): name: str; inner: Inner; tags: list[str] = []; maybe: Optional[int]
//   class Pet(BaseModel): name: str; kind: Literal['cat', 'dog'] = 'cat'
//   class Color(enum.Enum): RED = "red"; GREEN = "green"
//   class Num(enum.Enum): ONE = 1; TWO = 2
// Model results are shown as dicts, enum results as member values, tuples as lists, ToolCalls
// as its `format()` dict.

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
  Outer: {
    kind: "model",
    name: "Outer",
    fields: [
      { name: "name", type: { kind: "str" }, required: true },
      { name: "inner", type: Inner, required: true },
      { name: "tags", type: { kind: "list", args: [{ kind: "str" }] }, required: false, default: [] },
      { name: "maybe", type: { kind: "union", members: [{ kind: "int" }, { kind: "none" }] }, required: true },
    ],
  },
  Pet: {
    kind: "model",
    name: "Pet",
    fields: [
      { name: "name", type: { kind: "str" }, required: true },
      { name: "kind", type: { kind: "literal", values: ["cat", "dog"] }, required: false, default: "cat" },
    ],
  },
  Color: { kind: "enum", name: "Color", members: [{ name: "RED", value: "red" }, { name: "GREEN", value: "green" }] },
  Num: { kind: "enum", name: "Num", members: [{ name: "ONE", value: 1 }, { name: "TWO", value: 2 }] },
};

function type(expression: string): TypeNode {
  return parseTypeExpression(expression, CUSTOM);
}

function errorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

const ACCEPTED: [string, unknown, unknown][] = [
  ["int", " 12 ", 12],
  ["int", "1_000", 1000],
  ["int", "+5", 5],
  ["int", "1.00", 1],
  ["int", "007", 7],
  ["int", true, 1],
  ["int", " 1　", 1],
  ["float", "1e3", 1000.0],
  ["float", " 1.5 ", 1.5],
  ["float", "1_0.5", 10.5],
  ["float", 3, 3.0],
  ["float", true, 1.0],
  ["float", ".5", 0.5],
  ["bool", "TRUE", true],
  ["bool", "Off", false],
  ["bool", "y", true],
  ["bool", 0, false],
  ["bool", 1, true],
  ["None", null, null],
  ["Any", {"a": [1, "x"]}, {"a": [1, "x"]}],
  ["list[int]", ["1", 2, " 3 "], [1, 2, 3]],
  ["list", [1, "a"], [1, "a"]],
  ["dict[str, int]", {"a": "1", "b": 2}, {"a": 1, "b": 2}],
  ["dict[int, str]", {"1": "a", "01": "b", " 2 ": "c"}, {"1": "b", "2": "c"}],
  ["tuple[int, str]", [1, "a"], [1, "a"]],
  ["tuple[int, ...]", ["1", 2], [1, 2]],
  ["tuple", [1, "a"], [1, "a"]],
  ["Literal['a', 'b']", "b", "b"],
  ["Literal[1]", true, 1],
  ["Literal[True]", 1, true],
  ["Literal['a', None]", null, null],
  ["Optional[int]", null, null],
  ["Optional[int]", "5", 5],
  ["Union[int, str]", "1", "1"],
  ["Union[str, int]", 1, 1],
  ["Union[float, int]", "1", 1.0],
  ["Union[int, float]", "1.5", 1.5],
  ["Union[bool, int]", "1", true],
  ["Union[int, bool]", "true", true],
  ["Union[list[int], tuple[int, ...]]", [1, "2"], [1, 2]],
  ["Union[Inner, dict[str, Any]]", {"x": 1}, {"x": 1, "y": "d"}],
  ["Union[dict[str, Any], Inner]", {"x": 1}, {"x": 1}],
  ["Union[Inner, Outer]", {"x": 1, "name": "a", "inner": {"x": 1}, "maybe": null}, {"name": "a", "inner": {"x": 1, "y": "d"}, "tags": [], "maybe": null}],
  ["Union[Color, str]", "red", "red"],
  ["Inner", {"x": "2", "extra": 1}, {"x": 2, "y": "d"}],
  ["Outer", {"name": "n", "inner": {"x": 1}, "maybe": "5"}, {"name": "n", "inner": {"x": 1, "y": "d"}, "tags": [], "maybe": 5}],
  ["Pet", {"name": "a"}, {"name": "a", "kind": "cat"}],
  ["Color", "green", "green"],
  ["Num", 2, 2],
  ["Num", true, 1],
  ["list[Color]", ["red", "green"], ["red", "green"]],
  ["ToolCalls", {"tool_calls": [{"name": "search", "args": {"q": "cats"}}]}, {"tool_calls": [{"name": "search", "args": {"q": "cats"}}]}], // DSPy format() shape
];

describe("validateValue accepts what pydantic accepts", () => {
  it.each(ACCEPTED)("%s <- %j", (expression, input, expected) => {
    expect(validateValue(type(expression), input)).toEqual(expected);
  });
});

const REJECTED: [string, unknown, string][] = [
  ["int", "abc", "1 validation error for int\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='abc', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["int", "1.5", "1 validation error for int\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='1.5', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["int", "1__0", "1 validation error for int\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='1__0', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["int", "0x10", "1 validation error for int\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='0x10', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["int", 1.5, "1 validation error for int\n  Input should be a valid integer, got a number with a fractional part [type=int_from_float, input_value=1.5, input_type=float]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_from_float"],
  ["int", null, "1 validation error for int\n  Input should be a valid integer [type=int_type, input_value=None, input_type=NoneType]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_type"],
  ["int", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "1 validation error for int\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='aaaaaaaaaaaaaaaaaaaaaaaa...aaaaaaaaaaaaaaaaaaaaaaa', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["int", [1], "1 validation error for int\n  Input should be a valid integer [type=int_type, input_value=[1], input_type=list]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_type"],
  ["float", "x", "1 validation error for float\n  Input should be a valid number, unable to parse string as a number [type=float_parsing, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/float_parsing"],
  ["float", "0x1p3", "1 validation error for float\n  Input should be a valid number, unable to parse string as a number [type=float_parsing, input_value='0x1p3', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/float_parsing"],
  ["float", null, "1 validation error for float\n  Input should be a valid number [type=float_type, input_value=None, input_type=NoneType]\n    For further information visit https://errors.pydantic.dev/2.14/v/float_type"],
  ["bool", "maybe", "1 validation error for bool\n  Input should be a valid boolean, unable to interpret input [type=bool_parsing, input_value='maybe', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/bool_parsing"],
  ["bool", " true", "1 validation error for bool\n  Input should be a valid boolean, unable to interpret input [type=bool_parsing, input_value=' true', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/bool_parsing"],
  ["bool", 2, "1 validation error for bool\n  Input should be a valid boolean, unable to interpret input [type=bool_parsing, input_value=2, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.14/v/bool_parsing"],
  ["bool", 0.5, "1 validation error for bool\n  Input should be a valid boolean [type=bool_type, input_value=0.5, input_type=float]\n    For further information visit https://errors.pydantic.dev/2.14/v/bool_type"],
  ["str", 1, "1 validation error for str\n  Input should be a valid string [type=string_type, input_value=1, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type"],
  ["str", true, "1 validation error for str\n  Input should be a valid string [type=string_type, input_value=True, input_type=bool]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type"],
  ["str", null, "1 validation error for str\n  Input should be a valid string [type=string_type, input_value=None, input_type=NoneType]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type"],
  ["None", 1, "1 validation error for none\n  Input should be None [type=none_required, input_value=1, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.14/v/none_required"],
  ["list[int]", ["a", 2, "b"], "2 validation errors for list[int]\n0\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='a', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing\n2\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='b', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["list[int]", "abc", "1 validation error for list[int]\n  Input should be a valid list [type=list_type, input_value='abc', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/list_type"],
  ["list[int]", {"a": 1}, "1 validation error for list[int]\n  Input should be a valid list [type=list_type, input_value={'a': 1}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/list_type"],
  ["list", "x", "1 validation error for list[any]\n  Input should be a valid list [type=list_type, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/list_type"],
  ["dict[str, int]", {"a": "x"}, "1 validation error for dict[str,int]\na\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["dict[str, int]", {"a.b": "x"}, "1 validation error for dict[str,int]\n`a.b`\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["dict[int, int]", {"1": 2, "x": 3}, "1 validation error for dict[int,int]\nx.[key]\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["dict", "x", "1 validation error for dict[any,any]\n  Input should be a valid dictionary [type=dict_type, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/dict_type"],
  ["tuple[int, str]", [1], "1 validation error for tuple[int, str]\n1\n  Field required [type=missing, input_value=[1], input_type=list]\n    For further information visit https://errors.pydantic.dev/2.14/v/missing"],
  ["tuple[int, str]", [1, "a", 3], "1 validation error for tuple[int, str]\n  Tuple should have at most 2 items after validation, not 3 [type=too_long, input_value=[1, 'a', 3], input_type=list]\n    For further information visit https://errors.pydantic.dev/2.14/v/too_long"],
  ["tuple[int]", ["x", 2], "1 validation error for tuple[int]\n  Tuple should have at most 1 item after validation, not 2 [type=too_long, input_value=['x', 2], input_type=list]\n    For further information visit https://errors.pydantic.dev/2.14/v/too_long"],
  ["tuple[int, ...]", [1, "a"], "1 validation error for tuple[int, ...]\n1\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='a', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["tuple[int, ...]", "ab", "1 validation error for tuple[int, ...]\n  Input should be a valid tuple [type=tuple_type, input_value='ab', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/tuple_type"],
  ["Literal['a', 'b']", "c", "1 validation error for literal['a','b']\n  Input should be 'a' or 'b' [type=literal_error, input_value='c', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/literal_error"],
  ["Literal[1]", "1", "1 validation error for literal[1]\n  Input should be 1 [type=literal_error, input_value='1', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/literal_error"],
  ["Literal[1, 2, 3]", 4, "1 validation error for literal[1,2,3]\n  Input should be 1, 2 or 3 [type=literal_error, input_value=4, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.14/v/literal_error"],
  ["Literal['a', None]", "b", "1 validation error for literal['a',None]\n  Input should be 'a' or None [type=literal_error, input_value='b', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/literal_error"],
  ["Optional[int]", "x", "1 validation error for nullable[int]\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["Optional[list[int]]", "x", "1 validation error for nullable[list[int]]\n  Input should be a valid list [type=list_type, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/list_type"],
  ["Optional[Literal['a', 'b']]", "c", "1 validation error for nullable[literal['a','b']]\n  Input should be 'a' or 'b' [type=literal_error, input_value='c', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/literal_error"],
  ["Union[int, str]", [1], "2 validation errors for union[int,str]\nint\n  Input should be a valid integer [type=int_type, input_value=[1], input_type=list]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_type\nstr\n  Input should be a valid string [type=string_type, input_value=[1], input_type=list]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type"],
  ["Union[int, None, str]", [1], "2 validation errors for nullable[union[int,str]]\nint\n  Input should be a valid integer [type=int_type, input_value=[1], input_type=list]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_type\nstr\n  Input should be a valid string [type=string_type, input_value=[1], input_type=list]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type"],
  ["Union[list[int], dict[str, int]]", ["x"], "2 validation errors for union[list[int],dict[str,int]]\nlist[int].0\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing\ndict[str,int]\n  Input should be a valid dictionary [type=dict_type, input_value=['x'], input_type=list]\n    For further information visit https://errors.pydantic.dev/2.14/v/dict_type"],
  ["Inner", "x", "1 validation error for Inner\n  Input should be a valid dictionary or instance of Inner [type=model_type, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/model_type"],
  ["Inner", null, "1 validation error for Inner\n  Input should be a valid dictionary or instance of Inner [type=model_type, input_value=None, input_type=NoneType]\n    For further information visit https://errors.pydantic.dev/2.14/v/model_type"],
  ["Outer", {"inner": {"x": "q"}, "extra": 1}, "3 validation errors for Outer\nname\n  Field required [type=missing, input_value={'inner': {'x': 'q'}, 'extra': 1}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/missing\ninner.x\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='q', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing\nmaybe\n  Field required [type=missing, input_value={'inner': {'x': 'q'}, 'extra': 1}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/missing"],
  ["list[Inner]", [{"x": 1}, {"y": 2}], "2 validation errors for list[Inner]\n1.x\n  Field required [type=missing, input_value={'y': 2}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/missing\n1.y\n  Input should be a valid string [type=string_type, input_value=2, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type"],
  ["Union[Inner, Pet]", {"y": 2}, "3 validation errors for union[Inner,Pet]\nInner.x\n  Field required [type=missing, input_value={'y': 2}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/missing\nInner.y\n  Input should be a valid string [type=string_type, input_value=2, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type\nPet.name\n  Field required [type=missing, input_value={'y': 2}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/missing"],
  ["Color", "blue", "1 validation error for enum[Color]\n  Input should be 'red' or 'green' [type=enum, input_value='blue', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/enum"],
  ["Num", "1", "1 validation error for enum[Num]\n  Input should be 1 or 2 [type=enum, input_value='1', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/enum"],
  ["Union[Color, int]", "blue", "2 validation errors for union[enum[Color],int]\nenum[Color]\n  Input should be 'red' or 'green' [type=enum, input_value='blue', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/enum\nint\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='blue', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["ToolCalls", "x", "1 validation error for ToolCalls\n  Value error, Received invalid value for `dspy.ToolCalls`: x [type=value_error, input_value='x', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/value_error"],
  ["ToolCalls", {"tool_calls": [{"name": 1, "args": {}}]}, "1 validation error for ToolCalls\nname\n  Input should be a valid string [type=string_type, input_value=1, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type"],
  ["list[int]", ["éééééééééééééééééééééééééééééé"], "1 validation error for list[int]\n0\n  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='éééééééééééé...ééééééééééé', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"],
  ["str", {"k": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "1 validation error for str\n  Input should be a valid string [type=string_type, input_value={'k': 'aaaaaaaaaaaaaaaaaa...aaaaaaaaaaaaaaaaaaaaaa'}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type"],
];

describe("validateValue rejects with pydantic's exact message", () => {
  it.each(REJECTED)("%s <- %j", (expression, input, message) => {
    expect(errorOf(() => validateValue(type(expression), input)).message).toBe(message);
  });
});

describe("validateValue details", () => {
  it("exposes pydantic's title and line errors on the error", () => {
    const error = errorOf(() => validateValue(type("list[int]"), ["a", 2, "b"]));
    expect(error.title).toBe("list[int]");
    expect(error.issues.map((issue) => [issue.type, issue.loc, issue.input])).toEqual([
      ["int_parsing", [0], "a"],
      ["int_parsing", [2], "b"],
    ]);
    expect(error.pythonType).toBe("ValidationError");
  });

  it("treats a boxed integral float as a Python float", () => {
    expect(errorOf(() => validateValue(type("Literal['a']"), new PyFloat(3))).message).toBe(
      "1 validation error for literal['a']\n  Input should be 'a' [type=literal_error, input_value=3.0, input_type=float]\n    For further information visit https://errors.pydantic.dev/2.14/v/literal_error",
    );
    expect(validateValue(type("int"), new PyFloat(3))).toBe(3);
    expect(validateValue(type("Literal[1]"), new PyFloat(1))).toBe(1);
    expect(validateValue(type("bool"), new PyFloat(1))).toBe(true);
    expect(validateValue(type("dict[str, Any]"), { a: new PyFloat(3) })).toEqual({ a: 3 });
  });

  it("treats -0 as the float -0.0 (a Python int has no negative zero)", () => {
    expect(Object.is(validateValue(type("float"), -0), -0)).toBe(true);
    expect(Object.is(validateValue(type("int"), -0), 0)).toBe(true);
  });

  it("renders arrays marked as tuples as Python tuples", () => {
    expect(errorOf(() => validateValue(type("int"), markPythonTuple([1, 2]))).message).toBe(
      "1 validation error for int\n  Input should be a valid integer [type=int_type, input_value=(1, 2), input_type=tuple]\n    For further information visit https://errors.pydantic.dev/2.14/v/int_type",
    );
    expect(errorOf(() => validateValue(type("str"), markPythonTuple([1]))).message).toBe(
      "1 validation error for str\n  Input should be a valid string [type=string_type, input_value=(1,), input_type=tuple]\n    For further information visit https://errors.pydantic.dev/2.14/v/string_type",
    );
  });

  it("prefers a tuple member for a tuple and a list member for a list", () => {
    const fromTuple = validateValue(type("Union[list[int], tuple[int, ...]]"), markPythonTuple([1]));
    expect(isPythonTuple(fromTuple)).toBe(true);
    const fromList = validateValue(type("Union[tuple[int, ...], list[int]]"), [1]);
    expect(isPythonTuple(fromList)).toBe(false);
  });

  it("names validators the way pydantic-core does", () => {
    expect(validatorName(type("Optional[Union[int, str]]"))).toBe("nullable[union[int,str]]");
    expect(validatorName(type("dict"))).toBe("dict[any,any]");
    expect(validatorName(type("tuple"))).toBe("tuple[any, ...]");
    expect(validatorName(type("Literal['a', 1, None]"))).toBe("literal['a',1,None]");
    expect(validatorName(type("Color"))).toBe("enum[Color]");
  });

  it("copies model defaults instead of sharing them", () => {
    const first = validateValue(type("Outer"), { name: "a", inner: { x: 1 }, maybe: null }) as { tags: string[] };
    first.tags.push("changed");
    const second = validateValue(type("Outer"), { name: "a", inner: { x: 1 }, maybe: null }) as { tags: string[] };
    expect(second.tags).toEqual([]);
  });

  it("keeps a __proto__ key as data", () => {
    const input = JSON.parse('{"__proto__": 1}');
    expect(Object.keys(validateValue(type("dict[str, int]"), input) as object)).toEqual(["__proto__"]);
  });

  it("normalizes OpenAI-shaped tool calls", () => {
    const calls = [{ function: { name: "f", arguments: '{"a": [1]}' }, id: "c1" }];
    expect(validateValue(type("ToolCalls"), calls)).toEqual({ tool_calls: [{ id: "c1", name: "f", args: { a: [1] } }] });
  });

  it("uses a given validator for a special type", () => {
    const special = { History: (value: unknown) => ({ messages: value }) };
    expect(validateValue(type("History"), [1], { special })).toEqual({ messages: [1] });
    expect(validateValue(type("Image"), "https://x/cat.png", { special })).toBe("https://x/cat.png");
    expect(validateValue(type("History"), [1])).toEqual([1]);
  });
});
