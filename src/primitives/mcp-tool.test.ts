import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DSPyError } from "../errors/dspy-error.js";
import { mcpFixtureStdio, startMcpFixtureHttp } from "../test/mcp-fixture-server.js";
import { connectMcpServer, type McpConnection } from "./mcp-connection.js";
import { fromMcpTool, type McpToolClient, type McpToolDefinition } from "./mcp-tool.js";

// Expected values come from real DSPy 3.4.1 (scripts/oracle/make_mcp_fixtures.py).
interface Golden {
  tools: {
    name: string;
    desc: string | null;
    str: string;
    args: Record<string, unknown>;
    has_kwargs: boolean;
    litellm: unknown;
  }[];
  calls: {
    tool: string;
    args: Record<string, unknown>;
    result_mode: "text" | "structured";
    result: unknown;
    error: { type: string; message: string } | null;
    sent: Record<string, unknown> | null;
  }[];
}

const golden = JSON.parse(readFileSync(new URL("./__fixtures__/mcp-golden.json", import.meta.url), "utf8")) as Golden;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Records the arguments each call sends, then forwards it to the real client. */
function recording(client: McpToolClient): McpToolClient & { sent: Record<string, unknown>[] } {
  const sent: Record<string, unknown>[] = [];
  return {
    sent,
    callTool: (params, schema, options) => {
      sent.push(structuredClone(params.arguments ?? {}));
      return client.callTool(params, schema, options);
    },
  };
}

async function outcome(promise: Promise<unknown>): Promise<{ result: unknown; error: unknown }> {
  try {
    return { result: await promise, error: null };
  } catch (error) {
    return { result: null, error };
  }
}

function describeTransport(name: string, open: () => Promise<McpConnection>) {
  describe(`MCP tools over ${name} match DSPy 3.4.1's Tool.from_mcp_tool`, () => {
    let connection: McpConnection;
    let definitions: McpToolDefinition[];
    beforeAll(async () => {
      connection = await open();
      definitions = (await connection.client.listTools()).tools as McpToolDefinition[];
    });
    afterAll(async () => {
      await connection.close();
    });

    it("lists every tool with DSPy's name, description, args, str() and function-call format", () => {
      expect(connection.tools.map((tool) => tool.name)).toEqual(golden.tools.map((tool) => tool.name));
      for (const [index, expected] of golden.tools.entries()) {
        const tool = connection.tools[index];
        expect(tool?.desc).toBe(expected.desc);
        expect(String(tool)).toBe(expected.str);
        expect(JSON.stringify(tool?.args)).toBe(JSON.stringify(expected.args));
        expect(tool?.hasKwargs).toBe(expected.has_kwargs);
        expect(JSON.stringify(tool?.formatAsLitellmFunctionCall())).toBe(JSON.stringify(expected.litellm));
      }
    });

    for (const entry of golden.calls) {
      it(`${entry.tool}(${JSON.stringify(entry.args)}) [${entry.result_mode}]`, async () => {
        const client = recording(connection.client as unknown as McpToolClient);
        const definition = definitions.find((tool) => tool.name === entry.tool) as McpToolDefinition;
        const tool = fromMcpTool(client, definition, { resultMode: entry.result_mode });
        const { result, error } = await outcome(tool.acall(entry.args));
        if (entry.error === null) {
          expect(error).toBeNull();
          expect(result).toEqual(entry.result);
        } else {
          expect(error).toBeInstanceOf(DSPyError);
          expect((error as DSPyError).pythonType).toBe(entry.error.type);
          expect((error as DSPyError).message).toBe(entry.error.message);
        }
        // What reached the server: validated arguments as given, no defaults filled in.
        expect(client.sent[0] ?? null).toEqual(entry.sent);
      });
    }
  });
}

describeTransport("stdio", () => connectMcpServer(mcpFixtureStdio()));

describe("MCP over Streamable HTTP", () => {
  let server: Awaited<ReturnType<typeof startMcpFixtureHttp>>;
  beforeAll(async () => {
    server = await startMcpFixtureHttp();
  });
  afterAll(async () => {
    await server.stop();
    expect(isAlive(server.process.pid as number)).toBe(false);
  });

  describeTransport("HTTP", () => connectMcpServer({ url: server.url }));

  it("closing the connection terminates the session on the server", async () => {
    const connection = await connectMcpServer({ url: server.url });
    const sessionId = (connection.client.transport as { sessionId?: string } | undefined)?.sessionId;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await connection.tools[0]?.acall({ a: 1, b: 1 })).toBe("2");
    await connection.close();
    await connection.close(); // closing twice is harmless
    await expect.poll(() => server.stderr()).toContain(`SESSION-CLOSED ${sessionId}`);
  });
});

describe("MCP connections clean up", () => {
  it("closing a stdio connection stops the server process", async () => {
    const connection = await connectMcpServer(mcpFixtureStdio());
    const pid = connection.pid as number;
    expect(isAlive(pid)).toBe(true);
    await connection.close();
    expect(isAlive(pid)).toBe(false);
  });

  it("`await using` closes the connection when the scope ends, also after an error", async () => {
    let pid = 0;
    await expect(
      (async () => {
        await using connection = await connectMcpServer(mcpFixtureStdio());
        pid = connection.pid as number;
        await connection.tools.find((tool) => tool.name === "fail")?.acall({ reason: "scope" });
      })(),
    ).rejects.toThrow("Failed to call a MCP tool: Refused: scope");
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });

  it("a server that cannot start gives a typed error and leaves no process behind", async () => {
    const error = await connectMcpServer({ command: process.execPath, args: ["-e", "process.exit(3)"] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DSPyError);
    expect((error as DSPyError).code).toBe("mcp_connect");
  });

  it("a call with an aborted signal is refused before reaching the server", async () => {
    await using connection = await connectMcpServer(mcpFixtureStdio());
    const client = recording(connection.client as unknown as McpToolClient);
    const definitions = (await connection.client.listTools()).tools as McpToolDefinition[];
    const tool = fromMcpTool(client, definitions[0] as McpToolDefinition);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(tool.acall({ a: 1 }, { signal: controller.signal })).rejects.toThrow("stop");
    expect(client.sent).toEqual([]);
  });
});

describe("fromMcpTool", () => {
  it("refuses an unknown result mode as DSPy does", () => {
    const definition: McpToolDefinition = { name: "t", inputSchema: { type: "object" } };
    const client: McpToolClient = { callTool: async () => ({ content: [] }) };
    expect(() => fromMcpTool(client, definition, { resultMode: "json" as never })).toThrow(
      "Unsupported MCP result mode: 'json'",
    );
  });

  it("answers an empty result with an empty list, as DSPy's `tool_content or non_text_contents`", async () => {
    const definition: McpToolDefinition = { name: "t", inputSchema: { type: "object" } };
    const client: McpToolClient = { callTool: async () => ({ content: [{ type: "text", text: "" }] }) };
    expect(await fromMcpTool(client, definition).acall({})).toEqual([]);
  });
});
