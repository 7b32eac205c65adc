#!/usr/bin/env python3
"""The planted two-layer ReLU network of the relu-teacher challenge.

Inputs x ~ N(0, I_d); the teacher is y = sum_j a_j * relu(w_j . x + b_j) + noise, with
w_j ~ N(0, I_d / d), a_j = +-1, b_j ~ N(0, 0.1^2) and Gaussian noise of standard deviation
sigma: the teacher-student setting used to study how SGD trains two-layer networks.
Seeded: the same call gives the same data.
"""
import numpy as np

D, M, N, SIGMA, SEED = 20, 4, 2000, 0.1, 2026


def generate(n=N, d=D, m=M, sigma=SIGMA, seed=SEED):
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 1.0 / np.sqrt(d), size=(m, d))
    b = rng.normal(0.0, 0.1, size=m)
    a = np.where(np.arange(m) % 2 == 0, 1.0, -1.0)
    x = rng.normal(size=(n, d))
    y = np.maximum(x @ w.T + b, 0.0) @ a + sigma * rng.normal(size=n)
    return x, y


if __name__ == "__main__":
    x, y = generate()
    print(x.shape, float(y.mean()), float(y.std()))
