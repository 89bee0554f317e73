/**
 * Framework overhead per Predict call with an instant LM, side by side in one run:
 *   - dspy-typescript, the built package (dist/, rebuilt when stale): the real `LM` class over an
 *     in-process AI SDK mock model, so formatting, the model call, parsing, the cache key, the
 *     cache itself and the history are all timed — with the cache off, missing (every call
 *     computes and writes to SQLite) and hitting;
 *   - Python DSPy 3.4.1: the same signature and demos against DummyLM (bench/overhead.py);
 *   - @ax-llm/ax, the TypeScript peer: a `question:string -> answer:string` program on its mock AI.
 * Then the cold import time of each, each in a fresh process.
 *
 *     npm run bench [-- <calls per run, default 1000> <runs, default 5>]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { AxMockAIService, ax } from "@ax-llm/ax";
import { MockLanguageModelV4 } from "ai/test";
import type { LM as LMClass } from "../src/lm/lm.js";

const calls = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 5);
const root = join(import.meta.dirname, "..");
const python = join(root, ".venv-oracle/bin/python");

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const perCallUs = (ms: number) => (ms * 1000) / calls;

/** One timed batch of `calls` sequential calls, in µs per call. */
async function timeBatch(call: (index: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < calls; index++) await call(index);
  return perCallUs(performance.now() - start);
}

/** Runs one batch of a contender per call, `run` numbering the batches. */
type Contender = (run: number) => Promise<number>;

// What the model "replies" instantly: DSPy's ChatAdapter format for both output fields.
const reply = "[[ ## answer ## ]]\nanswer\n\n[[ ## confidence ## ]]\n0.5\n\n[[ ## completed ## ]]";
const model = new MockLanguageModelV4({
  provider: "openai.chat",
  modelId: "gpt-4o-mini",
  doGenerate: async () => ({
    content: [{ type: "text", text: reply }],
    finishReason: { unified: "stop", raw: "stop" },
    usage: {
      inputTokens: { total: 200, noCache: 200, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 10, text: 10, reasoning: 0 },
    },
    warnings: [],
  }),
});

async function ours(lm: LMClass, questionOf: (run: number, index: number) => string): Promise<Contender> {
  const program = new Predict("question, context: list[str] -> answer, confidence: float");
  program.demos = Array.from({ length: 3 }, (_, index) => ({
    question: `q${index}`,
    context: ["a", "b"],
    answer: `a${index}`,
    confidence: 0.9,
  }));
  await context({ lm }, () => program.call({ question: "warm-up", context: ["x"] }));
  return (run) =>
    context({ lm }, () =>
      timeBatch(async (index) => {
        model.doGenerateCalls.length = 0; // the mock records every request; keep that out of the figure
        await program.call({ question: questionOf(run, index), context: ["passage one", "passage two"] });
      }),
    );
}

async function axPeer(): Promise<Contender> {
  const ai = new AxMockAIService<string>({
    features: { functions: false, streaming: false },
    chatResponse: {
      results: [{ index: 0, content: "Answer: answer", finishReason: "stop" }],
      modelUsage: { ai: "mock", model: "mock", tokens: { promptTokens: 200, completionTokens: 10, totalTokens: 210 } },
    },
  });
  const program = ax("question:string -> answer:string");
  await program.forward(ai, { question: "warm-up" });
  return (run) => timeBatch((index) => program.forward(ai, { question: `Run ${run}: what is ${index}?` }));
}

/** One batch in a fresh Python process; also records what DummyLM spends building its replies. */
let dummyReplyUs = Number.NaN;
// Python's real LM with its cache (litellm mock_response), per batch: misses then hits.
const pythonCache: { miss: number[]; hit: number[] } = { miss: [], hit: [] };
async function pythonDspy(): Promise<number> {
  const result = spawnSync(python, [join(root, "bench/overhead.py"), String(calls), "1"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`bench/overhead.py failed:\n${result.error?.message ?? result.stderr}`);
  const parsed = JSON.parse(result.stdout) as {
    seconds: number[];
    format_answer_seconds: number;
    lm_seconds: { miss: number; hit: number };
  };
  dummyReplyUs = perCallUs(parsed.format_answer_seconds * 1000);
  pythonCache.miss.push(perCallUs(parsed.lm_seconds.miss * 1000));
  pythonCache.hit.push(perCallUs(parsed.lm_seconds.hit * 1000));
  return perCallUs((parsed.seconds[0] ?? Number.NaN) * 1000);
}

/** Median import time in ms, each measured inside a fresh process around the import alone. */
function importMs(command: string, args: string[]): number {
  const figures: number[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const result = spawnSync(command, args, { cwd: root, encoding: "utf8" });
    if (result.status !== 0)
      throw new Error(`${command} ${args.join(" ")} failed:\n${result.error?.message ?? result.stderr}`);
    // The first run only warms the OS file cache, so every counted run reads files from memory.
    if (attempt > 0) figures.push(Number(result.stdout.trim().split("\n").at(-1)));
  }
  return median(figures);
}
const nodeImport = (specifier: string) =>
  importMs(process.execPath, [
    "--input-type=module",
    "-e",
    `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`,
  ]);

/** Builds dist/ when it is missing or older than any source file, so the import figure is current. */
function ensureBuild(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
      ),
    );
  let built = 0;
  try {
    built = statSync(join(root, "dist/index.js")).mtimeMs;
  } catch {}
  if (built >= newest(join(root, "src"))) return;
  console.log("building dist/ (npm run build) for the import measurement ...");
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  // The published package is bundled (scripts/build/bundle.mjs); the import figure is of that.
  spawnSync(process.execPath, [join(root, "scripts/build/bundle.mjs")], { cwd: root, stdio: "inherit" });
}

