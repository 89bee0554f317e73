import { describe, expect, it } from "vitest";
import { answerExactMatch } from "../evaluate/answer-match.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { BootstrapFewShot, type BootstrapFewShotOptions } from "./bootstrap-few-shot.js";

const SILENT = { info: () => {}, error: () => {} };
const trainset: Example[] = Array.from({ length: 10 }, (_, i) =>
  new Example({ question: `What is q${i}?`, answer: `a${i}` }).withInputs("question"),
);

/**
 * Right about qN when N is in `right`; throws for qN in `failing` (an LM outage for that
 * question). Later questions answer sooner, so runs finish out of the order they started in.
 * Records every prompt and the most calls it had in flight.
 */
class QuestionLM implements BaseLM {
  readonly model = "question-lm";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  readonly prompts: string[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly right: ReadonlySet<number>,
    private readonly failing: ReadonlySet<number> = new Set(),
  ) {}

  async call(messages: Message[]): Promise<LMOutput[]> {
    const prompt = messages.map((message) => String(message.content)).join("\n");
    this.prompts.push(prompt);
    const asked = Number(/What is q(\d+)\?/g.exec(String(messages.at(-1)?.content))?.[1]);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 12 - asked));
      if (this.failing.has(asked)) throw new Error(`outage for q${asked}`);
      return [
        { text: `[[ ## answer ## ]]\n${this.right.has(asked) ? `a${asked}` : "wrong"}\n\n[[ ## completed ## ]]` },
      ];
    } finally {
      this.inFlight -= 1;
    }
  }
}

/** Compiles with one teacher run at a time and with `concurrency`, and returns both outcomes. */
async function both(
  lm: () => QuestionLM,
  options: BootstrapFewShotOptions,
  concurrency: number,
): Promise<{ optimizer: BootstrapFewShot; lm: QuestionLM; demos: unknown; error?: unknown }[]> {
  const outcomes = [];
  for (const level of [1, concurrency]) {
    const model = lm();
    const optimizer = new BootstrapFewShot({
      metric: answerExactMatch,
      logger: SILENT,
      ...options,
      concurrency: level,
    });
    try {
      const compiled = await context({ lm: model }, () =>
        optimizer.compile(new Predict("question -> answer"), { trainset }),
      );
      outcomes.push({ optimizer, lm: model, demos: compiled.dumpState().demos });
    } catch (error) {
      outcomes.push({ optimizer, lm: model, demos: undefined, error });
    }
  }
  return outcomes;
}

