import { AdapterParseError } from "../errors/adapter-parse-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type { Field } from "../signatures/field.js";
import type { Signature } from "../signatures/signature.js";
import { typeName } from "../signatures/type-name.js";
import { pySplitlines, pyStrip } from "../utils/py-string.js";
import { Adapter, type UserContentOptions } from "./adapter.js";
import { applyOutputFieldDefaults } from "./apply-output-field-defaults.js";
import { fieldDescriptionList } from "./field-description.js";
import { formatFieldValue } from "./format-field-value.js";
import type { Demo } from "./message.js";
import { parseValue } from "./parse-value.js";
import { translateFieldType } from "./translate-field-type.js";

// Python's `\w` is Unicode-aware: letters, numbers and `_`.
const HEADER = /^\[\[ ## ([\p{L}\p{N}_]+) ## \]\]/u;

/**
 * The layout ChatAdapter, JSONAdapter and XMLAdapter share: DSPy's system message (field list,
 * structure, objective) and `[[ ## name ## ]]` input sections. Python DSPy expresses this by
 * subclassing ChatAdapter; here it is a common base so ChatAdapter can fall back to
 * JSONAdapter without an import cycle.
 */
export abstract class ChatLayout extends Adapter {
  formatFieldDescription(signature: Signature): string {
    return `Your input fields are:\n${fieldDescriptionList(signature.inputFields)}\nYour output fields are:\n${fieldDescriptionList(signature.outputFields)}`;
  }

  formatFieldStructure(signature: Signature): string {
    const parts = [
      "All interactions will be structured in the following way, with the appropriate values filled in.",
      this.formatFieldsWithValues(signature.inputFields.map((field) => [field, translateFieldType(field)])),
      this.formatFieldsWithValues(signature.outputFields.map((field) => [field, translateFieldType(field)])),
      "[[ ## completed ## ]]\n",
    ];
    return pyStrip(parts.join("\n\n"));
  }

  formatTaskDescription(signature: Signature): string {
    const instructions = dedent(signature.instructions);
    const objective = ["", ...pySplitlines(instructions)].join(`\n${" ".repeat(8)}`);
    return `In adhering to this structure, your objective is: ${objective}`;
  }

  formatUserMessageContent(signature: Signature, inputs: Demo, options: UserContentOptions = {}): string {
    const parts = [options.prefix ?? ""];
    for (const field of signature.inputFields) {
      if (Object.hasOwn(inputs, field.name))
        parts.push(`[[ ## ${field.name} ## ]]\n${formatFieldValue(field, inputs[field.name])}`);
    }
    if (options.mainRequest) parts.push(this.userMessageOutputRequirements(signature));
    parts.push(options.suffix ?? "");
    return pyStrip(parts.join("\n\n"));
  }

  /** The reminder closing the request: which output sections to write, in order. */
  userMessageOutputRequirements(signature: Signature): string {
    const fields = signature.outputFields.map((field) => `\`[[ ## ${field.name} ## ]]\`${typeInfo(field)}`);
    return `Respond with the corresponding output fields, starting with the field ${fields.join(", then ")}, and then ending with the marker for \`[[ ## completed ## ]]\`.`;
  }

  formatAssistantMessageContent(signature: Signature, outputs: Demo, missing?: string): string {
    const body = this.formatFieldsWithValues(
      signature.outputFields.map((field) => [
        field,
        Object.hasOwn(outputs, field.name) ? outputs[field.name] : missing,
      ]),
    );
    return `${body}\n\n[[ ## completed ## ]]\n`;
  }

  /** Sections `[[ ## name ## ]]\nvalue` joined by blank lines. */
  formatFieldsWithValues(entries: [Field, unknown][]): string {
    return pyStrip(
      entries.map(([field, value]) => `[[ ## ${field.name} ## ]]\n${formatFieldValue(field, value)}`).join("\n\n"),
    );
  }

  parse(signature: Signature, completion: string): Record<string, unknown> {
    const sections: [string | null, string[]][] = [[null, []]];
    for (const line of pySplitlines(completion)) {
      const stripped = pyStrip(line);
      const match = HEADER.exec(stripped);
      if (match) {
        // DSPy slices the unstripped line at the stripped match's end (a quirk kept on purpose).
        const rest = pyStrip(line.slice(match[0].length));
        sections.push([match[1] as string, rest ? [rest] : []]);
      } else {
        (sections[sections.length - 1] as [string | null, string[]])[1].push(line);
      }
    }
    const fields: Record<string, unknown> = {};
    for (const [name, lines] of sections) {
      const field = name === null ? undefined : signature.outputFields.find((candidate) => candidate.name === name);
      if (!field || Object.hasOwn(fields, field.name)) continue;
      const value = pyStrip(lines.join("\n"));
      try {
        fields[field.name] = parseValue(value, field.type);
      } catch (error) {
        if (!isPythonValueError(error)) throw error;
        throw new AdapterParseError({
          adapterName: "ChatAdapter",
          expectedFields: signature.outputFields.map((output) => output.name),
          lmResponse: completion,
          detail: `Failed to parse field ${field.name} with value ${value} from the LM response. Error message: ${(error as Error).message}`,
        });
      }
    }
    return checkedOutputs("ChatAdapter", signature, completion, fields);
  }
}

/**
 * Fills defaults for missing outputs and raises DSPy's `AdapterParseError` when some are still
 * missing.
 */
export function checkedOutputs(
  adapterName: string,
  signature: Signature,
  completion: string,
  parsed: Record<string, unknown>,
): Record<string, unknown> {
  const fields = applyOutputFieldDefaults(signature.outputFields, parsed);
  const expected = signature.outputFields.map((field) => field.name);
  if (expected.some((name) => !Object.hasOwn(fields, name))) {
    throw new AdapterParseError({
      adapterName,
      expectedFields: expected,
      lmResponse: completion,
      parsedResult: fields,
    });
  }
  return fields;
}

/** Errors Python would raise as `ValueError` (pydantic's ValidationError is one). */
export function isPythonValueError(error: unknown): boolean {
  return (
    error instanceof ValidationError ||
    (error instanceof Error && "pythonType" in error && error.pythonType === "ValueError")
  );
}

/** The ` (must be formatted as a valid Python T)` hint after each field in the reminder. */
export function typeInfo(field: Field): string {
  if (field.type.kind === "special" && field.type.name === "ToolCalls") {
    return ' (must be a JSON object like {"tool_calls": [{"name": "...", "args": {...}}]})';
  }
  return field.type.kind === "str" ? "" : ` (must be formatted as a valid Python ${typeName(field.type)})`;
}

/** Python's `textwrap.dedent`: removes the longest common leading whitespace of non-blank lines. */
function dedent(text: string): string {
  const lines = text.split("\n");
  let margin: string | undefined;
  for (const line of lines) {
    if (/^[ \t]*$/.test(line)) continue;
    const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
    if (margin === undefined || indent.startsWith(margin)) margin = margin ?? indent;
    else if (!margin.startsWith(indent)) {
      let common = 0;
      while (common < margin.length && margin[common] === indent[common]) common++;
      margin = margin.slice(0, common);
    } else margin = indent;
  }
  const cut = margin?.length ?? 0;
  return lines.map((line) => (/^[ \t]*$/.test(line) ? line.replace(/^[ \t]+$/, "") : line.slice(cut))).join("\n");
}
