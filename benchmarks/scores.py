#!/usr/bin/env python3
"""Prints the primary metric on the public, private and all rows of a JSON score document
(podium score --json, or pandas_score.py), so that run.sh can compare the two."""
import json
import sys

d = json.load(sys.stdin)
s = d["scores"]
metric = d.get("metric") or next(iter(s["all"]))
print(" ".join(f"{s[part][metric]:.12g}" for part in ("public", "private", "all")))
