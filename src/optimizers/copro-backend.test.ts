import { describe, expect, it } from "vitest";
import type { EvaluationBackend, EvaluationRequest, RemoteEvaluation } from "../evaluate/evaluation-backend.js";
import { evaluatedModule, withEvaluationBackend } from "../evaluate/evaluation-backend.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import type { Prediction } from "../primitives/prediction.js";
import { DummyLM } from "../test/dummy-lm.js";
import { ARITHMETIC, SkillTaskLM } from "./__fixtures__/copro-scripted-lms.js";
import { COPRO } from "./copro.js";
import { predictorSignatures } from "./copro-program.js";

const examples = Object.entries(ARITHMETIC).map(([question, [answer]]) =>
  new Example({ question, answer }).withInputs("question"),
);
const metric = (example: Example, prediction: Prediction) => example.get("answer") === prediction.get("answer");
const proposer = () =>
  new DummyLM({
    "## basic_instruction ##": {
      proposed_instruction: "Think step by step.",
      proposed_prefix_for_output_field: "Answer:",
    },
    "## attempted_instructions ##": {
      proposed_instruction: "Use the HINT: skill-3.",
      proposed_prefix_for_output_field: "Final:",
    },
  });

/** Runs each candidate on a fresh Predict loaded from its saved state, as a distributed worker does. */
class CopyingBackend implements EvaluationBackend {
  readonly opened: EvaluationRequest[] = [];
  readonly lm = new SkillTaskLM();
  async open(request: EvaluationRequest): Promise<RemoteEvaluation> {
    this.opened.push(request);
    const state = (evaluatedModule(request.program) as Predict).dumpState();
    const copy = new Predict("question -> answer").loadState(JSON.parse(JSON.stringify(state)));
    return {
      concurrency: 2,
      evaluate: async (_index, example, signal) => {
        const prediction = await context({ lm: this.lm }, () => copy.call(example.inputs().toDict(), { signal }));
        return { prediction, score: metric(example, prediction) };
      },
      close: async () => {},
    };
  }
}

describe("COPRO under an evaluation backend", () => {
  it("evaluates every instruction candidate through the backend, from its saved state, and ends where a local run ends", async () => {
    const copro = () =>
      new COPRO({ metric, promptModel: proposer(), breadth: 3, depth: 2, logger: { info() {}, error() {} } });
    const local = await context({ lm: new SkillTaskLM() }, () =>
      copro().compile(new Predict("question -> answer"), { trainset: examples }),
    );
    const backend = new CopyingBackend();
    const coordinator = new SkillTaskLM();
    const remote = await context({ lm: coordinator }, () =>
      withEvaluationBackend(backend, () => copro().compile(new Predict("question -> answer"), { trainset: examples })),
    );
    expect(predictorSignatures(remote)).toEqual([["Use the HINT: skill-3.", "Final:"]]);
    expect(predictorSignatures(remote)).toEqual(predictorSignatures(local));
    expect(remote.candidatePrograms.map(({ score }) => score)).toEqual(
      local.candidatePrograms.map(({ score }) => score),
    );
    expect(backend.opened.length).toBeGreaterThan(1);
    // The instructions travelled in the saved state: the scores differ between candidates.
    expect(new Set(remote.candidatePrograms.map(({ score }) => score)).size).toBeGreaterThan(1);
    expect(coordinator.count).toBe(0);
  });
});
