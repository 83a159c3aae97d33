#!/usr/bin/env bash
# The `rongxin` command as a user runs it: exit codes, messages and start-up errors.
# Usage: tests/cli/cli_test.sh PATH/TO/rongxin
set -u
bin=$1
dir=$(mktemp -d /tmp/rongxin-cli.XXXXXX)
root="$(cd "$(dirname "$0")/../.." && pwd)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT
passed=0 failed=0

check() {  # check NAME EXPECTED_EXIT EXPECTED_TEXT -- COMMAND...
  local name=$1 want_rc=$2 want_text=$3
  shift 4
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" = "$want_rc" ] && grep -qF -- "$want_text" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $rc (want $want_rc), output:"
    echo "$out" | head -n 10
  fi
}

check "uscc valid" 0 $'914403001922038216\tvalid' -- "$bin" uscc check 914403001922038216 9144030071526726XG
check "uscc invalid names position" 1 "uscc[18] check character is '7', expected '6'" -- \
  "$bin" uscc check 914403001922038216 914403001922038217
check "help on every command" 0 "--enterprises" -- "$bin" gen --help
check "serve refuses a missing database" 1 "does not exist" -- "$bin" serve --db "sqlite:$dir/missing.db" --port 0
check "bad URL" 2 "unsupported database URL" -- "$bin" serve --db "mysql://x" --port 0
check "gen creates and migrates" 0 '"enterprises": 50' -- "$bin" gen --db "sqlite:$dir/a.db" --enterprises 50 --seed 3
"$bin" gen --db "sqlite:$dir/b.db" --enterprises 50 --seed 3 >/dev/null
check "gen is deterministic" 0 "" -- bash -c "diff <(sqlite3 $dir/a.db 'SELECT uscc, name FROM enterprises ORDER BY uscc') <(sqlite3 $dir/b.db 'SELECT uscc, name FROM enterprises ORDER BY uscc')"
check "gen twice collides and writes nothing" 1 "already" -- "$bin" gen --db "sqlite:$dir/a.db" --enterprises 50 --seed 3
check "still 50" 0 "50" -- sqlite3 "$dir/a.db" "SELECT count(*) FROM enterprises"
check "keys: unknown role" 2 "unknown role" -- "$bin" keys create --db "sqlite:$dir/a.db" --role root
check "keys: enterprise needs a USCC" 2 "needs a USCC" -- "$bin" keys create --db "sqlite:$dir/a.db" --role enterprise
check "keys: create prints the key" 0 "rx_" -- "$bin" keys create --db "sqlite:$dir/a.db" --role institution --institution icbc-sh
check "keys: list shows no key text" 0 "institution" -- "$bin" keys list --db "sqlite:$dir/a.db"
check "keys: list hides secrets" 1 "" -- bash -c "$bin keys list --db sqlite:$dir/a.db | grep -q rx_"
check "institutions: add" 0 "icbc-sh" -- "$bin" institutions add --db "sqlite:$dir/a.db" --id icbc-sh --name "工商银行上海分行" --kind bank
check "institutions: a taken id" 1 "already exists" -- "$bin" institutions add --db "sqlite:$dir/a.db" --id icbc-sh --name x --kind bank
check "institutions: bad kind named" 2 "kind" -- "$bin" institutions add --db "sqlite:$dir/a.db" --id x1 --name x --kind pawnshop
check "institutions: list" 0 "工商银行上海分行" -- "$bin" institutions list --db "sqlite:$dir/a.db"
sed 's/"demo-bank"/"icbc-sh"/; s/"demo-guarantee"/"icbc-sh"/' "$root/data/market/demo-products.json" >"$dir/products.json"
printf '[{"institution_id":"icbc-sh","name":"x","type":"credit_loan","amount_min_fen":1,"amount_max_fen":2,"term_min_months":1,"term_max_months":2,"rate_min_bp":1,"rate_max_bp":2,"repayment_methods":["equal_instalment"],"eligibility":"years_operating >= 1 and\\n composite_grade > 3"}]' >"$dir/bad-products.json"
check "products: a bad rule names its line and column, nothing stored" 2 "line 2, column 20" -- "$bin" products import --db "sqlite:$dir/a.db" --catalog "$root/data/catalog" "$dir/bad-products.json"
check "products: none stored" 0 "0" -- sqlite3 "$dir/a.db" "SELECT count(*) FROM market_products"
check "products: the demo products import" 0 "普惠信用贷" -- "$bin" products import --db "sqlite:$dir/a.db" --catalog "$root/data/catalog" "$dir/products.json"
check "products: stored listed" 0 "4" -- sqlite3 "$dir/a.db" "SELECT count(*) FROM market_products WHERE status = 'listed'"
# Support policies: every shipped example checks; a bad file names file, line and column and
# stops the whole import; importing again stores nothing new.
check "policies: the examples check" 0 "policies ok" -- "$bin" policies check "$root/data/policies"
mkdir -p "$dir/policies"
cp "$root/data/policies/sh-interest-subsidy.toml" "$root/data/policies/sh-guarantee-fee-subsidy.toml" "$dir/policies/"
sed 's/years_operating >= 1/yaers_operating >= 1/' "$root/data/policies/sh-credit-risk-compensation.toml" >"$dir/policies/sh-credit-risk-compensation.toml"
bad_line=$(grep -n 'yaers_operating' "$dir/policies/sh-credit-risk-compensation.toml" | cut -d: -f1)
check "policies: a bad rule names file, line and column" 2 "sh-credit-risk-compensation.toml:$bad_line:" -- "$bin" policies check "$dir/policies"
check "policies: a bad file stops the import" 2 "did you mean 'years_operating'" -- "$bin" policies import --db "sqlite:$dir/a.db" --catalog "$root/data/catalog" "$dir/policies"
check "policies: nothing stored" 0 "0" -- sqlite3 "$dir/a.db" "SELECT count(*) FROM policy_documents"
rm "$dir/policies/sh-credit-risk-compensation.toml"
check "policies: import" 0 $'sh-guarantee-fee-subsidy\tadded\trevision 1' -- "$bin" policies import --db "sqlite:$dir/a.db" --catalog "$root/data/catalog" "$dir/policies"
check "policies: import again changes nothing" 0 $'sh-interest-subsidy\tunchanged\trevision 1' -- "$bin" policies import --db "sqlite:$dir/a.db" --catalog "$root/data/catalog" "$dir/policies"
printf '[server]\nprot = 1\n' >"$dir/bad.toml"
check "config: unknown key with position" 2 "bad.toml:2:1: unknown key" -- "$bin" serve --config "$dir/bad.toml" --db "sqlite:$dir/a.db"

