/**
 * A tiny MCP server for the MCP tool tests, built on the SDK's own server classes. It serves the
 * tools listed in mcp-tools.json (the Python oracle script reads the same file).
 *
 *   node --import tsx mcp-server.ts          # stdio
 *   node --import tsx mcp-server.ts --http   # Streamable HTTP on 127.0.0.1, random port; prints "LISTENING <port>"
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  type CallToolResult,
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";

const { tools } = JSON.parse(readFileSync(new URL("./mcp-tools.json", import.meta.url), "utf8")) as { tools: Tool[] };

function text(...parts: string[]): CallToolResult["content"] {
  return parts.map((part) => ({ type: "text" as const, text: part }));
}

function run(name: string, args: Record<string, unknown>): CallToolResult {
  switch (name) {
    case "add":
      return { content: text(String((args.a as number) + ((args.b as number | undefined) ?? 2))) };
    case "search": {
      const filters = args.filters as { lang?: string } | undefined;
      return { content: text(`Found 1 result for "${args.query}"${filters ? ` in ${filters.lang}` : ""}`) };
    }
    case "fail":
      return { content: text(`Refused: ${args.reason}`), isError: true };
    case "multi":
      return { content: text("first", "second") };
    case "fail_multi":
      return { content: text("a", "b"), isError: true };
    case "image":
      return { content: [{ type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" }] };
    case "echo":
      return { content: text(JSON.stringify(args)), structuredContent: args };
    default:
      return { content: text(`Unknown tool: ${name}`), isError: true };
  }
}

function mcpServer(): Server {
  const server = new Server({ name: "dspy-fixture", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request) =>
    run(request.params.name, request.params.arguments ?? {}),
  );
  return server;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function serveHttp(): Promise<void> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer(async (request, response) => {
    const id = request.headers["mcp-session-id"];
    let transport = typeof id === "string" ? sessions.get(id) : undefined;
    if (!transport) {
      if (typeof id === "string") {
        response.writeHead(404).end();
        return;
      }
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, created);
        },
      });
      created.onclose = () => {
        if (created.sessionId) sessions.delete(created.sessionId);
        process.stderr.write(`SESSION-CLOSED ${created.sessionId}\n`);
      };
      await mcpServer().connect(created);
      transport = created;
    }
    const body = request.method === "POST" ? await readJson(request) : undefined;
    await transport.handleRequest(request, response, body);
  });
  http.listen(0, "127.0.0.1", () => {
    process.stdout.write(`LISTENING ${(http.address() as AddressInfo).port}\n`);
  });
  process.on("SIGTERM", () => {
    http.closeAllConnections();
    http.close(() => process.exit(0));
  });
}

if (process.argv.includes("--http")) await serveHttp();
else await mcpServer().connect(new StdioServerTransport());
