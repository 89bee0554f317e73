/**
 * Evaluate and BootstrapFewShotWithRandomSearch over real HTTP, ours vs Python DSPy 3.4.1, side
 * by side in one run against the same scripted OpenAI-compatible server (its own process, so
 * neither client shares an event loop with it):
 *
 * 1. Evaluate, 2,000 examples, 50 ms per request, concurrency 64: wall time against the ideal
 *    ⌈2000 / 64⌉ × 50 ms (latency-bound, zero overhead) and against Python's
 *    `Evaluate(num_threads=64)`.
 * 2. BootstrapFewShotWithRandomSearch, 8 candidate programs (plus DSPy's 3 fixed ones), 10 ms
 *    per request, num_threads 8 (ours: at most 8 program runs in flight across all candidates):
 *    wall time and LM calls on both sides, and whether both pick the same program.
 *
 * Each round runs all four; the summary gives medians over the rounds (3 by default).
 *
 *     npm run bench:evaluate [-- examples=2000 threads=64 latency=50 rounds=3]
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
const ROUNDS = Number(settings.rounds ?? 3);
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
const seconds = (value: number) => `${value.toFixed(3)} s`;

async function main(): Promise<void> {
  const server = await startServerProcess();
  const ideal = Math.ceil(EXAMPLES / THREADS) * (LATENCY_MS / 1000);
  const evaluateRuns: { ours: number; python: number; cpu: number }[] = [];
  const searchRuns: { ours: number; python: number; calls: [number, number]; same: boolean }[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const cpu = process.cpuUsage();
      const tsEval = await oursEvaluate(server.baseURL);
      const used = process.cpuUsage(cpu);
      const pyEval = await python([server.baseURL, "evaluate", String(EXAMPLES), String(THREADS)]);
      if (tsEval.score !== pyEval.score) throw new Error(`scores differ: ${tsEval.score} vs ${pyEval.score}`);
      evaluateRuns.push({
        ours: tsEval.seconds,
        python: pyEval.seconds as number,
        cpu: (used.user + used.system) / 1000 / EXAMPLES,
      });

      const before = await server.count();
      const tsSearch = await oursSearch(server.baseURL);
      const middle = await server.count();
      const pySearch = await python([
        server.baseURL,
        "random-search",
        ...[SEARCH.train, SEARCH.val, SEARCH.candidates, SEARCH.threads].map(String),
      ]);
      const after = await server.count();
      const same =
        JSON.stringify(tsSearch.scores) === JSON.stringify(pySearch.scores) &&
        JSON.stringify(tsSearch.demos) === JSON.stringify(pySearch.demos);
      if (!same) console.log(JSON.stringify({ ours: tsSearch.scores, python: pySearch.scores }));
      // One warm-up request per side is not part of the search.
      searchRuns.push({
        ours: tsSearch.seconds,
        python: pySearch.seconds as number,
        calls: [middle - before - 1, after - middle - 1],
        same,
      });
      const e = evaluateRuns.at(-1) as (typeof evaluateRuns)[number];
      const r = searchRuns.at(-1) as (typeof searchRuns)[number];
      console.log(
        `round ${round}: Evaluate ours ${seconds(e.ours)} (${(e.ours / ideal).toFixed(2)}× ideal, ${e.cpu.toFixed(2)} ms CPU/example), Python ${seconds(e.python)}; ` +
          `RandomSearch ours ${seconds(r.ours)}, Python ${seconds(r.python)} (${(r.python / r.ours).toFixed(2)}×)`,
      );
    }
  } finally {
    server.stop();
  }

  const ours = median(evaluateRuns.map((run) => run.ours));
  const py = median(evaluateRuns.map((run) => run.python));
  console.log(`\nMedians of ${ROUNDS} rounds (ratios are medians of each round's ratio).`);
  console.log(`Evaluate: ${EXAMPLES} examples, ${LATENCY_MS} ms per request, concurrency ${THREADS}`);
  console.log(`  ideal ⌈${EXAMPLES}/${THREADS}⌉ × ${LATENCY_MS} ms: ${seconds(ideal)}`);
  console.log(
    `  dspy-typescript:   ${seconds(ours)}  (${(ours / ideal).toFixed(2)}× ideal, ${median(evaluateRuns.map((run) => run.cpu)).toFixed(2)} ms client CPU per example)`,
  );
  console.log(`  Python DSPy 3.4.1: ${seconds(py)}  (${(py / ideal).toFixed(2)}× ideal)`);
  console.log(`  ratio (Python / ours): ${median(evaluateRuns.map((run) => run.python / run.ours)).toFixed(2)}×`);

  const trainVal = `train ${SEARCH.train}, val ${SEARCH.val}`;
  console.log(
    `\nBootstrapFewShotWithRandomSearch: ${SEARCH.candidates} candidate programs (+3 fixed), ${trainVal}, ${SEARCH.latencyMs} ms per request, num_threads ${SEARCH.threads}`,
  );
  const calls = searchRuns.map((run) => run.calls);
  console.log(
    `  dspy-typescript:   ${seconds(median(searchRuns.map((run) => run.ours)))}, LM calls ${[...new Set(calls.map(([tsCalls]) => tsCalls))].join("/")}`,
  );
  console.log(
    `  Python DSPy 3.4.1: ${seconds(median(searchRuns.map((run) => run.python)))}, LM calls ${[...new Set(calls.map(([, pyCalls]) => pyCalls))].join("/")}`,
  );
  console.log(`  ratio (Python / ours): ${median(searchRuns.map((run) => run.python / run.ours)).toFixed(2)}×`);
  console.log(`  same candidates, scores and winning demos: ${searchRuns.every((run) => run.same) ? "yes" : "NO"}`);
}

if (process.argv[2] === "--serve") await serve();
else await main();
