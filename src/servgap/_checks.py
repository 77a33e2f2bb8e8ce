"""Argument checks shared by every public function: one message style for a bad option, and
the way a value is shown in a message."""

from __future__ import annotations

__all__ = ["check_choice", "check_respondents", "check_segment_names", "plain"]


def check_choice(name: str, value, options) -> None:
    """Raise ``ValueError("`name` must be one of [...], got ...")`` for an unknown option.

    Examples
    --------
    >>> check_choice("level", "items", ("item", "dimension"))
    Traceback (most recent call last):
    ...
    ValueError: `level` must be one of ['item', 'dimension'], got 'items'.
    """
    if value not in options:
        raise ValueError(f"`{name}` must be one of {list(options)}, got {value!r}.")


def check_respondents(survey, analysis: str) -> None:
    """Raise ``ServgapError`` when ``survey`` has no respondents for ``analysis`` to use.

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> survey = load_example()
    >>> check_respondents(survey, "gap_scores")  # 400 respondents: passes silently
    """
    from .errors import ServgapError

    if survey.n_respondents == 0:
        raise ServgapError.keyed("checks.error.no_respondents", analysis=analysis)


def check_segment_names(survey, columns, argument: str = "by") -> list[str]:
    """``columns`` (None, one name or several) as a list of the survey's segment columns.

    Raises ``ValueError`` naming the unknown columns and listing the survey's segments.

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> check_segment_names(load_example(), "branch")
    ['branch']
    >>> check_segment_names(load_example(), ["region"])
    Traceback (most recent call last):
    ...
    ValueError: `by` names ['region'], which is not a segment of this survey; its segment columns are ['branch', 'customer_type'].
    """
    if columns is None:
        return []
    columns = [columns] if isinstance(columns, str) else list(columns)
    unknown = [c for c in columns if c not in survey.segment_names]
    if unknown:
        what = "is not a segment" if len(unknown) == 1 else "are not segments"
        raise ValueError(f"`{argument}` names {unknown}, which {what} of this survey; its segment "
                         f"columns are {list(survey.segment_names) or 'none'}.")
    return columns


def plain(value):
    """A value as Python writes it in a message: 1 and True, not np.int64(1) and np.True_.

    Examples
    --------
    >>> import numpy as np
    >>> repr(plain(np.int64(1))), plain("a")
    ('1', 'a')
    """
    import numpy as np

    return value.item() if isinstance(value, np.generic) else value
