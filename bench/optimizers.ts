/**
 * MIPROv2 (auto "light") and GEPA (auto "light") over real HTTP, ours vs Python DSPy 3.4.1, side
 * by side in one run against the same scripted OpenAI-compatible server (its own process, so
 * neither client shares an event loop with it). Every request waits `latency` ms. Both sides
 * get the same data, seeds and `num_threads`; the bench prints wall time and LM calls per side
 * (counted by the server) and the ratios, repeated `runs` times (medians reported).
 *
 * MIPROv2 needs Optuna on the Python side, which the oracle venv lacks: point OPTUNA_SITE at a
 * site-packages that has it (default /tmp/optuna-venv/lib/python3.11/site-packages).
 *
 *     npm run bench:optimizers [-- latency=50 runs=1 train=20 val=20 threads=8 only=gepa task=hard]
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { LM } from "../src/lm/lm.js";
import { GEPA } from "../src/optimizers/gepa.js";
import { MIPROv2 } from "../src/optimizers/mipro.js";
import { Predict } from "../src/predict/predict.js";
import { context } from "../src/predict/settings.js";
import { Example } from "../src/primitives/example.js";
import type { Prediction } from "../src/primitives/prediction.js";
import { ScriptedServer } from "../src/test/scripted-server.js";
import { BENCH_WORDS, benchCode, benchReply } from "./optimizers-task.js";

const settings = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((arg) => arg.includes("="))
    .map((arg) => arg.split("=") as [string, string]),
);
const LATENCY_MS = Number(settings.latency ?? 50);
const RUNS = Number(settings.runs ?? 1);
const TRAIN = Number(settings.train ?? 20);
const VAL = Number(settings.val ?? 20);
const THREADS = Number(settings.threads ?? 8);
/** "easy": one reflection solves the task; "hard": a third of the words stay wrong, so every iteration reflects. */
const TASK = settings.task === "hard" ? "hard" : "easy";

async function serve(): Promise<void> {
  const server = await ScriptedServer.start({
    rules: [{ reply: (request) => benchReply(request, TASK === "hard"), latencyMs: LATENCY_MS }],
  });
  process.stdout.write(`${server.baseURL}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "count") process.stdout.write(`${server.chatRequests.length}\n`);
  }
  await server.close();
}

async function startServerProcess() {
  const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
  const child = spawn(tsx, [import.meta.filename, "--serve", `latency=${LATENCY_MS}`, `task=${TASK}`], {
    stdio: ["pipe", "pipe", "inherit"],
  });
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

function python(args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(process.cwd(), ".venv-oracle", "bin", "python"), ["bench/optimizers.py", ...args], {
      env: {
        ...process.env,
        LITELLM_LOCAL_MODEL_COST_MAP: "true",
        OPTUNA_SITE: process.env.OPTUNA_SITE ?? "/tmp/optuna-venv/lib/python3.11/site-packages",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
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

const examples = BENCH_WORDS.slice(0, TRAIN + VAL).map((word) =>
  new Example({ word, code: benchCode(word) }).withInputs("word"),
);
const [trainset, valset] = [examples.slice(0, TRAIN), examples.slice(TRAIN, TRAIN + VAL)];
const exact = (gold: Example, prediction: Prediction) => gold.get("code") === prediction.get("code");
const feedback = (gold: Example, prediction: Prediction) => {
  const right = gold.get("code") === prediction.get("code");
  const rule = `Wrong. Rule: reverse the word and upper-case it (${String(gold.get("code"))}).`;
  return { score: right ? 1 : 0, feedback: right ? "Correct." : rule };
};
const silent = { info: () => {}, error: () => {} };

async function ours(mode: "mipro" | "gepa", baseURL: string) {
  const lm = new LM("openai/x", { baseURL, apiKey: "x", cache: false });
  return context({ lm }, async () => {
    await new Predict("word -> code").call({ word: "warmup" });
    const start = performance.now();
    const student = new Predict("word -> code");
    const best =
      mode === "mipro"
        ? await new MIPROv2({ metric: exact, auto: "light", numThreads: THREADS, logger: silent }).compile(student, {
            trainset,
            valset,
          })
        : await new GEPA({
            metric: feedback,
            auto: "light",
            reflectionLM: lm,
            numThreads: THREADS,
            trackStats: true,
            logger: silent,
          }).compile(student, { trainset, valset });
    return { seconds: (performance.now() - start) / 1000, instructions: best.signature.instructions };
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

async function main(): Promise<void> {
  const server = await startServerProcess();
  try {
    console.log(
      `Optimizers, auto "light", ${TASK} task: train ${TRAIN}, val ${VAL}, ${LATENCY_MS} ms per request, num_threads ${THREADS}, ${RUNS} run(s)`,
    );
    const modes = (["mipro", "gepa"] as const).filter((mode) => !settings.only || settings.only === mode);
    for (const mode of modes) {
      const rows: { ts: number; py: number; tsCalls: number; pyCalls: number; same: boolean }[] = [];
      for (let run = 0; run < RUNS; run++) {
        const before = await server.count();
        const tsRun = await ours(mode, server.baseURL);
        const middle = await server.count();
        const pyRun = await python([server.baseURL, mode, String(TRAIN), String(VAL), String(THREADS)]);
        const after = await server.count();
        rows.push({
          ts: tsRun.seconds,
          py: pyRun.seconds as number,
          // One warm-up request per side is not part of the run.
          tsCalls: middle - before - 1,
          pyCalls: after - middle - 1,
          same: tsRun.instructions === pyRun.instructions,
        });
      }
      const ts = median(rows.map((row) => row.ts));
      const py = median(rows.map((row) => row.py));
      const name = mode === "mipro" ? "MIPROv2 light" : "GEPA light";
      console.log(`\n${name}`);
      console.log(`  dspy-typescript:   ${ts.toFixed(3)} s, ${rows.map((row) => row.tsCalls).join("/")} LM calls`);
      console.log(`  Python DSPy 3.4.1: ${py.toFixed(3)} s, ${rows.map((row) => row.pyCalls).join("/")} LM calls`);
      console.log(`  ratio (Python / ours): ${(py / ts).toFixed(2)}×`);
      console.log(`  same LM calls: ${rows.every((row) => row.tsCalls === row.pyCalls) ? "yes" : "NO"}`);
      console.log(`  same final instructions: ${rows.every((row) => row.same) ? "yes" : "NO"}`);
    }
  } finally {
    server.stop();
  }
}

if (process.argv[2] === "--serve") await serve();
else await main();
