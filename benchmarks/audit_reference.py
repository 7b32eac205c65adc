#!/usr/bin/env python3
"""The authoring audit done the usual way, with pandas, SciPy and scikit-learn: the reference
the audit benchmark compares `podium check` with. Same five checks on the same rows: exact
duplicate feature rows between test and train, each column's ROC AUC on train, the runs test
of test ids, chi-square of the class counts, adversarial validation with a logistic regression
on the columns and their squares (5,000 rows a side, 5 folds).
usage: python3 benchmarks/audit_reference.py CHALLENGE_DIR"""
import sys, pathlib
import numpy as np, pandas as pd
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

d = pathlib.Path(sys.argv[1])
train = pd.read_csv(d / "data/train.csv")
test = pd.read_csv(d / "data/test.csv")
solution = pd.read_csv(d / "reference/solution.csv")
features = [c for c in test.columns if c != "id"]
dups = test[features].merge(train[features].drop_duplicates(), how="inner", on=features)
aucs = {c: roc_auc_score(train["y"], train[c]) for c in features}
truth = solution.set_index("id").loc[test["id"], "y"].to_numpy()
order = np.argsort(test["id"].to_numpy())
labels = truth[order]
runs = 1 + np.count_nonzero(labels[1:] != labels[:-1])
table = np.array([np.bincount(train["y"], minlength=2),
                  np.bincount(solution.loc[solution.Usage == "Public", "y"], minlength=2),
                  np.bincount(solution.loc[solution.Usage == "Private", "y"], minlength=2)])
chi2 = stats.chi2_contingency(table, correction=False)
a = train[features].sample(n=min(5000, len(train)), random_state=0)
b = test[features].sample(n=min(5000, len(test)), random_state=0)
X = pd.concat([a, b]).to_numpy()
X = (X - X.mean(axis=0)) / X.std(axis=0)
X = np.hstack([X, X * X - 1])
z = np.r_[np.zeros(len(a)), np.ones(len(b))]
p = cross_val_predict(LogisticRegression(C=1.0, max_iter=1000), X, z, cv=StratifiedKFold(5, shuffle=True, random_state=0), method="decision_function")
print(len(dups), max(max(v, 1 - v) for v in aucs.values()), runs, chi2.pvalue, roc_auc_score(z, p))
