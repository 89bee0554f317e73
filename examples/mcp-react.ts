/**
 * A ReAct agent whose tools come from an MCP server. The server is the small fixture server of
 * the tests (src/primitives/__fixtures__/mcp-server.ts), started over stdio; the LM is DummyLM
 * with scripted answers, so this runs offline.
 *
 *     npx tsx examples/mcp-react.ts
 *
 * With a real server and model, only the two marked lines change, e.g.
 *   connectMcpServer({ command: "npx", args: ["-y", "@modelcontextprotocol/server-everything"] })
 *   connectMcpServer({ url: "http://127.0.0.1:3000/mcp" })   // Streamable HTTP
 *   new LM("openai/gpt-4o-mini")
 */
import { connectMcpServer } from "../src/index.js";
import { ReAct } from "../src/predict/react.js";
import { context } from "../src/predict/settings.js";
import { DummyLM } from "../src/test/dummy-lm.js";
import { mcpFixtureStdio } from "../src/test/mcp-fixture-server.js";

// `await using` closes the session (and stops the server process) when the scope ends.
await using mcp = await connectMcpServer(mcpFixtureStdio()); // ← your server here
for (const tool of mcp.tools) console.log("tool:", String(tool));

const lm = new DummyLM([
  // ← new LM("openai/gpt-4o-mini") instead of these scripted steps
  { next_thought: "Add the numbers with the MCP tool.", next_tool_name: "add", next_tool_args: { a: 2, b: 3 } },
  { next_thought: "I have the sum.", next_tool_name: "finish", next_tool_args: {} },
  { reasoning: "The add tool returned 5.", answer: "5" },
]);

const agent = new ReAct("question -> answer", { tools: mcp.tools.filter((tool) => tool.name !== "image") });
const prediction = await context({ lm }, () => agent.call({ question: "What is 2 + 3?" }));
console.log("answer:", prediction.get("answer"));
console.log("trajectory:", prediction.get("trajectory"));
