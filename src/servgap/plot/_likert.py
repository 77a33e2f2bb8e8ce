"""Likert bars: the distribution of answers per item, diverging around the scale's midpoint."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ServgapError
from ..survey import Survey
from ._common import COLORS, DIVERGING_CMAP, Labels, check_choice, get_ax, style

__all__ = ["likert_bars"]


def answer_shares(survey: Survey, kind: str) -> pd.DataFrame:
    """Items × answer values: the share (0–1) of the item's answers that are each value."""
    answers = survey.scores(kind)
    low, high = survey.instrument.scale
    values = np.arange(low, high + 1)
    given = answers.stack().dropna()
    other = given[~np.isin(given.to_numpy(), values)]
    if len(other):
        shown = ", ".join(f"{v:g}" for v in pd.unique(other.to_numpy())[:5])
        raise ServgapError(f"likert_bars counts whole-number answers from {low:g} to {high:g}; the {kind} "
                           f"answers also hold {shown} ({len(other):,} answers, e.g. item "
                           f"{other.index[0][1]!r}). Draw gap_bars or expectation_perception instead.")
    counts = given.groupby(level=1).value_counts().unstack(fill_value=0)
    counts = counts.reindex(index=answers.columns, columns=values, fill_value=0)
    return counts.div(counts.sum(axis=1).where(lambda n: n > 0), axis=0)


def category_colors(k: int) -> list:
    """Diverging colours for k answer values: red below the midpoint, grey at it, blue above."""
    from matplotlib import colormaps

    colors = [colormaps[DIVERGING_CMAP](x) for x in np.linspace(0.08, 0.92, k)]
    if k % 2:
        colors[k // 2] = COLORS["neutral"]
    return colors


def likert_bars(data, *, kinds=None, items=None, lang=None, ax=None, bar_kws=None, legend=True):
    """Diverging stacked bars of the answers to each item, expectation and perception side by side.

    Each bar shows the percentage of the item's respondents giving each answer; the bars are
    centred on the scale's midpoint (half of a middle answer on each side), disagreement to the
    left, agreement to the right. Expectation and perception form two columns of bars, each
    with its own centre line.

    Parameters
    ----------
    data : Survey
        The survey whose answers are counted (shares of the respondents who answered the item).
        Answers must be whole numbers of the scale (ServgapError otherwise, naming the others).
    kinds : list of str, optional
        The answer kinds, as columns left to right; default ``["expectation", "perception"]``
        (those the survey holds).
    items : list of str, optional
        Items to draw, top to bottom; default all, in questionnaire order.
    lang : {"en", "id"}, optional
        Language of every label, title and legend text.
        Default: the ``lang`` of a result object passed as ``data``, else "en".
    ax : matplotlib Axes, optional
        Where to draw; the current Axes when None.
    bar_kws : dict, optional
        Keyword arguments for every :meth:`~matplotlib.axes.Axes.barh` segment.
    legend : bool, default True
        Draw the legend of answer values (under the Axes).

    Returns
    -------
    matplotlib Axes
        Each segment's width is a share in percent; its ``gid`` is ``"{kind}|{item}|{value}"``.
        The x axis is in percent of respondents from each column's centre.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> fig, ax = plt.subplots(figsize=(7, 3))
    >>> ax = plot.likert_bars(load_example(), items=["1", "2", "3"], ax=ax)
    >>> len(ax.patches)  # 3 items × 2 kinds × 7 answers
    42
    >>> plt.close(fig)
    """
    if not isinstance(data, Survey):
        raise TypeError(f"`data` must be a Survey, got {type(data).__name__}.")
    labels = Labels.for_data(data, None, lang)
    if kinds is None:
        kinds = [k for k in ("expectation", "perception") if k in data.components]
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    if not kinds:
        raise ValueError("`kinds` must name at least one kind of answer.")
    for kind in kinds:
        check_choice("kinds", kind, data.components)
    items = list(data.items) if items is None else [str(i) for i in ([items] if isinstance(items, str) else items)]
    for item in items:
        check_choice("items", item, data.items)
    shares = {kind: answer_shares(data, kind).loc[items] * 100 for kind in kinds}
    values = list(shares[kinds[0]].columns)
    k = len(values)
    colors = category_colors(k)
    # Share of each bar left of its centre: the answers below the midpoint and half the middle one.
    below = {kind: s.iloc[:, :k // 2].sum(axis=1) + (s.iloc[:, k // 2] / 2 if k % 2 else 0)
             for kind, s in shares.items()}
    reach = 10.0  # the widest side of any bar, in percent, rounded up to 10
    for kind in kinds:
        side = below[kind].to_numpy(dtype=float)[shares[kind].notna().all(axis=1).to_numpy()]
        if side.size:
            reach = max(reach, float(side.max()), float((100 - side).max()))
    reach = float(np.ceil(reach / 10) * 10)
    centres = [i * 2.5 * reach for i in range(len(kinds))]
    ax = get_ax(ax)

    y = np.arange(len(items), dtype=float)
    bar_style = style({"height": 0.7, "edgecolor": "white", "linewidth": 0.5}, bar_kws, "bar_kws")
    for kind, centre in zip(kinds, centres):
        left = centre - below[kind].to_numpy(dtype=float)
        for value, color in zip(values, colors):
            width = shares[kind][value].to_numpy(dtype=float)
            bars = ax.barh(y, np.nan_to_num(width), left=np.nan_to_num(left), **{"color": color, **bar_style})
            for bar, item in zip(bars, items):
                bar.set_gid(f"{kind}|{item}|{value:g}")
            left = left + np.nan_to_num(width)
        ax.axvline(centre, color=COLORS["reference"], linewidth=0.8, zorder=3)
        ax.annotate(labels.kind(kind), (centre, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                    fontweight="bold")
    steps = (-reach / 2, 0.0, reach / 2)  # the ends (±reach) unlabelled: neighbouring columns meet there
    ax.set_xticks([c + t for c in centres for t in steps], [f"{abs(t):g}" for _ in centres for t in steps])
    ax.set_xticks([c + t for c in centres for t in (-reach, reach)], minor=True)
    ax.set_xlim(-reach * 1.05, centres[-1] + reach * 1.05)
    ax.set_yticks(y, [labels.item(i) for i in items])
    ax.set_ylim(len(items) - 0.5, -0.5)
    ax.set_xlabel(labels("plot.share"))
    ax.set_ylabel(labels.level("item"))
    ax.set_title(labels("plot.title.likert_bars"), pad=22)
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)
    if legend:
        from matplotlib.patches import Patch

        names = [f"{v:g}" for v in values]
        names[0] = labels("plot.answer.low", value=names[0])
        names[-1] = labels("plot.answer.high", value=names[-1])
        ax.legend(handles=[Patch(color=c, label=n) for c, n in zip(colors, names)],
                  title=labels("plot.answer"), frameon=False, loc="upper center",
                  bbox_to_anchor=(0.5, 0.0), borderaxespad=3.2, ncol=(k + 1) // 2,
                  handlelength=1.2, columnspacing=1.0)  # under the x label: the bars keep the width
    return ax
