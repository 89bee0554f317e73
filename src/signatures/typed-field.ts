import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { FieldDeclaration, FieldOptions } from "./field.js";
import { type SchemaSource, typeFromSchema } from "./from-standard-schema.js";

/** Options for {@link input} and {@link output}; the type comes from the schema. */
export interface TypedFieldOptions extends Omit<FieldOptions, "type" | "schema"> {
  /**
   * The model name for an object schema without a `title` (pydantic shows it as the schema's
   * `title`); defaults to `"Model"`. Nested untitled objects are named after their property.
   */
  typeName?: string;
}

/** A field declaration that also records, for TypeScript only, the value type its schema gives. */
export type TypedFieldDeclaration<Value = unknown> = FieldDeclaration & { readonly __value?: Value };

/** What a schema parses to: a Standard Schema's output type, `unknown` for plain JSON Schema. */
export type SchemaValue<S> = S extends StandardSchemaV1<unknown, infer Output> ? Output : unknown;

/**
 * An input field typed by a schema (zod, or any Standard Schema / JSON Schema value).
 *
 * @example
 * Signature.fromFields({ doc: input(z.string()), summary: output(Summary) });
 */
export function input<S extends SchemaSource>(
  schema: S,
  options: TypedFieldOptions = {},
): TypedFieldDeclaration<SchemaValue<S>> {
  return typed("input", schema, options);
}

/**
 * An output field typed by a schema; its type drives the prompt's JSON-schema note, and a
 * Standard Schema also validates the parsed value.
 *
 * @example
 * const Summary = z.object({ headline: z.string(), score: z.number() }).meta({ title: "Summary" });
 * Signature.fromFields({ text: input(z.string()), summary: output(Summary, { desc: "a short summary" }) });
 */
export function output<S extends SchemaSource>(
  schema: S,
  options: TypedFieldOptions = {},
): TypedFieldDeclaration<SchemaValue<S>> {
  return typed("output", schema, options);
}

function typed(role: "input" | "output", schema: SchemaSource, options: TypedFieldOptions): FieldDeclaration {
  const { typeName, ...rest } = options;
  const standard = (schema as Partial<StandardSchemaV1>)["~standard"];
  const validator = typeof standard?.validate === "function" ? (schema as StandardSchemaV1) : undefined;
  return {
    ...rest,
    role,
    type: typeFromSchema(schema, typeName),
    ...(validator ? { schema: validator } : {}),
  };
}
