#!/usr/bin/python3
"""Independent re-solve of every published value in tests/data/benchmark/.

Documentation of how the fixtures were checked; NOT part of the C++ test suite.
Run with the Debian interpreter (needs numpy + scipy only):

    /usr/bin/python3 tests/data/benchmark/check_fixtures.py

For every expected cell it solves the corresponding DEA linear programme with
scipy.optimize.linprog(method="highs"), prints the max abs difference per
column, and exits non-zero if any difference exceeds the published rounding
(half a unit in the last published digit, plus 1e-9; for the DEA.jl fixtures,
which print 6 significant digits, half a unit in the 6th significant digit).

Column naming convention (see README.md):
  <rts>_input_efficiency     theta (<= 1), rts in crs/vrs/nirs/ndrs
  <rts>_output_phi           phi (>= 1)
  <rts>_output_te            1/phi (<= 1)
  super_<rts>_input          Andersen-Petersen super-efficiency (unit removed
                             from the reference set), input oriented
  slack_<col>                max-slack second stage of the dataset's default model
  <rts>_<orient>_slack_<col> max-slack second stage of the named model
  target_<col>               projection of the default model (theta*x - s, y + s)
  peers                      "id:lambda;id:lambda" of the default model
  malmquist, efficiency_change, technical_change, pure_efficiency_change,
  scale_efficiency_change    Malmquist decomposition between period_from and
                             period_to (geometric mean of the two technologies)
"""
import csv
import math
import os
import sys

import numpy as np
from scipy.optimize import linprog

HERE = os.path.dirname(os.path.abspath(__file__))
EPS = 1e-9


# --------------------------------------------------------------------------
# LP building blocks
# --------------------------------------------------------------------------
def _rts_constraints(n, rts, nvar_before, nvar_after):
    """Return (A_ub, b_ub, A_eq, b_eq) rows on the lambda block for the RTS."""
    row = np.r_[np.zeros(nvar_before), np.ones(n), np.zeros(nvar_after)]
    if rts == "crs":
        return [], [], [], []
    if rts == "vrs":
        return [], [], [row], [1.0]
    if rts == "nirs":  # sum lambda <= 1
        return [row], [1.0], [], []
    if rts == "ndrs":  # sum lambda >= 1
        return [-row], [-1.0], [], []
    raise ValueError(rts)


def radial(XR, YR, x0, y0, rts="crs", orient="in"):
    """Envelopment form.  XR: m x n, YR: s x n reference technology.

    orient "in":  min theta  s.t. XR l <= theta x0, YR l >= y0
    orient "out": max phi    s.t. XR l <= x0,       YR l >= phi y0
    Returns theta / phi, or None if the LP is infeasible (e.g. VRS
    super-efficiency).
    """
    m, n = XR.shape
    s = YR.shape[0]
    if orient == "in":
        c = np.r_[1.0, np.zeros(n)]
        A = np.vstack([np.c_[-x0, XR], np.c_[np.zeros(s), -YR]])
        b = np.r_[np.zeros(m), -y0]
    else:
        c = np.r_[-1.0, np.zeros(n)]
        A = np.vstack([np.c_[np.zeros(m), XR], np.c_[y0, -YR]])
        b = np.r_[x0, np.zeros(s)]
    Aub, bub, Aeq, beq = _rts_constraints(n, rts, 1, 0)
    A = np.vstack([A] + Aub) if Aub else A
    b = np.r_[b, bub] if bub else b
    kw = {}
    if Aeq:
        kw = dict(A_eq=np.array(Aeq), b_eq=np.array(beq))
    r = linprog(c, A_ub=A, b_ub=b, bounds=[(None, None)] + [(0, None)] * n,
                method="highs", **kw)
    if r.status != 0:
        return None
    return r.x[0]


def _phase2_system(XR, YR, x0, y0, score, rts, orient):
    """Equality system of the optimal face: XR l + sx = x_t, YR l - sy = y_t."""
    m, n = XR.shape
    s = YR.shape[0]
    if orient == "in":
        xt, yt = score * x0, y0
    else:
        xt, yt = x0, score * y0
    Aeq = np.vstack([np.c_[XR, np.eye(m), np.zeros((m, s))],
                     np.c_[YR, np.zeros((s, m)), -np.eye(s)]])
    beq = np.r_[xt, yt]
    Aub, bub, Aeq2, beq2 = _rts_constraints(n, rts, 0, m + s)
    if Aeq2:
        Aeq = np.vstack([Aeq] + Aeq2)
        beq = np.r_[beq, beq2]
    return Aeq, beq, (np.array(Aub) if Aub else None), (np.array(bub) if bub else None)