ensureBuild();
const dist = (path: string) => pathToFileURL(join(root, "dist", path)).href;
const { LMCache } = (await import(dist("lm/cache.js"))) as typeof import("../src/lm/cache.js");
const { LM } = (await import(dist("lm/lm.js"))) as typeof import("../src/lm/lm.js");
const { Predict } = (await import(dist("predict/predict.js"))) as typeof import("../src/predict/predict.js");
const { context } = (await import(dist("predict/settings.js"))) as typeof import("../src/predict/settings.js");

const logger = { warn: () => {} };
const cacheDirectory = mkdtempSync(join(tmpdir(), "dspy-bench-cache-"));
const missLM = new LM(model, { cacheStore: new LMCache({ directory: cacheDirectory, logger }), logger });
const unique = (run: number, index: number) => `Run ${run}: what is ${index}?`;
const contenders: Record<string, Contender> = {
  // Unique questions make every call a cache miss: the key is computed, looked up and written.
  miss: await ours(missLM, unique),
  off: await ours(new LM(model, { cache: false, logger }), unique),
  // Run 0's questions again, on the LM that cached them: every call is a hit.
  hit: await ours(missLM, (_run, index) => unique(0, index)),
  ax: await axPeer(),
  python: pythonDspy,
};
// Rounds interleave the contenders, so a busy machine slows all of them alike.
const figures: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, contender] of Object.entries(contenders)) figures[name]?.push(await contender(run));
}
const [oursUs, offUs, hitUs, axUs, pyUs] = ["miss", "off", "hit", "ax", "python"].map((name) =>
  median(figures[name] ?? []),
) as [number, number, number, number, number];

const importOurs = nodeImport(pathToFileURL(join(root, "dist/index.js")).href);
const importAx = nodeImport("@ax-llm/ax");
const importPy = importMs(python, [
  "-c",
  "import time, warnings; warnings.simplefilter('ignore'); t = time.perf_counter(); import dspy; print((time.perf_counter() - t) * 1000)",
]);

const goal = (met: boolean) => (met ? "goal met" : "GOAL MISSED");
const row = (label: string, us: number, note = "") =>
  console.log(`  ${label.padEnd(56)} ${us.toFixed(1).padStart(8)} µs/call${note}`);
const ms = (label: string, value: number, note = "") =>
  console.log(`  ${label.padEnd(56)} ${value.toFixed(1).padStart(8)} ms${note}`);

console.log(`\nFramework overhead per Predict call, instant LM, median of ${runs} runs × ${calls} calls`);
row("dspy-typescript, cache off", offUs, "   ← format + call + parse + history");
row("dspy-typescript, cache miss (key, lookup, SQLite write)", oursUs);
row("dspy-typescript, cache hit (key, lookup, copy)", hitUs);
row(
  "Python DSPy 3.4.1, DummyLM, cache off",
  pyUs,
  `   (of which DummyLM building its reply: ${dummyReplyUs.toFixed(1)})`,
);
row("@ax-llm/ax, AxMockAIService, question -> answer", axUs);
const pyMissUs = median(pythonCache.miss);
const pyHitUs = median(pythonCache.hit);
row("Python DSPy 3.4.1, dspy.LM (litellm mock), cache miss", pyMissUs);
row("Python DSPy 3.4.1, dspy.LM (litellm mock), cache hit", pyHitUs);
const ratios = (label: string, us: number) =>
  console.log(
    `  ${label.padEnd(28)} Python DSPy / ours ${(pyUs / us).toFixed(1).padStart(5)}× (goal ≥ 30×: ${goal(pyUs / us >= 30)})` +
      `   ax / ours ${(axUs / us).toFixed(2).padStart(5)}× (goal ≥ 3×: ${goal(axUs / us >= 3)})`,
  );
// DummyLM has no cache, so the cache-off figure is the like-for-like comparison with Python and ax.
ratios("ours with cache off:", offUs);
ratios("ours with cache miss:", oursUs);
ratios("ours with cache hit:", hitUs);
// With the cache on, Python's own cache path is the like-for-like figure (DummyLM skips it).
console.log(
  `  like for like with the cache: Python miss / ours miss ${(pyMissUs / oursUs).toFixed(1)}×, ` +
    `Python hit / ours hit ${(pyHitUs / hitUs).toFixed(1)}× (goal ≥ 30×: ${goal(pyMissUs / oursUs >= 30)}, ${goal(pyHitUs / hitUs >= 30)})`,
);

console.log("\nCold import, fresh process each time, median of 5 (the import alone, not process start-up)");
ms("dspy-typescript (dist/index.js)", importOurs, `   (goal ≤ 60 ms: ${goal(importOurs <= 60)})`);
ms("@ax-llm/ax", importAx);
ms("Python DSPy 3.4.1 (import dspy)", importPy);
