import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DSPyError } from "../errors/dspy-error.js";
import type { BaseLM, LMCallOptions, LMOutput } from "../lm/base-lm.js";
import { LMCache } from "../lm/cache.js";
import { lmCacheKey, lmCacheRequest } from "../lm/cache-key.js";
import { LM } from "../lm/lm.js";
import { History } from "../primitives/history.js";
import { Tool } from "../primitives/tool.js";
import { Signature } from "../signatures/signature.js";
import { ScriptedServer } from "../test/scripted-server.js";
import type { Adapter } from "./adapter.js";
import { ChatAdapter } from "./chat-adapter.js";
import { JSONAdapter } from "./json-adapter.js";
import type { Message } from "./message.js";
import { toToolCalls } from "./native-function-calling.js";

// Expected values come from real DSPy 3.4.1 (scripts/oracle/make_native_tools_fixtures.py).
interface Scenario {
  id: string;
  adapter: "chat" | "json";
  native?: boolean;
  parallel_tool_calls?: boolean;
  function_calling?: boolean;
  response_schema?: boolean;
  params?: string[];
  signature: string;
  outputs: { text: string | null; tool_calls?: unknown[] }[];
  expected: {
    requests: { messages: Message[]; kwargs: Record<string, unknown> }[];
    prediction: Record<string, unknown> | null;
    error: { type: string; message: string } | null;
    cache_keys: string[];
  };
}

const golden = JSON.parse(
  readFileSync(new URL("./__fixtures__/native-tools-golden.json", import.meta.url), "utf8"),
) as { tools: unknown[]; scenarios: Scenario[] };

// The same tools as the Python script's `get_weather` and `search` functions.
const TOOLS = [
  new Tool(({ city }: { city: string }) => `Sunny in ${city}`, {
    name: "get_weather",
    description: "Current weather for a city.",
    args: z.object({ city: z.string() }),
  }),
  new Tool(({ query, limit }: { query: string; limit: number }) => Array(limit).fill(query), {
    name: "search",
    description: "Search the web.\n    Returns titles.",
    args: z.object({ query: z.string(), limit: z.number().int().default(5) }),
  }),
];

function adapterFor(scenario: Scenario): Adapter {
  const options = {
    ...(scenario.native === undefined ? {} : { useNativeFunctionCalling: scenario.native }),
    ...(scenario.parallel_tool_calls === undefined ? {} : { parallelToolCalls: scenario.parallel_tool_calls }),
  };
  return scenario.adapter === "chat" ? new ChatAdapter(options) : new JSONAdapter(options);
}

/** DSPy's tool-call output without ids: `ToolCalls` serialises as `{name, args}` per call. */
function withoutIds(prediction: Record<string, unknown>): Record<string, unknown> {
  const calls = prediction.tool_calls as { tool_calls: Record<string, unknown>[] } | null;
  if (!calls) return prediction;
  return { ...prediction, tool_calls: { tool_calls: calls.tool_calls.map(({ id: _id, ...call }) => call) } };
}

/** Answers with the scenario's scripted outputs and records what the adapter sent. */
class ScriptedLM implements BaseLM {
  readonly model = "openai/gpt-4o-mini";
  readonly kwargs = { temperature: 0, max_tokens: 1000 };
  readonly supportedParams: ReadonlySet<string>;
  readonly supportsResponseSchema: boolean;
  readonly supportsFunctionCalling: boolean;
  readonly requests: { messages: Message[]; kwargs: Record<string, unknown> }[] = [];

  constructor(private readonly scenario: Scenario) {
    this.supportedParams = new Set(scenario.params ?? []);
    this.supportsResponseSchema = scenario.response_schema ?? false;
    this.supportsFunctionCalling = scenario.function_calling ?? true;
  }

  async call(messages: Message[], kwargs: Record<string, unknown>, _options?: LMCallOptions): Promise<LMOutput[]> {
    // A shallow copy: the response format keeps its cache-key stand-in (a non-enumerable symbol).
    this.requests.push({ messages: structuredClone(messages), kwargs: { ...kwargs } });
    const output = this.scenario.outputs[this.requests.length - 1] as Scenario["outputs"][number];
    return [{ text: output.text, ...(output.tool_calls ? { toolCalls: output.tool_calls } : {}) }];
  }
}

async function predict(adapter: Adapter, lm: BaseLM, signature: string): Promise<Record<string, unknown>> {
  const [outputs] = await adapter.call(lm, {}, new Signature(signature), [], {
    question: "Weather in Paris?",
    tools: TOOLS,
  });
  return outputs as Record<string, unknown>;
}

