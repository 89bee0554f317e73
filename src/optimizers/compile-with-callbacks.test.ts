import { describe, expect, it } from "vitest";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { DummyLM } from "../test/dummy-lm.js";
import type { BaseCallback } from "../utils/callback.js";
import { BootstrapFewShot } from "./bootstrap-few-shot.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import { LabeledFewShot } from "./labeled-few-shot.js";
import { BootstrapFewShotWithRandomSearch } from "./random-search.js";

const trainset = [0, 1, 2, 3].map((i) => new Example({ question: `q${i}`, answer: `a${i}` }).withInputs("question"));
const answers = Object.fromEntries([0, 1, 2, 3].map((i) => [`q${i}`, { answer: `a${i}` }]));
const metric = (example: Example, prediction: { get(key: string): unknown }) =>
  example.get("answer") === prediction.get("answer");
const silent = { info: () => {}, error: () => {} };

function recorder() {
  const events: string[] = [];
  const callback: BaseCallback = {
    onCompileStart: (_id, instance, inputs) =>
      events.push(`start ${(instance as object).constructor.name} ${Object.keys(inputs).sort().join(",")}`),
    onCompileEnd: (_id, outputs, exception) => events.push(`end ${exception === null && outputs !== null}`),
  };
  return { events, callback };
}

describe("compile callbacks", () => {
  it("fire around a direct compile with its arguments, and once when the same optimizer re-enters", async () => {
    const { events, callback } = recorder();
    const lm = new DummyLM(answers);
    await context({ lm, callbacks: [callback] }, async () => {
      await new LabeledFewShot({ k: 2 }).compile(new Predict("question -> answer"), { trainset });
      // A wrapper (compileJob does this) around the optimizer's own compile: one pair, not two.
      const optimizer = new LabeledFewShot({ k: 2 });
      const student = new Predict("question -> answer");
      await compileWithCallbacks(optimizer, { student, trainset }, () => optimizer.compile(student, { trainset }));
    });
    expect(events).toEqual([
      "start LabeledFewShot student,trainset",
      "end true",
      "start LabeledFewShot student,trainset",
      "end true",
    ]);
  });

  it("report an optimizer's inner optimizers nested inside it, as DSPy 3.4.1 does", async () => {
    const { events, callback } = recorder();
    const lm = new DummyLM(answers);
    const search = new BootstrapFewShotWithRandomSearch({
      metric,
      numCandidatePrograms: 1,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
      numThreads: 1,
      logger: silent,
    });
    await context({ lm, callbacks: [callback] }, () => search.compile(new Predict("question -> answer"), { trainset }));
    // DSPy 3.4.1 (seeds -3..0): LabeledFewShot for seed -2; for -1 and 0 a BootstrapFewShot that
    // labels its teacher through LabeledFewShot inside.
    expect(events).toEqual([
      "start BootstrapFewShotWithRandomSearch student,trainset",
      "start LabeledFewShot sample,student,trainset",
      "end true",
      "start BootstrapFewShot student,teacher,trainset",
      "start LabeledFewShot student,trainset",
      "end true",
      "end true",
      "start BootstrapFewShot student,teacher,trainset",
      "start LabeledFewShot student,trainset",
      "end true",
      "end true",
      "end true",
    ]);
  });

  it("report a failed compile with its exception", async () => {
    const { events, callback } = recorder();
    const compiled = new BootstrapFewShot({ metric, logger: silent });
    const student = await context({ lm: new DummyLM(answers) }, () =>
      compiled.compile(new Predict("question -> answer"), { trainset }),
    );
    // A compiled student is refused (DSPy's "Student must be uncompiled").
    await context({ callbacks: [callback] }, () =>
      new BootstrapFewShot({ metric, logger: silent }).compile(student, { trainset }).catch(() => undefined),
    );
    expect(events).toEqual(["start BootstrapFewShot student,trainset", "end false"]);
  });
});
