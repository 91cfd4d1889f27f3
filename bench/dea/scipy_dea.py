#!/usr/bin/python3
"""Reference DEA scores the way pyDEA-style tools compute them: one LP per DMU (issue 4).

CRS, input-oriented envelopment model for each evaluated unit o, against ALL units j:

    min theta  s.t.  sum_j lambda_j x_ij <= theta x_io   (each input i)
                     sum_j lambda_j y_rj >= y_ro         (each output r)
                     lambda >= 0

solved with scipy.optimize.linprog(method="highs"), one call per DMU. The constraint matrix
over the units is built once; per DMU only the theta column and the right-hand side change,
which is as cheap as this approach gets (it still pays linprog's set-up and a fresh HiGHS
solve per DMU, as pyDEA-style tools do).

A full 20,000-DMU run takes tens of minutes, so by default a seeded random sample of --sample
DMUs is solved (each still against every unit) and the per-DMU time reported; --all solves
every DMU.

Writes CSV `<id>,efficiency,status` for the solved DMUs (in file order) to --out, and one JSON
line of timings to standard output (to standard error when the CSV goes to standard output).
Use Debian's /usr/bin/python3 (numpy + scipy).
"""
import argparse
import csv
import json
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linprog
from scipy.sparse import csc_matrix


def read_units(path, id_col, inputs, outputs):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        try:
            id_i = header.index(id_col)
            in_i = [header.index(c) for c in inputs]
            out_i = [header.index(c) for c in outputs]
        except ValueError as e:
            sys.exit(f"scipy_dea: {path}: column {e}")
        ids, x, y = [], [], []
        for row in reader:
            ids.append(row[id_i])
            x.append([float(row[i]) for i in in_i])
            y.append([float(row[i]) for i in out_i])
    return ids, np.array(x), np.array(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="CSV of units")
    ap.add_argument("--id", default="unit", help="id column (default unit)")
    ap.add_argument("--inputs", default="x1,x2,x3", help="input columns (default x1,x2,x3)")
    ap.add_argument("--outputs", default="y1,y2", help="output columns (default y1,y2)")
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--sample", type=int, default=200,
                       help="solve a random sample of this many DMUs (default 200)")
    which.add_argument("--all", action="store_true", help="solve every DMU")
    ap.add_argument("--seed", type=int, default=4, help="seed for the sample (default 4)")
    ap.add_argument("--out", default="-", help="CSV of scores (default: standard output)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    ids, x, y = read_units(args.data, args.id, args.inputs.split(","), args.outputs.split(","))
    n, m, s = len(ids), x.shape[1], y.shape[1]
    if args.all or args.sample >= n:
        chosen = np.arange(n)
    else:
        chosen = np.sort(np.random.default_rng(args.seed).choice(n, size=args.sample, replace=False))
    t_read = time.perf_counter() - t0

    # Variables [theta, lambda_1..lambda_n]; rows: m inputs (<= 0), then s outputs (<= -y_o).
    t0 = time.perf_counter()
    dense = np.zeros((m + s, n + 1))
    dense[:m, 1:] = x.T
    dense[m:, 1:] = -y.T
    dense[:m, 0] = -1.0               # theta's column: placeholders, set to -x_o per DMU
    a_ub = csc_matrix(dense)
    theta_col = slice(a_ub.indptr[0], a_ub.indptr[1])
    assert list(a_ub.indices[theta_col]) == list(range(m))
    c = np.zeros(n + 1)
    c[0] = 1.0
    b_ub = np.zeros(m + s)
    t_build = time.perf_counter() - t0

    rows = []
    not_optimal = 0
    t0 = time.perf_counter()
    for o in chosen:
        a_ub.data[theta_col] = -x[o]
        b_ub[m:] = -y[o]
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
        if res.status == 0:
            rows.append((ids[o], repr(float(res.fun)), "optimal"))
        else:
            not_optimal += 1
            rows.append((ids[o], "", f"status {res.status}: {res.message}"))
    t_solve = time.perf_counter() - t0

    sink = sys.stdout if args.out == "-" else open(args.out, "w", newline="")
    w = csv.writer(sink, lineterminator="\n")
    w.writerow([args.id, "efficiency", "status"])
    w.writerows(rows)
    if sink is not sys.stdout:
        sink.close()

    k = len(chosen)
    summary = {
        "units": n, "solved": k, "all": bool(k == n), "seed": args.seed,
        "read_s": t_read, "build_s": t_build, "solve_s": t_solve,
        "per_dmu_s": t_solve / k if k else 0.0, "not_optimal": not_optimal,
        "scipy": scipy.__version__, "method": "highs",
    }
    print(json.dumps(summary), file=sys.stderr if args.out == "-" else sys.stdout, flush=True)


if __name__ == "__main__":
    main()
