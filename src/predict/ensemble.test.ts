import { describe, expect, it } from "vitest";
import { Prediction } from "../primitives/prediction.js";
import { Ensemble } from "./ensemble.js";
import { majority } from "./majority.js";
import { Predict } from "./predict.js";

function constant(answer: string, log: string[]) {
  return {
    async call(inputs: Record<string, unknown>) {
      log.push(`${answer}:${String(inputs.question)}`);
      return new Prediction({ answer });
    },
  };
}

describe("Ensemble", () => {
  it("calls every member in order on the same inputs and reduces with majority", async () => {
    const log: string[] = [];
    const members = [constant("Paris", log), constant("Lyon", log), constant("the paris", log)];
    const program = new Ensemble({ reduceFn: (outputs: Prediction[]) => majority(outputs) }).compile(members);
    const voted = await program.call({ question: "capital?" });
    expect(voted.get("answer")).toBe("Paris");
    expect(log).toEqual(["Paris:capital?", "Lyon:capital?", "the paris:capital?"]);
  });

  it("draws `size` distinct members with the given random source, and lists outputs without reduceFn", async () => {
    const log: string[] = [];
    const members = ["a", "b", "c", "d"].map((answer) => constant(answer, log));
    const draws = [0.99, 0.0];
    const program = new Ensemble<Prediction>({ size: 2, random: () => draws.shift() ?? 0 }).compile(members);
    const outputs = await program.call({ question: "q" });
    // Partial Fisher–Yates: 0.99 picks the last of 4 ("d"), then 0.0 picks position 1 ("b").
    expect(outputs.map((output) => output.get("answer"))).toEqual(["d", "b"]);
    expect(() => new Ensemble({ deterministic: true })).toThrow("TODO: Implement example hashing");
  });

  it("exposes member predictors under DSPy's names", () => {
    const program = new Ensemble().compile([new Predict("q -> a"), new Predict("q -> a")]);
    expect(program.namedPredictors().map(([name]) => name)).toEqual(["programs[0]", "programs[1]"]);
  });
});
