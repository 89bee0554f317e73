import { cleandoc } from "../utils/cleandoc.js";
import { pyJsonDumps } from "../utils/python-repr.js";
import { fieldTitle } from "./field-title.js";
import { type ModelLike, specialTypeModel } from "./special-type-models.js";
import type { LiteralValue, ModelField, TypeNode } from "./type-node.js";
import { typeEquals } from "./type-node.js";

/** A JSON value as `json.loads` would produce it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object (a Python `dict` with string keys). */
export interface JsonObject {
  [key: string]: JsonValue;
}

type ModelNode = Extract<TypeNode, { kind: "model" }>;
type EnumNode = Extract<TypeNode, { kind: "enum" }>;
/** Types pydantic puts in `$defs` and refers to with `$ref` (they carry a `ref` in core schema). */
type Definable = ModelNode | EnumNode | Extract<TypeNode, { kind: "special" }>;

/**
 * pydantic's `TypeAdapter(T).json_schema()` for a field type, key order included.
 *
 * Models, enums and DSPy types below the top level go to `$defs` and are referenced with
 * `$ref`; the top-level one is inlined, as pydantic unpacks a lone top-level reference.
 *
 * @example
 * jsonSchema(parseTypeExpression("Optional[list[int]]"));
 * // { anyOf: [{ items: { type: "integer" }, type: "array" }, { type: "null" }] }
 */
export function jsonSchema(type: TypeNode): JsonObject {
  const generator = new Generator(type);
  const top = generator.top(type);
  const schema: JsonObject = generator.defs.size > 0 ? { $defs: Object.fromEntries(generator.defs), ...top } : top;
  return pydanticSort(schema, undefined) as JsonObject;
}

/**
 * DSPy's `move_type_to_front`: every mapping's keys sorted with `"type"` first, then by code
 * point (Python's string order); lists keep their order.
 *
 * @example
 * sortSchemaKeys({ title: "X", type: "object", $defs: {} }); // { type, $defs, title }
 */
export function sortSchemaKeys<T extends JsonValue>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(sortSchemaKeys) as T;
  if (schema === null || typeof schema !== "object") return schema;
  const keys = Object.keys(schema).sort((a, b) => (a === "type" ? -1 : b === "type" ? 1 : compareCodePoints(a, b)));
  return Object.fromEntries(keys.map((key) => [key, sortSchemaKeys((schema as JsonObject)[key] as JsonValue)])) as T;
}

/**
 * The JSON text DSPy prints after "must adhere to the JSON schema: " for an output field:
 * `json.dumps(_get_json_schema(T), ensure_ascii=False)`.
 *
 * @example
 * schemaNote(parseTypeExpression("list[str]")); // '{"type": "array", "items": {"type": "string"}}'
 */
export function schemaNote(type: TypeNode): string {
  return pyJsonDumps(sortSchemaKeys(jsonSchema(type)));
}

class Generator {
  readonly defs = new Map<string, JsonObject>();
  /** Distinct definitions per name, to rename colliding ones as pydantic does. */
  private readonly byName = new Map<string, Definable[]>();

  constructor(root: TypeNode) {
    this.collect(root);
  }

  top(type: TypeNode): JsonObject {
    return isDefinable(type) ? this.definition(type) : this.generate(type);
  }

  private collect(type: TypeNode): void {
    if (isDefinable(type)) {
      const known = this.byName.get(defName(type)) ?? [];
      if (!known.some((other) => typeEquals(other, type))) this.byName.set(defName(type), [...known, type]);
    }
    for (const child of children(type)) this.collect(child);
  }

  private refName(type: Definable): string {
    const known = this.byName.get(defName(type)) ?? [type];
    if (known.length === 1) return defName(type);
    // pydantic falls back to `module__qualname__n`; TypeScript types behave as if from `__main__`.
    return `__main____${defName(type)}__${known.findIndex((other) => typeEquals(other, type)) + 1}`;
  }

