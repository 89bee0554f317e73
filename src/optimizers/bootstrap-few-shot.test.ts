import { describe, expect, it } from "vitest";
import { DSPyError } from "../errors/dspy-error.js";
import { answerExactMatch } from "../evaluate/answer-match.js";
import { ChainOfThought } from "../predict/chain-of-thought.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import { DummyLM } from "../test/dummy-lm.js";
import { BootstrapFewShot } from "./bootstrap-few-shot.js";

const SILENT = { info: () => {}, error: () => {} };
const RIGHT = new Set([0, 2, 3, 5]);
const trainset: Example[] = Array.from({ length: 6 }, (_, i) =>
  new Example({ question: `What is q${i}?`, answer: `a${i}` }).withInputs("question"),
);
const answers = (extra: Record<string, unknown> = {}) =>
  Object.fromEntries(trainset.map((_, i) => [`q${i}`, { ...extra, answer: RIGHT.has(i) ? `a${i}` : "wrong" }]));
const demosOf = (predictor: Predict) => predictor.dumpState().demos as Record<string, unknown>[];
const textOf = (content: unknown) => (typeof content === "string" ? content : JSON.stringify(content));

describe("BootstrapFewShot", () => {
  it("keeps accepted traces first, then labeled examples sampled as DSPy 3.4.1 does", async () => {
    const lm = new DummyLM(answers());
    const optimizer = new BootstrapFewShot({
      metric: answerExactMatch,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 4,
      logger: SILENT,
    });
    const compiled = await context({ lm }, () => optimizer.compile(new Predict("question -> answer"), { trainset }));
    // Python DSPy 3.4.1 on the same data and DummyLM answers gives exactly this.
    expect(demosOf(compiled)).toEqual([
      { augmented: true, question: "What is q0?", answer: "a0" },
      { augmented: true, question: "What is q2?", answer: "a2" },
      { question: "What is q5?", answer: "a5" },
      { question: "What is q1?", answer: "a1" },
    ]);
    expect(compiled.compiled).toBe(true);
    // It stops once two examples succeeded: q0, q1 (wrong), q2.
    expect(lm.history).toHaveLength(3);
  });

  it("records ChainOfThought reasoning in bootstrapped demos", async () => {
    const lm = new DummyLM(answers({ reasoning: "Because." }));
    const optimizer = new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 1, maxLabeledDemos: 1 });
    const compiled = await context({ lm }, () =>
      optimizer.compile(new ChainOfThought("question -> answer"), { trainset }),
    );
    expect(demosOf(compiled.predict)).toEqual([
      { augmented: true, question: "What is q0?", reasoning: "Because.", answer: "a0" },
    ]);
  });

  it("never shows the teacher the example it is answering among its labeled demos", async () => {
    const lm = new DummyLM(answers());
    const optimizer = new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 6, logger: SILENT });
    await context({ lm }, () => optimizer.compile(new Predict("question -> answer"), { trainset }));
    expect(lm.history).toHaveLength(6);
    lm.history.forEach((call, i) => {
      const prompt = call.messages.map((message) => textOf(message.content)).join("\n");
      expect(prompt.split(`What is q${i}?`)).toHaveLength(2); // once: the question itself
      expect(prompt).toContain(`What is q${(i + 1) % 6}?`); // the other examples are demos
    });
  });

  it("accepts every run without a metric, and applies a numeric threshold with one", async () => {
    const lm = new DummyLM(answers());
    const all = new BootstrapFewShot({ maxBootstrappedDemos: 3, maxLabeledDemos: 3 });
    const compiled = await context({ lm }, () => all.compile(new Predict("question -> answer"), { trainset }));
    expect(demosOf(compiled).map((demo) => demo.answer)).toEqual(["a0", "wrong", "a2"]);

    const scores = new Map([
      ["a0", 0.4],
      ["a2", 0.9],
      ["a3", 0.8],
    ]);
    const strict = new BootstrapFewShot({
      metric: (_example, prediction) => scores.get(prediction.get("answer") as string) ?? 0,
      metricThreshold: 0.8,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 2,
    });
    const picked = await context({ lm }, () => strict.compile(new Predict("question -> answer"), { trainset }));
    expect(demosOf(picked).map((demo) => demo.answer)).toEqual(["a2", "a3"]);
  });

  it("retries failed examples in later rounds with a fresh rollout at temperature 1", async () => {
    const lm = new DummyLM(answers());
    const optimizer = new BootstrapFewShot({
      metric: answerExactMatch,
      maxRounds: 3,
      maxBootstrappedDemos: 2,
      logger: SILENT,
    });
    await context({ lm }, () => optimizer.compile(new Predict("question -> answer"), { trainset }));
    // q0 once, q1 three times (always wrong), q2 once.
    expect(lm.history.map((call) => [call.kwargs.rollout_id, call.kwargs.temperature])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [1, 1],
      [2, 1],
      [undefined, undefined],
    ]);
  });

  it("tolerates errors up to maxErrors, then rethrows the last one", async () => {
    const lm = new DummyLM(answers());
    const failing = () => {
      throw new DSPyError("metric broke", { code: "test" });
    };
    const tolerant = new BootstrapFewShot({ metric: failing, maxErrors: 7, maxLabeledDemos: 2, logger: SILENT });
    const compiled = await context({ lm }, () => tolerant.compile(new Predict("question -> answer"), { trainset }));
    expect(tolerant.errorCount).toBe(6);
    expect(demosOf(compiled).every((demo) => !demo.augmented)).toBe(true);

    const strict = new BootstrapFewShot({ metric: failing, maxErrors: 2, logger: SILENT });
    await expect(
      context({ lm }, () => strict.compile(new Predict("question -> answer"), { trainset })),
    ).rejects.toThrow("metric broke");
    expect(strict.errorCount).toBe(2);
    // DSPy's count belongs to the optimizer: a second compile starts where the first stopped.
    await expect(
      context({ lm }, () => strict.compile(new Predict("question -> answer"), { trainset })),
    ).rejects.toThrow("metric broke");
    expect(strict.errorCount).toBe(3);
  });

  it("refuses a compiled student and a teacher of another structure", async () => {
    const lm = new DummyLM(answers());
    const compiledStudent = new Predict("question -> answer");
    compiledStudent.compiled = true;
    await expect(
      context({ lm }, () => new BootstrapFewShot().compile(compiledStudent, { trainset })),
    ).rejects.toMatchObject({ pythonType: "AssertionError", message: "Student must be uncompiled." });

    class Pair extends Module {
      a = new Predict("question -> answer");
      b = new Predict("question -> answer");
      call(inputs: Record<string, unknown>) {
        return this.a.call(inputs);
      }
    }
    const run = new BootstrapFewShot().compile(new Predict("question -> answer"), { trainset, teacher: new Pair() });
    await expect(run).rejects.toThrow("Student and teacher must have the same number of predictors.");
  });

  it("runs the given teacher, whose own LM survives only when it gets no labeled demos (as in DSPy)", async () => {
    const lm = new DummyLM(answers());
    const teacherLM = new DummyLM(Object.fromEntries(trainset.map((_, i) => [`q${i}`, { answer: `a${i}` }])));
    const teacher = new Predict("question -> answer");
    teacher.lm = teacherLM;
    const unlabeled = new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 3, maxLabeledDemos: 0 });
    const compiled = await context({ lm }, () =>
      unlabeled.compile(new Predict("question -> answer"), { trainset, teacher }),
    );
    expect(demosOf(compiled).map((demo) => demo.question)).toEqual(["What is q0?", "What is q1?", "What is q2?"]);
    expect(lm.history).toHaveLength(0);
    expect(teacher.demos).toEqual([]);
    expect(teacher.lm).toBe(teacherLM);

    // With labeled demos DSPy builds the teacher from `teacher.reset_copy()`, which drops its LM.
    const labeled = new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 3, maxLabeledDemos: 3 });
    const relabeled = await context({ lm }, () =>
      labeled.compile(new Predict("question -> answer"), { trainset, teacher }),
    );
    expect(
      demosOf(relabeled)
        .filter((demo) => demo.augmented)
        .map((demo) => demo.question),
    ).toEqual(["What is q0?", "What is q2?", "What is q3?"]);
    expect(teacherLM.history).toHaveLength(3);
  });
});
