#!/usr/bin/env bash
# Creates (or reuses) the pinned Python env for the DSPy oracle at <repo>/.venv-oracle.
# The lock (requirements.lock) is a `pip freeze` of dspy==3.4.1 on CPython 3.11.7.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec bash "$ROOT/scripts/lib/pinned-venv.sh" oracle "$ROOT/.venv-oracle" "$ROOT/scripts/oracle/requirements.lock" \
  "import dspy; assert dspy.__version__=='3.4.1', dspy.__version__"
