#!/usr/bin/env bash
# Prints the folder of the shared real credit datasets (german_credit_weka.csv,
# credit_data_modeldata.csv) that the model-lab tests and benchmark read:
#   1. $RONGXIN_SHARED_DATA when set;
#   2. ../shared/data beside this repository (where the project keeps it);
#   3. ../shared/data beside the repository this one was cloned from, for a local clone
#      elsewhere (e.g. `git clone . $(mktemp -d)`).
# Exits 1, saying where it looked, when none holds the files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
candidates=()
[ -n "${RONGXIN_SHARED_DATA:-}" ] && candidates+=("$RONGXIN_SHARED_DATA")
candidates+=("$root/../shared/data")
origin=$(git -C "$root" config --get remote.origin.url 2>/dev/null || true)
[ -n "$origin" ] && [ -d "$origin" ] && candidates+=("$origin/../shared/data")
for dir in "${candidates[@]}"; do
  if [ -f "$dir/german_credit_weka.csv" ] && [ -f "$dir/credit_data_modeldata.csv" ]; then
    (cd "$dir" && pwd)
    exit 0
  fi
done
echo "shared-data: the shared credit datasets are in none of: ${candidates[*]}" >&2
exit 1
