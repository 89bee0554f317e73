import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { detachedRunContext } from "../evaluate/run-context.js";
import { ChainOfThought } from "../predict/chain-of-thought.js";
import { Predict } from "../predict/predict.js";
import { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import { LabeledFewShot } from "./labeled-few-shot.js";

const trainset: Example[] = Array.from({ length: 10 }, (_, i) =>
  new Example({ question: `q${i}`, answer: `a${i}` }).withInputs("question"),
);
const questions = (predictor: Predict) => predictor.demos.map((demo) => (demo as Example).get("question"));

class TwoStep extends Module {
  first = new Predict("question -> draft");
  second = new Predict("draft -> answer");
}

describe("LabeledFewShot", () => {
  it("samples as Python's random.Random(0).sample does", async () => {
    // Python: random.Random(0).sample(range(10), 3) == [6, 9, 0]
    const compiled = await new LabeledFewShot({ k: 3 }).compile(new Predict("question -> answer"), { trainset });
    expect(questions(compiled)).toEqual(["q6", "q9", "q0"]);
  });

  it("shares one generator across predictors, in predictor order", async () => {
    // Python: r = random.Random(0); r.sample(range(10), 3), r.sample(range(10), 3) == [6, 9, 0], [4, 8, 7]
    const compiled = await new LabeledFewShot({ k: 3 }).compile(new TwoStep(), { trainset });
    expect(questions(compiled.first)).toEqual(["q6", "q9", "q0"]);
    expect(questions(compiled.second)).toEqual(["q4", "q8", "q7"]);
  });

  it("takes the first k without sampling, and all when k exceeds the trainset", async () => {
    const first = await new LabeledFewShot({ k: 2 }).compile(new Predict("question -> answer"), {
      trainset,
      sample: false,
    });
    expect(questions(first)).toEqual(["q0", "q1"]);
    const all = await new LabeledFewShot({ k: 50 }).compile(new Predict("question -> answer"), {
      trainset,
      sample: false,
    });
    expect(all.demos).toHaveLength(10);
  });

  it("returns raw trainset examples as demos (no augmented flag) and leaves the student alone", async () => {
    const student = new ChainOfThought("question -> answer");
    const compiled = await new LabeledFewShot({ k: 2 }).compile(student, { trainset });
    expect(compiled).not.toBe(student);
    expect(compiled.predict).not.toBe(student.predict);
    expect(student.predict.demos).toEqual([]);
    expect(compiled.predict.demos.every((demo) => trainset.includes(demo as Example))).toBe(true);
    expect(compiled.predict.dumpState().demos).toEqual([trainset[6]?.toDict(), trainset[9]?.toDict()]);
  });

  it("resets demos the student already had, and gives none for an empty trainset", async () => {
    const student = new Predict("question -> answer");
    student.demos = [{ question: "old", answer: "old" }];
    const compiled = await new LabeledFewShot().compile(student, { trainset: [] });
    expect(compiled.demos).toEqual([]);
    expect(student.demos).toHaveLength(1);
  });

  it("refuses to start when the run is already cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    const run = new LabeledFewShot().compile(
      new Predict("q -> a"),
      { trainset },
      detachedRunContext({ signal: controller.signal }),
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);
  });
});