def max_slacks(XR, YR, x0, y0, score, rts, orient):
    """Second stage: maximise the sum of slacks at the optimal theta/phi."""
    m, n = XR.shape
    s = YR.shape[0]
    Aeq, beq, Aub, bub = _phase2_system(XR, YR, x0, y0, score, rts, orient)
    c = np.r_[np.zeros(n), -np.ones(m + s)]
    r = linprog(c, A_ub=Aub, b_ub=bub, A_eq=Aeq, b_eq=beq,
                bounds=[(0, None)] * (n + m + s), method="highs")
    assert r.status == 0, r.message
    return r.x[:n], r.x[n:n + m], r.x[n + m:], -r.fun


def lambda_check(XR, YR, x0, y0, score, rts, orient, published, ids, tol):
    """Is there an optimal (max-slack) solution whose lambdas agree with the
    published peer weights to within tol (unlisted units at 0)?  Also return
    the width of each lambda's range over that optimal face (uniqueness)."""
    m, n = XR.shape
    s = YR.shape[0]
    _, _, _, slack_sum = max_slacks(XR, YR, x0, y0, score, rts, orient)
    Aeq, beq, Aub, bub = _phase2_system(XR, YR, x0, y0, score, rts, orient)
    # fix the slack sum at its maximum (the optimal face)
    Aeq = np.vstack([Aeq, np.r_[np.zeros(n), np.ones(m + s)]])
    beq = np.r_[beq, slack_sum]
    bounds = []
    for j in range(n):
        w = published.get(ids[j], 0.0)
        bounds.append((max(0.0, w - tol), w + tol))
    bounds += [(0, None)] * (m + s)
    # feasibility with relaxed equalities (rounded lambdas cannot hit the
    # equalities exactly): |Aeq z - beq| <= tol * (row scale)
    scale = np.maximum(1.0, np.abs(Aeq).sum(axis=1)) * tol
    A_ub2 = np.vstack([Aeq, -Aeq])
    b_ub2 = np.r_[beq + scale, -beq + scale]
    if Aub is not None:
        A_ub2 = np.vstack([A_ub2, Aub])
        b_ub2 = np.r_[b_ub2, bub]
    r = linprog(np.zeros(n + m + s), A_ub=A_ub2, b_ub=b_ub2, bounds=bounds,
                method="highs")
    feasible = r.status == 0
    # uniqueness: range of each lambda over the optimal face
    widths = []
    free_bounds = [(0, None)] * (n + m + s)
    for j in range(n):
        e = np.zeros(n + m + s)
        e[j] = 1.0
        lo = linprog(e, A_ub=Aub, b_ub=bub, A_eq=Aeq, b_eq=beq,
                     bounds=free_bounds, method="highs")
        hi = linprog(-e, A_ub=Aub, b_ub=bub, A_eq=Aeq, b_eq=beq,
                     bounds=free_bounds, method="highs")
        widths.append(-hi.fun - lo.fun)
    return feasible, max(widths)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def read_csv(name):
    with open(os.path.join(HERE, name), newline="") as f:
        return list(csv.DictReader(f))


def tolerance(text, mode):
    text = text.strip()
    if mode == "sig6":
        v = float(text)
        if v == 0.0:
            return EPS
        return 0.5 * 10 ** (math.floor(math.log10(abs(v))) - 5) + EPS
    if "." in text:
        d = len(text.split(".")[1])
    else:
        d = 0
    return 0.5 * 10 ** (-d) + EPS


class Report:
    def __init__(self):
        self.failed = False

    def column(self, dataset, col, pairs):
        """pairs: list of (published_text, computed, tol, label)."""
        diffs = [abs(float(p) - c) for p, c, _, _ in pairs]
        worst = max(diffs) if diffs else 0.0
        bad = [(lab, p, c) for (p, c, t, lab), d in zip(pairs, diffs) if d > t]
        status = "OK" if not bad else "FAIL"
        if bad:
            self.failed = True
        print(f"  {dataset:28s} {col:32s} n={len(pairs):3d} "
              f"max|diff|={worst:.3g}  {status}")
        for lab, p, c in bad:
            print(f"      !! {lab}: published {p} computed {c:.9g}")

    def flag(self, dataset, col, ok, msg):
        if not ok:
            self.failed = True
        print(f"  {dataset:28s} {col:32s} {msg}  {'OK' if ok else 'FAIL'}")


