#!/usr/bin/env bash
# Batch evaluation benchmark (docs/benchmarks.md):
#   1. a demo city (DEMO_ENTERPRISES x 24 months) ingested into SQLite, a labelled sample from
#      it (rongxin lab sample), a scorecard fitted on the sample (rongxin lab fit);
#   2. `rongxin evaluate --scorecard` of that database: the full path from the record tables;
#   3. evaluation_bench: indicators + composite + scorecard of ENTERPRISES synthetic firms x
#      MONTHS months in memory, on all cores and on one thread, with peak memory.
# Usage: bench/evaluation-bench.sh BUILD_DIR
# Environment: ENTERPRISES (3000000), MONTHS (36), DEMO_ENTERPRISES (3000).
set -euo pipefail
build=$(realpath "${1:?usage: bench/evaluation-bench.sh BUILD_DIR}")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/rongxin-evaluation-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
db="sqlite:$work/demo.db"

"$root/scripts/demo-data.sh" "$build" "$db" "${DEMO_ENTERPRISES:-3000}" >/dev/null
last=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)
observed=$(date -u -d "$(date -u +%Y-%m-01) -13 month" +%Y-%m)
"$build/rongxin" lab sample --db "$db" --catalog "$root/data/catalog" --as-of "$observed" \
  --horizon 12 --out "$work/sample.csv" >"$work/sample.json"
"$build/rongxin" lab fit --csv "$work/sample.csv" --target bad --bad 1 --cv 5 \
  --out "$work/card.json" 2>/dev/null >"$work/fit.json"
echo "sample: $(cat "$work/sample.json")"
echo "scorecard: $(grep -o '"cv_auc":[0-9.]*' "$work/fit.json"), $(grep -o '"variables_used":\[[^]]*\]' "$work/fit.json" | tr -cd ',' | wc -c | awk '{print $1 + 1}') variables"
/usr/bin/time -f "%e s, %M KB peak" -o "$work/time" "$build/rongxin" evaluate --db "$db" \
  --catalog "$root/data/catalog" --as-of "$last" --scorecard "$work/card.json" >"$work/evaluate.json"
echo "rongxin evaluate (database path, ${DEMO_ENTERPRISES:-3000} enterprises): $(cat "$work/time")"
echo "  $(cat "$work/evaluate.json")"
echo "in-memory batch (${ENTERPRISES:-3000000} x ${MONTHS:-36}):"
"$build/bench/evaluation_bench" "$root" "${ENTERPRISES:-3000000}" "${MONTHS:-36}" 100000 "$work/card.json"
