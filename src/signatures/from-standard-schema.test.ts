import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toJsonSchema, typeFromSchema } from "./from-standard-schema.js";
import { schemaNote } from "./json-schema.js";
import { parseTypeExpression } from "./parse-type-expression.js";
import { typeName } from "./type-name.js";

// Expected notes are DSPy 3.4.1's json.dumps(_get_json_schema(T)) for the equivalent pydantic model.
const SUMMARY_NOTE =
  '{"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}';
const ORDER_NOTE =
  '{"type": "object", "$defs": {"Customer": {"type": "object", "properties": {"email": {"type": "string", "title": "Email"}}, "required": ["email"], "title": "Customer"}, "Item": {"type": "object", "properties": {"name": {"type": "string", "title": "Name"}, "qty": {"type": "integer", "title": "Qty"}}, "required": ["name", "qty"], "title": "Item"}}, "description": "An order.", "properties": {"count": {"type": "integer", "default": null, "title": "Count"}, "customer": {"$ref": "#/$defs/Customer"}, "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}, "title": "Items"}, "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Note"}, "order_id": {"type": "integer", "description": "The id", "title": "Order Id"}, "pair": {"type": "array", "maxItems": 2, "minItems": 2, "prefixItems": [{"type": "string"}, {"type": "boolean"}], "title": "Pair"}, "status": {"type": "string", "default": "open", "enum": ["open", "closed"], "title": "Status"}, "tags": {"type": "object", "additionalProperties": {"type": "number"}, "title": "Tags"}}, "required": ["order_id", "items", "note", "tags", "pair", "customer"], "title": "Order"}';
const LIST_SUMMARY_NOTE =
  '{"type": "array", "$defs": {"Summary": {"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}}, "items": {"$ref": "#/$defs/Summary"}}';

const Summary = z.object({ headline: z.string(), score: z.number() }).meta({ title: "Summary" });

describe("typeFromSchema with zod", () => {
  it("gives a zod object the prompt note of the pydantic model", () => {
    expect(schemaNote(typeFromSchema(Summary))).toBe(SUMMARY_NOTE);
    expect(schemaNote(typeFromSchema(z.array(Summary)))).toBe(LIST_SUMMARY_NOTE);
  });

  it("names an untitled object after the caller's name", () => {
    const untitled = z.object({ headline: z.string(), score: z.number() });
    expect(schemaNote(typeFromSchema(untitled, "Summary"))).toBe(SUMMARY_NOTE);
    expect(typeName(typeFromSchema(untitled))).toBe("Model");
  });

  it("maps nested models, defaults, descriptions, nullables, records and tuples", () => {
    const Item = z.object({ name: z.string(), qty: z.number().int() }).meta({ title: "Item" });
    const Order = z
      .object({
        order_id: z.number().int().describe("The id"),
        items: z.array(Item),
        status: z.enum(["open", "closed"]).default("open"),
        note: z.string().nullable(),
        tags: z.record(z.string(), z.number()),
        pair: z.tuple([z.string(), z.boolean()]),
        customer: z.object({ email: z.string() }),
        count: z.number().int().optional(),
      })
      .meta({ title: "Order", description: "An order." });
    expect(schemaNote(typeFromSchema(Order))).toBe(ORDER_NOTE);
  });

  it.each([
    [z.string(), "str"],
    [z.number().int(), "int"],
    [z.number(), "float"],
    [z.boolean(), "bool"],
    [z.null(), "NoneType"],
    [z.any(), "Any"],
    [z.array(z.string()), "list[str]"],
    [z.array(z.array(z.number().int())), "list[list[int]]"],
    [z.record(z.string(), z.number().int()), "dict[str, int]"],
    [z.tuple([z.string(), z.number()]), "tuple[str, float]"],
    [z.enum(["a", "b"]), "Literal['a', 'b']"],
    [z.literal("x"), "Literal['x']"],
    [z.union([z.string(), z.number().int()]), "Union[str, int]"],
    [z.string().nullable(), "Union[str, NoneType]"],
    [z.array(z.number().int()).nullable(), "Union[list[int], NoneType]"],
    [z.union([z.literal("a"), z.number().int(), z.null()]), "Union[Literal['a'], int, NoneType]"],
  ])("%#: %s", (schema, expected) => {
    expect(typeName(typeFromSchema(schema))).toBe(expected);
  });

  it("resolves $defs references and names them by their key", () => {
    const Inner = z.object({ x: z.boolean() }).meta({ id: "Inner" });
    const type = typeFromSchema(z.object({ a: Inner, b: z.array(Inner) }).meta({ title: "Outer" }));
    expect(type).toMatchObject({
      kind: "model",
      fields: [{ type: { kind: "model", name: "Inner" } }, { type: { kind: "list" } }],
    });
  });

  it("rejects recursive schemas, which a TypeNode cannot express", () => {
    const Tree: z.ZodType = z.object({
      name: z.string(),
      get children() {
        return z.array(Tree);
      },
    });
    expect(() => typeFromSchema(Tree)).toThrow("Recursive schema");
  });
});

describe("typeFromSchema with JSON Schema", () => {
  it.each([
    [{ type: ["integer", "null"] }, "Optional[int]"],
    [{ type: "string", nullable: true }, "Optional[str]"],
    [{ type: "array", items: [{ type: "string" }, { type: "integer" }] }, "tuple[str, int]"],
    [{ type: "array" }, "list"],
    [{ type: "object" }, "dict"],
    [{ type: "object", additionalProperties: { type: "number" } }, "dict[str, float]"],
    [{ oneOf: [{ type: "boolean" }, { type: "string" }] }, "Union[bool, str]"],
    [{ enum: [1, 2] }, "Literal[1, 2]"],
    [{}, "Any"],
  ])("%j", (schema, expression) => {
    expect(typeFromSchema(schema)).toEqual(parseTypeExpression(expression));
  });

  it("passes plain JSON Schema through toJsonSchema", () => {
    const schema = { type: "string" };
    expect(toJsonSchema(schema)).toBe(schema);
  });

  it("asks for a JSON Schema when a Standard Schema cannot produce one", () => {
    const opaque = { "~standard": { version: 1 as const, vendor: "acme", validate: (value: unknown) => ({ value }) } };
    expect(() => typeFromSchema(opaque)).toThrow("acme schema without");
  });
});