describe("native function calling matches DSPy 3.4.1", () => {
  it("formats tools exactly as format_as_litellm_function_call", () => {
    expect(JSON.stringify(TOOLS.map((tool) => tool.formatAsLitellmFunctionCall()))).toBe(JSON.stringify(golden.tools));
  });

  for (const scenario of golden.scenarios) {
    it(scenario.id, async () => {
      const lm = new ScriptedLM(scenario);
      const prediction = await predict(adapterFor(scenario), lm, scenario.signature);
      expect(lm.requests).toEqual(scenario.expected.requests);
      // Byte for byte (key order too) for the tools; LiteLLM orders a response format's keys its own way.
      expect(JSON.stringify(lm.requests.map((request) => request.kwargs.tools))).toBe(
        JSON.stringify(scenario.expected.requests.map((request) => request.kwargs.tools)),
      );
      expect(withoutIds(prediction)).toEqual(scenario.expected.prediction);
      // The request DSPy hashes (model, messages, merged kwargs with the tools) gives its digest.
      const keys = lm.requests.map((request) =>
        lmCacheKey(lmCacheRequest("openai/gpt-4o-mini", request.messages, { ...lm.kwargs, ...request.kwargs })),
      );
      expect(keys).toEqual(scenario.expected.cache_keys);
    });
  }

  it("refuses a ToolCalls output without a tools input, as DSPy's ValueError", async () => {
    const lm = new ScriptedLM(golden.scenarios[0] as Scenario);
    const error = await predict(
      new ChatAdapter({ useNativeFunctionCalling: true }),
      lm,
      "question -> calls: dspy.ToolCalls",
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DSPyError);
    expect((error as DSPyError).pythonType).toBe("ValueError");
    expect((error as DSPyError).message).toMatch(/^You provided an output field calls to receive the tool calls/);
  });

  it("keeps provider call ids and reads Responses-style calls", () => {
    expect(
      toToolCalls([
        { id: "call_9", type: "function", function: { name: "f", arguments: '{"a": 1,}' } },
        { id: "fc_1", call_id: "call_7", type: "function_call", name: "g", arguments: { b: 2 } },
      ]),
    ).toEqual({
      tool_calls: [
        { id: "call_9", name: "f", args: { a: 1 } },
        { id: "call_7", name: "g", args: { b: 2 } },
      ],
    });
  });
});

interface HistoryScenario {
  id: string;
  adapter: "chat" | "json";
  native: boolean;
  messages: Record<string, unknown>[];
  expected: Message[];
}

describe("conversation history with tool calls and results matches DSPy 3.4.1", () => {
  const scenarios = (golden as unknown as { history_scenarios: HistoryScenario[] }).history_scenarios;
  for (const scenario of scenarios) {
    it(scenario.id, async () => {
      const requests: Message[][] = [];
      const lm: BaseLM = {
        model: "openai/gpt-4o-mini",
        kwargs: { temperature: 0, max_tokens: 1000 },
        supportedParams: new Set(),
        supportsResponseSchema: false,
        supportsFunctionCalling: true,
        async call(messages) {
          requests.push(structuredClone(messages));
          return [{ text: "ok" }];
        },
      };
      const options = { useNativeFunctionCalling: scenario.native };
      const adapter = scenario.adapter === "chat" ? new ChatAdapter(options) : new JSONAdapter(options);
      const signature = new Signature(
        "question: str, tools: list[dspy.Tool], history: dspy.History -> answer: str, tool_calls: dspy.ToolCalls",
      );
      await adapter
        .call(lm, {}, signature, [], {
          question: "Weather in Oslo?",
          tools: TOOLS,
          history: new History(structuredClone(scenario.messages)),
        })
        .catch(() => undefined); // only the request matters
      expect(requests[0]).toEqual(scenario.expected);
      expect(JSON.stringify(requests[0])).toBe(JSON.stringify(scenario.expected));
    });
  }
});

describe("native function calling through the AI SDK (scripted OpenAI-compatible server)", () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await ScriptedServer.start({
      rules: [
        {
          match: "Weather in Paris?",
          toolCalls: [
            { name: "get_weather", arguments: { city: "Paris" } },
            { name: "search", arguments: '{"query": "Paris"}' },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const scenario = golden.scenarios.find((entry) => entry.id === "chat-native-tool-calls") as Scenario;

  it("sends DSPy's tools and messages, reads the tool calls back, and caches under DSPy's key", async () => {
    const keys: string[] = [];
    const cacheStore = new LMCache({ logger: { warn: () => {} }, disk: false });
    const getOrCompute = cacheStore.getOrCompute.bind(cacheStore);
    cacheStore.getOrCompute = ((key: string, ...rest: unknown[]) => {
      keys.push(key);
      return (getOrCompute as (...args: unknown[]) => unknown)(key, ...rest);
    }) as typeof cacheStore.getOrCompute;
    const lm = new LM("openai/gpt-4o-mini", {
      baseURL: server.baseURL,
      apiKey: "sk-test",
      temperature: 0,
      maxTokens: 1000,
      cacheStore,
    });
    expect(lm.supportsFunctionCalling).toBe(true);
    const adapter = new ChatAdapter({ useNativeFunctionCalling: true });
    const first = await predict(adapter, lm, scenario.signature);
    const second = await predict(adapter, lm, scenario.signature);

    expect(server.chatRequests).toHaveLength(1); // the second call was a cache hit
    const body = server.chatRequests[0]?.body as { messages: unknown; tools: unknown; tool_choice?: unknown };
    expect(body.messages).toEqual(scenario.expected.requests[0]?.messages);
    expect(body.tools).toEqual(scenario.expected.requests[0]?.kwargs.tools);
    expect(keys).toEqual([scenario.expected.cache_keys[0], scenario.expected.cache_keys[0]]);
    expect(withoutIds(first)).toEqual(scenario.expected.prediction);
    expect(second).toEqual(first);
    expect((first.tool_calls as { tool_calls: { id: string }[] }).tool_calls.map((call) => call.id)).toEqual([
      "call_0",
      "call_1",
    ]);
  });

  it("a model without function calling gets the tools in the prompt instead", async () => {
    const lm = new LM("openai/gpt-4o-mini", {
      baseURL: server.baseURL,
      apiKey: "sk-test",
      cache: false,
      supportsFunctionCalling: false,
    });
    const before = server.chatRequests.length;
    await predict(
      new ChatAdapter({ useNativeFunctionCalling: true, useJsonAdapterFallback: false }),
      lm,
      scenario.signature,
    ).catch(() => undefined);
    const body = server.chatRequests[before]?.body as { tools?: unknown; messages: { content: string }[] };
    expect(body.tools).toBeUndefined();
    expect(body.messages.at(-1)?.content).toContain("[[ ## tools ## ]]");
  });
});
