#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for benchmarks (`store --postgres`, `relay --postgres`), loopback only.
#   bash scripts/bench-postgres.sh start [dir]   # prints the connection string on stdout
#   bash scripts/bench-postgres.sh stop  [dir]   # stops it and removes the directory
# Durability stays as in production: fsync=on, synchronous_commit=on, full_page_writes=on (the test
# fixtures turn fsync off; a benchmark must not). Only settings that trade memory or CPU, never safety,
# are changed, and each is listed here so the figures can be reproduced:
#   max_wal_size=4GB, checkpoint_timeout=15min: no checkpoint (and its full-page writes) in the middle
#     of a short run, which would land on whichever of store/raw COPY happened to be running;
#   wal_compression=lz4: full-page images are compressed (PostgreSQL 15+);
#   shared_buffers=256MB: the table and its indexes of one run stay in memory.
# initdb --no-locale (C collation) as in the test fixtures. The default dir is /tmp/qyl-bench-pg.
set -euo pipefail

action=${1:-}
dir=${2:-/tmp/qyl-bench-pg}
user=qylpg
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (scripts/prerequisites.sh)" >&2; exit 1; }

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [[ $(id -u) -eq 0 ]] && ! id -u "$user" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    fi
    [[ -e "$dir" ]] && { echo "$dir exists: stop it first (bench-postgres.sh stop $dir)" >&2; exit 1; }
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown "$user" "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=50 \
       -c fsync=on -c synchronous_commit=on -c full_page_writes=on \
       -c max_wal_size=4GB -c checkpoint_timeout=15min -c wal_compression=lz4 -c shared_buffers=256MB" >/dev/null
    echo "$port" >"$dir/port"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    [[ -d "$dir" ]] || exit 0
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop [dir]" >&2
    exit 2
    ;;
esac
