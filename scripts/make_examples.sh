#!/usr/bin/env bash
# Rebuilds the example challenges and submissions from scratch (needs scikit-learn).
# Run from the repository root: bash scripts/make_examples.sh
set -euo pipefail
python3 scripts/examples_data.py
swift build --product podium
for slug in breast-cancer wine diabetes relu-teacher digits; do
  target=$(awk '/^target:/ {print $2}' "challenges/$slug/challenge.yaml")
  .build/debug/podium split "challenges/$slug/source/$slug.csv" --out "challenges/$slug" --target "$target" --seed 42
done
python3 scripts/examples_submissions.py
