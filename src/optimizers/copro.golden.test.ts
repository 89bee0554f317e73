import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import { ARITHMETIC, ProposalLM, SkillTaskLM } from "./__fixtures__/copro-scripted-lms.js";
import { COPRO } from "./copro.js";
import { predictorSignatures } from "./copro-program.js";
import type { Program } from "./program.js";

// Expected values come from real DSPy 3.4.1: scripts/oracle/make_copro_fixtures.py.
interface PredictorState {
  instructions: string;
  prefix: string;
}
interface Scenario {
  name: string;
  program: string;
  breadth: number;
  depth: number;
  init_temperature: number;
  track_stats: boolean;
  proposals: [string, string][];
  prompt_requests: { messages: unknown[]; kwargs: Record<string, unknown> }[];
  task_requests: number;
  best: PredictorState[];
  candidate_programs: {
    score: number;
    instruction: string;
    prefix: string;
    depth: number;
    predictors: PredictorState[];
  }[];
  total_calls: number;
  info_logs: string[];
  results_best?: Record<string, number[]>[];
  results_latest?: Record<string, number[]>[];
}
const golden = JSON.parse(readFileSync(new URL("./__fixtures__/copro-golden.json", import.meta.url), "utf8")) as {
  dspy: string;
  scenarios: Scenario[];
};

class DraftThenAnswer extends Module {
  draft = new Predict("question -> draft");
  final = new Predict("question, draft -> answer");

  async call(inputs: Record<string, unknown>): Promise<Prediction> {
    const draft = (await this.draft.call({ question: inputs.question })).get("draft");
    return this.final.call({ question: inputs.question, draft });
  }
}

const trainset = Object.entries(ARITHMETIC).map(([question, [answer]]) =>
  new Example({ question, answer }).withInputs("question"),
);
const metric = (example: Example, prediction: Prediction) => example.get("answer") === prediction.get("answer");

function stateOf(program: Program): PredictorState[] {
  return predictorSignatures(program).map(([instructions, prefix]) => ({ instructions, prefix }));
}

describe("COPRO against DSPy 3.4.1", () => {
  it("fixtures come from DSPy 3.4.1", () => {
    expect(golden.dspy).toBe("3.4.1");
  });

  for (const scenario of golden.scenarios) {
    it(scenario.name, async () => {
      const student: Program =
        scenario.program === "Predict" ? new Predict("question -> answer") : new DraftThenAnswer();
      const promptModel = new ProposalLM(scenario.proposals);
      const lm = new SkillTaskLM();
      const logs: string[] = [];
      const copro = new COPRO({
        metric,
        promptModel,
        breadth: scenario.breadth,
        depth: scenario.depth,
        initTemperature: scenario.init_temperature,
        trackStats: scenario.track_stats,
        logger: { info: (message) => logs.push(message), error: () => {} },
      });
      const best = await context({ lm }, () => copro.compile(student, { trainset, evalOptions: { numThreads: 1 } }));

      // The proposal prompts, byte for byte, with their n and temperature.
      expect(promptModel.requests).toEqual(scenario.prompt_requests);
      expect(lm.count).toBe(scenario.task_requests);
      expect(logs).toEqual(scenario.info_logs);
      expect(stateOf(best)).toEqual(scenario.best);
      expect(best.totalCalls).toBe(scenario.total_calls);
      expect(
        best.candidatePrograms.map(({ score, instruction, prefix, depth, program }) => ({
          score,
          instruction,
          prefix,
          depth,
          predictors: stateOf(program),
        })),
      ).toEqual(scenario.candidate_programs);
      if (scenario.track_stats) {
        expect(Object.values(best.resultsBest ?? {})).toEqual(scenario.results_best);
        expect(Object.values(best.resultsLatest ?? {})).toEqual(scenario.results_latest);
      }
      // The student is left as it was.
      expect(stateOf(student)[0]?.instructions).toMatch(/^Given the fields/);
    });
  }
});
