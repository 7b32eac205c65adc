#!/usr/bin/env python3
"""The Ladder against a public-board climber, in miniature (Blum and Hardt, ICML 2015, sec. 5).

A binary challenge of 600 rows (300 public, 300 private), accuracy on labels. One team starts
from a model that is right on 70% of rows and submits ROUNDS random perturbations (LABELS flipped
at random), keeping a perturbation whenever the public board says it did better: under
`public_board: best` when its exact public score rises, under `public_board: ladder` when the
Ladder moves. Every submission goes through `podium submit --json` (what the team would see);
the instructor's exact public and private scores of the kept file are read at the end
(`podium submissions --json`). Printed: how far the kept file's public score stands above its
private score, per mode, over SEEDS runs.

usage: python3 scripts/ladder_simulation.py [PODIUM] [ROUNDS] [SEEDS]
(PODIUM defaults to a release build: swift build -c release --product podium --scratch-path .build-release)
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

podium = sys.argv[1] if len(sys.argv) > 1 else ".build-release/release/podium"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 300
seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
LABELS = 6
N = 600


def run(*args):
    return subprocess.run([podium, *args], check=True, capture_output=True, text=True).stdout


def challenge(folder, mode, y):
    os.makedirs(f"{folder}/data", exist_ok=True)
    os.makedirs(f"{folder}/reference", exist_ok=True)
    ids = [f"r{i:04d}" for i in range(N)]
    with open(f"{folder}/challenge.yaml", "w") as f:
        f.write(f"slug: climb\ntitle: Climb\nversion: 1\ntask: binary\nid: id\ntarget: y\nclasses: ['0', '1']\n"
                f"positive: '1'\nsubmission: label\nmetric: accuracy\npublic_board: {mode}\n")
    with open(f"{folder}/README.md", "w") as f:
        f.write("# Climb\n")
    with open(f"{folder}/data/test.csv", "w") as f:
        f.write("id,x\n" + "".join(f"{i},0\n" for i in ids))
    with open(f"{folder}/reference/solution.csv", "w") as f:
        f.write("id,y,Usage\n" + "".join(f"{i},{t},{'Public' if k % 2 == 0 else 'Private'}\n" for k, (i, t) in enumerate(zip(ids, y))))
    return ids


def simulate(mode, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, N)
    with tempfile.TemporaryDirectory() as work:
        ids = challenge(f"{work}/climb", mode, y)
        run("pack", f"{work}/climb", "-o", f"{work}/out")
        store = f"{work}/store"
        run("publish", f"{work}/out/climb-v1.podium", "--data", store)
        with open(f"{work}/roster.csv", "w") as f:
            f.write("student_id,name,email,team\n1,A,a@x.org,climber\n")
        run("roster", "import", f"{work}/roster.csv", "--challenge", "climb", "--data", store, "--tokens-out", f"{work}/tokens.csv")
        base = np.where(rng.random(N) < 0.7, y, 1 - y)
        best = None
        kept = None
        for t in range(rounds):
            candidate = base.copy()
            if t > 0:
                flip = rng.choice(N, LABELS, replace=False)
                candidate[flip] = 1 - candidate[flip]
            path = f"{work}/sub.csv"
            with open(path, "w") as f:
                f.write("id,y\n" + "".join(f"{i},{v}\n" for i, v in zip(ids, candidate)))
            receipt = json.loads(run("submit", "climb", "--team", "climber", path, "--json", "--data", store))
            if mode == "best":
                seen = receipt["publicScore"]
                better = best is None or seen > best
                if better:
                    best = seen
            else:
                better = receipt["ladder"]["moved"]
            if better:
                base, kept = candidate, receipt["id"]
        history = json.loads(run("submissions", "climb", "--json", "--data", store))
        final = next(s for s in history if s["id"] == kept)
        moves = sum(1 for s in history if (s.get("ladder") or {}).get("moved")) if mode == "ladder" else None
        return final["publicScore"], final["privateScore"], moves


print(f"{rounds} submissions a run, {LABELS} labels flipped each, 300 public and 300 private rows, accuracy; {seeds} runs a mode")
print(f"{'mode':7} {'public':>8} {'private':>8} {'gap':>8}")
summary = {}
for mode in ("best", "ladder"):
    gaps = []
    for seed in range(seeds):
        public, private, _ = simulate(mode, seed)
        gaps.append(public - private)
        print(f"{mode:7} {public:8.4f} {private:8.4f} {public - private:+8.4f}")
    summary[mode] = np.mean(gaps)
print(f"mean public-private gap: best {summary['best']:+.4f}, ladder {summary['ladder']:+.4f}")
