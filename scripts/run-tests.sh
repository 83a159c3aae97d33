#!/usr/bin/env bash
# Usage: scripts/run-tests.sh BUILD_DIR ASAN_BUILD_DIR   (run by `make test` under with-postgres.sh)
# Runs every suite, even after one fails, then exits non-zero if any failed:
#   1. unit and storage tests (ctest; storage tests on SQLite and PostgreSQL)
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. API tests over real HTTP against `rongxin serve`, on SQLite and on PostgreSQL
#   4. browser end-to-end tests in headless Chromium
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
asan=${2:-build-asan}
: "${RONGXIN_TEST_PG_URL:?run through scripts/with-postgres.sh}"
jobs=$(nproc)
failed=()
work=$(mktemp -d /tmp/rongxin-test.XXXXXX)
server_pid=
# The real credit datasets the lab suites read (their tests fail, not skip, without them).
RONGXIN_SHARED_DATA=$(scripts/shared-data.sh) || failed+=("shared data")
export RONGXIN_SHARED_DATA

stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT

# start_server NAME DB_URL [WEB_DIR]: a seeded database, an admin key, a server on a free port.
start_server() {
  local name=$1 db=$2 web=${3:-}
  "$build/rongxin" gen --db "$db" --enterprises 300 --seed 7 >/dev/null || return 1
  RONGXIN_API_KEY=$("$build/rongxin" keys create --db "$db" --role admin --label "$name" 2>/dev/null) || return 1
  export RONGXIN_API_KEY
  "$build/rongxin" serve --db "$db" --port 0 ${web:+--web "$web"} --no-access-log \
    >"$work/$name.out" 2>"$work/$name.err" &
  server_pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/.*http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/$name.err" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/$name.err" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { echo "server did not start" >&2; return 1; }
  export RONGXIN_URL="http://127.0.0.1:$port"
}

section() { printf '\n==== %s ====\n' "$1"; }

# node_tests DIR: node's test runner, where a suite that ran no test counts as failed.
node_tests() {
  local log="$work/node-$RANDOM.log"
  node --test --test-reporter=spec "$1" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  if grep -qE '^ℹ tests 0$' "$log"; then echo "no tests ran in $1"; return 1; fi
  return "$rc"
}

section "unit and storage tests (SQLite + PostgreSQL)"
ctest --test-dir "$build" -j "$jobs" --output-on-failure || failed+=("unit")

section "unit and storage tests under ASan + UBSan"
cmake -S . -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRX_SANITIZE=ON -DRX_BUILD_BENCH=OFF \
  $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null &&
  cmake --build "$asan" -j "$jobs" >/dev/null &&
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
    UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$asan" -j "$jobs" --output-on-failure || failed+=("asan")

for backend in sqlite postgres; do
  section "API tests over HTTP ($backend)"
  if [ $backend = sqlite ]; then db="sqlite:$work/api.db"; else
    schema="api_$$"
    psql -q "$RONGXIN_TEST_PG_URL" -c "CREATE SCHEMA $schema" >/dev/null
    db="$RONGXIN_TEST_PG_URL?options=-csearch_path%3D$schema"
  fi
  if start_server "api-$backend" "$db"; then
    RONGXIN_SOURCE_DIR=$PWD node_tests tests/api/ || failed+=("api-$backend")
  else
    failed+=("api-$backend (server did not start)")
  fi
  stop_server
done

section "browser end-to-end tests (Chromium)"
if start_server e2e "sqlite:$work/e2e.db" web/dist; then
  RONGXIN_BIN="$build/rongxin" RONGXIN_DB="sqlite:$work/e2e.db" SCREENSHOT_DIR="$build/screenshots" \
    node_tests web/e2e/ || failed+=("e2e")
  echo "screenshots in $build/screenshots"
else
  failed+=("e2e (server did not start)")
fi
stop_server

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED suites: ${failed[*]}"
  exit 1
fi
echo "all suites passed: unit, asan, api-sqlite, api-postgres, e2e"
