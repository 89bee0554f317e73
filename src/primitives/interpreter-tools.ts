import { CodeInterpreterError } from "../errors/code-interpreter-errors.js";
import type { JsonObject } from "../signatures/json-schema.js";
import type {
  InterpreterTool,
  InterpreterToolDefinition,
  InterpreterToolParameter,
  SandboxValue,
} from "./code-interpreter.js";
import { Tool } from "./tool.js";

/** A tool as the sandbox registers it: the guest-side parameters (or none) and the host call. */
export interface ResolvedInterpreterTool extends InterpreterToolDefinition {
  name: string;
}

const JSON_TO_PYTHON_TYPE: Record<string, string> = {
  string: "str",
  integer: "int",
  number: "float",
  boolean: "bool",
  array: "list",
  object: "dict",
  null: "NoneType",
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Throws a {@link CodeInterpreterError} unless `name` can be a guest-side function or variable
 * name (an ASCII identifier that does not start with the sandbox's reserved `_dspy` prefix).
 *
 * @example
 * checkGuestName("llm_query", "tool"); // ok
 * checkGuestName("my-tool", "tool"); // throws
 */
export function checkGuestName(name: string, kind: "tool" | "variable" | "output field"): void {
  if (!IDENTIFIER.test(name) || name.startsWith("_dspy")) {
    throw new CodeInterpreterError(`Invalid ${kind} name: '${name}'`);
  }
}

function parametersOfTool(tool: Tool): InterpreterToolParameter[] {
  // Required parameters first: Python refuses a parameter without a default after one with.
  const entries = Object.entries(tool.args as Record<string, JsonObject>);
  const required = entries.filter(([, schema]) => !Object.hasOwn(schema, "default"));
  const optional = entries.filter(([, schema]) => Object.hasOwn(schema, "default"));
  return [...required, ...optional].map(([name, schema]) => {
    const parameter: InterpreterToolParameter = { name };
    const type = typeof schema.type === "string" ? JSON_TO_PYTHON_TYPE[schema.type] : undefined;
    if (type !== undefined) parameter.type = type;
    if (Object.hasOwn(schema, "default")) parameter.default = schema.default as SandboxValue;
    return parameter;
  });
}

/**
 * Turns each entry of an interpreter's `tools` map into the definition the sandbox registers:
 * a {@link Tool}'s argument schemas become typed parameters and its validation runs on each
 * call; a bare function takes `*args, **kwargs`.
 *
 * @example
 * resolveInterpreterTools(new Map([["add", { handler: ({ a, b }) => a + b, parameters: [{ name: "a" }, { name: "b" }] }]]));
 */
export function resolveInterpreterTools(tools: Map<string, InterpreterTool>): ResolvedInterpreterTool[] {
  return [...tools].map(([name, tool]) => {
    checkGuestName(name, "tool");
    if (tool instanceof Tool) {
      return {
        name,
        parameters: parametersOfTool(tool),
        handler: (kwargs, context) => tool.acall(kwargs, { signal: context.signal }),
      };
    }
    if (typeof tool === "function") return { name, handler: tool };
    for (const parameter of tool.parameters ?? []) checkGuestName(parameter.name, "variable");
    return tool.parameters === undefined
      ? { name, handler: tool.handler }
      : { name, handler: tool.handler, parameters: tool.parameters };
  });
}
