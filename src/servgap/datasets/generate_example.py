"""Generate the bundled example survey (servqual_example.csv) from a fixed seed.

Run ``python -m servgap.datasets.generate_example`` to rewrite the file; the test suite checks
that the shipped file equals what this script produces.

The survey is simulated, not collected: 400 customers of a bank with three branches (Jakarta,
Bandung, Surabaya) and two customer types (new, regular) answer the 22 SERVQUAL items on a
7-point scale, for expectation (E_1 … E_22) and perception (P_1 … P_22), rate each item's
importance (I_1 … I_22) and split 100 points over the five dimensions (W_Tangibles …
W_Empathy). Answers follow a one-factor-per-dimension model: each respondent has a latent
expectation and a latent perception level per dimension, correlated across dimensions; each
item adds its own offset and noise, and the result is rounded and clipped to 1–7.
Built in: Bandung is slower (lower Responsiveness perception), regular customers expect more,
about 2 % of answers are missing at random, 3 respondents' points do not sum to 100.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261123
N_RESPONDENTS = 400
DIMENSIONS = {
    "Tangibles": range(1, 5), "Reliability": range(5, 10), "Responsiveness": range(10, 14),
    "Assurance": range(14, 18), "Empathy": range(18, 23),
}
# dimension → (mean expectation, mean perception) on the latent 1–7 scale
LEVELS = {
    "Tangibles": (5.6, 5.2), "Reliability": (6.4, 5.1), "Responsiveness": (6.1, 5.0),
    "Assurance": (6.2, 5.6), "Empathy": (5.8, 4.9),
}
PATH = Path(__file__).with_name("servqual_example.csv")


def generate(seed: int = SEED, n: int = N_RESPONDENTS) -> pd.DataFrame:
    """Simulate the example survey as a raw table (one row per respondent)."""
    rng = np.random.default_rng(seed)
    branch = rng.choice(["Jakarta", "Bandung", "Surabaya"], size=n, p=[0.45, 0.30, 0.25])
    customer = rng.choice(["new", "regular"], size=n, p=[0.35, 0.65])
    dims = list(DIMENSIONS)
    k = len(dims)
    corr = np.full((k, k), 0.55) + np.eye(k) * 0.45
    latent_e = rng.multivariate_normal(np.zeros(k), corr * 0.35, size=n, method="cholesky")
    latent_p = rng.multivariate_normal(np.zeros(k), corr * 0.8, size=n, method="cholesky")
    table = {"respondent": [f"R{i:03d}" for i in range(1, n + 1)], "branch": branch, "customer_type": customer}
    e_cols, p_cols, i_cols = {}, {}, {}
    for d, dim in enumerate(dims):
        e_mean, p_mean = LEVELS[dim]
        e_level = e_mean + latent_e[:, d] + 0.3 * (customer == "regular")
        p_level = p_mean + latent_p[:, d] - 0.7 * ((branch == "Bandung") & (dim == "Responsiveness"))
        for item in DIMENSIONS[dim]:
            offset_e, offset_p = rng.normal(0, 0.2), rng.normal(0, 0.25)
            e = e_level + offset_e + rng.normal(0, 0.55, n)
            p = p_level + offset_p + rng.normal(0, 0.7, n)
            imp = e_level + rng.normal(0, 0.6, n) - 0.2
            e_cols[f"E_{item}"] = np.clip(np.rint(e), 1, 7)
            p_cols[f"P_{item}"] = np.clip(np.rint(p), 1, 7)
            i_cols[f"I_{item}"] = np.clip(np.rint(imp), 1, 7)
    table.update(e_cols)
    table.update(p_cols)
    table.update(i_cols)
    frame = pd.DataFrame(table)
    answer_cols = [*e_cols, *p_cols, *i_cols]
    values = frame[answer_cols].to_numpy(dtype=float, copy=True)
    values[rng.random(values.shape) < 0.02] = np.nan
    frame[answer_cols] = values
    frame[answer_cols] = frame[answer_cols].astype("Int64")
    points = rng.dirichlet([4.0, 6.0, 5.0, 5.0, 4.0], size=n) * 100
    points = np.rint(points / 5) * 5
    points[:, -1] = 100 - points[:, :-1].sum(axis=1)
    bad = points[:, -1] < 0
    points[bad] = 20
    odd = rng.choice(n, size=3, replace=False)
    points[odd, 0] += 10  # three respondents whose points sum to 110
    for d, dim in enumerate(dims):
        frame[f"W_{dim}"] = points[:, d].astype(int)
    return frame


def main() -> None:
    frame = generate()
    frame.to_csv(PATH, index=False, lineterminator="\n")
    print(f"wrote {PATH} ({len(frame)} respondents, {frame.shape[1]} columns)")


if __name__ == "__main__":
    main()
