import { pyRepr } from "./python-repr.js";

/*
 * The part of python-jsonschema 4.26 (Draft 2020-12) that DSPy's `Tool` relies on when it checks
 * an LM's tool arguments: `jsonschema.validate(instance, schema)` raising `best_match` of the
 * errors, with the library's messages. Keywords outside the list in KEYWORDS are ignored (not
 * asserted), as `format` is by the library itself.
 */

type Json = unknown;
type Schema = Record<string, Json> | boolean;

interface SchemaError {
  message: string;
  /** Where in the instance (jsonschema's `relative_path`). */
  path: (string | number)[];
  keyword: string;
  /** The (sub)schema holding the keyword. */
  schema: Schema;
  instance: Json;
  context: SchemaError[];
}

/**
 * jsonschema's `validate()`: the message of the best-matching error, or `undefined` when the
 * value is valid.
 *
 * @example
 * jsonSchemaError({ type: "integer" }, "5"); // "'5' is not of type 'integer'"
 * jsonSchemaError({ enum: ["c", "f"], type: "string" }, "k"); // "'k' is not one of ['c', 'f']"
 */
export function jsonSchemaError(schema: Schema, instance: Json): string | undefined {
  return bestMatch(iterErrors(schema, instance))?.message;
}

function iterErrors(schema: Schema, instance: Json): SchemaError[] {
  if (schema === true) return [];
  if (schema === false) return [error(`False schema does not allow ${pyRepr(instance)}`, "false", schema, instance)];
  const errors: SchemaError[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    const check = KEYWORDS[keyword];
    if (check) errors.push(...check(value, instance, schema));
  }
  return errors;
}

function descend(schema: Json, instance: Json, path?: string | number): SchemaError[] {
  const errors = iterErrors(schema as Schema, instance);
  if (path !== undefined) for (const each of errors) each.path.unshift(path);
  return errors;
}

function error(
  message: string,
  keyword: string,
  schema: Schema,
  instance: Json,
  context: SchemaError[] = [],
): SchemaError {
  return { message, path: [], keyword, schema, instance, context };
}

type Keyword = (value: Json, instance: Json, schema: Record<string, Json>) => SchemaError[];

const KEYWORDS: Record<string, Keyword> = {
  type: (types, instance, schema) => {
    const list = Array.isArray(types) ? types : [types];
    if (list.some((type) => isType(instance, type))) return [];
    return [error(`${pyRepr(instance)} is not of type ${list.map(pyRepr).join(", ")}`, "type", schema, instance)];
  },
  enum: (enums, instance, schema) =>
    (enums as Json[]).some((each) => equal(each, instance))
      ? []
      : [error(`${pyRepr(instance)} is not one of ${pyRepr(enums)}`, "enum", schema, instance)],
  const: (constant, instance, schema) =>
    equal(constant, instance) ? [] : [error(`${pyRepr(constant)} was expected`, "const", schema, instance)],
  properties: (properties, instance) =>
    isType(instance, "object")
      ? Object.entries(properties as Record<string, Json>)
          .filter(([name]) => Object.hasOwn(instance as object, name))
          .flatMap(([name, sub]) => descend(sub, (instance as Record<string, Json>)[name], name))
      : [],
  required: (required, instance, schema) =>
    isType(instance, "object")
      ? (required as string[])
          .filter((name) => !Object.hasOwn(instance as object, name))
          .map((name) => error(`${pyRepr(name)} is a required property`, "required", schema, instance))
      : [],
  additionalProperties: (extra, instance, schema) => {
    if (!isType(instance, "object")) return [];
    const declared = (schema.properties ?? {}) as Record<string, Json>;
    const patterns = Object.keys((schema.patternProperties ?? {}) as object);
    const extras = Object.keys(instance as object).filter(
      (name) => !Object.hasOwn(declared, name) && !patterns.some((pattern) => new RegExp(pattern, "u").test(name)),
    );
    if (isType(extra, "object"))
      return extras.flatMap((name) => descend(extra, (instance as Record<string, Json>)[name], name));
    if (extra !== false || extras.length === 0) return [];
    const sorted = extras.sort().map(pyRepr).join(", ");
    const verb = extras.length === 1 ? "was" : "were";
    return [
      error(
        `Additional properties are not allowed (${sorted} ${verb} unexpected)`,
        "additionalProperties",
        schema,
        instance,
      ),
    ];
  },
  prefixItems: (prefix, instance) =>
    isType(instance, "array")
      ? (instance as Json[])
          .slice(0, (prefix as Json[]).length)
          .flatMap((item, index) => descend((prefix as Json[])[index], item, index))
      : [],
  items: (items, instance, schema) => {
    if (!isType(instance, "array")) return [];
    const list = instance as Json[];
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.length : 0;
    const extra = list.length - prefix;
    if (extra <= 0) return [];
    if (items === false) {
      const rest = extra === 1 ? list[prefix] : list.slice(prefix);
      const noun = prefix === 1 ? "item" : "items";
      return [
        error(
          `Expected at most ${prefix} ${noun} but found ${extra} extra: ${pyRepr(rest)}`,
          "items",
          schema,
          instance,
        ),
      ];
    }
    return list.slice(prefix).flatMap((item, index) => descend(items, item, prefix + index));
  },
  minimum: number("minimum", (value, limit) => value < limit, "is less than the minimum of"),
  maximum: number("maximum", (value, limit) => value > limit, "is greater than the maximum of"),
  exclusiveMinimum: number(
    "exclusiveMinimum",
    (value, limit) => value <= limit,
    "is less than or equal to the minimum of",
  ),
  exclusiveMaximum: number(
    "exclusiveMaximum",
    (value, limit) => value >= limit,
    "is greater than or equal to the maximum of",
  ),
  minLength: size(
    "string",
    (length, limit) => length < limit,
    (limit) => (limit === 1 ? "should be non-empty" : "is too short"),
  ),
  maxLength: size(
    "string",
    (length, limit) => length > limit,
    (limit) => (limit === 0 ? "is expected to be empty" : "is too long"),
  ),
  minItems: size(
    "array",
    (length, limit) => length < limit,
    (limit) => (limit === 1 ? "should be non-empty" : "is too short"),
  ),
  maxItems: size(
    "array",
    (length, limit) => length > limit,
    (limit) => (limit === 0 ? "is expected to be empty" : "is too long"),
  ),
  pattern: (pattern, instance, schema) =>
    isType(instance, "string") && !new RegExp(pattern as string, "u").test(instance as string)
      ? [error(`${pyRepr(instance)} does not match ${pyRepr(pattern)}`, "pattern", schema, instance)]
      : [],
  allOf: (all, instance) => (all as Json[]).flatMap((sub) => descend(sub, instance)),
  anyOf: (any, instance, schema) => {
    const collected: SchemaError[] = [];
    for (const sub of any as Json[]) {
      const errors = descend(sub, instance);
      if (errors.length === 0) return [];
      collected.push(...errors);
    }
    return [
      error(`${pyRepr(instance)} is not valid under any of the given schemas`, "anyOf", schema, instance, collected),
    ];
  },
};

