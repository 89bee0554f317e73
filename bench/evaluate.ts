/**
 * Evaluate and BootstrapFewShotWithRandomSearch over real HTTP, ours vs Python DSPy 3.4.1, side
 * by side in one run against the same scripted OpenAI-compatible server (its own process, so
 * neither client shares an event loop with it):
 *
 * 1. Evaluate, 2,000 examples, 50 ms per request, concurrency 64: wall time against the ideal
 *    ⌈2000 / 64⌉ × 50 ms (latency-bound, zero overhead) and against Python's
 *    `Evaluate(num_threads=64)`.
 * 2. BootstrapFewShotWithRandomSearch, 8 candidate programs (plus DSPy's 3 fixed ones), 10 ms
 *    per request: wall time and LM calls on both sides, and whether both pick the same program.
 *
 *     npm run bench:evaluate [-- examples=2000 threads=64 latency=50]
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { answerExactMatch } from "../src/evaluate/answer-match.js";
import { Evaluate } from "../src/evaluate/evaluate.js";
import { LM } from "../src/lm/lm.js";
import { BootstrapFewShotWithRandomSearch } from "../src/optimizers/random-search.js";
import { Predict } from "../src/predict/predict.js";
import { context } from "../src/predict/settings.js";
import { Example } from "../src/primitives/example.js";
import { type RecordedRequest, ScriptedServer } from "../src/test/scripted-server.js";

const settings = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((arg) => arg.includes("="))
    .map((arg) => arg.split("=") as [string, string]),
);
const EXAMPLES = Number(settings.examples ?? 2000);
const THREADS = Number(settings.threads ?? 64);
const LATENCY_MS = Number(settings.latency ?? 50);
const SEARCH = { train: 16, val: 16, candidates: 8, threads: 8, latencyMs: 10 };

const reply = (answer: string) => `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]`;

/** Text of every message of a request, whether content is a string or a list of parts. */
function messageTexts(request: RecordedRequest): string[] {
  const messages = (request.body?.messages ?? []) as { content?: unknown }[];
  return messages.map(({ content }) =>
    typeof content === "string"
      ? content
      : Array.isArray(content)
        ? content.map((part: { text?: string }) => part.text ?? "").join("\n")
        : "",
  );
}