  private generate(type: TypeNode): JsonObject {
    switch (type.kind) {
      case "str":
        return { type: "string" };
      case "int":
        return { type: "integer" };
      case "float":
        return { type: "number" };
      case "bool":
        return { type: "boolean" };
      case "none":
        return { type: "null" };
      case "any":
      case "ellipsis":
        return {};
      case "list":
        return { items: this.generate(type.args[0] ?? { kind: "any" }), type: "array" };
      case "dict":
        return this.dict(type.args[0] ?? { kind: "any" }, type.args[1] ?? { kind: "any" });
      case "tuple":
        return this.tuple(type.args);
      case "literal":
        return literalSchema(type.values);
      case "union":
        return this.union(type.members);
      case "model":
      case "enum":
      case "special":
        return this.reference(type);
    }
  }

  private reference(type: Definable): JsonObject {
    const name = this.refName(type);
    if (!this.defs.has(name)) {
      this.defs.set(name, {}); // reserve first: the definition may refer to other definitions
      this.defs.set(name, this.definition(type));
    }
    return { $ref: `#/$defs/${name}` };
  }

  private definition(type: Definable): JsonObject {
    if (type.kind === "enum") return enumSchema(type);
    return this.model(type.kind === "special" ? specialTypeModel(type.name) : type);
  }

  private model(model: ModelLike): JsonObject {
    const properties: JsonObject = {};
    for (const field of model.fields) properties[field.name] = this.property(field);
    const schema: JsonObject = { properties };
    const required = model.fields.filter((field) => field.required).map((field) => field.name);
    if (required.length > 0) schema.required = required;
    schema.title = model.name;
    const description = model.description ? cleandoc(model.description) : "";
    if (description) schema.description = description;
    schema.type = "object";
    if (model.forbidExtra) schema.additionalProperties = false;
    return schema;
  }

  private property(field: ModelField): JsonObject {
    const schema = { ...this.generate(field.type) };
    if (fieldTitleShouldBeSet(field.type)) schema.title = fieldTitle(field.name);
    // A field that is not required has a default; an absent one reads as Python's `= None`.
    if (!field.required) schema.default = (field.default ?? null) as JsonValue;
    if (field.description !== undefined) schema.description = field.description;
    return schema;
  }

  private dict(key: TypeNode, value: TypeNode): JsonObject {
    const schema: JsonObject = { type: "object" };
    const keys = { ...this.generate(key) };
    delete keys.title;
    const values = { ...this.generate(value) };
    delete values.title;
    schema.additionalProperties = Object.keys(values).length > 0 ? values : true;
    if ((keys.type === "string" && Object.keys(keys).length > 1) || "$ref" in keys) {
      delete keys.type;
      schema.propertyNames = keys;
    }
    return schema;
  }

  private tuple(args: TypeNode[]): JsonObject {
    if (args.length === 0) return { items: {}, type: "array" };
    if (args.length === 2 && args[1]?.kind === "ellipsis") {
      return { items: this.generate(args[0] as TypeNode), type: "array" };
    }
    const prefixItems = args.map((arg) => this.generate(arg));
    return { maxItems: prefixItems.length, minItems: prefixItems.length, prefixItems, type: "array" };
  }

  private union(members: TypeNode[]): JsonObject {
    // pydantic pulls `None` out of a union and wraps the rest as nullable, so `null` goes last.
    const rest = members.filter((member) => member.kind !== "none");
    const inner =
      rest.length === 1 ? this.generate(rest[0] as TypeNode) : flattenedAnyOf(rest.map((m) => this.generate(m)));
    if (rest.length === members.length) return inner;
    return isNullSchema(inner) ? inner : flattenedAnyOf([inner, { type: "null" }]);
  }
}

function isDefinable(type: TypeNode): type is Definable {
  return type.kind === "model" || type.kind === "enum" || type.kind === "special";
}

