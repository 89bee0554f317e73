import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { Evaluate } from "../evaluate/evaluate.js";
import type { RunContext, RunEventInput } from "../evaluate/run-context.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import { DummyLM } from "../test/dummy-lm.js";
import { ARITHMETIC, SkillTaskLM } from "./__fixtures__/copro-scripted-lms.js";
import { COPRO } from "./copro.js";
import { predictorSignatures } from "./copro-program.js";

class TwoStep extends Module {
  draft = new Predict("question -> draft");
  final = new Predict("question, draft -> answer");

  async call(inputs: Record<string, unknown>): Promise<Prediction> {
    const draft = (await this.draft.call({ question: inputs.question })).get("draft");
    return this.final.call({ question: inputs.question, draft });
  }
}

const examples = Object.entries(ARITHMETIC).map(([question, [answer]]) =>
  new Example({ question, answer }).withInputs("question"),
);
const metric = (example: Example, prediction: Prediction) => example.get("answer") === prediction.get("answer");

/** A prompt model keyed on which proposal signature is asking, so reruns get the same answers. */
function proposer(first: string, later: string): DummyLM {
  return new DummyLM({
    "## basic_instruction ##": { proposed_instruction: first, proposed_prefix_for_output_field: "Answer:" },
    "## attempted_instructions ##": { proposed_instruction: later, proposed_prefix_for_output_field: "Final:" },
  });
}

const quiet = { info: () => {}, error: () => {} };

describe("COPRO LM-call cost", () => {
  // From the reference: P·depth prompt requests (n = breadth − 1, then breadth), and
  // evaluations P=1: breadth·depth, P>1: P·breadth·depth(depth+1)/2, each T program runs of L calls.
  const settings = [
    {
      name: "P=1, breadth 3, depth 2, T=4",
      program: () => new Predict("question -> answer"),
      P: 1,
      L: 1,
      breadth: 3,
      depth: 2,
      T: 4,
    },
    { name: "P=2, breadth 2, depth 3, T=3", program: () => new TwoStep(), P: 2, L: 2, breadth: 2, depth: 3, T: 3 },
    {
      name: "P=1, breadth 5, depth 1, T=2",
      program: () => new Predict("question -> answer"),
      P: 1,
      L: 1,
      breadth: 5,
      depth: 1,
      T: 2,
    },
  ];
  for (const { name, program, P, L, breadth, depth, T } of settings) {
    it(name, async () => {
      const promptModel = proposer("Solve it. skill-1", "Solve it better. skill-2");
      const lm = new DummyLM({ "## question ##": { draft: "d", answer: "5" } });
      const copro = new COPRO({ metric, promptModel, breadth, depth, logger: quiet });
      const best = await context({ lm }, () => copro.compile(program(), { trainset: examples.slice(0, T) }));

      expect(promptModel.history).toHaveLength(P * depth);
      const ns = promptModel.history.map((call) => call.kwargs.n);
      expect(ns).toEqual([...Array(P).fill(breadth - 1), ...Array(P * (depth - 1)).fill(breadth)]);
      expect(promptModel.history.every((call) => call.kwargs.temperature === 1.4)).toBe(true);
      const completions = promptModel.history.reduce((sum, call) => sum + call.outputs.length, 0);
      expect(completions).toBe(P * (breadth - 1 + (depth - 1) * breadth));

      const evaluations = P === 1 ? breadth * depth : (P * breadth * depth * (depth + 1)) / 2;
      expect(best.totalCalls).toBe(evaluations);
      expect(lm.history).toHaveLength(evaluations * T * L);
    });
  }
});

