/**
 * Our side of the DSPy oracle (contract: shared/oracle/CASES.md). Reads a JSON array of cases
 * and writes a JSON array of results in the same order; a failing case yields `error`.
 *
 *     npx tsx scripts/oracle/run-ts.ts CASES.json > TS_RESULTS.json
 */
import { readFileSync } from "node:fs";
import { runCase } from "./run-case.js";

const path = process.argv[2];
if (!path) {
  process.stderr.write("usage: run-ts.ts CASES.json\n");
  process.exit(2);
}
const cases: unknown = JSON.parse(readFileSync(path, "utf8"));
if (!Array.isArray(cases)) {
  process.stderr.write("run-ts.ts: the case file must hold a JSON array\n");
  process.exit(2);
}
const results = [];
for (const testCase of cases) results.push(await runCase(testCase));
process.stdout.write(`${JSON.stringify(results, null, 1)}\n`);
