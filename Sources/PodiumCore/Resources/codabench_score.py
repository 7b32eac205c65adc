#!/usr/bin/env python3
"""Podium's scoring program for Codabench (written by `podium export codabench`).

Standard library only. Codabench runs it as
    python3 /app/program/score.py /app/input /app/output
with the reference rows in /app/input/ref/solution.csv, the participant's files in
/app/input/res/, and this folder's challenge.json describing the challenge. It checks the
submission as Podium does (every problem listed, with its line), computes every metric of
the challenge as Podium does (scikit-learn's definitions), and writes /app/output/scores.json.
"""
import csv
import json
import math
import os
import sys

EPS = 2.220446049250313e-16
LIMIT = 1e100
ROW_SUM_TOLERANCE = 1e-3
HIGHER = {"accuracy", "balanced_accuracy", "f1", "f1_macro", "f1_micro", "f1_weighted", "precision",
          "precision_macro", "recall", "recall_macro", "matthews_corrcoef", "cohen_kappa",
          "quadratic_weighted_kappa", "roc_auc", "roc_auc_ovr", "average_precision", "r2",
          "explained_variance", "pearson", "spearman"}
PROBABILITY = {"roc_auc", "roc_auc_ovr", "average_precision", "log_loss", "brier_score"}
REGRESSION = {"rmse", "mse", "mae", "r2", "mape", "rmsle", "median_absolute_error",
              "explained_variance", "max_error", "pearson", "spearman"}


class Undefined(Exception):
    pass


def fail(messages):
    for m in messages:
        print(m, file=sys.stderr)
    sys.exit(1)


def find_submission(res):
    files = []
    for root, _, names in os.walk(res):
        for name in names:
            if name.lower().endswith(".csv") and not name.startswith("."):
                files.append(os.path.join(root, name))
    if len(files) != 1:
        fail([f"the submission must hold exactly one .csv file; found {len(files)}"])
    return files[0]


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def number(text):
    try:
        v = float(text.strip())
    except ValueError:
        return None, "not_a_number"
    if math.isnan(v) or math.isinf(v):
        return None, "not_finite"
    if abs(v) > LIMIT:
        return None, "too_large"
    return v + 0.0, None


def load(config, ref_path, sub_path, ids_path):
    task, kind = config["task"], config["submission"]
    classes = config["classes"]
    # Every id of the test set: a submission has them all, and this phase scores its own rows.
    test_ids = [r[0] for r in read_csv(ids_path)[1:]]
    allowed = set(test_ids)
    ref = read_csv(ref_path)
    ref_header = ref[0]
    id_col, target_col = ref_header.index(config["id"]), ref_header.index(config["target"])
    ids = [r[id_col] for r in ref[1:]]
    index = {i: k for k, i in enumerate(ids)}
    if task == "regression":
        truth = [float(r[target_col]) for r in ref[1:]]
    else:
        truth = [classes.index(r[target_col].strip()) for r in ref[1:]]
    columns = classes if (task == "multiclass" and kind == "probability") else [config["target"]]
    rows = read_csv(sub_path)
    name = os.path.basename(sub_path)
    problems = []
    if not rows:
        fail([f"{name}: the file is empty; expected the header {','.join([config['id']] + columns)}"])
    header = [h.strip() for h in rows[0]]
    expected = [config["id"]] + columns
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        message = f"{name} line 1: expected the header {','.join(expected)}"
        if missing:
            message += f"; missing {', '.join(missing)}"
        if extra:
            message += f"; unexpected {', '.join(extra)}"
        fail([message])
    width = len(expected)
    values = [None] * len(ids)
    seen = {}
    for line, row in enumerate(rows[1:], start=2):
        if row == [] or row == [""]:
            continue
        if len(row) != width:
            problems.append(f"{name} line {line}: {len(row)} fields; expected {width}")
            continue
        key = row[0].strip()
        if key not in allowed:
            problems.append(f"{name} line {line}: unknown id {key!r}")
            continue
        if key in seen:
            problems.append(f"{name} line {line}: id {key!r} already appears on line {seen[key]}")
            continue
        seen[key] = line
        cells = row[1:]
        if kind == "label" and task != "regression":
            label = cells[0].strip()
            if label not in classes:
                problems.append(f"{name} line {line}: label {label!r} is not one of the classes {', '.join(classes)}")
                continue
            if key in index:
                values[index[key]] = classes.index(label)
            continue
        parsed = []
        for column, cell in zip(columns, cells):
            v, why = number(cell)
            if why:
                what = {"not_a_number": "not a number", "not_finite": "not a finite number",
                        "too_large": "beyond ±1e100"}[why]
                problems.append(f"{name} line {line}: {column} is {cell!r}, {what}")
                break
            if kind == "probability" and not 0 <= v <= 1:
                problems.append(f"{name} line {line}: {column} is {cell!r}; expected a probability between 0 and 1")
                break
            if "rmsle" in config["metrics"] and v <= -1:
                problems.append(f"{name} line {line}: {column} is {cell!r}; expected a number above -1 (rmsle)")
                break
            parsed.append(v)
        else:
            if len(parsed) > 1 and abs(sum(parsed) - 1) > ROW_SUM_TOLERANCE:
                problems.append(f"{name} line {line}: the probabilities sum to {sum(parsed)}; expected 1")
                continue
            if key in index:
                values[index[key]] = parsed if len(parsed) > 1 else parsed[0]
    missing = [i for i in test_ids if i not in seen]
    if missing:
        problems.append(f"{name}: {len(missing)} ids of the test set are missing, e.g. {', '.join(missing[:3])}")
    if problems:
        fail(problems[:50] + ([f"... and {len(problems) - 50} more"] if len(problems) > 50 else []))
    return truth, values


