import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { answerExactMatch } from "../evaluate/answer-match.js";
import type { RunContext, RunEventInput } from "../evaluate/run-context.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { DummyLM } from "../test/dummy-lm.js";
import { BootstrapFewShot } from "./bootstrap-few-shot.js";

const SILENT = { info: () => {}, error: () => {} };
const RIGHT = new Set([0, 2, 5, 7]);
const trainset: Example[] = Array.from({ length: 9 }, (_, i) =>
  new Example({ question: `What is q${i}?`, answer: `a${i}` }).withInputs("question"),
);
const answers = () =>
  Object.fromEntries(trainset.map((_, i) => [`q${i}`, { answer: RIGHT.has(i) ? `a${i}` : "wrong" }]));
const lastText = (lm: DummyLM) => lm.history.map((call) => String(call.messages.at(-1)?.content));

/** A job runtime's context: checkpoints persisted as JSON in a map that outlives the run. */
function jobContext(store: Map<string, string>, options: { signal?: AbortSignal; resumed?: boolean } = {}) {
  const events: RunEventInput[] = [];
  const runContext: RunContext = {
    signal: options.signal ?? new AbortController().signal,
    resumed: options.resumed ?? false,
    emit: (event) => events.push(event),
    checkpoint: async (key, value) => {
      store.set(key, JSON.stringify(value));
    },
    restore: async (key) => {
      const text = store.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    setPartial: () => {},
  };
  return { runContext, events };
}

const optimizer = () =>
  new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 3, maxLabeledDemos: 5, logger: SILENT });

describe("BootstrapFewShot resume", () => {
  it("continues a killed run to the uninterrupted result without redoing finished examples", async () => {
    const fullLM = new DummyLM(answers());
    const { runContext: full, events } = jobContext(new Map());
    const expected = await context({ lm: fullLM }, () =>
      optimizer().compile(new Predict("question -> answer"), { trainset }, full),
    );
    expect(events).toContainEqual({ type: "progress-update", done: 1, total: 9 });

    // First attempt: cancelled while the metric judges the third example (q2).
    const store = new Map<string, string>();
    const controller = new AbortController();
    const metric = (example: Example, prediction: Example) => {
      if (example.get("question") === "What is q2?") controller.abort("killed");
      return answerExactMatch(example, prediction);
    };
    const firstLM = new DummyLM(answers());
    const killed = new BootstrapFewShot({ metric, maxBootstrappedDemos: 3, maxLabeledDemos: 5, logger: SILENT });
    const { runContext: first } = jobContext(store, { signal: controller.signal });
    const run = context({ lm: firstLM }, () => killed.compile(new Predict("question -> answer"), { trainset }, first));
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(lastText(firstLM)).toEqual([0, 1, 2].map((i) => expect.stringContaining(`What is q${i}?`)));

    // Second attempt: a new process (new optimizer, new LM), same checkpoint store.
    const secondLM = new DummyLM(answers());
    const { runContext: second, events: resumedEvents } = jobContext(store, { resumed: true });
    const resumed = await context({ lm: secondLM }, () =>
      optimizer().compile(new Predict("question -> answer"), { trainset }, second),
    );
    expect(resumed.dumpState()).toEqual(expected.dumpState());
    expect(resumed.demos.filter((demo) => (demo as Example).get("augmented"))).toHaveLength(3);
    // Only q3.. were asked again: q3 (wrong), q4 (wrong), q5 (the third success).
    expect(lastText(secondLM)).toEqual([3, 4, 5].map((i) => expect.stringContaining(`What is q${i}?`)));
    expect(resumedEvents[0]).toEqual({ type: "progress-update", done: 4, total: 9 });
  });

  it("ignores checkpoints of another run, and starts over when not resuming", async () => {
    const store = new Map<string, string>();
    const lm = new DummyLM(answers());
    await context({ lm }, () =>
      optimizer().compile(new Predict("question -> answer"), { trainset }, jobContext(store).runContext),
    );
    const calls = lm.history.length;

    const otherTrainset = trainset.slice(1);
    const { runContext } = jobContext(store, { resumed: true });
    await context({ lm }, () =>
      optimizer().compile(new Predict("question -> answer"), { trainset: otherTrainset }, runContext),
    );
    expect(lm.history.length).toBeGreaterThan(calls);

    const before = lm.history.length;
    await context({ lm }, () =>
      optimizer().compile(new Predict("question -> answer"), { trainset }, jobContext(store).runContext),
    );
    expect(lm.history.length - before).toBe(calls);
  });

  it("does not count a cancelled LM call as a bootstrap error", async () => {
    const controller = new AbortController();
    const lm: BaseLM = {
      model: "aborting",
      kwargs: {},
      supportedParams: new Set(),
      supportsResponseSchema: false,
      async call(): Promise<LMOutput[]> {
        controller.abort();
        throw new AbortError("request aborted");
      },
    };
    const bootstrap = optimizer();
    const { runContext } = jobContext(new Map(), { signal: controller.signal });
    const run = context({ lm }, () => bootstrap.compile(new Predict("question -> answer"), { trainset }, runContext));
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(bootstrap.errorCount).toBe(0);
  });
});
