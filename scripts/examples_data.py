#!/usr/bin/env python3
"""Writes the labelled source data of the example challenges.

breast-cancer, wine, diabetes and digits (the code challenge) are the datasets shipped inside scikit-learn's package
(BSD-3-Clause); relu-teacher comes from the planted network of relu_teacher.py.
Run from the repository root: python3 scripts/examples_data.py
"""
import csv
import os
import sys

from sklearn import datasets

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "challenges", "relu-teacher", "source"))
import relu_teacher  # noqa: E402


def write(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fmt(x):
    return repr(float(x))


def main():
    bc = datasets.load_breast_cancer()
    names = [n.replace(" ", "_") for n in bc.feature_names]
    # scikit-learn codes 0 = malignant, 1 = benign.
    labels = ["malignant" if t == 0 else "benign" for t in bc.target]
    write("challenges/breast-cancer/source/breast-cancer.csv", names + ["diagnosis"],
          [[fmt(v) for v in row] + [lab] for row, lab in zip(bc.data, labels)])

    wine = datasets.load_wine()
    names = [n.replace("/", "_per_") for n in wine.feature_names]
    write("challenges/wine/source/wine.csv", names + ["cultivar"],
          [[fmt(v) for v in row] + [f"cultivar_{t + 1}"] for row, t in zip(wine.data, wine.target)])

    # The raw (unscaled) diabetes data: age, sex, bmi, bp, s1..s6 and progression after a year.
    diabetes = datasets.load_diabetes(scaled=False)
    write("challenges/diabetes/source/diabetes.csv", list(diabetes.feature_names) + ["progression"],
          [[fmt(v) for v in row] + [fmt(t)] for row, t in zip(diabetes.data, diabetes.target)])

    # 8x8 images of handwritten digits, 0 (white) to 16 (black) per pixel, row by row.
    digits = datasets.load_digits()
    write("challenges/digits/source/digits.csv", [f"pixel_{r}_{c}" for r in range(8) for c in range(8)] + ["digit"],
          [[str(int(v)) for v in row] + [str(int(t))] for row, t in zip(digits.data, digits.target)])

    x, y = relu_teacher.generate()
    write("challenges/relu-teacher/source/relu-teacher.csv", [f"x{i + 1}" for i in range(x.shape[1])] + ["y"],
          [[f"{v:.6f}" for v in row] + [f"{t:.6f}"] for row, t in zip(x, y)])


if __name__ == "__main__":
    main()