describe("BootstrapFewShot with concurrency", () => {
  it("runs ahead only as far as demos are missing: the sequential walk's demos, prompts and call count", async () => {
    const [sequential, concurrent] = await both(
      () => new QuestionLM(new Set([1, 2, 4, 6, 7, 9])),
      {
        maxBootstrappedDemos: 4,
        maxLabeledDemos: 10,
      },
      4,
    );
    expect(concurrent?.demos).toEqual(sequential?.demos);
    const demos = (concurrent?.demos ?? []) as { augmented?: boolean }[];
    expect(demos.filter((demo) => demo.augmented)).toHaveLength(4);
    expect([...(concurrent?.lm.prompts ?? [])].sort()).toEqual([...(sequential?.lm.prompts ?? [])].sort());
    expect(concurrent?.lm.prompts).toHaveLength(7); // q0 … q6, four right among them
    expect(concurrent?.lm.maxInFlight).toBe(4);
    expect(sequential?.lm.maxInFlight).toBe(1);
    expect(concurrent?.optimizer.discardedRuns).toBe(0);
  });

  it("reruns, and reports, runs that started before an earlier teacher run threw", async () => {
    // q1 fails: DSPy then keeps q1 out of the teacher's demos for every later example, so the
    // runs for q2… that started alongside it showed a demo the sequential walk would not have.
    const [sequential, concurrent] = await both(
      () => new QuestionLM(new Set([0, 3, 4, 5, 8]), new Set([1])),
      {
        maxBootstrappedDemos: 5,
        maxLabeledDemos: 10,
      },
      3,
    );
    expect(concurrent?.demos).toEqual(sequential?.demos);
    expect(sequential?.optimizer.errorCount).toBe(1);
    expect(concurrent?.optimizer.errorCount).toBe(1);
    const later = (prompts: string[]) => prompts.filter((prompt) => /What is q[2-9]\?$/.test(prompt));
    // The prompts that counted are the sequential ones: none after q1's failure shows q1.
    expect(later(sequential?.lm.prompts ?? []).every((prompt) => !prompt.includes("What is q1?"))).toBe(true);
    const extra = concurrent?.optimizer.discardedRuns ?? 0;
    expect(extra).toBeGreaterThan(0);
    expect(concurrent?.lm.prompts).toHaveLength((sequential?.lm.prompts.length ?? 0) + extra);
  });

  it("stops at maxErrors on the same example with the same error", async () => {
    const [sequential, concurrent] = await both(
      () => new QuestionLM(new Set([0]), new Set([1, 2, 3, 5])),
      {
        maxBootstrappedDemos: 6,
        maxLabeledDemos: 0,
        maxErrors: 3,
      },
      5,
    );
    expect(String(sequential?.error)).toContain("outage for q3");
    expect(String(concurrent?.error)).toBe(String(sequential?.error));
    expect(concurrent?.optimizer.errorCount).toBe(3);
  });

  it("keeps the rounds of each example in order, with their rollouts", async () => {
    const [sequential, concurrent] = await both(
      () => new QuestionLM(new Set([2, 3, 6])),
      {
        maxBootstrappedDemos: 3,
        maxLabeledDemos: 0,
        maxRounds: 2,
      },
      3,
    );
    expect(concurrent?.demos).toEqual(sequential?.demos);
    expect(concurrent?.lm.prompts).toHaveLength(sequential?.lm.prompts.length ?? -1);
  });

  it("reaches the same demos when resumed from a checkpoint written by a sequential run", async () => {
    const store = new Map<string, string>();
    const runContext = (resumed: boolean, signal?: AbortSignal) => ({
      signal: signal ?? new AbortController().signal,
      resumed,
      emit: () => {},
      checkpoint: async (key: string, value: unknown) => void store.set(key, JSON.stringify(value)),
      restore: async (key: string) => (store.has(key) ? JSON.parse(store.get(key) as string) : undefined),
      setPartial: () => {},
    });
    const right = new Set([1, 2, 4, 6, 7, 9]);
    const options = { metric: answerExactMatch, logger: SILENT, maxBootstrappedDemos: 4, maxLabeledDemos: 10 };
    const reference = await context({ lm: new QuestionLM(right) }, () =>
      new BootstrapFewShot(options).compile(new Predict("question -> answer"), { trainset }),
    );
    const controller = new AbortController();
    const metric = (example: Example, prediction: Example) => {
      if (example.get("question") === "What is q3?") controller.abort("killed");
      return answerExactMatch(example, prediction);
    };
    const killed = context({ lm: new QuestionLM(right) }, () =>
      new BootstrapFewShot({ ...options, metric }).compile(
        new Predict("question -> answer"),
        { trainset },
        runContext(false, controller.signal),
      ),
    );
    await expect(killed).rejects.toThrow("cancelled");
    expect(JSON.parse(store.get("bootstrap") as string)).toMatchObject({ next: 4, bootstrapped: [1, 2] });
    const lm = new QuestionLM(right);
    const resumed = await context({ lm }, () =>
      new BootstrapFewShot({ ...options, concurrency: 4 }).compile(
        new Predict("question -> answer"),
        { trainset },
        runContext(true),
      ),
    );
    expect(resumed.dumpState()).toEqual(reference.dumpState());
    expect(lm.prompts.every((prompt) => !/What is q[0-2]\?$/.test(prompt))).toBe(true);
  });
});
