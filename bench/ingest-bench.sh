#!/usr/bin/env bash
# Ingestion benchmark (docs/benchmarks.md), rongxin against the databases' own bulk loaders in
# the same run on the same file:
#   1. `rongxin ingest` of a ROWS-row tax CSV (generated) into SQLite, full validation, vs
#      `sqlite3 .import` of the same file into a table with the same columns and indexes;
#   2. the same file into PostgreSQL vs `psql \copy` (needs RONGXIN_TEST_PG_URL, which
#      scripts/with-postgres.sh sets; `make bench` runs this script under it);
#   3. `rongxin gen` of GEN_ENTERPRISES enterprises x GEN_MONTHS months: time and peak memory.
# Peak memory is /usr/bin/time's maximum resident set size. Each pair runs ABBA (peer,
# rongxin, rongxin, peer) and the best of each side is compared, so a disturbance on this
# shared machine hurts both sides alike.
#
# Usage: bench/ingest-bench.sh BUILD_DIR
# Environment: ROWS (10000000), GEN_ENTERPRISES (3000000), GEN_MONTHS (36), SKIP_PG, SKIP_GEN.
set -euo pipefail

build=${1:?usage: bench/ingest-bench.sh BUILD_DIR}
bin=$(realpath "$build/rongxin")
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${ROWS:-10000000}
gen_enterprises=${GEN_ENTERPRISES:-3000000}
gen_months=${GEN_MONTHS:-36}
work=$(mktemp -d /tmp/rongxin-ingest-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Runs a command, prints "SECONDS MAX_RSS_KB".
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    echo "failed: $*" >&2
    cat "$work/err" >&2
    exit 1
  }
  cat "$work/time"
}

best() { printf '%s\n' "$@" | sort -n | head -n 1; }

echo "== generating a $rows-row tax file"
# About 77 tax rows per enterprise over 36 months; a margin, then the first ROWS rows.
"$bin" gen --enterprises $((rows / 65 + 1000)) --months 36 --seed 1 --out gen >/dev/null
head -n $((rows + 1)) gen/tax.csv >tax.csv
actual=$(($(wc -l <tax.csv) - 1))
[ "$actual" = "$rows" ] || { echo "generated only $actual rows" >&2; exit 1; }
echo "tax.csv: $rows rows, $(du -m tax.csv | cut -f1) MB"

# rongxin's data_tax without its metadata columns: the peers load into the same columns with
# the same two indexes (unique key; enterprise and period). The peers do not convert, so
# money stays in yuan (NUMERIC(18,2) where rongxin stores BIGINT fen) and booleans stay
# true/false (BOOLEAN where rongxin stores 0/1).
sqlite_ddl() {
  local db=$1 cols
  cols=$(sqlite3 "$db" "SELECT group_concat('\"' || name || '\" ' ||
         CASE WHEN name LIKE '%_amount' THEN 'NUMERIC(18,2)' WHEN type = 'INTEGER' THEN 'BOOLEAN'
         ELSE type END, ', ') FROM pragma_table_info('data_tax') WHERE name NOT LIKE '\_%' ESCAPE '\'")
  echo "CREATE TABLE tax ($cols);
        CREATE UNIQUE INDEX tax_key ON tax (uscc, period, tax_type);
        CREATE INDEX tax_by_enterprise ON tax (uscc, period);"
}

rongxin_ingest() {  # DB_URL -> "seconds rss"
  "$bin" ingest --db "$1" --catalog "$root/data/catalog" --category registration \
    gen/registration.csv >/dev/null
  timed "$bin" ingest --db "$1" --catalog "$root/data/catalog" --category tax tax.csv
  grep -q "\"accepted\":$rows," "$work/out" || { echo "rongxin did not accept every row:" >&2; cat "$work/out" >&2; exit 1; }
}

echo "== SQLite: rongxin ingest vs sqlite3 .import"
rm -f schema.db*
"$bin" migrate --db sqlite:schema.db >/dev/null
"$bin" ingest --db sqlite:schema.db --catalog "$root/data/catalog" --category tax /dev/null \
  >/dev/null 2>&1 || true  # creates data_tax (the empty file itself is refused)
