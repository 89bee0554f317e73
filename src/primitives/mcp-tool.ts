import { ToolError } from "../errors/tool-error.js";
import type { JsonObject } from "../signatures/json-schema.js";
import type { TypeNode } from "../signatures/type-node.js";
import { isPlainObject } from "../utils/plain-object.js";
import { pyRepr } from "../utils/python-repr.js";
import { Tool, type ToolCallContext } from "./tool.js";
import { resolveJsonSchemaReferences, type ToolArgs } from "./tool-args.js";

/**
 * What {@link fromMcpTool} needs of an MCP client: the SDK's `Client` (any transport) fits, as
 * does anything else with the same `callTool`.
 */
export interface McpToolClient {
  callTool(
    params: { name: string; arguments?: Record<string, unknown> },
    resultSchema?: undefined,
    options?: { signal?: AbortSignal },
  ): Promise<object>;
}

/** An MCP tool as `tools/list` describes it. */
export interface McpToolDefinition {
  name: string;
  description?: string | undefined;
  inputSchema: { type: "object"; properties?: Record<string, object> | undefined; [key: string]: unknown };
}

/** Options of {@link fromMcpTool}. */
export interface FromMcpToolOptions {
  /**
   * `"text"` (default): the text of a single text part, a list of texts for several, or the
   * non-text parts when there is no text. `"structured"`: the result's `structuredContent` when
   * the server sent one, else as `"text"`.
   */
  resultMode?: "text" | "structured";
}

// DSPy's `_TYPE_MAPPING`: each argument is coerced to the Python type of its top-level JSON type.
const TYPE_MAPPING: Record<string, TypeNode> = {
  string: { kind: "str" },
  integer: { kind: "int" },
  number: { kind: "float" },
  boolean: { kind: "bool" },
  array: { kind: "list", args: [{ kind: "any" }] },
  object: { kind: "dict", args: [{ kind: "str" }, { kind: "any" }] },
};

/**
 * DSPy's `Tool.from_mcp_tool`: a {@link Tool} that calls an MCP server's tool through a connected
 * client. Name, description and argument schemas are the server's (shared `$defs` inlined, as
 * DSPy's `convert_input_schema_to_tool_args` does); arguments are checked against their schemas,
 * then sent as given — undeclared ones too, and no defaults filled in, since DSPy's wrapper takes
 * `**kwargs`. A result flagged `isError` throws a {@link ToolError} (`tool_call_failed`, Python's
 * `RuntimeError`) with DSPy's message, which ReAct shows the LM as an observation.
 *
 * @example
 * const client = new Client({ name: "app", version: "1.0.0" });
 * await client.connect(new StdioClientTransport({ command: "my-mcp-server" }));
 * const { tools } = await client.listTools();
 * const agent = new ReAct("question -> answer", { tools: tools.map((tool) => fromMcpTool(client, tool)) });
 */
export function fromMcpTool(
  client: McpToolClient,
  tool: McpToolDefinition,
  options: FromMcpToolOptions = {},
): Tool<Record<string, unknown>, unknown> {
  const resultMode = options.resultMode ?? "text";
  if (resultMode !== "text" && resultMode !== "structured") {
    throw new ToolError(`Unsupported MCP result mode: ${pyRepr(resultMode)}`, { code: "tool_definition" });
  }
  const name = tool.name;
  const call = async (args: Record<string, unknown>, context: ToolCallContext) => {
    const result = await client.callTool(
      { name, arguments: args },
      undefined,
      context.signal ? { signal: context.signal } : undefined,
    );
    return mcpToolResult(name, result, resultMode);
  };
  return new Tool(call, {
    name,
    description: tool.description ?? null,
    resolvedArgs: mcpToolArgs(tool.inputSchema ?? {}),
  });
}

/**
 * DSPy's `convert_input_schema_to_tool_args` for an MCP input schema: each property as written
 * (with the schema's `$defs` inlined), coerced to its top-level JSON type; undeclared arguments
 * pass through and nothing is required or defaulted by the client — the server decides.
 *
 * @example
 * mcpToolArgs({ type: "object", properties: { a: { type: "integer" } } }).schemas; // { a: { type: "integer" } }
 */
export function mcpToolArgs(inputSchema: Record<string, unknown>): ToolArgs {
  const args: ToolArgs = { schemas: {}, types: {}, required: [], hasKwargs: true, fillDefaults: false };
  const properties = inputSchema.properties;
  if (!isPlainObject(properties)) return args;
  const defs = isPlainObject(inputSchema.$defs) ? (inputSchema.$defs as JsonObject) : {};
  for (const [key, property] of Object.entries(properties)) {
    if (!isPlainObject(property)) {
      throw new ToolError(`The schema of argument ${key} must be an object.`, { code: "tool_definition" });
    }
    const schema =
      Object.keys(defs).length > 0
        ? resolveJsonSchemaReferences({ $defs: defs, ...(property as JsonObject) })
        : (property as JsonObject);
    args.schemas[key] = schema;
    const type = typeof schema.type === "string" ? TYPE_MAPPING[schema.type] : undefined;
    args.types[key] = type ?? { kind: "any" };
  }
  return args;
}

interface McpContent {
  type?: unknown;
  text?: unknown;
}

/** DSPy's `_convert_mcp_tool_result`. */
function mcpToolResult(name: string, result: object, resultMode: "text" | "structured"): unknown {
  const record = result as { content?: unknown; isError?: unknown; structuredContent?: unknown };
  const content = Array.isArray(record.content) ? (record.content as McpContent[]) : [];
  const texts: string[] = [];
  const others: McpContent[] = [];
  for (const part of content) {
    if (part?.type === "text" && typeof part.text === "string") texts.push(part.text);
    else others.push(part);
  }
  const toolContent: string | string[] = texts.length === 1 ? (texts[0] as string) : texts;
  if (record.isError === true) {
    const shown = typeof toolContent === "string" ? toolContent : pyRepr(toolContent);
    throw new ToolError(`Failed to call a MCP tool: ${shown}`, { code: "tool_call_failed", toolName: name });
  }
  if (resultMode === "structured" && Object.hasOwn(record, "structuredContent")) return record.structuredContent;
  return toolContent.length > 0 ? toolContent : others;
}
