#!/usr/bin/env bash
# The live oracle comparison (CI runs it): real Python DSPy 3.4.1 against dspy-typescript.
# Live Python runs in a pool of bridge workers (dspy-typescript/bridge; scripts/oracle/run-bridge.ts),
# the product's own way of running DSPy; the differential fuzzer and make-golden.sh use a plain
# Python process per file (run-py.sh), so both paths stay checked.
# For each case kind:
#  1. the committed golden cases are what the generator produces now;
#  2. live Python results equal the committed golden results (no drift in the pinned env);
#  3. our results equal live Python's on every case.
# Then a differential fuzz run (FUZZ_CASES, default 2000) must find no mismatch.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/oracle/setup-venv.sh
bash scripts/bridge/setup-venv.sh
out=.oracle-out
mkdir -p "$out"
status=0
for kind in adapter predict evaluate fewshot; do
  npx tsx scripts/oracle/generate-cases.ts "$kind" > "$out/$kind-cases.json"
  if ! cmp -s "$out/$kind-cases.json" "test/golden/$kind-cases.json"; then
    echo "oracle: test/golden/$kind-cases.json is stale; run npm run oracle:golden" >&2
    status=1
    continue
  fi
  npx tsx scripts/oracle/run-bridge.ts "$out/$kind-cases.json" 2 > "$out/$kind-py.json"
  npx tsx scripts/oracle/run-ts.ts "$out/$kind-cases.json" > "$out/$kind-ts.json"
  echo "== $kind: live Python (bridge workers) vs committed golden"
  npx tsx scripts/oracle/compare.ts "test/golden/$kind-results.json" "$out/$kind-py.json" || status=1
  echo "== $kind: dspy-typescript vs live Python"
  npx tsx scripts/oracle/compare.ts "$out/$kind-ts.json" "$out/$kind-py.json" || status=1
done
echo "== saved programs: dspy-typescript files load in live Python"; bash scripts/oracle/check-saved-roundtrip.sh || status=1
echo "== differential fuzzing"
npx tsx scripts/oracle/fuzz.ts --cases "${FUZZ_CASES:-2000}" --out "$out" || status=1
exit $status
