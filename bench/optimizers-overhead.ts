/**
 * GEPA's own overhead, ours vs Python DSPy 3.4.1: the same run on in-memory scripted LMs (no
 * HTTP, no latency — the secret-code task of the GEPA tests), so the time is the optimizer's and
 * the framework's work per rollout. Repeated `runs` times; medians and the ratio are printed.
 *
 *     npx tsx bench/optimizers-overhead.ts [calls=3000 runs=3]
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import {
  CodeReflectionLM,
  CodeTaskLM,
  codeExamples,
  codeMetric,
  WORDS,
} from "../src/optimizers/__fixtures__/gepa-scripted-lms.js";
import { GEPA } from "../src/optimizers/gepa.js";
import { Predict } from "../src/predict/predict.js";
import { context } from "../src/predict/settings.js";

const settings = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((arg) => arg.includes("="))
    .map((arg) => arg.split("=") as [string, string]),
);
const CALLS = Number(settings.calls ?? 3000);
const RUNS = Number(settings.runs ?? 3);
const words = Array.from({ length: 40 }, (_, index) => `${WORDS[index % 10]}${index}`);

async function ours(): Promise<{ seconds: number; calls: number }> {
  const task = new CodeTaskLM();
  const gepa = new GEPA({
    metric: codeMetric,
    reflectionLM: new CodeReflectionLM(),
    maxMetricCalls: CALLS,
    numThreads: 8,
  });
  return context({ lm: task }, async () => {
    const start = performance.now();
    await gepa.compile(new Predict("word -> code"), {
      trainset: codeExamples(words.slice(0, 20)),
      valset: codeExamples(words.slice(20)),
    });
    return { seconds: (performance.now() - start) / 1000, calls: task.calls };
  });
}

function python(): Promise<{ seconds: number; calls: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(process.cwd(), ".venv-oracle", "bin", "python"),
      ["bench/optimizers-overhead.py", String(CALLS)],
      {
        env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: "true" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;

await ours(); // warm-up: module loading and JIT outside the timed runs
const rows: { ts: number; py: number; tsCalls: number; pyCalls: number }[] = [];
for (let run = 0; run < RUNS; run++) {
  const ts = await ours();
  const py = await python();
  rows.push({ ts: ts.seconds, py: py.seconds, tsCalls: ts.calls, pyCalls: py.calls });
}
const [ts, py] = [median(rows.map((row) => row.ts)), median(rows.map((row) => row.py))];
console.log(`GEPA, ${CALLS} metric calls on in-memory LMs (no HTTP), ${RUNS} run(s), medians`);
console.log(`  dspy-typescript:   ${ts.toFixed(3)} s, ${rows.map((row) => row.tsCalls).join("/")} task LM calls`);
console.log(`  Python DSPy 3.4.1: ${py.toFixed(3)} s, ${rows.map((row) => row.pyCalls).join("/")} task LM calls`);
console.log(`  ratio (Python / ours): ${(py / ts).toFixed(2)}×`);
