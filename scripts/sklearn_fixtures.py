#!/usr/bin/env python3
"""Generates Tests/PodiumCoreTests/Fixtures/metrics.json: cases scored by scikit-learn (and
scipy.stats for pearson and spearman) that the Swift tests must reproduce to 1e-9.

Each case gives the truth (class indices or values), the predictions (labels, binary
positive-class probabilities, multiclass probability rows, or values) and, per metric, the
expected value, or null where the metric is undefined (Podium refuses to score it).
Run from the repository root: python3 scripts/sklearn_fixtures.py
"""
import json
import math
import warnings

import numpy as np
import scipy.stats
import sklearn
from sklearn import metrics as M

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20261122)

LABEL_METRICS = ["accuracy", "balanced_accuracy", "f1_macro", "f1_micro", "f1_weighted",
                 "precision_macro", "recall_macro", "matthews_corrcoef", "cohen_kappa",
                 "quadratic_weighted_kappa"]
BINARY_ONLY = ["f1", "precision", "recall"]


def finite_or_none(f):
    try:
        v = float(f())
    except (ValueError, ZeroDivisionError):
        return None
    return v if math.isfinite(v) else None


def label_scores(t, p, k, pos):
    s = {
        "accuracy": lambda: M.accuracy_score(t, p),
        "balanced_accuracy": lambda: M.balanced_accuracy_score(t, p),
        "f1_macro": lambda: M.f1_score(t, p, average="macro"),
        "f1_micro": lambda: M.f1_score(t, p, average="micro"),
        "f1_weighted": lambda: M.f1_score(t, p, average="weighted"),
        "precision_macro": lambda: M.precision_score(t, p, average="macro"),
        "recall_macro": lambda: M.recall_score(t, p, average="macro"),
        "matthews_corrcoef": lambda: M.matthews_corrcoef(t, p),
        "cohen_kappa": lambda: M.cohen_kappa_score(t, p),
        # Podium's quadratic kappa weighs the declared classes in their order (all of them).
        "quadratic_weighted_kappa": lambda: M.cohen_kappa_score(t, p, weights="quadratic", labels=list(range(k))),
    }
    if k == 2:
        s["f1"] = lambda: M.f1_score(t, p, pos_label=pos, labels=[0, 1])
        s["precision"] = lambda: M.precision_score(t, p, pos_label=pos, labels=[0, 1])
        s["recall"] = lambda: M.recall_score(t, p, pos_label=pos, labels=[0, 1])
    return {name: finite_or_none(f) for name, f in s.items()}


def binary_prob_scores(t, prob, pos):
    y = (np.asarray(t) == pos).astype(int)
    both = len(set(y)) == 2
    return {
        "roc_auc": finite_or_none(lambda: M.roc_auc_score(y, prob)) if both else None,
        # Podium: undefined without a positive row (scikit-learn warns and returns 0).
        "average_precision": finite_or_none(lambda: M.average_precision_score(y, prob)) if y.sum() > 0 else None,
        "log_loss": finite_or_none(lambda: M.log_loss(y, prob, labels=[0, 1])),
        "brier_score": finite_or_none(lambda: M.brier_score_loss(y, prob, pos_label=1)),
    }


def multi_prob_scores(t, prob, k):
    return {
        "roc_auc_ovr": finite_or_none(lambda: M.roc_auc_score(t, prob, multi_class="ovr", average="macro")),
        "log_loss": finite_or_none(lambda: M.log_loss(t, prob, labels=list(range(k)))),
        "brier_score": finite_or_none(lambda: M.brier_score_loss(t, prob, labels=list(range(k)))),
    }


def regression_scores(y, f):
    y, f = np.asarray(y, float), np.asarray(f, float)
    constant = bool(np.all(y == y[0]))
    s = {
        "mse": lambda: M.mean_squared_error(y, f),
        "rmse": lambda: M.root_mean_squared_error(y, f),
        "mae": lambda: M.mean_absolute_error(y, f),
        "mape": lambda: M.mean_absolute_percentage_error(y, f),
        "rmsle": lambda: M.root_mean_squared_log_error(y, f),
        "median_absolute_error": lambda: M.median_absolute_error(y, f),
        "max_error": lambda: M.max_error(y, f),
        # Podium: undefined on a constant target (scikit-learn's force_finite gives 0 or 1).
        "r2": lambda: None if constant or len(y) < 2 else M.r2_score(y, f),
        "explained_variance": lambda: None if constant or len(y) < 2 else M.explained_variance_score(y, f),
        "pearson": lambda: scipy.stats.pearsonr(y, f)[0],
        "spearman": lambda: scipy.stats.spearmanr(y, f)[0],
    }
    out = {}
    for name, fn in s.items():
        v = finite_or_none(fn) if name not in ("r2", "explained_variance") else (None if fn() is None else float(fn()))
        if name in ("pearson", "spearman") and (len(y) < 2 or constant or np.all(f == f[0])):
            v = None
        out[name] = v
    return out


cases = []


def add_binary(name, t, prob, pos=1):
    t = [int(v) for v in t]
    prob = [float(v) for v in prob]
    p = [pos if v > 0.5 else 1 - pos for v in prob]
    expected = label_scores(t, p, 2, pos)
    expected.update(binary_prob_scores(t, prob, pos))
    cases.append({"name": name, "kind": "binary", "classes": 2, "positive": pos,
                  "truth": t, "probabilities": prob, "expected": expected})


