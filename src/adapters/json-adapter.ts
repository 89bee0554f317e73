import { AdapterParseError } from "../errors/adapter-parse-error.js";
import type { Field } from "../signatures/field.js";
import type { Signature } from "../signatures/signature.js";
import { isPlainObject } from "../utils/plain-object.js";
import { pyJsonRepairLoads } from "../utils/py-json-repair.js";
import { pyStrip } from "../utils/py-string.js";
import { pyJsonDumps } from "../utils/python-repr.js";
import type { Adapter } from "./adapter.js";
import { ChatLayout, checkedOutputs, isPythonValueError, typeInfo } from "./chat-layout.js";
import { firstBalancedObject } from "./first-balanced-object.js";
import type { Demo } from "./message.js";
import type { NativeFunctionCallingOptions } from "./native-function-calling.js";
import { parseValue } from "./parse-value.js";
import { serializeForJson } from "./serialize-for-json.js";
import { structuredOutputFormat } from "./structured-output-format.js";
import { translateFieldType } from "./translate-field-type.js";

/**
 * DSPy's `JSONAdapter`: inputs in `[[ ## name ## ]]` sections, outputs as one JSON object.
 * Parsing repairs sloppy JSON and finds an object embedded in prose.
 *
 * @example
 * new JSONAdapter().parse(new Signature("q -> a: int"), 'Here: {"a": "42"}'); // { a: 42 }
 */
export class JSONAdapter extends ChatLayout {
  readonly name: string = "JSONAdapter";

  /** Native function calling is on by default here, as in DSPy's JSONAdapter. */
  constructor(options: NativeFunctionCallingOptions = {}) {
    super();
    this.useNativeFunctionCalling = true;
    this.setNativeFunctionCalling(options);
  }

  /**
   * One LM call asking for JSON: a strict `json_schema` response format when the provider takes
   * schemas, `json_object` when it only takes JSON mode (or an output is an open `dict`), and
   * none when it takes neither. The format is chosen before the call, as in DSPy 3.4.
   *
   * @example
   * await new JSONAdapter().call(lm, {}, sig, [], { question: "2+2?" });
   */
  override async call(...args: Parameters<Adapter["call"]>): Promise<Record<string, unknown>[]> {
    const [lm, lmKwargs, signature, ...rest] = args;
    const kwargs = { ...lmKwargs };
    if (lm.supportedParams.has("response_format")) {
      const hasToolCalls = signature.outputFields.some(
        (field) => field.type.kind === "special" && field.type.name === "ToolCalls",
      );
      const native = this.useNativeFunctionCalling;
      const structured =
        lm.supportsResponseSchema && (native || !hasToolCalls) ? structuredOutputFormat(signature, native) : undefined;
      kwargs.response_format = structured ?? { type: "json_object" };
    }
    return await super.call(lm, kwargs, signature, ...rest);
  }

  override formatFieldStructure(signature: Signature): string {
    const outputs = Object.fromEntries(signature.outputFields.map((field) => [field.name, translateFieldType(field)]));
    const parts = [
      "All interactions will be structured in the following way, with the appropriate values filled in.",
      "Inputs will have the following structure:",
      this.formatFieldsWithValues(signature.inputFields.map((field) => [field, translateFieldType(field)])),
      "Outputs will be a JSON object with the following fields.",
      pyJsonDumps(serializeForJson(outputs), { indent: 2 }),
    ];
    return pyStrip(parts.join("\n\n"));
  }

  override userMessageOutputRequirements(signature: Signature): string {
    const fields = signature.outputFields.map((field) => `\`${field.name}\`${typeInfo(field)}`);
    return `Respond with a JSON object in the following order of fields: ${fields.join(", then ")}.`;
  }

  override formatAssistantMessageContent(signature: Signature, outputs: Demo, missing?: string): string {
    const values = Object.fromEntries(
      signature.outputFields.map((field) => [
        field.name,
        Object.hasOwn(outputs, field.name) ? outputs[field.name] : (missing ?? null),
      ]),
    );
    return pyJsonDumps(serializeForJson(values), { indent: 2 });
  }

  override parse(signature: Signature, completion: string): Record<string, unknown> {
    let text = completion;
    let fields = pyJsonRepairLoads(text);
    if (!isPlainObject(fields)) {
      const embedded = firstBalancedObject(text);
      if (embedded !== undefined) {
        text = embedded;
        fields = pyJsonRepairLoads(text);
      }
    }
    const expected = signature.outputFields.map((field) => field.name);
    if (!isPlainObject(fields)) {
      throw new AdapterParseError({
        adapterName: "JSONAdapter",
        expectedFields: expected,
        lmResponse: text,
        detail: "LM response cannot be serialized to a JSON object.",
      });
    }
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) if (expected.includes(key)) kept[key] = value;
    // Python walks the LM's key order, so the first bad field reported is the first in the JSON.
    for (const name of Object.keys(kept)) {
      const field = signature.outputFields.find((output) => output.name === name) as Field;
      try {
        kept[field.name] = parseValue(kept[field.name], field.type);
      } catch (error) {
        if (!isPythonValueError(error)) throw error;
        throw new AdapterParseError({
          adapterName: this.name,
          expectedFields: expected,
          lmResponse: text,
          detail: `Failed to parse field ${field.name}: ${(error as Error).message}`,
          parsedResult: kept,
        });
      }
    }
    return checkedOutputs("JSONAdapter", signature, text, kept);
  }
}
