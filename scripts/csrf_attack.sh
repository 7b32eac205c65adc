#!/usr/bin/env bash
# Replays issue 12's browser attack against a fresh store (see scripts/csrf_attack.py).
# Needs Debian's chromium and pip's websocket-client.  usage: bash scripts/csrf_attack.sh
# PODIUM=path/to/another/podium runs the attack against that binary (e.g. an earlier commit's).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/serve.sh
podium=$(podium_binary "${PODIUM:-}")
work=$(mktemp -d)
published_store "$podium" "$work" wine
port=8097
serve "$podium" "$store" $port "$work"
token=$(grep -o 'instructor_[A-Za-z0-9_-]*' "$work/serve.log" | head -1)
jar="$work/jar"
csrf=$(curl -s -c "$jar" "http://127.0.0.1:$port/signin" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "token=$token" --data-urlencode "csrf=$csrf" "http://127.0.0.1:$port/signin"
session=$(awk '$6 == "podium_session" { print $7 }' "$jar")
python3 scripts/csrf_attack.py "http://127.0.0.1:$port" "$session" wine
