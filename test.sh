#!/usr/bin/env bash
# Runs every test. Installs what the tests need first (Debian's chromium for browser tests, node for the independent
# signature verifier, postgresql for the tests on PostgreSQL), so a fresh machine needs nothing else.
set -euo pipefail
cd "$(dirname "$0")"

# `./test.sh fast`: the daily lane, unit and component tests only (no servers, browsers or PostgreSQL; a few minutes).
# `./test.sh`: every lane (Unit, Component, Integration, Process, Postgres, Browser: the `Lane` trait on each class).
if [ "${1:-}" = "fast" ]; then
  shift
  exec dotnet test WebhookConsole.Tests --filter "Lane=Unit|Lane=Component" "$@"
fi

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d 101: installing postgresql must not start a system-wide server; the tests start their own below.
  printf '#!/bin/sh\nexit 101\n' > /tmp/wc-policy-rc.d && chmod +x /tmp/wc-policy-rc.d
  [ -e /usr/sbin/policy-rc.d ] || cp /tmp/wc-policy-rc.d /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  if cmp -s /tmp/wc-policy-rc.d /usr/sbin/policy-rc.d; then rm -f /usr/sbin/policy-rc.d; fi
fi

# A throwaway PostgreSQL cluster (temp folder, free port, run as the postgres user), stopped and deleted on exit.
read -r pg_dir pg_port < <(scripts/postgres-cluster.sh start)
trap 'scripts/postgres-cluster.sh stop "$pg_dir"' EXIT
export WC_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

# The independent Standard Webhooks verifier (npm package `standardwebhooks`), run by node from tests.
if [ -f WebhookConsole.Tests/verifier/package.json ] && [ ! -d WebhookConsole.Tests/verifier/node_modules/standardwebhooks ]; then
  (cd WebhookConsole.Tests/verifier && npm install --no-audit --no-fund --silent)
fi

dotnet test WebhookConsole.sln "$@"

# Smoke run of the benchmark at tiny sizes so it cannot rot (figures from it mean nothing; see README).
dotnet build WebhookConsole.Bench -c Release -v quiet -nologo
dotnet WebhookConsole.Bench/bin/Release/net10.0/WebhookConsole.Bench.dll --quick --out test-artifacts/bench
