#!/usr/bin/env bash
# Regenerates the golden oracle fixtures from real Python DSPy 3.4.1:
#   test/golden/adapter-cases.json   (from scripts/oracle/generate-cases.ts)
#   test/golden/adapter-results.json (from scripts/oracle/run-py.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/oracle/setup-venv.sh
mkdir -p test/golden
npx tsx scripts/oracle/generate-cases.ts > test/golden/adapter-cases.json
bash scripts/oracle/run-py.sh test/golden/adapter-cases.json > test/golden/adapter-results.json
echo "golden: $(node -e 'console.log(JSON.parse(require("fs").readFileSync("test/golden/adapter-cases.json","utf8")).length)') adapter cases written"
