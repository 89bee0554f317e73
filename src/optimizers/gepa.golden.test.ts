import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { context } from "../predict/settings.js";
import { TwoStep, TypedReflectionLM, TypedTaskLM, typedExamples, typedMetric } from "./__fixtures__/gepa-golden-lms.js";
import { GEPA, type GEPAOptions } from "./gepa.js";

// Expected values come from real DSPy 3.4.1 + gepa 0.1.4: scripts/oracle/make_gepa_fixtures.py.
interface Scenario {
  name: string;
  settings: Record<string, unknown>;
  garbled: string[];
  cot: boolean;
  train_words: string[];
  val_words: string[];
  reflection_requests: { messages: { role: string; content: string }[]; kwargs: Record<string, unknown> }[];
  task_requests: number;
  logs: string[];
  candidates: Record<string, string>[];
  parents: (number | null)[][];
  val_aggregate_scores: number[];
  val_subscores: number[][];
  per_val_instance_best_candidates: number[][];
  discovery_eval_counts: number[];
  total_metric_calls: number;
  num_full_val_evals: number;
  best_idx: number;
  best: Record<string, string>;
}
const golden = JSON.parse(readFileSync(new URL("./__fixtures__/gepa-golden.json", import.meta.url), "utf8")) as {
  dspy: string;
  scenarios: Scenario[];
};

const SETTING_NAMES: Record<string, keyof GEPAOptions> = {
  max_metric_calls: "maxMetricCalls",
  seed: "seed",
  candidate_selection_strategy: "candidateSelectionStrategy",
  component_selector: "componentSelector",
  use_merge: "useMerge",
  reflection_minibatch_size: "reflectionMinibatchSize",
  skip_perfect_score: "skipPerfectScore",
  add_format_failure_as_feedback: "addFormatFailureAsFeedback",
  acceptance_criterion: "acceptanceCriterion",
};

// The engine's own lines (gepa logs more detail after each accepted program); Python prints
// floats with `.0`, JavaScript without.
const ENGINE_LINE =
  /: (Selected program|Proposed new text|Accepted candidate|New subsample score|Merged programs|All subsample scores perfect|No merge candidates|Reflective mutation did not|New program subsample score|Base program)/;
const normalize = (line: string) => line.replace(/(\d)\.0\b/g, "$1");

describe("GEPA matches DSPy 3.4.1 (golden)", () => {
  it("was recorded from DSPy 3.4.1", () => expect(golden.dspy).toBe("3.4.1"));

  for (const scenario of golden.scenarios) {
    it(`${scenario.name}: same proposals, candidates, scores and budget as Python`, async () => {
      const taskLM = new TypedTaskLM(scenario.garbled);
      const reflectionLM = new TypedReflectionLM();
      const logs: string[] = [];
      const options: Record<string, unknown> = {};
      const { gepa_kwargs: passthrough = {}, ...settings } = scenario.settings as { gepa_kwargs?: object };
      for (const [key, value] of Object.entries({ ...settings, ...passthrough })) {
        options[SETTING_NAMES[key] as string] = value;
      }
      const gepa = new GEPA({
        metric: typedMetric,
        reflectionLM,
        trackStats: true,
        numThreads: 1,
        logger: { info: (line) => logs.push(line), error: () => {} },
        ...options,
      } as GEPAOptions);
      const best = await context({ lm: taskLM }, () =>
        gepa.compile(new TwoStep(scenario.cot), {
          trainset: typedExamples(scenario.train_words),
          valset: typedExamples(scenario.val_words),
        }),
      );
      const details = best.detailedResults;
      if (!details) throw new Error("no detailed results");

      expect(reflectionLM.requests.map((request) => request.messages)).toEqual(
        scenario.reflection_requests.map((request) => request.messages),
      );
      expect(logs.filter((line) => ENGINE_LINE.test(line)).map(normalize)).toEqual(
        scenario.logs.filter((line) => ENGINE_LINE.test(line)).map(normalize),
      );
      expect(details.candidateInstructions).toEqual(scenario.candidates);
      expect(details.parents).toEqual(scenario.parents);
      expect(details.valAggregateScores).toEqual(scenario.val_aggregate_scores);
      expect(details.valSubscores).toEqual(scenario.val_subscores);
      expect(details.perValInstanceBestCandidates.map((front) => [...front].sort((a, b) => a - b))).toEqual(
        scenario.per_val_instance_best_candidates,
      );
      expect(details.discoveryEvalCounts).toEqual(scenario.discovery_eval_counts);
      expect(details.totalMetricCalls).toBe(scenario.total_metric_calls);
      expect(details.numFullValEvals).toBe(scenario.num_full_val_evals);
      expect(details.bestIdx).toBe(scenario.best_idx);
      expect(
        Object.fromEntries(
          best
            .namedPredictors()
            .map(([name, p]) => [
              name,
              (p as unknown as { signature: { instructions: string } }).signature.instructions,
            ]),
        ),
      ).toEqual(scenario.best);
      expect(taskLM.requests.length).toBe(scenario.task_requests);
      expect(details.lmCalls.task.calls).toBe(scenario.task_requests);
      expect(details.lmCalls.reflection.calls).toBe(scenario.reflection_requests.length);
    });
  }
});
