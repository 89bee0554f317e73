import { describe, expect, it } from "vitest";
import { answerExactMatch } from "../evaluate/answer-match.js";
import {
  type EvaluationBackend,
  type EvaluationRequest,
  evaluatedModule,
  type RemoteEvaluation,
  withEvaluationBackend,
} from "../evaluate/evaluation-backend.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import type { Module } from "../primitives/module.js";
import { DummyLM } from "../test/dummy-lm.js";
import { BootstrapFewShotWithRandomSearch } from "./random-search.js";

const devset = ["Paris", "Rome", "Lima", "Oslo"].map((city, index) =>
  new Example({ question: `Capital number ${index}?`, answer: city }).withInputs("question"),
);

/**
 * Stands in for a distributed backend: copies the module it is given through its saved state
 * (as a worker does) and runs the examples on the copy with its own LM.
 */
class CopyingBackend implements EvaluationBackend {
  readonly opened: EvaluationRequest[] = [];
  closed = 0;
  constructor(readonly lm: DummyLM) {}
  async open(request: EvaluationRequest): Promise<RemoteEvaluation> {
    this.opened.push(request);
    const source = evaluatedModule(request.program) as Module & { dumpState(): Record<string, unknown> };
    const copy = new Predict("question -> answer").loadState(JSON.parse(JSON.stringify(source.dumpState())));
    return {
      concurrency: 2,
      evaluate: async (_index, example, signal) => {
        const prediction = await context({ lm: this.lm }, () => copy.call(example.inputs().toDict(), { signal }));
        return { prediction, score: answerExactMatch(example, prediction) };
      },
      close: async () => {
        this.closed++;
      },
    };
  }
}

describe("BootstrapFewShotWithRandomSearch under an evaluation backend", () => {
  it("serve the candidate evaluations of BootstrapFewShotWithRandomSearch, each as a module with its demos", async () => {
    const trainset = devset.slice(0, 3);
    const lm = () => new DummyLM(Array.from({ length: 200 }, () => ({ answer: "Paris" })));
    const backend = new CopyingBackend(lm());
    const search = new BootstrapFewShotWithRandomSearch({
      metric: answerExactMatch,
      numCandidatePrograms: 1,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
      logger: { info: () => {}, error: () => {} },
    });
    const compiled = await context({ lm: lm() }, () =>
      withEvaluationBackend(backend, () =>
        search.compile(new Predict("question -> answer"), { trainset, valset: devset }),
      ),
    );
    // Seeds -3, -2, -1, 0: one evaluation each, of the candidate module itself (not a wrapper).
    expect(backend.opened).toHaveLength(4);
    for (const request of backend.opened) {
      expect(typeof (evaluatedModule(request.program) as { dumpState?: unknown }).dumpState).toBe("function");
    }
    const demoCounts = backend.opened.map(
      (request) => ((evaluatedModule(request.program) as Predict).dumpState().demos as unknown[]).length,
    );
    expect(demoCounts[0]).toBe(0); // seed -3: zero-shot
    expect(Math.max(...demoCounts)).toBeGreaterThan(0);
    expect(compiled.candidatePrograms).toHaveLength(4);
  });
});