/** Server mode: the scripted server in its own process; answers "count" on stdin with the request count. */
async function serve(): Promise<void> {
  const server = await ScriptedServer.start({
    rules: [
      {
        // Evaluate: three answers in four are right, so both sides must report 75.
        match: /Eval item \d+\?/,
        latencyMs: LATENCY_MS,
        reply: (request) => {
          const id = Number(/Eval item (\d+)\?/.exec(request.lastUserMessage)?.[1]);
          return reply(id % 4 === 0 ? "wrong" : `a${id}`);
        },
      },
      {
        // Random search: right about qN only with a demo for some qM, M ≡ N (mod 3), in the
        // prompt, so the demos chosen decide each candidate's score.
        match: /What is q\d+\?/,
        latencyMs: SEARCH.latencyMs,
        reply: (request) => {
          const ids = messageTexts(request).map((text) => Number(/What is q(\d+)\?/.exec(text)?.[1] ?? Number.NaN));
          const asked = ids.at(-1) as number;
          const helped = ids.slice(0, -1).some((id) => !Number.isNaN(id) && id % 3 === asked % 3);
          return reply(helped ? `a${asked}` : "no idea");
        },
      },
    ],
  });
  process.stdout.write(`${server.baseURL}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "count") process.stdout.write(`${server.chatRequests.length}\n`);
  }
  await server.close();
}

/** Starts the server process; `count()` asks it how many chat requests it has received. */
async function startServerProcess() {
  const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
  const child = spawn(tsx, [import.meta.filename, "--serve"], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  const baseURL = await next();
  return {
    baseURL,
    count: async () => {
      child.stdin.write("count\n");
      return Number(await next());
    },
    stop: () => child.stdin.end(),
  };
}

/** Runs the Python companion without blocking this process. */
function python(args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(process.cwd(), ".venv-oracle", "bin", "python"), ["bench/evaluate.py", ...args], {
      // The bundled model-cost snapshot: no network fetch at import.
      env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    // DSPy's tqdm bars go to stderr; show them only if the run fails.
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`python exited with ${code}:\n${errors}`));
      else resolve(JSON.parse(output.trim().split("\n").at(-1) as string));
    });
  });
}

const rows = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) =>
    new Example({ question: `${prefix}${from + i}?`, answer: `a${from + i}` }).withInputs("question"),
  );

async function oursEvaluate(baseURL: string) {
  const lm = new LM("openai/x", { baseURL, apiKey: "x", cache: false });
  return context({ lm }, async () => {
    await new Predict("question -> answer").call({ question: "Eval item 0?" }); // warm-up
    const evaluate = new Evaluate({ devset: rows("Eval item ", 0, EXAMPLES), metric: answerExactMatch });
    const start = performance.now();
    const result = await evaluate.run(new Predict("question -> answer"), { numThreads: THREADS });
    return { seconds: (performance.now() - start) / 1000, score: result.score };
  });
}

async function oursSearch(baseURL: string) {
  const lm = new LM("openai/x", { baseURL, apiKey: "x", cache: false });
  return context({ lm }, async () => {
    await new Predict("question -> answer").call({ question: "Eval item 0?" }); // warm-up
    const search = new BootstrapFewShotWithRandomSearch({
      metric: answerExactMatch,
      numCandidatePrograms: SEARCH.candidates,
      maxBootstrappedDemos: 3,
      maxLabeledDemos: 3,
      numThreads: SEARCH.threads,
    });
    const start = performance.now();
    const best = await search.compile(new Predict("question -> answer"), {
      trainset: rows("What is q", 0, SEARCH.train),
      valset: rows("What is q", SEARCH.train, SEARCH.train + SEARCH.val),
    });
    return {
      seconds: (performance.now() - start) / 1000,
      scores: best.candidatePrograms.map(({ seed, score }) => [seed, score]),
      demos: best.dumpState().demos,
    };
  });
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  try {
    const ideal = Math.ceil(EXAMPLES / THREADS) * (LATENCY_MS / 1000);
    const tsEval = await oursEvaluate(server.baseURL);
    const pyEval = await python([server.baseURL, "evaluate", String(EXAMPLES), String(THREADS)]);
    const pySeconds = pyEval.seconds as number;
    console.log(`Evaluate: ${EXAMPLES} examples, ${LATENCY_MS} ms per request, concurrency ${THREADS}`);
    console.log(`  ideal ⌈${EXAMPLES}/${THREADS}⌉ × ${LATENCY_MS} ms: ${ideal.toFixed(3)} s`);
    console.log(
      `  dspy-typescript:   ${tsEval.seconds.toFixed(3)} s  (${(tsEval.seconds / ideal).toFixed(2)}× ideal, score ${tsEval.score})`,
    );
    console.log(
      `  Python DSPy 3.4.1: ${pySeconds.toFixed(3)} s  (${(pySeconds / ideal).toFixed(2)}× ideal, score ${pyEval.score})`,
    );
    console.log(`  ratio (Python / ours): ${(pySeconds / tsEval.seconds).toFixed(2)}×`);

    const before = await server.count();
    const tsSearch = await oursSearch(server.baseURL);
    const middle = await server.count();
    const pySearch = await python([
      server.baseURL,
      "random-search",
      ...[SEARCH.train, SEARCH.val, SEARCH.candidates, SEARCH.threads].map(String),
    ]);
    const after = await server.count();
    // One warm-up request per side is not part of the search.
    const tsCalls = middle - before - 1;
    const pyCalls = after - middle - 1;
    const same =
      JSON.stringify(tsSearch.scores) === JSON.stringify(pySearch.scores) &&
      JSON.stringify(tsSearch.demos) === JSON.stringify(pySearch.demos);
    const trainVal = `train ${SEARCH.train}, val ${SEARCH.val}`;
    console.log(
      `\nBootstrapFewShotWithRandomSearch: ${SEARCH.candidates} candidate programs (+3 fixed), ${trainVal}, ${SEARCH.latencyMs} ms per request, num_threads ${SEARCH.threads}`,
    );
    console.log(`  dspy-typescript:   ${tsSearch.seconds.toFixed(3)} s, ${tsCalls} LM calls`);
    console.log(`  Python DSPy 3.4.1: ${(pySearch.seconds as number).toFixed(3)} s, ${pyCalls} LM calls`);
    console.log(`  ratio (Python / ours): ${((pySearch.seconds as number) / tsSearch.seconds).toFixed(2)}×`);
    console.log(`  same candidates, scores and winning demos: ${same ? "yes" : "NO"}`);
    if (!same) console.log(JSON.stringify({ ours: tsSearch.scores, python: pySearch.scores }));
  } finally {
    server.stop();
  }
}

if (process.argv[2] === "--serve") await serve();
else await main();
