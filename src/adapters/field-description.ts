import type { Field } from "../signatures/field.js";
import { typeName } from "../signatures/type-name.js";
import type { TypeNode } from "../signatures/type-node.js";
import { pyStrip } from "../utils/py-string.js";

/**
 * DSPy's `get_field_description_string`: the numbered field list of the system message,
 * ``1. `question` (str): a question``, with custom-type descriptions and constraints.
 *
 * @example
 * fieldDescriptionList(sig.inputFields); // "1. `question` (str): \n2. `context` (list[str]):"
 */
export function fieldDescriptionList(fields: readonly Field[]): string {
  const items = fields.map((field, index) => {
    let desc = field.desc === `\${${field.name}}` ? "" : field.desc;
    for (const custom of customTypesIn(field.type)) {
      const description = CUSTOM_TYPE_DESCRIPTIONS[custom];
      if (description) desc += `\n    Type description of ${custom}: ${description}`;
    }
    const constraints = field.constraints ? `\nConstraints: ${field.constraints}` : "";
    return `${index + 1}. \`${field.name}\` (${typeName(field.type)}): ${desc}${constraints}`;
  });
  return pyStrip(items.join("\n"));
}

const CUSTOM_TYPE_DESCRIPTIONS: Record<string, string> = {
  ToolCalls:
    "Tool calls must be a JSON object with `tool_calls`, a list of calls. Each call must include `name` and `args`. " +
    'Example: {"tool_calls": [{"name": "search", "args": {"query": "cats"}}]}',
};

// DSPy looks for its Type subclasses anywhere inside the annotation (`list[dict[str, Tool]]`).
function customTypesIn(type: TypeNode): string[] {
  switch (type.kind) {
    case "special":
      return type.name === "History" ? [] : [type.name];
    case "list":
    case "dict":
    case "tuple":
      return type.args.flatMap(customTypesIn);
    case "union":
      return type.members.flatMap(customTypesIn);
    default:
      return [];
  }
}
