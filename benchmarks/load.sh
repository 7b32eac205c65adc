#!/usr/bin/env bash
# Load benchmark of `podium serve` (release build): 20 clients submit 10,000-row files for
# 20 teams while 4 clients read the public board, for DURATION seconds; then the store is
# checked: every 201 is one accepted row, nothing lost, no team past its max_total.
# Needs wrk (apt: wrk) and numpy/pandas (pip).
# usage: bash benchmarks/load.sh [DURATION] [MAX_TOTAL]   (a low MAX_TOTAL, e.g. 40, checks the
# limit under load; the default is high enough to measure throughput)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
max_total=${2:-5000}
swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null
podium=$PWD/.build-release/release/podium
work=$(mktemp -d)
port=8097
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

# A challenge whose test set has 10,000 rows, 20 teams of 2, at most MAX_TOTAL submissions each.
python3 - "$work" <<'PY'
import sys, numpy as np, pandas as pd
rng = np.random.default_rng(1)
n = 25000
x = rng.normal(size=(n, 5))
y = (x @ np.array([1.0, -0.5, 0.3, 0.0, 0.8]) + rng.normal(size=n) > 0).astype(int)
pd.DataFrame({**{f"x{i}": x[:, i].round(4) for i in range(5)}, "label": y}).to_csv(f"{sys.argv[1]}/raw.csv", index=False)
with open(f"{sys.argv[1]}/roster.csv", "w") as f:
    f.write("student_id,name,email,team\n")
    for t in range(20):
        for m in range(2):
            f.write(f"{t * 2 + m},Student {t * 2 + m},s{t * 2 + m}@example.org,team-{t:02d}\n")
PY
"$podium" new "$work/load" >/dev/null
cat > "$work/load/challenge.yaml" <<YAML
slug: load
title: Load test
version: 1
task: binary
id: id
target: label
classes: ["0", "1"]
positive: "1"
metric: roc_auc
metrics: [accuracy, log_loss]
phases:
  - name: main
    opens: 2020-01-01T00:00:00+00:00
    closes: 2100-01-01T00:00:00+00:00
    max_total: $max_total
YAML
"$podium" split "$work/raw.csv" --out "$work/load" --target label --test 0.4 >/dev/null
"$podium" pack "$work/load" -o "$work" >/dev/null
"$podium" publish "$work/load-v1.podium" --data "$work/store" >/dev/null
"$podium" roster import "$work/roster.csv" --challenge load --data "$work/store" --tokens-out "$work/tokens.csv" >/dev/null
python3 - "$work" <<'PY'
import sys, pandas as pd, numpy as np
test = pd.read_csv(f"{sys.argv[1]}/load/data/test.csv", dtype={"id": str})
p = 1 / (1 + np.exp(-(test.x0 - 0.5 * test.x1 + 0.3 * test.x2 + 0.8 * test.x4)))
pd.DataFrame({"id": test.id, "label": p.round(6)}).sample(frac=1, random_state=2).to_csv(f"{sys.argv[1]}/sub.csv", index=False)
PY
"$podium" serve --data "$work/store" --port $port >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

echo "file: $(wc -l < "$work/sub.csv") lines, $(du -h "$work/sub.csv" | cut -f1); $duration s; 20 submitting clients, 4 board readers"
wrk -t2 -c4 -d"${duration}s" --latency -s benchmarks/board.lua "http://127.0.0.1:$port/api/v1/challenges/load/leaderboard" > "$work/board.txt" &
reader=$!
wrk -t2 -c20 -d"${duration}s" --timeout 30s -s benchmarks/load.lua "http://127.0.0.1:$port/api/v1/challenges/load/submissions" -- "$work/sub.csv" "$work/tokens.csv" > "$work/submit.txt"
wait $reader
submit=$(grep RESULT "$work/submit.txt")
board=$(grep RESULT "$work/board.txt")
echo "submissions: $submit"
echo "board reads: $board"
created=$(sed 's/.*created=\([0-9]*\).*/\1/' <<<"$submit")
seconds=$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<<"$submit")
rows=$("$podium" submissions load --json --data "$work/store" | python3 -c 'import json,sys,collections; d=json.load(sys.stdin); c=collections.Counter(s["team"] for s in d if s["status"]=="accepted"); print(len([s for s in d if s["status"]=="accepted"]), max(c.values()) if c else 0)')
read -r accepted max_team <<<"$rows"
printf "accepted submissions/s: %.1f\n" "$(echo "$created / $seconds" | bc -l)"
echo "store: $accepted accepted rows for $created responses 201; most by one team: $max_team (max_total $max_total)"
# wrk stops reading when its time is up: up to 20 requests (one per connection) may have
# been accepted by the server without wrk counting their 201.
in_flight=$((accepted - created))
echo "accepted but not counted by wrk (in flight at its deadline): $in_flight"
[ "$accepted" -ge "$created" ] && [ "$in_flight" -le 20 ] && [ "$max_team" -le "$max_total" ] \
  && echo "check: every 201 has its row (nothing lost), no team past max_total (nothing over-counted)" || { echo "check FAILED"; exit 1; }
