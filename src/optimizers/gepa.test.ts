import { describe, expect, it } from "vitest";
import type { RunEventInput } from "../evaluate/run-context.js";
import { detachedRunContext } from "../evaluate/run-context.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import type { Prediction } from "../primitives/prediction.js";
import { CodeReflectionLM, CodeTaskLM, codeExamples, codeMetric, WORDS } from "./__fixtures__/gepa-scripted-lms.js";
import { GEPA, type GEPAOptions } from "./gepa.js";
import { gepaAutoBudget } from "./gepa-auto-budget.js";

const SILENT = { info: () => {}, error: () => {} };
const trainset = codeExamples(WORDS.slice(0, 6));
const valset = codeExamples(WORDS.slice(6));

/** Runs GEPA on the code task, counting metric calls by kind. */
async function run(options: Partial<GEPAOptions>) {
  const task = new CodeTaskLM();
  const reflectionLM = new CodeReflectionLM();
  const calls = { evaluation: 0, feedback: 0 };
  const metric = (gold: Example, prediction: Prediction, _trace?: unknown, predName?: string | null) => {
    if (predName) calls.feedback += 1;
    else calls.evaluation += 1;
    return codeMetric(gold, prediction);
  };
  const events: RunEventInput[] = [];
  const gepa = new GEPA({ metric, reflectionLM, trackStats: true, logger: SILENT, ...options } as GEPAOptions);
  const program = await context({ lm: task }, () =>
    gepa.compile(
      new Predict("word -> code"),
      { trainset, valset },
      detachedRunContext({ onEvent: (e) => events.push(e) }),
    ),
  );
  const details = program.detailedResults;
  if (!details) throw new Error("no detailed results");
  return { program, details, task, reflectionLM, calls, events };
}

describe("GEPA budget", () => {
  it.each([
    { label: "maxMetricCalls 30", options: { maxMetricCalls: 30 }, budget: 30 },
    {
      label: "maxMetricCalls 50, minibatch 2, no merge",
      options: { maxMetricCalls: 50, reflectionMinibatchSize: 2, useMerge: false },
      budget: 50,
    },
    { label: "maxFullEvals 3", options: { maxFullEvals: 3 }, budget: 3 * (6 + 4) },
    {
      label: "auto light",
      options: { auto: "light" as const },
      budget: gepaAutoBudget({ numPredictors: 1, numCandidates: 6, valsetSize: 4 }),
    },
  ])(
    "$label: stops at the first iteration that reaches the budget; every call counted",
    async ({ options, budget }) => {
      const { details, task, reflectionLM, calls, events } = await run(options);
      const ends = events.filter((event) => event.type === "trial-end");
      const spent = ends.map((event) => (event.detail as { metricCalls: number }).metricCalls);
      // The loop checks the budget before each iteration, as gepa's MaxMetricCallsStopper does.
      expect(details.totalMetricCalls).toBeGreaterThanOrEqual(budget);
      expect(spent.at(-2) ?? 4).toBeLessThan(budget);
      expect(spent.at(-1)).toBe(details.totalMetricCalls);
      // Every rollout runs the one-predictor program once (one task LM call) and the metric once.
      expect(calls.evaluation).toBe(details.totalMetricCalls);
      expect(task.calls).toBe(details.totalMetricCalls);
      expect(details.lmCalls.task).toEqual({ model: "scripted/task", calls: task.calls });
      // One reflection call per proposal; feedback is asked once per reflected example.
      const proposals = ends.filter(
        (event) =>
          (event.detail as { subsampleAfter?: number; kind: string }).kind === "reflective" &&
          (event.detail as { subsampleAfter?: number }).subsampleAfter !== undefined &&
          !(event.detail as { skipped?: string }).skipped,
      );
      expect(reflectionLM.calls).toBe(proposals.length);
      expect(details.lmCalls.reflection).toEqual({ model: "scripted/reflection", calls: reflectionLM.calls });
      // Every iteration's trial-end reports the LM calls so far, per role with its model.
      expect((ends.at(-1)?.detail as { lmCalls?: unknown } | undefined)?.lmCalls).toEqual(details.lmCalls);
      expect(calls.feedback).toBeGreaterThan(0);
      expect(calls.feedback).toBeLessThanOrEqual(proposals.length * (options.reflectionMinibatchSize ?? 3));
    },
  );

  it("matches DSPy's auto budget formula", () => {
    // From DSPy 3.4.1: GEPA(...).auto_budget(num_preds, n, valset_size)
    expect(gepaAutoBudget({ numPredictors: 1, numCandidates: 6, valsetSize: 4 })).toBe(4 + 30 + 10 * 35 + 3 * 4);
  });
});

