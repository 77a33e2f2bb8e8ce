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
    "CHECKS",
    "ACTIONS",
]

FAILURE_COLUMNS = ["row", "respondent", "column", "value", "check", "problem"]

#: Machine-readable codes of every problem servgap finds in input data: the ``check`` column of
#: :attr:`SurveyValidationError.failure_cases` and of ``Survey.exclusions``. Each has an English
#: and an Indonesian description under ``check.<code>`` in :mod:`servgap.i18n`.
CHECKS = (
    # answers (and outcomes, survey weights, dimension weights)
    "out_of_scale",        # a number outside the instrument's scale (or 0-100 points, the outcome's scale)
    "not_a_number",        # not a number and not an answer label (booleans, complex numbers, bytes too)
    "unknown_label",       # text that the chosen answer-label set does not hold
    "missing_code",        # a code the user declared as "no answer" (missing_values=)
    "user_missing",        # an SPSS user-missing code (missing_ranges / missing values of the file)
    "converted_value",     # a value written unusually, read as a number (non-ASCII digits)
    "label_recoded",       # text answer labels mapped to numbers
    "reverse_keyed",       # a reverse-keyed item re-scored
    # respondents
    "duplicate_id",        # a respondent id seen in an earlier row
    "missing_id",          # a blank or missing respondent id
    "invalid_weight",      # a survey weight that is not a positive finite number
    "no_answers",          # a respondent without any answer
    "listwise",            # a respondent with a missing answer under missing="listwise"
    "unmatched_id",        # from_frames: an id found in one questionnaire only
    # analysis rules
    "incomplete_pair",     # an E or P answer without its partner: no gap
    "incomplete_triple",   # an A, D or P answer without the other two: no zone of tolerance
    "too_few_items",       # a dimension score below min_items
    "weights_rescaled",    # dimension weights not summing to 100, rescaled
    "no_weighted_score",   # no dimension weights, or weights summing to 0
    "segment_merged",      # different raw segment values shown alike (1, "1", 1.0) made one group
    # columns and files
    "column_not_found",    # a requested column is not in the table
    "unknown_column",      # a column shaped like an answer whose item is not in the instrument
    "unpaired_column",     # an expectation column without its perception column (or the reverse)
    "ambiguous_column",    # one item matches two columns
    "column_used_twice",   # one column mapped to two answers
    "duplicate_column",    # two columns of the table have the same name
    "undecodable_bytes",   # bytes that are not valid in the file's text encoding
    "unknown_item",        # from_long: an item id the instrument does not have
    "unknown_kind",        # from_long: an answer kind that is not a component
    "duplicate_answer",    # from_long: the same answer given twice
    "inconsistent_value",  # from_long: a segment or weight that differs between rows of one respondent
)

#: What the loader did about a logged problem: the ``action`` column of ``Survey.exclusions``
#: (described under ``action.<code>`` in :mod:`servgap.i18n`).
ACTIONS = ("excluded_respondent", "set_missing", "recoded", "not_used", "not_used_zone",
           "dimension_missing", "rescaled", "no_weighted_score")


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

    #: Label key of the message (``None`` for a message given as text); see :meth:`keyed`.
    key: str | None = None
    #: Values the label is filled with.
    values: dict = {}

    @classmethod
    def keyed(cls, key: str, **values):
        """The error whose message is label ``key`` in English, filled with ``values``; a report
        says it in its own language (:func:`servgap.i18n.message`).

        Examples
        --------
        >>> from servgap.errors import ServgapError
        >>> error = ServgapError.keyed("inference.error.segment_all_missing", segment="branch")
        >>> print(error)
        The segment 'branch' is missing for every respondent, so it makes no groups to compare.
        """
        from .i18n import message

        error = cls(message(key, "en", **values))
        error.key, error.values = key, dict(values)
        return error


class SurveyValidationError(ServgapError, ValueError):
    """The survey data break one or more rules; all problems are collected before raising.

    Parameters
    ----------
    failure_cases : pandas.DataFrame
        One row per problem with columns ``row`` (position of the data row in the input
        table, counting from 1 without the header; missing for problems of a whole column),
        ``respondent``, ``column``, ``value``, ``check`` (a code of :data:`CHECKS`) and
        ``problem`` (the English sentence shown in the message).
    headline : str, optional
        A sentence placed before the list of problems.
    shown : int, default 5
        How many problems the message lists; the rest are counted.

    Examples
    --------
    >>> import pandas as pd
    >>> from servgap.errors import SurveyValidationError
    >>> cases = pd.DataFrame({"row": [3], "respondent": ["R3"], "column": ["E_1"], "value": ["9"],
    ...                       "check": ["out_of_scale"], "problem": ["outside the scale 1-7"]})
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

    A warning made with :meth:`keyed` carries its label key and values, so that a report can
    say it in the report's language (:func:`servgap.i18n.message`).
    """

    #: Label key of the message (``None`` for a message given as text).
    key: str | None = None
    #: Values the label is filled with.
    values: dict = {}

    @classmethod
    def keyed(cls, key: str, **values):
        """The warning whose message is label ``key`` in English, filled with ``values``.

        Examples
        --------
        >>> from servgap.errors import ReliabilityWarning
        >>> w = ReliabilityWarning.keyed("reliability.warn.singular", score="gap", dimension="Empathy")
        >>> str(w), w.key
        ('gap / Empathy: the item covariance matrix is singular; omega is NaN.', 'reliability.warn.singular')
        """
        from .i18n import message

        warning = cls(message(key, "en", **values))
        warning.key, warning.values = key, dict(values)
        return warning


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
