/**
 * Differential fuzzer: generates random adapter cases with fast-check, runs them through real
 * Python DSPy and through dspy-typescript, and prints every disagreement as a ready-to-commit
 * oracle case (also written to OUT/fuzz-mismatches.json).
 *
 *     npx tsx scripts/oracle/fuzz.ts --cases 2000 [--seed 42] [--out .oracle-out]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { compareResults } from "./compare.js";
import { adapterCase } from "./fuzz-arbitraries.js";
import { runCase } from "./run-case.js";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "2000" },
    seed: { type: "string", default: "20261125" },
    out: { type: "string", default: ".oracle-out" },
  },
});
const count = Number(values.cases);
const seed = Number(values.seed);
mkdirSync(values.out, { recursive: true });

const cases = fc
  .sample(adapterCase, { numRuns: count, seed })
  .map((testCase, index) => ({ ...testCase, id: `fuzz-${seed}-${index}` }));
const casesPath = `${values.out}/fuzz-cases.json`;
writeFileSync(casesPath, JSON.stringify(cases));
const python = JSON.parse(
  execFileSync("bash", ["scripts/oracle/run-py.sh", casesPath], { maxBuffer: 1 << 30, encoding: "utf8" }),
) as unknown[];
const ours = [];
for (const testCase of cases) ours.push(await runCase(testCase));
const mismatches = compareResults(ours, python);
const failing = mismatches.map((mismatch) => cases.find((testCase) => testCase.id === mismatch.id));
writeFileSync(`${values.out}/fuzz-mismatches.json`, JSON.stringify(failing, null, 1));
for (const mismatch of mismatches.slice(0, 10)) {
  const testCase = cases.find((candidate) => candidate.id === mismatch.id);
  process.stdout.write(
    `MISMATCH — case:\n${JSON.stringify(testCase)}\n  ours:   ${JSON.stringify(mismatch.ours)}\n  theirs: ${JSON.stringify(mismatch.theirs)}\n`,
  );
}
process.stdout.write(`fuzz: seed ${seed}, ${cases.length} cases, ${mismatches.length} mismatches\n`);
process.exit(mismatches.length === 0 ? 0 : 1);