cp "$dir/a.db" "$dir/new.db"
sqlite3 "$dir/new.db" "INSERT INTO schema_migrations VALUES (999, 'future', 0)"
check "serve refuses a newer schema" 1 "newer than this build" -- "$bin" serve --db "sqlite:$dir/new.db" --port 0

cp "$dir/a.db" "$dir/locked.db"
(echo "BEGIN EXCLUSIVE; DELETE FROM api_keys;"; sleep 15) | sqlite3 "$dir/locked.db" &
sleep 0.5
check "serve reports a locked database" 1 "database is locked" -- "$bin" serve --db "sqlite:$dir/locked.db" --port 0
kill %1 2>/dev/null

# Ingestion of generated city data: counts, idempotency, and whole-file errors.
catalog="$(dirname "$0")/../../data/catalog"
check "gen --out writes every category" 0 '"tax":' -- "$bin" gen --enterprises 40 --months 6 --seed 2 --out "$dir/city"
"$bin" gen --enterprises 40 --months 6 --seed 2 --out "$dir/city2" >/dev/null
check "gen --out is deterministic" 0 "" -- diff -r "$dir/city" "$dir/city2"
check "ingest registration" 0 '"accepted":40' -- "$bin" ingest --db "sqlite:$dir/c.db" --catalog "$catalog" --category registration "$dir/city/registration.csv"
check "ingest tax" 0 '"rejected":0' -- "$bin" ingest --db "sqlite:$dir/c.db" --catalog "$catalog" --category tax "$dir/city/tax.csv"
check "ingest twice: duplicates only" 0 '"accepted":0' -- "$bin" ingest --db "sqlite:$dir/c.db" --catalog "$catalog" --category tax "$dir/city/tax.csv"
check "ingest: missing file" 1 "cannot open" -- "$bin" ingest --db "sqlite:$dir/c.db" --catalog "$catalog" --category tax "$dir/none.csv"
check "ingest: unknown category" 2 "'water' is not in the shared catalogue" -- "$bin" ingest --db "sqlite:$dir/c.db" --catalog "$catalog" --category water "$dir/city/tax.csv"
check "ingest: header that does not fit" 2 "column 1: 'uscc_code' is not a field" -- bash -c "printf 'uscc_code\n1\n' > $dir/h.csv; $bin ingest --db sqlite:$dir/c.db --catalog $catalog --category tax $dir/h.csv"
check "ingest: bad rows are counted, exit 0" 0 '"rejected":1' -- bash -c "head -1 $dir/city/tax.csv > $dir/bad.csv; sed -n 2p $dir/city/tax.csv | sed 's/,20[0-9][0-9]-[0-9][0-9],/,2026-13,/' >> $dir/bad.csv; $bin ingest --db sqlite:$dir/c.db --catalog $catalog --category tax $dir/bad.csv"

