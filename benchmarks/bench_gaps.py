"""Loading and gap scores at scale, against baselines measured in the same run.

    python benchmarks/bench_gaps.py [n_respondents]

Prints, for a SERVQUAL-22 survey with n respondents (default 200 000) and 5 branches:
- read_survey on a CSV file vs pandas.read_csv of the same file (the floor: reading text);
- gap_scores per level and branch vs a plain pandas computation of the same means
  (groupby-mean of the respondent gaps, no standard errors): the price of the full table.
"""

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import servgap


def timed(func, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(n: int = 200_000) -> None:
    rng = np.random.default_rng(0)
    raw = pd.DataFrame({**{f"E_{i}": rng.integers(1, 8, n) for i in range(1, 23)},
                        **{f"P_{i}": rng.integers(1, 8, n) for i in range(1, 23)}})
    raw["branch"] = rng.choice(list("ABCDE"), n)
    raw = raw.mask(rng.random(raw.shape) < 0.02)
    raw["branch"] = raw["branch"].fillna("A")
    path = Path(tempfile.mkdtemp()) / "survey.csv"
    raw.to_csv(path, index=False)

    t_read, _ = timed(lambda: pd.read_csv(path), repeat=2)
    t_load, survey = timed(lambda: servgap.read_survey(path, "servqual22", segments=["branch"]), repeat=2)
    print(f"n = {n:,} respondents x 22 item pairs")
    print(f"read_survey(csv)         {t_load:7.3f} s   pandas.read_csv {t_read:7.3f} s   ratio {t_load / t_read:5.2f}")

    gaps = pd.DataFrame(raw.filter(like="P_").to_numpy() - raw.filter(like="E_").to_numpy(),
                        columns=[str(i) for i in range(1, 23)])
    gaps["branch"] = raw["branch"]
    dims = servgap.instruments.get("servqual22").dimensions

    def naive_dimension():
        per = pd.DataFrame({d: gaps[list(items)].mean(axis=1) for d, items in dims.items()})
        per["branch"] = gaps["branch"]
        return per.groupby("branch").mean()

    baselines = {"item": lambda: gaps.groupby("branch").mean(), "dimension": naive_dimension,
                 "overall": lambda: naive_dimension().mean(axis=1)}
    for level, baseline in baselines.items():
        t_base, _ = timed(baseline)
        t_ours, _ = timed(lambda: servgap.gap_scores(survey, level=level, by="branch"))
        print(f"gap_scores({level:<9}, by)  {t_ours:7.3f} s   pandas means    {t_base:7.3f} s   "
              f"ratio {t_ours / t_base:5.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
