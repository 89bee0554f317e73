#!/usr/bin/env bash
# Regenerates the golden oracle fixtures from real Python DSPy 3.4.1, for each case kind:
#   test/golden/<kind>-cases.json   (scripts/oracle/generate-cases.ts)
#   test/golden/<kind>-results.json (scripts/oracle/run-py.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/oracle/setup-venv.sh
mkdir -p test/golden
for kind in adapter predict evaluate fewshot; do
  npx tsx scripts/oracle/generate-cases.ts "$kind" > "test/golden/$kind-cases.json"
  bash scripts/oracle/run-py.sh "test/golden/$kind-cases.json" > "test/golden/$kind-results.json"
  echo "golden: $kind: $(node -e "console.log(JSON.parse(require('fs').readFileSync('test/golden/$kind-cases.json','utf8')).length)") cases"
done
