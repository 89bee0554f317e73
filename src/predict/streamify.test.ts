import { describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import { JSONAdapter } from "../adapters/json-adapter.js";
import { XMLAdapter } from "../adapters/xml-adapter.js";
import { AdapterParseError } from "../errors/adapter-parse-error.js";
import type { BaseLM } from "../lm/base-lm.js";
import { Module } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { Tool } from "../primitives/tool.js";
import { DummyLM } from "../test/dummy-lm.js";
import { StreamingDummyLM } from "../test/streaming-dummy-lm.js";
import { ChainOfThought } from "./chain-of-thought.js";
import { Predict } from "./predict.js";
import { ReAct } from "./react.js";
import { context } from "./settings.js";
import { StatusMessageProvider } from "./status-message-provider.js";
import { StreamListener } from "./stream-listener.js";
import { StatusMessage, StreamChunk, StreamResponse } from "./stream-messages.js";
import { type StreamValue, streamify } from "./streamify.js";

const threes = (text: string) => text.match(/[\s\S]{1,3}/g) ?? [];
const listen = (field: string, options: Partial<ConstructorParameters<typeof StreamListener>[0]> = {}) =>
  new StreamListener({ signatureFieldName: field, ...options });

/** A streaming LM double that answers every call with `text` (DummyLM writes only chat and JSON answers). */
function scriptedStreamingLM(text: string, chunks: (text: string) => string[]): BaseLM {
  return {
    model: "scripted",
    kwargs: {},
    supportedParams: new Set(),
    supportsResponseSchema: false,
    call: async () => [{ text }],
    async *stream() {
      yield* chunks(text);
      return [{ text }];
    },
  };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of stream) values.push(value);
  return values;
}

const responses = (values: unknown[]) => values.filter((value) => value instanceof StreamResponse);
const textOf = (values: unknown[], field: string) =>
  responses(values)
    .filter((value) => value.signatureFieldName === field)
    .map((value) => value.chunk)
    .join("");

