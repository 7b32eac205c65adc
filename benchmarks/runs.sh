#!/usr/bin/env bash
# Code runs through the queue: upload-to-start latency with an idle worker (the time from a
# queued run to its start, as the store stamps both), and runs a minute for N queued runs with
# 1 and 2 workers (podium worker --once --jobs J, timed whole). The model: a logistic
# regression on the breast-cancer example. Needs bubblewrap and python3-sklearn.
# The store stamps times to the second: the latency shows as 0 s when under one.
# usage: bash benchmarks/runs.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-8}
swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null 2>&1
podium=$PWD/.build-release/release/podium
work=$(mktemp -d)
trap 'kill $worker 2>/dev/null || true; rm -rf "$work"' EXIT
source benchmarks/lib/code_runs.sh
code_challenge
echo "== upload to start, an idle worker (5 runs)"
fresh
"$podium" worker --data "$work/s" 2>/dev/null &
worker=$!
sleep 1
for team in alpha bravo charlie delta echo; do
  "$podium" submit breast-cancer --team $team "$work/model.py" --wait --json --data "$work/s" |
    python3 -c 'import json,sys,datetime as d; s=json.load(sys.stdin); f=lambda t: d.datetime.fromisoformat(t.replace("Z","+00:00")); print("queued to started: %.3f s, run %.2f s" % ((f(s["startedAt"])-f(s["queuedAt"])).total_seconds(), s["elapsedSeconds"]))'
done
kill $worker
for jobs in 1 2; do
  fresh
  teams=(alpha bravo charlie delta echo)
  for i in $(seq "$n"); do "$podium" submit breast-cancer --team "${teams[$((i % 5))]}" "$work/model.py" --data "$work/s" >/dev/null; done
  start=$(date +%s.%N)
  "$podium" worker --once --jobs "$jobs" --data "$work/s"
  end=$(date +%s.%N)
  python3 -c "t=$end-$start; print('== $n runs, $jobs worker(s): %.1f s, %.1f runs a minute' % (t, $n*60/t))"
done
