"""Write a synthetic SERVQUAL-22 survey for the benchmarks: 7-point answers, 5 branches.

    python benchmarks/generate.py N PATH        # CSV (or parquet when PATH ends in .parquet)

Each dimension has a latent expectation and perception level per respondent, so items of a
dimension correlate as in real surveys (seed 7; the same file on every machine).
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

import servgap

DIMENSIONS = {"Tangibles": range(1, 5), "Reliability": range(5, 10), "Responsiveness": range(10, 14),
              "Assurance": range(14, 18), "Empathy": range(18, 23)}
INSTRUMENT = servgap.Instrument(name="bench", dimensions={k: [str(i) for i in v] for k, v in DIMENSIONS.items()},
                                scale=(1, 7))


def make_survey(path, n: int, seed: int = 7) -> Path:
    """Write the survey of ``n`` respondents to ``path`` and return the path."""
    rng = np.random.default_rng(seed)
    cols = {"respondent": np.arange(n), "branch": rng.choice(list("ABCDE"), n)}
    k = 0
    for size in (4, 5, 4, 4, 5):
        latent_e, latent_p = rng.normal(size=n), rng.normal(size=n)
        for _ in range(size):
            k += 1
            cols[f"E_{k}"] = np.clip(np.round(5.5 + 0.8 * latent_e + rng.normal(size=n)), 1, 7).astype(np.int8)
            cols[f"P_{k}"] = np.clip(np.round(4.8 + 0.9 * latent_p + rng.normal(size=n)), 1, 7).astype(np.int8)
    frame = pd.DataFrame(cols)
    path = Path(path)
    if path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path


if __name__ == "__main__":
    make_survey(sys.argv[2], int(sys.argv[1]))
