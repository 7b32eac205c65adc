#!/usr/bin/env bash
# The Slurm executor against the local one, on the same machine and model (a logistic
# regression on breast-cancer): each run's cost (upload to scored, as `podium submit --wait`
# sees it, and the run's own time in the sandbox; the difference is what the executor adds), then
# N queued runs through each (local: podium worker --once --jobs 2; Slurm: --jobs N in flight on
# the loopback cluster, whose node has this machine's cores). Needs bubblewrap, python3-sklearn,
# and the loopback cluster (bash scripts/slurm.sh start).
# usage: bash benchmarks/slurm.sh [N]   (PODIUM=path to time another build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
podium=${PODIUM:-}
if [ -z "$podium" ]; then swift build --product podium >/dev/null; podium=$PWD/.build/debug/podium; fi
eval "$(bash scripts/slurm.sh start | grep '^SLURM_CONF=')"
work=$(mktemp -d)
trap 'kill $worker 2>/dev/null || true; rm -rf "$work"' EXIT
source benchmarks/lib/code_runs.sh
code_challenge
worker() {  # worker local|slurm [args...]: becomes the worker (exec), so that $! is its pid
  local executor=$1; shift
  if [ "$executor" = slurm ]; then
    exec nsenter --net=/run/netns/podium-slurm env SLURM_CONF="$SLURM_CONF" "$podium" worker --executor slurm --spool "$work/spool" --data "$work/s" "$@"
  else
    exec "$podium" worker --data "$work/s" "$@"
  fi
}
for executor in local slurm; do
  echo "== $executor: one run at a time, an idle worker (5 runs): upload to scored, and the run itself"
  fresh
  worker $executor 2>/dev/null &
  worker=$!
  sleep 1
  for team in alpha bravo charlie delta echo; do
    start=$(date +%s.%N)
    "$podium" submit breast-cancer --team $team "$work/model.py" --wait --json --data "$work/s" >"$work/state.json"
    end=$(date +%s.%N)
    python3 -c "import json; s=json.load(open('$work/state.json')); t=$end-$start; print('upload to scored %.2f s, the run %.2f s, the executor and the queue %.2f s' % (t, s['elapsedSeconds'], t - s['elapsedSeconds']))"
  done
  kill $worker; wait $worker 2>/dev/null || true
done
for executor in local slurm; do
  fresh
  teams=(alpha bravo charlie delta echo)
  for i in $(seq "$n"); do "$podium" submit breast-cancer --team "${teams[$((i % 5))]}" "$work/model.py" --data "$work/s" >/dev/null; done
  jobs=2; [ "$executor" = slurm ] && jobs=$n
  start=$(date +%s.%N)
  (worker $executor --once --jobs "$jobs")
  end=$(date +%s.%N)
  python3 -c "t=$end-$start; print('== $n queued runs, $executor (--jobs $jobs): %.1f s, %.1f runs a minute' % (t, $n*60/t))"
done
