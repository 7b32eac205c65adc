#!/usr/bin/env python3
"""A challenge folder for the audit benchmark: ROWS train rows and ROWS*0.4 test rows of
COLS numeric columns (binary target from the first three), split at random, with a baseline.
usage: python3 benchmarks/audit_case.py ROWS COLS OUT_DIR"""
import sys, pathlib
import numpy as np

rows, cols, out = int(sys.argv[1]), int(sys.argv[2]), pathlib.Path(sys.argv[3])
rng = np.random.default_rng(11)
n = rows + int(rows * 0.4)
X = np.round(rng.normal(0, 1, (n, cols)), 4)
y = (X[:, 0] + 0.5 * X[:, 1] - 0.3 * X[:, 2] + rng.normal(0, 1, n) > 0).astype(int)
ids = np.array([f"r{i:07d}" for i in rng.permutation(n)])
names = [f"x{j}" for j in range(cols)]
(out / "data").mkdir(parents=True, exist_ok=True)
(out / "reference").mkdir(parents=True, exist_ok=True)
def write(path, header, columns):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row in zip(*columns):
            f.write(",".join(map(str, row)) + "\n")
tr, te = slice(0, rows), slice(rows, n)
write(out / "data/train.csv", ["id"] + names + ["y"], [ids[tr]] + [X[tr, j] for j in range(cols)] + [y[tr]])
write(out / "data/test.csv", ["id"] + names, [ids[te]] + [X[te, j] for j in range(cols)])
usage = np.where(rng.random(n - rows) < 0.5, "Public", "Private")
write(out / "reference/solution.csv", ["id", "y", "Usage"], [ids[te], y[te], usage])
write(out / "reference/baseline.csv", ["id", "y"], [ids[te], np.round(1 / (1 + np.exp(-X[te, 0])), 4)])
(out / "README.md").write_text("# Audit benchmark\n\nSynthetic rows.\n")
(out / "challenge.yaml").write_text(f"""slug: bench-audit
title: Audit benchmark
version: 1
task: binary
id: id
target: y
classes: ["0", "1"]
positive: "1"
submission: probability
metric: roc_auc
baseline: reference/baseline.csv
ranking:
  bootstrap: 0
""")
