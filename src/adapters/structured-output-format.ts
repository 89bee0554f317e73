import { CACHE_KEY_FORM } from "../lm/cache-key.js";
import { jsonSchema } from "../signatures/json-schema.js";
import type { Signature } from "../signatures/signature.js";

/** An OpenAI-style `response_format` request parameter. */
export type ResponseFormat =
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };

/**
 * The structured-output `response_format` DSPy's JSONAdapter builds: a `DSPyProgramOutputs`
 * object schema of the output fields (tool-call outputs left out under native calling), where
 * every object lists all its properties as required and forbids others — what OpenAI's strict
 * mode demands. Returns `undefined` when an output is an open mapping (`dict[...]`), which
 * strict schemas cannot express.
 *
 * @example
 * structuredOutputFormat(new Signature("q -> answer: int"));
 * // { type: "json_schema", json_schema: { name: "DSPyProgramOutputs", strict: true, schema: {...} } }
 */
export function structuredOutputFormat(signature: Signature, nativeFunctionCalling = true): ResponseFormat | undefined {
  if (signature.outputFields.some((field) => field.type.kind === "dict")) return undefined;
  const fields = signature.outputFields
    .filter((field) => !(nativeFunctionCalling && field.type.kind === "special" && field.type.name === "ToolCalls"))
    .map((field) => ({ name: field.name, type: field.type, required: true }));
  const schema = jsonSchema({ kind: "model", name: "DSPyProgramOutputs", fields }) as Record<string, unknown>;
  enforceRequired(schema);
  const format = { type: "json_schema", json_schema: { name: "DSPyProgramOutputs", strict: true, schema } } as const;
  // DSPy passes a pydantic class, which its cache key hashes as the class's JSON schema.
  Object.defineProperty(format, CACHE_KEY_FORM, { value: schema });
  return format;
}

function enforceRequired(part: Record<string, unknown>): void {
  if (part.type === "object") {
    const properties = part.properties as Record<string, unknown> | undefined;
    if (properties) {
      part.required = Object.keys(properties);
      part.additionalProperties = false;
      for (const child of Object.values(properties)) if (isObject(child)) enforceRequired(child);
    } else {
      part.properties = {};
      part.required = [];
      part.additionalProperties = false;
    }
  }
  if (part.type === "array" && isObject(part.items)) enforceRequired(part.items);
  for (const key of ["$defs", "definitions"]) {
    const definitions = part[key];
    if (isObject(definitions))
      for (const child of Object.values(definitions)) if (isObject(child)) enforceRequired(child);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
