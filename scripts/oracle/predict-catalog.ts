/**
 * The catalogue of `predict` oracle cases: Predict and ChainOfThought against the scripted LM,
 * with typed outputs, demos, `n > 1` configs, and scripts that leave fields out (which makes
 * DSPy fall back to the JSON adapter with a second request).
 */
import { Prng } from "./prng.js";

type Json = Record<string, unknown>;

const SIGNATURES: { signature: string; inputs: Json; answers: Json[] }[] = [
  {
    signature: "question -> answer",
    inputs: { question: "What is the capital of France?" },
    answers: [{ answer: "Paris" }, { answer: "paris, France" }],
  },
  {
    signature: "question: str -> answer: int",
    inputs: { question: "What is 6*7?" },
    answers: [{ answer: 42 }, { answer: "42" }, { answer: "forty-two" }],
  },
  {
    signature: "context: list[str], question -> answer, confidence: float",
    inputs: { context: ["Paris is in France.", "Berlin is in Germany."], question: "Where is Paris?" },
    answers: [{ answer: "France", confidence: 0.9 }, { answer: "France" }],
  },
  {
    signature: "text -> sentiment: Literal['positive', 'negative', 'neutral']",
    inputs: { text: "I love it «truly»" },
    answers: [{ sentiment: "positive" }, { sentiment: "Positive!" }],
  },
  {
    signature: "claim -> verdict: bool, evidence: list[str]",
    inputs: { claim: "The sky is green." },
    answers: [
      { verdict: false, evidence: ["Rayleigh scattering"] },
      { verdict: "no", evidence: [] },
    ],
  },
  {
    signature: "document -> summary, keywords: list[str], stats: dict[str, int]",
    inputs: { document: "Line one.\nLine two with unicode café." },
    answers: [{ summary: "Two lines.", keywords: ["lines"], stats: { lines: 2 } }],
  },
  { signature: "a: int, b: int -> total: int", inputs: { a: 2, b: 40 }, answers: [{ total: 42 }, { total: 41.5 }] },
  {
    signature: "question -> answer: Optional[str]",
    inputs: { question: "Unknowable?" },
    answers: [{ answer: "None" }, {}],
  },
  {
    signature: "query -> items: list[dict[str, str]]",
    inputs: { query: "find" },
    answers: [{ items: [{ id: "1", name: "one" }] }],
  },
  { signature: "x -> y", inputs: { x: "" }, answers: [{ y: "" }, { y: "multi\nline\n\nanswer" }] },
];

const INSTRUCTIONS = [undefined, "Answer concisely.", "Think carefully.\n\nThen answer in one word."];
const CONFIGS: (Json | undefined)[] = [
  undefined,
  { temperature: 0.0 },
  { n: 2 },
  { n: 3, temperature: 0.9 },
  { temperature: 0.1, n: 2 },
  { max_tokens: 100 },
];

/**
 * All generated predict cases.
 *
 * @example
 * predictCases().length; // 120
 */
export function predictCases(): Json[] {
  const random = new Prng(424242);
  const cases: Json[] = [];
  for (let index = 0; index < 120; index++) {
    const base = SIGNATURES[index % SIGNATURES.length] as (typeof SIGNATURES)[number];
    const module = index % 2 === 0 ? "Predict" : "ChainOfThought";
    const answer = { ...(random.pick(base.answers) as Json) };
    if (module === "ChainOfThought" && random.chance(0.8))
      answer.reasoning = random.pick(["Step by step: easy.", "Because\nreasons."]);
    const testCase: Json = {
      kind: "predict",
      id: `predict-${index}`,
      module,
      signature: base.signature,
      inputs: base.inputs,
    };
    const instructions = random.pick(INSTRUCTIONS);
    if (instructions !== undefined) testCase.instructions = instructions;
    const config = random.pick(CONFIGS);
    if (config) testCase.config = config;
    if (random.chance(0.4)) {
      const demoAnswer = base.answers[0] as Json;
      testCase.demos = [
        { ...base.inputs, ...demoAnswer },
        ...(random.chance(0.5) ? [{ ...base.inputs }] : []),
        ...(random.chance(0.5)
          ? [{ [Object.keys(base.inputs)[0] as string]: "partial demo", ...demoAnswer, extra: 1 }]
          : []),
      ];
    }
    const key = Object.values(base.inputs).find((value) => typeof value === "string") as string | undefined;
    testCase.lm =
      random.chance(0.7) && key
        ? {
            answers: [
              { when: "never matches this", fields: {} },
              { when: key.slice(0, 8), fields: answer },
            ],
            default: {},
          }
        : { answers: [], default: answer };
    cases.push(testCase);
  }
  return cases;
}
