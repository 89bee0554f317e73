import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answerExactMatch } from "../evaluate/answer-match.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import { LM } from "../lm/lm.js";
import type { Message } from "../lm/message.js";
import { BootstrapFewShotWithRandomSearch } from "../optimizers/random-search.js";
import { callModule } from "../predict/call-module.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import { ScriptedServer } from "../test/scripted-server.js";
import { withCallbacks } from "../utils/callback.js";
import { compileJob } from "./compile-job.js";
import { evaluateJob } from "./evaluate-job.js";
import { OpenTelemetryCallback } from "./open-telemetry-callback.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const SECRET = "sk-otel-0123456789abcdefghijklmnop";
let server: ScriptedServer;

beforeAll(async () => {
  server = await ScriptedServer.start({
    rules: [
      { match: "Boom", fault: { type: "status", status: 400, message: "bad request" } },
      { match: "Rough", reply: "[[ ## answer ## ]]\nPolished\n\n[[ ## completed ## ]]" },
      { reply: "[[ ## draft ## ]]\nRough\n\n[[ ## completed ## ]]" },
    ],
  });
});
afterAll(() => server.close());
beforeEach(() => exporter.reset());

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** Each span as "name" with its children nested, in start order. */
function tree(spans: ReadableSpan[], parent?: string): unknown[] {
  return spans
    .filter((span) => parentOf(span) === parent)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
    .map((span) => {
      const children = tree(spans, span.spanContext().spanId);
      return children.length > 0 ? { [span.name]: children } : span.name;
    });
}

class Pipeline extends Module {
  draft = new Predict("question -> draft");
  polish = new Predict("draft -> answer");
  call(inputs: { question: string }): Promise<Prediction> {
    return callModule(this, inputs, async () => {
      const draft = await this.draft.call(inputs);
      return this.polish.call({ draft: draft.get("draft") });
    });
  }
}

function httpLm(): LM {
  return new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: SECRET, cache: false, temperature: 0.3 });
}

