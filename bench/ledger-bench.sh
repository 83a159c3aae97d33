#!/usr/bin/env bash
# Usage: bench/ledger-bench.sh BUILD_DIR [SQLITE_SIZES [PG_SIZES]]
# The audit ledger's figures (issue 6), each against its peer on the same database
# (docs/benchmarks.md, "Audit ledger"):
#   1. durable appends per second with the sequencer running, against plain durable INSERTs of
#      a row of the same size, per thread count: SQLite as the platform configures it
#      (synchronous=NORMAL), SQLite with synchronous=FULL (each commit on disk), PostgreSQL with
#      fsync and synchronous_commit on (scripts/with-postgres.sh, RONGXIN_PG_DURABLE=1);
#   2. inclusion and consistency proof latency at each tree size, against a primary-key lookup.
# SQLITE_SIZES and PG_SIZES are comma-separated tree sizes, built in increasing order
# (default 10000000,100000000 and 10000000). A quick run:
#   THREADS=1,4 DURATION=4 bench/ledger-bench.sh build 100000 100000
# Environment: THREADS (1,4,16), DURATION in seconds per side and thread count (10), CYCLES of ABBA
# slices (2), INTERVAL_MS between sequencer runs (250), SAMPLES per proof kind (2000),
# PEER_ROWS (1000000), PARTS ("append proofs"), BACKENDS ("sqlite postgres"), TMPDIR.
# SQLite files go to a temporary directory removed on exit.
set -euo pipefail

build=${1:?usage: bench/ledger-bench.sh BUILD_DIR [SQLITE_SIZES [PG_SIZES]]}
sqlite_sizes=${2:-10000000,100000000}
pg_sizes=${3:-10000000}
bench=$(cd "$build" && pwd)/bench/ledger_bench
[ -x "$bench" ] || { echo "ledger-bench: $bench not built (cmake --build $build --target ledger_bench)" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
THREADS=${THREADS:-1,4,16}
SECONDS_PER_SIDE=${DURATION:-10}
CYCLES=${CYCLES:-2}
INTERVAL_MS=${INTERVAL_MS:-250}
SAMPLES=${SAMPLES:-2000}
PEER_ROWS=${PEER_ROWS:-1000000}
PARTS=${PARTS:-append proofs}
BACKENDS=${BACKENDS:-sqlite postgres}

dir=$(mktemp -d "${TMPDIR:-/tmp}/rongxin-ledger-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
log="$dir/results.tsv"

note() { echo "ledger-bench: $* (load: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%S) UTC)" >&2; }
append_args=(--threads "$THREADS" --seconds "$SECONDS_PER_SIDE" --cycles "$CYCLES" --interval-ms "$INTERVAL_MS")
# MONITOR=1: the server's monitor observes each batch, as in production.
[ "${MONITOR:-0}" = 1 ] && append_args+=(--monitor)
proof_args=(--samples "$SAMPLES" --peer-rows "$PEER_ROWS")
export bench

has() { [[ " $1 " == *" $2 "* ]]; }

if has "$BACKENDS" sqlite; then
  if has "$PARTS" append; then
    note "SQLite appends, synchronous=NORMAL (the platform's setting)"
    "$bench" append --db "sqlite:$dir/append-normal.db" "${append_args[@]}" | sed 's/\tsqlite\t/\tsqlite-normal\t/' | tee -a "$log"
    rm -f "$dir"/append-normal.db*
    note "SQLite appends, synchronous=FULL (every commit on disk)"
    "$bench" append --db "sqlite:$dir/append-full.db" --sqlite-synchronous-full "${append_args[@]}" | sed 's/\tsqlite\t/\tsqlite-full\t/' | tee -a "$log"
    rm -f "$dir"/append-full.db*
  fi
  if has "$PARTS" proofs; then
    note "SQLite proofs at $sqlite_sizes"
    "$bench" proofs --db "sqlite:$dir/proofs.db" --sizes "$sqlite_sizes" "${proof_args[@]}" | tee -a "$log"
    du -sh "$dir"/proofs.db* | sed 's/^/ledger-bench: /' >&2
    rm -f "$dir"/proofs.db*
  fi
fi

if has "$BACKENDS" postgres; then
  if has "$PARTS" append; then
    note "PostgreSQL appends, fsync=on synchronous_commit=on"
    # shellcheck disable=SC2016 # expanded by the inner shell, where the URL is set
    RONGXIN_PG_DURABLE=1 "$root/scripts/with-postgres.sh" bash -c \
      '"$bench" append --db "$RONGXIN_TEST_PG_URL" "$@"' _ "${append_args[@]}" | tee -a "$log"
  fi
  if has "$PARTS" proofs; then
    note "PostgreSQL proofs at $pg_sizes"
    # shellcheck disable=SC2016 # expanded by the inner shell, where the URL is set
    RONGXIN_PG_DURABLE=1 "$root/scripts/with-postgres.sh" bash -c \
      '"$bench" proofs --db "$RONGXIN_TEST_PG_URL" "$@" &&
       psql -qAt "$RONGXIN_TEST_PG_URL" -c "SELECT '"'"'ledger-bench: database size '"'"' || pg_size_pretty(pg_database_size(current_database()))" >&2' \
      _ --sizes "$pg_sizes" "${proof_args[@]}" | tee -a "$log"
  fi
fi
note "done"

# Summary tables (Markdown) from the RESULT lines.
field() { sed -n "s/.*\t$1=\([^\t]*\).*/\1/p"; }
echo
echo "| backend | threads | raw commits/s | ledger appends/s | ratio | longest sequence() ms | queue INSERT only/s | sequencer alone µs/entry |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
grep -P '^RESULT\tappend\t' "$log" | while IFS= read -r line; do
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(cut -f3 <<<"$line")" \
    "$(field threads <<<"$line")" "$(field raw_per_s <<<"$line")" \
    "$(field ledger_per_s <<<"$line")" "$(field ratio <<<"$line")" \
    "$(field sequencer_max_ms <<<"$line")" \
    "$(field queue_only_per_s <<<"$line")" "$(field sequencer_alone_us_per_entry <<<"$line")"
done
echo
echo "| backend | tree size | inclusion median / p99 µs | consistency median / p99 µs | PK lookup median / p99 µs | inclusion / lookup | consistency / lookup |"
echo "|---|---:|---:|---:|---:|---:|---:|"
grep -P '^RESULT\tproofs\t' "$log" | while IFS= read -r line; do
  printf '| %s | %s | %s / %s | %s / %s | %s / %s | %s | %s |\n' "$(cut -f3 <<<"$line")" \
    "$(field size <<<"$line")" \
    "$(field inclusion_median_us <<<"$line")" "$(field inclusion_p99_us <<<"$line")" \
    "$(field consistency_median_us <<<"$line")" "$(field consistency_p99_us <<<"$line")" \
    "$(field peer_median_us <<<"$line")" "$(field peer_p99_us <<<"$line")" \
    "$(field inclusion_over_peer <<<"$line")" "$(field consistency_over_peer <<<"$line")"
done
