#!/usr/bin/env bash
# The single export (唯一出口) under load (docs/benchmarks.md): an institution's authorized
# single-enterprise query (POST /api/v1/queries) and JSON credit report (POST /api/v1/reports)
# against rongxin, and the same response bodies served as static files by nginx, side by side in
# the same run, on SQLite and on PostgreSQL; then credit reports rendered as PDF per second on
# one core.
#
#   bench/export-bench.sh BUILD_DIR        (make bench runs it under scripts/with-postgres.sh
#                                           with RONGXIN_PG_DURABLE=1)
#
# Per backend (SQLite file; PostgreSQL when RONGXIN_TEST_PG_URL is set and SKIP_PG is not):
#   1. a fresh database: a synthetic city (`rongxin gen --out`, ENTERPRISES x MONTHS) loaded with
#      `rongxin ingest` category by category, evaluated (`rongxin evaluate`) for the last month;
#      `rongxin serve --no-access-log` on a free loopback port; over HTTP an institution, its
#      key, an enterprise key, and AUTHS authorizations from that enterprise to the institution
#      (every stored category and the evaluation, purpose loan_application, max_queries 10000
#      per day: the most one authorization allows);
#   2. one query body and one report body captured with curl; nginx serves them as files;
#   3. wrk -t2 -c64 --latency: for the query, then the report, rongxin and nginx in interleaved
#      slices (ABBA) like scripts/bench-http.sh. Every rongxin request names one of the
#      authorizations (a Lua script cycles through them), so that the fair-use counter of no
#      authorization runs out during the run; every request is admitted, counted and recorded
#      in data_accesses in its own transaction;
#   4. data_accesses and the server's own count of 2xx answers (/metrics), before and after
#      the measured slices, against the successful requests wrk counted;
#   5. PDF: GET /api/v1/reports/{number}/pdf with wrk -t1 -c1 against a server pinned to core 0
#      (taskset), and bench/report_pdf_bench (the renderer alone, one thread, pinned likewise).
# Everything runs on 127.0.0.1 in a temporary directory that is removed at the end, together
# with every process the script started.
#
# Environment: DURATION (20 s per server and row), SLICES (4), WARMUP (3 s), CONNECTIONS (64),
# WRK_THREADS (2), ENTERPRISES (1000), MONTHS (24), AUTHS (40), PDF_SECONDS (10), SKIP_PG,
# SKIP_PDF, NGINX, WRK; RONGXIN_IO_THREADS and RONGXIN_WORKERS reach the server. For finding
# where the time goes: VIEW=desensitized asks for the desensitized view instead (no
# authorization checked or counted; the access is still recorded), and QUERY_CATEGORIES=evaluation
# queries the evaluation alone (no records: what remains is the key check, the authorization,
# its counter, the access record and the commit).
set -euo pipefail

BUILD=${1:?usage: bench/export-bench.sh BUILD_DIR}
DURATION=${DURATION:-20}
SLICES=${SLICES:-4}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
ENTERPRISES=${ENTERPRISES:-1000}
MONTHS=${MONTHS:-24}
AUTHS=${AUTHS:-40}
PDF_SECONDS=${PDF_SECONDS:-10}
VIEW=${VIEW:-authorized}
QUERY_CATEGORIES=${QUERY_CATEGORIES:-tax}
NGINX=${NGINX:-nginx}
WRK=${WRK:-wrk}
GOAL_RATIO=0.3
GOAL_P99_MS=20

die() { echo "export-bench: $*" >&2; exit 1; }

root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || die "no build directory $1"
RONGXIN=$BUILD/rongxin
PDF_BENCH=$BUILD/bench/report_pdf_bench
[[ -x "$RONGXIN" ]] || die "$RONGXIN not found; build first (make build)"
for tool in "$NGINX" "$WRK" curl jq sqlite3 taskset; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[[ "$DURATION" =~ ^[1-9][0-9]*$ && "$SLICES" =~ ^[1-9][0-9]*$ && "$SLICES" -le "$DURATION" ]] ||
  die "DURATION and SLICES must be positive integers, SLICES <= DURATION"
