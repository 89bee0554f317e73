#!/usr/bin/env bash
# Builds a pinned Python venv from a lock file; shared by the oracle and the bridge.
#
#   bash scripts/lib/pinned-venv.sh NAME VENV_DIR LOCK_FILE CHECK_CODE
#
# Every package in the lock is pinned and installed with --no-deps, so nothing outside the lock is
# ever resolved. The venv is reused when CHECK_CODE runs in it and it was built from the current
# lock (a stamp holds the lock's sha256); anything else (partial build, stale lock) is rebuilt.
# Needs python3 with the venv module (Debian: apt-get install python3-venv) and PyPI access;
# PYTHON=python3.11 picks an interpreter.
set -euo pipefail

NAME="$1" VENV="$2" LOCK="$3" CHECK="$4"
PY="$VENV/bin/python"
STAMP="$VENV/.lock.sha256"
PYTHON="${PYTHON:-python3}"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONHASHSEED=0

lock_sum() { sha256sum "$LOCK" | cut -d' ' -f1; }
pyver() { "$PY" -c 'import platform; print(platform.python_version())'; }

venv_ok() {
  [ -x "$PY" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(lock_sum)" ] &&
    "$PY" -W ignore -c "$CHECK" >/dev/null 2>&1
}

if venv_ok; then
  echo "$NAME venv ready: $VENV (dspy 3.4.1, Python $(pyver))"
  exit 0
fi

command -v "$PYTHON" >/dev/null || { echo "setup-venv: '$PYTHON' not found" >&2; exit 1; }
PYVER="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ "$PYVER" != "3.11" ]; then
  echo "setup-venv: warning: lock was made on Python 3.11, using $PYVER" >&2
fi

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
"$PY" -W ignore -c "$CHECK"
lock_sum >"$STAMP"

echo "$NAME venv built: $VENV (dspy 3.4.1, Python $(pyver))"