# --------------------------------------------------------------------------
# cross-sectional fixtures
# --------------------------------------------------------------------------
def check_cross_section(rep, name, data_file, expected_file, inputs, outputs,
                        default_model, mode):
    data = read_csv(data_file)
    exp = read_csv(expected_file)
    ids = [r["dmu"] for r in data]
    X = np.array([[float(r[c]) for r in data] for c in inputs])
    Y = np.array([[float(r[c]) for r in data] for c in outputs])
    idx = {d: j for j, d in enumerate(ids)}
    cols = [c for c in exp[0].keys() if c != "dmu"]
    cache = {}

    def model_solution(j, rts, orient):
        key = (j, rts, orient)
        if key not in cache:
            sc = radial(X, Y, X[:, j], Y[:, j], rts, orient)
            lam, sx, sy, _ = max_slacks(X, Y, X[:, j], Y[:, j], sc, rts, orient)
            cache[key] = (sc, lam, sx, sy)
        return cache[key]

    for col in cols:
        pairs = []
        for row in exp:
            text = row[col].strip()
            if text == "":
                continue
            j = idx[row["dmu"]]
            x0, y0 = X[:, j], Y[:, j]
            lab = f"dmu {row['dmu']}"
            if col == "peers":
                rts, orient = default_model
                sc = radial(X, Y, x0, y0, rts, orient)
                pub = {}
                for part in text.split(";"):
                    k, v = part.split(":")
                    pub[k] = float(v)
                tol = max(tolerance(v, mode) for v in
                          [p.split(":")[1] for p in text.split(";")])
                feas, width = lambda_check(X, Y, x0, y0, sc, rts, orient, pub,
                                           ids, tol)
                rep.flag(name, f"peers[{row['dmu']}]", feas,
                         ("published lambdas attainable" if feas else
                          "published lambdas NOT attainable")
                         + f"; lambda range width "
                         f"on optimal face={width:.3g}"
                         + (" (non-unique)" if width > 1e-7 else " (unique)"))
                continue
            parts = col.split("_")
            if col.startswith("super_"):
                # super_<rts>_<orient>
                rts, orient = parts[1], ("in" if parts[2] == "input" else "out")
                keep = [k for k in range(len(ids)) if k != j]
                v = radial(X[:, keep], Y[:, keep], x0, y0, rts, orient)
                if text.lower() in ("infeasible", "inf", "na"):
                    rep.flag(name, f"{col}[{row['dmu']}]", v is None,
                             "published infeasible")
                    continue
                pairs.append((text, v, tolerance(text, mode), lab))
            elif col.endswith("_input_efficiency"):
                v = model_solution(j, parts[0], "in")[0]
                pairs.append((text, v, tolerance(text, mode), lab))
            elif col.endswith("_output_phi"):
                v = model_solution(j, parts[0], "out")[0]
                pairs.append((text, v, tolerance(text, mode), lab))
            elif col.endswith("_output_te"):
                v = 1.0 / model_solution(j, parts[0], "out")[0]
                pairs.append((text, v, tolerance(text, mode), lab))
            elif "slack_" in col:
                if col.startswith("slack_"):
                    rts, orient = default_model
                    var = col[len("slack_"):]
                else:
                    rts = parts[0]
                    orient = "in" if parts[1] == "input" else "out"
                    var = col.split("_slack_")[1]
                sc, lam, sx, sy = model_solution(j, rts, orient)
                v = sx[inputs.index(var)] if var in inputs else sy[outputs.index(var)]
                pairs.append((text, v, tolerance(text, mode), lab))
            elif col.startswith("target_"):
                rts, orient = default_model
                var = col[len("target_"):]
                sc, lam, sx, sy = model_solution(j, rts, orient)
                if var in inputs:
                    k = inputs.index(var)
                    v = (sc if orient == "in" else 1.0) * X[k, j] - sx[k]
                else:
                    k = outputs.index(var)
                    v = (1.0 if orient == "in" else sc) * Y[k, j] + sy[k]
                pairs.append((text, v, tolerance(text, mode), lab))
            else:
                raise ValueError(f"unknown column {col}")
        if pairs:
            rep.column(name, col, pairs)


# --------------------------------------------------------------------------
# panel / Malmquist fixtures
# --------------------------------------------------------------------------
def panel_matrices(data_file, inputs, outputs):
    data = read_csv(data_file)
    periods = sorted({int(r["period"]) for r in data})
    ids = []
    for r in data:
        if r["dmu"] not in ids:
            ids.append(r["dmu"])
    XT, YT = {}, {}
    for t in periods:
        rows = {r["dmu"]: r for r in data if int(r["period"]) == t}
        XT[t] = np.array([[float(rows[d][c]) for d in ids] for c in inputs])
        YT[t] = np.array([[float(rows[d][c]) for d in ids] for c in outputs])
    return ids, periods, XT, YT


