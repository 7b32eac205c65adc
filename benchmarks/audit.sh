#!/usr/bin/env bash
# Authoring audit benchmark: `podium check` (release build) on a challenge of ROWS train rows
# × COLS numeric columns (and 0.4 × ROWS test rows), against the same five checks done with
# pandas, SciPy and scikit-learn (benchmarks/audit_reference.py), in one run with farm-bench.
# Needs numpy, pandas, scipy, scikit-learn (pip, or Debian's python3-sklearn and
# python3-pandas; PYTHON= picks the Python) and farm-bench.
# usage: bash benchmarks/audit.sh [ROWS] [COLS]   (default: 100000 50)
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/lib/python.sh
rows=${1:-100000}
cols=${2:-50}
swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null
podium=$PWD/.build-release/release/podium
case_dir=benchmarks/data/audit-$rows-$cols
[ -f "$case_dir/challenge.yaml" ] || $py benchmarks/audit_case.py "$rows" "$cols" "$case_dir"
echo "== podium check on $rows train rows × $cols columns (+ $((rows * 4 / 10)) test rows)"
"$podium" check "$case_dir" | tail -3
echo "-- podium check (audit included) vs pandas + SciPy + scikit-learn"
farm-bench -n 3 --timeout 900 --vs "$py benchmarks/audit_reference.py $case_dir" -- "$podium" check "$case_dir"
