#!/usr/bin/env bash
# Scoring benchmark: `podium score` (release build) against pandas + scikit-learn doing the
# same checks and metric, on 1M and 10M rows with string ids in shuffled order.
# Needs numpy, pandas, scikit-learn and PyYAML (pip) and GNU time (apt: time).
# usage: bash benchmarks/run.sh [SIZES...]   (default: 1000000 10000000)
# OTHER=path/to/another/podium measures that binary too, in the same run (e.g. an earlier commit's).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000000 10000000}")
[ $# -eq 0 ] && sizes=(1000000 10000000)
swift build -c release --product podium --scratch-path .build-release >/dev/null
podium=.build-release/release/podium
data=benchmarks/data
mkdir -p "$data"
measure() {  # prints "wall_seconds peak_MiB"
  /usr/bin/time -f "%e %M" -o "$data/time.txt" "$@" >/dev/null
  awk '{printf "%.2f %.0f\n", $1, $2/1024}' "$data/time.txt"
}
other=${OTHER:-}
printf "%-6s %10s %12s %12s %12s %12s %8s %8s" kind rows podium_s podium_MiB pandas_s pandas_MiB speedup memory
[ -n "$other" ] && printf " %12s %12s %8s %8s" other_s other_MiB o_speed o_memory
printf "\n"
for kind in auc rmse; do
  for n in "${sizes[@]}"; do
    case_dir="$data/$kind-$n"
    [ -f "$case_dir/submission.csv" ] || python3 benchmarks/generate.py "$kind" "$n" "$case_dir"
    # The two must agree before their times mean anything.
    a=$("$podium" score "$case_dir" "$case_dir/submission.csv" --json | python3 benchmarks/scores.py)
    b=$(python3 benchmarks/pandas_score.py "$case_dir" "$case_dir/submission.csv" | python3 benchmarks/scores.py)
    [ "$a" = "$b" ] || { echo "scores differ: podium $a, pandas $b" >&2; exit 1; }
    read -r ps pm < <(measure "$podium" score "$case_dir" "$case_dir/submission.csv")
    read -r qs qm < <(measure python3 benchmarks/pandas_score.py "$case_dir" "$case_dir/submission.csv")
    printf "%-6s %10s %12s %12s %12s %12s %7.1fx %7.1fx" "$kind" "$n" "$ps" "$pm" "$qs" "$qm" \
      "$(echo "$qs / $ps" | bc -l)" "$(echo "$qm / $pm" | bc -l)"
    if [ -n "$other" ]; then
      read -r os om < <(measure "$other" score "$case_dir" "$case_dir/submission.csv")
      printf " %12s %12s %7.1fx %7.1fx" "$os" "$om" "$(echo "$qs / $os" | bc -l)" "$(echo "$qm / $om" | bc -l)"
    fi
    printf "\n"
  done
done
