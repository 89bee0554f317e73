import { describe, expect, it } from "vitest";
import { pyJsonDumps } from "../utils/python-repr.js";
import { jsonSchema, schemaNote, sortSchemaKeys } from "./json-schema.js";
import { parseTypeExpression } from "./parse-type-expression.js";
import type { ModelField, TypeNode } from "./type-node.js";

// Expected strings are pydantic 2.14.4 / DSPy 3.4.1 output:
//   raw  = json.dumps(TypeAdapter(T).json_schema(), ensure_ascii=False)
//   note = json.dumps(dspy.adapters.utils._get_json_schema(T), ensure_ascii=False)

const str: TypeNode = { kind: "str" };
const int: TypeNode = { kind: "int" };
const float: TypeNode = { kind: "float" };
const none: TypeNode = { kind: "none" };
const list = (item: TypeNode): TypeNode => ({ kind: "list", args: [item] });
const dict = (value: TypeNode, key: TypeNode = str): TypeNode => ({ kind: "dict", args: [key, value] });
const union = (...members: TypeNode[]): TypeNode => ({ kind: "union", members });
const req = (name: string, type: TypeNode, description?: string): ModelField => ({
  name,
  type,
  required: true,
  description,
});
const opt = (name: string, type: TypeNode, value: unknown, description?: string): ModelField => ({
  name,
  type,
  required: false,
  default: value,
  description,
});
const model = (name: string, fields: ModelField[], description?: string): TypeNode => ({
  kind: "model",
  name,
  fields,
  description,
});

const summary = model("Summary", [req("headline", str), req("score", float)]);
const color: TypeNode = {
  kind: "enum",
  name: "Color",
  members: [
    { name: "RED", value: "red" },
    { name: "GREEN", value: "green" },
  ],
};
const num: TypeNode = {
  kind: "enum",
  name: "Num",
  members: [
    { name: "ONE", value: 1 },
    { name: "TWO", value: 2 },
  ],
};
const mixed: TypeNode = {
  kind: "enum",
  name: "Mixed",
  members: [
    { name: "A", value: "a" },
    { name: "B", value: 1 },
  ],
};
const inner = model("Inner", [req("x", int)]);
const outer = model(
  "Outer",
  [
    req("user_id", int, "The id"),
    opt("tags", list(str), []),
    req("inner", inner),
    opt("maybe", union(inner, none), null),
    req("many", list(inner)),
    opt("color", color, "red"),
    opt("lit", { kind: "literal", values: ["a", "b"] }, "a"),
    opt("opt", union(int, none), null),
    req("d", dict(inner)),
    opt("HTMLThing", str, "x"),
    opt("x2y", float, 1.5),
    req("either", union(inner, int)),
    opt("h", list(dict({ kind: "any" })), [{ z: 1, a: 2 }]),
    req("type", str, "kind"),
    opt("x_", union(summary, color, none), null),
  ],
  "\n    Outer doc.\n      Indented.\n    ",
);
const unicodeNames = model(
  "U",
  ["ǆemo", "straße", "ΣΑΣ_x", "ﬁx", "über_größe"].map((name) => req(name, int)),
);

const modelCases: [string, TypeNode][] = [
  ["Summary", summary],
  ["Color", color],
  ["Num", num],
  ["Mixed", mixed],
  ["Optional[Color]", union(color, none)],
  ["list[Summary]", list(summary)],
  ["Union[Summary, Inner]", union(summary, inner)],
  ["Outer", outer],
  ["list[Outer]", list(outer)],
  ["Empty", model("Empty", [])],
  ["tuple[A1, A2]", { kind: "tuple", args: [model("A", [req("x", int)]), model("A", [req("y", str)])] }],
  ["U", unicodeNames],
  ["dict[Color, int]", dict(int, color)],
  ["Optional[Summary]", union(summary, none)],
  ["Union[Summary, int, None]", union(summary, int, none)],
];

