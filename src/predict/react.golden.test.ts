import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Adapter } from "../adapters/adapter.js";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import { JSONAdapter } from "../adapters/json-adapter.js";
import type { Message } from "../adapters/message.js";
import { XMLAdapter } from "../adapters/xml-adapter.js";
import { DSPyError } from "../errors/dspy-error.js";
import { ContextWindowExceededError } from "../errors/lm-errors.js";
import type { BaseLM, LMCallOptions, LMOutput } from "../lm/base-lm.js";
import { Tool } from "../primitives/tool.js";
import { Signature } from "../signatures/signature.js";
import { DummyLM } from "../test/dummy-lm.js";
import { jsonSchemaError } from "../utils/json-schema-validate.js";
import { ReAct } from "./react.js";
import { context } from "./settings.js";

// Expected values come from real DSPy 3.4.1 (scripts/oracle/make_react_fixtures.py).
interface Scenario {
  id: string;
  signature: string;
  instructions?: string;
  tools: string[];
  adapter?: "chat" | "json";
  max_iters?: number;
  call_max_iters?: number;
  fail_at?: number[];
  inputs: Record<string, unknown>;
  answers: Record<string, unknown>[];
  expected: {
    requests: Message[][];
    prediction: Record<string, unknown> | null;
    error: { type: string; message: string } | null;
  };
}

interface Golden {
  scenarios: Scenario[];
  tools: { name: string; str: string; litellm: unknown }[];
  format_trajectory: {
    trajectory: Record<string, unknown>;
    cases: { adapter: "chat" | "json" | "xml"; empty: string; full: string }[];
  };
  tool_calls: {
    tool: string;
    args: Record<string, unknown>;
    result: unknown;
    error: { type: string; message: string } | null;
  }[];
  schema_checks: { schema: Record<string, unknown>; instance: unknown; message: string | null }[];
}

const golden = JSON.parse(readFileSync(new URL("./__fixtures__/react-golden.json", import.meta.url), "utf8")) as Golden;

// The same tools as the Python script: type hints there, zod or JSON-schema args here.
const TOOLS: Record<string, Tool> = {
  add: new Tool(({ a, b }) => a + b, {
    name: "add",
    description: "Add two integers.\n    Returns their sum.",
    args: z.object({ a: z.number().int(), b: z.number().int().default(2) }),
  }),
  weather: new Tool(({ city, unit, days }) => ({ city, unit, temperature: unit === "c" ? 21 : 70, days }), {
    name: "weather",
    description: "Current weather for a city.",
    args: z.object({
      city: z.string(),
      unit: z.enum(["c", "f"]).default("c"),
      days: z.number().int().nullable().default(null),
    }),
  }),
  boom: new Tool(
    ({ x }): never => {
      throw new Error(`boom ${x}`);
    },
    { name: "boom", args: z.object({ x: z.string() }) },
  ),
  lookup: new Tool(({ city }) => [`${city} is the capital of France.`, "Population: 2.1 million"], {
    name: "lookup",
    description: "Look up facts about a city.",
    args: {
      city: { type: "string", description: "City name" },
      fields: { type: "array", items: { type: "string" }, default: [] },
    },
  }),
};

const ADAPTERS: Record<string, () => Adapter> = {
  chat: () => new ChatAdapter(),
  json: () => new JSONAdapter(),
  xml: () => new XMLAdapter(),
};

/** Records every request; the chosen calls overflow the context window without using an answer. */
class RecordingLM implements BaseLM {
  readonly model = "dummy";
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly supportedParams: ReadonlySet<string>;
  readonly supportsResponseSchema = false;
  readonly requests: Message[][] = [];

  constructor(
    private readonly inner: DummyLM,
    private readonly failAt: ReadonlySet<number>,
  ) {
    this.kwargs = inner.kwargs;
    this.supportedParams = inner.supportedParams;
  }

  async call(messages: Message[], kwargs: Record<string, unknown>, _options?: LMCallOptions): Promise<LMOutput[]> {
    const index = this.requests.length;
    this.requests.push(structuredClone(messages));
    if (this.failAt.has(index)) throw new ContextWindowExceededError("Context window exceeded", { model: "dummy" });
    return this.inner.call(messages, kwargs);
  }
}

// Tool errors reach the LM with a stack: a Python traceback there, a JavaScript stack here.
// Paths and frames cannot match across languages, so both are reduced to the error message.
const ERROR_BLOCK = /Execution error in (\S+): \n([\s\S]*?)(?=\n\n\[\[ ## |\n\nRespond with |$)/g;

function errorMessage(block: string): string {
  const lines = block.split("\n");
  const exception = /^[A-Za-z_][\w.]*(: |$)/;
  let start = 0;
  let end = lines.length;
  if (lines[0] === "Traceback (most recent call last):") {
    start = lines.findLastIndex((line) => exception.test(line));
  } else {
    const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
    if (firstFrame >= 0) end = firstFrame;
  }
  return lines
    .slice(start, end)
    .join("\n")
    .replace(/^[\w.]+: ?/, "");
}

function normalize<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, item) =>
      typeof item === "string"
        ? item.replace(
            ERROR_BLOCK,
            (_match, name, block) => `Execution error in ${name}: <error: ${errorMessage(block)}>`,
          )
        : item,
    ),
  ) as T;
}

