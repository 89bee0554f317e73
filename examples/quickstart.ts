/**
 * Quickstart — the main job on the embedded defaults, offline:
 *   1. a scripted OpenAI-compatible server on 127.0.0.1 stands in for a real provider, and the real
 *      `LM` client talks to it over HTTP (swap in `new LM("openai/gpt-4o-mini")` for the real thing);
 *   2. a `ChainOfThought` program is evaluated as a job: progress events stream, every example's
 *      result is written to a SQLite run store as it finishes, and re-running with the same run id
 *      resumes instead of starting over;
 *   3. the prompt sent is byte-identical to what Python DSPy 3.4.1 sends.
 *
 *     npm run example
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerExactMatch, ChainOfThought, context, Example, LM } from "../src/index.js";
import { evaluateJob, SqliteRunStore } from "../src/runtime/index.js";
import { ScriptedServer } from "../src/test/index.js";

const capitals: Record<string, string> = {
  France: "Paris",
  Japan: "Tokyo",
  Italy: "Rome",
  Kenya: "Nairobi",
  Peru: "Lima",
};

// The scripted "LM" knows every capital but Peru's, and answers in DSPy's ChatAdapter format.
const server = await ScriptedServer.start({
  rules: Object.entries(capitals).map(([country, capital]) => ({
    match: `capital of ${country}?`,
    reply: `[[ ## reasoning ## ]]\n${country} is a country.\n\n[[ ## answer ## ]]\n${country === "Peru" ? "Cusco" : capital}\n\n[[ ## completed ## ]]`,
    latencyMs: 30,
  })),
});

const lm = new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "not-a-real-key", cache: false });
const program = new ChainOfThought("question -> answer");
const devset = Object.entries(capitals).map(([country, capital]) =>
  new Example({ question: `What is the capital of ${country}?`, answer: capital }).withInputs("question"),
);
const store = new SqliteRunStore({ path: join(mkdtempSync(join(tmpdir(), "dspy-quickstart-")), "runs.db") });

try {
  const job = context({ lm }, () =>
    evaluateJob(program, { devset, metric: answerExactMatch, numThreads: 2, runId: "quickstart", store }),
  );
  for await (const event of job) {
    if (event.type === "example-end") console.log(`example ${event.index} scored ${event.score}`);
    if (event.type === "job-end") console.log("job finished");
  }
  const result = await job;
  console.log(`\nscore: ${result.score}%  (${server.requests.length} HTTP requests to the scripted provider)`);

  // Running the same run id again resumes: nothing is left to evaluate, so no request is sent.
  const before = server.requests.length;
  const again = await context({ lm }, () =>
    evaluateJob(program, { devset, metric: answerExactMatch, runId: "quickstart", store }),
  );
  console.log(`resumed run: score ${again.score}%, ${server.requests.length - before} new requests`);

  console.log("\nThe first prompt, exactly as Python DSPy 3.4.1 would send it:\n");
  const sent = (server.requests[0]?.body?.messages ?? []) as { role: string; content: string }[];
  for (const message of sent) console.log(`----- ${message.role} -----\n${message.content}`);
} finally {
  await store.close();
  await server.close();
}