ddl=$(sqlite_ddl schema.db)
peer_sqlite() {
  rm -f peer.db*
  sqlite3 peer.db "PRAGMA journal_mode=WAL; $ddl" >/dev/null
  timed sqlite3 peer.db -cmd "PRAGMA synchronous=NORMAL" ".import --csv --skip 1 tax.csv tax"
}
ours_sqlite() {
  rm -f ours.db*
  rongxin_ingest sqlite:ours.db
}
s_peer1=$(peer_sqlite); s_ours1=$(ours_sqlite); s_ours2=$(ours_sqlite); s_peer2=$(peer_sqlite)
echo "sqlite3 .import: ${s_peer1% *} s, ${s_peer2% *} s; rongxin ingest: ${s_ours1% *} s, ${s_ours2% *} s"
sp=$(best "${s_peer1% *}" "${s_peer2% *}")
so=$(best "${s_ours1% *}" "${s_ours2% *}")
echo "rows/s  sqlite3 .import $(echo "$rows / $sp" | bc)  rongxin $(echo "$rows / $so" | bc)  ratio $(echo "scale=2; $sp / $so" | bc)"
echo "rongxin peak memory: $(best "${s_ours1#* }" "${s_ours2#* }") KB (max of the two runs: $(printf '%s\n' "${s_ours1#* }" "${s_ours2#* }" | sort -n | tail -n 1) KB)"

if [ -z "${SKIP_PG:-}" ]; then
  : "${RONGXIN_TEST_PG_URL:?PostgreSQL part needs RONGXIN_TEST_PG_URL (run under scripts/with-postgres.sh) or SKIP_PG=1}"
  echo "== PostgreSQL: rongxin ingest vs psql \\copy"
  pg=$RONGXIN_TEST_PG_URL
  pg_schema() { psql -q -v ON_ERROR_STOP=1 "$pg" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $1 CASCADE; CREATE SCHEMA $1;" >/dev/null; }
  with_schema() { echo "$pg$([[ $pg == *\?* ]] && echo '&' || echo '?')options=-csearch_path%3D$1"; }
  peer_pg() {
    pg_schema bench_peer
    psql -q -v ON_ERROR_STOP=1 "$(with_schema bench_peer)" -c "$ddl" >/dev/null
    timed psql -q -v ON_ERROR_STOP=1 "$(with_schema bench_peer)" \
      -c "\\copy tax FROM 'tax.csv' WITH (FORMAT csv, HEADER true)"
  }
  ours_pg() {
    pg_schema bench_ours
    rongxin_ingest "$(with_schema bench_ours)"
  }
  p_peer1=$(peer_pg); p_ours1=$(ours_pg); p_ours2=$(ours_pg); p_peer2=$(peer_pg)
  echo "psql \\copy: ${p_peer1% *} s, ${p_peer2% *} s; rongxin ingest: ${p_ours1% *} s, ${p_ours2% *} s"
  pp=$(best "${p_peer1% *}" "${p_peer2% *}")
  po=$(best "${p_ours1% *}" "${p_ours2% *}")
  echo "rows/s  psql \\copy $(echo "$rows / $pp" | bc)  rongxin $(echo "$rows / $po" | bc)  ratio $(echo "scale=2; $pp / $po" | bc)"
  pg_schema bench_peer && pg_schema bench_ours
fi

if [ -z "${SKIP_GEN:-}" ]; then
  echo "== rongxin gen --enterprises $gen_enterprises --months $gen_months"
  rm -rf gen tax.csv ours.db* peer.db*
  g=$(timed "$bin" gen --enterprises "$gen_enterprises" --months "$gen_months" --seed 1 --out city)
  echo "gen: ${g% *} s, peak memory ${g#* } KB, $(du -sm city | cut -f1) MB written"
  python3 -c "import json,sys; d=json.load(open('$work/out')); print('rows:', sum(d['rows'].values()), d['rows'])"
fi
