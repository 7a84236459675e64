#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `start` prints "<folder> <port>", `stop <folder>` stops it and deletes it.
# Debian's server binaries run as the postgres user on a free loopback port, with the socket and data in a temp folder:
# no system service, nothing left running. Installs Debian's postgresql first when missing (without starting its service).
set -euo pipefail

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

case "${1:-}" in
  start)
    if [ -z "$(bin_dir)" ] || [ ! -x "$(bin_dir)/initdb" ]; then
      export DEBIAN_FRONTEND=noninteractive
      # policy-rc.d 101: the package must not start the system-wide cluster it creates.
      had_policy=0; [ -e /usr/sbin/policy-rc.d ] && had_policy=1
      [ $had_policy = 1 ] || printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      apt-get install -y -qq --no-install-recommends postgresql >/dev/null
      [ $had_policy = 1 ] || rm -f /usr/sbin/policy-rc.d
    fi
    bin=$(bin_dir)
    dir=$(mktemp -d /tmp/wc-pg-XXXXXX)
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
      || shuf -i 20000-60000 -n 1)
    su postgres -s /bin/sh -c "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust --locale=C --encoding=UTF8" >/dev/null
    # fsync off: a test cluster, thrown away after the run. pg_stat_statements (shipped with Debian's server) lets the
    # benchmark count the statements the console runs per delivery, and how often the server plans them.
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on\" start" >/dev/null
    echo "$dir $port"
    ;;
  stop)
    dir="${2:?folder}"
    [ -d "$dir/data" ] && su postgres -s /bin/sh -c "'$(bin_dir)/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop <folder>" >&2
    exit 2
    ;;
esac
