#!/usr/bin/env bash
# Creates the demo database for `make run`: synthetic enterprises and 24 months of every
# stored category of the shared catalogue, loaded through `rongxin ingest` like real files.
# Usage: scripts/demo-data.sh BUILD_DIR DB_URL [ENTERPRISES]
set -euo pipefail
bin=$1/rongxin
db=$2
enterprises=${3:-3000}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d /tmp/rongxin-demo.XXXXXX)
trap 'rm -rf "$out"' EXIT

echo "Creating the demo database ($enterprises synthetic enterprises, 24 months of credit data)"
"$bin" gen --enterprises "$enterprises" --months 24 --seed 1 --out "$out" >/dev/null
# The registry first: every other category refers to registered enterprises.
for file in "$out/registration.csv" $(ls "$out"/*.csv | grep -v /registration.csv); do
  category=$(basename "$file" .csv)
  summary=$("$bin" ingest --db "$db" --catalog "$root/data/catalog" --category "$category" "$file")
  printf '  %-24s %s\n' "$category" "$(grep -o '"accepted":[0-9]*' <<<"$summary" | head -n 1)"
done
