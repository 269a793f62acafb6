#!/usr/bin/env bash
# Installs what the test suite needs when it is missing: from Debian, Chromium (browser tests), the PostgreSQL
# server binaries and redis-server (tests start throwaway servers on loopback), poppler-utils and qpdf (PDF
# checks), Java and npm; with npm, the Nu HTML
# checker (vnu-jar) into a cache folder outside the checkout; with `bench`, also wrk (the load client of
# bench/pages.py). Safe to run repeatedly.
set -euo pipefail
VNU_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/cdcp-lms/vnu"
install_vnu() {
  [ -f "$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar" ] && return 0
  echo "Installing the Nu HTML checker (vnu-jar) into $VNU_DIR"
  mkdir -p "$VNU_DIR"
  npm install --prefix "$VNU_DIR" --no-audit --no-fund --silent vnu-jar
}
need=()
if [ "${1:-}" = "bench" ]; then command -v wrk >/dev/null 2>&1 || need+=(wrk); fi
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
# independent PDF tools: poppler (pdfinfo: tagged; pdfsig: the signature) and qpdf --check
command -v pdfinfo >/dev/null 2>&1 && command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
if [ ${#need[@]} -eq 0 ]; then install_vnu; exit 0; fi
echo "Installing system packages: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Need root (or sudo) to install: ${need[*]}" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
install_vnu
