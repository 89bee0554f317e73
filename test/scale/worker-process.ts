import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A `dspy-typescript worker` child process. */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  apiKey: string;
  /** Everything it wrote to stderr (for failure messages). */
  stderr(): string;
  /** SIGTERM (graceful) and wait for the exit; SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx src/cli/main.ts worker test/scale/fixtures/sum-program.ts --redis …`
 * (a real process, killable with SIGKILL) and resolves once it says it is ready.
 *
 * @example
 * const worker = await startWorkerProcess({ redis, queue: "q", lmUrl: server.baseURL, apiKey: "key-1" });
 */
export function startWorkerProcess(options: {
  redis: string;
  queue: string;
  lmUrl: string;
  apiKey: string;
  metricLog?: string;
  concurrency?: number;
  lockDurationMs?: number;
  /** More command-line flags, e.g. `["--model", "openai/x", "--shared-cache"]`. */
  extraArgs?: string[];
  env?: Record<string, string>;
}): Promise<WorkerProcess> {
  const args = [
    "--import",
    "tsx",
    "src/cli/main.ts",
    "worker",
    "test/scale/fixtures/sum-program.ts",
    "--queue",
    options.queue,
    "--concurrency",
    String(options.concurrency ?? 4),
    "--lock-duration",
    String(options.lockDurationMs ?? 30_000),
    "--json",
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DSPY_REDIS_URL: options.redis,
      SCALE_LM_URL: options.lmUrl,
      SCALE_API_KEY: options.apiKey,
      SCALE_METRIC_LOG: options.metricLog ?? "",
      DSPY_TS_CACHEDIR: "/tmp/dspy-scale-test-cache",
      ...options.env,
    },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const worker: WorkerProcess = {
    child,
    pid: child.pid as number,
    apiKey: options.apiKey,
    stderr: () => stderr,
    stop: () => stopProcess(child),
  };
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`worker did not start in 90 s:\n${stderr}`));
    }, 90_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"ready":true')) {
        clearTimeout(timer);
        resolve(worker);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code ?? signal}) before it was ready:\n${stderr}`));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
