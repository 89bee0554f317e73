import type { LiteralValue, TypeNode } from "./type-node.js";

/**
 * The type name DSPy prints for a field in prompts (`get_annotation_name`): `str`,
 * `list[int]`, `dict[str, float]`, `Literal['a', 'b']`, `Union[int, NoneType]`, a model's name.
 *
 * @example
 * typeName(parseTypeExpression("Optional[int]")); // "Union[int, NoneType]"
 */
export function typeName(type: TypeNode): string {
  switch (type.kind) {
    case "str":
    case "int":
    case "float":
    case "bool":
    case "list":
    case "dict":
    case "tuple":
      return "args" in type && type.args.length > 0 ? `${type.kind}[${type.args.map(typeName).join(", ")}]` : type.kind;
    case "none":
      return "NoneType";
    case "any":
      return "Any";
    case "ellipsis":
      return "Ellipsis";
    case "literal":
      return `Literal[${type.values.map(literalName).join(", ")}]`;
    case "union":
      return `Union[${type.members.map(typeName).join(", ")}]`;
    case "model":
    case "enum":
      return type.name;
    case "special":
      return type.name === "Reasoning" ? "str" : type.name;
  }
}

function literalName(value: LiteralValue): string {
  if (typeof value === "string") return quoteLiteral(value);
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

/** DSPy's `_quoted_string_for_literal_type_annotation` (not Python's repr: no escaping but `'`). */
function quoteLiteral(text: string): string {
  const single = text.includes("'");
  const double = text.includes('"');
  if (single && !double) return `"${text}"`;
  if (single && double) return `'${text.replaceAll("'", "\\'")}'`;
  return `'${text}'`;
}