[[ "$AUTHS" =~ ^[1-9][0-9]*$ ]] || die "AUTHS must be a positive integer"
[[ "$VIEW" == authorized || "$VIEW" == desensitized ]] || die "VIEW is authorized or desensitized"
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
[[ -z "$build_type" || "$build_type" == Release || "$build_type" == RelWithDebInfo ]] ||
  echo "export-bench: WARNING: $BUILD is a $build_type build" >&2

query_categories=$(jq -cn --arg c "$QUERY_CATEGORIES" '$c | split(",")')
tmp=$(mktemp -d -t rx-export-bench.XXXXXX)
rx_pid=""
nginx_pid=""
pg_db=""
stop_pid() {
  if [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
cleanup() {
  stop_pid "$rx_pid"
  stop_pid "$nginx_pid"
  if [[ -n "$pg_db" ]]; then
    psql -q "$RONGXIN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# nginx's workers run as "nobody" when the script runs as root: the document root (and the
# directories above it) must be world-readable. Databases and keys stay private.
chmod 755 "$tmp"
mkdir -m 700 "$tmp/db" "$tmp/run"
mkdir -p "$tmp/www" "$tmp/nginx"

# --- the city, generated once ------------------------------------------------------------
"$RONGXIN" gen --enterprises "$ENTERPRISES" --months "$MONTHS" --seed 1 --out "$tmp/city" \
  >/dev/null
uscc=$(awk -F, 'NR == 2 { print $1; exit }' "$tmp/city/tax.csv")
first_month=$(awk -F, 'NR > 1 && (m == "" || $2 < m) { m = $2 } END { print m }' "$tmp/city/tax.csv")
this_month=$(date -u +%Y-%m)
last_month=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)

# --- rongxin --------------------------------------------------------------------------------
rx_port=""
# start_rongxin DB [taskset CPU list]: starts the server, sets rx_pid and rx_port.
start_rongxin() {
  local db=$1 pin=() i
  [[ -n "${2:-}" ]] && pin=(taskset -c "$2")
  : >"$tmp/run/serve.err"
  # cwd $tmp/run: the consent signing key is created there (var/).
  (cd "$tmp/run" && exec "${pin[@]}" "$RONGXIN" serve --db "$db" --address 127.0.0.1 --port 0 \
    --catalog "$root/data/catalog" --web "$tmp/no-portal" --no-access-log \
    >/dev/null 2>"$tmp/run/serve.err") &
  rx_pid=$!
  for ((i = 0; i < 200; i++)); do
    rx_port=$(sed -n 's|.*serving .* on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/run/serve.err")
    [[ -n "$rx_port" ]] && return 0
    kill -0 "$rx_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/run/serve.err" >&2
  die "rongxin serve did not start"
}
stop_rongxin() { stop_pid "$rx_pid"; rx_pid=""; }

# api METHOD PATH KEY [JSON]: the response body; dies on a non-2xx answer.
api() {
  local method=$1 path=$2 key=$3 data=() out code
  [[ -n "${4:-}" ]] && data=(-H "Content-Type: application/json" --data-binary "$4")
  out=$(curl -s -w '\n%{http_code}' -X "$method" -H "Authorization: Bearer $key" "${data[@]}" \
    "http://127.0.0.1:$rx_port$path")
  code=${out##*$'\n'}
  out=${out%$'\n'*}
  [[ "$code" == 2?? ]] || die "$method $path answered $code: $out"
  printf '%s' "$out"
}

# --- nginx (as in scripts/bench-http.sh) ---------------------------------------------------------
nginx_port=""
start_nginx() {
  local attempt i
  for ((attempt = 0; attempt < 20; attempt++)); do
    nginx_port=$((20000 + RANDOM % 40000))
    if (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null; then continue; fi
    cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  sendfile on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  client_body_temp_path $tmp/nginx/client_body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/www;
  }
}
EOF
    "$NGINX" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
      -g 'daemon off;' 2>>"$tmp/nginx/stderr" &
    nginx_pid=$!
    for ((i = 0; i < 50; i++)); do
      if curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/query.json"; then return 0; fi
      kill -0 "$nginx_pid" 2>/dev/null || break
      sleep 0.1
    done
    stop_pid "$nginx_pid"
    nginx_pid=""
    grep -qs 'Address already in use' "$tmp/nginx/stderr" "$tmp/nginx/error.log" || break
  done
  cat "$tmp/nginx/stderr" "$tmp/nginx/error.log" >&2 2>/dev/null || true
  die "nginx did not start"
}

# --- measuring (as in scripts/bench-http.sh) ------------------------------------------------------
to_ms() {  # wrk latency ("812.00us", "1.23ms", "2.01s") in milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}
cpu_ticks() {  # user+system CPU time of the processes PID..., in clock ticks
  local pid total=0 f
  for pid in "$@"; do
    f=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    read -r -a f <<<"$f"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}
clk_tck=$(getconf CLK_TCK)
db_pids=()  # PostgreSQL backends serving rongxin (their CPU is part of each request)

declare -A n_req n_ok n_sec n_ticks n_dbticks p50s p99s
reset_totals() {
  local who
  for who in nginx rongxin; do
    n_req[$who]=0 n_ok[$who]=0 n_sec[$who]=0 n_ticks[$who]=0 n_dbticks[$who]=0
    p50s[$who]="" p99s[$who]=""
  done
}
# slice WHO URL [wrk options...] -- PID...: one wrk run of $slice_s seconds.
slice() {
  local who=$1 url=$2 opts=() pids out before after dbb dba requests non2xx secs p50 p99 errs
  shift 2
  while [[ $1 != -- ]]; do opts+=("$1"); shift; done
  shift
  pids=("$@")
  before=$(cpu_ticks "${pids[@]}")
  dbb=$(cpu_ticks "${db_pids[@]}")
  out=$("$WRK" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${slice_s}s" --latency "${opts[@]}" "$url")
  after=$(cpu_ticks "${pids[@]}")
  dba=$(cpu_ticks "${db_pids[@]}")
  echo "$out" >>"$tmp/wrk-$who.txt"
  non2xx=$(awk '/Non-2xx or 3xx responses/ { print $NF }' <<<"$out")
  if [[ -n "$non2xx" ]]; then
    echo "$out" >&2
    die "$who answered $non2xx requests with errors"
  fi
  errs=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' <<<"$out")
  [[ -z "$errs" ]] || echo "export-bench: note: $who socket errors: $errs" >&2
  requests=$(awk '/ requests in / { print $1 }' <<<"$out")
  secs=$(awk '/ requests in / { v = $4; sub(/,$/, "", v); n = v + 0
    if (v ~ /ms$/) n /= 1000; else if (v ~ /m$/) n *= 60; print n }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  [[ -n "$requests" && -n "$secs" && -n "$p99" ]] || { echo "$out" >&2; die "cannot parse wrk output"; }
  n_req[$who]=$((n_req[$who] + requests))
  n_sec[$who]=$(awk -v a="${n_sec[$who]}" -v b="$secs" 'BEGIN { print a + b }')
  n_ticks[$who]=$((n_ticks[$who] + after - before))
  n_dbticks[$who]=$((n_dbticks[$who] + dba - dbb))
  p50s[$who]+=" $p50"
  p99s[$who]+=" $p99"
}
# summary WHO: "req/s|p50 ms|p99 ms|max p99 ms|CPU µs/req|db CPU µs/req" (medians over slices)
summary() {
  local who=$1
  awk -v n="${n_req[$who]}" -v t="${n_sec[$who]}" -v ticks="${n_ticks[$who]}" \
    -v dbticks="${n_dbticks[$who]}" -v hz="$clk_tck" -v p5="${p50s[$who]}" -v p9="${p99s[$who]}" '
    function median(s, a, k, i, j, x) {
      k = split(s, a, " ")
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { x = a[i]; a[i] = a[j]; a[j] = x }
      mx = a[k]
      return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    BEGIN {
      m5 = median(p5); m9 = median(p9)
      printf "%.0f|%.2f|%.2f|%.2f|%.1f|%.1f", n / t, m5, m9, mx, ticks / hz * 1e6 / n, dbticks / hz * 1e6 / n }'
}

# write_lua FILE PATH KEY BODY...: the Lua script for one rongxin row, POST PATH with the bodies
# in turn (one per authorization).
write_lua() {
  local file=$1 path=$2 key=$3 body
  shift 3
  {
    echo "local bodies = {"
    for body in "$@"; do printf '  [==[%s]==],\n' "$body"; done
    cat <<EOF
}
local requests = {}
local n = 0
local headers = { ["Authorization"] = "Bearer $key", ["Content-Type"] = "application/json" }
function init(args)
  for i, body in ipairs(bodies) do requests[i] = wrk.format("POST", "$path", headers, body) end
end
function request()
  n = n % #requests + 1
  return requests[n]
end
EOF
  } >"$file"
}

# accesses WHAT: rows of data_accesses with outcome WHAT (allowed, denied).
accesses() {
  local sql="SELECT count(*) FROM data_accesses WHERE outcome = '$1'"
  if [[ "$backend" == sqlite ]]; then sqlite3 "$sqlite_file" "$sql"; else psql -Atq "$db" -c "$sql"; fi
}
# served_2xx ROUTE: the server's count of 2xx answers on POST ROUTE (from /metrics).
served_2xx() {
  api GET /metrics "$admin" | awk -v r="route=\"$1\"" 'index($0, "rongxin_http_requests_total{") == 1 &&
    index($0, r) && /method="POST"/ && /status="2[0-9][0-9]"/ { n += $NF } END { print n + 0 }'
}

slice_s=$((DURATION / SLICES))
commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
echo "# rongxin single-export benchmark"
echo
echo "- machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "load average before the run $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $RONGXIN (${build_type:-unknown} build, source $commit)," \
  "$("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), wrk $("$WRK" -v 2>&1 | awk 'NR == 1 { print $2 }')"
echo "- rongxin threads (io:workers): ${RONGXIN_IO_THREADS:-default}:${RONGXIN_WORKERS:-default}; view: $VIEW"
echo "- city: $ENTERPRISES enterprises x $MONTHS months (rongxin gen --seed 1), enterprise $uscc;" \
  "$AUTHS authorizations of 10000 queries per day each, named in turn by the requests"
echo "- wrk -t$WRK_THREADS -c$CONNECTIONS --latency, $((slice_s * SLICES)) s per server and row in" \
  "$SLICES interleaved slices of ${slice_s} s; p50 and p99 are medians over the slices (max: the" \
  "worst slice); CPU/req is the server's user+system CPU time per request, db CPU/req the" \
  "PostgreSQL backends' (SQLite runs inside rongxin)"
echo

backends=(sqlite)
if [[ -n "${RONGXIN_TEST_PG_URL:-}" && -z "${SKIP_PG:-}" ]]; then
  backends+=(postgresql)
else
  echo "(PostgreSQL skipped: run under scripts/with-postgres.sh, or SKIP_PG is set)"
  echo
fi

results=()   # "backend|call|ratio|p99" for the verdict
checks=()    # the data_accesses check per row
pdf_lines=()
for backend in "${backends[@]}"; do
  # --- 1. a fresh database and the setup over HTTP ----------------------------------------------
  if [[ "$backend" == sqlite ]]; then
    sqlite_file=$tmp/db/export.db
    db="sqlite:$sqlite_file"
    durability="WAL, synchronous=NORMAL (rongxin's settings)"
  else
    pg_db=rx_export_bench
    psql -q -v ON_ERROR_STOP=1 "$RONGXIN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pg_db" \
      -c "CREATE DATABASE $pg_db" >/dev/null
    db="${RONGXIN_TEST_PG_URL%/*}/$pg_db"
    durability="fsync=$(psql -Atq "$db" -c 'SHOW fsync'), synchronous_commit=$(psql -Atq "$db" -c 'SHOW synchronous_commit')"
  fi
  "$RONGXIN" migrate --db "$db" >/dev/null
  for file in "$tmp/city/registration.csv" $(ls "$tmp/city"/*.csv | grep -v /registration.csv); do
    "$RONGXIN" ingest --db "$db" --catalog "$root/data/catalog" \
      --category "$(basename "$file" .csv)" "$file" >/dev/null
  done
  "$RONGXIN" evaluate --db "$db" --catalog "$root/data/catalog" --as-of "$last_month" >/dev/null
  admin=$("$RONGXIN" keys create --db "$db" --role admin --label export-bench 2>/dev/null)
  [[ "$admin" == rx_* ]] || die "rongxin keys create failed"

  start_rongxin "$db"
  api POST /api/v1/institutions "$admin" '{"id":"bench-bank","name":"基准测试银行","kind":"bank"}' >/dev/null
  bank=$(api POST /api/v1/keys "$admin" '{"role":"institution","institution_id":"bench-bank","label":"export-bench bank"}' | jq -r .key)
  owner=$(api POST /api/v1/keys "$admin" "{\"role\":\"enterprise\",\"uscc\":\"$uscc\",\"label\":\"export-bench enterprise\"}" | jq -r .key)
  scopes=$(api GET /api/v1/catalog "$admin" |
    jq -c '[.categories[] | select(.mode == "stored") | {category: .id}] + [{category: "evaluation"}]')
  valid_until=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
  auth_ids=()
  for ((i = 0; i < AUTHS; i++)); do
    auth_ids+=("$(api POST "/api/v1/enterprises/$uscc/authorizations" "$owner" \
      "{\"institution_id\":\"bench-bank\",\"scopes\":$scopes,\"purpose\":\"loan_application\",\"valid_until\":\"$valid_until\",\"period_from\":\"$first_month\",\"period_to\":\"$this_month\",\"max_queries\":10000,\"per\":\"day\"}" |
      jq -r .id)")
  done

  # --- 2. the bodies nginx serves ----------------------------------------------------------------
  query_bodies=() report_bodies=()
  if [[ "$VIEW" == authorized ]]; then
    for id in "${auth_ids[@]}"; do
      query_bodies+=("{\"uscc\":\"$uscc\",\"categories\":$query_categories,\"purpose\":\"loan_application\",\"authorization_id\":\"$id\"}")
      report_bodies+=("{\"uscc\":\"$uscc\",\"purpose\":\"loan_application\",\"authorization_id\":\"$id\"}")
    done
  else
    query_bodies=("{\"uscc\":\"$uscc\",\"categories\":$query_categories,\"purpose\":\"loan_application\",\"view\":\"desensitized\"}")
    report_bodies=("{\"uscc\":\"$uscc\",\"purpose\":\"loan_application\",\"view\":\"desensitized\"}")
  fi
  api POST /api/v1/queries "$bank" "${query_bodies[0]}" >"$tmp/www/query.json"
  api POST /api/v1/reports "$bank" "${report_bodies[0]}" >"$tmp/www/report.json"
  [[ "$(jq -r .view "$tmp/www/query.json")" == "$VIEW" ]] || die "the query was not answered in the $VIEW view"
  chmod -R a+rX "$tmp/www"
  query_bytes=$(wc -c <"$tmp/www/query.json")
  report_bytes=$(wc -c <"$tmp/www/report.json")
  query_records=$(jq '[.categories[].records | length] | add // 0' "$tmp/www/query.json")
  report_number=$(jq -r .report_number "$tmp/www/report.json")
  cp "$tmp/www/report.json" "$tmp/report-$backend.json"
  start_nginx
  mapfile -t nginx_pids < <(echo "$nginx_pid"; pgrep -P "$nginx_pid")
  write_lua "$tmp/query.lua" /api/v1/queries "$bank" "${query_bodies[@]}"
  write_lua "$tmp/report.lua" /api/v1/reports "$bank" "${report_bodies[@]}"

  echo "## $backend ($durability)"
  echo
  echo "- query: POST /api/v1/queries $(jq -c 'if .authorization_id then .authorization_id = "…" else . end' <<<"${query_bodies[0]}")" \
    "-> ${query_bytes}-byte JSON ($query_records records)"
  echo "- report: POST /api/v1/reports $(jq -c 'if .authorization_id then .authorization_id = "…" else . end' <<<"${report_bodies[0]}")" \
    "-> ${report_bytes}-byte JSON (every stored category and the evaluation; stored, numbered)"
  echo
  echo "| call | rongxin req/s | p50 | p99 (worst slice) | CPU/req | db CPU/req | nginx req/s | nginx p50 | nginx p99 | ratio |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"

  # --- 3. and 4. the two calls under wrk ------------------------------------------------------------
  pair=0
  for call in query report; do
    route=/api/v1/queries
    [[ "$call" == report ]] && route=/api/v1/reports
    rx_url="http://127.0.0.1:$rx_port$route"  # the Lua script sets method, path and body
    nginx_url="http://127.0.0.1:$nginx_port/$call.json"
    rx_opts=(-s "$tmp/$call.lua")
    nginx_opts=(-H "Authorization: Bearer $bank")
    "$WRK" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${nginx_opts[@]}" "$nginx_url" >/dev/null
    "$WRK" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${rx_opts[@]}" "$rx_url" >"$tmp/warm.txt"
    grep -q 'Non-2xx' "$tmp/warm.txt" && { cat "$tmp/warm.txt" >&2; die "rongxin refused requests in the warm-up"; }
    sleep 1  # the requests still in flight when wrk stopped
    db_pids=()
    if [[ "$backend" == postgresql ]]; then
      mapfile -t db_pids < <(psql -Atq "$db" -c "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
    fi
    allowed0=$(accesses allowed); denied0=$(accesses denied); served0=$(served_2xx "$route")
    reset_totals
    for ((i = 0; i < SLICES; i++)); do
      if (((i + pair) % 2 == 0)); then
        slice nginx "$nginx_url" "${nginx_opts[@]}" -- "${nginx_pids[@]}"
        slice rongxin "$rx_url" "${rx_opts[@]}" -- "$rx_pid"
      else
        slice rongxin "$rx_url" "${rx_opts[@]}" -- "$rx_pid"
        slice nginx "$nginx_url" "${nginx_opts[@]}" -- "${nginx_pids[@]}"
      fi
    done
    sleep 1
    allowed1=$(accesses allowed); denied1=$(accesses denied); served1=$(served_2xx "$route")
    IFS='|' read -r r_rps r_p50 r_p99 r_max r_cpu r_db <<<"$(summary rongxin)"
    IFS='|' read -r n_rps n_p50 n_p99 n_max n_cpu n_db <<<"$(summary nginx)"
    ratio=$(awk -v a="$r_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }')
    [[ "$backend" == sqlite ]] && r_db="—" || r_db="$r_db µs"
    echo "| $call | $r_rps | $r_p50 ms | $r_p99 ms ($r_max) | $r_cpu µs | $r_db | $n_rps | $n_p50 ms | $n_p99 ms | $ratio |"
    results+=("$backend|$call|$ratio|$r_p99|$r_max")
    recorded=$((allowed1 - allowed0))
    served=$((served1 - served0))
    verdict="every answered request recorded"
    if ((recorded != served || denied1 != denied0 || recorded < n_req[rongxin] ||
      recorded > n_req[rongxin] + SLICES * CONNECTIONS)); then
      verdict="MISMATCH"
    fi
    checks+=("$backend $call: wrk counted ${n_req[rongxin]} successful responses; the server answered $served with 2xx; data_accesses grew by $recorded allowed rows and $((denied1 - denied0)) denied; $verdict")
    pair=$((pair + 1))
  done
  echo
  stop_rongxin
  stop_pid "$nginx_pid"; nginx_pid=""

  # --- 5. PDF on one core ---------------------------------------------------------------------
  if [[ -z "${SKIP_PDF:-}" ]]; then
    start_rongxin "$db" 0
    pdf_url="http://127.0.0.1:$rx_port/api/v1/reports/$report_number/pdf"
    code=$(curl -s -o "$tmp/r.pdf" -w '%{http_code}' -H "Authorization: Bearer $bank" "$pdf_url")
    [[ "$code" == 200 ]] || die "GET $pdf_url answered $code"
    taskset -c 1 "$WRK" -t1 -c1 -d2s -H "Authorization: Bearer $bank" "$pdf_url" >/dev/null
    before=$(cpu_ticks "$rx_pid")
    out=$(taskset -c 1 "$WRK" -t1 -c1 -d"${PDF_SECONDS}s" --latency -H "Authorization: Bearer $bank" "$pdf_url")
    after=$(cpu_ticks "$rx_pid")
    grep -q 'Non-2xx' <<<"$out" && { echo "$out" >&2; die "PDF requests failed"; }
    requests=$(awk '/ requests in / { print $1 }' <<<"$out")
    rps=$(awk '/^Requests\/sec:/ { printf "%.1f", $2 }' <<<"$out")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
    cpu_ms=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e3 / n }')
    stop_rongxin
    pdf_lines+=("$backend: GET /api/v1/reports/{number}/pdf, server pinned to core 0, wrk -t1 -c1 ${PDF_SECONDS} s on core 1: $rps PDF/s, p50 $p50 ms, p99 $p99 ms, $cpu_ms ms server CPU per PDF, $(wc -c <"$tmp/r.pdf") bytes")
  fi
  if [[ "$backend" == postgresql ]]; then
    psql -q "$RONGXIN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pg_db" >/dev/null
    pg_db=""
  fi
done

echo "## Every request checked and recorded"
echo
printf -- '- %s\n' "${checks[@]}"
echo
echo "(wrk does not count the up to $CONNECTIONS requests in flight when one of its runs stops;"
echo "the server answers and records them, so data_accesses may exceed wrk's count by at most"
echo "$SLICES x $CONNECTIONS, and must equal the server's own count of 2xx answers exactly.)"
echo
if [[ -z "${SKIP_PDF:-}" ]]; then
  echo "## PDF reports on one core"
  echo
  printf -- '- %s\n' "${pdf_lines[@]}"
  if [[ -x "$PDF_BENCH" ]]; then
    echo "- the renderer alone (bench/report_pdf_bench, pinned to core 0, the SQLite run's report):"
    echo
    echo '```'
    taskset -c 0 "$PDF_BENCH" "$tmp/report-sqlite.json" "$PDF_SECONDS"
    echo '```'
  else
    echo "- ($PDF_BENCH not built: cmake --build $BUILD --target report_pdf_bench)"
  fi
  echo
fi

echo "## Against the goal (ratio >= $GOAL_RATIO of nginx, p99 < $GOAL_P99_MS ms)"
echo
met=1
for r in "${results[@]}"; do
  IFS='|' read -r b c ratio p99 pmax <<<"$r"
  ok=$(awk -v r="$ratio" -v p="$p99" -v g="$GOAL_RATIO" -v l="$GOAL_P99_MS" 'BEGIN { print (r >= g && p < l) ? "meets" : "MISSES" }')
  [[ "$ok" == meets ]] || met=0
  echo "- $b $c: ratio $ratio, p99 $p99 ms (worst slice $pmax ms): $ok the goal"
done
echo
((met)) && echo "All rows meet the goal." || echo "At least one row misses the goal."
