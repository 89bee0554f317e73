#!/usr/bin/env bash
# Create the pinned Python environment for the DSPy oracle at <repo>/.venv-oracle.
#
#   bash scripts/oracle/setup-venv.sh          # idempotent; PYTHON=python3.11 to pick an interpreter
#
# Needs python3 with the venv module (Debian: apt-get install python3-venv) and PyPI access.
# The lock (requirements.lock) is a `pip freeze` of dspy==3.4.1 on CPython 3.11.7; every package
# is pinned and installed with --no-deps, so nothing outside the lock is ever resolved.
# The venv is reused when it imports dspy 3.4.1 and was built from the current lock.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCK="$ROOT/scripts/oracle/requirements.lock"
VENV="$ROOT/.venv-oracle"
PY="$VENV/bin/python"
STAMP="$VENV/.oracle-lock.sha256"
PYTHON="${PYTHON:-python3}"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONHASHSEED=0

lock_sum() { sha256sum "$LOCK" | cut -d' ' -f1; }

venv_ok() {
  [ -x "$PY" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(lock_sum)" ] &&
    "$PY" -W ignore -c "import dspy; assert dspy.__version__=='3.4.1'" >/dev/null 2>&1
}

if venv_ok; then
  echo "oracle venv ready: $VENV (dspy 3.4.1, Python $("$PY" -c 'import platform; print(platform.python_version())'))"
  exit 0
fi

command -v "$PYTHON" >/dev/null || { echo "setup-venv: '$PYTHON' not found" >&2; exit 1; }
PYVER="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ "$PYVER" != "3.11" ]; then
  echo "setup-venv: warning: lock was made on Python 3.11, using $PYVER" >&2
fi

# A venv that fails the check (partial build, stale lock) is rebuilt from scratch.
rm -rf "$VENV"
if ! "$PYTHON" -m venv "$VENV" >/dev/null; then
  echo "setup-venv: '$PYTHON -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
  rm -rf "$VENV"
  exit 1
fi

"$PY" -m pip install -q --no-deps -r "$LOCK"
if ! check_out="$("$PY" -m pip check 2>&1)"; then
  echo "$check_out" >&2
  echo "setup-venv: pip check failed" >&2
  exit 1
fi
"$PY" -W ignore -c "import dspy; assert dspy.__version__=='3.4.1', dspy.__version__"
lock_sum >"$STAMP"

echo "oracle venv built: $VENV (dspy 3.4.1, Python $("$PY" -c 'import platform; print(platform.python_version())'))"
