import type { JsonObject, JsonValue } from "../signatures/json-schema.js";
import type { TypeNode } from "../signatures/type-node.js";
import { pyStrip } from "../utils/py-string.js";
import { pyStr } from "../utils/python-repr.js";
import { elementToString } from "./xml-to-string.js";
import type { XmlElement } from "./xml-tree.js";

/*
 * The structured-value half of DSPy's XMLAdapter: writing lists, dicts and models as nested
 * XML, describing their shape from the JSON schema, and reading nested XML back guided by that
 * schema. Ports of `_value_to_xml`, `_schema_to_xml`, `_elements_to_value`, `_group_children`
 * and `_uses_nested_xml`.
 */

/**
 * Whether an output of this type is written as nested XML: `list[...]`, `dict[...]` and models
 * (optionally `Optional`), but not DSPy's own types (`dspy.Image`, `list[dspy.Image]`, ...).
 *
 * @example
 * usesNestedXml(parseTypeExpression("Optional[list[int]]")); // true
 * usesNestedXml(parseTypeExpression("list"));                // false (bare list has no origin)
 */
export function usesNestedXml(type: TypeNode): boolean {
  let annotation = type;
  if (type.kind === "union") {
    const members = type.members.filter((member) => member.kind !== "none");
    if (members.length === 1) annotation = members[0] as TypeNode;
  }
  const hasArgs = (annotation.kind === "list" || annotation.kind === "dict") && annotation.args.length > 0;
  const item = annotation.kind === "list" && hasArgs ? (annotation.args[0] as TypeNode) : annotation;
  if (item.kind === "special") return false;
  return hasArgs || annotation.kind === "model";
}

// Python's `str.isidentifier()`, which (unlike the parser) does not NFKC-normalise: "a²" is no
// identifier. Python 3.11 knows Unicode 14, before ZWNJ/ZWJ joined XID_Continue (15.1); it
// still differs on letters added since.
const IDENTIFIER = /^[\p{XID_Start}_](?:(?![\u200c\u200d])\p{XID_Continue})*$/u;

/**
 * A JSON-like value as nested XML: lists as `<item>` children, dict keys as child tags (or
 * `<entry key="...">` when the key is no identifier), scalars as escaped text, `None` and
 * empty lists as `<tag />`.
 *
 * @example
 * valueToXml({ a: [1, 2], "x y": null }, "out"); // '<out><a><item>1</item><item>2</item></a><entry key="x y" /></out>'
 */
export function valueToXml(value: unknown, tag: string, key?: string): string {
  const attrs = key === undefined ? "" : ` key=${quoteAttribute(key)}`;
  if (Array.isArray(value)) {
    const children = value.map((item) => valueToXml(item, "item")).join("");
    return children ? `<${tag}${attrs}>${children}</${tag}>` : `<${tag}${attrs} />`;
  }
  if (value !== null && typeof value === "object") {
    const children = Object.entries(value).map(([name, child]) => {
      const [first = "", ...rest] = Array.from(name);
      const valid = IDENTIFIER.test(first + rest.join("").replaceAll("-", "_").replaceAll(".", "_"));
      return valid ? valueToXml(child, name) : valueToXml(child, "entry", name);
    });
    return `<${tag}${attrs}>${children.join("")}</${tag}>`;
  }
  if (value === null || value === undefined) return `<${tag}${attrs} />`;
  return `<${tag}${attrs}>${pyStr(value).replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</${tag}>`;
}

/** Python's `xml.sax.saxutils.quoteattr`: escaped, then quoted with whichever quote fits. */
function quoteAttribute(text: string): string {
  const data = text
    .replaceAll("&", "&amp;")
    .replaceAll(">", "&gt;")
    .replaceAll("<", "&lt;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\r", "&#13;")
    .replaceAll("\t", "&#9;");
  if (!data.includes('"')) return `"${data}"`;
  return data.includes("'") ? `"${data.replaceAll('"', "&quot;")}"` : `'${data}'`;
}

/**
 * The skeleton of a type's nested XML, from its JSON schema: `<answer><item>...</item></answer>`.
 * Recursive models stop at `...` the second time they appear.
 *
 * @example
 * xmlSchema("answer", jsonSchema(parseTypeExpression("list[int]"))); // "<answer><item>...</item></answer>"
 */
export function xmlSchema(tag: string, schema: JsonObject): string {
  return schemaToXml(tag, schema, definitionsOf(schema), new Set());
}

