import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { answerExactMatch } from "../evaluate/answer-match.js";
import type { RunContext, RunEventInput } from "../evaluate/run-context.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { BootstrapFewShotWithRandomSearch, type RandomSearchResult } from "./random-search.js";

const rows = (from: number, to: number): Example[] =>
  Array.from({ length: to - from }, (_, i) =>
    new Example({ question: `What is q${from + i}?`, answer: `a${from + i}` }).withInputs("question"),
  );
const trainset = rows(0, 12);
const valset = rows(12, 21);

/**
 * Right about qN only with a demo for some qM, M ≡ N (mod 3), in the prompt, so the demos
 * decide each candidate's score. The zero-shot candidate's first valset question is slow, so
 * later candidates finish before the first one. Counts calls and the most it had in flight.
 */
class DemoAwareLM implements BaseLM {
  readonly model = "demo-aware";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;

  async call(messages: Message[]): Promise<LMOutput[]> {
    this.calls += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const ids = messages.map((message) => Number(/What is q(\d+)\?/.exec(String(message.content))?.[1] ?? Number.NaN));
    const asked = ids.at(-1) as number;
    const shown = ids.slice(0, -1).filter((id) => !Number.isNaN(id));
    await new Promise((resolve) => setTimeout(resolve, shown.length === 0 && asked === 12 ? 60 : 1 + (asked % 4)));
    this.inFlight -= 1;
    const answer = shown.some((id) => id % 3 === asked % 3) ? `a${asked}` : "no idea";
    return [{ text: `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]` }];
  }
}

function runContext(
  store: Map<string, string>,
  options: { signal?: AbortSignal; resumed?: boolean; onEvent?: (event: RunEventInput) => void } = {},
) {
  const events: RunEventInput[] = [];
  const value: RunContext = {
    signal: options.signal ?? new AbortController().signal,
    resumed: options.resumed ?? false,
    emit: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
    checkpoint: async (key, saved) => void store.set(key, JSON.stringify(saved)),
    restore: async (key) => (store.has(key) ? JSON.parse(store.get(key) as string) : undefined),
    setPartial: () => {},
  };
  return { value, events };
}

async function search(
  numThreads: number,
  extra: { stopAtScore?: number; log?: string[]; context?: RunContext } = {},
): Promise<{ best: RandomSearchResult<Predict>; lm: DemoAwareLM }> {
  const lm = new DemoAwareLM();
  const optimizer = new BootstrapFewShotWithRandomSearch({
    metric: answerExactMatch,
    numCandidatePrograms: 5,
    maxBootstrappedDemos: 3,
    maxLabeledDemos: 3,
    numThreads,
    stopAtScore: extra.stopAtScore,
    logger: { info: (line) => extra.log?.push(line), error: () => {} },
  });
  const best = await context({ lm }, () =>
    optimizer.compile(new Predict("question -> answer"), { trainset, valset }, extra.context),
  );
  return { best, lm };
}

/** Everything that must not depend on concurrency: each candidate with its scores and demos. */
const summary = (best: RandomSearchResult<Predict>) => ({
  chosen: best.dumpState(),
  candidates: best.candidatePrograms.map(({ seed, score, subscores, program }) => ({
    seed,
    score,
    subscores,
    state: program.dumpState(),
  })),
});

describe("BootstrapFewShotWithRandomSearch with concurrent candidates", () => {
  it("picks what the sequential search picks, with the same LM calls, never over numThreads in flight", async () => {
    const sequentialLog: string[] = [];
    const sequential = await search(1, { log: sequentialLog });
    const log: string[] = [];
    const { value, events } = runContext(new Map());
    const concurrent = await search(4, { log, context: value });
    expect(summary(concurrent.best)).toEqual(summary(sequential.best));
    expect(new Set(concurrent.best.candidatePrograms.map(({ score }) => score)).size).toBeGreaterThan(1);
    expect(concurrent.lm.calls).toBe(sequential.lm.calls);
    expect(sequential.lm.maxInFlight).toBe(1);
    expect(concurrent.lm.maxInFlight).toBe(4);
    // Results are taken in seed order: the log and the trial ends read as DSPy's loop.
    const ends = events.filter((event) => event.type === "trial-end").map((event) => event.trial);
    expect(ends).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // (Each candidate's own bootstrap summary line comes when it finishes.)
    const searchLines = (lines: string[]) => lines.filter((line) => !line.startsWith("Bootstrapped"));
    expect(searchLines(log)).toEqual(searchLines(sequentialLog));
    expect(searchLines(log)).toContain("New best score: 100 for seed 0");
  });

  it("stops at the first candidate in seed order reaching stopAtScore and reports the runs it threw away", async () => {
    const sequential = await search(1, { stopAtScore: 60 });
    const log: string[] = [];
    const concurrent = await search(4, { stopAtScore: 60, log });
    expect(summary(concurrent.best)).toEqual(summary(sequential.best));
    expect(sequential.best.candidatePrograms.length).toBeLessThan(8);
    const discarded = Number(/Discarded (\d+) program runs/.exec(log.join("\n"))?.[1] ?? 0);
    expect(discarded).toBeGreaterThan(0);
    // One predictor: each program run is one LM call.
    expect(concurrent.lm.calls).toBe(sequential.lm.calls + discarded);
  });

  it("resumes with candidates a killed run finished ahead of its progress, without running them again", async () => {
    const reference = await search(3);
    const store = new Map<string, string>();
    const controller = new AbortController();
    const killed = runContext(store, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "trial-end" && event.trial === 0) controller.abort("killed");
      },
    });
    await expect(search(3, { context: killed.value })).rejects.toBeInstanceOf(AbortError);
    const ahead = [...store.keys()].filter((key) => key.endsWith("/candidate"));
    expect(ahead.length).toBeGreaterThan(0);

    const withoutAhead = new Map([...store].filter(([key]) => !key.endsWith("/candidate")));
    const plain = await search(3, { context: runContext(withoutAhead, { resumed: true }).value });
    const resumedContext = runContext(store, { resumed: true });
    const resumed = await search(3, { context: resumedContext.value });
    expect(summary(resumed.best)).toEqual(summary(reference.best));
    expect(summary(plain.best)).toEqual(summary(reference.best));
    expect(resumed.lm.calls).toBeLessThan(plain.lm.calls);
    expect(resumedContext.events.find((event) => event.type === "trial-start")).toMatchObject({ trial: 1 });
  });
});