# Killed mid-file (SIGKILL: no cleanup at all), then rerun: nothing committed is lost and
# nothing is stored twice. Whatever was committed before the kill counts as duplicates.
"$bin" gen --enterprises 6000 --months 24 --seed 4 --out "$dir/big" >/dev/null
"$bin" ingest --db "sqlite:$dir/k.db" --catalog "$catalog" --category registration "$dir/big/registration.csv" >/dev/null
total=$(($(wc -l <"$dir/big/tax.csv") - 1))
"$bin" ingest --db "sqlite:$dir/k.db" --catalog "$catalog" --category tax "$dir/big/tax.csv" >/dev/null 2>&1 &
sleep 0.7
kill -KILL $! 2>/dev/null
wait $! 2>/dev/null
committed=$(sqlite3 "$dir/k.db" "SELECT count(*) FROM data_tax")
rerun=$("$bin" ingest --db "sqlite:$dir/k.db" --catalog "$catalog" --category tax "$dir/big/tax.csv")
final=$(sqlite3 "$dir/k.db" "SELECT count(*) FROM data_tax")
if [ "$final" = "$total" ] && grep -q "\"duplicates\":$committed," <<<"$rerun"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  echo "FAIL kill -9 then rerun: $committed committed, $final of $total after the rerun: $rerun"
fi

# Model lab on the shared real data: fit (with CV), eval, score, and bad input.
data="${RONGXIN_SHARED_DATA:-$(dirname "$0")/../../../shared/data}"
german="$data/german_credit_weka.csv"
check "lab fit: JSON summary with cv" 0 '"cv_auc":' -- "$bin" lab fit --csv "$german" --target class --bad bad --cv 3 --seed 1 --out "$dir/g.json"
fit_out=$("$bin" lab fit --csv "$german" --target class --bad bad --out "$dir/g.json" 2>/dev/null | tail -n 1)
for key in '"algorithm":"scorecard"' '"rows":1000' '"variables_used":' '"train":{"auc":' '"odds_convention":"good:bad"'; do
  check "lab fit prints $key" 0 "$key" -- echo "$fit_out"
done
check "lab fit: model file format" 0 '"format": "rongxin-model"' -- cat "$dir/g.json"
eval_out=$("$bin" lab eval --model "$dir/g.json" --csv "$german" --target class --bad bad)
check "lab eval: exit 0" 0 "" -- "$bin" lab eval --model "$dir/g.json" --csv "$german" --target class --bad bad
for key in '"auc":0.' '"ks":' '"gini":' '"rows":1000' '"confusion":' '"calibration":'; do
  check "lab eval prints $key" 0 "$key" -- echo "$eval_out"
done
check "lab score: reasons per row" 0 '"reasons":[{"bin":' -- "$bin" lab score --model "$dir/g.json" --csv "$german"
check "lab fit xgboost" 0 '"algorithm":"xgboost"' -- "$bin" lab fit --csv "$german" --target class --bad bad --algo xgboost --out "$dir/x.json"
check "lab eval xgboost" 0 '"auc":0.' -- "$bin" lab eval --model "$dir/x.json" --csv "$german" --target class --bad bad
check "lab fit: unknown target lists columns" 2 'no column "Status"; columns are checking_status, duration' -- "$bin" lab fit --csv "$german" --target Status --bad bad --out "$dir/n.json"
check "lab fit: bad value never seen" 2 '"default" never appears in column "class"' -- "$bin" lab fit --csv "$german" --target class --bad default --out "$dir/n.json"
check "lab fit: missing file" 1 "cannot open" -- "$bin" lab fit --csv "$dir/none.csv" --target class --bad bad --out "$dir/n.json"
printf 'a,b,y\n1,2,bad\n3,good\n' >"$dir/ragged.csv"
check "lab fit: ragged row" 2 "row 3 has 2 cells, the header has 3" -- "$bin" lab fit --csv "$dir/ragged.csv" --target y --bad bad --out "$dir/n.json"
sed 's/"format_version": 1/"format_version": 2/' "$dir/g.json" >"$dir/future.json"
check "lab eval: newer model format" 1 "model format_version 2 is newer than this rongxin understands (1)" -- "$bin" lab eval --model "$dir/future.json" --csv "$german" --target class --bad bad
cut -d, -f2- "$german" >"$dir/no_checking.csv"
check "lab eval: data lack a model column" 2 'no column "checking_status" (it has a type given, or the model reads it)' -- "$bin" lab eval --model "$dir/g.json" --csv "$dir/no_checking.csv" --target class --bad bad
check "lab eval: ROC for plotting" 0 '"roc":[[0.0,0.0],' -- echo "$eval_out"
check "lab eval: not a model" 2 "not valid JSON" -- "$bin" lab eval --model "$german" --csv "$german" --target class --bad bad