def add_labels(name, t, p, k, pos=1):
    t = [int(v) for v in t]
    p = [int(v) for v in p]
    cases.append({"name": name, "kind": "labels", "classes": k, "positive": pos,
                  "truth": t, "predicted": p, "expected": label_scores(t, p, k, pos)})


def add_multi(name, t, prob):
    prob = np.asarray(prob, float)
    k = prob.shape[1]
    t = [int(v) for v in t]
    p = [int(np.argmax(r)) for r in prob]
    expected = label_scores(t, p, k, 1)
    expected.update(multi_prob_scores(t, prob, k))
    cases.append({"name": name, "kind": "multiclass", "classes": k, "positive": 1,
                  "truth": t, "probabilities": [float(v) for v in prob.ravel()], "expected": expected})


def add_regression(name, y, f):
    cases.append({"name": name, "kind": "regression", "truth": [float(v) for v in y],
                  "predicted": [float(v) for v in f], "expected": regression_scores(y, f)})


# Binary, probabilities.
for n in (2, 7, 50, 1000, 20000):
    t = rng.integers(0, 2, n)
    if len(set(t)) < 2:
        t[0], t[-1] = 0, 1
    add_binary(f"binary random n={n}", t, rng.random(n))
t = rng.integers(0, 2, 500)
add_binary("binary ties (one decimal)", t, np.round(rng.random(500), 1))
add_binary("binary all scores equal", t, np.full(500, 0.3))
add_binary("binary perfect", t, t.astype(float))
add_binary("binary inverted", t, 1.0 - t)
add_binary("binary exact 0 and 1, some wrong", t, np.where(rng.random(500) < 0.8, t, 1 - t).astype(float))
add_binary("binary positive class 0", t, rng.random(500), pos=0)
add_binary("binary one class present", np.ones(40, int), rng.random(40))
add_binary("binary no positive row", np.zeros(40, int), rng.random(40))
add_binary("binary never predicts positive", t, rng.random(500) * 0.5)
add_binary("binary scores at exactly 0.5", t, np.full(500, 0.5))
add_binary("binary informative with noise", t, np.clip(t * 0.3 + rng.random(500) * 0.7, 0, 1))

# Labels.
for k in (2, 3, 5):
    for n in (3, 40, 2000):
        add_labels(f"labels k={k} n={n}", rng.integers(0, k, n), rng.integers(0, k, n), k)
t = rng.integers(0, 4, 300)
add_labels("labels class absent from truth", np.where(t == 3, 0, t), t, 4)
add_labels("labels class never predicted", t, np.where(t == 2, 1, t), 4)
add_labels("labels perfect", t, t, 4)
add_labels("labels one class only, all right", np.zeros(20, int), np.zeros(20, int), 3)
add_labels("labels one class in truth, others predicted", np.zeros(30, int), rng.integers(0, 3, 30), 3)
add_labels("labels ordinal off by one", t, np.clip(t + rng.integers(-1, 2, 300), 0, 3), 4)
add_labels("labels binary positive 0", rng.integers(0, 2, 100), rng.integers(0, 2, 100), 2, pos=0)

# Multiclass probabilities.
for k, n in ((3, 5), (3, 200), (4, 1000), (5, 5000)):
    t = rng.integers(0, k, n)
    for c in range(k):
        t[c] = c
    add_multi(f"multiclass random k={k} n={n}", t, rng.dirichlet(np.ones(k), n))
t = rng.integers(0, 3, 300)
t[:3] = [0, 1, 2]
onehot = np.eye(3)[t]
add_multi("multiclass perfect one-hot (0 and 1 exactly)", t, onehot)
add_multi("multiclass uniform", t, np.full((300, 3), 1 / 3))
add_multi("multiclass confident and wrong", t, np.eye(3)[(t + 1) % 3])
add_multi("multiclass rounded ties", t, np.round(rng.dirichlet(np.ones(3), 300), 1) * 0 + np.array([0.2, 0.3, 0.5]))
t2 = np.where(t == 2, 0, t)
add_multi("multiclass class absent from truth", t2, rng.dirichlet(np.ones(3), 300))

# Regression.
for n in (1, 2, 10, 1000, 20000):
    y = rng.normal(50, 20, n)
    add_regression(f"regression random n={n}", y, y + rng.normal(0, 5, n))
y = rng.normal(10, 3, 500)
add_regression("regression perfect", y, y)
add_regression("regression constant target", np.full(100, 3.0), rng.normal(3, 1, 100))
add_regression("regression constant prediction", y, np.full(500, 10.0))
add_regression("regression ties", np.round(y), np.round(y + rng.normal(0, 1, 500)))
add_regression("regression negative values", rng.normal(0, 1, 200), rng.normal(0, 1, 200))
add_regression("regression zeros in target (mape)", np.where(rng.random(200) < 0.1, 0.0, rng.random(200) * 10), rng.random(200) * 10)
add_regression("regression large values", rng.normal(1e9, 1e6, 1000), rng.normal(1e9, 1e6, 1000))
add_regression("regression non-negative counts (rmsle)", rng.poisson(3, 400).astype(float), rng.random(400) * 6)

with open("Tests/PodiumCoreTests/Fixtures/metrics.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "scipy": scipy.__version__, "cases": cases}, f)
print(f"{len(cases)} cases, scikit-learn {sklearn.__version__}")
