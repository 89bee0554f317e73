import { describe, expect, it } from "vitest";
import { Predict } from "../predict/predict.js";
import { Example } from "../primitives/example.js";
import { DummyLM } from "../test/dummy-lm.js";
import { PythonRandom } from "../utils/python-random.js";
import { examplesRepr } from "./mipro-dataset-summary.js";
import { proposeInstructions } from "./mipro-proposer.js";

const trainset = Array.from({ length: 12 }, (_, i) =>
  new Example({ question: `q${i}`, answer: `a${i}` }).withInputs("question"),
);
const answer = {
  observations: "obs",
  summary: "Summary: sum",
  program_description: "pd",
  module_description: "md",
  proposed_instruction: 'Proposed Instruction: "Do X"',
};

describe("proposeInstructions (DSPy's GroundedProposer as MIPROv2 runs it)", () => {
  it("makes DSPy 3.4.1's calls in its order, with its tips, demos and RNG draws", async () => {
    // Python: GroundedProposer(program_aware, data summary, task demos, random tips, no history,
    // rng=Random(9)) on Predict("question -> answer"), 12 examples, DummyLM, N=3, the demo sets below.
    const lm = new DummyLM(Array.from({ length: 100 }, () => answer));
    const rng = new PythonRandom(9);
    const augmented = new Example({ question: "q5", answer: "a5", augmented: true });
    const demoSets = [[[], [trainset[0] as Example], [augmented], []]];
    const proposals = await proposeInstructions(new Predict("question -> answer"), demoSets, 3, {
      promptModel: lm,
      trainset,
      rng,
    });
    expect(proposals).toEqual([["Do X", "Do X", "Do X"]]);
    const users = lm.history.map((call) => String(call.messages.at(-1)?.content));
    expect(users).toHaveLength(12); // 1 + 1 + 1 summary calls, then 3 × (program, module, instruction)
    expect(users.map((text) => text.includes("tip ## ]]"))).toEqual([
      ...[false, false, false],
      ...[false, false, true],
      ...[false, false, true],
      ...[false, false, true],
    ]);
    expect(users.map((text) => text.includes("q5"))).toEqual([
      ...[true, false, false],
      ...[false, false, false],
      ...[true, true, true],
      ...[true, true, true],
    ]);
    expect(rng.random()).toBe(0.8665618499863413);
  });

  it("renders the examples as Python's repr with sorted input keys", () => {
    expect(examplesRepr(trainset.slice(0, 1))).toBe(
      "[Example({'question': 'q0', 'answer': 'a0'}) (input_keys={'question'})]",
    );
  });
});
