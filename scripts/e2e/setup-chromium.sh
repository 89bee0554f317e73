#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the dashboard's browser tests (npm run test:e2e).
# playwright-core drives it; no browser is downloaded from anywhere but Debian's archive.
set -euo pipefail
CHROMIUM="${DSPY_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  "$CHROMIUM" --version
  exit 0
fi
echo "chromium missing; installing Debian's chromium package"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "need root (or sudo) to apt-get install chromium" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
"$CHROMIUM" --version
