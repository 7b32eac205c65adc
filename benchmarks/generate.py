#!/usr/bin/env python3
"""Writes a scoring benchmark case: a challenge folder (manifest + solution) and a
submission with the same string ids in another order.

usage: generate.py KIND N OUT   (KIND: auc | rmse)
"""
import os
import sys

import numpy as np
import pandas as pd

kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(n)
os.makedirs(f"{out}/reference", exist_ok=True)
ids = np.char.add("id", np.char.zfill(rng.permutation(n).astype(str), 9))
usage = np.where(rng.random(n) < 0.5, "Public", "Private")
if kind == "auc":
    manifest = "slug: bench-auc\ntitle: AUC benchmark\nversion: 1\ntask: binary\nid: id\ntarget: y\nclasses: ['0', '1']\npositive: '1'\nmetric: roc_auc\n"
    y = rng.integers(0, 2, n)
    pred = np.clip(y * 0.2 + rng.random(n) * 0.8, 0, 1).round(6)
else:
    manifest = "slug: bench-rmse\ntitle: RMSE benchmark\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: rmse\n"
    y = rng.normal(0, 1, n).round(6)
    pred = (y + rng.normal(0, 0.5, n)).round(6)
with open(f"{out}/challenge.yaml", "w") as f:
    f.write(manifest)
pd.DataFrame({"id": ids, "y": y, "Usage": usage}).to_csv(f"{out}/reference/solution.csv", index=False)
order = rng.permutation(n)
pd.DataFrame({"id": ids[order], "y": pred[order]}).to_csv(f"{out}/submission.csv", index=False)
