"""Errors and warnings raised by servgap.

Every error carries the data that failed, so that code can act on it and a person can read it.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "ServgapError",
    "SurveyValidationError",
    "ServgapWarning",
    "ReliabilityWarning",
    "SmallSampleWarning",
]

FAILURE_COLUMNS = ["row", "respondent", "column", "value", "problem"]


class ServgapError(Exception):
    """Base class of every error servgap raises on purpose.

    Examples
    --------
    >>> import servgap
    >>> try:
    ...     servgap.instruments.get("servqual99")
    ... except servgap.ServgapError as exc:
    ...     print(str(exc).split(";")[0])
    Unknown instrument 'servqual99'
    """


class SurveyValidationError(ServgapError, ValueError):
    """The survey data break one or more rules; all problems are collected before raising.

    Parameters
    ----------
    failure_cases : pandas.DataFrame
        One row per problem with columns ``row`` (position of the respondent in the input
        table, counting from 1; missing for problems of a whole column), ``respondent``,
        ``column``, ``value`` and ``problem``.
    headline : str, optional
        A sentence placed before the list of problems.
    shown : int, default 5
        How many problems the message lists; the rest are counted.

    Examples
    --------
    >>> import pandas as pd
    >>> from servgap.errors import SurveyValidationError
    >>> cases = pd.DataFrame({"row": [3], "respondent": ["R3"], "column": ["E_1"],
    ...                       "value": ["9"], "problem": ["outside the scale 1-7"]})
    >>> print(SurveyValidationError(cases))
    1 problem in the survey data:
      row 3 (respondent R3), column 'E_1', value '9': outside the scale 1-7
    """

    def __init__(self, failure_cases: pd.DataFrame, headline: str | None = None, shown: int = 5):
        cases = pd.DataFrame(failure_cases).reindex(columns=FAILURE_COLUMNS).reset_index(drop=True)
        self.failure_cases = cases
        n = len(cases)
        lines = [headline] if headline else []
        lines.append(f"{n} problem{'s' if n != 1 else ''} in the survey data:")
        for case in cases.head(shown).itertuples(index=False):
            lines.append("  " + _describe_case(case))
        if n > shown:
            lines.append(f"  ... and {n - shown} more (see .failure_cases)")
        super().__init__("\n".join(lines))


def _describe_case(case) -> str:
    where = []
    if not _isna(case.row):
        place = f"row {int(case.row)}"
        if not _isna(case.respondent) and str(case.respondent) != str(case.row):
            place += f" (respondent {case.respondent})"
        where.append(place)
    elif not _isna(case.respondent):
        where.append(f"respondent {case.respondent}")
    if not _isna(case.column):
        where.append(f"column {str(case.column)!r}")
    if not _isna(case.value):
        where.append(f"value {str(case.value)!r}")
    prefix = ", ".join(where)
    return f"{prefix}: {case.problem}" if prefix else str(case.problem)


def _isna(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


class ServgapWarning(UserWarning):
    """Base class of servgap's warnings.

    Examples
    --------
    >>> import warnings
    >>> from servgap import ServgapWarning
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", ServgapWarning)  # silence every servgap warning
    """


class ReliabilityWarning(ServgapWarning):
    """A reliability statistic could not be computed properly (zero variance, Heywood case, …).

    Examples
    --------
    >>> from servgap import ReliabilityWarning, ServgapWarning
    >>> issubclass(ReliabilityWarning, ServgapWarning)
    True
    """


class SmallSampleWarning(ServgapWarning):
    """A group or scale has too few respondents for the requested statistic.

    Examples
    --------
    >>> from servgap import ServgapWarning, SmallSampleWarning
    >>> issubclass(SmallSampleWarning, ServgapWarning)
    True
    """
