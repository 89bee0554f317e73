import type { SandboxValue } from "./code-interpreter.js";
import type { ResolvedInterpreterTool } from "./interpreter-tools.js";
import { fromSandboxJson } from "./sandbox-json.js";

/** How {@link callHostTool} runs a tool and writes its value for the guest. */
export interface HostToolCallOptions {
  signal: AbortSignal;
  /** Serializes a JSON-able tool result in the guest's dialect. */
  encode: (value: unknown) => string;
}

function encodeValue(value: unknown, encode: (value: unknown) => string): string {
  // DSPy sends None as "" and falls back to str() for values JSON cannot hold.
  if (value === undefined || value === null) return '""';
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return encode(value);
  } catch {
    return JSON.stringify(String(value));
  }
}

/**
 * Runs the host tool a guest asked for and returns the reply the guest-side wrapper reads:
 * `{"value": ...}`, or `{"error": "<ErrorName>: <message>"}` which the wrapper raises (DSPy's
 * `RuntimeError("<type>: <message>")`). Never throws: a tool's failure belongs to the guest.
 *
 * @example
 * await callHostTool(tools, "add", '{"args":[],"kwargs":{"a":1,"b":2}}', { signal, encode: toSandboxJson }); // '{"value":3}'
 */
export async function callHostTool(
  tools: Map<string, ResolvedInterpreterTool>,
  name: string,
  payload: string,
  options: HostToolCallOptions,
): Promise<string> {
  try {
    const tool = tools.get(name);
    if (tool === undefined) throw new Error(`Unknown tool: ${name}`);
    const call = fromSandboxJson(payload) as { args: SandboxValue[]; kwargs: Record<string, SandboxValue> };
    const value = await tool.handler(call.kwargs, { signal: options.signal, args: call.args });
    return `{"value":${encodeValue(value, options.encode)}}`;
  } catch (error) {
    const type = error instanceof Error ? error.name : "Error";
    return JSON.stringify({ error: `${type}: ${error instanceof Error ? error.message : String(error)}` });
  }
}
