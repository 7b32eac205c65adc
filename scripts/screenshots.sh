#!/usr/bin/env bash
# Screenshots of the main pages, as a browser shows them: runs the demo, serves its store,
# signs in as a team and as the instructor with curl, and has headless Chromium (Debian's
# `chromium`) render each page. Pages load nothing from elsewhere, so a page saved with its
# cookies renders exactly as served.  usage: bash scripts/screenshots.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
mkdir -p "$out"
source scripts/lib/serve.sh
podium=$(podium_binary)
work=$(mktemp -d)
demo_store "$podium" "$work"
token=$instructor
team_token=$team
serve "$podium" "$store" 8093 "$work"
base=$url

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
save challenge-diabetes "$work/anon" /challenges/diabetes
signin "$work/team" "$team_token"
save team-before "$work/team" /challenges/breast-cancer/team
save submit-refused "$work/team" "/challenges/breast-cancer/submit?csrf=$(csrf team-before)" -F "file=@submissions/breast-cancer/delta/01-broken.csv"
save submit-accepted "$work/team" "/challenges/breast-cancer/submit?csrf=$(csrf team-before)" -F "file=@submissions/breast-cancer/bravo/01-logreg.csv"
save team "$work/team" /challenges/breast-cancer/team
signin "$work/instructor" "$token"
save instructor "$work/instructor" /instructor
save instructor-challenge "$work/instructor" /instructor/breast-cancer
save instructor-diabetes "$work/instructor" /instructor/diabetes
save integrity "$work/instructor" /instructor/breast-cancer/integrity
save course-grades "$work/instructor" /instructor/grades
save report "$work/instructor" /instructor/breast-cancer/report

for page in home challenge challenge-wine challenge-diabetes instructor-diabetes integrity course-grades report signin submit-refused submit-accepted team instructor instructor-challenge; do
  # A desktop window and a phone's (390 px wide, as an iPhone 12-15 in portrait).
  for size in 1280,2000 390,2400; do
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=$size \
      --screenshot="$out/$page-${size%%,*}.png" "file://$work/$page.html" >/dev/null 2>&1
    echo "$out/$page-${size%%,*}.png"
  done
done
