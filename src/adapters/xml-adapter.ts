import { AdapterParseError } from "../errors/adapter-parse-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type { Field } from "../signatures/field.js";
import { type JsonObject, jsonSchema } from "../signatures/json-schema.js";
import type { Signature } from "../signatures/signature.js";
import { validateValue } from "../signatures/validate-value.js";
import { pyStrip } from "../utils/py-string.js";
import { pyStr } from "../utils/python-repr.js";
import type { UserContentOptions } from "./adapter.js";
import { ChatAdapter } from "./chat-adapter.js";
import { checkedOutputs, isPythonValueError } from "./chat-layout.js";
import { fieldInfoRepr } from "./field-info-repr.js";
import { formatFieldValue } from "./format-field-value.js";
import type { Demo } from "./message.js";
import { parseValue } from "./parse-value.js";
import { serializeForJson } from "./serialize-for-json.js";
import { translateFieldType } from "./translate-field-type.js";
import { parseXml, XmlParseError } from "./xml-tree.js";
import { definitionsOf, elementsToValue, groupChildren, usesNestedXml, valueToXml, xmlSchema } from "./xml-values.js";

/**
 * DSPy's `XMLAdapter`: every field wrapped in `<name>...</name>` tags; list, dict and model
 * outputs written and read as nested XML (`<item>`, child tags, `<entry key="...">`). Inputs,
 * the field list and the objective are laid out as in {@link ChatAdapter}, and a parse failure
 * falls back to the JSON adapter the same way. Prompts and errors are byte-identical to Python
 * DSPy 3.4.1's.
 *
 * @example
 * const adapter = new XMLAdapter();
 * adapter.parse(new Signature("q -> a: list[int]"), "<a><item>1</item><item>2</item></a>"); // { a: [1, 2] }
 */
export class XMLAdapter extends ChatAdapter {
  override readonly name: string = "XMLAdapter";

  /**
   * Fields as `<name>\nvalue\n</name>` blocks separated by blank lines. Structured outputs
   * become one line of nested XML; `str` outputs escape `&` and `<` so they parse back.
   *
   * @example
   * adapter.formatFieldWithValue([[answerField, "a < b"]]); // "<answer>\na &lt; b\n</answer>"
   */
  formatFieldWithValue(entries: [Field, unknown][]): string {
    const output: string[] = [];
    for (const [field, value] of entries) {
      const serialized = serializeForJson(value);
      const isOutput = field.role === "output";
      if (isOutput && usesNestedXml(field.type) && serialized !== null && typeof serialized === "object") {
        output.push(valueToXml(serialized, field.name));
        continue;
      }
      let formatted = formatFieldValue(field, value);
      if (isOutput && field.type.kind === "str") formatted = formatted.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
      output.push(`<${field.name}>\n${formatted}\n</${field.name}>`);
    }
    return pyStrip(output.join("\n\n"));
  }

  override formatFieldStructure(signature: Signature): string {
    const formatField = (field: Field) =>
      field.role === "output" && usesNestedXml(field.type)
        ? xmlSchema(field.name, jsonSchema(field.type))
        : this.formatFieldWithValue([[field, translateFieldType(field)]]);
    // Unlike ChatAdapter, DSPy does not strip this, so an empty input group leaves blank lines.
    return [
      "All interactions will be structured in the following way, with the appropriate values filled in.",
      signature.inputFields.map(formatField).join("\n\n"),
      signature.outputFields.map(formatField).join("\n\n"),
    ].join("\n\n");
  }

  override formatUserMessageContent(signature: Signature, inputs: Demo, options: UserContentOptions = {}): string {
    const fields = signature.inputFields.filter((field) => Object.hasOwn(inputs, field.name));
    const messages = [
      options.prefix ?? "",
      this.formatFieldWithValue(fields.map((field) => [field, inputs[field.name]])),
    ];
    if (options.mainRequest) messages.push(this.userMessageOutputRequirements(signature));
    messages.push(options.suffix ?? "");
    return pyStrip(messages.join("\n\n"));
  }

  override formatAssistantMessageContent(signature: Signature, outputs: Demo, missing?: string): string {
    return this.formatFieldWithValue(
      signature.outputFields.map((field) => [
        field,
        Object.hasOwn(outputs, field.name) ? outputs[field.name] : missing,
      ]),
    );
  }

  override userMessageOutputRequirements(signature: Signature): string {
    const fields = signature.outputFields.map((field) => `\`<${field.name}>\``).join(", then ");
    const schemas = signature.outputFields
      .filter((field) => usesNestedXml(field.type))
      .map((field) => xmlSchema(field.name, jsonSchema(field.type)));
    const nested = schemas.length > 0 ? ` Use this nested XML structure: ${schemas.join(" ")}` : "";
    return `Respond with the corresponding output fields wrapped in XML tags ${fields}.${nested}`;
  }

  /**
   * Parses the completion as XML (wrapped in one root element, so several top-level fields are
   * fine), then reads each output field's elements as its type. Malformed XML, or a value that
   * fits none of the type's schema alternatives, raises `AdapterParseError` with DSPy's text.
   *
   * @example
   * new XMLAdapter().parse(new Signature("q -> a: int"), "<a>\n42\n</a>"); // { a: 42 }
   */
  override parse(signature: Signature, completion: string): Record<string, unknown> {
    const expectedFields = signature.outputFields.map((field) => field.name);
    let root: ReturnType<typeof parseXml>;
    try {
      root = parseXml(`<dspy_root>${completion}</dspy_root>`);
    } catch (error) {
      if (!(error instanceof XmlParseError)) throw error;
      throw new AdapterParseError({
        adapterName: "XMLAdapter",
        expectedFields,
        lmResponse: completion,
        detail: `Failed to parse XML: ${error.message}`,
      });
    }
    const elements = groupChildren(root);
    const fields: Record<string, unknown> = {};
    for (const field of signature.outputFields) {
      const found = elements.get(field.name);
      if (!found) continue;
      const schema = jsonSchema(field.type);
      const candidates = [schema, ...((schema.anyOf ?? []) as JsonObject[])];
      let value: unknown = null;
      let failure: Error | undefined;
      let parsed = false;
      for (const candidate of candidates) {
        try {
          value = elementsToValue(found, candidate, definitionsOf(schema));
          fields[field.name] = parseOrValidate(value, field);
          parsed = true;
          break;
        } catch (error) {
          // Python catches ValueError here, which pydantic's ValidationError is.
          if (!isPythonValueError(error)) throw error;
          failure = error as Error;
        }
      }
      if (!parsed) {
        throw new AdapterParseError({
          adapterName: "XMLAdapter",
          expectedFields,
          lmResponse: completion,
          detail: `Failed to parse field ${fieldInfoRepr(field)} with value ${pyStr(value)}: ${failure?.message}`,
        });
      }
    }
    return checkedOutputs("XMLAdapter", signature, completion, fields);
  }
}

/** DSPy's `parse_value`, falling back to plain validation when that rejects the value. */
function parseOrValidate(value: unknown, field: Field): unknown {
  try {
    return parseValue(value, field.type);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return validateValue(field.type, value);
  }
}
