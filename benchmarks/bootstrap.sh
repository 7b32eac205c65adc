#!/usr/bin/env bash
# Fair-ranking benchmark: a board of TEAMS teams whose public part has N rows, AUC, 1,000
# paired bootstrap resamples. Times `podium leaderboard` (release build) with no figures in
# the store (cold: the bootstrap runs, reading the counted files) and with them (warm: a page
# view), against the same bootstrap in vectorised NumPy, in one run with farm-bench.
# Needs numpy (pip), sqlite3 (apt) and farm-bench.
# usage: bash benchmarks/bootstrap.sh [N...]   (default: 10000 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ $# -eq 0 ] && sizes=(10000 1000)
teams=${TEAMS:-50}
swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null
podium=$PWD/.build-release/release/podium
for n in "${sizes[@]}"; do
  case_dir=benchmarks/data/board-$n-$teams
  if [ ! -f "$case_dir/store/podium.sqlite" ]; then
    rm -rf "$case_dir"
    python3 benchmarks/bootstrap_case.py "$n" "$teams" "$case_dir"
    "$podium" pack "$case_dir/challenge" -o "$case_dir/bundles" >/dev/null
    "$podium" publish "$case_dir/bundles/bench-board-v1.podium" --data "$case_dir/store" >/dev/null
    "$podium" roster import "$case_dir/roster.csv" --challenge bench-board --data "$case_dir/store" >/dev/null
    "$podium" ingest bench-board "$case_dir/inbox" --data "$case_dir/store" >/dev/null
  fi
  store=$PWD/$case_dir/store
  cat > "$case_dir/cold.sh" <<SH
sqlite3 "$store/podium.sqlite" "DELETE FROM boardFigures" && exec "$podium" leaderboard bench-board --format json --data "$store" >/dev/null
SH
  echo "== $teams teams × $n public rows × 1000 resamples (AUC)"
  echo "-- cold read (bootstrap computed) vs NumPy"
  farm-bench -n 5 --timeout 600 --vs "python3 benchmarks/bootstrap_numpy.py $case_dir" -- sh "$case_dir/cold.sh"
  echo "-- warm read (figures from the store) vs cold"
  farm-bench -n 5 --timeout 600 --vs "sh $case_dir/cold.sh" -- "$podium" leaderboard bench-board --format json --data "$store"
done
