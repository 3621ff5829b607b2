#!/usr/bin/env bash
# Installs everything teleforge needs on a fresh Debian machine with Node 20: Debian packages
# (only when missing) and the exact npm dependencies of package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v make >/dev/null || need_apt+=(make)
command -v g++ >/dev/null || need_apt+=(g++)
command -v python3 >/dev/null || need_apt+=(python3)
# The replay tests and benchmark start real servers: VictoriaMetrics, and Prometheus for remote write.
command -v victoria-metrics >/dev/null || need_apt+=(victoria-metrics)
command -v prometheus >/dev/null || need_apt+=(prometheus)
command -v curl >/dev/null || need_apt+=(curl)
# The report tests load the HTML report in a real headless browser.
command -v chromium >/dev/null || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

if ! command -v node >/dev/null; then
  echo "setup: node is missing; install Node.js 20.19 or newer" >&2
  exit 1
fi

echo "setup: npm ci"
# zstd-napi compiles its addon with node-gyp here (its prebuilt download is unreachable).
npm ci --no-audit --no-fund --loglevel=error