function defName(type: Definable): string {
  return type.kind === "special" ? specialTypeModel(type.name).name : type.name;
}

function children(type: TypeNode): TypeNode[] {
  switch (type.kind) {
    case "list":
    case "dict":
    case "tuple":
      return type.args;
    case "union":
      return type.members;
    case "model":
      return type.fields.map((field) => field.type);
    case "special":
      return specialTypeModel(type.name).fields.map((field) => field.type);
    default:
      return [];
  }
}

function isNullSchema(schema: JsonObject): boolean {
  return Object.keys(schema).length === 1 && schema.type === "null";
}

/** pydantic's `get_flattened_anyof`: nested bare `anyOf`s inlined, equal members merged. */
function flattenedAnyOf(schemas: JsonObject[]): JsonObject {
  const members = new Map<string, JsonObject>();
  for (const schema of schemas) {
    const inner =
      Object.keys(schema).length === 1 && Array.isArray(schema.anyOf) ? (schema.anyOf as JsonObject[]) : [schema];
    // A re-set Map key keeps its first position and takes the last value, like a Python dict.
    for (const member of inner) members.set(hashable(member), member);
  }
  const unique = [...members.values()];
  return unique.length === 1 ? (unique[0] as JsonObject) : { anyOf: unique };
}

/** pydantic's `_make_json_hashable`, where `True == 1` and key order does not matter. */
function hashable(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(hashable).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort(compareCodePoints);
    return `{${keys.map((key) => `${JSON.stringify(key)}:${hashable(value[key] as JsonValue)}`).join(",")}}`;
  }
  if (typeof value === "boolean") return value ? "1" : "0";
  return JSON.stringify(value);
}

function literalSchema(values: readonly LiteralValue[]): JsonObject {
  const schema: JsonObject = values.length === 1 ? { const: values[0] as JsonValue } : { enum: [...values] };
  const kinds = new Set(values.map(pythonTypeOf));
  const only = kinds.size === 1 ? [...kinds][0] : undefined;
  const jsonType = only === undefined ? undefined : JSON_TYPE_OF[only];
  if (jsonType) schema.type = jsonType;
  return schema;
}

const JSON_TYPE_OF: Record<string, string> = {
  str: "string",
  int: "integer",
  float: "number",
  bool: "boolean",
  none: "null",
};

function pythonTypeOf(value: LiteralValue): string {
  if (value === null) return "none";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  return Number.isInteger(value) ? "int" : "float";
}

function enumSchema(type: EnumNode): JsonObject {
  const { type: jsonType, ...rest } = literalSchema(type.members.map((member) => member.value));
  // An enum always lists its values, even a single one, and never says `null`.
  const values = "const" in rest ? [rest.const as JsonValue] : (rest.enum as JsonValue[]);
  return { title: type.name, enum: values, ...(jsonType && jsonType !== "null" ? { type: jsonType } : {}) };
}

/** pydantic's `field_title_should_be_set`: types with their own title (refs) get none. */
function fieldTitleShouldBeSet(type: TypeNode): boolean {
  if (isDefinable(type)) return false;
  if (type.kind === "union") {
    const rest = type.members.filter((member) => member.kind !== "none");
    return !(rest.length === 1 && rest.length < type.members.length && isDefinable(rest[0] as TypeNode));
  }
  return true;
}

/** pydantic's `sort`: keys sorted recursively, except directly under `properties` and `default`. */
function pydanticSort(value: JsonValue, parentKey: string | undefined): JsonValue {
  if (Array.isArray(value)) return value.map((item) => pydanticSort(item, parentKey));
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  if (parentKey !== "properties" && parentKey !== "default") keys.sort(compareCodePoints);
  return Object.fromEntries(keys.map((key) => [key, pydanticSort(value[key] as JsonValue, key)]));
}

/** Python's string order: by code point, where JavaScript's default compares UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = (left[index]?.codePointAt(0) ?? 0) - (right[index]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
