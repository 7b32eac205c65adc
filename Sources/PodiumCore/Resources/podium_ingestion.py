"""Podium's default ingestion program: trains the participant's Model and writes predictions.

Run inside Podium's sandbox in Codabench's layout: the participant's files in
/app/ingested_program, the public data in /app/input_data (train.csv, test.csv), and
/app/output writable. It writes /app/output/predictions.csv, a Podium predictions file that
Podium then checks and scores like any uploaded file. Standard library, pandas and numpy only.

usage: python podium_ingestion.py SETTINGS.json [--submission DIR] [--input DIR] [--output DIR]
SETTINGS: {"entry", "id", "target", "submission": "label|probability|value", "columns", "classes", "positive"}

The folders default to the sandbox's; a starting kit runs it on a laptop with, for example,
python3 ingestion/podium_ingestion.py ingestion/settings.json --submission starting-kit --input data --output out
"""
import argparse
import importlib.util
import json
import os
import sys
import time

PROGRAM = "/app/ingested_program"
INPUT = "/app/input_data"
OUTPUT = "/app/output"


def say(message):
    print(f"[podium] {message}", file=sys.stderr, flush=True)


def main():
    global PROGRAM, INPUT, OUTPUT
    parser = argparse.ArgumentParser(description="Podium's default ingestion program")
    parser.add_argument("settings")
    parser.add_argument("--submission", default=PROGRAM, help="the folder holding your model.py")
    parser.add_argument("--input", default=INPUT, help="the folder holding train.csv and test.csv")
    parser.add_argument("--output", default=OUTPUT, help="where predictions.csv is written")
    args = parser.parse_args()
    PROGRAM, INPUT, OUTPUT = args.submission, args.input, args.output
    settings = json.load(open(args.settings))
    import numpy as np
    import pandas as pd

    entry = os.path.join(PROGRAM, settings["entry"])
    if not os.path.exists(entry):
        say(f"{settings['entry']} is not in your submission")
        return 3
    sys.path.insert(0, PROGRAM)
    spec = importlib.util.spec_from_file_location("model", entry)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "Model"):
        say(f"{settings['entry']} defines no class Model")
        return 3

    id_column, target = settings["id"], settings["target"]
    # Ids are text, as Podium reads them (a leading zero is kept).
    train = pd.read_csv(os.path.join(INPUT, "train.csv"), dtype={id_column: str})
    test = pd.read_csv(os.path.join(INPUT, "test.csv"), dtype={id_column: str})
    y = train[target]
    X = train.drop(columns=[c for c in (id_column, target) if c in train.columns])
    X_test = test.drop(columns=[c for c in (id_column, target) if c in test.columns])

    model = module.Model()
    start = time.monotonic()
    say("fit")
    model.fit(X, y)
    say(f"fit done in {time.monotonic() - start:.1f} s; predict")
    out = pd.DataFrame({id_column: test[id_column]})
    kind = settings["submission"]
    if kind == "probability":
        if not hasattr(model, "predict_proba"):
            say("this challenge scores probabilities: Model needs predict_proba(X)")
            return 3
        p = np.asarray(model.predict_proba(X_test), dtype=float)
        classes = [str(c) for c in getattr(model, "classes_", settings["classes"])]
        if p.ndim == 1:
            p = p.reshape(-1, 1)
        columns = settings["columns"]
        if len(columns) == 1:
            # One column: the probability of the positive class.
            positive = str(settings.get("positive") or settings["classes"][-1])
            index = classes.index(positive) if positive in classes and p.shape[1] == len(classes) else p.shape[1] - 1
            out[columns[0]] = p[:, index]
        else:
            for column in columns:
                if column not in classes:
                    say(f"predict_proba gave no column for class {column!r} (model classes: {classes})")
                    return 3
                out[column] = p[:, classes.index(column)]
    else:
        out[settings["columns"][0]] = np.asarray(model.predict(X_test)).reshape(-1)
    os.makedirs(OUTPUT, exist_ok=True)
    out.to_csv(os.path.join(OUTPUT, "predictions.csv"), index=False)
    say(f"wrote {len(out)} predictions to {os.path.join(OUTPUT, 'predictions.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
