import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import type { Message } from "../adapters/message.js";
import type { BaseLM, LMCallOptions, LMOutput } from "../lm/base-lm.js";
import { connectMcpServer } from "../primitives/mcp-connection.js";
import { DummyLM } from "../test/dummy-lm.js";
import { mcpFixtureStdio } from "../test/mcp-fixture-server.js";
import { ReAct } from "./react.js";
import { context } from "./settings.js";

// Expected values come from real DSPy 3.4.1 (scripts/oracle/make_mcp_fixtures.py): its ReAct
// with `Tool.from_mcp_tool` tools, driven by DSPy's DummyLM with the same answers.
interface Golden {
  react: {
    inputs: Record<string, unknown>;
    answers: Record<string, unknown>[];
    requests: Message[][];
    prediction: Record<string, unknown>;
  };
}

const golden = JSON.parse(
  readFileSync(new URL("../primitives/__fixtures__/mcp-golden.json", import.meta.url), "utf8"),
) as Golden;

class RecordingLM implements BaseLM {
  readonly model = "dummy";
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly supportedParams: ReadonlySet<string>;
  readonly supportsResponseSchema = false;
  readonly requests: Message[][] = [];

  constructor(private readonly inner: DummyLM) {
    this.kwargs = inner.kwargs;
    this.supportedParams = inner.supportedParams;
  }

  async call(messages: Message[], kwargs: Record<string, unknown>, _options?: LMCallOptions): Promise<LMOutput[]> {
    this.requests.push(structuredClone(messages));
    return this.inner.call(messages, kwargs);
  }
}

// A failed tool reaches the LM with a Python traceback there and a JavaScript stack here; both
// are reduced to the exception message before comparing.
function normalize<T>(value: T): T {
  const block = /Execution error in (\S+): \n([\s\S]*?)(?=\n\n\[\[ ## |\n\nRespond with |$)/g;
  const exceptionLine = (text: string) => {
    const lines = text.split("\n");
    const python = lines.findLast((line) => /^[A-Za-z_][\w.]*: /.test(line) && !line.startsWith(" "));
    const line = (lines[0] === "Traceback (most recent call last):" ? python : lines[0]) ?? "";
    return line.replace(/^[\w.]+: /, "");
  };
  return JSON.parse(
    JSON.stringify(value, (_key, item) =>
      typeof item === "string"
        ? item.replace(block, (_match, name, text) => `Execution error in ${name}: <${exceptionLine(text)}>`)
        : item,
    ),
  ) as T;
}

describe("ReAct with MCP tools matches DSPy 3.4.1 end to end", () => {
  it("calls the real MCP server's tools and sends DSPy's prompts", async () => {
    await using mcp = await connectMcpServer(mcpFixtureStdio());
    const tools = mcp.tools.filter((tool) => ["add", "search", "fail", "multi"].includes(tool.name));
    const adapter = new ChatAdapter();
    const lm = new RecordingLM(new DummyLM(golden.react.answers, { adapter }));
    const agent = new ReAct("question -> answer", { tools });
    const prediction = await context({ lm, adapter }, () => agent.call(golden.react.inputs));

    expect(normalize(lm.requests)).toEqual(normalize(golden.react.requests));
    expect(normalize(prediction.toDict())).toEqual(normalize(golden.react.prediction));
    const observation = (prediction.get("trajectory") as Record<string, string>).observation_2;
    expect(normalize({ observation })).toEqual({
      observation: "Execution error in fail: <Failed to call a MCP tool: Refused: testing>",
    });
    // The exception line the LM reads is Python's: DSPy's traceback ends with it too.
    expect(observation).toMatch(
      /^Execution error in fail: \nRuntimeError: Failed to call a MCP tool: Refused: testing\n {4}at /,
    );
  });
});
