#!/usr/bin/env bash
# Board and ingest benchmark: a 100-team challenge (AUC, 40 rows) whose store holds 1,000,
# 10,000 and 100,000 accepted submissions (grown by benchmarks/board_grow.py from real
# ingested ones). For each size: `podium leaderboard --format json` (a page view's work, figures
# kept) timed by farm-bench against the 1,000-submission store in the same run, and
# `podium ingest` of 200 new files (2 a team) into a fresh copy of the store, in files/s.
# Needs numpy (pip), farm-bench. usage: bash benchmarks/board.sh [SIZES...] (default 1000 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ $# -eq 0 ] && sizes=(1000 10000 100000)
swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null
podium=$PWD/.build-release/release/podium
base=benchmarks/data/grow
if [ ! -f "$base/store/podium.sqlite" ]; then
  rm -rf "$base"
  python3 benchmarks/bootstrap_case.py 20 100 "$base"
  "$podium" pack "$base/challenge" -o "$base/bundles" >/dev/null
  "$podium" publish "$base/bundles/bench-board-v1.podium" --data "$base/store" >/dev/null
  "$podium" roster import "$base/roster.csv" --challenge bench-board --data "$base/store" >/dev/null
  "$podium" ingest bench-board "$base/inbox" --data "$base/store" >/dev/null
  # 200 new files to ingest: two a team, each a little different.
  python3 - "$base" <<'PY'
import os, sys, random
base = sys.argv[1]
random.seed(3)
for t in range(100):
    src = open(f"{base}/inbox/team-{t:02d}/01.csv").read().splitlines()
    os.makedirs(f"{base}/new/team-{t:02d}", exist_ok=True)
    for k in (2, 3):
        rows = [src[0]] + [f"{l.split(',')[0]},{min(1, max(0, float(l.split(',')[1]) + random.uniform(-.05, .05))):.6f}" for l in src[1:]]
        open(f"{base}/new/team-{t:02d}/{k:02d}.csv", "w").write("\n".join(rows) + "\n")
PY
fi
for n in "${sizes[@]}"; do
  dir=benchmarks/data/grow-$n
  if [ ! -f "$dir/store/podium.sqlite" ]; then
    rm -rf "$dir" && mkdir -p "$dir" && cp -r "$base/store" "$dir/store"
    python3 benchmarks/board_grow.py "$dir/store" "$n" >/dev/null
  fi
  "$podium" leaderboard bench-board --format json --data "$dir/store" >/dev/null  # figures computed once
done
first=benchmarks/data/grow-${sizes[0]}
echo "== board reads (podium leaderboard --format json, figures kept), against ${sizes[0]} submissions"
for n in "${sizes[@]}"; do
  echo "-- $n submissions"
  farm-bench -n 5 --vs "$podium leaderboard bench-board --format json --data $first/store" -- \
    "$podium" leaderboard bench-board --format json --data "benchmarks/data/grow-$n/store" | grep -E "^A wall|^B wall|^A/B wall"
done
echo "== ingest of 200 new files into a copy of each store (median of 3)"
for n in "${sizes[@]}"; do
  rates=()
  for _ in 1 2 3; do
    tmp=$(mktemp -d)
    cp -r "benchmarks/data/grow-$n/store" "$tmp/store"
    start=$(date +%s.%N)
    "$podium" ingest bench-board "$base/new" --data "$tmp/store" >/dev/null
    end=$(date +%s.%N)
    rates+=("$(echo "200 / ($end - $start)" | bc -l)")
    rm -rf "$tmp"
  done
  median=$(printf '%s\n' "${rates[@]}" | sort -n | sed -n 2p)
  printf "%8s submissions: %6.0f files/s\n" "$n" "$median"
done
