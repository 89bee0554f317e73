import { type ChildProcess, spawn } from "node:child_process";
import { BridgeError } from "./bridge-error.js";

/** Options for {@link spawnWorker}. */
export interface SpawnWorkerOptions {
  python: string;
  worker: string;
  env: Record<string, string | undefined>;
  token: string;
  /** How long the worker may take to print READY (it imports DSPy first). */
  startTimeoutMs: number;
}

/** A started worker process and the address it listens on. */
export interface SpawnedWorker {
  child: ChildProcess;
  address: string;
  /** The last few KB of the worker's stderr, for error messages. */
  stderrTail: () => string;
}

const TAIL = 4096;

/**
 * Starts `worker.py` on 127.0.0.1 and a port the OS picks, and waits for its READY line. Its
 * stdin stays open as a lifeline: the worker exits when it closes, so workers never outlive us.
 *
 * @example
 * const { child, address } = await spawnWorker({ python, worker, env: {}, token, startTimeoutMs: 60_000 });
 */
export function spawnWorker(options: SpawnWorkerOptions): Promise<SpawnedWorker> {
  const child = spawn(options.python, [options.worker, "--host", "127.0.0.1", "--port", "0"], {
    env: { ...process.env, ...options.env, DSPY_BRIDGE_TOKEN: options.token, PYTHONUNBUFFERED: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-TAIL);
  });
  // Writes to a dead worker's stdin fail with EPIPE; the exit handler reports the death instead.
  child.stdin?.on("error", () => {});
  const stderrTail = () => stderr;
  return new Promise((resolve, reject) => {
    let stdout = "";
    const fail = (why: string, cause?: unknown) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new BridgeError(`bridge worker did not start: ${why}\n${stderr}`, { code: "worker_start", cause }));
    };
    const timer = setTimeout(() => fail(`no READY within ${options.startTimeoutMs} ms`), options.startTimeoutMs);
    child.once("error", (error) => fail(`cannot run ${options.python} (${error.message})`, error));
    child.once("exit", (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    child.stdout?.setEncoding("utf8");
    const onData = (chunk: string) => {
      stdout += chunk;
      const match = /^READY (\d+)$/m.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      child.removeAllListeners("error");
      child.stdout?.off("data", onData);
      child.stdout?.resume(); // keep draining so a chatty worker never blocks on a full pipe
      resolve({ child, address: `127.0.0.1:${match[1]}`, stderrTail });
    };
    child.stdout?.on("data", onData);
  });
}
