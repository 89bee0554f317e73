/**
 * Quickstart — a question-answering program that runs, evaluates, optimizes and saves itself:
 *   1. a `ChainOfThought` is evaluated with a metric on a small dev set, as a resumable job
 *      (progress events stream; every result lands in a SQLite run store as it finishes);
 *   2. one optimizer step, `BootstrapFewShot`, runs as a job and adds worked examples (demos);
 *   3. the optimized program is evaluated again and saved in DSPy 3.4.1's JSON layout.
 *
 * With `OPENAI_API_KEY`, or an OpenAI-compatible server (`DSPY_BASE_URL`, e.g. a local Ollama at
 * http://localhost:11434/v1, with `DSPY_MODEL`, e.g. `ollama_chat/llama3.2`), it calls that model.
 * Without either it runs offline against a scripted local server, with the same real `LM` client.
 *
 *     npm run example
 *     OPENAI_API_KEY=sk-... npm run example
 *     DSPY_BASE_URL=http://localhost:11434/v1 DSPY_MODEL=ollama_chat/llama3.2 npm run example
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerExactMatch, ChainOfThought, context, Example, LM } from "../src/index.js";
import { BootstrapFewShot, type BootstrapFewShotCompileOptions } from "../src/optimizers/index.js";
import { compileJob, evaluateJob, SqliteRunStore } from "../src/runtime/index.js";
import { type RecordedRequest, ScriptedServer } from "../src/test/index.js";

const capitals: Record<string, string> = {
  France: "Paris",
  Japan: "Tokyo",
  Italy: "Rome",
  Kenya: "Nairobi",
  Peru: "Lima",
  Germany: "Berlin",
  Egypt: "Cairo",
  Canada: "Ottawa",
};
const examples = Object.entries(capitals).map(([country, capital]) =>
  new Example({ question: `What is the capital of ${country}?`, answer: capital }).withInputs("question"),
);
const [devset, trainset] = [examples.slice(0, 5), examples.slice(5)];

const real = Boolean(process.env.OPENAI_API_KEY || process.env.DSPY_BASE_URL);
let server: ScriptedServer | undefined;
let lm: LM;
if (real) {
  const model = process.env.DSPY_MODEL ?? "openai/gpt-4o-mini";
  lm = new LM(model, { baseURL: process.env.DSPY_BASE_URL });
  console.log(`Running for real: ${model}${process.env.DSPY_BASE_URL ? ` at ${process.env.DSPY_BASE_URL}` : ""}.\n`);
} else {
  // A stand-in for a model that answers Kenya and Peru in a full sentence (which exact match
  // rejects) unless the prompt shows worked examples — the kind of fix few-shot demos bring.
  const hasDemos = (request: RecordedRequest) => ((request.body?.messages as unknown[]) ?? []).length > 2;
  server = await ScriptedServer.start({
    rules: Object.entries(capitals).map(([country, capital]) => ({
      match: `capital of ${country}?`,
      reply: (request: RecordedRequest) => {
        const wordy = ["Kenya", "Peru"].includes(country) && !hasDemos(request);
        const answer = wordy ? `The capital of ${country} is ${capital}.` : capital;
        return `[[ ## reasoning ## ]]\n${country} is a country.\n\n[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]`;
      },
      latencyMs: 30,
    })),
  });
  lm = new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "not-a-real-key", cache: false });
  console.log("No OPENAI_API_KEY or DSPY_BASE_URL set: running OFFLINE against a scripted local server.");
  console.log("Its answers are canned, so the scores below show the workflow, not a model's quality.\n");
}

const program = new ChainOfThought("question -> answer");
const directory = mkdtempSync(join(tmpdir(), "dspy-quickstart-"));
const store = new SqliteRunStore({ path: join(directory, "runs.db") });
const evaluate = (candidate: ChainOfThought, runId: string) =>
  context({ lm }, () => evaluateJob(candidate, { devset, metric: answerExactMatch, numThreads: 2, runId, store }));

try {
  const job = evaluate(program, "baseline");
  for await (const event of job) {
    if (event.type === "example-end") console.log(`  example ${event.index} scored ${event.score}`);
  }
  console.log(`baseline score: ${(await job).score}%`);

  // Starting a finished run id again resumes it: nothing is left to do, so no request is sent.
  const before = lm.history.length;
  await evaluate(program, "baseline");
  console.log(`re-running "baseline" resumed it: ${lm.history.length - before} new LM calls`);

  // One optimizer step: run the program on the trainset and keep the runs the metric accepts as demos.
  const optimizer = new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 2 });
  // Typed for this student, so the result is a ChainOfThought (BootstrapFewShot returns a copy of it).
  const compileQA = compileJob<ChainOfThought, BootstrapFewShotCompileOptions, ChainOfThought>;
  const optimized = await context({ lm }, () =>
    compileQA(optimizer, program, { trainset }, { runId: "bootstrap", store }),
  );
  console.log(`\nBootstrapFewShot added ${optimized.predict.demos.length} demos`);
  console.log(`optimized score: ${(await evaluate(optimized, "optimized")).score}%`);

  const path = join(directory, "program.json");
  await optimized.save(path);
  console.log(`\nsaved the optimized program to ${path}`);
  console.log("(Python DSPy 3.4.1 loads it with dspy.ChainOfThought('question -> answer').load(path))");
} finally {
  await store.close();
  await server?.close();
}