describe("COPRO", () => {
  it("raises the devset score when a proposal carries the hint the task needs", async () => {
    const promptModel = proposer("Think step by step.", "Use the HINT: skill-3.");
    const lm = new SkillTaskLM();
    const student = new Predict("question -> answer");
    const evaluate = new Evaluate({ devset: examples, metric, numThreads: 1 });
    const baseline = await context({ lm }, () => evaluate.run(student));
    const best = await context({ lm }, () =>
      new COPRO({ metric, promptModel, breadth: 3, depth: 2, logger: quiet }).compile(student, { trainset: examples }),
    );
    const improved = await context({ lm }, () => evaluate.run(best));
    expect(baseline.score).toBe(0);
    expect(improved.score).toBe(100);
    expect(predictorSignatures(best)).toEqual([["Use the HINT: skill-3.", "Final:"]]);
    expect(best.candidatePrograms[0]?.score).toBe(100);
    // The student is untouched.
    expect(predictorSignatures(student)[0]?.[0]).toMatch(/^Given the fields/);
  });

  it("reports one trial per evaluation and progress towards the expected count", async () => {
    const events: RunEventInput[] = [];
    const run = memoryContext(new Map(), { onEvent: (event) => events.push(event) });
    const lm = new DummyLM({ "## question ##": { answer: "5" } });
    const copro = new COPRO({ metric, promptModel: proposer("A", "B"), breadth: 2, depth: 2, logger: quiet });
    await context({ lm }, () => copro.compile(new Predict("question -> answer"), { trainset: examples }, run));
    const starts = events.filter((e) => e.type === "trial-start");
    const ends = events.filter((e) => e.type === "trial-end");
    expect(starts.map((e) => e.trial)).toEqual([0, 1, 2, 3]);
    expect(ends.map((e) => (e.type === "trial-end" ? e.score : -1))).toEqual([40, 40, 40, 40]);
    expect(events.filter((e) => e.type === "progress-update").at(-1)).toEqual({
      type: "progress-update",
      done: 4,
      total: 4,
    });
  });

  it("resumes after a cancellation without repeating finished evaluations, to the same result", async () => {
    const setup = () => ({
      lm: new SkillTaskLM(),
      copro: new COPRO({
        metric,
        promptModel: proposer("Be careful. skill-1", "Be precise. skill-2"),
        breadth: 2,
        depth: 3,
        trackStats: true,
        logger: quiet,
      }),
    });
    const student = new TwoStep();
    const full = setup();
    const expected = await context({ lm: full.lm }, () => full.copro.compile(student, { trainset: examples }));

    const store = new Map<string, string>();
    const controller = new AbortController();
    const first = setup();
    const interrupted = memoryContext(store, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "trial-end" && event.trial === 6) controller.abort();
      },
    });
    await expect(
      context({ lm: first.lm }, () => first.copro.compile(student, { trainset: examples }, interrupted)),
    ).rejects.toBeInstanceOf(AbortError);

    const second = setup();
    const resumed = await context({ lm: second.lm }, () =>
      second.copro.compile(student, { trainset: examples }, memoryContext(store, { resumed: true })),
    );
    expect(predictorSignatures(resumed)).toEqual(predictorSignatures(expected));
    expect(resumed.candidatePrograms.map((c) => [c.score, c.instruction, c.depth])).toEqual(
      expected.candidatePrograms.map((c) => [c.score, c.instruction, c.depth]),
    );
    expect(resumed.resultsBest).toEqual(expected.resultsBest);
    expect(resumed.resultsLatest).toEqual(expected.resultsLatest);
    // 7 of the 24 evaluations were done before the cancellation; each runs 5 examples × 2 calls.
    expect(first.lm.count).toBe(7 * 5 * 2);
    expect(second.lm.count).toBe(full.lm.count - 7 * 5 * 2);
  });

  it("needs a breadth above 1, as DSPy", () => {
    expect(() => new COPRO({ metric, breadth: 1 })).toThrow(DSPyError);
    expect(() => new COPRO({ metric, breadth: 1 })).toThrow("Breadth must be greater than 1");
  });
});

/** A run context whose checkpoints live in `store`, so a second run can resume from them. */
function memoryContext(
  store: Map<string, string>,
  options: { resumed?: boolean; signal?: AbortSignal; onEvent?: (event: RunEventInput) => void },
): RunContext {
  return {
    signal: options.signal ?? new AbortController().signal,
    resumed: options.resumed ?? false,
    emit: (event) => options.onEvent?.(event),
    checkpoint: async (key, value) => {
      store.set(key, JSON.stringify(value));
    },
    restore: async (key) => {
      const text = store.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    setPartial: () => {},
  };
}
