"""The bundled example survey: 400 bank customers, SERVQUAL-22, simulated with a fixed seed.

See :mod:`servgap.datasets.generate_example` for how it was made.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["load_example", "EXAMPLE_PATH"]

EXAMPLE_PATH = Path(__file__).with_name("servqual_example.csv")


def load_example(as_frame: bool = False, *, min_items: int = 1):
    """Load the example SERVQUAL-22 survey.

    400 simulated bank customers in three branches (``branch``: Jakarta, Bandung, Surabaya)
    and two customer types (``customer_type``: new, regular) answer the 22 items on a 7-point
    scale for expectation (``E_1`` … ``E_22``) and perception (``P_1`` … ``P_22``), rate each
    item's importance (``I_1`` … ``I_22``) and split 100 points over the five dimensions
    (``W_Tangibles`` … ``W_Empathy``). About 2 % of answers are missing; three respondents'
    points sum to 110 (rescaled to 100 on load, and logged).

    Parameters
    ----------
    as_frame : bool, default False
        Return the raw table instead of a :class:`~servgap.Survey`.
    min_items : int, default 1
        Passed to :func:`servgap.read_survey`.

    Returns
    -------
    Survey or DataFrame

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> survey = load_example()
    >>> survey.n_respondents, survey.segment_names
    (400, ('branch', 'customer_type'))
    >>> load_example(as_frame=True).shape
    (400, 74)
    """
    frame = pd.read_csv(EXAMPLE_PATH)
    if as_frame:
        return frame
    from ..io.loader import read_survey

    return read_survey(frame, "servqual22", id="respondent", segments=["branch", "customer_type"],
                       importance="I_{item}", dimension_weights="W_{dimension}", min_items=min_items)
