import { SignatureError } from "../errors/signature-error.js";
import type { BaseLM } from "../lm/base-lm.js";
import type { Tool } from "../primitives/tool.js";
import type { Field } from "../signatures/field.js";
import type { Signature } from "../signatures/signature.js";
import { validateValue } from "../signatures/validate-value.js";
import { isPlainObject } from "../utils/plain-object.js";
import { pyJsonRepairLoads } from "../utils/py-json-repair.js";

/** How an adapter uses the LM's own function calling (DSPy's adapter `__init__` arguments). */
export interface NativeFunctionCallingOptions {
  /**
   * Send `list[dspy.Tool]` inputs as the LM's `tools` and read its tool calls into the
   * `dspy.ToolCalls` output, when the signature has both and the LM supports function calling.
   */
  useNativeFunctionCalling?: boolean;
  /** Ask the provider for (or against) parallel tool calls; unset leaves the provider default. */
  parallelToolCalls?: boolean;
}

const TOOL_KEYS = ["tools", "tool_choice", "parallel_tool_calls"];

function isSpecial(field: Field, name: "Tool" | "ToolCalls"): boolean {
  return field.type.kind === "special" && field.type.name === name;
}

/** DSPy's `_get_tool_call_input_field_name`: the first `list[dspy.Tool]` or `dspy.Tool` input. */
export function toolInputField(signature: Signature): Field | undefined {
  return signature.inputFields.find(
    (field) =>
      isSpecial(field, "Tool") ||
      (field.type.kind === "list" && field.type.args[0]?.kind === "special" && field.type.args[0].name === "Tool"),
  );
}

/** DSPy's `_get_tool_call_output_field_name`: the first `dspy.ToolCalls` output. */
export function toolCallsOutputField(signature: Signature): Field | undefined {
  return signature.outputFields.find((field) => isSpecial(field, "ToolCalls"));
}

/**
 * DSPy's `Adapter._call_preprocess` for function calling. Without native calling, tool request
 * parameters are dropped. With it, when the signature has a tools input and a `ToolCalls`
 * output and the LM supports function calling, the tools become `kwargs.tools` (DSPy's
 * `format_as_litellm_function_call`) and both fields leave the signature the prompt is built
 * from; without LM support the fields stay in the prompt. Mutates `kwargs`; returns the
 * signature to format and parse with.
 *
 * @example
 * const processed = prepareNativeFunctionCalling({ useNativeFunctionCalling: true }, lm, kwargs, signature, inputs);
 */
export function prepareNativeFunctionCalling(
  options: NativeFunctionCallingOptions,
  lm: BaseLM,
  kwargs: Record<string, unknown>,
  signature: Signature,
  inputs: Readonly<Record<string, unknown>>,
): Signature {
  if (!options.useNativeFunctionCalling) {
    for (const key of TOOL_KEYS) delete kwargs[key];
    return signature;
  }
  const input = toolInputField(signature);
  const output = toolCallsOutputField(signature);
  if (output && !input) {
    throw new SignatureError(
      `You provided an output field ${output.name} to receive the tool calls information, but did not provide any tools as the input. Please provide a list of tools as the input by adding an input field with type \`list[dspy.Tool]\`.`,
    );
  }
  if (!output || !input) return signature;
  if (!lm.supportsFunctionCalling) {
    for (const key of TOOL_KEYS) delete kwargs[key];
    return signature;
  }
  const value = inputs[input.name];
  const tools = (Array.isArray(value) ? value : [value]) as Tool[];
  kwargs.tools = tools.map((tool) => tool.formatAsLitellmFunctionCall());
  if (options.parallelToolCalls !== undefined && (kwargs.parallel_tool_calls ?? null) === null) {
    kwargs.parallel_tool_calls = options.parallelToolCalls;
  }
  return signature.delete(output.name).delete(input.name);
}

/**
 * DSPy's `_provider_tool_call_to_tool_call_dict` for each call, then `ToolCalls.from_dict_list`:
 * OpenAI-shaped (or Responses-shaped) tool calls as a `dspy.ToolCalls` value.
 *
 * @example
 * toToolCalls([{ id: "call_0", type: "function", function: { name: "f", arguments: '{"a": 1}' } }]);
 * // { tool_calls: [{ id: "call_0", name: "f", args: { a: 1 } }] }
 */
export function toToolCalls(calls: readonly unknown[]): unknown {
  const dicts = calls.map((call) => {
    const record = (isPlainObject(call) ? call : {}) as Record<string, unknown>;
    const fn = (isPlainObject(record.function) ? record.function : {}) as Record<string, unknown>;
    const rawArguments = truthy(fn.arguments) ? fn.arguments : (record.arguments ?? {});
    const args =
      typeof rawArguments === "string"
        ? pyJsonRepairLoads(rawArguments)
        : isPlainObject(rawArguments)
          ? rawArguments
          : {};
    return {
      id: truthy(record.call_id) ? record.call_id : (record.id ?? null),
      name: truthy(fn.name) ? fn.name : (record.name ?? null),
      args,
    };
  });
  return validateValue({ kind: "special", name: "ToolCalls" }, dicts);
}

function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === "" || value === 0 || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}
