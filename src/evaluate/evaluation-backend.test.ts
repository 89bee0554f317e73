import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import type { Module } from "../primitives/module.js";
import { DummyLM } from "../test/dummy-lm.js";
import { answerExactMatch } from "./answer-match.js";
import { Evaluate } from "./evaluate.js";
import {
  type EvaluationBackend,
  type EvaluationRequest,
  evaluatedModule,
  type RemoteEvaluation,
} from "./evaluation-backend.js";

const devset = ["Paris", "Rome", "Lima", "Oslo"].map((city, index) =>
  new Example({ question: `Capital number ${index}?`, answer: city }).withInputs("question"),
);
const answers = (cities: string[]) => cities.map((city) => ({ answer: city }));

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

describe("evaluation backends", () => {
  it("run every example through the backend and give the local result", async () => {
    const cities = ["Paris", "Rome", "wrong", "Oslo"];
    const local = await context({ lm: new DummyLM(answers(cities)) }, () =>
      new Evaluate({ devset, metric: answerExactMatch, numThreads: 1 }).run(new Predict("question -> answer")),
    );
    const backend = new CopyingBackend(new DummyLM(answers(cities)));
    const coordinator = new DummyLM([]);
    const remote = await context({ lm: coordinator }, () =>
      new Evaluate({ devset, metric: answerExactMatch, backend }).run(new Predict("question -> answer")),
    );
    expect(remote.score).toBe(75);
    expect(remote.score).toBe(local.score);
    expect(remote.results.map(([, prediction]) => prediction.toDict())).toEqual(
      local.results.map(([, prediction]) => prediction.toDict()),
    );
    expect(backend.opened).toHaveLength(1);
    expect(backend.closed).toBe(1);
    expect(coordinator.history).toHaveLength(0);
  });

  it("close the backend's evaluation when the run is cancelled", async () => {
    const backend: EvaluationBackend & { closed: number } = {
      closed: 0,
      async open() {
        return {
          concurrency: 4,
          evaluate: (_index, _example, signal) =>
            new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
          close: async () => {
            backend.closed++;
          },
        };
      },
    };
    const controller = new AbortController();
    const run = new Evaluate({ devset, metric: answerExactMatch, backend }).run(new Predict("question -> answer"), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort("stop"), 10);
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(backend.closed).toBe(1);
  });
});
