import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import { SignatureError } from "../errors/signature-error.js";
import type { JsonObject, JsonValue } from "./json-schema.js";
import { type LiteralValue, type ModelField, makeUnion, type TypeNode } from "./type-node.js";

/** A schema a typed field can be declared with: any Standard Schema library's value, or JSON Schema. */
export type SchemaSource = StandardSchemaV1 | StandardJSONSchemaV1 | JsonObject;

/**
 * Converts a schema to the {@link TypeNode} DSPy would see for the equivalent Python annotation.
 *
 * Every library goes through JSON Schema, so nothing here is zod-specific: a Standard Schema
 * value must expose `~standard.jsonSchema` (Standard JSON Schema, which zod v4 implements);
 * a plain JSON Schema object is read directly. The *input* side is used, so fields with defaults
 * are optional, as in a pydantic model.
 *
 * Objects with `properties` become models named by their `title`, else by their `$defs` key,
 * else by `name` (top level) or the PascalCased property name (nested) — the class name a
 * Python user would have written. Numeric constraints and string formats are dropped, as
 * DSPy's prompts only show types.
 *
 * @example
 * typeFromSchema(z.object({ headline: z.string(), score: z.number() }).meta({ title: "Summary" }));
 * // { kind: "model", name: "Summary", fields: [headline: str, score: float] }
 * typeFromSchema({ type: ["integer", "null"] }); // Optional[int]
 */
export function typeFromSchema(schema: SchemaSource, name = "Model"): TypeNode {
  const root = toJsonSchema(schema);
  return new Converter(root).convert(root, name, new Set());
}

/**
 * The JSON Schema of a schema value (its input side), or the value itself if it is JSON Schema.
 *
 * @example
 * toJsonSchema(z.string()); // { $schema: "...", type: "string" }
 */
export function toJsonSchema(schema: SchemaSource): JsonObject {
  const standard = (schema as Partial<StandardJSONSchemaV1>)["~standard"];
  if (standard === undefined) return schema as JsonObject;
  if (typeof standard.jsonSchema?.input !== "function") {
    throw new SignatureError(
      `A ${standard.vendor} schema without \`~standard.jsonSchema\` cannot give a field type; pass a JSON Schema or set \`type\`.`,
      { pythonType: "TypeError" },
    );
  }
  return standard.jsonSchema.input({ target: "draft-2020-12" }) as JsonObject;
}

class Converter {
  constructor(private readonly root: JsonObject) {}

  convert(schema: JsonValue | undefined, name: string, seen: Set<JsonObject>): TypeNode {
    if (schema === true || schema === undefined) return { kind: "any" };
    if (schema === false || schema === null || typeof schema !== "object" || Array.isArray(schema)) {
      throw new SignatureError(`Unsupported JSON schema: ${JSON.stringify(schema)}`, { pythonType: "TypeError" });
    }
    if (typeof schema.$ref === "string") return this.reference(schema.$ref, seen);
    const type = this.convertOwn(schema, name, seen);
    return schema.nullable === true ? makeUnion([type, { kind: "none" }]) : type;
  }

  private convertOwn(schema: JsonObject, name: string, seen: Set<JsonObject>): TypeNode {
    if ("const" in schema) return { kind: "literal", values: [literalValue(schema.const)] };
    if (Array.isArray(schema.enum)) return { kind: "literal", values: schema.enum.map(literalValue) };
    const alternatives =
      schema.anyOf ?? schema.oneOf ?? (isList(schema.allOf) && schema.allOf.length === 1 ? schema.allOf : undefined);
    if (isList(alternatives)) return makeUnion(alternatives.map((member) => this.convert(member, name, seen)));
    if (Array.isArray(schema.type)) {
      return makeUnion(schema.type.map((type) => this.convertOwn({ ...schema, type }, name, seen)));
    }
    switch (schema.type) {
      case "string":
        return { kind: "str" };
      case "integer":
        return { kind: "int" };
      case "number":
        return { kind: "float" };
      case "boolean":
        return { kind: "bool" };
      case "null":
        return { kind: "none" };
      case "array":
        return this.array(schema, name, seen);
      case "object":
        return this.object(schema, name, seen);
      default:
        if (schema.properties !== undefined) return this.object(schema, name, seen);
        return { kind: "any" };
    }
  }

  private array(schema: JsonObject, name: string, seen: Set<JsonObject>): TypeNode {
    // 2020-12 writes fixed tuples as `prefixItems`, draft-07 as an `items` array.
    const prefix = isList(schema.prefixItems) ? schema.prefixItems : isList(schema.items) ? schema.items : undefined;
    if (prefix) return { kind: "tuple", args: prefix.map((item) => this.convert(item, name, seen)) };
    if (schema.items === undefined || schema.items === true) return { kind: "list", args: [] };
    return { kind: "list", args: [this.convert(schema.items, name, seen)] };
  }

  private object(schema: JsonObject, name: string, seen: Set<JsonObject>): TypeNode {
    const properties = schema.properties;
    if (
      properties === undefined ||
      properties === null ||
      typeof properties !== "object" ||
      Array.isArray(properties)
    ) {
      const values = schema.additionalProperties;
      if (values === undefined || values === true || values === false) return { kind: "dict", args: [] };
      return { kind: "dict", args: [this.keyType(schema, name, seen), this.convert(values, name, seen)] };
    }
    const required = new Set(isList(schema.required) ? schema.required : []);
    const fields = Object.entries(properties).map(([fieldName, property]): ModelField => {
      const field: ModelField = {
        name: fieldName,
        type: this.convert(property, pascalCase(fieldName), seen),
        required: required.has(fieldName),
      };
      const details = isObject(property) ? property : {};
      if (!field.required && "default" in details) field.default = details.default;
      if (typeof details.description === "string") field.description = details.description;
      return field;
    });
    const title = typeof schema.title === "string" ? schema.title : name;
    const description = typeof schema.description === "string" ? schema.description : undefined;
    return { kind: "model", name: title, fields, ...(description === undefined ? {} : { description }) };
  }

  private keyType(schema: JsonObject, name: string, seen: Set<JsonObject>): TypeNode {
    const keys = isObject(schema.propertyNames) ? { type: "string", ...schema.propertyNames } : { type: "string" };
    return this.convert(keys, name, seen);
  }

  private reference(ref: string, seen: Set<JsonObject>): TypeNode {
    const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
    const target = match
      ? (this.root[match[1] as string] as JsonObject | undefined)?.[decodePointer(match[2] as string)]
      : undefined;
    if (!isObject(target) || seen.has(target)) {
      throw new SignatureError(
        seen.has(target as JsonObject) || ref === "#"
          ? `Recursive schema (${ref}) cannot be a field type.`
          : `Unresolvable $ref in JSON schema: ${ref}`,
        { pythonType: "TypeError" },
      );
    }
    return this.convert(target, decodePointer(match?.[2] ?? ""), new Set([...seen, target]));
  }
}

function literalValue(value: JsonValue | undefined): LiteralValue {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  throw new SignatureError(`Unsupported literal value in JSON schema: ${JSON.stringify(value)}`, {
    pythonType: "TypeError",
  });
}

function isList(value: unknown): value is JsonValue[] {
  return Array.isArray(value);
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function decodePointer(segment: string): string {
  return decodeURIComponent(segment).replaceAll("~1", "/").replaceAll("~0", "~");
}

/** `user_info` → `UserInfo`, the class name a Python user would give a nested object. */
function pascalCase(text: string): string {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
