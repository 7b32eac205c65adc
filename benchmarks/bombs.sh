#!/usr/bin/env bash
# Page latency while gzip bombs are posted: six 0.5 MB .csv.gz files that would inflate to 500
# MiB each are sent at once by one team through the API, and `GET /` is timed meanwhile.
# usage: bash benchmarks/bombs.sh [PODIUM_BINARY]   (default: the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/serve.sh
podium=${1:-}
if [ -z "$podium" ]; then
  swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null
  podium=.build-release/release/podium
fi
work=$(mktemp -d)
published_store "$podium" "$work" breast-cancer
"$podium" roster import submissions/roster.csv --challenge breast-cancer --data "$work/store" --tokens-out "$work/tokens.csv" >/dev/null
team=$(awk -F, 'NR == 2 { print $2 }' "$work/tokens.csv")
python3 -c "
import gzip, sys
open(sys.argv[1], 'wb').write(gzip.compress(b'id,malignant\n' + bytes(500 << 20), 9))" "$work/bomb.csv.gz"
serve "$podium" "$store" 8099 "$work"
quiet=$(for _ in $(seq 5); do curl -s -o /dev/null -w '%{time_total}\n' "$url/"; done | sort -n | sed -n 3p)
for i in $(seq 6); do
  curl -s -o /dev/null -w "bomb $i: %{http_code} in %{time_total} s\n" -H "Authorization: Bearer $team" \
    --data-binary @"$work/bomb.csv.gz" "$url/api/v1/challenges/breast-cancer/submissions" > "$work/bomb-$i.txt" &
done
sleep 0.3
times=$(for _ in $(seq 10); do curl -s -o /dev/null -w '%{time_total}\n' "$url/"; sleep 0.2; done | sort -n)
wait $(jobs -p | grep -v "^$server\$") 2>/dev/null || true
cat "$work"/bomb-*.txt
echo "GET / alone: median $quiet s; during the bombs: median $(sed -n 5p <<<"$times") s, max $(tail -1 <<<"$times") s"
echo "peak memory of the server: $(awk '/VmHWM/ { print $2 / 1024 " MiB" }' /proc/$server/status)"