describe("streamify with listeners", () => {
  it("streams a Predict's field in chunks that reassemble to the parsed value, then yields the prediction", async () => {
    // A second output field puts a marker after the answer, as a real LM's `[[ ## completed ## ]]` does.
    const lm = new StreamingDummyLM([{ answer: "Paris is the capital of France.", notes: "n" }], { chunks: threes });
    const program = streamify(new Predict("question -> answer, notes"), { streamListeners: [listen("answer")] });
    const values = await context({ lm }, () => collect(program({ question: "Capital of France?" })));
    const chunks = responses(values);
    expect(chunks.length).toBeGreaterThan(3);
    expect(textOf(values, "answer")).toBe("Paris is the capital of France.");
    expect(chunks.map((chunk) => chunk.isLastChunk)).toEqual([...chunks.slice(1).map(() => false), true]);
    expect(chunks.every((chunk) => chunk.predictName === "self")).toBe(true);
    const last = values.at(-1);
    expect(last).toBeInstanceOf(Prediction);
    expect((last as Prediction).get("answer")).toBe("Paris is the capital of France.");
    // The stream went through lm.stream, and nothing else called the LM.
    expect(lm.deltas).toHaveLength(1);
    expect(lm.history).toHaveLength(1);
  });

  it("streams ChainOfThought's reasoning, then its answer, from the inner predictor", async () => {
    const lm = new StreamingDummyLM([{ reasoning: "Paris is in France [1].", answer: "Paris" }]);
    const program = streamify(new ChainOfThought("question -> answer"), {
      streamListeners: [listen("reasoning"), listen("answer")],
    });
    const values = await context({ lm }, () => collect(program({ question: "?" })));
    expect(textOf(values, "reasoning")).toBe("Paris is in France [1].");
    expect(textOf(values, "answer")).toBe("Paris");
    const fields = responses(values).map((value) => value.signatureFieldName);
    expect(fields.indexOf("answer")).toBeGreaterThan(fields.lastIndexOf("reasoning"));
    expect(new Set(responses(values).map((value) => value.predictName))).toEqual(new Set(["predict"]));
  });

  it("follows the XML and JSON adapters' markers (JSON chunks are raw JSON text, as in DSPy)", async () => {
    const xml = scriptedStreamingLM("<answer>\na &lt; b\n</answer>", threes);
    const program = streamify(new Predict("question -> answer"), { streamListeners: [listen("answer")] });
    const xmlValues = await context({ lm: xml, adapter: new XMLAdapter() }, () => collect(program({ question: "?" })));
    expect(textOf(xmlValues, "answer")).toBe("a &lt; b");
    expect((xmlValues.at(-1) as Prediction).get("answer")).toBe("a < b");

    const json = new StreamingDummyLM([{ answer: 'say "hi"', notes: "n" }], { adapter: new JSONAdapter() });
    const jsonProgram = streamify(new Predict("question -> answer, notes"), { streamListeners: [listen("answer")] });
    const jsonValues = await context({ lm: json, adapter: new JSONAdapter() }, () =>
      collect(jsonProgram({ question: "?" })),
    );
    // DSPy's JSON listener passes raw JSON on, and a key that arrives apart from its value leaks
    // into the previous field's chunks (the golden listener cases pin this down).
    expect(responses(jsonValues).map((value) => [value.chunk, value.isLastChunk])).toEqual([
      ['"say ', false],
      ['\\"hi\\"",\n  "notes": ', false],
      ['"n"', true],
    ]);
    expect((jsonValues.at(-1) as Prediction).get("answer")).toBe('say "hi"');
  });

  it("leaves the prediction out when asked, except when the field came whole (a cache hit)", async () => {
    const options = { streamListeners: [listen("answer")], includeFinalPrediction: false };
    const streamed = new StreamingDummyLM([{ answer: "Paris" }]);
    const values = await context({ lm: streamed }, () =>
      collect(streamify(new Predict("question -> answer"), options)({ question: "?" })),
    );
    expect(values.some((value) => value instanceof Prediction)).toBe(false);
    expect(textOf(values, "answer")).toBe("Paris");

    const whole = new StreamingDummyLM([{ answer: "Paris" }], { chunks: (text) => [text] });
    const cached = await context({ lm: whole }, () =>
      collect(streamify(new Predict("question -> answer"), options)({ question: "?" })),
    );
    expect(cached).toHaveLength(1);
    expect((cached[0] as Prediction).get("answer")).toBe("Paris");
  });

  it("streams only the listened predictor; the others call the LM as usual", async () => {
    class Pipeline extends Module {
      draft = new Predict("question -> draft");
      polish = new Predict("draft -> answer");
      async call(inputs: { question: string }) {
        const draft = await this.draft.call(inputs);
        return this.polish.call({ draft: draft.get("draft") });
      }
    }
    const lm = new StreamingDummyLM([{ draft: "rough" }, { answer: "polished answer" }]);
    const program = streamify(new Pipeline(), { streamListeners: [listen("answer")] });
    const values = await context({ lm }, () => collect(program({ question: "?" })));
    expect(textOf(values, "answer")).toBe("polished answer");
    expect(responses(values).every((value) => value.predictName === "polish")).toBe(true);
    expect(lm.history).toHaveLength(2);
    expect(lm.deltas).toHaveLength(1);
  });

  it("streams a predictor called twice in one run only once, unless the listener allows reuse", async () => {
    class Twice extends Module {
      qa = new Predict("question -> answer, notes");
      async call(inputs: { question: string }) {
        await this.qa.call(inputs);
        return this.qa.call(inputs);
      }
    }
    const run = async (allowReuse: boolean) => {
      const lm = new StreamingDummyLM([
        { answer: "first", notes: "" },
        { answer: "second", notes: "" },
      ]);
      const program = streamify(new Twice(), { streamListeners: [listen("answer", { allowReuse })] });
      return textOf(await context({ lm }, () => collect(program({ question: "?" }))), "answer");
    };
    expect(await run(false)).toBe("first");
    expect(await run(true)).toBe("firstsecond");
  });

  it("gives every call fresh listeners (DSPy's reused listeners would stay silent the second time)", async () => {
    const lm = new StreamingDummyLM([{ answer: "one" }, { answer: "two" }]);
    const program = streamify(new Predict("question -> answer"), { streamListeners: [listen("answer")] });
    const first = await context({ lm }, () => collect(program({ question: "?" })));
    const second = await context({ lm }, () => collect(program({ question: "?" })));
    expect([textOf(first, "answer"), textOf(second, "answer")]).toEqual(["one", "two"]);
  });

  it("does not retry through the JSON adapter once a parse fails on streamed text", async () => {
    const lm = new StreamingDummyLM([{ wrong: "x" }, { answer: "json" }]);
    const program = streamify(new Predict("question -> answer"), { streamListeners: [listen("answer")] });
    await expect(
      context({ lm, adapter: new ChatAdapter() }, () => collect(program({ question: "?" }))),
    ).rejects.toThrow(AdapterParseError);
    expect(lm.history).toHaveLength(1);
  });

  it("resolves listeners at streamify() and rejects unknown or ambiguous fields", () => {
    class Two extends Module {
      a = new Predict("q -> answer");
      b = new Predict("x -> answer");
    }
    expect(() => streamify(new Predict("q -> answer"), { streamListeners: [listen("nope")] })).toThrow(
      "Signature field nope is not a field of any predictor in the program",
    );
    expect(() => streamify(new Two() as never, { streamListeners: [listen("answer")] })).toThrow(
      "Signature field answer is not unique in the program",
    );
    const two = new Two();
    expect(() => streamify(two as never, { streamListeners: [listen("answer", { predict: two.b })] })).not.toThrow();
  });
});

