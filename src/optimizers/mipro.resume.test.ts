import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import type { RunContext, RunEventInput } from "../evaluate/run-context.js";
import { Predict } from "../predict/predict.js";
import type { Example } from "../primitives/example.js";
import { QuestionLM, questions, VaryingPromptLM } from "./__fixtures__/mipro-scripted-lms.js";
import { MIPROv2 } from "./mipro.js";

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

const exact = (example: Example, prediction: { get(key: string): unknown }) =>
  example.get("answer") === prediction.get("answer");

function miproRun(minibatch: boolean, onMetric?: (calls: number) => void) {
  const promptModel = new VaryingPromptLM();
  const taskModel = new QuestionLM();
  let metricCalls = 0;
  const metric = (example: Example, prediction: { get(key: string): unknown }) => {
    metricCalls += 1;
    onMetric?.(metricCalls);
    return exact(example, prediction);
  };
  const optimizer = new MIPROv2({
    metric,
    promptModel,
    taskModel,
    auto: null,
    numCandidates: 4,
    numThreads: 1,
    logger: { info: () => {}, error: () => {} },
  });
  const compile = (runContext: RunContext) =>
    optimizer.compile(
      new Predict("question -> answer"),
      { trainset: questions(0, 6), valset: questions(100, 12), numTrials: 14, minibatch, minibatchSize: 5 },
      runContext,
    );
  return { promptModel, taskModel, compile };
}

const trialNumbers = (events: RunEventInput[]) =>
  events.filter((event) => event.type === "trial-end").map((event) => [event.trial, event.score]);

describe("MIPROv2 resume", () => {
  it.each([
    { minibatch: true, killAt: 95 },
    { minibatch: false, killAt: 130 },
    { minibatch: true, killAt: 5 },
  ])("continues a run cancelled at metric call $killAt (minibatch $minibatch) to the same program", async (c) => {
    const full = miproRun(c.minibatch);
    const reference = jobContext(new Map());
    const expected = await full.compile(reference.runContext);

    const store = new Map<string, string>();
    const controller = new AbortController();
    const killed = miproRun(c.minibatch, (calls) => {
      if (calls === c.killAt) controller.abort("killed");
    });
    const first = jobContext(store, { signal: controller.signal });
    await expect(killed.compile(first.runContext)).rejects.toBeInstanceOf(AbortError);

    const resumed = miproRun(c.minibatch);
    const second = jobContext(store, { resumed: true });
    const result = await resumed.compile(second.runContext);
    expect(result.dumpState()).toEqual(expected.dumpState());
    expect(result.score).toBe(expected.score);
    expect(result.candidatePrograms.map((entry) => entry.score)).toEqual(
      expected.candidatePrograms.map((entry) => entry.score),
    );
    // The trials finished before the cancellation and those after it are the uninterrupted run's.
    const seen = new Map([...trialNumbers(first.events), ...trialNumbers(second.events)].map(([t, s]) => [t, s]));
    expect([...seen]).toEqual(trialNumbers(reference.events));
    // Finished phases are not paid for again: no new proposals once they were checkpointed, and
    // fewer task calls than a run from scratch.
    if (store.has("mipro:instructions") && c.killAt > 90) expect(resumed.promptModel.calls).toBe(0);
    expect(resumed.taskModel.calls).toBeLessThan(full.taskModel.calls);
    // At most the interrupted trial is redone: its minibatch (5) and a full evaluation (12).
    expect(killed.taskModel.calls + resumed.taskModel.calls).toBeLessThanOrEqual(full.taskModel.calls + 5 + 12);
  });

  it("starts over when the checkpoint belongs to another run", async () => {
    const store = new Map<string, string>();
    await miproRun(false).compile(jobContext(store).runContext);
    const other = miproRun(true);
    await other.compile(jobContext(store, { resumed: true }).runContext);
    expect(other.promptModel.calls).toBeGreaterThan(0);
  });
});