function number(keyword: string, fails: (value: number, limit: number) => boolean, text: string): Keyword {
  return (limit, instance, schema) =>
    isType(instance, "number") && fails(instance as number, limit as number)
      ? [error(`${pyRepr(instance)} ${text} ${pyRepr(limit)}`, keyword, schema, instance)]
      : [];
}

function size(
  kind: "string" | "array",
  fails: (length: number, limit: number) => boolean,
  text: (limit: number) => string,
): Keyword {
  return (limit, instance, schema) => {
    if (!isType(instance, kind)) return [];
    // Python's len() counts code points, not UTF-16 units.
    const length = kind === "string" ? [...(instance as string)].length : (instance as Json[]).length;
    return fails(length, limit as number)
      ? [error(`${pyRepr(instance)} ${text(limit as number)}`, kind, schema, instance)]
      : [];
  };
}

function isType(instance: Json, type: Json): boolean {
  switch (type) {
    case "array":
      return Array.isArray(instance);
    case "boolean":
      return typeof instance === "boolean";
    case "integer":
      return typeof instance === "number" && Number.isInteger(instance);
    case "number":
      return typeof instance === "number";
    case "null":
      return instance === null;
    case "object":
      return instance !== null && typeof instance === "object" && !Array.isArray(instance);
    case "string":
      return typeof instance === "string";
    default:
      return false;
  }
}

// jsonschema's `equal`: structural, and `True` is not `1` (unlike Python's `==`).
function equal(a: Json, b: Json): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => equal(item, b[index]))
    );
  }
  if (isType(a, "object") || isType(b, "object")) {
    if (!isType(a, "object") || !isType(b, "object")) return false;
    const keys = Object.keys(a as object);
    return (
      keys.length === Object.keys(b as object).length &&
      keys.every(
        (key) =>
          Object.hasOwn(b as object, key) && equal((a as Record<string, Json>)[key], (b as Record<string, Json>)[key]),
      )
    );
  }
  return a === b;
}

// jsonschema's `relevance`: shallower errors first, then later paths, then strong over weak
// keywords, then errors whose instance at least has the schema's type.
function relevance(error: SchemaError): Json[] {
  const weak = error.keyword === "anyOf" || error.keyword === "oneOf";
  return [-error.path.length, error.path, !weak, false, !matchesType(error)];
}

function matchesType(error: SchemaError): boolean {
  if (typeof error.schema !== "object" || !("type" in error.schema)) return false;
  const expected = error.schema.type;
  return (Array.isArray(expected) ? expected : [expected]).some((type) => isType(error.instance, type));
}

function compare(a: Json, b: Json): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let index = 0; index < Math.min(a.length, b.length); index++) {
      const order = compare(a[index], b[index]);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }
  if (typeof a === "boolean") return Number(a) - Number(b);
  if (typeof a === "number") return a - (b as number);
  return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
}

// jsonschema's `best_match`: the most relevant error (the first among equals), then down its
// context to the least relevant sub-error, unless the two least relevant tie.
function bestMatch(errors: SchemaError[]): SchemaError | undefined {
  let best: SchemaError | undefined;
  for (const each of errors) if (!best || compare(relevance(each), relevance(best)) > 0) best = each;
  while (best && best.context.length > 0) {
    const sorted = [...best.context].sort((a, b) => compare(relevance(a), relevance(b)));
    const [first, second] = sorted as [SchemaError, SchemaError | undefined];
    if (second && compare(relevance(first), relevance(second)) === 0) return best;
    best = first;
  }
  return best;
}
