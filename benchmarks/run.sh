#!/usr/bin/env bash
# Scoring benchmark: `podium score` (release build) against pandas + scikit-learn doing the
# same checks and metric, on 1M and 10M rows with string ids in shuffled order, and against
# `cat` reading the same two files (the floor: the page cache's speed). farm-bench runs each
# pair in turn, 3 times after a warm-up, and prints min/median/max wall time, peak memory
# and the ratios. The two scorers must agree to 12 significant digits before anything is timed.
# Needs numpy, pandas, scikit-learn, SciPy and PyYAML (pip, or Debian's python3-sklearn,
# python3-pandas and python3-yaml; PYTHON= picks the Python), and farm-bench.
# usage: bash benchmarks/run.sh [SIZES...]   (default: 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib/python.sh
sizes=("$@")
[ $# -eq 0 ] && sizes=(1000000 10000000)
swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null
podium=$PWD/.build-release/release/podium
data=benchmarks/data
mkdir -p "$data"
for kind in auc rmse; do
  for n in "${sizes[@]}"; do
    case_dir="$data/$kind-$n"
    [ -f "$case_dir/submission.csv" ] || $py benchmarks/generate.py "$kind" "$n" "$case_dir"
    # The two must agree before their times mean anything.
    a=$("$podium" score "$case_dir" "$case_dir/submission.csv" --json | $py benchmarks/scores.py)
    b=$($py benchmarks/pandas_score.py "$case_dir" "$case_dir/submission.csv" | $py benchmarks/scores.py)
    [ "$a" = "$b" ] || { echo "scores differ: podium $a, pandas $b" >&2; exit 1; }
    echo "== $kind, $n rows: both score $a (public private all)"
    echo "-- A: podium score, B: pandas + scikit-learn"
    farm-bench -n 3 --timeout 900 --vs "$py benchmarks/pandas_score.py $case_dir $case_dir/submission.csv" -- \
      "$podium" score "$case_dir" "$case_dir/submission.csv" | grep -E "^(A|B) (wall s|peak MiB)|^A/B (wall|peak)"
    echo "-- A: podium score, B: cat of the same two files (the floor)"
    farm-bench -n 3 --timeout 900 --vs "cat $case_dir/submission.csv $case_dir/reference/solution.csv" -- \
      "$podium" score "$case_dir" "$case_dir/submission.csv" | grep -E "^(A|B) wall s|^A/B wall"
  done
done
