#!/usr/bin/python3
"""Deterministic synthetic production data for the DEA benchmark (issue 4).

N units, 3 inputs, 2 outputs, written as CSV `unit,x1,x2,x3,y1,y2` with every number printed
in full precision (Python's repr: the shortest decimal that round-trips the double).

Data-generating process (a common one in DEA simulation studies):
  - inputs x1, x2, x3 independent uniform on [10, 100);
  - frontier aggregate output f(x) = 2 * x1^0.30 * x2^0.35 * x3^0.32, a Cobb-Douglas
    technology with returns to scale 0.97 (near constant);
  - technical inefficiency u ~ |N(0, 0.3^2)| (half-normal), so each unit produces
    Y = f(x) * exp(-u), i.e. efficiency exp(-u) ~ 0.79 on average against the true frontier;
  - output mix: an angle phi uniform on [0.1, 0.9] * pi/2 splits Y between the two outputs on a
    quarter circle (y1 = Y cos phi, y2 = Y sin phi), a concave transformation curve, so
    units differ in what they produce as well as how much.

Only numpy is needed (Debian's /usr/bin/python3 has it). Same --units and --seed give the same
file byte for byte.
"""
import argparse
import math
import sys

import numpy as np

ELASTICITIES = (0.30, 0.35, 0.32)
SCALE = 2.0
INPUT_LOW, INPUT_HIGH = 10.0, 100.0
SIGMA_U = 0.3
MIX_LOW, MIX_HIGH = 0.1, 0.9


def generate(units, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(INPUT_LOW, INPUT_HIGH, size=(units, 3))
    frontier = SCALE * np.prod(x ** np.array(ELASTICITIES), axis=1)
    u = np.abs(rng.normal(0.0, SIGMA_U, size=units))
    total = frontier * np.exp(-u)
    phi = rng.uniform(MIX_LOW, MIX_HIGH, size=units) * (math.pi / 2)
    y = np.column_stack((total * np.cos(phi), total * np.sin(phi)))
    return x, y


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, required=True, help="number of units (DMUs)")
    ap.add_argument("--seed", type=int, default=4, help="random seed (default 4)")
    ap.add_argument("--out", default="-", help="CSV file to write (default: standard output)")
    args = ap.parse_args()
    if args.units < 1:
        ap.error("--units must be at least 1")

    x, y = generate(args.units, args.seed)
    width = len(str(args.units))
    lines = ["unit,x1,x2,x3,y1,y2\n"]
    for i in range(args.units):
        values = ",".join(repr(float(v)) for v in (*x[i], *y[i]))
        lines.append(f"u{i + 1:0{width}d},{values}\n")
    text = "".join(lines)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", newline="") as f:
            f.write(text)


if __name__ == "__main__":
    main()
