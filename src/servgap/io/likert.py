"""Answer labels: text answers such as "Sangat Setuju" mapped to scale points."""

from __future__ import annotations

import re
from typing import Mapping

__all__ = ["LIKERT_SETS", "normalise_label", "resolve_likert"]

# Each set lists its labels from the lowest to the highest scale point; a tuple at one position
# lists the spellings accepted for that point.
LIKERT_SETS: dict[str, list] = {
    "agree5_en": ["strongly disagree", "disagree", ("neutral", "neither agree nor disagree", "undecided"),
                  "agree", "strongly agree"],
    "agree7_en": ["strongly disagree", "disagree", ("somewhat disagree", "slightly disagree"),
                  ("neutral", "neither agree nor disagree"), ("somewhat agree", "slightly agree"),
                  "agree", "strongly agree"],
    "satisfied5_en": [("very dissatisfied", "very unsatisfied"), ("dissatisfied", "unsatisfied"),
                      "neutral", "satisfied", "very satisfied"],
    "important5_en": [("not at all important", "very unimportant"), ("slightly important", "unimportant"),
                      ("moderately important", "neutral"), "important", "very important"],
    "setuju5_id": ["sangat tidak setuju", "tidak setuju", ("netral", "ragu-ragu", "ragu ragu", "kurang setuju",
                                                            "cukup setuju"),
                   "setuju", "sangat setuju"],
    "setuju5_id_short": ["sts", "ts", ("n", "r", "rr", "ks", "cs"), "s", "ss"],
    "setuju7_id": ["sangat tidak setuju", "tidak setuju", "agak tidak setuju", "netral", "agak setuju",
                   "setuju", "sangat setuju"],
    "puas5_id": ["sangat tidak puas", "tidak puas", ("cukup puas", "netral", "kurang puas"), "puas", "sangat puas"],
    "puas5_id_short": ["stp", "tp", ("cp", "n", "kp"), "p", "sp"],
    "penting5_id": ["sangat tidak penting", "tidak penting", ("cukup penting", "netral", "kurang penting"),
                    "penting", "sangat penting"],
    "baik5_id": ["sangat tidak baik", "tidak baik", ("cukup baik", "cukup", "netral", "kurang baik"), "baik",
                 "sangat baik"],
}


def normalise_label(text) -> str:
    """Case- and whitespace-insensitive form of an answer label.

    Examples
    --------
    >>> normalise_label("  Sangat   SETUJU. ")
    'sangat setuju'
    """
    return re.sub(r"\s+", " ", str(text)).strip().strip(".").strip().casefold()


def _set_mapping(labels: list, low: float) -> dict[str, float]:
    mapping = {}
    for position, spellings in enumerate(labels):
        for spelling in (spellings if isinstance(spellings, tuple) else (spellings,)):
            mapping[normalise_label(spelling)] = float(low + position)
    return mapping


def resolve_likert(likert, labels_seen: set[str], scale: tuple[float, float]) -> tuple[str | None, dict[str, float]]:
    """Choose the label → value mapping for the text answers seen.

    Parameters
    ----------
    likert : None, str or mapping
        None: among the built-in sets with as many points as the scale, take the one that
        covers the most of the labels seen (ties: the first in :data:`LIKERT_SETS` order; sets
        of one size that share a label give it the same value, so a tie changes only the name
        reported). Labels it does not cover stay unmapped, so that only those answers are
        reported as invalid. A name from :data:`LIKERT_SETS`: that set, which must have as many
        points as the scale. Or a mapping of label → value, matched case- and
        whitespace-insensitively.
    labels_seen : set of str
        Normalised text answers found in the data.
    scale : (low, high)

    Returns
    -------
    (name, mapping)
        The set's name (``"custom"`` for a mapping; None when no built-in set covers any
        label) and the normalised mapping.

    Raises
    ------
    ValueError
        An unknown set name, a set whose number of points differs from the scale's, or a
        ``likert`` that is neither None, a name nor a mapping.

    Examples
    --------
    >>> resolve_likert(None, {"setuju", "sangat setuju"}, (1, 5))[0]
    'setuju5_id'
    >>> name, mapping = resolve_likert(None, {"setuju", "sangat setuju", "??"}, (1, 5))
    >>> name, mapping["setuju"], "??" in mapping
    ('setuju5_id', 4.0, False)
    """
    low, high = scale
    points = high - low + 1
    if isinstance(likert, Mapping):
        return "custom", {normalise_label(k): float(v) for k, v in likert.items()}
    if isinstance(likert, str):
        if likert not in LIKERT_SETS:
            raise ValueError(f"`likert` must be a mapping or one of {sorted(LIKERT_SETS)}, got {likert!r}.")
        size = len(LIKERT_SETS[likert])
        if size != points:  # a 7-label set on a 5-point scale would shift the meaning
            fitting = [name for name, labels in LIKERT_SETS.items() if len(labels) == points]
            raise ValueError(f"`likert={likert!r}` has {size} points but the instrument's scale {low}-{high} "
                             f"has {points:g}; name a set with {points:g} points ({fitting or 'none built in'}) "
                             "or pass a mapping label → value.")
        return likert, _set_mapping(LIKERT_SETS[likert], low)
    if likert is not None:
        raise ValueError(f"`likert` must be None, a set name or a mapping, got {type(likert).__name__}.")
    best: tuple[str | None, dict[str, float]] = (None, {})
    covered_best = 0
    for name, labels in LIKERT_SETS.items():
        if len(labels) != points:  # a 5-label set on a 7-point scale would shift the meaning
            continue
        mapping = _set_mapping(labels, low)
        covered = len(labels_seen & mapping.keys())
        if covered > covered_best:  # strictly more: the first set wins a tie
            best, covered_best = (name, mapping), covered
    return best