describe("OpenTelemetryCallback", () => {
  it("nests module, adapter and GenAI LM spans per call, even for concurrent calls", async () => {
    const tracing = new OpenTelemetryCallback({ tracer: provider.getTracer("test") });
    await context({ lm: httpLm(), callbacks: [tracing] }, () =>
      Promise.all(["a", "b", "c"].map((question) => new Pipeline().call({ question }))),
    );
    const predict = {
      "dspy.module Predict": ["dspy.adapter.format ChatAdapter", "chat gpt-4o-mini", "dspy.adapter.parse ChatAdapter"],
    };
    const spans = exporter.getFinishedSpans();
    expect(tree(spans)).toEqual(Array(3).fill({ "dspy.module Pipeline": [predict, predict] }));

    const chat = spans.filter((span) => span.name === "chat gpt-4o-mini");
    expect(chat).toHaveLength(6);
    for (const span of chat) {
      expect(span.kind).toBe(2); // CLIENT
      expect(span.attributes).toMatchObject({
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.request.temperature": 0.3,
        "dspy.lm.cache_hit": false,
      });
      expect(span.attributes["gen_ai.usage.input_tokens"]).toBeGreaterThan(0);
      expect(span.attributes["gen_ai.usage.output_tokens"]).toBeGreaterThan(0);
      expect(span.attributes["gen_ai.input.messages"]).toBeUndefined(); // content is opt-in
    }
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain(SECRET);
  });

  it("records prompts only when asked, and marks failed calls as errors", async () => {
    const tracing = new OpenTelemetryCallback({ tracer: provider.getTracer("test"), captureContent: true });
    const failed = await context({ lm: httpLm(), callbacks: [tracing] }, () =>
      new Predict("question -> draft").call({ question: "Boom" }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(failed).toBeInstanceOf(Error);
    const spans = exporter.getFinishedSpans();
    const chat = spans.find((span) => span.name === "chat gpt-4o-mini");
    expect(String(chat?.attributes["gen_ai.input.messages"])).toContain("Boom");
    expect(chat?.status.code).toBe(2); // ERROR
    expect(chat?.events.some((event) => event.name === "exception")).toBe(true);
    expect(spans.find((span) => span.name === "dspy.module Predict")?.status.code).toBe(2);
  });

  it("puts each optimizer trial under the compile, with its evaluation and score inside", async () => {
    const tracing = new OpenTelemetryCallback({ tracer: provider.getTracer("test") });
    const questions = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) =>
        new Example({ question: `What is q${from + i}?`, answer: `a${from + i}` }).withInputs("question"),
      );
    const lm = new DemoAwareLM();
    const optimizer = new BootstrapFewShotWithRandomSearch({
      metric: answerExactMatch,
      numCandidatePrograms: 1,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
      numThreads: 1,
      logger: { info: () => {}, error: () => {} },
    });
    await context({ lm, callbacks: [tracing] }, () =>
      compileJob(optimizer, new Predict("question -> answer"), { trainset: questions(0, 4), valset: questions(4, 6) }),
    );
    const spans = exporter.getFinishedSpans();
    const compile = spans.find((span) => span.name === "dspy.compile BootstrapFewShotWithRandomSearch");
    expect(compile).toBeDefined();
    const trials = spans.filter((span) => span.name.startsWith("dspy.trial "));
    // Seeds -3, -2, -1 and 0: zero-shot, labeled only, unshuffled and one shuffled bootstrap.
    expect(trials.map((span) => span.name).sort()).toEqual([
      "dspy.trial 0",
      "dspy.trial 1",
      "dspy.trial 2",
      "dspy.trial 3",
    ]);
    for (const trial of trials) {
      expect(parentOf(trial)).toBe(compile?.spanContext().spanId);
      const evaluations = spans.filter(
        (span) => span.name === "dspy.evaluate" && parentOf(span) === trial.spanContext().spanId,
      );
      expect(evaluations).toHaveLength(1);
      expect(evaluations[0]?.attributes["dspy.evaluate.score"]).toBe(trial.attributes["dspy.trial.score"]);
      const modules = spans.filter((span) => parentOf(span) === evaluations[0]?.spanContext().spanId);
      expect(modules.map((span) => span.name)).toEqual(["dspy.module Predict", "dspy.module Predict"]);
    }
  });

  it("traces a job's evaluation and tools, and never breaks the program when spans fail", async () => {
    const tracing = new OpenTelemetryCallback({ tracer: provider.getTracer("test") });
    const devset = ["x", "y"].map((question) => new Example({ question, answer: "Polished" }).withInputs("question"));
    const result = await context({ lm: httpLm(), callbacks: [tracing] }, () =>
      evaluateJob(new Pipeline(), { devset, metric: answerExactMatch, numThreads: 2 }),
    );
    expect(result.score).toBe(100);
    const spans = exporter.getFinishedSpans();
    expect(
      tree(spans).filter((node) => typeof node === "object" && node !== null && "dspy.evaluate" in node),
    ).toHaveLength(1);
    const evaluate = spans.find((span) => span.name === "dspy.evaluate");
    expect(evaluate?.attributes).toMatchObject({ "dspy.evaluate.devset_size": 2, "dspy.evaluate.score": 100 });

    exporter.reset();
    const tool = { name: "search", callbacks: [] };
    await context({ callbacks: [tracing] }, () => withCallbacks("tool", tool, { kwargs: {} }, async () => "ok"));
    expect(exporter.getFinishedSpans()[0]?.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "search",
    });
  });
});

/** Answers right only when the prompt carries demos, so trials differ in score. */
class DemoAwareLM implements BaseLM {
  readonly model = "demo-aware";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  async call(messages: Message[]): Promise<LMOutput[]> {
    const question = /q(\d+)\?/.exec(String(messages.at(-1)?.content))?.[1];
    const answer = messages.length > 2 ? `a${question}` : "no idea";
    return [{ text: `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]` }];
  }
}
