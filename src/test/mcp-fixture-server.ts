import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { McpStdioTarget } from "../primitives/mcp-connection.js";

const SCRIPT = fileURLToPath(new URL("../primitives/__fixtures__/mcp-server.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * How to start the fixture MCP server (src/primitives/__fixtures__/mcp-server.ts) over stdio:
 * one Node process running the TypeScript file through tsx's loader.
 *
 * @example
 * await using mcp = await connectMcpServer(mcpFixtureStdio());
 */
export function mcpFixtureStdio(): McpStdioTarget {
  return { command: process.execPath, args: ["--import", "tsx", SCRIPT], cwd: ROOT, stderr: "pipe" };
}

/** The fixture MCP server serving Streamable HTTP on 127.0.0.1, in its own process. */
export interface McpFixtureHttp {
  url: URL;
  process: ChildProcess;
  /** What the server wrote to stderr so far (it logs `SESSION-CLOSED <id>` per ended session). */
  stderr(): string;
  /** Stops the server process and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts the fixture MCP server over Streamable HTTP on a random port and waits until it listens.
 *
 * @example
 * const server = await startMcpFixtureHttp();
 * await using mcp = await connectMcpServer({ url: server.url });
 */
export async function startMcpFixtureHttp(): Promise<McpFixtureHttp> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, "--http"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => {
    errors += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`MCP fixture server exited (${code}): ${errors}`)));
  });
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    process: child,
    stderr: () => errors,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
