/**
 * The DSPy modules that combine several LM calls — MultiChainComparison, BestOfN, Refine,
 * Parallel / batch, majority and Ensemble — run offline on DummyLM (scripted answers).
 *
 *     npx tsx examples/modules.ts
 */
import { Example, Prediction } from "../src/index.js";
import { batch } from "../src/predict/batch.js";
import { BestOfN } from "../src/predict/best-of-n.js";
import { ChainOfThought } from "../src/predict/chain-of-thought.js";
import { Ensemble } from "../src/predict/ensemble.js";
import { majority } from "../src/predict/majority.js";
import { MultiChainComparison } from "../src/predict/multi-chain-comparison.js";
import { Parallel } from "../src/predict/parallel.js";
import { Predict } from "../src/predict/predict.js";
import { Refine } from "../src/predict/refine.js";
import { context } from "../src/predict/settings.js";
import { DummyLM } from "../src/test/dummy-lm.js";

const question = "What is the capital of Belgium?";
const oneWord = (_: unknown, prediction: Prediction) => (String(prediction.get("answer")).trim().includes(" ") ? 0 : 1);

// majority: vote over completions (normalised: case, punctuation and articles are ignored).
const votes = [{ answer: "Brussels" }, { answer: "Antwerp" }, { answer: "the brussels!" }];
console.log("majority:", majority(votes).get("answer"));

// MultiChainComparison: show the LM three earlier attempts and ask for a corrected answer.
const compareLM = new DummyLM([{ rationale: "Two attempts agree on Brussels.", answer: "Brussels" }]);
const compare = new MultiChainComparison("question -> answer");
const compared = await context({ lm: compareLM }, () =>
  compare.call({
    question,
    completions: [
      { reasoning: "Belgium's government sits in Brussels.", answer: "Brussels" },
      { reasoning: "The largest port is Antwerp.", answer: "Antwerp" },
      { reasoning: "The EU institutions are in Brussels.", answer: "Brussels" },
    ],
  }),
);
console.log("MultiChainComparison:", compared.get("answer"));

// BestOfN: up to 3 attempts (rollout_id 0, 1, 2 at temperature 1.0); the first one-word answer wins.
const bestLM = new DummyLM([
  { reasoning: "A city.", answer: "The city of Brussels" },
  { reasoning: "Capital.", answer: "Brussels" },
]);
const qa = new ChainOfThought("question -> answer");
const best = new BestOfN({ module: qa, N: 3, rewardFn: oneWord, threshold: 1 });
const bestAnswer = await context({ lm: bestLM }, () => best.call({ question }));
console.log(
  "BestOfN:",
  bestAnswer?.get("answer"),
  bestLM.history.map((call) => call.kwargs),
);

// Refine: like BestOfN, but a failed attempt gets LM feedback that later attempts see as `hint_`.
const refineLM = new DummyLM([
  { reasoning: "A city.", answer: "The city of Brussels" },
  { discussion: "The answer was too long.", advice: { predict: "Answer with the city name only." } },
  { reasoning: "Following the hint.", answer: "Brussels" },
]);
const refine = new Refine({ module: qa, N: 3, rewardFn: oneWord, threshold: 1 });
const refined = await context({ lm: refineLM }, () => refine.call({ question }));
const hinted = JSON.stringify(refineLM.history[2]?.messages).includes("Answer with the city name only.");
console.log("Refine:", refined?.get("answer"), "| third request carried the hint:", hinted);

// Parallel and batch: bounded concurrency, results in input order, failures as null.
const capitals = new DummyLM({ France: { answer: "Paris" }, Spain: { answer: "Madrid" } });
const capital = new Predict("question -> answer");
const devset = [
  new Example({ question: "Capital of France?", answer: "Paris" }).withInputs("question"),
  new Example({ question: "Capital of Spain?", answer: "Madrid" }).withInputs("question"),
];
const parallel = await context({ lm: capitals }, () =>
  new Parallel({ numThreads: 2 }).call(devset.map((example) => [capital, example] as const)),
);
console.log(
  "Parallel:",
  parallel.map((prediction) => prediction?.get("answer")),
);
const batched = await context({ lm: capitals }, () => batch(capital, devset, { numThreads: 2 }));
console.log(
  "batch:",
  batched.map((prediction) => prediction?.get("answer")),
);

// Ensemble: run several programs on the same inputs and reduce with majority.
const members = ["Brussels", "Antwerp", "brussels"].map((answer) => ({
  call: async () => new Prediction({ answer }),
}));
const ensembled = new Ensemble({ reduceFn: (outputs: Prediction[]) => majority(outputs) }).compile(members);
console.log("Ensemble:", (await ensembled.call({ question })).get("answer"));
