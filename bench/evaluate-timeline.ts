/**
 * Where the Evaluate bench's time goes, from timestamps on both sides of the wire: per example,
 * when the pool started it, when the scripted server (its own process) received the request,
 * when the server answered, and when the example ended; plus CPU time and event-loop delay of
 * both processes, and the gap between one example ending and the next starting in the pool.
 * Clocks: `performance.timeOrigin + performance.now()` in each process (same machine).
 *
 *     npx tsx bench/evaluate-timeline.ts [examples=2000 threads=64 latency=50]
 */
import { spawn } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
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
const now = () => performance.timeOrigin + performance.now();
const idOf = (text: unknown) => Number(/Eval item (\d+)\?/.exec(String(text))?.[1]);

/** Server mode: stamps each request when a rule is chosen (arrival) and when it replies. */
async function serve(): Promise<void> {
  const received = new Map<number, number>();
  const replied = new Map<number, number>();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const server = await ScriptedServer.start({
    rules: [
      {
        match: (request) => {
          received.set(idOf(request.lastUserMessage), now());
          return true;
        },
        latencyMs: LATENCY_MS,
        reply: (request) => {
          const id = idOf(request.lastUserMessage);
          replied.set(id, now());
          return `[[ ## answer ## ]]\n${id % 4 === 0 ? "wrong" : `a${id}`}\n\n[[ ## completed ## ]]`;
        },
      },
    ],
  });
  process.stdout.write(`${server.baseURL}\n`);
  let cpu = process.cpuUsage();
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "reset") {
      received.clear();
      replied.clear();
      delay.reset();
      delay.enable();
      cpu = process.cpuUsage();
      process.stdout.write("ok\n");
    } else if (line === "dump") {
      const used = process.cpuUsage(cpu);
      const report = {
        received: [...received],
        replied: [...replied],
        cpuMs: (used.user + used.system) / 1000,
        loopDelayMs: delay.mean / 1e6,
      };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    }
  }
  await server.close();
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const between = (from: Map<number, number>, to: Map<number, number>) =>
  [...from].flatMap(([id, start]) => (to.has(id) ? [(to.get(id) as number) - start] : []));

async function main(): Promise<void> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, import.meta.filename, "--serve", ...process.argv.slice(2)],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  const baseURL = await next();
  const lm = new LM("openai/x", { baseURL, apiKey: "x", cache: false });
  const devset = Array.from({ length: EXAMPLES }, (_, i) =>
    new Example({ question: `Eval item ${i}?`, answer: `a${i}` }).withInputs("question"),
  );
  const started = new Map<number, number>();
  const ended = new Map<number, number>();
  await context({ lm }, async () => {
    const predict = new Predict("question -> answer");
    await predict.call({ question: "Eval item 0?" }); // warm-up
    child.stdin.write("reset\n");
    await next();
    const program = async (inputs: Record<string, unknown>, options: { signal: AbortSignal }) => {
      const id = idOf(inputs.question);
      started.set(id, now());
      const prediction = await predict.call(inputs, options);
      ended.set(id, now());
      return prediction;
    };
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const cpu = process.cpuUsage();
    const begin = now();
    const result = await new Evaluate({ devset, metric: answerExactMatch }).run(program, { numThreads: THREADS });
    const wall = now() - begin;
    const used = process.cpuUsage(cpu);
    delay.disable();
    child.stdin.write("dump\n");
    const server = JSON.parse(await next()) as {
      received: [number, number][];
      replied: [number, number][];
      cpuMs: number;
      loopDelayMs: number;
    };
    const received = new Map(server.received);
    const replied = new Map(server.replied);
    const ideal = Math.ceil(EXAMPLES / THREADS) * LATENCY_MS;
    const ends = [...ended.values()].sort((a, b) => a - b);
    const refills = [...started.values()]
      .sort((a, b) => a - b)
      .slice(THREADS)
      .map((start, k) => start - (ends[k] as number));
    const clientCpu = (used.user + used.system) / 1000;
    console.log(
      `Evaluate ${EXAMPLES} examples, concurrency ${THREADS}, ${LATENCY_MS} ms per request (score ${result.score})`,
    );
    console.log(`  wall ${wall.toFixed(0)} ms = ${(wall / ideal).toFixed(3)}× the ideal ${ideal} ms`);
    console.log(
      `  client: ${clientCpu.toFixed(0)} ms CPU (${(clientCpu / EXAMPLES).toFixed(3)} ms per example, ${((100 * clientCpu) / wall).toFixed(0)}% of wall), event-loop delay mean ${(delay.mean / 1e6).toFixed(2)} ms`,
    );
    console.log(
      `  server: ${server.cpuMs.toFixed(0)} ms CPU (${(server.cpuMs / EXAMPLES).toFixed(3)} ms per request), event-loop delay mean ${server.loopDelayMs.toFixed(2)} ms`,
    );
    console.log("  per example, mean ms:");
    console.log(`    pool start → server has the request  ${mean(between(started, received)).toFixed(2)}`);
    console.log(`    server holds it (latency)            ${mean(between(received, replied)).toFixed(2)}`);
    console.log(`    server replies → example ends        ${mean(between(replied, ended)).toFixed(2)}`);
    console.log(`    whole example                        ${mean(between(started, ended)).toFixed(2)}`);
    console.log(`    pool refill (an end → next start)    ${mean(refills).toFixed(3)}`);
  });
  child.stdin.end();
}

if (process.argv.includes("--serve")) await serve();
else await main();
