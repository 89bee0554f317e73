import { describe, expect, it } from "vitest";
import { Example } from "../primitives/example.js";
import { DummyLM } from "../test/dummy-lm.js";
import { batch } from "./batch.js";
import { Predict } from "./predict.js";
import { context } from "./settings.js";

describe("batch", () => {
  it("calls the program on each example's inputs and returns predictions in input order", async () => {
    const lm = new DummyLM({ "capital of France": { answer: "Paris" }, "capital of Spain": { answer: "Madrid" } });
    const devset = [
      new Example({ question: "The capital of France?", answer: "x" }).withInputs("question"),
      { question: "The capital of Spain?" },
    ];
    const results = await context({ lm }, () => batch(new Predict("question -> answer"), devset, { numThreads: 2 }));
    expect(results.map((prediction) => prediction?.get("answer"))).toEqual(["Paris", "Madrid"]);
    // Only the inputs reach the LM: the label "x" never appears in a prompt.
    expect(lm.history.every((call) => !JSON.stringify(call.messages).includes('"x"'))).toBe(true);
  });

  it("returns failures with returnFailedExamples, and rejects before running when an example has no inputs", async () => {
    const program = {
      call: async (inputs: Record<string, unknown>) => {
        if (inputs.bad) throw new Error("bad input");
        return inputs.n;
      },
    };
    const { results, failedExamples, exceptions } = await batch(program, [{ n: 1 }, { n: 2, bad: true }], {
      returnFailedExamples: true,
      onError: () => {},
    });
    expect(results).toEqual([1, null]);
    expect(failedExamples).toEqual([{ n: 2, bad: true }]);
    expect((exceptions[0] as Error).message).toBe("bad input");

    let called = false;
    const spy = { call: async () => (called = true) };
    await expect(batch(spy, [new Example({ question: "q" })])).rejects.toThrow(/Inputs have not been set/);
    expect(called).toBe(false);
  });
});