describe("ReAct matches DSPy 3.4.1 (golden scenarios)", () => {
  for (const scenario of golden.scenarios) {
    it(scenario.id, async () => {
      const adapter = (ADAPTERS[scenario.adapter ?? "chat"] as () => Adapter)();
      const lm = new RecordingLM(new DummyLM(scenario.answers, { adapter }), new Set(scenario.fail_at ?? []));
      const warnings: string[] = [];
      const agent = new ReAct(new Signature(scenario.signature, scenario.instructions), {
        tools: scenario.tools.map((name) => TOOLS[name] as Tool),
        maxIters: scenario.max_iters ?? 20,
        logger: { warn: (message) => warnings.push(message) },
      });
      const options = scenario.call_max_iters === undefined ? {} : { maxIters: scenario.call_max_iters };
      let prediction: Record<string, unknown> | null = null;
      let error: unknown = null;
      await context({ lm, adapter }, async () => {
        try {
          prediction = (await agent.call(scenario.inputs, options)).toDict();
        } catch (caught) {
          error = caught;
        }
      });

      expect(normalize(lm.requests)).toEqual(normalize(scenario.expected.requests));
      if (scenario.expected.error) {
        expect(error).toBeInstanceOf(DSPyError);
        expect((error as DSPyError).pythonType).toBe(scenario.expected.error.type);
        expect((error as DSPyError).message).toBe(scenario.expected.error.message);
      } else {
        expect(error).toBeNull();
        const actual = normalize(prediction);
        expect(actual).toEqual(normalize(scenario.expected.prediction));
        // Key order is part of DSPy's output (trajectory first, then reasoning and the outputs).
        expect(JSON.stringify(actual)).toBe(JSON.stringify(normalize(scenario.expected.prediction)));
      }
      if (scenario.fail_at?.length) expect(warnings.length).toBeGreaterThan(0);
    });
  }

  it("the tool-error observation carries the message after normalising the stack", async () => {
    const scenario = golden.scenarios.find((entry) => entry.id === "tool-error") as Scenario;
    const observation = (normalize(scenario.expected.prediction) as { trajectory: Record<string, string> }).trajectory
      .observation_0;
    expect(observation).toBe("Execution error in boom: <error: boom y>");
  });
});

describe("Tool rendering matches DSPy 3.4.1", () => {
  for (const entry of golden.tools) {
    it(entry.name, () => {
      const tool = TOOLS[entry.name] as Tool;
      expect(String(tool)).toBe(entry.str);
      expect(tool.formatAsLitellmFunctionCall()).toEqual(entry.litellm);
      expect(JSON.stringify(tool.formatAsLitellmFunctionCall())).toBe(JSON.stringify(entry.litellm));
    });
  }
});

describe("Tool calls validate like DSPy 3.4.1 (jsonschema, then pydantic)", () => {
  for (const entry of golden.tool_calls) {
    it(`${entry.tool}(${JSON.stringify(entry.args)})`, () => {
      const tool = TOOLS[entry.tool] as Tool;
      if (entry.error === null) {
        expect(tool.call(entry.args)).toEqual(entry.result);
        return;
      }
      let caught: unknown;
      try {
        tool.call(entry.args);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DSPyError);
      expect((caught as DSPyError).pythonType).toBe(entry.error.type);
      expect((caught as DSPyError).message).toBe(entry.error.message);
    });
  }
});

describe("jsonSchemaError matches python-jsonschema 4.26", () => {
  for (const entry of golden.schema_checks) {
    it(`${JSON.stringify(entry.schema)} ← ${JSON.stringify(entry.instance)}`, () => {
      expect(jsonSchemaError(entry.schema, entry.instance) ?? null).toBe(entry.message);
    });
  }
});

describe("ReAct trajectory formatting matches DSPy 3.4.1", () => {
  const { trajectory, cases } = golden.format_trajectory;
  const agent = new ReAct("question -> answer", { tools: [TOOLS.add as Tool] });
  for (const entry of cases) {
    it(entry.adapter, () => {
      context({ adapter: (ADAPTERS[entry.adapter] as () => Adapter)() }, () => {
        expect(agent.formatTrajectory({})).toBe(entry.empty);
        expect(agent.formatTrajectory(trajectory)).toBe(entry.full);
      });
    });
  }
});
