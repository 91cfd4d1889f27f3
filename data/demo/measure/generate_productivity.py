#!/usr/bin/env python3
"""Writes activity.csv and inputs.csv beside this script: ILLUSTRATIVE adult social care
activity volumes, unit costs and spending for the eight demo councils, 2018-19 to 2023-24.

Deterministic (no random module): the same script always writes the same files. Run it from
anywhere with `python3 data/demo/measure/generate_productivity.py`; the files are committed, so
the demo needs no Python. See data/demo/README.md ("Measurement inputs") for the method.
"""
import os

YEARS = ["2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]

# Council code -> (scale relative to Leeds, yearly drift of spending over activity cost).
# Scale: roughly each council's adult population relative to Leeds; drift: positive means
# spending grows faster than the cost of the activity it buys (productivity falls).
COUNCILS = [
    ("E08000035", 1.00, -0.010),  # Leeds
    ("E08000003", 0.70, 0.000),   # Manchester
    ("E08000025", 1.35, 0.015),   # Birmingham
    ("E10000016", 1.95, 0.008),   # Kent
    ("E09000007", 0.33, 0.004),   # Camden
    ("E06000023", 0.60, -0.004),  # Bristol
    ("E06000052", 0.75, 0.002),   # Cornwall
    ("E06000005", 0.14, -0.012),  # Darlington
]

# Activity -> (Leeds 2018-19 volume, 2018-19 unit cost £, yearly volume growth, yearly unit
# cost growth, 2020-21 (pandemic) volume factor, input line that pays for it).
ACTIVITIES = [
    ("home_care_hours", 2_400_000, 18.50, 0.020, 0.060, 1.03, "purchased_care"),
    ("residential_care_weeks", 110_000, 620.0, -0.010, 0.070, 0.92, "purchased_care"),
    ("nursing_care_weeks", 42_000, 720.0, -0.005, 0.070, 0.94, "purchased_care"),
    ("reablement_episodes", 3_200, 1_900.0, 0.030, 0.040, 0.90, "staff"),
    ("assessments", 9_500, 340.0, 0.025, 0.045, 0.95, "staff"),
]

# Illustrative price index (2022-23 = 100), shaped like the GDP deflator; NOT published values.
DEFLATOR = [88.0, 89.9, 94.5, 94.6, 100.0, 106.4]

# Staff spending also pays for care management, safeguarding and overheads.
STAFF_OVERHEAD = 2.2


def noise(*keys):
    """A deterministic number in [-1, 1) from integer keys (Knuth multiplicative hash)."""
    h = 0
    for k in keys:
        h = (h * 1_000_003 + k + 1) % 2**32
    h = (h * 2_654_435_761) % 2**32
    return h / 2**31 - 1.0


def money(x):
    """Whole thousands of pounds."""
    return int(round(x / 1000.0)) * 1000


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    activity_rows, input_rows = [], []
    for c, (code, scale, drift) in enumerate(COUNCILS):
        for t, year in enumerate(YEARS):
            cost_by_line = {"purchased_care": 0.0, "staff": 0.0}
            for a, (name, volume0, cost0, vg, cg, covid, line) in enumerate(ACTIVITIES):
                volume = volume0 * scale * (1 + vg) ** t * (1 + 0.02 * noise(c, t, a, 1))
                if year == "2020-21":
                    volume *= covid
                cost = cost0 * (1 + cg) ** t * (1 + 0.03 * noise(c, a, 2)) * (
                    1 + 0.01 * noise(c, t, a, 3))
                volume = int(round(volume))
                cost = round(cost, 2)
                activity_rows.append((code, year, name, volume, cost))
                cost_by_line[line] += volume * cost
            factor = (1 + drift) ** t
            input_rows.append((code, year, "purchased_care",
                               money(cost_by_line["purchased_care"] * factor *
                                     (1 + 0.015 * noise(c, t, 4))), DEFLATOR[t]))
            input_rows.append((code, year, "staff",
                               money(cost_by_line["staff"] * STAFF_OVERHEAD * factor *
                                     (1 + 0.015 * noise(c, t, 5))), DEFLATOR[t]))

    with open(os.path.join(here, "activity.csv"), "w", newline="\n") as f:
        f.write("body,period,activity,volume,unit_cost\n")
        for code, year, name, volume, cost in activity_rows:
            f.write(f"{code},{year},{name},{volume},{cost:.2f}\n")
    with open(os.path.join(here, "inputs.csv"), "w", newline="\n") as f:
        f.write("body,period,input,expenditure,deflator\n")
        for code, year, line, spend, deflator in input_rows:
            f.write(f"{code},{year},{line},{spend},{deflator}\n")


if __name__ == "__main__":
    main()