// [type expression, raw, note]
const expressionCases: [string, string, string][] = [
  ["str", '{"type": "string"}', '{"type": "string"}'],
  ["int", '{"type": "integer"}', '{"type": "integer"}'],
  ["float", '{"type": "number"}', '{"type": "number"}'],
  ["bool", '{"type": "boolean"}', '{"type": "boolean"}'],
  ["None", '{"type": "null"}', '{"type": "null"}'],
  ["Any", "{}", "{}"],
  ["list", '{"items": {}, "type": "array"}', '{"type": "array", "items": {}}'],
  ["dict", '{"additionalProperties": true, "type": "object"}', '{"type": "object", "additionalProperties": true}'],
  ["tuple", '{"items": {}, "type": "array"}', '{"type": "array", "items": {}}'],
  ["list[int]", '{"items": {"type": "integer"}, "type": "array"}', '{"type": "array", "items": {"type": "integer"}}'],
  ["list[Any]", '{"items": {}, "type": "array"}', '{"type": "array", "items": {}}'],
  [
    "dict[str, int]",
    '{"additionalProperties": {"type": "integer"}, "type": "object"}',
    '{"type": "object", "additionalProperties": {"type": "integer"}}',
  ],
  [
    "dict[int, str]",
    '{"additionalProperties": {"type": "string"}, "type": "object"}',
    '{"type": "object", "additionalProperties": {"type": "string"}}',
  ],
  [
    "dict[str, Any]",
    '{"additionalProperties": true, "type": "object"}',
    '{"type": "object", "additionalProperties": true}',
  ],
  [
    "dict[Literal['a', 'b'], int]",
    '{"additionalProperties": {"type": "integer"}, "propertyNames": {"enum": ["a", "b"]}, "type": "object"}',
    '{"type": "object", "additionalProperties": {"type": "integer"}, "propertyNames": {"enum": ["a", "b"]}}',
  ],
  [
    "tuple[int, str]",
    '{"maxItems": 2, "minItems": 2, "prefixItems": [{"type": "integer"}, {"type": "string"}], "type": "array"}',
    '{"type": "array", "maxItems": 2, "minItems": 2, "prefixItems": [{"type": "integer"}, {"type": "string"}]}',
  ],
  [
    "tuple[int, ...]",
    '{"items": {"type": "integer"}, "type": "array"}',
    '{"type": "array", "items": {"type": "integer"}}',
  ],
  ["Literal['a']", '{"const": "a", "type": "string"}', '{"type": "string", "const": "a"}'],
  ["Literal['a', 'b']", '{"enum": ["a", "b"], "type": "string"}', '{"type": "string", "enum": ["a", "b"]}'],
  ["Literal[1, 2]", '{"enum": [1, 2], "type": "integer"}', '{"type": "integer", "enum": [1, 2]}'],
  ["Literal['a', 1]", '{"enum": ["a", 1]}', '{"enum": ["a", 1]}'],
  ["Literal[True]", '{"const": true, "type": "boolean"}', '{"type": "boolean", "const": true}'],
  ["Literal[True, False]", '{"enum": [true, false], "type": "boolean"}', '{"type": "boolean", "enum": [true, false]}'],
  ["Literal[None]", '{"const": null, "type": "null"}', '{"type": "null", "const": null}'],
  ["Literal['a', None]", '{"enum": ["a", null]}', '{"enum": ["a", null]}'],
  ["Literal[1.5]", '{"const": 1.5, "type": "number"}', '{"type": "number", "const": 1.5}'],
  ["Literal[1, 1.5]", '{"enum": [1, 1.5]}', '{"enum": [1, 1.5]}'],
  ["Literal[True, 1]", '{"enum": [true, 1]}', '{"enum": [true, 1]}'],
  [
    "Optional[int]",
    '{"anyOf": [{"type": "integer"}, {"type": "null"}]}',
    '{"anyOf": [{"type": "integer"}, {"type": "null"}]}',
  ],
  [
    "Union[int, str]",
    '{"anyOf": [{"type": "integer"}, {"type": "string"}]}',
    '{"anyOf": [{"type": "integer"}, {"type": "string"}]}',
  ],
  [
    "Union[None, int, str]",
    '{"anyOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}]}',
    '{"anyOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}]}',
  ],
  [
    "int | None",
    '{"anyOf": [{"type": "integer"}, {"type": "null"}]}',
    '{"anyOf": [{"type": "integer"}, {"type": "null"}]}',
  ],
  [
    "None | int",
    '{"anyOf": [{"type": "integer"}, {"type": "null"}]}',
    '{"anyOf": [{"type": "integer"}, {"type": "null"}]}',
  ],
  [
    "Optional[list[int]]",
    '{"anyOf": [{"items": {"type": "integer"}, "type": "array"}, {"type": "null"}]}',
    '{"anyOf": [{"type": "array", "items": {"type": "integer"}}, {"type": "null"}]}',
  ],
  [
    "Union[Literal['a'], Literal['b']]",
    '{"anyOf": [{"const": "a", "type": "string"}, {"const": "b", "type": "string"}]}',
    '{"anyOf": [{"type": "string", "const": "a"}, {"type": "string", "const": "b"}]}',
  ],
  [
    "Optional[Literal['a', 'b']]",
    '{"anyOf": [{"enum": ["a", "b"], "type": "string"}, {"type": "null"}]}',
    '{"anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "null"}]}',
  ],
  [
    "Union[list[int], tuple[int, ...]]",
    '{"items": {"type": "integer"}, "type": "array"}',
    '{"type": "array", "items": {"type": "integer"}}',
  ],
  ["Optional[Any]", '{"anyOf": [{}, {"type": "null"}]}', '{"anyOf": [{}, {"type": "null"}]}'],
  [
    "list[Optional[int]]",
    '{"items": {"anyOf": [{"type": "integer"}, {"type": "null"}]}, "type": "array"}',
    '{"type": "array", "items": {"anyOf": [{"type": "integer"}, {"type": "null"}]}}',
  ],
  [
    "dict[str, list[int]]",
    '{"additionalProperties": {"items": {"type": "integer"}, "type": "array"}, "type": "object"}',
    '{"type": "object", "additionalProperties": {"type": "array", "items": {"type": "integer"}}}',
  ],
  [
    "tuple[int, Optional[str]]",
    '{"maxItems": 2, "minItems": 2, "prefixItems": [{"type": "integer"}, {"anyOf": [{"type": "string"}, {"type": "null"}]}], "type": "array"}',
    '{"type": "array", "maxItems": 2, "minItems": 2, "prefixItems": [{"type": "integer"}, {"anyOf": [{"type": "string"}, {"type": "null"}]}]}',
  ],
  [
    "list[list]",
    '{"items": {"items": {}, "type": "array"}, "type": "array"}',
    '{"type": "array", "items": {"type": "array", "items": {}}}',
  ],
  [
    "dict[str, dict]",
    '{"additionalProperties": {"additionalProperties": true, "type": "object"}, "type": "object"}',
    '{"type": "object", "additionalProperties": {"type": "object", "additionalProperties": true}}',
  ],
  [
    "Union[int, float]",
    '{"anyOf": [{"type": "integer"}, {"type": "number"}]}',
    '{"anyOf": [{"type": "integer"}, {"type": "number"}]}',
  ],
  [
    "Union[bool, int]",
    '{"anyOf": [{"type": "boolean"}, {"type": "integer"}]}',
    '{"anyOf": [{"type": "boolean"}, {"type": "integer"}]}',
  ],
  [
    "list[dict[str, Any]]",
    '{"items": {"additionalProperties": true, "type": "object"}, "type": "array"}',
    '{"type": "array", "items": {"type": "object", "additionalProperties": true}}',
  ],
  [
    "dspy.Image",
    '{"additionalProperties": false, "properties": {"url": {"title": "Url", "type": "string"}}, "required": ["url"], "title": "Image", "type": "object"}',
    '{"type": "object", "additionalProperties": false, "properties": {"url": {"type": "string", "title": "Url"}}, "required": ["url"], "title": "Image"}',
  ],
  [
    "Optional[dspy.Image]",
    '{"$defs": {"Image": {"additionalProperties": false, "properties": {"url": {"title": "Url", "type": "string"}}, "required": ["url"], "title": "Image", "type": "object"}}, "anyOf": [{"$ref": "#/$defs/Image"}, {"type": "null"}]}',
    '{"$defs": {"Image": {"type": "object", "additionalProperties": false, "properties": {"url": {"type": "string", "title": "Url"}}, "required": ["url"], "title": "Image"}}, "anyOf": [{"$ref": "#/$defs/Image"}, {"type": "null"}]}',
  ],
  [
    "list[dspy.ToolCalls]",
    '{"$defs": {"ToolCall": {"properties": {"name": {"title": "Name", "type": "string"}, "args": {"additionalProperties": true, "title": "Args", "type": "object"}}, "required": ["name", "args"], "title": "ToolCall", "type": "object"}, "ToolCalls": {"properties": {"tool_calls": {"items": {"$ref": "#/$defs/ToolCall"}, "title": "Tool Calls", "type": "array"}}, "required": ["tool_calls"], "title": "ToolCalls", "type": "object"}}, "items": {"$ref": "#/$defs/ToolCalls"}, "type": "array"}',
    '{"type": "array", "$defs": {"ToolCall": {"type": "object", "properties": {"args": {"type": "object", "additionalProperties": true, "title": "Args"}, "name": {"type": "string", "title": "Name"}}, "required": ["name", "args"], "title": "ToolCall"}, "ToolCalls": {"type": "object", "properties": {"tool_calls": {"type": "array", "items": {"$ref": "#/$defs/ToolCall"}, "title": "Tool Calls"}}, "required": ["tool_calls"], "title": "ToolCalls"}}, "items": {"$ref": "#/$defs/ToolCalls"}}',
  ],
  [
    "dspy.History",
    '{"additionalProperties": false, "description": "Class representing the conversation history.\\n\\nThe conversation history is a list of messages, each message entity should have keys from the associated signature.\\nFor example, if you have the following signature:\\n\\n```\\nclass MySignature(dspy.Signature):\\n    question: str = dspy.InputField()\\n    history: dspy.History = dspy.InputField()\\n    answer: str = dspy.OutputField()\\n```\\n\\nThen the history should be a list of dictionaries with keys \\"question\\" and \\"answer\\".\\n\\nExamples:\\n    ```\\n    import dspy\\n\\n    dspy.configure(lm=dspy.LM(\\"openai/gpt-4o-mini\\"))\\n\\n    class MySignature(dspy.Signature):\\n        question: str = dspy.InputField()\\n        history: dspy.History = dspy.InputField()\\n        answer: str = dspy.OutputField()\\n\\n    history = dspy.History(\\n        messages=[\\n            {\\"question\\": \\"What is the capital of France?\\", \\"answer\\": \\"Paris\\"},\\n            {\\"question\\": \\"What is the capital of Germany?\\", \\"answer\\": \\"Berlin\\"},\\n        ]\\n    )\\n\\n    predict = dspy.Predict(MySignature)\\n    outputs = predict(question=\\"What is the capital of France?\\", history=history)\\n    ```\\n\\nExample of capturing the conversation history:\\n    ```\\n    import dspy\\n\\n    dspy.configure(lm=dspy.LM(\\"openai/gpt-4o-mini\\"))\\n\\n    class MySignature(dspy.Signature):\\n        question: str = dspy.InputField()\\n        history: dspy.History = dspy.InputField()\\n        answer: str = dspy.OutputField()\\n\\n    predict = dspy.Predict(MySignature)\\n    outputs = predict(question=\\"What is the capital of France?\\")\\n    history = dspy.History(messages=[{\\"question\\": \\"What is the capital of France?\\", **outputs}])\\n    outputs_with_history = predict(question=\\"Are you sure?\\", history=history)\\n    ```", "properties": {"messages": {"items": {"additionalProperties": true, "type": "object"}, "title": "Messages", "type": "array"}}, "required": ["messages"], "title": "History", "type": "object"}',
    '{"type": "object", "additionalProperties": false, "description": "Class representing the conversation history.\\n\\nThe conversation history is a list of messages, each message entity should have keys from the associated signature.\\nFor example, if you have the following signature:\\n\\n```\\nclass MySignature(dspy.Signature):\\n    question: str = dspy.InputField()\\n    history: dspy.History = dspy.InputField()\\n    answer: str = dspy.OutputField()\\n```\\n\\nThen the history should be a list of dictionaries with keys \\"question\\" and \\"answer\\".\\n\\nExamples:\\n    ```\\n    import dspy\\n\\n    dspy.configure(lm=dspy.LM(\\"openai/gpt-4o-mini\\"))\\n\\n    class MySignature(dspy.Signature):\\n        question: str = dspy.InputField()\\n        history: dspy.History = dspy.InputField()\\n        answer: str = dspy.OutputField()\\n\\n    history = dspy.History(\\n        messages=[\\n            {\\"question\\": \\"What is the capital of France?\\", \\"answer\\": \\"Paris\\"},\\n            {\\"question\\": \\"What is the capital of Germany?\\", \\"answer\\": \\"Berlin\\"},\\n        ]\\n    )\\n\\n    predict = dspy.Predict(MySignature)\\n    outputs = predict(question=\\"What is the capital of France?\\", history=history)\\n    ```\\n\\nExample of capturing the conversation history:\\n    ```\\n    import dspy\\n\\n    dspy.configure(lm=dspy.LM(\\"openai/gpt-4o-mini\\"))\\n\\n    class MySignature(dspy.Signature):\\n        question: str = dspy.InputField()\\n        history: dspy.History = dspy.InputField()\\n        answer: str = dspy.OutputField()\\n\\n    predict = dspy.Predict(MySignature)\\n    outputs = predict(question=\\"What is the capital of France?\\")\\n    history = dspy.History(messages=[{\\"question\\": \\"What is the capital of France?\\", **outputs}])\\n    outputs_with_history = predict(question=\\"Are you sure?\\", history=history)\\n    ```", "properties": {"messages": {"type": "array", "items": {"type": "object", "additionalProperties": true}, "title": "Messages"}}, "required": ["messages"], "title": "History"}',
  ],
  [
    "dspy.ToolCalls",
    '{"$defs": {"ToolCall": {"properties": {"name": {"title": "Name", "type": "string"}, "args": {"additionalProperties": true, "title": "Args", "type": "object"}}, "required": ["name", "args"], "title": "ToolCall", "type": "object"}}, "properties": {"tool_calls": {"items": {"$ref": "#/$defs/ToolCall"}, "title": "Tool Calls", "type": "array"}}, "required": ["tool_calls"], "title": "ToolCalls", "type": "object"}',
    '{"type": "object", "$defs": {"ToolCall": {"type": "object", "properties": {"args": {"type": "object", "additionalProperties": true, "title": "Args"}, "name": {"type": "string", "title": "Name"}}, "required": ["name", "args"], "title": "ToolCall"}}, "properties": {"tool_calls": {"type": "array", "items": {"$ref": "#/$defs/ToolCall"}, "title": "Tool Calls"}}, "required": ["tool_calls"], "title": "ToolCalls"}',
  ],
  [
    "list[Literal['é', 'ü']]",
    '{"items": {"enum": ["é", "ü"], "type": "string"}, "type": "array"}',
    '{"type": "array", "items": {"type": "string", "enum": ["é", "ü"]}}',
  ],
];

