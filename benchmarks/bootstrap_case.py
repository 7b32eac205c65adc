#!/usr/bin/env python3
"""Writes a fair-ranking benchmark case: a binary AUC challenge whose public board has N rows,
a roster of TEAMS one-student teams, and one submission per team (noisy probabilities, so
every team's AUC differs a little).

usage: bootstrap_case.py N TEAMS OUT
"""
import os
import sys

import numpy as np

n, teams, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(n + teams)
rows = 2 * n  # N public rows, N private
ids = [f"r{i:07d}" for i in rng.permutation(rows)]
y = rng.integers(0, 2, rows)
usage = ["Public"] * n + ["Private"] * n
os.makedirs(f"{out}/challenge/reference", exist_ok=True)
os.makedirs(f"{out}/challenge/data", exist_ok=True)
with open(f"{out}/challenge/challenge.yaml", "w") as f:
    f.write("slug: bench-board\ntitle: Board benchmark\nversion: 1\ntask: binary\nid: id\ntarget: y\n"
            "classes: ['0', '1']\npositive: '1'\nmetric: roc_auc\n")
with open(f"{out}/challenge/README.md", "w") as f:
    f.write("# Board benchmark\n")
with open(f"{out}/challenge/data/test.csv", "w") as f:
    f.write("id,x\n" + "".join(f"{i},0\n" for i in ids))
with open(f"{out}/challenge/reference/solution.csv", "w") as f:
    f.write("id,y,Usage\n" + "".join(f"{i},{t},{u}\n" for i, t, u in zip(ids, y, usage)))
with open(f"{out}/roster.csv", "w") as f:
    f.write("student_id,name,email,team\n" + "".join(f"{t},S{t},s{t}@x.org,team-{t:02d}\n" for t in range(teams)))
for t in range(teams):
    p = np.clip(y * (0.3 + 0.002 * t) + rng.random(rows) * 0.7, 0, 1).round(6)
    os.makedirs(f"{out}/inbox/team-{t:02d}", exist_ok=True)
    with open(f"{out}/inbox/team-{t:02d}/01.csv", "w") as f:
        f.write("id,y\n" + "".join(f"{i},{v}\n" for i, v in zip(ids, p)))
