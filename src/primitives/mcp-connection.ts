import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { DSPyError } from "../errors/dspy-error.js";
import { type FromMcpToolOptions, fromMcpTool, type McpToolDefinition } from "./mcp-tool.js";
import type { Tool } from "./tool.js";

/** An MCP server to start as a child process and talk to over stdio. */
export interface McpStdioTarget {
  command: string;
  args?: string[];
  /** The child's environment (default: the MCP SDK's safe subset of this process's). */
  env?: Record<string, string>;
  cwd?: string;
  /** The child's stderr: `"inherit"` (default), `"pipe"` or `"ignore"`. */
  stderr?: "inherit" | "pipe" | "ignore";
}

/** A running MCP server reached over Streamable HTTP. */
export interface McpHttpTarget {
  url: string | URL;
  /** Extra request headers, e.g. an `Authorization` header. */
  headers?: Record<string, string>;
}

/** Options of {@link connectMcpServer}. */
export interface ConnectMcpServerOptions extends FromMcpToolOptions {
  /** The client name this process announces (default `"dspy-typescript"`). */
  clientName?: string;
  /** Cancels connecting and listing the tools. */
  signal?: AbortSignal;
}

/** An open MCP session and its tools; close it (or `await using` it) to end the session. */
export interface McpConnection extends AsyncDisposable {
  /** The SDK client, for anything beyond tools (resources, prompts). */
  readonly client: Client;
  /** Every tool the server lists, as DSPy tools bound to this session. */
  readonly tools: Tool[];
  /** The child process id of a stdio server (`undefined` over HTTP). */
  readonly pid: number | undefined;
  /** Ends the session: an HTTP session is terminated on the server, a stdio server is stopped. */
  close(): Promise<void>;
}

/**
 * Connects to an MCP server with the official SDK — a command run over stdio, or a URL over
 * Streamable HTTP — and loads all its tools with {@link fromMcpTool}. The SDK is loaded on first
 * use, so importing this package stays cheap.
 *
 * @example
 * await using mcp = await connectMcpServer({ command: "npx", args: ["-y", "@modelcontextprotocol/server-everything"] });
 * const agent = new ReAct("question -> answer", { tools: mcp.tools });
 */
export async function connectMcpServer(
  target: McpStdioTarget | McpHttpTarget,
  options: ConnectMcpServerOptions = {},
): Promise<McpConnection> {
  const [{ Client }, transport] = await Promise.all([
    import("@modelcontextprotocol/sdk/client/index.js"),
    openTransport(target),
  ]);
  const client = new Client({ name: options.clientName ?? "dspy-typescript", version: "1.0.0" });
  const requestOptions = options.signal ? { signal: options.signal } : undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // Over HTTP the session lives on the server until it is terminated; servers that do not
    // support termination answer 405, which the SDK accepts.
    if ("terminateSession" in transport) await transport.terminateSession().catch(() => {});
    await client.close();
  };
  try {
    await client.connect(transport, requestOptions);
    const definitions: McpToolDefinition[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor }, requestOptions);
      definitions.push(...(page.tools as McpToolDefinition[]));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const tools = definitions.map((definition) => fromMcpTool(client, definition, options));
    const pid = "pid" in transport ? (transport.pid ?? undefined) : undefined;
    return { client, tools, pid, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    await close().catch(() => {});
    if (options.signal?.aborted) throw options.signal.reason;
    throw new DSPyError(`Could not connect to the MCP server: ${(error as Error).message ?? String(error)}`, {
      code: "mcp_connect",
      cause: error,
    });
  }
}

async function openTransport(target: McpStdioTarget | McpHttpTarget) {
  if ("url" in target) {
    const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
    return new StreamableHTTPClientTransport(new URL(target.url), {
      ...(target.headers ? { requestInit: { headers: target.headers } } : {}),
    });
  }
  const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
  return new StdioClientTransport({
    command: target.command,
    ...(target.args ? { args: target.args } : {}),
    ...(target.env ? { env: target.env } : {}),
    ...(target.cwd ? { cwd: target.cwd } : {}),
    stderr: target.stderr ?? "inherit",
  });
}
