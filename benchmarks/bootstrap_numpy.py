#!/usr/bin/env python3
"""The reference for the fair-ranking benchmark: the same paired, stratified bootstrap of a
board's public rows in NumPy, vectorised over the resamples (multiplicities from np.bincount,
AUC from each team's presorted scores by cumulative sums; no ties in these scores). Prints
each team's 95% interval so that it can be compared with Podium's.

usage: bootstrap_numpy.py CASE_DIR [RESAMPLES]
"""
import glob
import sys

import numpy as np

case, resamples = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000
sol = np.genfromtxt(f"{case}/challenge/reference/solution.csv", delimiter=",", names=True, dtype=None, encoding="utf-8")
public = sol["Usage"] == "Public"
ids = sol["id"][public]
y = sol["y"][public].astype(int)
index = {i: k for k, i in enumerate(ids)}
teams = []
for path in sorted(glob.glob(f"{case}/inbox/*/01.csv")):
    sub = np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")
    p = np.zeros(len(ids))
    for i, v in zip(sub["id"], sub["y"]):
        k = index.get(i)
        if k is not None:
            p[k] = v
    teams.append(p)
rng = np.random.default_rng(0)
n = len(y)
strata = [np.flatnonzero(y == c) for c in (0, 1)]
W = np.zeros((resamples, n), dtype=np.int64)
for b in range(resamples):
    for s in strata:
        W[b] += np.bincount(s[rng.integers(0, len(s), len(s))], minlength=n)
P = (W * y).sum(axis=1)
N = (W * (1 - y)).sum(axis=1)
for p in teams:
    order = np.argsort(p, kind="stable")
    w = W[:, order]
    pos = y[order] == 1
    neg_below = np.cumsum(w * ~pos, axis=1) - w * ~pos
    auc = (w * pos * neg_below).sum(axis=1) / (P * N)
    print(f"{np.quantile(auc, 0.025):.4f} {np.quantile(auc, 0.975):.4f}")
