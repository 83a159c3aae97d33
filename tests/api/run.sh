#!/usr/bin/env bash
# Usage: tests/api/run.sh [BUILD_DIR] [sqlite|postgres ...]
# Runs only the API tests over HTTP, the way scripts/run-tests.sh does: a freshly seeded database
# (300 enterprises, seed 7), an admin key, `rongxin serve` on a free port, then
# `node --test tests/api/`. PostgreSQL needs RONGXIN_TEST_PG_URL, e.g.
#   scripts/with-postgres.sh tests/api/run.sh build sqlite postgres
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
shift || true
backends=("$@")
[ ${#backends[@]} -gt 0 ] || backends=(sqlite ${RONGXIN_TEST_PG_URL:+postgres})
[ -d tests/api/node_modules ] || (cd tests/api && npm ci --no-audit --no-fund --loglevel=error)
work=$(mktemp -d /tmp/rongxin-api.XXXXXX)
RONGXIN_SHARED_DATA=$(scripts/shared-data.sh) || exit 1
export RONGXIN_SHARED_DATA
server_pid=
failed=()
stop_server() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=; fi
}
trap 'stop_server; rm -rf "$work"' EXIT

for backend in "${backends[@]}"; do
  printf '\n==== API tests over HTTP (%s) ====\n' "$backend"
  if [ "$backend" = sqlite ]; then db="sqlite:$work/api.db"; else
    : "${RONGXIN_TEST_PG_URL:?run through scripts/with-postgres.sh}"
    schema="api_$$_$RANDOM"
    psql -q "$RONGXIN_TEST_PG_URL" -c "CREATE SCHEMA $schema" >/dev/null || { failed+=("$backend"); continue; }
    db="$RONGXIN_TEST_PG_URL?options=-csearch_path%3D$schema"
  fi
  "$build/rongxin" gen --db "$db" --enterprises 300 --seed 7 >/dev/null || { failed+=("$backend"); continue; }
  RONGXIN_API_KEY=$("$build/rongxin" keys create --db "$db" --role admin --label "api-$backend" 2>/dev/null) || {
    failed+=("$backend"); continue; }
  export RONGXIN_API_KEY
  "$build/rongxin" serve --db "$db" --port 0 --no-access-log >"$work/$backend.out" 2>"$work/$backend.err" &
  server_pid=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/$backend.err" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$port" ]; then cat "$work/$backend.err" >&2; failed+=("$backend (server did not start)"); stop_server; continue; fi
  # As scripts/run-tests.sh: a run in which no test ran counts as failed.
  RONGXIN_URL="http://127.0.0.1:$port" RONGXIN_SOURCE_DIR=$PWD node --test --test-reporter=spec tests/api/ 2>&1 |
    tee "$work/$backend.log"
  rc=${PIPESTATUS[0]}
  if [ "$rc" != 0 ] || grep -qE '^ℹ tests 0$' "$work/$backend.log"; then failed+=("$backend"); fi
  stop_server
done

if [ ${#failed[@]} -gt 0 ]; then echo "FAILED: ${failed[*]}"; exit 1; fi
echo "API tests passed: ${backends[*]}"
