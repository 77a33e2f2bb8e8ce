"""The demo analysis: every analysis servgap has, run on the example survey, tables written to CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .datasets import load_example
from .gaps import gap_scores

__all__ = ["run_demo"]


def run_demo(output=None) -> dict[str, pd.DataFrame]:
    """Run the analyses on the example survey; write each table to ``output/<name>.csv``.

    Parameters
    ----------
    output : str or Path, optional
        Folder for the CSV files (created if needed); nothing is written when None.

    Returns
    -------
    dict of str to DataFrame
        Table name → table.

    Examples
    --------
    >>> from servgap.demo import run_demo
    >>> tables = run_demo()
    >>> sorted(tables)[:3]
    ['exclusions', 'gaps_dimension', 'gaps_dimension_by_branch']
    """
    survey = load_example()
    tables = {
        "gaps_item": gap_scores(survey, level="item").table,
        "gaps_dimension": gap_scores(survey, level="dimension").table,
        "gaps_overall": gap_scores(survey, level="overall").table,
        "gaps_overall_weighted": gap_scores(survey, level="overall", weighted=True).table,
        "gaps_dimension_by_branch": gap_scores(survey, level="dimension", by="branch").table,
        "exclusions": survey.exclusions,
    }
    if output is not None:
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            table.to_csv(folder / f"{name}.csv", index=False)
    return tables
