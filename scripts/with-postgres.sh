#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
# Starts a throw-away PostgreSQL 15 server (its own data directory in a temp folder, a free
# port on 127.0.0.1), exports RONGXIN_TEST_PG_URL for COMMAND, and stops the server when
# COMMAND ends, whatever happens. Works as root by running the server as user postgres.
# The server runs with fsync=off and synchronous_commit=off (fast throw-away tests) unless
# RONGXIN_PG_DURABLE=1: then with PostgreSQL's defaults, every commit flushed to disk
# (bench/export-bench.sh measures the single export that way).
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "with-postgres: PostgreSQL server binaries not found (install postgresql)" >&2; exit 1; }

dir=$(mktemp -d /tmp/rongxin-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
durability="-c fsync=off -c synchronous_commit=off"
[ "${RONGXIN_PG_DURABLE:-}" = 1 ] && durability="-c fsync=on -c synchronous_commit=on"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cleanup() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $durability -c max_connections=200" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
"${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres rongxin_test

export RONGXIN_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/rongxin_test"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
