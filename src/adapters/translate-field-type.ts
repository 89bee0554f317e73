import type { Field } from "../signatures/field.js";
import { schemaNote } from "../signatures/json-schema.js";
import type { LiteralValue } from "../signatures/type-node.js";
import { pyStr } from "../utils/python-repr.js";

/**
 * DSPy's `translate_field_type`: the `{name}` placeholder shown in the prompt's structure
 * section, followed — for typed outputs — by 8 spaces and a `# note:` on the expected value.
 *
 * @example
 * translateFieldType(outputField("score", float)); // "{score}        # note: the value you produce must be a single float value"
 */
export function translateFieldType(field: Field): string {
  const note = valueNote(field);
  return note ? `{${field.name}}${" ".repeat(8)}# note: the value you produce ${note}` : `{${field.name}}`;
}

function valueNote(field: Field): string {
  const type = field.type;
  if (field.role === "input" || type.kind === "str") return "";
  switch (type.kind) {
    case "special":
      if (type.name === "Reasoning") return "";
      break;
    case "bool":
      return "must be True or False";
    case "int":
    case "float":
      return `must be a single ${type.kind} value`;
    case "enum":
      return `must be one of: ${type.members.map((member) => pyStr(member.value)).join("; ")}`;
    case "literal":
      return `must exactly match (no extra characters) one of: ${type.values.map(literalText).join("; ")}`;
  }
  return `must adhere to the JSON schema: ${schemaNote(type)}`;
}

function literalText(value: LiteralValue): string {
  return pyStr(value);
}
