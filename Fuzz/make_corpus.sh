#!/usr/bin/env bash
# Rebuilds Fuzz/Corpus from the shipped examples (run from anywhere; needs a built podium).
# Submission inputs start with one byte that picks the challenge (0 breast-cancer, 1 wine,
# 2 diabetes, 3 relu-teacher); CSV inputs with one byte that picks the chunk size.
set -euo pipefail
cd "$(dirname "$0")/.."
podium=${PODIUM:-.build/debug/podium}
C=Fuzz/Corpus
rm -rf "$C" && mkdir -p "$C"/{csv,submission,manifest,bundle}
i=0
for c in breast-cancer wine diabetes relu-teacher; do
  for f in submissions/$c/*/*.csv; do
    { printf "\\x$(printf %02x $i)"; head -c 60000 "$f"; } >"$C/submission/$c-$(basename "$(dirname "$f")")-$(basename "$f" .csv)"
  done
  cp "challenges/$c/challenge.yaml" "$C/manifest/$c.yaml"
  i=$((i + 1))
done
printf '\x00' >"$C/submission/empty"
printf '\x00id,diagnosis\n' >"$C/submission/header-only"
printf '\x02id,target\r\n1,1e200\r\n' >"$C/submission/huge"
printf '\x01\xef\xbb\xbfid,cultivar_0,cultivar_1,cultivar_2\n"w1",0.2,0.3,0.5\n' >"$C/submission/bom"
for f in submissions/breast-cancer/bravo/01-logreg.csv submissions/wine/delta/01-broken.csv; do
  { printf '\x07'; head -c 4000 "$f"; } >"$C/csv/$(basename "$(dirname "$f")")"
done
printf '\x02a,"b ""q""",c\r\n1,"x\ny",3\n\n4,5\n' >"$C/csv/quotes"
printf '\x00\xef\xbb\xbfid,v\n1,2' >"$C/csv/bom"
t=$(mktemp -d)
"$podium" new "$t/new" >/dev/null && cp "$t/new/challenge.yaml" "$C/manifest/scaffold.yaml"
mkdir -p "$t/tiny/data" "$t/tiny/reference"
printf 'slug: tiny\ntitle: Tiny\nversion: 1\ntask: binary\nid: id\ntarget: y\nclasses: [a, b]\npositive: b\nmetric: roc_auc\n' >"$t/tiny/challenge.yaml"
printf '# Tiny\n' >"$t/tiny/README.md"
printf 'id,x\n1,0.5\n2,0.1\n3,0.9\n4,0.3\n' >"$t/tiny/data/test.csv"
printf 'id,x,y\n5,1,a\n6,2,b\n' >"$t/tiny/data/train.csv"
printf 'id,y,Usage\n1,a,Public\n2,b,Public\n3,a,Private\n4,b,Private\n' >"$t/tiny/reference/solution.csv"
"$podium" pack "$t/tiny" -o "$t/out" >/dev/null && cp "$t/out/tiny-v1.podium" "$C/bundle/tiny"
for c in breast-cancer wine diabetes; do
  "$podium" pack "challenges/$c" -o "$t/out" >/dev/null && cp "$t/out/$c-v1.podium" "$C/bundle/$c"
done
rm -rf "$t"