def te(XT, YT, ref, obs, j, rts, orient):
    """Farrell-type technical efficiency of unit j observed in period obs,
    measured against the technology of period ref.  Input orientation: theta;
    output orientation: 1/phi (a Shephard output distance).  Values > 1 are
    possible for cross-period comparisons."""
    sc = radial(XT[ref], YT[ref], XT[obs][:, j], YT[obs][:, j], rts, orient)
    return sc if orient == "in" else 1.0 / sc


def malmquist(XT, YT, j, t0, t1, orient):
    d00 = te(XT, YT, t0, t0, j, "crs", orient)
    d11 = te(XT, YT, t1, t1, j, "crs", orient)
    d01 = te(XT, YT, t0, t1, j, "crs", orient)  # tech t0, obs t1
    d10 = te(XT, YT, t1, t0, j, "crs", orient)  # tech t1, obs t0
    v00 = te(XT, YT, t0, t0, j, "vrs", orient)
    v11 = te(XT, YT, t1, t1, j, "vrs", orient)
    effch = d11 / d00
    techch = math.sqrt((d01 / d11) * (d00 / d10))
    pech = v11 / v00
    return {
        "malmquist": effch * techch,
        "efficiency_change": effch,
        "technical_change": techch,
        "pure_efficiency_change": pech,
        "scale_efficiency_change": effch / pech,
    }


def check_malmquist(rep, name, data_file, expected_file, inputs, outputs,
                    orient, mode):
    ids, periods, XT, YT = panel_matrices(data_file, inputs, outputs)
    exp = read_csv(expected_file)
    cols = [c for c in exp[0].keys() if c not in ("dmu", "period_from", "period_to")]
    res = {}
    for row in exp:
        j = ids.index(row["dmu"])
        key = (row["dmu"], row["period_from"], row["period_to"])
        res[key] = malmquist(XT, YT, j, int(row["period_from"]),
                             int(row["period_to"]), orient)
    for col in cols:
        pairs = []
        for row in exp:
            text = row[col].strip()
            if text == "":
                continue
            key = (row["dmu"], row["period_from"], row["period_to"])
            pairs.append((text, res[key][col], tolerance(text, mode),
                          f"dmu {row['dmu']} {row['period_from']}->{row['period_to']}"))
        rep.column(name, col, pairs)


def check_distances(rep, name, data_file, expected_file, inputs, outputs, mode):
    ids, periods, XT, YT = panel_matrices(data_file, inputs, outputs)
    exp = read_csv(expected_file)
    spec = {
        "crs_output_te": ("crs", 0),
        "crs_output_te_ref_prev": ("crs", -1),
        "crs_output_te_ref_next": ("crs", +1),
        "vrs_output_te": ("vrs", 0),
    }
    for col, (rts, shift) in spec.items():
        pairs = []
        for row in exp:
            text = row[col].strip()
            if text == "":
                continue
            j = ids.index(row["dmu"])
            t = int(row["period"])
            v = te(XT, YT, t + shift, t, j, rts, "out")
            pairs.append((text, v, tolerance(text, mode),
                          f"dmu {row['dmu']} period {t}"))
        rep.column(name, col, pairs)


# --------------------------------------------------------------------------
def main():
    rep = Report()
    print("Re-solving published values with scipy.optimize.linprog(method='highs')")
    print(f"  {'dataset':28s} {'column':32s}")

    check_cross_section(rep, "coelli_deap_eg1", "coelli_deap_eg1.csv",
                        "coelli_deap_eg1_expected.csv",
                        inputs=["x1", "x2"], outputs=["y"],
                        default_model=("crs", "in"), mode="decimals")

    check_malmquist(rep, "coelli_deap_eg4", "coelli_deap_eg4.csv",
                    "coelli_deap_eg4_expected.csv",
                    inputs=["x"], outputs=["y"], orient="out", mode="decimals")
    check_distances(rep, "coelli_deap_eg4(distances)", "coelli_deap_eg4.csv",
                    "coelli_deap_eg4_distances_expected.csv",
                    inputs=["x"], outputs=["y"], mode="decimals")

    check_cross_section(rep, "dea_jl_radial", "dea_jl_radial.csv",
                        "dea_jl_radial_expected.csv",
                        inputs=["x1", "x2"], outputs=["y"],
                        default_model=("crs", "in"), mode="sig6")

    check_malmquist(rep, "dea_jl_malmquist", "dea_jl_malmquist.csv",
                    "dea_jl_malmquist_expected.csv",
                    inputs=["x"], outputs=["y"], orient="in", mode="sig6")

    print("RESULT:", "FAIL" if rep.failed else "all published values reproduced "
          "within published rounding")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
