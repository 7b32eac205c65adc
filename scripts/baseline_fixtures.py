#!/usr/bin/env python3
"""Fixtures for `podium baseline` (Tests/PodiumCoreTests/Fixtures/baseline.json): the Palmer
penguins (Tests/PodiumCoreTests/Fixtures/penguins/penguins.csv) made into a challenge by
`podium new --from` for three targets (species: multiclass labels, sex: binary probabilities,
body_mass_g: regression), then scikit-learn's own version of each baseline fitted on its
train.csv and scored on its test rows: DummyClassifier(strategy="prior") or DummyRegressor for
`majority`; for `linear`, mean imputation and StandardScaler on numeric columns, most-frequent
imputation and OneHotEncoder(handle_unknown="ignore") on text columns of at most 20 values,
then LogisticRegression(C=1) or Ridge(alpha=1). Missing values are what pandas reads as such.
usage: /usr/bin/python3 scripts/baseline_fixtures.py [PODIUM]   (PODIUM: .build/debug/podium)"""
import json, pathlib, subprocess, sys, tempfile
import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, balanced_accuracy_score, f1_score, log_loss, mean_absolute_error, mean_squared_error, r2_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

root = pathlib.Path(__file__).resolve().parent.parent
podium = sys.argv[1] if len(sys.argv) > 1 else str(root / ".build/debug/podium")
raw = root / "Tests/PodiumCoreTests/Fixtures/penguins/penguins.csv"
metrics = {
    "balanced_accuracy": balanced_accuracy_score, "accuracy": accuracy_score,
    "f1_macro": lambda t, p: f1_score(t, p, average="macro"), "roc_auc": roc_auc_score,
    "log_loss": log_loss, "rmse": lambda t, p: mean_squared_error(t, p) ** 0.5, "mae": mean_absolute_error, "r2": r2_score,
}
cases = []
for target in ["species", "sex", "body_mass_g"]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / target
        subprocess.run([podium, "new", str(folder), "--from", str(raw), "--target", target], check=True, capture_output=True)
        manifest = (folder / "challenge.yaml").read_text()
        train = pd.read_csv(folder / "data/train.csv", dtype={"id": str})
        test = pd.read_csv(folder / "data/test.csv", dtype={"id": str})
        solution = pd.read_csv(folder / "reference/solution.csv", dtype={"id": str}).set_index("id").loc[test["id"]]
    features = [c for c in train.columns if c not in ("id", target)]
    numeric = [c for c in features if pd.api.types.is_numeric_dtype(train[c]) and train[c].notna().any()]
    text = [c for c in features if c not in numeric and 0 < train[c].nunique() <= 20]
    task = next(line.split()[1] for line in manifest.splitlines() if line.startswith("task:"))
    positive = next((line.split('"')[1] for line in manifest.splitlines() if line.startswith("positive:")), None)
    names = [line.split()[1] for line in manifest.splitlines() if line.startswith("metric:")]
    secondary = next(line for line in manifest.splitlines() if line.startswith("metrics:")).split("[")[1].split("]")[0].split(", ")
    for model in ["majority", "linear"]:
        if model == "majority":
            fitted = DummyClassifier(strategy="prior") if task != "regression" else DummyRegressor()
            X, Xt = train[features], test[features]
        else:
            pre = ColumnTransformer([
                ("numeric", Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler())]), numeric),
                ("text", Pipeline([("impute", SimpleImputer(strategy="most_frequent")), ("onehot", OneHotEncoder(handle_unknown="ignore"))]), text),
            ])
            estimator = Ridge(alpha=1.0) if task == "regression" else LogisticRegression(C=1.0, max_iter=100000, tol=1e-12)
            fitted = Pipeline([("features", pre), ("model", estimator)])
            X, Xt = train, test
        fitted.fit(X, train[target])
        truth = solution[target].to_numpy()
        usage = solution["Usage"].to_numpy()
        if task == "regression":
            predicted = fitted.predict(Xt)
        elif task == "binary":
            classes = list(fitted.classes_)
            predicted = fitted.predict_proba(Xt)[:, classes.index(positive)]
        else:
            predicted = fitted.predict(Xt)
        scores = {}
        for metric in names + secondary:
            part_scores = {}
            for part, mask in [("public", usage == "Public"), ("private", usage == "Private"), ("all", usage == usage)]:
                t, p = truth[mask], predicted[mask]
                if task == "binary":
                    t = (t == positive).astype(int)
                    if metric in ("accuracy", "balanced_accuracy"):
                        p = (p >= 0.5).astype(int)
                part_scores[part] = float(metrics[metric](t, p))
            scores[metric] = part_scores
        cases.append({"target": target, "task": task, "model": model, "metric": names[0], "scores": scores,
                      "numeric": numeric, "text": text, "features": int(len(numeric) + sum(train[c].nunique() for c in text))})
out = {"sklearn": sklearn.__version__, "source": "palmerpenguins 0.1.6 (CC0)", "cases": cases}
path = root / "Tests/PodiumCoreTests/Fixtures/baseline.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path} ({len(cases)} cases, scikit-learn {sklearn.__version__})")
