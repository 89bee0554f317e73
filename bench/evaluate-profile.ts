/**
 * Client CPU per example of the Evaluate bench: Evaluate over the scripted server (its own
 * process, 50 ms latency), reporting this process's CPU time per example. Run under
 * `node --cpu-prof` to see where it goes.
 *
 *     npx tsx bench/evaluate-profile.ts [examples=2000 threads=64 latency=50 rounds=3]
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { answerExactMatch } from "../src/evaluate/answer-match.js";
import { Evaluate } from "../src/evaluate/evaluate.js";
import { LM } from "../src/lm/lm.js";
import { Predict } from "../src/predict/predict.js";
import { context } from "../src/predict/settings.js";
import { Example } from "../src/primitives/example.js";
import { ScriptedServer } from "../src/test/scripted-server.js";

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

async function serve(): Promise<void> {
  const server = await ScriptedServer.start({
    rules: [
      {
        match: /Eval item \d+\?/,
        latencyMs: LATENCY_MS,
        reply: (request) => {
          const id = Number(/Eval item (\d+)\?/.exec(request.lastUserMessage)?.[1]);
          return `[[ ## answer ## ]]\n${id % 4 === 0 ? "wrong" : `a${id}`}\n\n[[ ## completed ## ]]`;
        },
      },
    ],
  });
  process.stdout.write(`${server.baseURL}\n`);
  for await (const _ of createInterface({ input: process.stdin })) {
    // Runs until stdin closes.
  }
  await server.close();
}

async function main(): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", import.meta.filename, "--serve", ...process.argv.slice(2)],
    {
      stdio: ["pipe", "pipe", "inherit"],
      env: { ...process.env, NODE_OPTIONS: "" },
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const baseURL = String((await lines.next()).value);
  const lm = new LM("openai/x", { baseURL, apiKey: "x", cache: false });
  const devset = Array.from({ length: EXAMPLES }, (_, i) =>
    new Example({ question: `Eval item ${i}?`, answer: `a${i}` }).withInputs("question"),
  );
  await context({ lm }, async () => {
    await new Predict("question -> answer").call({ question: "Eval item 0?" });
    for (let round = 0; round < ROUNDS; round++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const result = await new Evaluate({ devset, metric: answerExactMatch }).run(new Predict("question -> answer"), {
        numThreads: THREADS,
      });
      const seconds = (performance.now() - start) / 1000;
      const used = process.cpuUsage(cpu);
      const ideal = (Math.ceil(EXAMPLES / THREADS) * LATENCY_MS) / 1000;
      console.log(
        `round ${round + 1}: score ${result.score}, ${seconds.toFixed(2)} s = ${(seconds / ideal).toFixed(2)}× ideal, ` +
          `client CPU ${(((used.user + used.system) / 1000 / EXAMPLES) * 1).toFixed(3)} ms/example ` +
          `(user ${(used.user / 1000 / EXAMPLES).toFixed(3)}, system ${(used.system / 1000 / EXAMPLES).toFixed(3)})`,
      );
    }
  });
  child.stdin.end();
}

if (process.argv.includes("--serve")) await serve();
else await main();
