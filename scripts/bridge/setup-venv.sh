#!/usr/bin/env bash
# Creates (or reuses) the pinned Python env for the DSPy bridge workers at <repo>/.venv-bridge
# (BRIDGE_VENV overrides). The lock is the oracle's (dspy==3.4.1 and its deps) plus grpcio,
# grpcio-tools and protobuf; bridge-lock.json records interpreter and platform. grpcio-tools lets
# the worker load proto/bridge.proto at runtime (grpc.protos_and_services), so the .proto stays the
# single source of truth with no generated code to keep in sync.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec bash "$ROOT/scripts/lib/pinned-venv.sh" bridge "${BRIDGE_VENV:-$ROOT/.venv-bridge}" \
  "$ROOT/scripts/bridge/requirements.lock" \
  "import dspy, grpc, grpc_tools; assert dspy.__version__=='3.4.1', dspy.__version__"
