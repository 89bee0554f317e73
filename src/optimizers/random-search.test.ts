import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { answerExactMatch } from "../evaluate/answer-match.js";
import type { RunContext, RunEventInput } from "../evaluate/run-context.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { BootstrapFewShotWithRandomSearch } from "./random-search.js";

const SILENT = { info: () => {}, error: () => {} };
const rows = (from: number, to: number): Example[] =>
  Array.from({ length: to - from }, (_, i) =>
    new Example({ question: `What is q${from + i}?`, answer: `a${from + i}` }).withInputs("question"),
  );
const trainset = rows(0, 6);
const valset = rows(6, 9);

/** Answers right only when the prompt carries demos, so candidates with demos score higher. */
class DemoAwareLM implements BaseLM {
  readonly model = "demo-aware";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  calls = 0;
  async call(messages: Message[]): Promise<LMOutput[]> {
    this.calls += 1;
    const question = /q(\d+)\?/.exec(String(messages.at(-1)?.content))?.[1];
    const answer = messages.length > 2 ? `a${question}` : "no idea";
    return [{ text: `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]` }];
  }
}

function jobContext(
  store: Map<string, string>,
  options: { signal?: AbortSignal; resumed?: boolean; onEvent?: (event: RunEventInput) => void } = {},
) {
  const events: RunEventInput[] = [];
  const runContext: RunContext = {
    signal: options.signal ?? new AbortController().signal,
    resumed: options.resumed ?? false,
    emit: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
    checkpoint: async (key, value) => void store.set(key, JSON.stringify(value)),
    restore: async (key) => (store.has(key) ? JSON.parse(store.get(key) as string) : undefined),
    setPartial: () => {},
  };
  return { runContext, events };
}

const search = (extra: Record<string, unknown> = {}) =>
  new BootstrapFewShotWithRandomSearch({
    metric: answerExactMatch,
    numCandidatePrograms: 2,
    maxBootstrappedDemos: 2,
    maxLabeledDemos: 2,
    numThreads: 1,
    logger: SILENT,
    ...extra,
  });

describe("BootstrapFewShotWithRandomSearch", () => {
  it("tries seeds -3..N-1, keeps the first best, and sorts the candidates stably", async () => {
    const lm = new DemoAwareLM();
    const { runContext, events } = jobContext(new Map());
    const best = await context({ lm }, () =>
      search().compile(new Predict("question -> answer"), { trainset, valset }, runContext),
    );
    // Zero-shot scores 0; every candidate with demos scores 100, and seed -2 is the first of them.
    expect(best.candidatePrograms.map(({ seed, score }) => [seed, score])).toEqual([
      [-2, 100],
      [-1, 100],
      [0, 100],
      [1, 100],
      [-3, 0],
    ]);
    expect(best).toBe(best.candidatePrograms[0]?.program);
    // Seed -2 is LabeledFewShot: Python's random.Random(0).sample(range(6), 2) == [3, 5].
    expect(best.dumpState()).toMatchObject({ demos: [trainset[3]?.toDict(), trainset[5]?.toDict()] });
    expect(best.candidatePrograms[4]?.subscores).toEqual([0, 0, 0]);
    expect(events.filter((event) => event.type.startsWith("trial"))).toEqual(
      [-3, -2, -1, 0, 1].flatMap((seed, trial) => [
        { type: "trial-start", trial, detail: { seed } },
        { type: "trial-end", trial, score: seed === -3 ? 0 : 100, detail: { seed } },
      ]),
    );
    // Nested evaluations and bootstraps do not leak their own progress into the search's.
    expect(
      events.filter((event) => event.type === "progress-update").map((event) => (event as { done: number }).done),
    ).toEqual([1, 2, 3, 4, 5]);
  });

  it("stops at stopAtScore, honours restrict, and scores on the trainset without a valset", async () => {
    const lm = new DemoAwareLM();
    const stopped = await context({ lm }, () =>
      search({ stopAtScore: 100 }).compile(new Predict("question -> answer"), { trainset, valset }),
    );
    expect(stopped.candidatePrograms.map(({ seed }) => seed)).toEqual([-2, -3]);

    const restricted = await context({ lm }, () =>
      search({ numCandidatePrograms: 5 }).compile(new Predict("question -> answer"), { trainset, restrict: [4, -3] }),
    );
    expect(restricted.candidatePrograms.map(({ seed }) => seed)).toEqual([4, -3]);
    expect(restricted.candidatePrograms[0]?.subscores).toHaveLength(trainset.length);

    const none = search().compile(new Predict("question -> answer"), { trainset, restrict: [9, 7, 2] });
    await expect(none).rejects.toThrow("`restrict` {9, 2, 7} does not match any candidate seed in range(-3, 2)");
  });

  it("resumes after the last finished candidate and reaches the uninterrupted result", async () => {
    const fullLM = new DemoAwareLM();
    const expected = await context({ lm: fullLM }, () =>
      search().compile(new Predict("question -> answer"), { trainset, valset }, jobContext(new Map()).runContext),
    );

    const store = new Map<string, string>();
    const controller = new AbortController();
    const firstLM = new DemoAwareLM();
    const killAfterThird = (event: RunEventInput) => {
      if (event.type === "trial-end" && event.trial === 2) controller.abort("killed");
    };
    const { runContext: first } = jobContext(store, { signal: controller.signal, onEvent: killAfterThird });
    const run = context({ lm: firstLM }, () =>
      search().compile(new Predict("question -> answer"), { trainset, valset }, first),
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);

    const secondLM = new DemoAwareLM();
    const { runContext: second, events } = jobContext(store, { resumed: true });
    const resumed = await context({ lm: secondLM }, () =>
      search().compile(new Predict("question -> answer"), { trainset, valset }, second),
    );
    const summary = (program: typeof expected) =>
      program.candidatePrograms.map(({ seed, score, subscores, program: candidate }) => ({
        seed,
        score,
        subscores,
        state: candidate.dumpState(),
      }));
    expect(summary(resumed)).toEqual(summary(expected));
    expect(resumed.dumpState()).toEqual(expected.dumpState());
    // No LM call was repeated: the two attempts together cost what one uninterrupted run did.
    expect(firstLM.calls + secondLM.calls).toBe(fullLM.calls);
    expect(events.find((event) => event.type === "trial-start")).toEqual({
      type: "trial-start",
      trial: 3,
      detail: { seed: 0 },
    });
  });
});
