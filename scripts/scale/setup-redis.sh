#!/usr/bin/env bash
# Installs redis-server from Debian's packages when it is missing (the distribution tests start
# their own throwaway server on 127.0.0.1; nothing here starts or configures a system service).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  redis-server --version
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "redis-server is missing and we are not root (no sudo): install Debian's redis-server package." >&2
    exit 1
  fi
fi
echo "redis-server missing; installing it from Debian"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# Debian's package may start a system service on the default port; the tests never use it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  $SUDO systemctl stop redis-server || true
fi
redis-server --version
