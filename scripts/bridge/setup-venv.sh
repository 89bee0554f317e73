#!/usr/bin/env bash
# Create the pinned Python environment for the DSPy bridge workers at <repo>/.venv-bridge.
#
#   bash scripts/bridge/setup-venv.sh          # idempotent; PYTHON=python3.11 to pick an interpreter
#
# Needs python3 with the venv module (Debian: apt-get install python3-venv) and PyPI access.
# The lock (requirements.lock) is the oracle's lock (dspy==3.4.1 and its deps) plus grpcio,
# grpcio-tools and protobuf, from a `pip freeze` on CPython 3.11.7 (bridge-lock.json records the
# interpreter and platform). Every package is pinned and installed with --no-deps, so nothing
# outside the lock is ever resolved. grpcio-tools is there so the worker can load
# proto/bridge.proto at runtime (grpc.protos_and_services): the .proto stays the single source of
# truth and there is no generated code to keep in sync.
# The venv is reused when it imports dspy 3.4.1 and grpc and was built from the current lock.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCK="$ROOT/scripts/bridge/requirements.lock"
VENV="${BRIDGE_VENV:-$ROOT/.venv-bridge}"
PY="$VENV/bin/python"
STAMP="$VENV/.bridge-lock.sha256"
PYTHON="${PYTHON:-python3}"
CHECK="import dspy, grpc, grpc_tools; assert dspy.__version__=='3.4.1', dspy.__version__"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONHASHSEED=0

lock_sum() { sha256sum "$LOCK" | cut -d' ' -f1; }
pyver() { "$PY" -c 'import platform; print(platform.python_version())'; }

venv_ok() {
  [ -x "$PY" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(lock_sum)" ] &&
    "$PY" -W ignore -c "$CHECK" >/dev/null 2>&1
}

if venv_ok; then
  echo "bridge venv ready: $VENV (dspy 3.4.1, Python $(pyver))"
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
"$PY" -W ignore -c "$CHECK"
lock_sum >"$STAMP"

echo "bridge venv built: $VENV (dspy 3.4.1, Python $(pyver))"
