#!/usr/bin/env bash
# Backup and verify benchmark: `podium backup` and `podium verify` on the demo store and on a
# store of 100,000 submissions with 100,000 archived files of their own (the board benchmark's
# grown store, spread by benchmarks/backup_spread.py). Each is timed by farm-bench against
# `cp -a` of the same store folder in the same run (a plain copy of the files, which is not a
# consistent backup of a live store: the yardstick for the bytes moved); verify against reading
# every file of the copy once with cat (verify also decompresses and hashes them).
# Needs farm-bench and numpy (pip). usage: bash benchmarks/backup.sh [RUNS] (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null
podium=$PWD/.build-release/release/podium
work=benchmarks/data/backup
mkdir -p "$work"

# The demo store.
if [ ! -f "$work/demo/store/podium.sqlite" ]; then
  rm -rf "$work/demo"
  out=$("$podium" demo 2>&1 | grep -o '/tmp/podium-demo-[^/]*/store' | head -1)
  mkdir -p "$work/demo" && cp -a "$out" "$work/demo/store"
fi
# 100,000 submissions: the board benchmark's challenge, grown, then one file per submission.
big=$work/big
if [ ! -f "$big/store/podium.sqlite" ]; then
  rm -rf "$big" benchmarks/data/grow
  bash benchmarks/board.sh 1000 >/dev/null
  mkdir -p "$big" && cp -a benchmarks/data/grow/store "$big/store"
  python3 benchmarks/board_grow.py "$big/store" 100000
  python3 benchmarks/backup_spread.py "$big/store"
fi

for name in demo big; do
  store=$work/$name/store
  echo "== $name: $(du -sh "$store" | cut -f1), $(find "$store/archive" -type f | wc -l) archived files"
  # Each run writes a new folder; the previous one is removed first (outside the timing).
  farm-bench -n "$runs" --timeout 3600 \
    --vs "sh -c 'rm -rf $work/cp-$name && exec cp -a $store $work/cp-$name'" \
    -- sh -c "rm -rf $work/bk-$name && exec $podium backup --data $store --to $work/bk-$name"
  farm-bench -n "$runs" --timeout 3600 \
    --vs "sh -c 'find $work/bk-$name -type f -exec cat {} + >/dev/null'" \
    -- "$podium" verify --data "$work/bk-$name"
done
