#!/usr/bin/env bash
# Screenshots of the main pages, as a browser shows them: runs the demo, serves its store,
# signs in as a team and as the instructor with curl, and has headless Chromium (Debian's
# `chromium`) render each page. Pages load nothing from elsewhere, so a page saved with its
# cookies renders exactly as served.  usage: bash scripts/screenshots.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
mkdir -p "$out"
swift build --product podium >/dev/null
podium=.build/debug/podium
demo=$("$podium" demo)
store=$(grep -o '/tmp/podium-demo-[A-Za-z0-9]*/store' <<<"$demo" | head -1)
token=$(grep -o 'instructor_[A-Za-z0-9_-]*' <<<"$demo" | head -1)
work=$(mktemp -d)
printf 'student_id,name,email,team\n99000001,Ada Lovelace,ada@etu.example.fr,foxtrot\n99000002,Alan Turing,alan@etu.example.fr,foxtrot\n' > "$work/roster.csv"
"$podium" roster import "$work/roster.csv" --challenge breast-cancer --data "$store" --tokens-out "$work/tokens.csv" >/dev/null
team_token=$(tail -1 "$work/tokens.csv" | cut -d, -f2)
port=8093
"$podium" serve --data "$store" --port $port >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
base="http://127.0.0.1:$port"

save() {  # save NAME JAR URL [curl args...]
  local name=$1 jar=$2 url=$3; shift 3
  curl -s -b "$jar" -c "$jar" "$@" "$base$url" -o "$work/$name.html"
}
csrf() { grep -o 'name="csrf" value="[^"]*"' "$work/$1.html" | head -1 | sed 's/.*value="//; s/"$//'; }
signin() {  # signin JAR TOKEN
  save signin "$1" /signin
  curl -s -b "$1" -c "$1" -o /dev/null --data-urlencode "token=$2" --data-urlencode "csrf=$(csrf signin)" "$base/signin"
}

save home "$work/anon" /
save challenge "$work/anon" /challenges/breast-cancer
save challenge-wine "$work/anon" /challenges/wine
signin "$work/team" "$team_token"
save team-before "$work/team" /challenges/breast-cancer/team
save submit-refused "$work/team" "/challenges/breast-cancer/submit?csrf=$(csrf team-before)" -F "file=@submissions/breast-cancer/delta/01-broken.csv"
save submit-accepted "$work/team" "/challenges/breast-cancer/submit?csrf=$(csrf team-before)" -F "file=@submissions/breast-cancer/bravo/01-logreg.csv"
save team "$work/team" /challenges/breast-cancer/team
signin "$work/instructor" "$token"
save instructor "$work/instructor" /instructor
save instructor-challenge "$work/instructor" /instructor/breast-cancer

for page in home challenge challenge-wine signin submit-refused submit-accepted team instructor instructor-challenge; do
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2000 \
    --screenshot="$out/$page.png" "file://$work/$page.html" >/dev/null 2>&1
  echo "$out/$page.png"
done
