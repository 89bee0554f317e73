/**
 * Client CPU per example of the Evaluate bench: Evaluate over the scripted server (its own
 * process, 50 ms latency), reporting this process's CPU time per example, with the LM's default
 * transport (the keep-alive `node:http` pool) and with the built-in fetch, alternating rounds.
 * Run under `node --cpu-prof` to see where it goes (`fetch=pool` or `fetch=native` for one only).
 *
 *     npm run bench:evaluate-profile [-- examples=2000 threads=64 latency=50 rounds=3 fetch=both]
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
const TRANSPORTS = (settings.fetch ?? "both") === "both" ? ["pool", "native"] : [settings.fetch as string];

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
  const devset = Array.from({ length: EXAMPLES }, (_, i) =>
    new Example({ question: `Eval item ${i}?`, answer: `a${i}` }).withInputs("question"),
  );
  const lms = Object.fromEntries(
    TRANSPORTS.map((transport) => {
      const fetch =
        transport === "native"
          ? { fetch: (input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init) }
          : {};
      return [transport, new LM("openai/x", { baseURL, apiKey: "x", cache: false, ...fetch })];
    }),
  );
  const results: Record<string, { cpu: number[]; ratio: number[] }> = {};
  for (const [transport, lm] of Object.entries(lms)) {
    results[transport] = { cpu: [], ratio: [] };
    await context({ lm }, () => new Predict("question -> answer").call({ question: "Eval item 0?" }));
  }
  const ideal = (Math.ceil(EXAMPLES / THREADS) * LATENCY_MS) / 1000;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [transport, lm] of Object.entries(lms)) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const result = await context({ lm }, () =>
        new Evaluate({ devset, metric: answerExactMatch }).run(new Predict("question -> answer"), {
          numThreads: THREADS,
        }),
      );
      const seconds = (performance.now() - start) / 1000;
      const used = process.cpuUsage(cpu);
      const perExample = (used.user + used.system) / 1000 / EXAMPLES;
      results[transport]?.cpu.push(perExample);
      results[transport]?.ratio.push(seconds / ideal);
      console.log(
        `round ${round + 1} ${transport.padEnd(6)}: score ${result.score}, ${seconds.toFixed(2)} s = ${(seconds / ideal).toFixed(2)}× ideal, ` +
          `client CPU ${perExample.toFixed(3)} ms/example`,
      );
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  for (const [transport, { cpu, ratio }] of Object.entries(results)) {
    console.log(
      `median ${transport.padEnd(6)}: ${median(ratio).toFixed(2)}× ideal, client CPU ${median(cpu).toFixed(3)} ms/example`,
    );
  }
  child.stdin.end();
}

if (process.argv.includes("--serve")) await serve();
else await main();
