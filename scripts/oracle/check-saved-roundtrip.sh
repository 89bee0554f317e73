#!/usr/bin/env bash
# Saved-program interop with real DSPy 3.4.1 (`program.save`/`program.load`, .json state files):
#  1. the committed Python fixtures (test/__fixtures__/saved) are what make_saved_fixtures.py writes now;
#  2. dspy-typescript saves each program (test/saved-programs.ts), and DSPy 3.4.1 loads every file
#     into a fresh copy of the same Python program whose dump_state() must equal the original's.
#   bash scripts/oracle/check-saved-roundtrip.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv-oracle/bin/python"
if [ ! -x "$PY" ]; then
  echo "check-saved-roundtrip.sh: $PY missing; run: bash scripts/oracle/setup-venv.sh" >&2
  exit 1
fi
export PYTHONHASHSEED=0 TQDM_DISABLE=1 PYTHONIOENCODING=utf-8
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/py" "$out/ts"
status=0

"$PY" scripts/oracle/make_saved_fixtures.py --out "$out/py" >/dev/null
for file in "$out"/py/*.json; do
  if ! cmp -s "$file" "test/__fixtures__/saved/$(basename "$file")"; then
    echo "saved: test/__fixtures__/saved/$(basename "$file") is stale; run $PY scripts/oracle/make_saved_fixtures.py" >&2
    status=1
  fi
done

OUT_DIR="$out/ts" npx tsx --eval '
import { SAVED_PROGRAMS } from "./test/saved-programs.ts";
Promise.all(Object.entries(SAVED_PROGRAMS).map(([name, build]) => build().save(`${process.env.OUT_DIR}/${name}.json`))).catch(
  (error) => { console.error(error); process.exit(1); },
);
'
"$PY" scripts/oracle/make_saved_fixtures.py --check "$out/ts" 2>/dev/null || status=1
exit $status
