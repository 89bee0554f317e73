import type { ValidationError, ValidationIssue } from "../errors/validation-error.js";
import { isPlainObject } from "../utils/plain-object.js";
import { pyJsonRepairLoads } from "../utils/py-json-repair.js";
import { inputStr } from "./input-repr.js";
import { LineErrors } from "./line-errors.js";
import { pydanticValidationError } from "./pydantic-validation-error.js";
import type { ModelField } from "./type-node.js";
import { validateModel } from "./validate-model.js";
import type { ValidateNested } from "./validation-state.js";

const TOOL_CALL_FIELDS: ModelField[] = [
  { name: "id", type: { kind: "union", members: [{ kind: "str" }, { kind: "none" }] }, required: false, default: null },
  { name: "name", type: { kind: "str" }, required: true },
  { name: "args", type: { kind: "dict", args: [{ kind: "str" }, { kind: "any" }] }, required: true },
];

/**
 * `dspy.ToolCalls`' `validate_input`: a `{"tool_calls": [...]}` object, a list of calls, or a
 * single call, each `{name, args}` or OpenAI-shaped `{function: {name, arguments}}` (string
 * arguments are read with `json_repair.loads`). Yields `{ tool_calls: [{ name, args }] }`
 * (plus `id` when the call has one), DSPy's `format()` shape; throws a `ValidationError`
 * titled `ToolCalls` otherwise.
 *
 * @example
 * validateToolCalls([{ function: { name: "f", arguments: '{"a": 1}' } }], validate); // { tool_calls: [{ name: "f", args: { a: 1 } }] }
 */
export function validateToolCalls(data: unknown, validate: ValidateNested): unknown {
  let calls: unknown[] | undefined;
  if (Array.isArray(data) && data.every((item) => isPlainObject(item) && isToolCallDict(item))) {
    calls = data.map((item) => toolCall(item as Record<string, unknown>, data, validate));
  } else if (isPlainObject(data)) {
    if (Object.hasOwn(data, "tool_calls")) {
      const items = data.tool_calls;
      if (Array.isArray(items))
        calls = items.map((item) => (isPlainObject(item) ? toolCall(item, data, validate) : item));
    } else if (isToolCallDict(data)) {
      calls = [toolCall(data, data, validate)];
    }
  }
  if (calls === undefined) throw valueError(`Received invalid value for \`dspy.ToolCalls\`: ${inputStr(data)}`, data);
  const issues: ValidationIssue[] = [];
  calls.forEach((call, index) => {
    if (!isPlainObject(call)) {
      issues.push({
        type: "model_type",
        loc: ["tool_calls", index],
        msg: "Input should be a valid dictionary or instance of ToolCall",
        input: call,
      });
    }
  });
  if (issues.length > 0) throw pydanticValidationError("ToolCalls", issues);
  return { tool_calls: calls };
}

function isToolCallDict(data: Record<string, unknown>): boolean {
  return (
    (Object.hasOwn(data, "name") && (Object.hasOwn(data, "args") || Object.hasOwn(data, "arguments"))) ||
    Object.hasOwn(data, "function")
  );
}

/** `_normalize_tool_call_dict` followed by `ToolCall(**...)`. */
function toolCall(data: Record<string, unknown>, whole: unknown, validate: ValidateNested): Record<string, unknown> {
  let args: unknown;
  let name: unknown;
  if (Object.hasOwn(data, "function")) {
    const fn = pyOr(data.function, {});
    if (!isPlainObject(fn))
      throw valueError(`Received invalid function value for \`dspy.ToolCalls\`: ${inputStr(fn)}`, whole);
    args = Object.hasOwn(fn, "arguments") ? fn.arguments : {};
    name = pyOr(fn.name ?? null, data.name ?? null);
  } else {
    args = Object.hasOwn(data, "args") ? data.args : Object.hasOwn(data, "arguments") ? data.arguments : {};
    name = data.name ?? null;
  }
  if (typeof args === "string") args = pyJsonRepairLoads(args);
  else if (!isPlainObject(args)) args = {};
  const normalized = { id: pyOr(data.id ?? null, data.call_id ?? null), name, args };
  try {
    const call = validateModel(
      "ToolCall",
      TOOL_CALL_FIELDS,
      normalized,
      { exactness: undefined, fieldsSet: undefined },
      validate,
    );
    if (call.id === null) delete call.id;
    return { ...call };
  } catch (error) {
    if (error instanceof LineErrors) throw pydanticValidationError("ToolCalls", error.issues);
    throw error;
  }
}

/** Python's `a or b`. */
function pyOr(a: unknown, b: unknown): unknown {
  const falsy =
    a === null ||
    a === undefined ||
    a === false ||
    a === 0 ||
    a === "" ||
    (Array.isArray(a) && a.length === 0) ||
    (isPlainObject(a) && Object.keys(a).length === 0);
  return falsy ? b : a;
}

function valueError(text: string, input: unknown): ValidationError {
  return pydanticValidationError("ToolCalls", [{ type: "value_error", loc: [], msg: `Value error, ${text}`, input }]);
}
