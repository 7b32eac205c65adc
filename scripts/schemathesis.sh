#!/usr/bin/env bash
# The API against its own description: runs the demo, serves its store, and has schemathesis
# (pip install schemathesis) send generated requests to every route of /openapi.yaml with all
# its checks, as an anonymous caller, a team and the instructor. Any 5xx or any answer outside
# the document fails the run.
# usage: bash scripts/schemathesis.sh [MAX_EXAMPLES]   (default 40 per operation)
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-40}
source scripts/lib/serve.sh
podium=$(podium_binary)
work=$(mktemp -d)
demo_store "$podium" "$work"
serve "$podium" "$store" 8096 "$work"
status=0
for who in anonymous team instructor; do
  case $who in
    anonymous) auth=() ;;
    team) auth=(-H "Authorization: Bearer $team") ;;
    instructor) auth=(-H "Authorization: Bearer $instructor") ;;
  esac
  echo "== as $who"
  # positive_data_acceptance is left out: a schema-valid upload (any string) is a CSV that
  # Podium must be free to refuse with 422 and every problem, as the document says.
  st run "$url/openapi.yaml" --checks all --exclude-checks positive_data_acceptance --max-examples "$examples" "${auth[@]}" > "$work/st-$who.log" || { status=1; cat "$work/st-$who.log"; }; grep -E "generated|Failures|warning" "$work/st-$who.log"
done
exit $status
