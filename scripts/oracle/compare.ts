/**
 * Compares two oracle result arrays (ours vs Python DSPy's). Results must be equal as JSON with
 * key order ignored; the one allowance is the text of a Python `SyntaxError`, which comes from
 * CPython's parser and differs across Python versions — its type must still match.
 *
 *     npx tsx scripts/oracle/compare.ts TS_RESULTS.json PY_RESULTS.json
 */
import { isDeepStrictEqual } from "node:util";

/** One disagreement between the two sides. */
export interface Mismatch {
  id: unknown;
  ours: unknown;
  theirs: unknown;
}

/**
 * The mismatching result pairs, matched by position (both runners keep case order).
 *
 * @example
 * compareResults(ts, py).length; // 0 when the implementations agree
 */
export function compareResults(ours: unknown[], theirs: unknown[]): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const length = Math.max(ours.length, theirs.length);
  for (let index = 0; index < length; index++) {
    const a = normalize(ours[index]);
    const b = normalize(theirs[index]);
    if (!isDeepStrictEqual(a, b)) {
      mismatches.push({
        id: (theirs[index] as { id?: unknown })?.id ?? index,
        ours: ours[index],
        theirs: theirs[index],
      });
    }
  }
  return mismatches;
}

/**
 * A result in the form compared: JSON round-tripped (so `undefined` keys vanish) and SyntaxError
 * texts dropped.
 */
export function normalize(result: unknown): unknown {
  if (result === undefined) return undefined;
  const copy = JSON.parse(JSON.stringify(result)) as { error?: { type?: string; message?: string } | null };
  if (copy.error?.type === "SyntaxError") copy.error.message = "<CPython parser message>";
  return copy;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import("node:fs");
  const [oursPath, theirsPath] = process.argv.slice(2);
  if (!oursPath || !theirsPath) {
    process.stderr.write("usage: compare.ts OURS.json THEIRS.json\n");
    process.exit(2);
  }
  const ours = JSON.parse(readFileSync(oursPath, "utf8")) as unknown[];
  const theirs = JSON.parse(readFileSync(theirsPath, "utf8")) as unknown[];
  const mismatches = compareResults(ours, theirs);
  for (const mismatch of mismatches.slice(0, 20)) {
    process.stdout.write(
      `MISMATCH ${String(mismatch.id)}\n  ours:   ${JSON.stringify(mismatch.ours)}\n  theirs: ${JSON.stringify(mismatch.theirs)}\n`,
    );
  }
  process.stdout.write(`${theirs.length} cases, ${mismatches.length} mismatches\n`);
  process.exit(mismatches.length === 0 ? 0 : 1);
}
