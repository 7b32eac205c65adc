#!/usr/bin/env python3
"""The reference: what a course did before Podium, pandas + scikit-learn, doing the same
checks (header, unique and known ids, every id present, finite numbers, probabilities in
[0, 1]) and the same metric on the public, private and all rows.

usage: pandas_score.py CHALLENGE_DIR SUBMISSION.csv
"""
import json
import sys

import numpy as np
import pandas as pd
import yaml
from sklearn.metrics import roc_auc_score

try:
    from sklearn.metrics import root_mean_squared_error
except ImportError:  # scikit-learn before 1.4 (Debian 12's 1.2)
    from sklearn.metrics import mean_squared_error

    def root_mean_squared_error(y, p):
        return mean_squared_error(y, p, squared=False)

folder, path = sys.argv[1], sys.argv[2]
manifest = yaml.safe_load(open(f"{folder}/challenge.yaml"))
binary = manifest["task"] == "binary"
solution = pd.read_csv(f"{folder}/reference/solution.csv", dtype={"id": str, "y": str if binary else float})
sub = pd.read_csv(path, dtype={"id": str})
problems = []
if list(sub.columns) != ["id", "y"]:
    problems.append(f"header {list(sub.columns)}")
if sub["id"].duplicated().any():
    problems.append("duplicate ids")
values = pd.to_numeric(sub["y"], errors="coerce")
if values.isna().any() or not np.isfinite(values).all():
    problems.append("not finite numbers")
if binary and ((values < 0) | (values > 1)).any():
    problems.append("probabilities out of range")
merged = solution.merge(pd.DataFrame({"id": sub["id"], "p": values}), on="id", how="outer", indicator=True)
if (merged["_merge"] != "both").any():
    problems.append("unknown or missing ids")
if problems:
    print("refused:", "; ".join(problems), file=sys.stderr)
    sys.exit(1)
scores = {}
for part, mask in (("public", merged["Usage"] == "Public"), ("private", merged["Usage"] == "Private"), ("all", slice(None))):
    m = merged[mask]
    if binary:
        scores[part] = {"roc_auc": roc_auc_score((m["y"] == manifest["positive"]).astype(int), m["p"])}
    else:
        scores[part] = {"rmse": root_mean_squared_error(m["y"], m["p"])}
print(json.dumps({"challenge": manifest["slug"], "scores": scores}))
