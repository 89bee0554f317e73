import type { Field } from "../signatures/field.js";
import { inferPrefix } from "../signatures/infer-prefix.js";
import type { TypeNode } from "../signatures/type-node.js";
import { pyRepr } from "../utils/python-repr.js";

// DSPy's constraint texts and the annotated-types objects pydantic keeps in `metadata` for them.
const CONSTRAINTS: [text: string, metadata: string, argument: string][] = [
  ["greater than or equal to: ", "Ge", "ge"],
  ["greater than: ", "Gt", "gt"],
  ["less than or equal to: ", "Le", "le"],
  ["less than: ", "Lt", "lt"],
  ["minimum length: ", "MinLen", "min_length"],
  ["maximum length: ", "MaxLen", "max_length"],
  ["a multiple of the given number: ", "MultipleOf", "multiple_of"],
  ["allow 'inf', '-inf', 'nan' values: ", "AllowInfNan", "allow_inf_nan"],
];

/**
 * `str()` of the pydantic `FieldInfo` behind a DSPy field, which XMLAdapter's parse errors
 * print: `annotation=int required=True json_schema_extra={'__dspy_field_type': 'output', ...}`.
 *
 * `json_schema_extra` keys come in DSPy's insertion order: arguments the caller passed (`desc`,
 * then `prefix`), the field type, constraints, then the `prefix`/`desc` DSPy filled in. A
 * `desc`/`prefix` equal to DSPy's default is taken as filled in.
 *
 * @example
 * fieldInfoRepr(new Signature("q -> a: int").outputFields[0]);
 * // "annotation=int required=True json_schema_extra={'__dspy_field_type': 'output', 'prefix': 'A:', 'desc': '${a}'}"
 */
export function fieldInfoRepr(field: Field): string {
  const defaultDesc = field.desc === `\${${field.name}}`;
  const defaultPrefix = field.prefix === `${inferPrefix(field.name)}:`;
  const extra: Record<string, unknown> = {};
  if (field.typeUndefined) extra.IS_TYPE_UNDEFINED = true;
  if (!defaultDesc) extra.desc = field.desc;
  if (!defaultPrefix) extra.prefix = field.prefix;
  extra.__dspy_field_type = field.role;
  if (field.constraints) extra.constraints = field.constraints;
  if (defaultPrefix) extra.prefix = field.prefix;
  if (defaultDesc) extra.desc = field.desc;
  const parts = [
    `annotation=${displayAsType(field.type)}`,
    `required=${field.default === undefined ? "True" : "False"}`,
  ];
  if (field.default !== undefined) parts.push(`default=${pyRepr(field.default.value)}`);
  parts.push(`json_schema_extra=${pyRepr(extra)}`);
  const metadata = field.constraints ? constraintMetadata(field.constraints) : [];
  if (metadata.length > 0) parts.push(`metadata=[${metadata.join(", ")}]`);
  return parts.join(" ");
}

/** Reads DSPy's `"greater than: 0, less than: 5"` back into `[Gt(gt=0), Lt(lt=5)]`. */
function constraintMetadata(text: string): string[] {
  const metadata: string[] = [];
  let rest = text;
  while (rest) {
    const match = CONSTRAINTS.find(([prefix]) => rest.startsWith(prefix));
    if (!match) break;
    const [prefix, name, argument] = match;
    const next = CONSTRAINTS.map(([other]) => rest.indexOf(`, ${other}`, prefix.length)).filter((index) => index >= 0);
    const end = next.length > 0 ? Math.min(...next) : rest.length;
    metadata.push(`${name}(${argument}=${rest.slice(prefix.length, end)})`);
    rest = rest.slice(end + 2);
  }
  return metadata;
}

/**
 * pydantic's `_repr.display_as_type`: `list[int]`, `Union[int, NoneType]`, `Literal['a', 1]`,
 * `tuple[int, ...]`, `Any`, a class's name.
 *
 * @example
 * displayAsType(parseTypeExpression("Optional[dict[str, int]]")); // "Union[dict[str, int], NoneType]"
 */
export function displayAsType(type: TypeNode): string {
  switch (type.kind) {
    case "list":
    case "dict":
    case "tuple":
      return type.args.length > 0 ? `${type.kind}[${type.args.map(displayAsType).join(", ")}]` : type.kind;
    case "none":
      return "NoneType";
    case "any":
      return "Any";
    case "ellipsis":
      return "...";
    case "literal":
      return `Literal[${type.values.map(pyRepr).join(", ")}]`;
    case "union":
      return `Union[${type.members.map(displayAsType).join(", ")}]`;
    case "model":
    case "enum":
    case "special":
      return type.name;
    default:
      return type.kind;
  }
}