// name -> [raw, note]
const expected: Record<string, [string, string]> = {
  Summary: [
    '{"properties": {"headline": {"title": "Headline", "type": "string"}, "score": {"title": "Score", "type": "number"}}, "required": ["headline", "score"], "title": "Summary", "type": "object"}',
    '{"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}',
  ],
  Color: [
    '{"enum": ["red", "green"], "title": "Color", "type": "string"}',
    '{"type": "string", "enum": ["red", "green"], "title": "Color"}',
  ],
  Num: ['{"enum": [1, 2], "title": "Num", "type": "integer"}', '{"type": "integer", "enum": [1, 2], "title": "Num"}'],
  Mixed: ['{"enum": ["a", 1], "title": "Mixed"}', '{"enum": ["a", 1], "title": "Mixed"}'],
  "Optional[Color]": [
    '{"$defs": {"Color": {"enum": ["red", "green"], "title": "Color", "type": "string"}}, "anyOf": [{"$ref": "#/$defs/Color"}, {"type": "null"}]}',
    '{"$defs": {"Color": {"type": "string", "enum": ["red", "green"], "title": "Color"}}, "anyOf": [{"$ref": "#/$defs/Color"}, {"type": "null"}]}',
  ],
  "list[Summary]": [
    '{"$defs": {"Summary": {"properties": {"headline": {"title": "Headline", "type": "string"}, "score": {"title": "Score", "type": "number"}}, "required": ["headline", "score"], "title": "Summary", "type": "object"}}, "items": {"$ref": "#/$defs/Summary"}, "type": "array"}',
    '{"type": "array", "$defs": {"Summary": {"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}}, "items": {"$ref": "#/$defs/Summary"}}',
  ],
  "Union[Summary, Inner]": [
    '{"$defs": {"Inner": {"properties": {"x": {"title": "X", "type": "integer"}}, "required": ["x"], "title": "Inner", "type": "object"}, "Summary": {"properties": {"headline": {"title": "Headline", "type": "string"}, "score": {"title": "Score", "type": "number"}}, "required": ["headline", "score"], "title": "Summary", "type": "object"}}, "anyOf": [{"$ref": "#/$defs/Summary"}, {"$ref": "#/$defs/Inner"}]}',
    '{"$defs": {"Inner": {"type": "object", "properties": {"x": {"type": "integer", "title": "X"}}, "required": ["x"], "title": "Inner"}, "Summary": {"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}}, "anyOf": [{"$ref": "#/$defs/Summary"}, {"$ref": "#/$defs/Inner"}]}',
  ],
  Outer: [
    '{"$defs": {"Color": {"enum": ["red", "green"], "title": "Color", "type": "string"}, "Inner": {"properties": {"x": {"title": "X", "type": "integer"}}, "required": ["x"], "title": "Inner", "type": "object"}, "Summary": {"properties": {"headline": {"title": "Headline", "type": "string"}, "score": {"title": "Score", "type": "number"}}, "required": ["headline", "score"], "title": "Summary", "type": "object"}}, "description": "Outer doc.\\n  Indented.", "properties": {"user_id": {"description": "The id", "title": "User Id", "type": "integer"}, "tags": {"default": [], "items": {"type": "string"}, "title": "Tags", "type": "array"}, "inner": {"$ref": "#/$defs/Inner"}, "maybe": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "null"}], "default": null}, "many": {"items": {"$ref": "#/$defs/Inner"}, "title": "Many", "type": "array"}, "color": {"$ref": "#/$defs/Color", "default": "red"}, "lit": {"default": "a", "enum": ["a", "b"], "title": "Lit", "type": "string"}, "opt": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Opt"}, "d": {"additionalProperties": {"$ref": "#/$defs/Inner"}, "title": "D", "type": "object"}, "HTMLThing": {"default": "x", "title": "Htmlthing", "type": "string"}, "x2y": {"default": 1.5, "title": "X2Y", "type": "number"}, "either": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "integer"}], "title": "Either"}, "h": {"default": [{"z": 1, "a": 2}], "items": {"additionalProperties": true, "type": "object"}, "title": "H", "type": "array"}, "type": {"description": "kind", "title": "Type", "type": "string"}, "x_": {"anyOf": [{"$ref": "#/$defs/Summary"}, {"$ref": "#/$defs/Color"}, {"type": "null"}], "default": null, "title": "X"}}, "required": ["user_id", "inner", "many", "d", "either", "type"], "title": "Outer", "type": "object"}',
    '{"type": "object", "$defs": {"Color": {"type": "string", "enum": ["red", "green"], "title": "Color"}, "Inner": {"type": "object", "properties": {"x": {"type": "integer", "title": "X"}}, "required": ["x"], "title": "Inner"}, "Summary": {"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}}, "description": "Outer doc.\\n  Indented.", "properties": {"type": {"type": "string", "description": "kind", "title": "Type"}, "HTMLThing": {"type": "string", "default": "x", "title": "Htmlthing"}, "color": {"$ref": "#/$defs/Color", "default": "red"}, "d": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Inner"}, "title": "D"}, "either": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "integer"}], "title": "Either"}, "h": {"type": "array", "default": [{"a": 2, "z": 1}], "items": {"type": "object", "additionalProperties": true}, "title": "H"}, "inner": {"$ref": "#/$defs/Inner"}, "lit": {"type": "string", "default": "a", "enum": ["a", "b"], "title": "Lit"}, "many": {"type": "array", "items": {"$ref": "#/$defs/Inner"}, "title": "Many"}, "maybe": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "null"}], "default": null}, "opt": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Opt"}, "tags": {"type": "array", "default": [], "items": {"type": "string"}, "title": "Tags"}, "user_id": {"type": "integer", "description": "The id", "title": "User Id"}, "x2y": {"type": "number", "default": 1.5, "title": "X2Y"}, "x_": {"anyOf": [{"$ref": "#/$defs/Summary"}, {"$ref": "#/$defs/Color"}, {"type": "null"}], "default": null, "title": "X"}}, "required": ["user_id", "inner", "many", "d", "either", "type"], "title": "Outer"}',
  ],
  "list[Outer]": [
    '{"$defs": {"Color": {"enum": ["red", "green"], "title": "Color", "type": "string"}, "Inner": {"properties": {"x": {"title": "X", "type": "integer"}}, "required": ["x"], "title": "Inner", "type": "object"}, "Outer": {"description": "Outer doc.\\n  Indented.", "properties": {"user_id": {"description": "The id", "title": "User Id", "type": "integer"}, "tags": {"default": [], "items": {"type": "string"}, "title": "Tags", "type": "array"}, "inner": {"$ref": "#/$defs/Inner"}, "maybe": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "null"}], "default": null}, "many": {"items": {"$ref": "#/$defs/Inner"}, "title": "Many", "type": "array"}, "color": {"$ref": "#/$defs/Color", "default": "red"}, "lit": {"default": "a", "enum": ["a", "b"], "title": "Lit", "type": "string"}, "opt": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Opt"}, "d": {"additionalProperties": {"$ref": "#/$defs/Inner"}, "title": "D", "type": "object"}, "HTMLThing": {"default": "x", "title": "Htmlthing", "type": "string"}, "x2y": {"default": 1.5, "title": "X2Y", "type": "number"}, "either": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "integer"}], "title": "Either"}, "h": {"default": [{"z": 1, "a": 2}], "items": {"additionalProperties": true, "type": "object"}, "title": "H", "type": "array"}, "type": {"description": "kind", "title": "Type", "type": "string"}, "x_": {"anyOf": [{"$ref": "#/$defs/Summary"}, {"$ref": "#/$defs/Color"}, {"type": "null"}], "default": null, "title": "X"}}, "required": ["user_id", "inner", "many", "d", "either", "type"], "title": "Outer", "type": "object"}, "Summary": {"properties": {"headline": {"title": "Headline", "type": "string"}, "score": {"title": "Score", "type": "number"}}, "required": ["headline", "score"], "title": "Summary", "type": "object"}}, "items": {"$ref": "#/$defs/Outer"}, "type": "array"}',
    '{"type": "array", "$defs": {"Color": {"type": "string", "enum": ["red", "green"], "title": "Color"}, "Inner": {"type": "object", "properties": {"x": {"type": "integer", "title": "X"}}, "required": ["x"], "title": "Inner"}, "Outer": {"type": "object", "description": "Outer doc.\\n  Indented.", "properties": {"type": {"type": "string", "description": "kind", "title": "Type"}, "HTMLThing": {"type": "string", "default": "x", "title": "Htmlthing"}, "color": {"$ref": "#/$defs/Color", "default": "red"}, "d": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Inner"}, "title": "D"}, "either": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "integer"}], "title": "Either"}, "h": {"type": "array", "default": [{"a": 2, "z": 1}], "items": {"type": "object", "additionalProperties": true}, "title": "H"}, "inner": {"$ref": "#/$defs/Inner"}, "lit": {"type": "string", "default": "a", "enum": ["a", "b"], "title": "Lit"}, "many": {"type": "array", "items": {"$ref": "#/$defs/Inner"}, "title": "Many"}, "maybe": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "null"}], "default": null}, "opt": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Opt"}, "tags": {"type": "array", "default": [], "items": {"type": "string"}, "title": "Tags"}, "user_id": {"type": "integer", "description": "The id", "title": "User Id"}, "x2y": {"type": "number", "default": 1.5, "title": "X2Y"}, "x_": {"anyOf": [{"$ref": "#/$defs/Summary"}, {"$ref": "#/$defs/Color"}, {"type": "null"}], "default": null, "title": "X"}}, "required": ["user_id", "inner", "many", "d", "either", "type"], "title": "Outer"}, "Summary": {"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}}, "items": {"$ref": "#/$defs/Outer"}}',
  ],
  Empty: [
    '{"properties": {}, "title": "Empty", "type": "object"}',
    '{"type": "object", "properties": {}, "title": "Empty"}',
  ],
  "tuple[A1, A2]": [
    '{"$defs": {"__main____A__1": {"properties": {"x": {"title": "X", "type": "integer"}}, "required": ["x"], "title": "A", "type": "object"}, "__main____A__2": {"properties": {"y": {"title": "Y", "type": "string"}}, "required": ["y"], "title": "A", "type": "object"}}, "maxItems": 2, "minItems": 2, "prefixItems": [{"$ref": "#/$defs/__main____A__1"}, {"$ref": "#/$defs/__main____A__2"}], "type": "array"}',
    '{"type": "array", "$defs": {"__main____A__1": {"type": "object", "properties": {"x": {"type": "integer", "title": "X"}}, "required": ["x"], "title": "A"}, "__main____A__2": {"type": "object", "properties": {"y": {"type": "string", "title": "Y"}}, "required": ["y"], "title": "A"}}, "maxItems": 2, "minItems": 2, "prefixItems": [{"$ref": "#/$defs/__main____A__1"}, {"$ref": "#/$defs/__main____A__2"}]}',
  ],
  U: [
    '{"properties": {"ǆemo": {"title": "ǅemo", "type": "integer"}, "straße": {"title": "Straße", "type": "integer"}, "ΣΑΣ_x": {"title": "Σας X", "type": "integer"}, "ﬁx": {"title": "Fix", "type": "integer"}, "über_größe": {"title": "Über Größe", "type": "integer"}}, "required": ["ǆemo", "straße", "ΣΑΣ_x", "ﬁx", "über_größe"], "title": "U", "type": "object"}',
    '{"type": "object", "properties": {"straße": {"type": "integer", "title": "Straße"}, "über_größe": {"type": "integer", "title": "Über Größe"}, "ǆemo": {"type": "integer", "title": "ǅemo"}, "ΣΑΣ_x": {"type": "integer", "title": "Σας X"}, "ﬁx": {"type": "integer", "title": "Fix"}}, "required": ["ǆemo", "straße", "ΣΑΣ_x", "ﬁx", "über_größe"], "title": "U"}',
  ],
  "dict[Color, int]": [
    '{"$defs": {"Color": {"enum": ["red", "green"], "title": "Color", "type": "string"}}, "additionalProperties": {"type": "integer"}, "propertyNames": {"$ref": "#/$defs/Color"}, "type": "object"}',
    '{"type": "object", "$defs": {"Color": {"type": "string", "enum": ["red", "green"], "title": "Color"}}, "additionalProperties": {"type": "integer"}, "propertyNames": {"$ref": "#/$defs/Color"}}',
  ],
  "Optional[Summary]": [
    '{"$defs": {"Summary": {"properties": {"headline": {"title": "Headline", "type": "string"}, "score": {"title": "Score", "type": "number"}}, "required": ["headline", "score"], "title": "Summary", "type": "object"}}, "anyOf": [{"$ref": "#/$defs/Summary"}, {"type": "null"}]}',
    '{"$defs": {"Summary": {"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}}, "anyOf": [{"$ref": "#/$defs/Summary"}, {"type": "null"}]}',
  ],
  "Union[Summary, int, None]": [
    '{"$defs": {"Summary": {"properties": {"headline": {"title": "Headline", "type": "string"}, "score": {"title": "Score", "type": "number"}}, "required": ["headline", "score"], "title": "Summary", "type": "object"}}, "anyOf": [{"$ref": "#/$defs/Summary"}, {"type": "integer"}, {"type": "null"}]}',
    '{"$defs": {"Summary": {"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}}, "anyOf": [{"$ref": "#/$defs/Summary"}, {"type": "integer"}, {"type": "null"}]}',
  ],
};

