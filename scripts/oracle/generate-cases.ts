/**
 * Writes one kind of oracle cases as JSON (deterministic: fixed-seed generators).
 *
 *     npx tsx scripts/oracle/generate-cases.ts adapter > test/golden/adapter-cases.json
 *     npx tsx scripts/oracle/generate-cases.ts predict > test/golden/predict-cases.json
 *     npx tsx scripts/oracle/generate-cases.ts evaluate > test/golden/evaluate-cases.json
 *     npx tsx scripts/oracle/generate-cases.ts fewshot > test/golden/fewshot-cases.json
 */
import { adapterCases } from "./case-catalog.js";
import { evaluateCases } from "./evaluate-catalog.js";
import { fewshotCases } from "./fewshot-catalog.js";
import { predictCases } from "./predict-catalog.js";

const generators: Record<string, () => unknown[]> = {
  adapter: adapterCases,
  predict: predictCases,
  evaluate: evaluateCases,
  fewshot: fewshotCases,
};
const kind = process.argv[2] ?? "adapter";
const generate = generators[kind];
if (!generate) {
  process.stderr.write(`unknown case kind ${kind}; expected one of ${Object.keys(generators).join(", ")}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(generate(), null, 1)}\n`);
