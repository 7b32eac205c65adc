#!/usr/bin/env python3
"""Writes example submissions (submissions/<slug>/<team>/NN-name.csv) and baselines.

Each challenge gets a weak, a reasonable and a good model from several teams, plus one
deliberately invalid file (team delta). Models are fitted on data/train.csv only.
Run from the repository root after the split: python3 scripts/examples_submissions.py
"""
import csv
import os

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor, RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def read(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def load(slug, target):
    h, train = read(f"challenges/{slug}/data/train.csv")
    th, test = read(f"challenges/{slug}/data/test.csv")
    features = [c for c in th if c != "id"]
    xi = [h.index(c) for c in features]
    x = np.array([[float(r[i]) for i in xi] for r in train])
    y = [r[h.index(target)] for r in train]
    xt = np.array([[float(r[th.index(c)]) for c in features] for r in test])
    ids = [r[th.index("id")] for r in test]
    return x, y, xt, ids, features


def write(path, header, ids, columns):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i, id_ in enumerate(ids):
            w.writerow([id_] + [f"{c[i]:.6g}" for c in columns])


def breast_cancer():
    slug, target = "breast-cancer", "diagnosis"
    x, y, xt, ids, feats = load(slug, target)
    yb = np.array([1 if v == "malignant" else 0 for v in y])
    out = f"submissions/{slug}"
    one = [feats.index("mean_radius")]
    base = LogisticRegression(max_iter=1000).fit(x[:, one], yb).predict_proba(xt[:, one])[:, 1]
    write(f"challenges/{slug}/reference/baseline.csv", ["id", target], ids, [base])
    write(f"{out}/alpha/01-constant.csv", ["id", target], ids, [np.full(len(ids), 0.5)])
    two = [feats.index("mean_radius"), feats.index("mean_texture")]
    write(f"{out}/alpha/02-logreg-two-features.csv", ["id", target], ids,
          [LogisticRegression(max_iter=1000).fit(x[:, two], yb).predict_proba(xt[:, two])[:, 1]])
    lr = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(x, yb)
    write(f"{out}/bravo/01-logreg.csv", ["id", target], ids, [lr.predict_proba(xt)[:, 1]])
    write(f"{out}/charlie/01-random-forest.csv", ["id", target], ids,
          [RandomForestClassifier(n_estimators=200, random_state=0).fit(x, yb).predict_proba(xt)[:, 1]])
    write(f"{out}/charlie/02-gradient-boosting.csv", ["id", target], ids,
          [GradientBoostingClassifier(random_state=0).fit(x, yb).predict_proba(xt)[:, 1]])
    # Invalid on purpose: a probability above 1, a NaN, an unknown id, a missing id.
    p = lr.predict_proba(xt)[:, 1]
    rows = [[i, f"{v:.6g}"] for i, v in zip(ids, p)]
    rows[3][1] = "1.7"
    rows[5][1] = "nan"
    rows[7][0] = "not-an-id"
    del rows[10]
    os.makedirs(f"{out}/delta", exist_ok=True)
    with open(f"{out}/delta/01-broken.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", target])
        w.writerows(rows)


def wine():
    slug, target = "wine", "cultivar"
    x, y, xt, ids, _ = load(slug, target)
    classes = ["cultivar_1", "cultivar_2", "cultivar_3"]
    out = f"submissions/{slug}"
    header = ["id"] + classes
    prior = np.array([y.count(c) / len(y) for c in classes])
    # Baseline: logistic regression on alcohol alone (the first column).
    weak = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(x[:, :1], y)
    write(f"challenges/{slug}/reference/baseline.csv", header, ids, list(weak.predict_proba(xt[:, :1]).T))
    write(f"{out}/alpha/01-class-prior.csv", header, ids, [np.full(len(ids), p) for p in prior])
    lr = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(x, y)
    write(f"{out}/bravo/01-logreg.csv", header, ids, list(lr.predict_proba(xt).T))
    one = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(x[:, :2], y)
    write(f"{out}/charlie/01-two-features.csv", header, ids, list(one.predict_proba(xt[:, :2]).T))
    rf = RandomForestClassifier(n_estimators=300, random_state=0).fit(x, y)
    write(f"{out}/charlie/02-random-forest.csv", header, ids, list(rf.predict_proba(xt).T))
    # Invalid on purpose: a wrong header (a class missing) and a row that does not sum to 1.
    p = lr.predict_proba(xt)
    os.makedirs(f"{out}/delta", exist_ok=True)
    with open(f"{out}/delta/01-broken.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "cultivar_1", "cultivar_2", "cultivar_4"])
        for i, row in zip(ids, p):
            w.writerow([i] + [f"{v:.4f}" for v in row])


def regression(slug, target, models, invalid):
    x, y, xt, ids, _ = load(slug, target)
    y = np.array([float(v) for v in y])
    out = f"submissions/{slug}"
    for team, name, model in models:
        pred = np.full(len(ids), y.mean()) if model is None else model.fit(x, y).predict(xt)
        write(f"{out}/{team}/{name}.csv", ["id", target], ids, [pred])
    base = LinearRegression().fit(x, y).predict(xt)
    if slug == "relu-teacher":
        write(f"challenges/{slug}/reference/baseline.csv", ["id", target], ids, [base])
    if slug == "diabetes":
        # Baseline: a line through body mass index alone (the third column).
        bmi = LinearRegression().fit(x[:, 2:3], y).predict(xt[:, 2:3])
        write(f"challenges/{slug}/reference/baseline.csv", ["id", target], ids, [bmi])
    os.makedirs(f"{out}/delta", exist_ok=True)
    with open(f"{out}/delta/01-broken.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", target])
        for k, (i, v) in enumerate(zip(ids, base)):
            w.writerow([i, invalid(k, v)])


def copied_pair():
    """Team echo hands in charlie's gradient boosting, rounded to 3 decimals: the planted pair
    that `podium integrity breast-cancer` must find (and no other)."""
    slug, target = "breast-cancer", "diagnosis"
    header, rows = read(f"submissions/{slug}/charlie/02-gradient-boosting.csv")
    os.makedirs(f"submissions/{slug}/echo", exist_ok=True)
    with open(f"submissions/{slug}/echo/01-boosted.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for id_, p in rows:
            w.writerow([id_, f"{float(p):.3f}"])


def main():
    breast_cancer()
    copied_pair()
    wine()
    regression("diabetes", "progression", [
        ("alpha", "01-mean", None),
        ("bravo", "01-linear", LinearRegression()),
        ("charlie", "01-ridge", make_pipeline(StandardScaler(), Ridge(alpha=10.0))),
        ("charlie", "02-gradient-boosting", GradientBoostingRegressor(random_state=0, n_estimators=100, max_depth=2)),
    ], lambda k, v: "abc" if k == 2 else ("inf" if k == 4 else f"{v:.4f}"))
    regression("relu-teacher", "y", [
        ("alpha", "01-mean", None),
        ("bravo", "01-linear", LinearRegression()),
        ("charlie", "01-mlp", make_pipeline(StandardScaler(), MLPRegressor(hidden_layer_sizes=(64,), max_iter=3000, random_state=0))),
        ("bravo", "02-mlp-wide", make_pipeline(StandardScaler(), MLPRegressor(hidden_layer_sizes=(256,), alpha=1e-3, max_iter=3000, random_state=1))),
    ], lambda k, v: "" if k == 1 else f"{v:.4f}")


if __name__ == "__main__":
    main()
