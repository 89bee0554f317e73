/**
 * The worker side of {@link SandboxSession}'s protocol, shared by the Pyodide and the QuickJS
 * worker: announce readiness (or a start failure), answer each `execute` message with one
 * `result`, and call host tools synchronously — post the call, block on the shared flag, read
 * the host's reply off the tool port. Workers load it by URL (from source it is `.ts`, from
 * `dist` `.js`), so it imports nothing but Node built-ins and uses only erasable TypeScript.
 */
import type { MessagePort } from "node:worker_threads";
import * as workerThreads from "node:worker_threads";

/** What every sandbox worker receives from its {@link SandboxSession}. */
export interface SandboxWorkerData {
  memoryLimitBytes: number;
  /** [0]: tool-call state (0 waiting, 1 answered, 2 cancelled). */
  control: Int32Array;
  /** [0]: 2 once the host wants the run interrupted (its time limit passed). */
  interrupt: Int32Array;
  toolPort: MessagePort;
}

/** One run, as the host posts it. */
export interface SandboxRunMessage {
  type: "execute";
  id: number;
  code: string;
  variables: string;
  registration: string | undefined;
  outputLimit: number;
}

// Copied at load: Pyodide's lockdown later replaces worker_threads' exports, live bindings included.
const receiveMessageOnPort = workerThreads.receiveMessageOnPort;
const port = workerThreads.parentPort as MessagePort;

/**
 * The worker's configuration (the session's channels plus the worker's own fields).
 *
 * @example
 * const config = sandboxWorkerData<{ bootstrap: string }>();
 */
export function sandboxWorkerData<T>(): SandboxWorkerData & T {
  return workerThreads.workerData as SandboxWorkerData & T;
}

/**
 * Calls a host tool and blocks this thread until the host answers; returns the reply text.
 *
 * @example
 * const reply = requestHostTool("add", '{"args":[],"kwargs":{"a":1}}'); // '{"value":...}'
 */
export function requestHostTool(name: string, payload: string): string {
  const { control, toolPort } = sandboxWorkerData();
  Atomics.store(control, 0, 0);
  port.postMessage({ type: "tool-call", name, payload });
  Atomics.wait(control, 0, 0);
  if (Atomics.load(control, 0) === 2) throw new Error("the run was cancelled during a tool call");
  const reply = receiveMessageOnPort(toolPort);
  if (reply === undefined) throw new Error("no reply from the host tool");
  return reply.message as string;
}

/**
 * Runs `setup` (load the guest runtime), then serves runs with the function it returns. A
 * failure of `setup` or of a run is reported as `describe(error)`.
 *
 * @example
 * serveSandbox(async () => (run) => JSON.stringify({ output: run.code }), (error) => JSON.stringify({ crash: String(error) }));
 */
export function serveSandbox(
  setup: () => Promise<(run: SandboxRunMessage) => string | Promise<string>>,
  describe: (error: unknown) => string,
): void {
  setup().then(
    (run) => {
      port.on("message", async (message: SandboxRunMessage) => {
        if (message.type !== "execute") return;
        let reply: string;
        try {
          reply = await run(message);
        } catch (error) {
          reply = describe(error);
        }
        port.postMessage({ type: "result", id: message.id, reply });
      });
      port.postMessage({ type: "ready" });
    },
    (error: unknown) => port.postMessage({ type: "start-error", message: describe(error) }),
  );
}
