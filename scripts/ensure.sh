#!/usr/bin/env bash
# Installs what dondoc needs on this machine, once; a second run takes a second or two.
#   scripts/ensure.sh          for `npm start` (dependencies, Temporal dev server)
#   scripts/ensure.sh --test   for `npm test` (also the time-skipping test server and Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[dondoc] installing npm dependencies…" >&2
  # `npm install` (not `npm ci`): with omit-lockfile-registry-resolved, npm 11 writes lock files
  # whose platform-specific optional packages `npm ci` then reports as missing. The lock file still
  # pins every version.
  npm install --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--test" ]; then
  node --import tsx scripts/binaries.ts dev test
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "[dondoc] installing Debian's Chromium for the browser tests…" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      echo "[dondoc] Chromium is missing: install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
    fi
  fi
else
  node --import tsx scripts/binaries.ts dev
fi
