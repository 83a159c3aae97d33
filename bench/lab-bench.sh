#!/usr/bin/env bash
# Model lab benchmark: rongxin's scorecard against scikit-learn's LogisticRegression (one-hot
# + StandardScaler, lbfgs; Debian's /usr/bin/python3) on the same holdout split.
#   credit_data: the shared real data, 5-fold stratified CV (each tool its own seeded folds)
#                and a stratified 70/30 holdout (seed 1)
#   synthetic:   1,000,000 training + 200,000 holdout rows x 30 variables (seeded generator)
# Times: rongxin = wall clock of the whole `rongxin lab fit` process (CSV parse, binning,
# selection, regression, writing the model; with --cv also the final fit on all rows);
# scikit-learn = preprocessing + fit only (its CSV reading is reported apart, not counted).
# Usage: bench/lab-bench.sh [path/to/rongxin] [rows]   (defaults: build/rongxin, 1000000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/rongxin}
rows=${2:-1000000}
py=/usr/bin/python3
data=$("$here/../scripts/shared-data.sh")
work=${LAB_BENCH_DIR:-$(mktemp -d /tmp/rongxin-lab-bench.XXXXXX)}
mkdir -p "$work"

now() { date +%s.%N; }
field() { $py -c "import json,sys; print(json.load(sys.stdin)$1)"; }

run_case() {  # NAME TRAIN TEST TARGET BAD
  local name=$1 train=$2 test=$3 target=$4 bad=$5
  local t0 t1 fit_json eval_json sk_json
  t0=$(now)
  fit_json=$("$bin" lab fit --csv "$train" --target "$target" --bad "$bad" --out "$work/$name.model.json" 2>/dev/null)
  t1=$(now)
  local rx_seconds rx_auc sk_seconds sk_load sk_auc
  rx_seconds=$(echo "$t1 - $t0" | bc -l)
  eval_json=$("$bin" lab eval --model "$work/$name.model.json" --csv "$test" --target "$target" --bad "$bad")
  rx_auc=$(echo "$eval_json" | field "['auc']")
  sk_json=$($py "$here/lab_sklearn.py" sklearn --train "$train" --test "$test" --target "$target" --bad "$bad")
  sk_seconds=$(echo "$sk_json" | field "['fit_seconds']")
  sk_load=$(echo "$sk_json" | field "['load_seconds']")
  sk_auc=$(echo "$sk_json" | field "['auc']")
  printf '%-12s rongxin fit %7.2f s (inside: %s)  AUC %.4f | sklearn fit %7.2f s (+ %.1f s reading CSV)  AUC %.4f | speed-up %.1fx  AUC diff %+.4f\n' \
    "$name" "$rx_seconds" "$(echo "$fit_json" | field "['seconds']")" "$rx_auc" "$sk_seconds" "$sk_load" "$sk_auc" \
    "$(echo "$sk_seconds / $rx_seconds" | bc -l)" "$(echo "$rx_auc - $sk_auc" | bc -l)"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); sklearn $($py -c 'import sklearn; print(sklearn.__version__)')"
$py "$here/lab_sklearn.py" split --csv "$data/credit_data_modeldata.csv" --target Status --seed 1 \
  --train "$work/credit_train.csv" --test "$work/credit_test.csv"
t0=$(now)
rx_cv=$("$bin" lab fit --csv "$data/credit_data_modeldata.csv" --target Status --bad bad --cv 5 --seed 1 --out "$work/credit_cv.model.json" 2>/dev/null)
t1=$(now)
sk_cv=$($py "$here/lab_sklearn.py" cv --csv "$data/credit_data_modeldata.csv" --target Status --bad bad --folds 5 --seed 1)
printf '%-12s rongxin fit+5-fold CV %5.2f s  CV AUC %.4f | sklearn 5-fold CV %5.2f s  CV AUC %.4f | speed-up %.1fx  AUC diff %+.4f\n' \
  credit_cv "$(echo "$t1 - $t0" | bc -l)" "$(echo "$rx_cv" | field "['cv_auc']")" \
  "$(echo "$sk_cv" | field "['fit_seconds']")" "$(echo "$sk_cv" | field "['auc']")" \
  "$(echo "$(echo "$sk_cv" | field "['fit_seconds']") / ($t1 - $t0)" | bc -l)" \
  "$(echo "$(echo "$rx_cv" | field "['cv_auc']") - $(echo "$sk_cv" | field "['auc']")" | bc -l)"
run_case credit_data "$work/credit_train.csv" "$work/credit_test.csv" Status bad
if [ ! -s "$work/synth_train_$rows.csv" ]; then
  $py "$here/lab_sklearn.py" synth --rows "$rows" --test-rows 200000 --vars 30 --seed 1 \
    --train "$work/synth_train_$rows.csv" --test "$work/synth_test_$rows.csv"
fi
run_case "synth_${rows}" "$work/synth_train_$rows.csv" "$work/synth_test_$rows.csv" status bad
