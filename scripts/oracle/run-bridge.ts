/**
 * The oracle's live Python side through the DSPy bridge: the cases of a case file run in a pool
 * of real DSPy 3.4.1 workers (scripts/oracle/bridge_oracle.py → run_py.run_case), in batches
 * spread over the workers, results printed as JSON in case order — the same output as
 * scripts/oracle/run-py.sh, which starts a Python process per file instead.
 *
 *     npx tsx scripts/oracle/run-bridge.ts CASES.json [workers] > PY_RESULTS.json
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WorkerPool } from "../../src/bridge/worker-pool.js";

const [casesPath, workersArg] = process.argv.slice(2);
if (!casesPath) {
  console.error("usage: run-bridge.ts CASES.json [workers]");
  process.exit(2);
}
const cases = JSON.parse(readFileSync(casesPath, "utf8")) as unknown[];
const workers = Number(workersArg ?? 2);
const batchSize = 25;
const root = join(import.meta.dirname, "..", "..");

const pool = await WorkerPool.start({
  size: workers,
  env: {
    PYTHONPATH: join(root, "scripts/oracle"),
    PYTHONHASHSEED: "0",
    TQDM_DISABLE: "1",
    PYTHONIOENCODING: "utf-8",
    OMP_NUM_THREADS: "1",
    TOKENIZERS_PARALLELISM: "false",
  },
  callTimeoutMs: 600_000,
});
try {
  const sessions = Array.from({ length: workers }, () => pool.session());
  const batches: unknown[][] = [];
  for (let start = 0; start < cases.length; start += batchSize) batches.push(cases.slice(start, start + batchSize));
  const results: unknown[][] = new Array(batches.length);
  let next = 0;
  await Promise.all(
    sessions.map(async (session) => {
      while (next < batches.length) {
        const index = next++;
        results[index] = (await session.call("bridge_oracle", "run_cases", [batches[index]])) as unknown[];
      }
    }),
  );
  process.stdout.write(`${JSON.stringify(results.flat(), null, 1)}\n`);
} finally {
  await pool.close();
}
