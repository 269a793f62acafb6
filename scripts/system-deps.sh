#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages when it is missing: Chromium (browser tests) and
# the PostgreSQL server binaries (tests start a throwaway server on loopback); with `bench`, also wrk (the load
# client of bench/pages.py). Safe to run repeatedly.
set -euo pipefail
need=()
if [ "${1:-}" = "bench" ]; then command -v wrk >/dev/null 2>&1 || need+=(wrk); fi
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Need root (or sudo) to install: ${need[*]}" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