describe("jsonSchema / schemaNote match pydantic", () => {
  it.each(expressionCases)("%s", (expression, raw, note) => {
    const type = parseTypeExpression(expression);
    expect(pyJsonDumps(jsonSchema(type))).toBe(raw);
    expect(schemaNote(type)).toBe(note);
  });

  it.each(modelCases)("%s", (name, type) => {
    const [raw, note] = expected[name] as [string, string];
    expect(pyJsonDumps(jsonSchema(type))).toBe(raw);
    expect(schemaNote(type)).toBe(note);
  });
});

describe("details", () => {
  it("titles properties from field names and keeps declaration order in `required`", () => {
    const schema = jsonSchema(model("Report", [req("zeta_value", int), req("alpha", str)]));
    expect(schema.required).toEqual(["zeta_value", "alpha"]);
    expect(schema.properties).toEqual({
      zeta_value: { title: "Zeta Value", type: "integer" },
      alpha: { title: "Alpha", type: "string" },
    });
  });

  it("sortSchemaKeys puts type first, then code-point order, lists untouched", () => {
    const sorted = sortSchemaKeys({ b: 1, type: "x", A: [{ z: 1, type: 2, "\u{1F600}": 0, "\uFF21": 0 }] });
    expect(Object.keys(sorted)).toEqual(["type", "A", "b"]);
    expect(Object.keys((sorted.A as Record<string, unknown>[])[0] as object)).toEqual([
      "type",
      "z",
      "\uFF21",
      "\u{1F600}",
    ]);
  });

  it("merges equal union members, as pydantic deduplicates anyOf", () => {
    expect(jsonSchema(parseTypeExpression("list[int] | tuple[int, ...] | None"))).toEqual({
      anyOf: [{ items: { type: "integer" }, type: "array" }, { type: "null" }],
    });
  });

  it("has no schema for dspy.Tool, like pydantic", () => {
    expect(() => jsonSchema({ kind: "special", name: "Tool" })).toThrow("CallableSchema");
  });
});
