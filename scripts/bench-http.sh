#!/usr/bin/env bash
# HTTP benchmark: GET /api/v1/enterprises/{uscc} with a valid admin key against rongxin, and the
# same JSON body served as a static file by nginx, measured side by side in the same run.
#
#   scripts/bench-http.sh [BUILD_DIR]          (make bench runs: scripts/bench-http.sh build)
#
# Everything runs on 127.0.0.1 in a temporary directory that is removed at the end, together
# with every process the script started. Environment overrides:
#   DURATION=20         seconds of measurement per server and table row
#   CONNECTIONS=64      wrk connections
#   WRK_THREADS=2       wrk threads
#   WARMUP=3            seconds of warm-up per server before its first measured run
#   SLICES=4            each server's DURATION is split into this many wrk runs, interleaved
#                       with the other server's (ABBA order); SLICES=1 is one run per server
#   SETTINGS=default    space-separated rongxin thread settings, "default" (the configuration
#                       as loaded, RONGXIN_* variables included) or IO:WORKERS, e.g. "1:4 2:2";
#                       IO sets RONGXIN_IO_THREADS, WORKERS sets RONGXIN_WORKERS
#   ACCESS_LOG="off file"  rongxin access-log modes: off (--no-access-log) and/or file (the
#                       log on, as in production, written to a file in the temporary directory)
#   NGINX=nginx, WRK=wrk   the binaries
#
# Each rongxin measurement is interleaved with an nginx one (SLICES below) and the ratio is
# taken within that row, so background load (a compiler on another core) affects both sides
# alike. The goal is rongxin/nginx >= 0.5 in requests per second.
set -euo pipefail

BUILD=${1:-build}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
WARMUP=${WARMUP:-3}
SLICES=${SLICES:-4}
SETTINGS=${SETTINGS:-default}
ACCESS_LOG=${ACCESS_LOG:-off file}
NGINX=${NGINX:-nginx}
WRK=${WRK:-wrk}
GOAL=0.5

die() { echo "bench-http: $*" >&2; exit 1; }

RONGXIN="$(cd "$BUILD" 2>/dev/null && pwd)/rongxin" || die "no build directory $BUILD"
[[ -x "$RONGXIN" ]] || die "$RONGXIN not found; build first (make build)"
command -v "$NGINX" >/dev/null || die "nginx not found (apt-get install nginx-light)"
command -v "$WRK" >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"
[[ "$DURATION" =~ ^[1-9][0-9]*$ && "$DURATION" -le 600 ]] || die "DURATION must be 1..600"
[[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ && "$CONNECTIONS" -le 10000 ]] || die "CONNECTIONS must be 1..10000"
[[ "$WRK_THREADS" =~ ^[1-9][0-9]*$ ]] || die "WRK_THREADS must be a positive integer"
[[ "$WARMUP" =~ ^[0-9]+$ && "$WARMUP" -le 60 ]] || die "WARMUP must be 0..60"
[[ "$SLICES" =~ ^[1-9][0-9]*$ && "$SLICES" -le "$DURATION" ]] || die "SLICES must be 1..DURATION"
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
if [[ -n "$build_type" && "$build_type" != Release && "$build_type" != RelWithDebInfo ]]; then
  echo "bench-http: WARNING: $BUILD is a $build_type build; its numbers say little about a" \
    "Release build" >&2
fi

