#!/usr/bin/env bash
# Installs what dondoc needs on this machine, once; a second run takes a second or two.
#   scripts/ensure.sh          for `npm start` (dependencies, Temporal dev server)
#   scripts/ensure.sh --test   for `npm test` (also the time-skipping test server, Chromium and PostgreSQL)
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
  # Debian packages for the tests: Chromium for the browser tests, PostgreSQL's server binaries for
  # storage/ (test/support/postgres.ts starts its own clusters on private ports).
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  if [ -n "${POSTGRES_BIN:-}" ]; then
    [ -x "$POSTGRES_BIN/initdb" ] || echo "[dondoc] POSTGRES_BIN=$POSTGRES_BIN has no initdb: the PostgreSQL tests will fail" >&2
  elif ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    missing+=(postgresql)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      if [[ " ${missing[*]} " == *" postgresql "* ]]; then
        # No default cluster on port 5432 for the package to create or start: the tests never use it.
        mkdir -p /etc/postgresql-common/createcluster.d
        echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/dondoc-no-main-cluster.conf
      fi
      echo "[dondoc] installing Debian's ${missing[*]} for the tests…" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      for package in "${missing[@]}"; do
        case "$package" in
          chromium) echo "[dondoc] Chromium is missing: install it (apt-get install chromium) or set CHROMIUM_PATH" >&2 ;;
          postgresql) echo "[dondoc] PostgreSQL server binaries are missing: install Debian's postgresql package (apt-get install postgresql) or set POSTGRES_BIN to a directory with initdb and postgres" >&2 ;;
        esac
      done
    fi
  fi
else
  node --import tsx scripts/binaries.ts dev
fi
