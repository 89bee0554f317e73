/**
 * The programs of scripts/oracle/make_saved_fixtures.py, built in TypeScript. Each builder makes
 * the same program, with the same learned state when `trained`, as its Python twin, so a file
 * one side saves can be compared with (and loaded by) the other. Keep the two in step.
 */
import { ChainOfThought, Example, Module, Predict } from "../src/index.js";

/**
 * Twin of Python's `TwoStep`: a bare Predict and a ChainOfThought (saved as `answer.predict`).
 *
 * @example
 * new TwoStep().namedPredictors().map(([name]) => name); // ["rewrite", "answer.predict"]
 */
export class TwoStep extends Module {
  rewrite = new Predict("question -> search_query");
  answer = new ChainOfThought("context: list[str], question -> answer");
}

function predictWithDemos(trained = true): Module {
  const program = new Predict("question -> answer");
  if (trained) {
    program.demos = [
      new Example({ augmented: true, question: "What is 2+2?", answer: "4" }),
      new Example({ question: "Où est la tour Eiffel ? ✓", answer: "Paris — «la ville lumière»" }).withInputs(
        "question",
      ),
      { question: 'Quote "this" \\ and\ttab\nnewline', answer: "ok", score: 0.5, tiny: 1e-7 },
      { question: "Nested?", answer: "yes", extra: { list: [1, "two", null, true], empty: {}, none: [] } },
    ];
  }
  return program;
}

function cotWithInstructions(trained = true): Module {
  const program = new ChainOfThought("question -> answer");
  if (trained) {
    program.predict.signature = program.predict.signature
      .withInstructions("Answer the question.\n\nThink step by step; reply in one short sentence — no preamble.")
      .withUpdatedFields("answer", { prefix: "Final Answer:", desc: "one short sentence" });
    program.predict.demos = [
      new Example({
        augmented: true,
        question: "Why is the sky blue?",
        reasoning: "Rayleigh scattering.",
        answer: "Scattering.",
      }),
    ];
  }
  return program;
}

function twoStep(trained = true): Module {
  const program = new TwoStep();
  if (trained) {
    program.rewrite.demos = [{ question: "capital of France", search_query: "France capital city" }];
    program.answer.predict.signature = program.answer.predict.signature.withInstructions(
      "Answer from the context only.",
    );
    program.answer.predict.demos = [
      new Example({
        augmented: true,
        context: ["Paris is the capital of France."],
        question: "What is the capital of France?",
        reasoning: "The context says so.",
        answer: "Paris",
      }),
    ];
  }
  return program;
}

/**
 * Builders by fixture name (`test/__fixtures__/saved/<name>.json`); `false` gives the untrained program.
 *
 * @example
 * await SAVED_PROGRAMS["two-step"]().save("/tmp/two-step.json");
 */
export const SAVED_PROGRAMS: Record<string, (trained?: boolean) => Module> = {
  "predict-demos": predictWithDemos,
  "cot-instructions": cotWithInstructions,
  "two-step": twoStep,
};
