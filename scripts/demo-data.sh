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

# The model lab's first champion: a scorecard fitted on what happened in the 12 months after
# the middle of the demo period, then the last three months evaluated with it.
observed=$(date -u -d "$(date -u +%Y-%m-01) -13 month" +%Y-%m)
"$bin" lab sample --db "$db" --catalog "$root/data/catalog" --as-of "$observed" --horizon 12 \
  --out "$out/sample.csv" >/dev/null
published=$("$bin" lab publish --db "$db" --sample "$out/sample.csv" --target bad --bad 1 \
  --name "sme-general" --source platform --scenario general --champion --author demo \
  --description "演示数据：${observed} 的指标与其后 12 个月的结果 / demo indicators at ${observed}, outcome over the next 12 months")
echo "  champion scorecard        $(grep -o '"cv_auc":[0-9.]*' <<<"$published")"
for months_back in 3 2 1; do
  month=$(date -u -d "$(date -u +%Y-%m-01) -$months_back month" +%Y-%m)
  summary=$("$bin" evaluate --db "$db" --catalog "$root/data/catalog" --as-of "$month")
  printf '  evaluated %-16s %s\n' "$month" "$(grep -o '"grades":{[^}]*}' <<<"$summary")"
done

# Institutions that can be granted authorizations in the demo (keys: `rongxin keys create
# --role institution --institution ID`, or the portal's key page).
"$bin" institutions add --db "$db" --id demo-bank --name "示例银行上海分行" --kind bank >/dev/null
"$bin" institutions add --db "$db" --id demo-guarantee --name "示例融资担保有限公司" --kind guarantee >/dev/null
"$bin" institutions add --db "$db" --id demo-microloan --name "示例小额贷款有限公司" --kind small_loan >/dev/null
echo "  institutions              demo-bank, demo-guarantee, demo-microloan"
# The marketplace's example products of those institutions (data/market/demo-products.json).
"$bin" products import --db "$db" --catalog "$root/data/catalog" "$root/data/market/demo-products.json" >/dev/null
echo "  products                  $(grep -c '"name"' "$root/data/market/demo-products.json") listed"
# Example support policies (data/policies/, examples and not legal texts); the server's first
# "policy finds people" run notifies the enterprises they fit.
"$bin" policies import --db "$db" --catalog "$root/data/catalog" "$root/data/policies" >/dev/null
echo "  policies                  $(ls "$root"/data/policies/*.toml | wc -l) examples"
