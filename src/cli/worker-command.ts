import type { BaseLM } from "../lm/base-lm.js";
import { LM } from "../lm/lm.js";
import { RedisLMCache } from "../runtime/distributed/redis-lm-cache.js";
import { withRateLimit } from "../runtime/rate-limited-lm.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode, InputError, UsageError } from "./exit-codes.js";
import { loadProgram } from "./load-program.js";
import { integerFlag, parseCommandLine, stringFlag } from "./parse-command-line.js";
import { COMMAND_USAGE } from "./usage.js";

const WORKER_FLAGS = {
  redis: { type: "string" },
  queue: { type: "string" },
  concurrency: { type: "string" },
  model: { type: "string" },
  "base-url": { type: "string" },
  cache: { type: "boolean", default: true },
  "shared-cache": { type: "boolean" },
  "requests-per-minute": { type: "string" },
  "lock-duration": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `dspy-typescript worker <program> --redis redis://host:6379`: a distributed-evaluation worker
 * until Ctrl-C/SIGTERM, which lets the examples it runs finish (exit 0). The program module is
 * the one `eval` takes (`program`, `metric`, optionally `lm`); the Redis URL may come from
 * `$DSPY_REDIS_URL`, which keeps a password out of `ps` listings.
 *
 * @example
 * await workerCommand(["qa.ts", "--redis", "redis://127.0.0.1:6379", "--concurrency", "8"], io);
 */
export async function workerCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, WORKER_FLAGS);
  if (values.help) {
    io.stdout.write(`${COMMAND_USAGE.worker}\n`);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError(`worker takes one program module, got ${positionals.length}.`);
  const redis = stringFlag(values, "redis") ?? (io.env.DSPY_REDIS_URL || undefined);
  if (redis === undefined) throw new UsageError("worker needs --redis redis://host:port (or $DSPY_REDIS_URL).");
  if (!redis.startsWith("redis://")) throw new UsageError(`--redis must be a redis:// URL, got '${redis}'.`);
  const concurrency = integerFlag(values, "concurrency", 4, 1, 1024);
  const requestsPerMinute = integerFlag(values, "requests-per-minute", 0, 0);
  const lockDurationMs = integerFlag(values, "lock-duration", 30_000, 1000);
  const model = stringFlag(values, "model");
  const baseURL = stringFlag(values, "base-url");
  if (baseURL !== undefined && model === undefined) throw new UsageError("--base-url needs --model.");
  const shared = values["shared-cache"] === true;
  if (shared && model === undefined)
    throw new UsageError("--shared-cache needs --model (a module's `lm` keeps its own cache).");
  if (shared && values.cache === false) throw new UsageError("--shared-cache and --no-cache contradict each other.");

  const path = positionals[0] as string;
  const loaded = await loadProgram(path, io.cwd);
  if (loaded.metric === undefined) {
    throw new InputError(`${path}: worker needs a \`metric\` export (example, prediction) => score.`);
  }
  // Responses shared with every process on this Redis (keys are DSPy's cache keys, no API key stored).
  const cacheStore = shared ? new RedisLMCache({ redis }) : undefined;
  let lm: BaseLM | undefined =
    model !== undefined ? new LM(model, { baseURL, cache: values.cache !== false, cacheStore }) : loaded.lm;
  if (lm === undefined) throw new UsageError(`No LM: pass --model or export \`lm\` from ${path}.`);
  if (requestsPerMinute > 0) lm = withRateLimit(lm, { requestsPerMinute });

  const queue = stringFlag(values, "queue");
  let done = 0;
  // Loaded here so BullMQ costs nothing to the other commands' start-up.
  const { DistributedWorker } = await import("../runtime/distributed/distributed-worker.js");
  const worker = await DistributedWorker.start({
    redis,
    queue,
    program: loaded.program,
    metric: loaded.metric,
    lm,
    concurrency,
    lockDurationMs,
    onExample: () => {
      done++;
    },
  });
  const where = new URL(redis).host;
  io.stdout.write(
    values.json
      ? `${JSON.stringify({ ready: true, pid: process.pid, queue: queue ?? "dspy-evaluate", concurrency })}\n`
      : `Worker ${process.pid} ready on ${where}, queue ${queue ?? "dspy-evaluate"}, ${concurrency} at once (Ctrl-C to stop)\n`,
  );
  await new Promise<void>((resolve) => {
    const off = io.onSignal(() => {
      off();
      resolve();
    });
  });
  await worker.close();
  cacheStore?.close();
  io.stdout.write(
    values.json ? `${JSON.stringify({ stopped: true, examples: done })}\n` : `Stopped after ${done} examples.\n`,
  );
  return ExitCode.ok;
}
