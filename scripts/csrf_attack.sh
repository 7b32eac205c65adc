#!/usr/bin/env bash
# Replays issue 12's browser attack against a fresh store (see scripts/csrf_attack.py).
# Needs Debian's chromium and pip's websocket-client.  usage: bash scripts/csrf_attack.sh
# PODIUM=path/to/another/podium runs the attack against that binary (e.g. an earlier commit's).
set -euo pipefail
cd "$(dirname "$0")/.."
podium=${PODIUM:-}
if [ -z "$podium" ]; then
  swift build --product podium >/dev/null
  podium=.build/debug/podium
fi
work=$(mktemp -d)
"$podium" pack challenges/wine --output "$work/bundle" >/dev/null
"$podium" publish "$work/bundle"/wine-v*.podium --data "$work/store" >/dev/null
port=8097
# (stdbuf: an earlier binary kept the token line in its output buffer)
stdbuf -oL "$podium" serve --data "$work/store" --port $port >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
token=$(grep -o 'instructor_[A-Za-z0-9_-]*' "$work/serve.log" | head -1)
jar="$work/jar"
csrf=$(curl -s -c "$jar" "http://127.0.0.1:$port/signin" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "token=$token" --data-urlencode "csrf=$csrf" "http://127.0.0.1:$port/signin"
session=$(awk '$6 == "podium_session" { print $7 }' "$jar")
python3 scripts/csrf_attack.py "http://127.0.0.1:$port" "$session" wine
