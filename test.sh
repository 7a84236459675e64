#!/usr/bin/env bash
# Runs every test. Installs what the tests need first (Debian's chromium for browser tests,
# node for the independent signature verifier), so a fresh machine needs nothing else.
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The independent Standard Webhooks verifier (npm package `standardwebhooks`), run by node from tests.
if [ -f WebhookConsole.Tests/verifier/package.json ] && [ ! -d WebhookConsole.Tests/verifier/node_modules/standardwebhooks ]; then
  (cd WebhookConsole.Tests/verifier && npm install --no-audit --no-fund --silent)
fi

dotnet test WebhookConsole.sln "$@"

# Smoke run of the benchmark at tiny sizes so it cannot rot (figures from it mean nothing; see README).
dotnet build WebhookConsole.Bench -c Release -v quiet -nologo
dotnet WebhookConsole.Bench/bin/Release/net10.0/WebhookConsole.Bench.dll --quick --out test-artifacts/bench
