/**
 * Generates the `adapter` oracle cases (deterministic: a fixed-seed PRNG), covering every type of
 * the signature grammar, nesting, demos (complete / incomplete / dropped), History, images,
 * unicode, multi-line and `«»` values, odd instructions, and completions both well-formed and
 * broken (missing, extra and duplicate fields, garbage, JSON with trailing text, invalid XML).
 *
 *     npx tsx scripts/oracle/generate-cases.ts > test/golden/adapter-cases.json
 */
import { adapterCases } from "./case-catalog.js";

process.stdout.write(`${JSON.stringify(adapterCases(), null, 1)}\n`);
