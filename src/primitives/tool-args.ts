import type { StandardSchemaV1 } from "@standard-schema/spec";
import { ToolError } from "../errors/tool-error.js";
import { type SchemaSource, toJsonSchema, typeFromSchema } from "../signatures/from-standard-schema.js";
import { type JsonObject, type JsonValue, jsonSchema } from "../signatures/json-schema.js";
import type { TypeNode } from "../signatures/type-node.js";
import { isPlainObject } from "../utils/plain-object.js";

/**
 * How a tool's arguments can be declared:
 * - a Standard Schema object schema (`z.object({ a: z.number().int() })`) — shown to the LM as
 *   pydantic shows the equivalent Python type hints, so prompts match a Python function tool;
 * - a JSON Schema object (`{ type: "object", properties, required }`) — properties shown as
 *   written, like DSPy's MCP tools;
 * - a record of one schema per argument (`{ a: { type: "integer" } }`) — DSPy's explicit
 *   `args=`; JSON Schema values are shown as written, Standard Schema values as pydantic would.
 */
export type ToolArgsSource = StandardSchemaV1 | JsonObject | Record<string, SchemaSource>;

/** A tool's arguments, resolved: what the LM sees and what calls are checked against. */
export interface ToolArgs {
  /** Argument name → the JSON schema shown to the LM (DSPy's `Tool.args`). */
  schemas: Record<string, JsonObject>;
  /** Argument name → the type values are validated and coerced to (DSPy's `arg_types`). */
  types: Record<string, TypeNode>;
  /** Arguments a call must supply. */
  required: string[];
  /** Whether arguments beyond the declared ones are passed through (DSPy's `has_kwargs`). */
  hasKwargs: boolean;
  /**
   * Whether missing arguments get their schema's `default` before the call (default true). A
   * Python function applies its own defaults; a `**kwargs` function such as DSPy's MCP wrapper
   * receives only what the LM sent.
   */
  fillDefaults?: boolean;
}

/**
 * Resolves a tool's argument declaration (see {@link ToolArgsSource}); no declaration means the
 * tool takes no arguments.
 *
 * @example
 * resolveToolArgs(z.object({ a: z.number().int(), b: z.number().int().default(2) })).schemas;
 * // { a: { type: "integer" }, b: { type: "integer", default: 2 } }
 */
export function resolveToolArgs(source: ToolArgsSource | undefined): ToolArgs {
  if (source === undefined) return { schemas: {}, types: {}, required: [], hasKwargs: false };
  if (isStandardSchema(source)) return fromStandardObject(source);
  if (typeof source.type === "string") return fromJsonObject(source as JsonObject);
  return fromRecord(source as Record<string, SchemaSource>);
}

/**
 * DSPy's `_resolve_json_schema_reference`: inlines every `$ref` to `$defs` and drops `$defs`.
 * A schema without `$defs` (or `definitions`) is returned as is.
 *
 * @example
 * resolveJsonSchemaReferences({ $defs: { P: { type: "object" } }, items: { $ref: "#/$defs/P" } });
 * // { items: { type: "object" } }
 */
export function resolveJsonSchemaReferences(schema: JsonObject): JsonObject {
  if (!("$defs" in schema) && !("definitions" in schema)) return schema;
  const defs = (isPlainObject(schema.$defs) ? schema.$defs : {}) as JsonObject;
  const resolve = (value: JsonValue, depth: number): JsonValue => {
    // A self-referencing model would recurse forever; Python stops with RecursionError.
    if (depth > 100)
      throw new ToolError("Recursive schemas cannot describe tool arguments.", { code: "tool_definition" });
    if (Array.isArray(value)) return value.map((item) => resolve(item, depth + 1));
    if (value === null || typeof value !== "object") return value;
    if (typeof value.$ref === "string") {
      const target = defs[value.$ref.split("/").at(-1) as string];
      if (target === undefined)
        throw new ToolError(`Unresolvable $ref in tool arguments: ${value.$ref}`, { code: "tool_definition" });
      return resolve(target, depth + 1);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, depth + 1)]));
  };
  const resolved = resolve(schema, 0) as JsonObject;
  delete resolved.$defs;
  return resolved;
}

function fromStandardObject(source: StandardSchemaV1): ToolArgs {
  const root = toJsonSchema(source);
  const node = typeFromSchema(root);
  if (node.kind === "dict") return { schemas: {}, types: {}, required: [], hasKwargs: acceptsExtra(root) };
  if (node.kind !== "model") {
    throw new ToolError(`Tool arguments must be an object schema, got ${JSON.stringify(root.type ?? null)}.`, {
      code: "tool_definition",
    });
  }
  const args: ToolArgs = { schemas: {}, types: {}, required: [], hasKwargs: acceptsExtra(root) };
  for (const field of node.fields) {
    // What pydantic's TypeAdapter(hint).json_schema() gives, then DSPy's default and description.
    const schema = resolveJsonSchemaReferences(jsonSchema(field.type));
    if (!field.required && "default" in field) schema.default = field.default as JsonValue;
    if (field.description !== undefined) schema.description = field.description;
    args.schemas[field.name] = schema;
    args.types[field.name] = field.type;
    if (field.required) args.required.push(field.name);
  }
  return args;
}

function fromJsonObject(root: JsonObject): ToolArgs {
  const properties = isPlainObject(root.properties) ? (root.properties as JsonObject) : {};
  const defs = isPlainObject(root.$defs) ? (root.$defs as JsonObject) : undefined;
  const required = new Set(Array.isArray(root.required) ? root.required : []);
  const args: ToolArgs = { schemas: {}, types: {}, required: [], hasKwargs: acceptsExtra(root) };
  for (const [name, property] of Object.entries(properties)) {
    if (!isPlainObject(property))
      throw new ToolError(`The schema of argument ${name} must be an object.`, { code: "tool_definition" });
    // As DSPy's convert_input_schema_to_tool_args: each property with the shared $defs inlined.
    const withDefs: JsonObject = defs ? { $defs: defs, ...(property as JsonObject) } : (property as JsonObject);
    args.schemas[name] = structuredClone(resolveJsonSchemaReferences(withDefs));
    args.types[name] = typeFromSchema(withDefs, pascalName(name));
    if (required.has(name)) args.required.push(name);
  }
  return args;
}

function fromRecord(source: Record<string, SchemaSource>): ToolArgs {
  const args: ToolArgs = { schemas: {}, types: {}, required: [], hasKwargs: false };
  for (const [name, value] of Object.entries(source)) {
    if (value === null || typeof value !== "object") {
      throw new ToolError(`The schema of argument ${name} must be an object.`, { code: "tool_definition" });
    }
    const json = toJsonSchema(value);
    const type = typeFromSchema(json, pascalName(name));
    let schema: JsonObject;
    if (isStandardSchema(value)) {
      schema = resolveJsonSchemaReferences(jsonSchema(type));
      if ("default" in json) schema.default = json.default as JsonValue;
      if (typeof json.description === "string") schema.description = json.description;
    } else {
      schema = structuredClone(value as JsonObject);
    }
    args.schemas[name] = schema;
    args.types[name] = type;
    // DSPy's rule (format_as_litellm_function_call): an argument without a default is required.
    if (!("default" in schema)) args.required.push(name);
  }
  return args;
}

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return value !== null && typeof value === "object" && "~standard" in value;
}

// JSON Schema allows extra properties unless told otherwise, but a Python function without
// **kwargs rejects them; only an explicit `additionalProperties` opens the tool up.
function acceptsExtra(root: JsonObject): boolean {
  return root.additionalProperties === true || isPlainObject(root.additionalProperties);
}

function pascalName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
