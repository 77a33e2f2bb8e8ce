"""Write the survey datasets that generate_reliability.R reads (fixed seed, deterministic).

Run from the repository root:  python tests/reference/make_reliability_data.py
Each CSV has columns id, branch, E_1..E_22, P_1..P_22 (SERVQUAL layout: Tangibles 1-4,
Reliability 5-9, Responsiveness 10-13, Assurance 14-17, Empathy 18-22).
"""

from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).parent / "reliability"
SIZES = [4, 5, 4, 4, 5]


def simulate(rng, n, high, loading=0.8):
    """Paired answers on a 1..high scale from correlated dimension factors."""
    k = sum(SIZES)
    dim_of_item = np.repeat(np.arange(len(SIZES)), SIZES)
    corr = np.full((10, 10), 0.35) + np.eye(10) * 0.65  # 5 E factors then 5 P factors
    factors = rng.multivariate_normal(np.zeros(10), corr, size=n)
    spread = (high - 1) / 4
    answers = {}
    for kind, offset, centre in (("E", 0, 0.8), ("P", 5, 0.55)):
        latent = factors[:, offset + dim_of_item] * loading + rng.normal(0, 0.6, (n, k))
        raw = 1 + (high - 1) * centre + spread * latent + rng.normal(0, 0.3, k)
        values = np.clip(np.rint(raw), 1, high)
        for i in range(k):
            answers[f"{kind}_{i + 1}"] = values[:, i]
    frame = pd.DataFrame(answers)
    frame.insert(0, "branch", rng.choice(["north", "south"], n))
    frame.insert(0, "id", [f"R{i + 1:03d}" for i in range(n)])
    return frame


def main():
    rng = np.random.default_rng(20240603)
    OUT.mkdir(exist_ok=True)
    datasets = {
        "likert5": simulate(rng, 200, 5),
        "likert7": simulate(rng, 150, 7),
        "n30": simulate(rng, 30, 5),
    }
    missing = simulate(rng, 220, 7)
    items = [c for c in missing.columns if c[:2] in ("E_", "P_")]
    holes = rng.random((len(missing), len(items))) < 0.06
    missing[items] = missing[items].mask(holes)
    datasets["missing"] = missing
    reverse = simulate(rng, 120, 5)
    reverse["P_3"] = 6 - reverse["P_3"]  # a negatively worded item left un-reversed
    datasets["reverse"] = reverse
    zerovar = simulate(rng, 100, 5)
    zerovar["P_2"] = 4.0  # every respondent gave the same answer
    datasets["zerovar"] = zerovar
    for name, frame in datasets.items():
        frame.to_csv(OUT / f"data_{name}.csv", index=False, na_rep="NA", float_format="%.0f")


if __name__ == "__main__":
    main()