# Credit evaluation and the platform's own samples, on the database loaded above (registry and
# 24 months of tax for 6000 firms): a labelled sample, a champion scorecard fitted on it, and
# an evaluation of every firm that uses the champion.
observed=$(date -u -d "$(date -u +%Y-%m-01) -13 month" +%Y-%m)
last=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)
check "lab sample: summary" 0 '"horizon_months":12' -- "$bin" lab sample --db "sqlite:$dir/k.db" --catalog "$catalog" --as-of "$observed" --out "$dir/sample.csv"
check "lab sample: header is uscc, the indicators, bad" 0 "uscc,years_in_operation," -- head -n 1 "$dir/sample.csv"
check "lab sample: bad month" 2 "'2026-13' is not a month" -- "$bin" lab sample --db "sqlite:$dir/k.db" --catalog "$catalog" --as-of 2026-13 --out "$dir/s2.csv"
check "lab sample: failure leaves no file" 1 "" -- test -e "$dir/s2.csv"
check "lab publish: champion" 0 '"role":"champion"' -- "$bin" lab publish --db "sqlite:$dir/k.db" --sample "$dir/sample.csv" --target bad --bad 1 --name general --champion --cv 3
check "lab publish: ragged sample stores nothing" 2 "row 3 has 2 cells" -- "$bin" lab publish --db "sqlite:$dir/k.db" --sample "$dir/ragged.csv" --target y --bad bad --name broken
check "lab publish: nothing stored for it" 0 "0" -- sqlite3 "$dir/k.db" "SELECT count(*) FROM lab_samples WHERE name = 'broken'"
last_day=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)
registered=$(sqlite3 "$dir/k.db" "SELECT count(*) FROM enterprises WHERE registration_date <= '$last_day'")
check "evaluate: every firm registered by then, with the champion" 0 "\"enterprises\":$registered," -- "$bin" evaluate --db "sqlite:$dir/k.db" --catalog "$catalog" --as-of "$last"
check "evaluate: champion named in the run" 0 "general v1" -- sqlite3 "$dir/k.db" "SELECT scorecard FROM credit_runs ORDER BY seq DESC LIMIT 1"
check "evaluate: scores and reasons stored" 0 "$registered|$registered" -- sqlite3 "$dir/k.db" "SELECT count(*), count(scorecard_score) FROM credit_evaluations WHERE as_of = '$last'"
check "evaluate: bad month" 2 "is not a month" -- "$bin" evaluate --db "sqlite:$dir/k.db" --catalog "$catalog" --as-of 2026-1
check "evaluate: a lab model on other columns is refused" 1 "scorecard variable" -- "$bin" evaluate --db "sqlite:$dir/k.db" --catalog "$catalog" --scorecard "$dir/g.json"

# Graceful stop on SIGTERM (the ledger's sequencer makes its last pass first).
export RONGXIN_LEDGER_KEY="$dir/ledger.pem"
"$bin" serve --db "sqlite:$dir/a.db" --port 0 --web "" >"$dir/out" 2>"$dir/err" &
pid=$!
# Sanitizer builds on a busy machine can take many seconds to start: wait for the announcement
# (signals are handled from then on) rather than a fixed time.
for _ in $(seq 600); do grep -q "^rongxin: serving " "$dir/err" && break; sleep 0.1; done
kill -TERM $pid
wait $pid
rc=$?
if [ $rc = 0 ] && grep -q "stopped" "$dir/err"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL SIGTERM: exit $rc"; cat "$dir/err"; fi

# The audit ledger: what the server sequenced verifies; an entry edited behind its back is
# named by `ledger verify`, stops `serve`, and leaves only the read-only recovery mode.
check "ledger: the keys and institution above are entries" 0 "icbc-sh" -- sqlite3 "$dir/a.db" "SELECT body FROM ledger_entries"
check "ledger verify: intact" 0 "ledger ok:" -- "$bin" ledger verify --db "sqlite:$dir/a.db"
check "ledger verify: another key" 2 "signature does not verify" -- "$bin" ledger verify --db "sqlite:$dir/a.db" --public-key "$(printf '0%.0s' $(seq 64))"
sqlite3 "$dir/a.db" "UPDATE ledger_entries SET body = replace(body, 'kind=bank', 'kind=other') WHERE body LIKE '%icbc-sh%kind=bank%'"
check "ledger verify: names the altered entry" 2 "was altered" -- "$bin" ledger verify --db "sqlite:$dir/a.db"
check "serve refuses a tampered ledger" 1 "audit ledger failed its check" -- "$bin" serve --db "sqlite:$dir/a.db" --port 0 --web ""
"$bin" serve --db "sqlite:$dir/a.db" --port 0 --web "" --recovery >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 600); do grep -q "^rongxin: serving " "$dir/err" && break; sleep 0.1; done
kill -TERM $pid
wait $pid
if grep -q "read-only recovery mode" "$dir/err"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL serve --recovery:"; cat "$dir/err"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
