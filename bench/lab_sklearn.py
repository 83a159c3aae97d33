#!/usr/bin/python3
"""Peer side of bench/lab-bench.sh: data preparation and scikit-learn's LogisticRegression.

Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1, numpy). Subcommands:
  synth   --rows N --vars V --seed S --train F --test F   seeded synthetic credit sample
  split   --csv F --target T --seed S --train F --test F  stratified 70/30 holdout
  sklearn --train F --test F --target T --bad V            fit + holdout AUC, one JSON line
  cv      --csv F --target T --bad V --folds K --seed S      stratified k-fold CV AUC

The sklearn model follows the data README: one-hot for text columns, StandardScaler for
numeric ones (median imputation with a missing indicator first, since LogisticRegression
cannot take NaN), LogisticRegression(lbfgs). Only preprocessing + fit is timed; reading the
CSV is reported apart.
"""
import argparse
import csv
import json
import math
import sys
import time

import numpy as np


def synth(args):
    rng = np.random.default_rng(args.seed)
    n_cat = max(1, args.vars // 5)
    n_num = args.vars - n_cat
    names, columns = [], []
    total = args.rows + args.test_rows
    logit = np.full(total, -2.4)
    for j in range(n_num):
        x = rng.standard_normal(total)
        kind = j % 4
        if kind == 0:  # linear
            effect = 0.35 * x
        elif kind == 1:  # monotone, saturating (income-like)
            x = np.exp(1.0 + 0.6 * x)
            effect = -0.5 * (np.log1p(x) - np.log1p(np.exp(1.0)))
        elif kind == 2:  # threshold
            effect = 0.5 * (x > 0.8)
        else:  # no effect
            effect = 0.0 * x
        logit += effect if j < 3 * n_num // 4 else 0.0
        x = np.round(x, 3)
        col = x.astype("U16").astype(object)
        if j % 7 == 3:  # ~8% missing, riskier when missing
            miss = rng.random(total) < 0.08
            logit[miss] += 0.4
            col[miss] = ""
        names.append(f"x{j + 1}")
        columns.append(col)
    for j in range(n_cat):
        levels = np.array([f"c{k}" for k in range(6 + j)])
        codes = rng.integers(0, len(levels), total)
        logit += (np.linspace(-0.4, 0.4, len(levels)) * (j % 2 == 0))[codes]
        names.append(f"cat{j + 1}")
        columns.append(levels[codes].astype(object))
    bad = rng.random(total) < 1 / (1 + np.exp(-logit))
    status = np.where(bad, "bad", "good").astype(object)
    for path, lo, hi in ((args.train, 0, args.rows), (args.test, args.rows, total)):
        with open(path, "w") as f:
            f.write(",".join(["status"] + names) + "\n")
            table = np.column_stack([status[lo:hi]] + [c[lo:hi] for c in columns])
            f.writelines(",".join(row) + "\n" for row in table)


def read_csv(path, target, bad):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    t = header.index(target)
    y = np.array([r[t] == bad for r in rows], dtype=int)
    numeric, text = [], []
    for j, name in enumerate(header):
        if j == t:
            continue
        cells = [r[j] for r in rows]
        try:
            values = np.array([float(c) if c not in ("", "NA") else math.nan for c in cells])
            numeric.append((name, values))
        except ValueError:
            text.append((name, np.array([c if c not in ("", "NA") else "missing" for c in cells],
                                        dtype=object)))
    return numeric, text, y


def split(args):
    with open(args.csv, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    t = header.index(args.target)
    rng = np.random.default_rng(args.seed)
    test = set()
    for cls in sorted({r[t] for r in rows}):
        idx = np.array([i for i, r in enumerate(rows) if r[t] == cls])
        rng.shuffle(idx)
        test.update(idx[: int(round(0.3 * len(idx)))].tolist())
    for path, keep in ((args.train, False), (args.test, True)):
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(r for i, r in enumerate(rows) if (i in test) == keep)


def make_model(n_num, width):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median", add_indicator=True),
                              StandardScaler()), list(range(n_num))),
        ("cat", OneHotEncoder(handle_unknown="ignore"), list(range(n_num, width))),
    ])
    return make_pipeline(pre, LogisticRegression(solver="lbfgs", max_iter=1000))


def matrix(num, txt):
    return np.column_stack([v for _, v in num] + [v for _, v in txt]).astype(object)


def sklearn(args):
    from sklearn.metrics import roc_auc_score

    t0 = time.perf_counter()
    num_tr, txt_tr, y_tr = read_csv(args.train, args.target, args.bad)
    num_te, txt_te, y_te = read_csv(args.test, args.target, args.bad)
    load_seconds = time.perf_counter() - t0

    x_tr, x_te = matrix(num_tr, txt_tr), matrix(num_te, txt_te)
    model = make_model(len(num_tr), x_tr.shape[1])
    t0 = time.perf_counter()
    model.fit(x_tr, y_tr)
    fit_seconds = time.perf_counter() - t0
    auc = roc_auc_score(y_te, model.predict_proba(x_te)[:, 1])
    print(json.dumps({"fit_seconds": fit_seconds, "load_seconds": load_seconds,
                      "auc": auc, "train_rows": int(len(y_tr)), "test_rows": int(len(y_te))}))


def cv(args):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    num, txt, y = read_csv(args.csv, args.target, args.bad)
    x = matrix(num, txt)
    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    t0 = time.perf_counter()
    scores = cross_val_score(make_model(len(num), x.shape[1]), x, y, cv=folds, scoring="roc_auc")
    print(json.dumps({"fit_seconds": time.perf_counter() - t0, "auc": float(scores.mean()),
                      "fold_auc": scores.tolist()}))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("synth")
    s.add_argument("--rows", type=int, required=True)
    s.add_argument("--test-rows", type=int, default=200000)
    s.add_argument("--vars", type=int, default=30)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--train", required=True)
    s.add_argument("--test", required=True)
    s = sub.add_parser("split")
    for a in ("--csv", "--target", "--train", "--test"):
        s.add_argument(a, required=True)
    s.add_argument("--seed", type=int, default=1)
    s = sub.add_parser("sklearn")
    for a in ("--train", "--test", "--target", "--bad"):
        s.add_argument(a, required=True)
    s = sub.add_parser("cv")
    for a in ("--csv", "--target", "--bad"):
        s.add_argument(a, required=True)
    s.add_argument("--folds", type=int, default=5)
    s.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    {"synth": synth, "split": split, "sklearn": sklearn, "cv": cv}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
