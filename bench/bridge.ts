/**
 * Bridged calls per second at 1 and 4 Python DSPy workers, side by side in one run:
 *
 * - `transport`: `math.fsum([1, 2, 3])` — a round trip through gRPC, the worker's thread pool and
 *   the JSON codec; what every bridged call pays.
 * - `predict`: a `dspy.Predict("question -> answer")` call with DSPy's `DummyLM` in the worker —
 *   ChatAdapter formatting and parsing in Python, CPU-bound under the GIL, so this one scales
 *   with workers (up to the cores the machine has).
 * - `host-lm`: the same Predict with a TypeScript LM (`session.hostLM`): every call also makes
 *   the round trip back to Node over the Callbacks stream.
 *
 * Each figure is the median of `repeats` runs of `calls` calls, `sessions` sessions per worker,
 * 8 calls in flight per session. Prints calls/s and the 4-worker/1-worker ratio.
 *
 *     npm run bench:bridge [-- calls=2000 repeats=3 sessions=2]
 */
import { availableParallelism } from "node:os";
import type { PyRef } from "../src/bridge/py-ref.js";
import type { Session } from "../src/bridge/session.js";
import { WorkerPool } from "../src/bridge/worker-pool.js";

const settings = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((arg) => arg.includes("="))
    .map((arg) => arg.split("=") as [string, string]),
);
const CALLS = Number(settings.calls ?? 2000);
const REPEATS = Number(settings.repeats ?? 3);
const SESSIONS_PER_WORKER = Number(settings.sessions ?? 2);
const IN_FLIGHT = 8;

type Workload = "transport" | "predict" | "host-lm";

/** Prepares a session for a workload and returns the call to repeat. */
async function prepare(session: Session, workload: Workload): Promise<() => Promise<unknown>> {
  if (workload === "transport") return () => session.call("math", "fsum", [[1, 2, 3]]);
  const answers = Array.from({ length: CALLS * REPEATS + 10 }, () => ({ answer: "4" }));
  const lm =
    workload === "predict"
      ? await session.call("dspy.utils", "DummyLM", [answers])
      : await session.hostLM("bench", () => "[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]");
  await session.call("__bridge__", "configure", [], { lm });
  const predict = (await session.call("dspy", "Predict", ["question -> answer"])) as PyRef;
  return () => session.call("__bridge__", "call_to_dict", [predict, { question: "2+2?" }]);
}

async function callsPerSecond(calls: (() => Promise<unknown>)[]): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lanes = calls.flatMap((call) =>
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CALLS) {
        next++;
        await call();
      }
    }),
  );
  await Promise.all(lanes);
  return CALLS / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

console.log(`bridge throughput: ${CALLS} calls x ${REPEATS} repeats, ${SESSIONS_PER_WORKER} sessions/worker,`);
console.log(`${IN_FLIGHT} in flight per session, ${availableParallelism()} CPU cores\n`);
const pools = { 1: await WorkerPool.start({ size: 1 }), 4: await WorkerPool.start({ size: 4 }) };
try {
  for (const workload of ["transport", "predict", "host-lm"] as const) {
    const results: Record<number, number[]> = { 1: [], 4: [] };
    const prepared: Record<number, (() => Promise<unknown>)[]> = {};
    for (const size of [1, 4] as const) {
      const sessions = Array.from({ length: size * SESSIONS_PER_WORKER }, () => pools[size].session());
      prepared[size] = await Promise.all(sessions.map((session) => prepare(session, workload)));
      await callsPerSecond(prepared[size]); // warm-up
    }
    // Interleave the contenders so machine noise hits both alike.
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const size of [1, 4] as const) results[size]?.push(await callsPerSecond(prepared[size] ?? []));
    }
    const one = median(results[1] ?? []);
    const four = median(results[4] ?? []);
    console.log(
      `${workload.padEnd(9)}  1 worker: ${one.toFixed(0).padStart(6)} calls/s   4 workers: ${four.toFixed(0).padStart(6)} calls/s   ratio ${(four / one).toFixed(2)}x`,
    );
  }
} finally {
  await Promise.all([pools[1].close(), pools[4].close()]);
}
