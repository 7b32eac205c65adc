#!/usr/bin/env python3
"""Checks the exported Codabench scoring program's metrics against the scikit-learn fixtures
of the metric tests (Tests/PodiumCoreTests/Fixtures/metrics.json), every catalog metric and
degenerate case included. Standard library only; exits 1 and names each disagreement.
usage: check_codabench_metrics.py SCORE_PY METRICS_JSON"""
import importlib.util
import json
import math
import sys

spec = importlib.util.spec_from_file_location("score", sys.argv[1])
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
cases = json.load(open(sys.argv[2]))["cases"]
failures = []
checked = 0
for case in cases:
    kind, k = case["kind"], case.get("classes") or 0
    classes = [str(c) for c in range(k)]
    truth = case["truth"] if kind == "regression" else [int(t) for t in case["truth"]]
    if kind == "regression":
        config, values = {"task": "regression", "submission": "value", "classes": []}, case["predicted"]
    elif kind == "labels":
        task = "binary" if k == 2 else "multiclass"
        config, values = {"task": task, "submission": "label", "classes": classes}, [int(v) for v in case["predicted"]]
    elif kind == "binary":
        config, values = {"task": "binary", "submission": "probability", "classes": classes}, case["probabilities"]
    else:
        p = case["probabilities"]
        config, values = {"task": "multiclass", "submission": "probability", "classes": classes}, [p[i * k:(i + 1) * k] for i in range(len(truth))]
    if config["task"] == "binary":
        config["positive"] = classes[case["positive"]]
    for metric, expected in case["expected"].items():
        try:
            got = score.score(metric, config, truth, values)
            if not math.isfinite(got):
                got = None
        except score.Undefined:
            got = None
        checked += 1
        ok = (got is None) == (expected is None) and (expected is None or abs(got - expected) <= 1e-9 * max(1, abs(expected)))
        if not ok:
            failures.append(f"{case['name']} {metric}: {got} vs scikit-learn {expected}")
print(f"{checked} values checked, {len(failures)} disagree")
for f in failures:
    print(f)
sys.exit(1 if failures else 0)