describe("GEPA on the secret-code task", () => {
  it("raises the validation score from the baseline by learning the rule from feedback", async () => {
    const { program, details } = await run({ maxMetricCalls: 40 });
    expect(details.valAggregateScores[0]).toBe(0);
    expect(details.valAggregateScores[details.bestIdx]).toBe(1);
    const [[, predictor] = []] = program.namedPredictors();
    expect((predictor as unknown as { signature: { instructions: string } }).signature.instructions).toBe(
      "Reverse the word and upper-case it.",
    );
    expect(details.parents[details.bestIdx]).toEqual([0]);
    expect(details.highestScoreAchievedPerValTask).toEqual([1, 1, 1, 1]);
  });
});

describe("GEPA metric results, proposers and options", () => {
  it("a plain-number metric gets DSPy's default feedback in the reflection prompt", async () => {
    const reflectionLM = new CodeReflectionLM();
    const metric = (gold: Example, prediction: Prediction) => (prediction.get("code") === gold.get("code") ? 1 : 0);
    const gepa = new GEPA({ metric, reflectionLM, maxMetricCalls: 12, logger: SILENT });
    await context({ lm: new CodeTaskLM() }, () => gepa.compile(new Predict("word -> code"), { trainset, valset }));
    const prompt = String(reflectionLM.requests[0]?.at(-1)?.content);
    expect(prompt).toContain('"Feedback": "This trajectory got a score of 0."');
  });

  it("a custom proposer runs with the reflection LM in context and its texts are evaluated", async () => {
    const seen: string[] = [];
    const gepa = new GEPA({
      metric: codeMetric,
      maxMetricCalls: 20,
      logger: SILENT,
      trackStats: true,
      instructionProposer: ({ candidate, reflectiveDataset, componentsToUpdate }) => {
        for (const name of componentsToUpdate)
          seen.push(`${name}:${candidate[name]}:${reflectiveDataset[name]?.length}`);
        return Object.fromEntries(componentsToUpdate.map((name) => [name, "Reverse it, in capitals."]));
      },
    });
    const best = await context({ lm: new CodeTaskLM() }, () =>
      gepa.compile(new Predict("word -> code"), { trainset, valset }),
    );
    expect(seen[0]).toBe("self:Given the fields `word`, produce the fields `code`.:3");
    expect(best.detailedResults?.valAggregateScores).toEqual([0, 1]);
    expect(best.detailedResults?.lmCalls.reflection.calls).toBe(0);
  });

  it("a failing proposer is retried once, then the iteration proposes nothing", async () => {
    let calls = 0;
    const gepa = new GEPA({
      metric: codeMetric,
      maxMetricCalls: 10,
      logger: SILENT,
      trackStats: true,
      instructionProposer: () => {
        calls += 1;
        throw new Error("reflection down");
      },
    });
    const best = await context({ lm: new CodeTaskLM() }, () =>
      gepa.compile(new Predict("word -> code"), { trainset, valset }),
    );
    // Seed (4) + two iterations of one minibatch (3) each: nothing was ever proposed.
    expect(best.detailedResults?.totalMetricCalls).toBe(10);
    expect(calls).toBe(4);
    expect(best.detailedResults?.candidates).toHaveLength(1);
  });

  it("rejects a budget that is not exactly one of auto, maxFullEvals, maxMetricCalls", () => {
    const reflectionLM = new CodeReflectionLM();
    expect(() => new GEPA({ metric: codeMetric, reflectionLM })).toThrow(/Exactly one of max_metric_calls/);
    expect(() => new GEPA({ metric: codeMetric, reflectionLM, auto: "light", maxMetricCalls: 5 })).toThrow(
      /Exactly one/,
    );
    expect(() => new GEPA({ metric: codeMetric, maxMetricCalls: 5 })).toThrow(/reflection language model/);
    expect(() => new GEPA({ metric: codeMetric, reflectionLM, maxMetricCalls: 5, trackBestOutputs: true })).toThrow(
      /track_stats must be True/,
    );
  });

  it("falls back to the trainset for an empty valset, as DSPy's `valset or trainset` does", async () => {
    const gepa = new GEPA({
      metric: codeMetric,
      reflectionLM: new CodeReflectionLM(),
      maxMetricCalls: 6,
      trackStats: true,
    });
    const best = await context({ lm: new CodeTaskLM() }, () =>
      gepa.compile(new Predict("word -> code"), { trainset, valset: [] }),
    );
    expect(best.detailedResults?.valSubscores[0]).toHaveLength(trainset.length);
  });

  it("rejects an empty trainset", async () => {
    const gepa = new GEPA({ metric: codeMetric, reflectionLM: new CodeReflectionLM(), maxMetricCalls: 5 });
    await expect(gepa.compile(new Predict("word -> code"), { trainset: [] })).rejects.toThrow(/non-empty/);
  });

  it("keeps the best outputs per validation example with trackBestOutputs", async () => {
    const { details } = await run({ maxMetricCalls: 20, trackBestOutputs: true });
    expect(details.bestOutputsValset?.[0]).toEqual([[1, { code: "NOMEL" }]]);
  });
});