tmp=$(mktemp -d -t rx-bench-http.XXXXXX)
rx_pid=""
nginx_pid=""
cleanup() {
  local pid
  for pid in "$rx_pid" "$nginx_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# nginx's workers run as "nobody" when the script runs as root: the document root (and the
# directories above it) must be world-readable. The database and the key stay private.
chmod 755 "$tmp"
mkdir -m 700 "$tmp/db"
mkdir -p "$tmp/www" "$tmp/nginx"
db="sqlite:$tmp/db/b.db"

# --- data and key -----------------------------------------------------------------------
"$RONGXIN" gen --db "$db" --enterprises 3000 --seed 1 >/dev/null 2>"$tmp/gen.err" ||
  { cat "$tmp/gen.err" >&2; die "rongxin gen failed"; }
key=$("$RONGXIN" keys create --db "$db" --role admin --label bench 2>/dev/null) ||
  die "rongxin keys create failed"
[[ "$key" == rx_* ]] || die "unexpected key output"
auth="Authorization: Bearer $key"

# --- rongxin ------------------------------------------------------------------------------
rx_port=""
# start_rongxin SETTING LOGMODE: starts the server in the background, sets rx_pid and rx_port.
start_rongxin() {
  local setting=$1 log=$2 flags=() envs=()
  [[ "$log" == off ]] && flags+=(--no-access-log)
  if [[ "$setting" != default ]]; then
    [[ "$setting" =~ ^([0-9]+):([0-9]+)$ ]] || die "bad setting '$setting' (want IO:WORKERS)"
    envs+=("RONGXIN_IO_THREADS=${BASH_REMATCH[1]}" "RONGXIN_WORKERS=${BASH_REMATCH[2]}")
  fi
  : >"$tmp/serve.err"
  # The access log goes to stdout; with the log off stdout stays empty.
  (cd "$tmp" && exec env "${envs[@]}" "$RONGXIN" serve --db "$db" --address 127.0.0.1 --port 0 \
    --web "$tmp/no-portal" "${flags[@]}" >"$tmp/access.log" 2>"$tmp/serve.err") &
  rx_pid=$!
  local i
  for ((i = 0; i < 100; i++)); do
    rx_port=$(sed -n 's|.*serving .* on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/serve.err")
    [[ -n "$rx_port" ]] && return 0
    kill -0 "$rx_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/serve.err" >&2
  die "rongxin serve did not start"
}
stop_rongxin() {
  kill -TERM "$rx_pid" 2>/dev/null || true
  wait "$rx_pid" 2>/dev/null || true
  rx_pid=""
}

# --- the body nginx serves ----------------------------------------------------------------
start_rongxin default off
list=$(curl -sf -H "$auth" "http://127.0.0.1:$rx_port/api/v1/enterprises?limit=1") ||
  die "list request failed"
uscc=$(grep -o '"uscc":"[0-9A-Z]\{18\}"' <<<"$list" | head -1 | cut -d'"' -f4)
[[ -n "$uscc" ]] || die "no USCC in the list response: $list"
path="/api/v1/enterprises/$uscc"
mkdir -p "$tmp/www/api/v1/enterprises"
curl -sf -H "$auth" -o "$tmp/www$path" "http://127.0.0.1:$rx_port$path" || die "get request failed"
chmod -R a+rX "$tmp/www"
body_bytes=$(wc -c <"$tmp/www$path")
stop_rongxin

# --- nginx --------------------------------------------------------------------------------
nginx_port=""
start_nginx() {
  local attempt i
  for ((attempt = 0; attempt < 20; attempt++)); do
    nginx_port=$((20000 + RANDOM % 40000))
    # Skip ports something already answers on; nginx itself reports the rest (EADDRINUSE).
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
      if curl -sf -o /dev/null "http://127.0.0.1:$nginx_port$path"; then return 0; fi
      kill -0 "$nginx_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -TERM "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
    grep -qs 'Address already in use' "$tmp/nginx/stderr" "$tmp/nginx/error.log" || break
  done
  cat "$tmp/nginx/stderr" "$tmp/nginx/error.log" >&2 2>/dev/null || true
  die "nginx did not start"
}

# --- measuring ------------------------------------------------------------------------------
to_ms() {  # wrk latency ("812.00us", "1.23ms", "2.01s") in milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# cpu_ticks PID...: user+system CPU time of the processes (all their threads), in clock ticks.
cpu_ticks() {
  local pid total=0 f
  for pid in "$@"; do
    # utime and stime are fields 14 and 15; the command name (field 2) is in parentheses.
    f=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    read -r -a f <<<"$f"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}
clk_tck=$(getconf CLK_TCK)

# Accumulated per server ("nginx", "rongxin") over the slices of one pair.
declare -A n_req n_sec n_ticks p99s
reset_totals() {
  local who
  for who in nginx rongxin; do n_req[$who]=0 n_sec[$who]=0 n_ticks[$who]=0 p99s[$who]=""; done
}
# slice WHO URL PID...: one wrk run of $slice_s seconds against the server whose processes are
# PID...; adds its requests, seconds, server CPU ticks and p99 to WHO's totals. Fails on errors
# and on any non-2xx answer (the numbers would be meaningless).
slice() {
  local who=$1 url=$2 out before after requests secs p99 errs
  shift 2
  before=$(cpu_ticks "$@")
  out=$("$WRK" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${slice_s}s" --latency -H "$auth" "$url")
  after=$(cpu_ticks "$@")
  echo "$out" >>"$tmp/wrk-$who.txt"
  if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
    echo "$out" >&2
    die "$who answered with errors"
  fi
  errs=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' <<<"$out")
  [[ -z "$errs" ]] || echo "bench-http: note: $who socket errors: $errs" >&2
  # "  123456 requests in 5.00s, 51.23MB read"
  requests=$(awk '/ requests in / { print $1 }' <<<"$out")
  secs=$(awk '/ requests in / { v = $4; sub(/,$/, "", v); n = v + 0
    if (v ~ /ms$/) n /= 1000; else if (v ~ /m$/) n *= 60; print n }' <<<"$out")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  [[ -n "$requests" && -n "$secs" && -n "$p99" ]] || { echo "$out" >&2; die "cannot parse wrk output"; }
  n_req[$who]=$((n_req[$who] + requests))
  n_sec[$who]=$(awk -v a="${n_sec[$who]}" -v b="$secs" 'BEGIN { print a + b }')
  n_ticks[$who]=$((n_ticks[$who] + after - before))
  p99s[$who]+=" $p99"
}
# summary WHO: "req/s|p99 ms|CPU µs per request"; p99 is the median over the slices.
summary() {
  local who=$1
  awk -v n="${n_req[$who]}" -v t="${n_sec[$who]}" -v ticks="${n_ticks[$who]}" -v hz="$clk_tck" \
    -v p="${p99s[$who]}" 'BEGIN {
      k = split(p, a, " ")
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { x = a[i]; a[i] = a[j]; a[j] = x }
      med = (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
      printf "%.0f|%.2f|%.1f", n / t, med, ticks / hz * 1e6 / n }'
}
warm() { "$WRK" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "$auth" "$1" >/dev/null; }

slice_s=$((DURATION / SLICES))
echo "# rongxin HTTP benchmark"
echo
echo "- machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "load average before the run $(cut -d' ' -f1-3 /proc/loadavg)"
commit=$(git -C "$(dirname "$0")" describe --always --dirty 2>/dev/null || echo unknown)
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $RONGXIN (${build_type:-unknown} build, source" \
  "$commit), $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')," \
  "wrk $("$WRK" -v 2>&1 | awk 'NR == 1 { print $2 }')"
echo "- GET $path (${body_bytes}-byte JSON body; 3000 enterprises in SQLite; admin key)"
echo "- wrk -t$WRK_THREADS -c$CONNECTIONS --latency, $((slice_s * SLICES)) s per server and row" \
  "in $SLICES interleaved slice(s) of ${slice_s} s; p99 is the median of the slices' p99;" \
  "CPU/req is the server's user+system CPU time per request"
echo

start_nginx
nginx_url="http://127.0.0.1:$nginx_port$path"
mapfile -t nginx_pids < <(echo "$nginx_pid"; pgrep -P "$nginx_pid")  # master and workers
[[ "$WARMUP" -gt 0 ]] && warm "$nginx_url"

echo "| rongxin threads (io:workers) | access log | rongxin req/s | rongxin p99 | rongxin CPU/req | nginx req/s | nginx p99 | nginx CPU/req | ratio |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
pair=0
worst=""
for setting in $SETTINGS; do
  for log in $ACCESS_LOG; do
    case "$log" in off | file) ;; *) die "ACCESS_LOG modes are off and file, not '$log'" ;; esac
    start_rongxin "$setting" "$log"
    rx_url="http://127.0.0.1:$rx_port$path"
    [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "$rx_url")" == 200 ]] ||
      die "rongxin does not answer 200 on $path"
    [[ "$WARMUP" -gt 0 ]] && warm "$rx_url"
    reset_totals
    # ABBA order (A = nginx on even rows, rongxin on odd ones): a background load that rises
    # or falls steadily during the row hits both servers alike.
    for ((i = 0; i < SLICES; i++)); do
      if (((i + pair) % 2 == 0)); then
        slice nginx "$nginx_url" "${nginx_pids[@]}"
        slice rongxin "$rx_url" "$rx_pid"
      else
        slice rongxin "$rx_url" "$rx_pid"
        slice nginx "$nginx_url" "${nginx_pids[@]}"
      fi
    done
    stop_rongxin
    IFS='|' read -r r_rps r_p99 r_cpu <<<"$(summary rongxin)"
    IFS='|' read -r n_rps n_p99 n_cpu <<<"$(summary nginx)"
    log_note=$log
    [[ "$log" == file ]] && log_note="file ($(wc -l <"$tmp/access.log") lines)"
    ratio=$(awk -v a="$r_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }')
    if [[ -z "$worst" ]] || (($(awk -v a="$ratio" -v b="$worst" 'BEGIN { print (a < b) }'))); then
      worst=$ratio
    fi
    echo "| $setting | $log_note | $r_rps | $r_p99 ms | $r_cpu µs | $n_rps | $n_p99 ms | $n_cpu µs | $ratio |"
    pair=$((pair + 1))
  done
done
echo
verdict=$(awk -v r="$worst" -v g="$GOAL" 'BEGIN { print (r >= g) ? "meets" : "misses" }')
echo "Lowest ratio rongxin/nginx (requests per second): $worst; $verdict the goal of >= $GOAL."
