import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AdapterParseError } from "../errors/adapter-parse-error.js";
import { type Field, type FieldDeclaration, InputField, OutputField } from "../signatures/field.js";
import { parseTypeExpression } from "../signatures/parse-type-expression.js";
import { Signature } from "../signatures/signature.js";
import type { TypeNode } from "../signatures/type-node.js";
import { displayAsType, fieldInfoRepr } from "./field-info-repr.js";
import { XMLAdapter } from "./xml-adapter.js";

// Expected values come from real DSPy 3.4.1 (scripts/oracle/xml_adapter_golden.py).
interface GoldenCase {
  id: string;
  signature?: string;
  fields?: {
    name: string;
    role: "input" | "output";
    type?: string;
    desc?: string;
    gt?: number;
    le?: number;
    default?: unknown;
  }[];
  instructions?: string;
  demos?: Record<string, unknown>[];
  inputs?: Record<string, unknown>;
  completion?: string;
  messages?: { role: string; content: string }[];
  parsed?: Record<string, unknown>;
  error?: { type: string; message: string };
}

const golden = JSON.parse(
  readFileSync(new URL("./__fixtures__/xml-adapter-golden.json", import.meta.url), "utf8"),
) as GoldenCase[];

// The pydantic models the golden script declares, as TypeNodes.
const int: TypeNode = { kind: "int" };
const str: TypeNode = { kind: "str" };
const Point: TypeNode = {
  kind: "model",
  name: "Point",
  fields: [
    { name: "x", type: int, required: true },
    { name: "y", type: int, required: true },
  ],
};
const Person: TypeNode = {
  kind: "model",
  name: "Person",
  fields: [
    { name: "name", type: str, required: true },
    { name: "age", type: { kind: "union", members: [int, { kind: "none" }] }, required: false, default: null },
    { name: "tags", type: { kind: "list", args: [str] }, required: false, default: [] },
  ],
};
const Team: TypeNode = {
  kind: "model",
  name: "Team",
  fields: [
    { name: "lead", type: Person, required: true },
    { name: "members", type: { kind: "list", args: [Person] }, required: true },
  ],
};
const customTypes = { Point, Person, Team };

function signatureOf(testCase: GoldenCase): Signature {
  if (testCase.signature) return new Signature(testCase.signature, testCase.instructions, { customTypes });
  const declarations: Record<string, FieldDeclaration> = {};
  for (const spec of testCase.fields ?? []) {
    const constraints = [
      spec.gt === undefined ? "" : `greater than: ${spec.gt}`,
      spec.le === undefined ? "" : `less than or equal to: ${spec.le}`,
    ].filter(Boolean);
    const make = spec.role === "input" ? InputField : OutputField;
    declarations[spec.name] = make({
      type: parseTypeExpression(spec.type ?? "str"),
      ...(spec.desc === undefined ? {} : { desc: spec.desc }),
      ...(constraints.length > 0 ? { constraints: constraints.join(", ") } : {}),
      ...("default" in spec ? { default: spec.default } : {}),
    });
  }
  return Signature.fromFields(declarations, testCase.instructions);
}

describe("XMLAdapter agrees with DSPy 3.4.1", () => {
  const adapter = new XMLAdapter();

  it("has enough golden cases", () => {
    expect(golden.length).toBeGreaterThanOrEqual(25);
  });

  it.each(golden.filter((testCase) => testCase.messages).map((testCase) => [testCase.id, testCase] as const))(
    "formats %s",
    (_id, testCase) => {
      const messages = adapter.format(signatureOf(testCase), testCase.demos ?? [], testCase.inputs ?? {});
      expect(messages).toEqual(testCase.messages);
    },
  );

  it.each(golden.filter((testCase) => testCase.parsed).map((testCase) => [testCase.id, testCase] as const))(
    "parses %s",
    (_id, testCase) => {
      expect(adapter.parse(signatureOf(testCase), testCase.completion as string)).toEqual(testCase.parsed);
    },
  );

  it.each(golden.filter((testCase) => testCase.error).map((testCase) => [testCase.id, testCase] as const))(
    "rejects %s",
    (_id, testCase) => {
      let caught: unknown;
      try {
        adapter.parse(signatureOf(testCase), testCase.completion as string);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AdapterParseError);
      expect((caught as AdapterParseError).pythonType).toBe(testCase.error?.type);
      expect((caught as AdapterParseError).message).toBe(testCase.error?.message);
    },
  );
});

describe("XMLAdapter pieces", () => {
  const adapter = new XMLAdapter();

  it("round-trips its own assistant turns", () => {
    const signature = new Signature("q -> answer, nums: list[int], d: dict[str, str], p: Optional[Point]", undefined, {
      customTypes,
    });
    const outputs = { answer: "a < b & c", nums: [1, 2], d: { "x y": "1 < 2", ok: "&" }, p: { x: 1, y: 2 } };
    expect(adapter.parse(signature, adapter.formatAssistantMessageContent(signature, outputs))).toEqual(outputs);
  });

  it("prints types and FieldInfo the way pydantic does", () => {
    expect(displayAsType(parseTypeExpression("Optional[tuple[int, ...]]"))).toBe("Union[tuple[int, ...], NoneType]");
    expect(displayAsType(parseTypeExpression(`Literal["it's", 1, True, None]`))).toBe(`Literal["it's", 1, True, None]`);
    const [field] = Signature.fromFields({
      q: InputField(),
      f: OutputField({ type: int, default: { a: 1 } }),
    }).outputFields;
    expect(fieldInfoRepr(field as Field)).toBe(
      "annotation=int required=False default={'a': 1} json_schema_extra={'__dspy_field_type': 'output', 'prefix': 'F:', 'desc': '${f}'}",
    );
  });
});