describe("streamify without listeners", () => {
  it("yields every raw LM delta, then the prediction", async () => {
    const lm = new StreamingDummyLM([{ answer: "Paris" }], { chunks: threes });
    const values = await context({ lm }, () =>
      collect(streamify(new Predict("question -> answer"))({ question: "?" })),
    );
    const deltas = values.filter((value) => value instanceof StreamChunk);
    expect(deltas.map((delta) => delta.text).join("")).toBe("[[ ## answer ## ]]\nParis");
    expect(deltas.length).toBeGreaterThan(3);
    expect(values.at(-1)).toBeInstanceOf(Prediction);
  });

  it("runs an LM that cannot stream as usual", async () => {
    const lm = new DummyLM([{ answer: "Paris" }]);
    const values = await context({ lm }, () =>
      collect(streamify(new Predict("question -> answer"), { streamListeners: [listen("answer")] })({ question: "?" })),
    );
    expect(values).toHaveLength(1);
    expect((values[0] as Prediction).get("answer")).toBe("Paris");
  });
});

describe("status messages", () => {
  const now = new Tool(() => "noon", { name: "now", args: {} });
  const step = (name: string) => ({ next_thought: "t", next_tool_name: name, next_tool_args: {} });

  it("announces tool calls, but not ReAct's finish tool", async () => {
    const lm = new StreamingDummyLM([step("now"), step("finish"), { reasoning: "r", answer: "noon" }]);
    const program = streamify(new ReAct("question -> answer", { tools: [now] }));
    const values = await context({ lm }, () => collect(program({ question: "When?" })));
    expect(values.filter((value) => value instanceof StatusMessage).map((value) => value.message)).toEqual([
      "Calling tool now...",
      "Tool calling finished! Querying the LLM with tool calling results...",
    ]);
    expect((values.at(-1) as Prediction).get("answer")).toBe("noon");
  });

  it("adds module and LM messages from a custom provider", async () => {
    class Verbose extends StatusMessageProvider {
      override moduleStartStatusMessage(module: Module) {
        return `start ${module.constructor.name}`;
      }
      override lmEndStatusMessage() {
        return "lm done";
      }
    }
    class Pipeline extends Module {
      draft = new Predict("question -> draft");
      polish = new Predict("draft -> answer");
      async call(inputs: { question: string }) {
        const draft = await this.draft.call(inputs);
        return this.polish.call({ draft: draft.get("draft") });
      }
    }
    const lm = new StreamingDummyLM([{ draft: "rough" }, { answer: "done" }]);
    const program = streamify(new Pipeline(), {
      streamListeners: [listen("answer")],
      statusMessageProvider: new Verbose(),
    });
    const values = await context({ lm }, () => collect(program({ question: "?" })));
    const kinds = values.map((value: StreamValue<Prediction>) =>
      value instanceof StatusMessage ? value.message : value.constructor.name,
    );
    // One "lm done" per LM call: both predictors' calls fire `onLmEnd`, as in DSPy.
    expect(kinds.filter((kind) => kind !== "StreamResponse")).toEqual([
      "start Predict",
      "start Predict",
      "lm done",
      "lm done",
      "Prediction",
    ]);
    const plain = await context({ lm: new StreamingDummyLM([{ answer: "x" }]) }, () =>
      collect(
        streamify(new Predict("question -> answer"), {
          statusMessageProvider: { moduleEndStatusMessage: () => "end" },
        })({ question: "?" }),
      ),
    );
    expect(plain.filter((value) => value instanceof StatusMessage).map((value) => value.message)).toEqual(["end"]);
  });
});

describe("stopping a stream", () => {
  it("stops the LM stream when the consumer breaks out", async () => {
    const lm = new StreamingDummyLM([{ answer: "one two three four five six seven eight nine ten" }], { delayMs: 5 });
    const program = streamify(new Predict("question -> answer"), { streamListeners: [listen("answer")] });
    await context({ lm }, async () => {
      for await (const value of program({ question: "?" })) if (value instanceof StreamResponse) break;
    });
    const yielded = lm.deltas[0]?.length ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(lm.deltas[0]?.length).toBe(yielded);
    expect(yielded).toBeLessThan(14);
  });

  it("throws the signal's reason when the caller aborts", async () => {
    const lm = new StreamingDummyLM([{ answer: "one two three four five six" }], { delayMs: 5 });
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    const program = streamify(new Predict("question -> answer"), { streamListeners: [listen("answer")] });
    const run = context({ lm }, async () => {
      for await (const value of program({ question: "?" }, { signal: controller.signal })) {
        if (value instanceof StreamResponse) controller.abort(reason);
      }
    });
    await expect(run).rejects.toBe(reason);
  });
});
