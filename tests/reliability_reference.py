"""Loaders for the R reference values in tests/reference/reliability (no R needed)."""

from pathlib import Path

import pandas as pd

import servgap

REFERENCE = Path(__file__).parent / "reference" / "reliability"
SIZES = {"Tangibles": 4, "Reliability": 5, "Responsiveness": 4, "Assurance": 4, "Empathy": 5}
SCALE_HIGH = {"likert5": 5, "likert7": 7, "n30": 5, "missing": 7, "reverse": 5, "zerovar": 5}


def instrument(high: int) -> servgap.Instrument:
    """The SERVQUAL dimension structure with item ids "1".."22" on a 1..high scale."""
    dims, start = {}, 1
    for name, size in SIZES.items():
        dims[name] = [str(i) for i in range(start, start + size)]
        start += size
    return servgap.Instrument("servqual-test", dims, scale=(1, high))


def survey(dataset: str) -> servgap.Survey:
    """A generated dataset (make_reliability_data.py) read as a Survey."""
    raw = pd.read_csv(REFERENCE / f"data_{dataset}.csv")
    return servgap.read_survey(raw, instrument(SCALE_HIGH[dataset]), id="id", segments=["branch"])


def expected(name: str, **where) -> pd.DataFrame:
    """Rows of a reference CSV, filtered by column values."""
    frame = pd.read_csv(REFERENCE / f"{name}.csv", dtype={"item": str})
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame.reset_index(drop=True)
