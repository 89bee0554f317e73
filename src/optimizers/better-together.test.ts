import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import type { RunContext, RunEventInput } from "../evaluate/run-context.js";
import { detachedRunContext } from "../evaluate/run-context.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import { DummyLM } from "../test/dummy-lm.js";
import { QuestionLM, questions, VaryingPromptLM } from "./__fixtures__/mipro-scripted-lms.js";
import { BetterTogether } from "./better-together.js";
import type { ChainableOptimizer } from "./better-together-steps.js";
import { COPRO } from "./copro.js";
import { LabeledFewShot } from "./labeled-few-shot.js";
import { MIPROv2 } from "./mipro.js";
import { BootstrapFewShotWithRandomSearch } from "./random-search.js";

const SILENT = { info: () => {}, error: () => {} };
const metric = (example: Example, prediction: { get(key: string): unknown }) =>
  example.get("answer") === prediction.get("answer");

function storeContext(store: Map<string, string>, options: { signal?: AbortSignal; resumed?: boolean } = {}) {
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

/** RandomSearch then MIPROv2: demos help on every third question, the HINT instruction on all. */
function chain(onTask?: (calls: number) => void) {
  const task = new QuestionLM();
  const call = task.call.bind(task);
  task.call = async (...args) => {
    onTask?.(task.calls + 1);
    return call(...args);
  };
  const promptModel = new VaryingPromptLM();
  const optimizers: ChainableOptimizer[] = [
    new BootstrapFewShotWithRandomSearch({
      metric,
      numCandidatePrograms: 2,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 2,
      logger: SILENT,
    }) as unknown as ChainableOptimizer,
    new MIPROv2({ metric, promptModel, auto: null, numCandidates: 3, logger: SILENT }) as unknown as ChainableOptimizer,
  ];
  const together = new BetterTogether({ metric, optimizers, logger: SILENT });
  const compile = (runContext: RunContext) =>
    context({ lm: task }, () =>
      together.compile(
        new Predict("question -> answer"),
        {
          trainset: questions(0, 9),
          valset: questions(100, 9),
          seed: 0,
          optimizerCompileArgs: { "1": { numTrials: 3, minibatch: false } },
        },
        runContext,
      ),
    );
  return { task, promptModel, compile };
}

describe("BetterTogether", () => {
  it("chains a random search and MIPROv2 as one run, each step improving on the last", async () => {
    const { compile } = chain();
    const events: RunEventInput[] = [];
    const best = await compile(detachedRunContext({ onEvent: (event) => events.push(event) }));
    const byStrategy = Object.fromEntries(best.candidatePrograms.map((c) => [c.strategy, c.score]));
    expect(byStrategy[""]).toBe(0);
    expect(byStrategy["0"]).toBeCloseTo(33.33, 2);
    expect(byStrategy["0 -> 1"]).toBe(100);
    expect(best.candidatePrograms[0]?.strategy).toBe("0 -> 1");
    expect(best.signature.instructions).toContain("HINT");
    expect(best.flagCompilationErrorOccurred).toBe(false);
    // Events carry their step; the chain's own trials are the steps.
    const own = events.filter((e) => e.type === "trial-end" && !e.detail?.nested);
    expect(own.map((e) => e.type === "trial-end" && [e.trial, e.detail?.strategy])).toEqual([
      [0, "0"],
      [1, "0 -> 1"],
    ]);
    const nested = events.filter((e) => e.type === "trial-start" && e.detail?.nested);
    expect(new Set(nested.map((e) => e.type === "trial-start" && e.detail?.step))).toEqual(new Set([0, 1]));
  });

  it("runs a strategy string over named optimizers, repeating one", async () => {
    const task = new QuestionLM();
    const proposer = new DummyLM({
      "[[ ## basic_instruction ## ]]": {
        proposed_instruction: "Use the HINT.",
        proposed_prefix_for_output_field: "Answer:",
      },
    });
    const together = new BetterTogether({
      metric,
      optimizers: {
        p: new LabeledFewShot({ k: 2 }) as unknown as ChainableOptimizer,
        c: new COPRO({ metric, promptModel: proposer, breadth: 2, depth: 1 }) as unknown as ChainableOptimizer,
      },
    });
    const best = await context({ lm: task }, () =>
      together.compile(new Predict("question -> answer"), {
        trainset: questions(0, 10),
        strategy: "p -> c -> p",
        seed: 1,
      }),
    );
    expect(best.candidatePrograms.map((c) => c.strategy).sort()).toEqual(["", "p", "p -> c", "p -> c -> p"]);
    // The first 10% of the trainset (one example, q0: demos help) was held out as the valset.
    const scores = Object.fromEntries(best.candidatePrograms.map((c) => [c.strategy, c.score]));
    expect(scores).toEqual({ "": 0, p: 100, "p -> c": 100, "p -> c -> p": 100 });
    expect(best.candidatePrograms[0]?.strategy).toBe("p");
    expect(proposer.history).toHaveLength(1);
  });

  it("stops at a failing step and returns the best program so far, flagged", async () => {
    const failing: ChainableOptimizer = {
      compile: async () => {
        throw new Error("boom");
      },
    };
    const together = new BetterTogether({
      metric,
      optimizers: [new LabeledFewShot({ k: 3 }) as unknown as ChainableOptimizer, failing, failing],
      logger: SILENT,
    });
    const best = await context({ lm: new QuestionLM() }, () =>
      together.compile(new Predict("question -> answer"), { trainset: questions(0, 9), valset: questions(3, 3) }),
    );
    expect(best.flagCompilationErrorOccurred).toBe(true);
    expect(best.candidatePrograms.map((c) => c.strategy)).toEqual(["0", ""]);
    expect(best.demos).toHaveLength(3);
  });

  it("rejects unknown strategy keys and bad valset ratios as DSPy does", async () => {
    const together = new BetterTogether({ metric });
    const student = new Predict("question -> answer");
    await expect(together.compile(student, { trainset: questions(0, 4), strategy: "p -> w -> p" })).rejects.toThrow(
      "Strategy contains invalid optimizer keys: ['w', ]".replace(", ]", "]"),
    );
    await expect(together.compile(student, { trainset: questions(0, 4), valsetRatio: 1 })).rejects.toThrow(
      "valset_ratio must be in range [0, 1), got 1",
    );
  });

  it("resumes a chain cancelled inside its second step to the uninterrupted program", async () => {
    const full = chain();
    const expected = await full.compile(storeContext(new Map()).runContext);

    const store = new Map<string, string>();
    const controller = new AbortController();
    // Cancel once MIPROv2 (step 2) is evaluating trials: well past the random search's calls.
    const killed = chain((calls) => {
      if (calls === full.task.calls - 15) controller.abort("killed");
    });
    await expect(killed.compile(storeContext(store, { signal: controller.signal }).runContext)).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(JSON.parse(store.get("chain") as string).step).toBe(1);

    const resumed = chain();
    const result = await resumed.compile(storeContext(store, { resumed: true }).runContext);
    expect(result.dumpState()).toEqual(expected.dumpState());
    expect(result.candidatePrograms.map((c) => [c.strategy, c.score])).toEqual(
      expected.candidatePrograms.map((c) => [c.strategy, c.score]),
    );
    // Step 1 and MIPROv2's finished phases were not paid for again.
    expect(resumed.promptModel.calls).toBe(0);
    expect(resumed.task.calls).toBeLessThan(30);
  });
});
