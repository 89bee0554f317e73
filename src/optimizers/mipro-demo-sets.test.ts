import { describe, expect, it } from "vitest";
import { detachedRunContext } from "../evaluate/run-context.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { DummyLM } from "../test/dummy-lm.js";
import { PythonRandom } from "../utils/python-random.js";
import { createNFewshotDemoSets } from "./mipro-demo-sets.js";
import type { PredictorDemo } from "./predictor-demos.js";

const trainset = Array.from({ length: 12 }, (_, i) =>
  new Example({ question: `q${i}`, answer: `a${i}` }).withInputs("question"),
);

const label = (demo: PredictorDemo) => {
  const record = demo instanceof Example ? demo.toDict() : (demo as Record<string, unknown>);
  return `${String(record.question)}${"augmented" in record ? "*" : ""}`;
};

describe("createNFewshotDemoSets", () => {
  it("builds DSPy 3.4.1's sets and consumes the shared RNG as it does", async () => {
    // Python: create_n_fewshot_demo_sets(Predict("question -> answer"), 6, trainset, ml, 3, metric=True,
    // {}, rng=random.Random(9)) twice (ml = 2, then 0) with DummyLM answering "x"; then rng.random().
    const lm = new DummyLM(Array.from({ length: 500 }, () => ({ answer: "x" })));
    const rng = new PythonRandom(9);
    const run = (maxLabeledDemos: number) =>
      context({ lm }, () =>
        createNFewshotDemoSets(
          new Predict("question -> answer"),
          {
            numCandidateSets: 6,
            trainset,
            maxLabeledDemos,
            maxBootstrappedDemos: 3,
            rng,
            bootstrap: { metric: () => true },
          },
          detachedRunContext(),
        ),
      );
    const labeled = await run(2);
    expect(labeled.map((sets) => sets.map((set) => set.map(label)))).toEqual([
      [[], ["q6", "q11"], ["q0*", "q1*", "q2*"], ["q8*", "q6*", "q3*"], ["q7*", "q0"], ["q9*", "q4*", "q7*"]],
    ]);
    // max_labeled_demos=0: seed −2 falls through to the shuffled branch.
    const bootstrapOnly = await run(0);
    expect(bootstrapOnly[0]?.map((set) => set.map(label))).toEqual([
      [],
      ["q9*", "q8*"],
      ["q0*", "q1*", "q2*"],
      ["q10*"],
      ["q9*", "q11*"],
      ["q7*", "q9*", "q10*"],
    ]);
    expect(rng.random()).toBe(0.26831055236520174);
  });
});
