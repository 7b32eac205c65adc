#!/usr/bin/env bash
# A 1M-row submission through HTTP against the bare score: the AUC case of benchmarks/run.sh
# made a full challenge (README, data/test.csv), published into a fresh store, one team, and
# `podium serve`. Then, in one run:
#   - `podium score` of the same file from the command line (farm-bench, median of 5), which
#     parses the solution CSV and the file;
#   - 5 POSTs of the file to /api/v1/challenges/{slug}/submissions with curl (after one that
#     starts the server's work), each timed by curl from the first byte sent to the receipt.
# The server scores against the solution kept beside the store, so the difference is what
# HTTP, the store's checks, the archive (gzip of the file) and the commit cost.
# Needs numpy, pandas (for the case), farm-bench, curl. usage: bash benchmarks/submit_http.sh [ROWS]
# PODIUM=path/to/podium measures another build (an earlier commit's, for a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
if [ -z "${PODIUM:-}" ]; then swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null; fi
podium=${PODIUM:-$PWD/.build-release/release/podium}
case_dir=benchmarks/data/auc-$n
[ -f "$case_dir/submission.csv" ] || python3 benchmarks/generate.py auc "$n" "$case_dir"
work=benchmarks/data/http-$n
if [ ! -f "$work/bundles/bench-auc-v1.podium" ]; then
  rm -rf "$work" && mkdir -p "$work/challenge/data" "$work/challenge/reference"
  cp "$case_dir/challenge.yaml" "$work/challenge/"
  cp "$case_dir/reference/solution.csv" "$work/challenge/reference/"
  printf '# AUC benchmark\n\n## Overview\nScoring at scale.\n\n## Data\nIds and one feature.\n\n## Evaluation\nROC AUC.\n\n## Rules\nNone.\n' \
    >"$work/challenge/README.md"
  python3 - "$work/challenge" <<'PY'
import csv, sys
root = sys.argv[1]
with open(f"{root}/reference/solution.csv") as src, open(f"{root}/data/test.csv", "w") as test:
    rows = csv.reader(src)
    next(rows)
    test.write("id,x\n")
    for row in rows:
        test.write(f"{row[0]},0\n")
with open(f"{root}/data/train.csv", "w") as train:
    train.write("id,x,y\n")
    for i in range(100):
        train.write(f"t{i},{i % 7},{i % 2}\n")
PY
  "$podium" pack "$work/challenge" -o "$work/bundles" >/dev/null
fi
store=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$store"' EXIT
"$podium" publish "$work/bundles/bench-auc-v1.podium" --data "$store/data" >/dev/null
printf 'student_id,name,email,team\ns1,Ada,ada@example.org,alpha\n' >"$store/roster.csv"
"$podium" roster import "$store/roster.csv" --challenge bench-auc --tokens-out "$store/tokens.csv" --data "$store/data" >/dev/null
token=$(tail -1 "$store/tokens.csv" | cut -d, -f2)
port=$((20000 + RANDOM % 20000))
"$podium" serve --port "$port" --max-upload-mib 512 --data "$store/data" >"$store/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/api/v1/challenges/bench-auc/submissions"
# Each POST sends other content (prediction 1 set to N / 1000), as a team's next file would:
# the archive keeps each new file (gzip), where the same content again would be found there.
post() {
  python3 - "$case_dir/submission.csv" "$store/next.csv" "$1" <<'PY'
import sys
src, out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src) as f, open(out, "w") as g:
    g.write(f.readline())
    first = f.readline().split(",")
    g.write(f"{first[0]},{k / 1000:.6f}\n")
    g.write(f.read())
PY
  curl -s -o "$store/receipt.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" \
    --data-binary @"$store/next.csv" "$url"
}
echo "== $n rows: first submit after the server starts (its solution not yet in memory)"
post 1
echo "== 5 submits"
times=()
for k in 2 3 4 5 6; do
  line=$(post "$k")
  [ "${line%% *}" = 201 ] || { echo "submit failed: $line" >&2; cat "$store/receipt.json" >&2; exit 1; }
  times+=("${line#* }")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{t[NR]=$1} END {printf "HTTP submit: min %.3f s, median %.3f s, max %.3f s\n", t[1], t[3], t[5]}'
# PROFILE=FILE: perf record the server during three more submits.
if [ -n "${PROFILE:-}" ]; then
  perf record -g -o "$PROFILE" -p "$server" -- sleep 6 >/dev/null 2>&1 &
  recorder=$!
  sleep 0.5
  post 7 && post 8 && post 9
  wait "$recorder"
fi
echo "== bare score: podium score (parses the solution CSV and the file)"
farm-bench -n 5 -- "$podium" score "$work/challenge" "$case_dir/submission.csv" | grep -E "wall s|peak MiB"
