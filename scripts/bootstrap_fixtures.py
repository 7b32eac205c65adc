#!/usr/bin/env python3
"""Generates Tests/PodiumCoreTests/Fixtures/bootstrap.json: boards whose paired bootstrap is
computed here independently (scikit-learn on the resampled rows themselves, NumPy for the
quantiles), which the Swift tests must reproduce to 1e-12.

The resamples are drawn as Podium draws them (see Sources/PodiumCore/Uncertainty/Resampler.swift):
SplitMix64 from the seed; for each resample, for each class in order (one stratum for
regression), as many draws as the class has rows, each picking the class's row number
`below(m)` (rejection sampling, no modulo bias) in ascending row order.
Run from the repository root: python3 scripts/bootstrap_fixtures.py
"""
import hashlib
import json
import warnings

import numpy as np
import sklearn
from sklearn import metrics as M

warnings.filterwarnings("ignore")
MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, bound):
        limit = MASK - MASK % bound
        while True:
            x = self.next()
            if x < limit:
                return x % bound


def derived_seed(slug, version):
    digest = hashlib.sha256(f"podium-bootstrap:{slug}:{version}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & ((1 << 53) - 1)


def resamples(strata, count, seed):
    gen = SplitMix64(seed)
    for _ in range(count):
        drawn = []
        for stratum in strata:
            m = len(stratum)
            drawn.extend(stratum[gen.below(m)] for _ in range(m))
        yield np.sort(np.array(drawn, dtype=np.int64))


HIGHER = {"roc_auc": True, "accuracy": True, "f1_macro": True, "r2": True, "average_precision": True,
          "rmse": False, "log_loss": False, "mae": False}


def score(metric, truth, pred, k):
    if metric == "roc_auc":
        return M.roc_auc_score(truth, pred)
    if metric == "average_precision":
        return M.average_precision_score(truth, pred)
    if metric == "accuracy":
        return M.accuracy_score(truth, pred)
    if metric == "f1_macro":
        return M.f1_score(truth, pred, average="macro")
    if metric == "rmse":
        return float(np.sqrt(M.mean_squared_error(truth, pred)))
    if metric == "mae":
        return M.mean_absolute_error(truth, pred)
    if metric == "r2":
        return M.r2_score(truth, pred)
    if metric == "log_loss":
        return M.log_loss(truth, pred, labels=list(range(k)))
    raise ValueError(metric)


def better(metric, a, b):
    return a > b if HIGHER[metric] else a < b


def board(name, metric, kind, truth, teams, baseline, count, confidence, seed, k=None):
    truth = np.asarray(truth)
    n = len(truth)
    # Board order: best point score first, ties in the order given.
    points = [score(metric, truth, p, k) for p in teams]
    order = sorted(range(len(teams)), key=lambda i: (-points[i] if HIGHER[metric] else points[i], i))
    teams = [teams[i] for i in order]
    if kind == "regression":
        strata = [list(range(n))]
    else:
        strata = [[i for i in range(n) if truth[i] == c] for c in range(k)]
        strata = [s for s in strata if s]
    samples = [[] for _ in teams]
    base = []
    first = None
    for idx in resamples(strata, count, seed):
        if first is None:
            first = idx.tolist()
        for t, p in enumerate(teams):
            samples[t].append(score(metric, truth[idx], np.asarray(p)[idx], k))
        if baseline is not None:
            base.append(score(metric, truth[idx], np.asarray(baseline)[idx], k))
    S = np.array(samples)
    B = S.shape[1]
    q_low = (1 - confidence) / 2
    q_high = 1 - q_low
    T = len(teams)
    ranks = np.zeros((T, B), dtype=int)
    for b in range(B):
        for t in range(T):
            ranks[t, b] = 1 + sum(better(metric, S[u, b], S[t, b]) for u in range(T))
    tiers = [1] * T
    head = 0
    for t in range(1, T):
        worse = sum(better(metric, S[head, b], S[t, b]) for b in range(B))
        if worse / B >= confidence:
            tiers[t] = tiers[head] + 1
            head = t
        else:
            tiers[t] = tiers[head]
    rows = []
    for t in range(T):
        beats = None
        if t + 1 < T:
            wins = sum(better(metric, S[t, b], S[t + 1, b]) for b in range(B))
            ties = sum(S[t, b] == S[t + 1, b] for b in range(B))
            beats = (wins + 0.5 * ties) / B
        rows.append({
            "low": float(np.quantile(S[t], q_low)), "high": float(np.quantile(S[t], q_high)),
            "best": int(np.quantile(ranks[t], q_low, method="lower")),
            "worst": int(np.quantile(ranks[t], q_high, method="higher")),
            "tier": tiers[t], "beatsNext": beats,
        })
    case = {
        "name": name, "metric": metric, "kind": kind, "classes": k, "truth": truth.tolist(),
        "teams": [np.asarray(p).reshape(-1).tolist() for p in teams],
        "baseline": None if baseline is None else np.asarray(baseline).reshape(-1).tolist(),
        "resamples": count, "confidence": confidence, "seed": seed,
        "firstResample": first, "rows": rows,
        "samples": S.tolist(),
        "baselineInterval": None if baseline is None else
        {"low": float(np.quantile(base, q_low)), "high": float(np.quantile(base, q_high))},
    }
    return case


rng = np.random.default_rng(20261124)
cases = []

# Binary AUC: 40 positives, 80 negatives; two teams with identical predictions; ties in scores.
y = np.array([1] * 40 + [0] * 80)
rng.shuffle(y)
def noisy(strength):
    return np.round(np.clip(0.5 + strength * (y - 0.5) + rng.normal(0, 0.3, len(y)), 0, 1), 2)
strong = noisy(0.6)
cases.append(board("binary-auc", "roc_auc", "binary", y,
                   [strong, strong.copy(), noisy(0.3), noisy(0.05), rng.uniform(0, 1, len(y))],
                   noisy(0.2), 300, 0.95, derived_seed("breast-cancer", 1), k=2))
cases.append(board("binary-average-precision", "average_precision", "binary", y,
                   [noisy(0.5), noisy(0.45), noisy(0.1)], None, 200, 0.9, 7, k=2))

# Regression RMSE on 88 rows (the size of the diabetes private part): close teams.
t = rng.normal(150, 75, 88)
def model(noise):
    return t + rng.normal(0, noise, len(t))
cases.append(board("regression-rmse", "rmse", "regression", t,
                   [model(55), model(56), model(70), model(120)], np.full(len(t), t.mean()), 400, 0.95, 20261124))
cases.append(board("regression-r2-one-team", "r2", "regression", t, [model(40)], None, 100, 0.95, 3))
cases.append(board("regression-mae-all-tied", "mae", "regression", t, [model(50)] * 3, None, 100, 0.95, 11))

# Multiclass labels, a class of three rows.
y3 = np.array([0] * 30 + [1] * 24 + [2] * 3)
rng.shuffle(y3)
def labels(correct):
    guess = rng.integers(0, 3, len(y3))
    return np.where(rng.uniform(size=len(y3)) < correct, y3, guess)
cases.append(board("multiclass-accuracy", "accuracy", "labels", y3,
                   [labels(0.9), labels(0.6), labels(0.55)], labels(0.3), 250, 0.95, 99, k=3))
cases.append(board("multiclass-f1-macro", "f1_macro", "labels", y3,
                   [labels(0.8), labels(0.75)], None, 150, 0.8, 5, k=3))

# Multiclass probabilities, log loss.
def probs(sharp):
    logits = rng.normal(0, 1, (len(y3), 3))
    logits[np.arange(len(y3)), y3] += sharp
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)
cases.append(board("multiclass-log-loss", "log_loss", "probabilities", y3,
                   [probs(3), probs(2.5), probs(0.5)], None, 200, 0.95, 42, k=3))

out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}
with open("Tests/PodiumCoreTests/Fixtures/bootstrap.json", "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(f"{len(cases)} cases written")
