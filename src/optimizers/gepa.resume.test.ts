import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import type { RunContext, RunEventInput } from "../evaluate/run-context.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import { context } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import type { Prediction } from "../primitives/prediction.js";
import {
  TwoStep,
  TYPED_WORDS,
  TypedReflectionLM,
  TypedTaskLM,
  typedExamples,
  typedMetric,
} from "./__fixtures__/gepa-golden-lms.js";
import { GEPA } from "./gepa.js";

const SILENT = { info: () => {}, error: () => {} };
const words = Object.keys(TYPED_WORDS);
const trainset = typedExamples(words.slice(0, 7));
const valset = typedExamples(words.slice(7));

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

function gepa(metric = typedMetric) {
  return new GEPA({
    metric,
    reflectionLM: new TypedReflectionLM(),
    maxMetricCalls: 90,
    reflectionMinibatchSize: 2,
    skipPerfectScore: false,
    seed: 5,
    trackStats: true,
    numThreads: 1,
    logger: SILENT,
  });
}

const summary = (program: Awaited<ReturnType<GEPA["compile"]>>) => {
  const { candidates, bestCandidate, lmCalls, ...rest } = program.detailedResults ?? ({} as never);
  return { state: program.dumpState(), ...rest };
};

describe("GEPA resume", () => {
  it("continues a run cancelled mid-iteration to the uninterrupted result", async () => {
    const fullLM = new TypedTaskLM();
    const { runContext: full, events } = jobContext(new Map());
    const expected = await context({ lm: fullLM }, () => gepa().compile(new TwoStep(), { trainset, valset }, full));
    const iterations = events.filter((event) => event.type === "trial-end").length;
    expect(iterations).toBeGreaterThan(4);
    expect(expected.detailedResults?.parents).toContainEqual([1, 2]);

    // Cancelled in the middle of the fourth iteration (after 3 checkpointed ones).
    const store = new Map<string, string>();
    const controller = new AbortController();
    let trialEnds = 0;
    const killedLM = new TypedTaskLM();
    const { runContext: first, events: firstEvents } = jobContext(store, { signal: controller.signal });
    const originalEmit = first.emit;
    const watched: RunContext = {
      ...first,
      emit: (event) => {
        originalEmit(event);
        if (event.type === "trial-end") trialEnds += 1;
      },
    };
    let metricCalls = 0;
    const metric = (gold: Example, prediction: Prediction, trace?: unknown, predName?: string | null) => {
      metricCalls += 1;
      if (trialEnds === 3 && metricCalls > 0) controller.abort("killed");
      return typedMetric(gold, prediction, trace, predName);
    };
    const run = context({ lm: killedLM }, () => gepa(metric).compile(new TwoStep(), { trainset, valset }, watched));
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(firstEvents.filter((event) => event.type === "trial-end")).toHaveLength(3);

    const resumedLM = new TypedTaskLM();
    const { runContext: second, events: resumedEvents } = jobContext(store, { resumed: true });
    const resumed = await context({ lm: resumedLM }, () => gepa().compile(new TwoStep(), { trainset, valset }, second));
    expect(summary(resumed)).toEqual(summary(expected));
    expect(resumedEvents.find((event) => event.type === "trial-start")).toMatchObject({ trial: 3 });
    expect(resumedEvents.filter((event) => event.type === "trial-end")).toHaveLength(iterations - 3);
    // The resumed half pays only for what the checkpoint did not hold.
    expect(resumedLM.requests.length).toBeLessThan(fullLM.requests.length);
    // LM calls are counted across the interruption: the checkpointed ones plus the resumed ones.
    expect(resumed.detailedResults?.lmCalls.task.calls).toBe(expected.detailedResults?.lmCalls.task.calls);
  });

  it("starts over when the checkpoint belongs to another run", async () => {
    const store = new Map<string, string>();
    await context({ lm: new TypedTaskLM() }, () =>
      gepa().compile(new TwoStep(), { trainset, valset }, jobContext(store).runContext),
    );
    const lm = new TypedTaskLM();
    const { runContext, events } = jobContext(store, { resumed: true });
    await context({ lm }, () => gepa().compile(new TwoStep(), { trainset: trainset.slice(1), valset }, runContext));
    expect(events.find((event) => event.type === "trial-start")).toMatchObject({ trial: 0 });
  });

  it("a cancel during reflection aborts the reflection LM's request in flight", async () => {
    const controller = new AbortController();
    const reflectionLM: BaseLM = {
      model: "hanging-reflection",
      kwargs: {},
      supportedParams: new Set(),
      supportsResponseSchema: false,
      call: (_messages, _kwargs, options) =>
        new Promise<LMOutput[]>((_resolve, reject) => {
          options?.signal?.addEventListener("abort", () => reject(new AbortError("request aborted")));
          controller.abort("stop");
        }),
    };
    const gepa = new GEPA({ metric: typedMetric, reflectionLM, maxMetricCalls: 90, logger: SILENT });
    const { runContext } = jobContext(new Map(), { signal: controller.signal });
    await expect(
      context({ lm: new TypedTaskLM() }, () => gepa.compile(new TwoStep(), { trainset, valset }, runContext)),
    ).rejects.toBeInstanceOf(AbortError);
  });

  it("stops with an AbortError when cancelled before starting", async () => {
    const controller = new AbortController();
    controller.abort();
    const lm = new TypedTaskLM();
    const { runContext } = jobContext(new Map(), { signal: controller.signal });
    await expect(
      context({ lm }, () => gepa().compile(new TwoStep(), { trainset, valset }, runContext)),
    ).rejects.toBeInstanceOf(AbortError);
    expect(lm.requests).toHaveLength(0);
  });
});