def mean(values):
    return math.fsum(values) / len(values)


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for t in range(i, j + 1):
            result[order[t]] = (i + j + 2) / 2
        i = j + 1
    return result


def pearson(x, z, check=None):
    a, b = check or (x, z)
    if len(x) < 2:
        raise Undefined("it needs at least two rows")
    if all(v == a[0] for v in a):
        raise Undefined("the target is constant")
    if all(v == b[0] for v in b):
        raise Undefined("the predictions are constant")
    mx, mz = mean(x), mean(z)
    sxz = math.fsum((p - mx) * (q - mz) for p, q in zip(x, z))
    sxx = math.fsum((p - mx) ** 2 for p in x)
    szz = math.fsum((q - mz) ** 2 for q in z)
    return min(1.0, max(-1.0, sxz / (math.sqrt(sxx) * math.sqrt(szz))))


def regression(metric, y, f):
    n = len(y)
    d = [a - b for a, b in zip(y, f)]
    if metric == "mse":
        return mean([e * e for e in d])
    if metric == "rmse":
        return math.sqrt(mean([e * e for e in d]))
    if metric == "mae":
        return mean([abs(e) for e in d])
    if metric == "max_error":
        return max(abs(e) for e in d)
    if metric == "mape":
        return mean([abs(b - a) / max(abs(a), EPS) for a, b in zip(y, f)])
    if metric == "rmsle":
        if any(a <= -1 for a in y) or any(b <= -1 for b in f):
            raise Undefined("values must be above -1")
        return math.sqrt(mean([(math.log1p(a) - math.log1p(b)) ** 2 for a, b in zip(y, f)]))
    if metric == "median_absolute_error":
        e = sorted(abs(x) for x in d)
        return e[n // 2] if n % 2 else (e[n // 2 - 1] + e[n // 2]) / 2
    if metric == "r2":
        if n < 2:
            raise Undefined("it needs at least two rows")
        ybar = mean(y)
        total = math.fsum((a - ybar) ** 2 for a in y)
        if total == 0:
            raise Undefined("the target is constant")
        return 1 - math.fsum(e * e for e in d) / total
    if metric == "explained_variance":
        if n < 2:
            raise Undefined("it needs at least two rows")
        dm = mean(d)
        ybar = mean(y)
        den = mean([(a - ybar) ** 2 for a in y])
        if den == 0:
            raise Undefined("the target is constant")
        return 1 - mean([(e - dm) ** 2 for e in d]) / den
    if metric == "pearson":
        return pearson(y, f)
    if metric == "spearman":
        return pearson(ranks(y), ranks(f), check=(y, f))
    raise ValueError(metric)


def split(truth, scores, positive):
    """The scores of positive and of negative rows, each ascending (-0.0 counted as 0.0)."""
    pos = sorted(s + 0.0 for t, s in zip(truth, scores) if t == positive)
    neg = sorted(s + 0.0 for t, s in zip(truth, scores) if t != positive)
    return pos, neg


def positive_groups(pos, neg):
    """For each distinct score of a positive row, ascending: how many positives have it, how
    many negatives score below it, and how many score the same (both lists ascending)."""
    i = j = 0
    while i < len(pos):
        v = pos[i]
        same = 0
        while i < len(pos) and pos[i] == v:
            same += 1
            i += 1
        while j < len(neg) and neg[j] < v:
            j += 1
        below = j
        while j < len(neg) and neg[j] == v:
            j += 1
        yield same, below, j - below


def auc(truth, scores, positive):
    pos, neg = split(truth, scores, positive)
    if not pos or not neg:
        raise Undefined("only one class is present")
    twice = sum(same * (2 * below + equal) for same, below, equal in positive_groups(pos, neg))
    return twice / (2 * len(pos) * len(neg))


def average_precision(truth, scores, positive):
    pos, neg = split(truth, scores, positive)
    if not pos:
        raise Undefined("no row belongs to the positive class")
    terms, pos_below = [], 0
    for same, below, _ in positive_groups(pos, neg):
        tp, fp = len(pos) - pos_below, len(neg) - below
        terms.append(same / len(pos) * (tp / (tp + fp)))
        pos_below += same
    return math.fsum(terms)


def label_metric(metric, truth, predicted, k, positive):
    n = len(truth)
    cells = [[0] * k for _ in range(k)]
    for t, p in zip(truth, predicted):
        cells[t][p] += 1
    tc = [sum(cells[c]) for c in range(k)]
    pc = [sum(cells[t][c] for t in range(k)) for c in range(k)]
    cor = [cells[c][c] for c in range(k)]
    present = [c for c in range(k) if tc[c] + pc[c] > 0]
    prec = lambda c: 0.0 if pc[c] == 0 else cor[c] / pc[c]
    rec = lambda c: 0.0 if tc[c] == 0 else cor[c] / tc[c]
    f1 = lambda c: 0.0 if tc[c] + pc[c] == 0 else 2 * cor[c] / (tc[c] + pc[c])
    macro = lambda g: math.fsum(g(c) for c in present) / len(present)
    if metric in ("accuracy", "f1_micro"):
        return sum(cor) / n
    if metric == "balanced_accuracy":
        labels = [c for c in range(k) if tc[c] > 0]
        return math.fsum(rec(c) for c in labels) / len(labels)
    if metric == "f1":
        return f1(positive)
    if metric == "precision":
        return prec(positive)
    if metric == "recall":
        return rec(positive)
    if metric == "f1_macro":
        return macro(f1)
    if metric == "precision_macro":
        return macro(prec)
    if metric == "recall_macro":
        return macro(rec)
    if metric == "f1_weighted":
        return math.fsum(f1(c) * tc[c] for c in present) / n
    if metric == "matthews_corrcoef":
        correct = float(sum(cor))
        tp = sum(float(tc[c]) * pc[c] for c in range(k))
        pp = sum(float(pc[c]) ** 2 for c in range(k))
        tt = sum(float(tc[c]) ** 2 for c in range(k))
        cov_ytyp = correct * n - tp
        product = (n * n - pp) * (n * n - tt)
        return 0.0 if product == 0 else cov_ytyp / math.sqrt(product)
    if metric in ("cohen_kappa", "quadratic_weighted_kappa"):
        quadratic = metric == "quadratic_weighted_kappa"
        observed, expected = [], []
        for i in range(k):
            for j in range(k):
                w = (i - j) ** 2 if quadratic else (0 if i == j else 1)
                if w == 0:
                    continue
                observed.append(w * cells[i][j])
                expected.append(w * pc[i] * tc[j] / n)
        e = math.fsum(expected)
        if e == 0:
            raise Undefined("truth and predictions have only one label in common")
        return 1 - math.fsum(observed) / e
    raise ValueError(metric)


def score(metric, config, truth, values):
    task, kind, k = config["task"], config["submission"], len(config["classes"])
    positive = config["classes"].index(config["positive"]) if task == "binary" else 1
    if task == "regression":
        return regression(metric, truth, values)
    n = len(truth)
    if kind == "label":
        predicted = values
        probabilities = None
    elif task == "binary":
        negative = 0 if positive == 1 else 1
        probabilities = values
        predicted = [positive if p > 0.5 else negative for p in values]
    else:
        probabilities = values
        predicted = [max(range(k), key=lambda c: (row[c], -c)) for row in values]
    if metric in PROBABILITY:
        if probabilities is None:
            raise Undefined("it needs probabilities")
        if metric == "roc_auc":
            return auc(truth, probabilities, positive)
        if metric == "average_precision":
            return average_precision(truth, probabilities, positive)
        if metric == "roc_auc_ovr":
            return math.fsum(auc(truth, [row[c] for row in probabilities], c) for c in range(k)) / k
        if metric == "log_loss":
            if task == "binary":
                q = [p if t == positive else 1 - p for t, p in zip(truth, probabilities)]
            else:
                q = [row[t] for t, row in zip(truth, probabilities)]
            return mean([-math.log(min(max(v, EPS), 1 - EPS)) for v in q])
        if metric == "brier_score":
            if task == "binary":
                terms = []
                for t, p in zip(truth, probabilities):
                    y = 1.0 if t == positive else 0.0
                    terms.append(((1 - y) - (1 - p)) ** 2 + (y - p) ** 2)
                return mean(terms) * 0.5
            terms = [((1.0 if c == t else 0.0) - row[c]) ** 2 for t, row in zip(truth, probabilities) for c in range(k)]
            return math.fsum(terms) / n * (0.5 if k < 3 else 1)
    return label_metric(metric, truth, predicted, k, positive)


def main():
    input_dir, output_dir = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "challenge.json")) as f:
        config = json.load(f)
    truth, values = load(
        config, os.path.join(input_dir, "ref", "solution.csv"), find_submission(os.path.join(input_dir, "res")),
        os.path.join(here, "test_ids.csv"))
    scores = {}
    for metric in config["metrics"]:
        try:
            v = score(metric, config, truth, values)
        except Undefined as e:
            if metric == config["metrics"][0]:
                fail([f"{metric} is undefined on these rows: {e}"])
            continue
        if math.isfinite(v):
            scores[metric] = v
    os.makedirs(output_dir, exist_ok=True)
    with open(os.path.join(output_dir, "scores.json"), "w") as f:
        json.dump(scores, f)
    print(json.dumps(scores))


if __name__ == "__main__":
    main()
