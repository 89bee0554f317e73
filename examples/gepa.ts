/**
 * GEPA — reflective prompt evolution on a two-step program:
 *   `count = ChainOfThought("word -> count")` counts the letter r in a word, then
 *   `answer = Predict("word, count -> answer")` writes the final answer.
 * The metric returns a score *and feedback* per predictor ("spell the word first", "digits
 * only"); GEPA shows the feedback to a reflection LM, which rewrites one predictor's
 * instruction per iteration. The run is a job: each iteration's score is printed as it ends.
 *
 * With `OPENAI_API_KEY` it calls OpenAI (`DSPY_MODEL`, default openai/gpt-4o-mini, for the task;
 * `DSPY_REFLECTION_MODEL`, default openai/gpt-4o, for reflection). Without it, it runs offline
 * against a scripted local server whose canned model improves only when its instructions say
 * what the feedback asked for — so the curve shows the mechanism, not a model's quality.
 *
 *     npx tsx examples/gepa.ts
 *     OPENAI_API_KEY=sk-... npx tsx examples/gepa.ts
 */
import { ChainOfThought, context, Example, LM, Module, Predict, type Prediction } from "../src/index.js";
import { GEPA, type GepaFeedbackMetric } from "../src/optimizers/index.js";
import { compileJob } from "../src/runtime/index.js";
import { type RecordedRequest, ScriptedServer } from "../src/test/index.js";

class CountLetters extends Module {
  count = new ChainOfThought("word -> count");
  answer = new Predict("word, count -> answer");

  async call(inputs: Record<string, unknown>): Promise<Prediction> {
    const { count } = (await this.count.call({ word: inputs.word })).toDict();
    return this.answer.call({ word: inputs.word, count });
  }
}

const WORDS = ["strawberry", "mirror", "carrot", "river", "error", "barrier", "arrow", "rear", "horror", "corridor"];
const rCount = (word: string) => [...word].filter((letter) => letter === "r").length;
const examples = WORDS.map((word) => new Example({ word, answer: String(rCount(word)) }).withInputs("word"));
const [trainset, valset] = [examples.slice(0, 5), examples.slice(5)];

// Feedback names what the predictor being improved (`predName`) got wrong.
const metric: GepaFeedbackMetric = (gold, prediction, _trace, predName) => {
  const expected = String(gold.get("answer"));
  const answer = String(prediction.get("answer") ?? "").trim();
  if (answer === expected) return { score: 1, feedback: "Correct." };
  if (predName?.startsWith("count") && !answer.includes(expected) && !/^\d+$/.test(answer)) {
    return { score: 0, feedback: `Expected ${expected} r's. Spell the word letter by letter, then count the r's.` };
  }
  if (predName === "answer" && !/^\d+$/.test(answer)) {
    return { score: 0, feedback: `The answer must be digits only, like "${expected}", not "${answer}".` };
  }
  return { score: 0, feedback: `Expected ${expected}. Spell the word letter by letter, then count the r's.` };
};

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five"];
const section = (text: string, name: string) =>
  new RegExp(`\\[\\[ ## ${name} ## \\]\\]\\n([\\s\\S]*?)\\n\\n`).exec(text)?.[1] ?? "";

/** The canned task model: right counts only when told to spell; digits only when told so. */
function taskReply(request: RecordedRequest): string {
  const messages = request.body?.messages as { content: string }[];
  const system = messages[0]?.content ?? "";
  const word = section(request.lastUserMessage, "word");
  if (system.includes("1. `reasoning`")) {
    const spelled = /letter by letter/i.test(system);
    const count = spelled ? rCount(word) : 2;
    const reasoning = spelled ? `Spelled: ${[...word].join("-")}.` : `${word} has a couple of r's.`;
    return `[[ ## reasoning ## ]]\n${reasoning}\n\n[[ ## count ## ]]\n${count}\n\n[[ ## completed ## ]]`;
  }
  const count = Number(section(request.lastUserMessage, "count"));
  const answer = /digits only/i.test(system) ? String(count) : `${NUMBER_WORDS[count] ?? count} r's`;
  return `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]`;
}

/** The canned reflection model: adds to the instruction what the feedback it reads asks for. */
function reflectionReply(request: RecordedRequest): string {
  const text = request.lastUserMessage;
  const current = section(text, "current_instruction");
  const examplesText = text.split("examples_with_feedback ## ]]")[1] ?? "";
  let next = `${current} Be precise.`;
  if (examplesText.includes("letter by letter")) next = `${current} Spell the word letter by letter, then count.`;
  else if (examplesText.includes("digits only")) next = `${current} Answer with digits only.`;
  return JSON.stringify({ new_instruction: next });
}

const real = Boolean(process.env.OPENAI_API_KEY);
let server: ScriptedServer | undefined;
let lm: LM;
let reflectionLM: LM;
if (real) {
  lm = new LM(process.env.DSPY_MODEL ?? "openai/gpt-4o-mini");
  reflectionLM = new LM(process.env.DSPY_REFLECTION_MODEL ?? "openai/gpt-4o", { temperature: 1 });
  console.log(`Running for real: task ${lm.model}, reflection ${reflectionLM.model}.\n`);
} else {
  const isModel = (name: string) => (request: RecordedRequest) => request.body?.model === name;
  server = await ScriptedServer.start({
    rules: [
      { match: isModel("task-model"), reply: taskReply, latencyMs: 5 },
      { match: isModel("reflection-model"), reply: reflectionReply, latencyMs: 20 },
    ],
  });
  const options = { baseURL: server.baseURL, apiKey: "not-a-real-key", cache: false };
  lm = new LM("openai/task-model", options);
  reflectionLM = new LM("openai/reflection-model", options);
  console.log("No OPENAI_API_KEY: running OFFLINE against a scripted local server (canned answers).\n");
}

try {
  const gepa = new GEPA({ metric, reflectionLM, maxMetricCalls: 60, reflectionMinibatchSize: 3, trackStats: true });
  const job = context({ lm }, () => compileJob(gepa, new CountLetters(), { trainset, valset }));
  for await (const event of job) {
    if (event.type === "trial-end") {
      const detail = event.detail as {
        kind: string;
        accepted: boolean;
        skipped?: string;
        bestScore: number;
        metricCalls: number;
      };
      let verdict = detail.accepted ? `accepted, val ${event.score.toFixed(2)}` : "rejected on minibatch";
      if (detail.skipped) verdict = `skipped: ${detail.skipped.replaceAll("_", " ")}`;
      console.log(
        `iteration ${event.trial + 1}: ${detail.kind.padEnd(10)} ${verdict.padEnd(30)} best ${detail.bestScore.toFixed(2)}  (${detail.metricCalls} metric calls)`,
      );
    }
  }
  const best = await job;
  const details = best.detailedResults;
  if (details) {
    console.log(
      `\nvalidation score: ${details.valAggregateScores[0]?.toFixed(2)} -> ${details.valAggregateScores[details.bestIdx]?.toFixed(2)}`,
    );
    console.log(`LM calls: task ${details.lmCalls.task.calls}, reflection ${details.lmCalls.reflection.calls}`);
  }
  for (const [name, predictor] of best.namedPredictors()) {
    console.log(
      `\n${name}: ${(predictor as unknown as { signature: { instructions: string } }).signature.instructions}`,
    );
  }
} finally {
  await server?.close();
}
