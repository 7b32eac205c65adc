#!/usr/bin/env python3
"""Fixtures for the authoring audit's statistics (Tests/PodiumCoreTests/Fixtures/audit.json):
SciPy's chi-square and Kolmogorov-Smirnov p-values, Spearman, scikit-learn's ROC AUC and the
weights of its L2 logistic regression (C=1, the audit's lambda=1), on seeded random data with
ties and edge cases. usage: python3 scripts/audit_fixtures.py"""
import json, pathlib
import numpy as np
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(20261124)
out = {"chi2": [], "ks": [], "spearman": [], "auc": [], "logistic": [], "tables": []}
for x, df in [(0.5, 1), (3.84, 1), (10.0, 2), (25.0, 4), (0.01, 3), (80.0, 6), (200.0, 10), (1e-6, 1), (5.0, 30)]:
    out["chi2"].append({"x": x, "df": df, "p": float(stats.chi2.sf(x, df))})
for counts in [[[50, 30], [40, 35], [45, 30]], [[90, 10], [20, 80], [50, 50]], [[10, 10, 10], [12, 8, 10], [9, 11, 10]], [[5, 0, 7], [6, 0, 4], [3, 0, 9]]]:
    table = np.array(counts, dtype=float)
    keep = table.sum(axis=0) > 0
    chi2, p, dof, _ = stats.chi2_contingency(table[:, keep], correction=False)
    out["tables"].append({"table": counts, "statistic": float(chi2), "df": int(dof), "p": float(p)})
for n, m, shift in [(50, 60, 0.0), (200, 150, 0.3), (30, 31, 1.0), (500, 400, 0.05)]:
    a = np.round(rng.normal(0, 1, n), 2)
    b = np.round(rng.normal(shift, 1, m), 2)
    r = stats.ks_2samp(a, b, method="asymp")
    # The audit's p-value is the Kolmogorov limit distribution at D * sqrt(nm / (n + m))
    # (SciPy's asymp uses the exact one-sample distribution at round(nm / (n + m)) instead:
    # close, and the limit gives slightly larger p-values, so fewer false alarms).
    en = n * m / (n + m)
    out["ks"].append({"a": a.tolist(), "b": b.tolist(), "statistic": float(r.statistic),
                      "p": float(stats.kstwobign.sf(r.statistic * np.sqrt(en))), "scipyAsymp": float(r.pvalue)})
for n in [20, 100]:
    x = np.round(rng.normal(0, 1, n), 1)
    y = np.round(x + rng.normal(0, 1, n), 1)
    out["spearman"].append({"x": x.tolist(), "y": y.tolist(), "rho": float(stats.spearmanr(x, y).statistic)})
for n in [30, 200]:
    s = np.round(rng.normal(0, 1, n), 1)
    y = (s + rng.normal(0, 1, n) > 0).astype(int)
    out["auc"].append({"scores": s.tolist(), "labels": y.tolist(), "auc": float(roc_auc_score(y, s))})
for n, d in [(120, 3), (400, 6)]:
    X = rng.normal(0, 1, (n, d))
    y = (X[:, 0] - 0.5 * X[:, 1] + rng.normal(0, 1, n) > 0.3).astype(int)
    model = LogisticRegression(C=1.0, tol=1e-12, max_iter=10_000).fit(X, y)
    out["logistic"].append({"x": X.tolist(), "y": y.tolist(), "weights": model.coef_[0].tolist() + [float(model.intercept_[0])]})
path = pathlib.Path(__file__).resolve().parent.parent / "Tests/PodiumCoreTests/Fixtures/audit.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(path)
