#!/usr/bin/env bash
# The API against its own description: runs the demo, serves its store, and has schemathesis
# (pip install schemathesis) send generated requests to every route of /openapi.yaml with all
# its checks, as an anonymous caller, a team and the instructor. Any 5xx, any answer outside
# the document, or a schema-valid request refused fails the run.
# usage: bash scripts/schemathesis.sh [MAX_EXAMPLES]   (default 40 per operation)
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-40}
swift build --product podium >/dev/null
podium=.build/debug/podium
demo=$("$podium" demo)
store=$(grep -o '/tmp/podium-demo-[A-Za-z0-9]*/store' <<<"$demo" | head -1)
instructor=$(grep -o 'instructor_[A-Za-z0-9_-]*' <<<"$demo" | head -1)
work=$(mktemp -d)
printf 'student_id,name,email,team\n99000001,Ada Lovelace,ada@etu.example.fr,foxtrot\n' > "$work/roster.csv"
"$podium" roster import "$work/roster.csv" --challenge breast-cancer --data "$store" --tokens-out "$work/tokens.csv" >/dev/null
team=$(tail -1 "$work/tokens.csv" | cut -d, -f2)
port=8096
"$podium" serve --data "$store" --port $port >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
status=0
for who in anonymous team instructor; do
  case $who in
    anonymous) auth=() ;;
    team) auth=(-H "Authorization: Bearer $team") ;;
    instructor) auth=(-H "Authorization: Bearer $instructor") ;;
  esac
  echo "== as $who"
  st run "http://127.0.0.1:$port/openapi.yaml" --checks all --max-examples "$examples" "${auth[@]}" | tail -12 || status=1
done
exit $status