function schemaToXml(tag: string, schema: JsonObject, definitions: JsonObject, seen: ReadonlySet<string>): string {
  const ref = schema.$ref;
  if (typeof ref === "string" && ref) {
    const name = ref.split("/").at(-1) as string;
    if (seen.has(name)) return `<${tag}>...</${tag}>`;
    return schemaToXml(tag, definitions[name] as JsonObject, definitions, new Set([...seen, name]));
  }
  const choices = schema.anyOf;
  if (Array.isArray(choices) && choices.length > 0) {
    const choice = (choices as JsonObject[]).find((option) => option.type !== "null") ?? (choices[0] as JsonObject);
    return schemaToXml(tag, choice, definitions, seen);
  }
  if (schema.type === "array") {
    return `<${tag}>${schemaToXml("item", (schema.items ?? {}) as JsonObject, definitions, seen)}</${tag}>`;
  }
  const properties = (schema.properties ?? {}) as JsonObject;
  const children = Object.entries(properties)
    .map(([name, child]) => schemaToXml(name, child as JsonObject, definitions, seen))
    .join("");
  return children ? `<${tag}>${children}</${tag}>` : `<${tag}>...</${tag}>`;
}

/**
 * Reads the elements found for one field back into a JSON-like value, guided by the schema:
 * arrays from repeated `<item>` (or repeated same-name) elements, objects from child tags,
 * strings with markup kept as XML text, empty optional elements as `null`, and leaf text
 * stripped. The result is then parsed and validated against the field's type.
 *
 * @example
 * elementsToValue(parseXml("<r><a><item>1</item><item>2</item></a></r>").children, { type: "array", items: {} }, {});
 * // ["1", "2"]
 */
export function elementsToValue(elements: XmlElement[], schema: JsonObject, definitions: JsonObject): unknown {
  const refName = typeof schema.$ref === "string" ? (schema.$ref.split("/").at(-1) as string) : "";
  let current = (Object.hasOwn(definitions, refName) ? definitions[refName] : schema) as JsonObject;
  const first = elements[0] as XmlElement;
  const choices = current.anyOf;
  if (Array.isArray(choices) && choices.length > 0) {
    const options = choices as JsonObject[];
    const nullable = options.some((option) => Object.keys(option).length === 1 && option.type === "null");
    if (nullable && first.children.length === 0 && !pyStrip(first.text ?? "")) return null;
    const nonNull = options.filter((option) => option.type !== "null");
    current = nonNull[0] as JsonObject;
    // Markup inside the element means structure, so prefer a non-string member.
    if (first.children.length > 0) current = nonNull.find((option) => option.type !== "string") ?? current;
  }
  let items = elements;
  if (current.type === "array") {
    if (items.length === 1 && first.children.length === 0) {
      const text = pyStrip(first.text ?? "");
      // Text such as `[1, 2]` is left for parse_value to decode as JSON.
      if (!text || text.startsWith("[")) return text ? text : [];
    }
    const grouped = items.length === 1 ? groupChildren(first).get("item") : undefined;
    if (grouped && grouped.length > 0) items = grouped;
    return items.map((element) => elementsToValue([element], (current.items ?? {}) as JsonObject, definitions));
  }
  if (current.type === "string" && first.children.length > 0) {
    return (first.text ?? "") + first.children.map(elementToString).join("");
  }
  const children = groupChildren(first);
  if (children.size === 0) {
    if (current.type === "object" && !pyStrip(first.text ?? "")) return {};
    const values = items.map((element) => pyStrip(element.text ?? ""));
    return values.length === 1 ? values[0] : values;
  }
  const properties = (current.properties ?? {}) as JsonObject;
  const additional = current.additionalProperties;
  const childSchema = (
    additional !== null && typeof additional === "object" && !Array.isArray(additional) ? additional : {}
  ) as JsonObject;
  const value: Record<string, unknown> = {};
  for (const [name, group] of children) {
    const propertySchema = Object.hasOwn(properties, name) ? (properties[name] as JsonObject) : childSchema;
    Object.defineProperty(value, name, {
      value: elementsToValue(group, propertySchema, definitions),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return value;
}

/**
 * An element's children grouped by name, in first-seen order; `<entry key="k">` counts as `k`.
 *
 * @example
 * groupChildren(parseXml("<r><a/><entry key='x y'/><a/></r>")); // Map { "a" => [2 elements], "x y" => [1] }
 */
export function groupChildren(element: XmlElement): Map<string, XmlElement[]> {
  const groups = new Map<string, XmlElement[]>();
  for (const child of element.children) {
    const name = child.tag === "entry" ? (child.attrib.get("key") ?? child.tag) : child.tag;
    const group = groups.get(name);
    if (group) group.push(child);
    else groups.set(name, [child]);
  }
  return groups;
}

/**
 * The schema's `$defs`, where `$ref`s point (empty when there are none).
 *
 * @example
 * definitionsOf(jsonSchema(parseTypeExpression("list[Point]", { Point }))); // { Point: {...} }
 */
export function definitionsOf(schema: JsonObject): JsonObject {
  const defs: JsonValue | undefined = schema.$defs;
  return defs !== null && typeof defs === "object" && !Array.isArray(defs) ? defs : {};
}
