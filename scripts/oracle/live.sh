#!/usr/bin/env bash
# The live oracle comparison (CI runs it): real Python DSPy 3.4.1 against dspy-typescript.
#  1. the committed golden cases are what the generator produces now;
#  2. live Python results equal the committed golden results (no drift in the pinned env);
#  3. our results equal live Python's on every case;
#  4. a differential fuzz run (FUZZ_CASES, default 2000) finds no mismatch.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/oracle/setup-venv.sh
out=.oracle-out
mkdir -p "$out"

npx tsx scripts/oracle/generate-cases.ts > "$out/adapter-cases.json"
if ! cmp -s "$out/adapter-cases.json" test/golden/adapter-cases.json; then
  echo "oracle: test/golden/adapter-cases.json is stale; run npm run oracle:golden" >&2
  exit 1
fi
bash scripts/oracle/run-py.sh "$out/adapter-cases.json" > "$out/py.json"
npx tsx scripts/oracle/run-ts.ts "$out/adapter-cases.json" > "$out/ts.json"
echo "== live Python vs committed golden"
npx tsx scripts/oracle/compare.ts test/golden/adapter-results.json "$out/py.json"
echo "== dspy-typescript vs live Python"
npx tsx scripts/oracle/compare.ts "$out/ts.json" "$out/py.json"
echo "== differential fuzzing"
npx tsx scripts/oracle/fuzz.ts --cases "${FUZZ_CASES:-2000}" --out "$out"
