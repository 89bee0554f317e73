#!/usr/bin/env bash
# Run oracle cases against real DSPy 3.4.1 in the pinned venv (see setup-venv.sh, CASES.md).
#   scripts/oracle/run-py.sh CASES.json > PY_RESULTS.json
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="$ROOT/.venv-oracle/bin/python"
if [ ! -x "$PY" ]; then
  echo "run-py.sh: $PY missing; run: bash scripts/oracle/setup-venv.sh" >&2
  exit 1
fi
if [ "$#" -ne 1 ]; then
  echo "usage: scripts/oracle/run-py.sh CASES.json" >&2
  exit 2
fi
export PYTHONHASHSEED=0 TQDM_DISABLE=1 PYTHONIOENCODING=utf-8 OMP_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false
exec "$PY" "$ROOT/scripts/oracle/run_py.py" "$1"
