"""Reliability forest plot: Cronbach's alpha with its confidence interval per dimension and score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ServgapError
from ..survey import Survey
from ._common import COLORS, MARKERS, OKABE_ITO, Labels, check_choice, ci_errors, get_ax, style

__all__ = ["reliability_forest"]

REQUIRED = ("score", "dimension", "alpha", "ci_low", "ci_high")


def reliability_table(data, score, reliability_kws) -> tuple[pd.DataFrame, tuple, float | None]:
    """The reliability rows to draw, the thresholds the result used, and its confidence level."""
    if isinstance(data, Survey):
        from ..reliability import reliability

        kws = style({}, reliability_kws, "reliability_kws")
        if isinstance(score, str):
            kws.setdefault("score", score)
        data = reliability(data, **kws)
    elif reliability_kws is not None:
        raise ValueError("`reliability_kws` applies only when `data` is a Survey.")
    table = data if isinstance(data, pd.DataFrame) else getattr(data, "table", None)
    if not isinstance(table, pd.DataFrame):
        raise TypeError("`data` must be a Survey, a reliability result or its table (DataFrame), "
                        f"got {type(data).__name__}.")
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise ServgapError(f"The reliability table lacks the columns {missing}; it needs {list(REQUIRED)}.")
    groups = list(table.columns[:list(table.columns).index("score")])
    if groups:
        raise ServgapError(f"reliability_forest draws one group of respondents; this table has rows per "
                           f"{groups}. Select one group first, e.g. table[table[{groups[0]!r}] == ...].")
    threshold = getattr(data, "threshold", None)
    return table, (() if threshold is None else (threshold,)), getattr(data, "confidence", None)


def reliability_forest(data, *, score=None, thresholds=None, instrument=None, lang=None, ax=None,
                       err_kws=None, line_kws=None, reliability_kws=None, legend=True):
    """Forest plot of Cronbach's alpha and its confidence interval per dimension and score.

    One row per dimension (and "All items"), one point per score (expectation, perception,
    gap) side by side within the row, with dashed reference lines at the thresholds.

    Parameters
    ----------
    data : Survey, ReliabilityResult or DataFrame
        A survey (computed with :func:`servgap.reliability.reliability`), its result, or a table
        with the columns ``score``, ``dimension``, ``alpha``, ``ci_low``, ``ci_high`` (one group:
        a table with segment columns before ``score`` raises ServgapError). An interval that
        does not hold its α (possible for α above 1) is drawn as the point alone.
    score : str or list of str, optional
        Which scores to draw (``"expectation"``, ``"perception"``, ``"gap"``); all in the table
        when None.
    thresholds : sequence of float, optional
        Where to draw reference lines; default the result's ``threshold`` (0.70 for a table),
        e.g. ``(0.6, 0.7)`` to show the common Indonesian cut-off as well.
    instrument : Instrument, optional
        Whose dimension names to show; taken from a Survey.
    lang : {"en", "id"}, optional
        Language of every label, title and legend text.
        Default: the ``lang`` of a result object passed as ``data``, else "en".
    ax : matplotlib Axes, optional
        Where to draw; the current Axes when None.
    err_kws : dict, optional
        Keyword arguments for each score's :meth:`~matplotlib.axes.Axes.errorbar`.
    line_kws : dict, optional
        Keyword arguments for the threshold lines (:meth:`~matplotlib.axes.Axes.axvline`).
    reliability_kws : dict, optional
        Keyword arguments for :func:`servgap.reliability.reliability` (Survey only), e.g.
        ``{"threshold": 0.6, "ci": "bootstrap", "seed": 1}``.
    legend : bool, default True
        Draw the legend.

    Returns
    -------
    matplotlib Axes
        One :class:`~matplotlib.container.ErrorbarContainer` per score in ``ax.containers``,
        points at ``alpha``, bars from ``ci_low`` to ``ci_high``; rows with a missing alpha are
        left out.

    See Also
    --------
    servgap.reliability.reliability : the numbers drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> fig, ax = plt.subplots(figsize=(6, 4))
    >>> ax = plot.reliability_forest(load_example(), thresholds=(0.6, 0.7), lang="id", ax=ax)
    >>> [t.get_text() for t in ax.get_yticklabels()][-1]
    'Semua butir'
    >>> plt.close(fig)
    """
    labels = Labels.for_data(data, instrument, lang)
    table, default_thresholds, confidence = reliability_table(data, score, reliability_kws)
    held = list(dict.fromkeys(table["score"]))
    scores = held if score is None else [score] if isinstance(score, str) else list(score)
    for s in scores:
        check_choice("score", s, held)
    if thresholds is None:
        thresholds = default_thresholds or (0.70,)
    thresholds = [float(t) for t in np.atleast_1d(thresholds)]
    dims = list(dict.fromkeys(table.loc[table["score"].isin(scores), "dimension"]))
    ax = get_ax(ax)

    y = np.arange(len(dims), dtype=float)
    step = 0.8 / len(scores)
    for j, kind in enumerate(scores):
        rows = table[table["score"] == kind].set_index("dimension").reindex(dims)
        alpha = rows["alpha"].to_numpy(dtype=float)
        ok = ~np.isnan(alpha)
        low = rows["ci_low"].to_numpy(dtype=float)
        high = rows["ci_high"].to_numpy(dtype=float)
        color = COLORS.get(kind, OKABE_ITO["black"])
        err_style = style({"fmt": MARKERS.get(kind, "o"), "color": color, "markersize": 5,
                           "elinewidth": 1.4, "capsize": 0, "label": labels.kind(kind)}, err_kws, "err_kws")
        ax.errorbar(alpha[ok], y[ok] + (j - (len(scores) - 1) / 2) * step,
                    xerr=np.nan_to_num(ci_errors(alpha[ok], low[ok], high[ok])), **err_style)
    ref_style = style({"color": COLORS["reference"], "linestyle": "--", "linewidth": 0.9, "zorder": 0},
                      line_kws, "line_kws")
    for t in thresholds:
        ax.axvline(t, **ref_style)
    # a threshold's label goes one row up when it would touch its left neighbour's (0.70 and 0.72)
    low_x, high_x = ax.get_xlim()
    span = (high_x - low_x) or 1.0
    ends: list[float] = []
    for t in sorted(set(thresholds)):
        level = next((k for k, end in enumerate(ends) if (t - end) / span > 0.15), len(ends))
        ends[level:level + 1] = [t]
        ax.annotate(labels("plot.threshold", value=labels.number(t)), (t, 1.0),
                    xycoords=("data", "axes fraction"), xytext=(0, 2 + 9 * level), textcoords="offset points",
                    ha="center", va="bottom", fontsize="small", color=COLORS["reference"])
    ax.set_yticks(y, [labels.dimension(d) for d in dims])
    ax.set_ylim(len(dims) - 0.5, -0.5)
    ax.set_xlabel(labels("plot.alpha") if confidence is None
                  else labels("plot.alpha_ci", confidence=f"{confidence:.0%}"))
    ax.set_ylabel(labels.level("dimension"))
    ax.set_title(labels("plot.title.reliability_forest"), pad=16 + 9 * (max(len(ends), 1) - 1))
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)
    labels.number_axis(ax.xaxis)
    if legend:
        ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax
