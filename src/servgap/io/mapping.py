"""Column mapping: which input column holds which item's answer of one kind."""

from __future__ import annotations

import re
import time
from typing import Mapping, Sequence

import numpy as np
import regex

from ..errors import ServgapError

__all__ = ["resolve_columns", "REGEX_TIME_LIMIT"]

#: Seconds that a user's regular expression may spend matching all the column names of one
#: table. Python's ``re`` cannot be stopped, and a pattern such as ``(a|a)+$`` backtracks for
#: hours on a long name; the ``regex`` engine stops at this limit and servgap says why.
REGEX_TIME_LIMIT = 0.5


def _problem(column, problem, value=np.nan):
    return {"row": np.nan, "respondent": np.nan, "column": column, "value": value, "problem": problem}


def _norm_item(item: str) -> str:
    """'07' and '7' name the same item; text ids are compared as written."""
    item = str(item).strip()
    return str(int(item)) if item.isdigit() else item


def resolve_columns(spec, keys: Sequence[str], columns: Sequence[str], *, what: str,
                    placeholder: str = "item") -> tuple[dict[str, str], list[dict]]:
    """Map each key (item id or dimension) to an input column.

    Parameters
    ----------
    spec : str, mapping or None
        A template with ``{item}`` (or ``{dimension}``), e.g. ``"E_{item}"``; a regular
        expression with a named group, e.g. ``r"^(?P<item>\\d+)-1\\..*\\(기대"``; or a mapping
        key → column.
    keys : sequence of str
        The instrument's item ids (or dimension names).
    columns : sequence of str
        The input table's columns.
    what : str
        Name of the answer kind, for messages ("expectation", …).

    Returns
    -------
    (mapping, problems)
        ``mapping`` key → column for the keys found; ``problems`` failure-case records for
        missing, unknown or ambiguous columns.

    Examples
    --------
    >>> resolve_columns("E_{item}", ["1", "2"], ["E_1", "E_2", "P_1"], what="expectation")[0]
    {'1': 'E_1', '2': 'E_2'}
    >>> m, _ = resolve_columns(r"^Q(?P<item>\\d+) \\(E\\)", ["1", "2"], ["Q1 (E)", "Q02 (E)", "Q1 (P)"],
    ...                        what="expectation")
    >>> m
    {'1': 'Q1 (E)', '2': 'Q02 (E)'}
    """
    columns = [str(c) for c in columns]
    keys = [str(k) for k in keys]
    problems: list[dict] = []
    mapping: dict[str, str] = {}
    token = "{" + placeholder + "}"
    if spec is None:
        return {}, []
    if isinstance(spec, Mapping):
        for key, column in spec.items():
            key = str(key)
            if key not in keys:
                problems.append(_problem(column, f"{what} column mapped to {placeholder} {key!r}, "
                                                 f"which is not in the instrument"))
            elif str(column) not in columns:
                problems.append(_problem(column, f"{what} column for {placeholder} {key!r} not found"))
            else:
                mapping[key] = str(column)
        for key in keys:
            if key not in mapping and key not in {str(k) for k in spec}:
                problems.append(_problem(np.nan, f"no {what} column given for {placeholder} {key!r}"))
        return mapping, problems
    if not isinstance(spec, str):
        raise TypeError(f"a column mapping must be a template string, a regex or a dict, got {type(spec).__name__}")
    if f"(?P<{placeholder}>" in spec:
        pattern = _compile(spec, what)
        by_norm = {_norm_item(k): k for k in keys}
        deadline = time.monotonic() + REGEX_TIME_LIMIT
        for column in columns:
            match = _search(pattern, column, deadline, spec, what)
            if not match:
                continue
            found = match.group(placeholder)
            key = by_norm.get(_norm_item(found))
            if key is None:
                problems.append(_problem(column, f"{what} column matches the pattern, but {placeholder} "
                                                 f"{found!r} is not in the instrument", found))
            elif key in mapping:
                problems.append(_problem(column, f"{what} {placeholder} {key!r} matches two columns: "
                                                 f"{mapping[key]!r} and {column!r}"))
            else:
                mapping[key] = column
        for key in keys:
            if key not in mapping:
                problems.append(_problem(np.nan, f"no {what} column matches the pattern {spec!r} for "
                                                 f"{placeholder} {key!r}"))
        return mapping, problems
    if token not in spec:
        raise ValueError(f"the {what} mapping {spec!r} needs {token!r}, a regex group "
                         f"(?P<{placeholder}>…) or a dict")
    lookup = {c.strip().casefold(): c for c in columns}
    for key in keys:
        name = spec.replace(token, key)
        column = name if name in columns else lookup.get(name.strip().casefold())
        if column is None:
            problems.append(_problem(name, f"{what} column for {placeholder} {key!r} not found"))
        else:
            mapping[key] = column
    problems += _template_lookalikes(spec, token, keys, columns, mapping, what, placeholder)
    return mapping, problems


def _compile(spec: str, what: str):
    try:
        return regex.compile(spec)
    except (regex.error, ValueError, OverflowError) as exc:
        raise ServgapError(f"The {what} column pattern {spec!r} is not a valid regular expression: {exc}.") from None


def _search(pattern, column: str, deadline: float, spec: str, what: str):
    """``pattern.search(column)``, stopped when the time for all columns has run out."""
    try:
        return pattern.search(column, timeout=max(deadline - time.monotonic(), 0.001))
    except TimeoutError:
        raise ServgapError(
            f"The {what} column pattern {spec!r} took more than {REGEX_TIME_LIMIT:g} s to match the column "
            f"names (at {column[:60]!r}): it backtracks without end, as nested or overlapping repeats "
            "such as (a|a)+ or (a+)+ do. Write a pattern with one way to match each name, "
            "e.g. r'^E_(?P<item>\\d+)$'.") from None


def _template_lookalikes(spec, token, keys, columns, mapping, what, placeholder) -> list[dict]:
    """Columns shaped like the template with an id the instrument lacks (``E_23`` for 22 items).

    Only ids shaped like the instrument's (same letters, then digits) count, so that a column
    such as ``E_total`` is left alone.
    """
    prefixes = {re.sub(r"\d+$", "", k) for k in keys if re.search(r"\d$", k)}
    if not prefixes or spec.count(token) != 1:
        return []
    left, right = spec.split(token)
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    pattern = re.compile(f"{re.escape(left)}(?P<found>(?:{alternatives})\\d+){re.escape(right)}",
                         re.IGNORECASE)
    known = {_norm_item(k).casefold() for k in keys}
    used = set(mapping.values())
    problems = []
    for column in columns:
        match = pattern.fullmatch(column.strip())
        if match and column not in used and _norm_item(match.group("found")).casefold() not in known:
            problems.append(_problem(column, f"{what} column matches the template {spec!r}, but {placeholder} "
                                             f"{match.group('found')!r} is not in the instrument",
                                     match.group("found")))
    return problems
