"""Dumbbell chart: mean expectation against mean perception per item or dimension."""

from __future__ import annotations

import numpy as np

from ._common import (COLORS, MARKERS, TITLE_PAD_OVER_LEGEND, Labels, gap_result, get_ax, legend_above, style,
                      unit_order)

__all__ = ["expectation_perception"]


def expectation_perception(data, *, level=None, order="gap", instrument=None, lang=None, ax=None,
                           expectation_kws=None, perception_kws=None, line_kws=None, legend=True):
    """Dumbbell chart: a line from mean expectation (E) to mean perception (P) per row.

    Parameters
    ----------
    data : Survey or GapScores
        A survey (means from :func:`servgap.gap_scores`) or a GapScores at item or dimension
        level without segment groups.
    level : {"item", "dimension"}, optional
        Default ``"item"`` for a Survey, the result's level for a GapScores.
    order : {"gap", "instrument"}, default "gap"
        ``"gap"``: largest shortfall at the top; ``"instrument"``: questionnaire order.
    instrument : Instrument, optional
        Whose item and dimension names to show; taken from a Survey.
    lang : {"en", "id"}, optional
        Language of every label, title and legend text.
        Default: the ``lang`` of a result object passed as ``data``, else "en".
    ax : matplotlib Axes, optional
        Where to draw; the current Axes when None.
    expectation_kws, perception_kws : dict, optional
        Keyword arguments for the :meth:`~matplotlib.axes.Axes.scatter` of the E and P points.
    line_kws : dict, optional
        Keyword arguments for the :meth:`~matplotlib.axes.Axes.hlines` joining them.
    legend : bool, default True
        Draw the legend.

    Returns
    -------
    matplotlib Axes
        The E points are at ``expectation_mean``, the P points at ``perception_mean`` (means
        over the respondents who answered both, so P − E is the drawn ``gap_mean``).

    See Also
    --------
    gap_bars : the gaps with their confidence intervals.
    radar : E and P per dimension on polar axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> fig, ax = plt.subplots(figsize=(6, 3))
    >>> ax = plot.expectation_perception(load_example(), level="dimension", ax=ax)
    >>> [len(c.get_offsets()) for c in ax.collections[1:]]
    [5, 5]
    >>> plt.close(fig)
    """
    labels = Labels.for_data(data, instrument, lang)
    result = gap_result(data, level=level, grouped=False)
    key = result.level
    units = unit_order(result.table, key, order)
    rows = result.table.set_index(key).loc[units]
    e = rows["expectation_mean"].to_numpy(dtype=float)
    p = rows["perception_mean"].to_numpy(dtype=float)
    y = np.arange(len(units), dtype=float)
    ax = get_ax(ax)

    ax.hlines(y, e, p, **style({"color": COLORS["connector"], "linewidth": 2.0, "zorder": 1},
                               line_kws, "line_kws"))
    for kind, values, kws, name in (("expectation", e, expectation_kws, "expectation_kws"),
                                    ("perception", p, perception_kws, "perception_kws")):
        ax.scatter(values, y, **style({"color": COLORS[kind], "marker": MARKERS[kind], "s": 36,
                                       "zorder": 3, "label": labels.kind(kind)}, kws, name))
    ax.set_yticks(y, [labels.unit(key, u) for u in units])
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.set_xlabel(labels("plot.mean_score"))
    ax.set_ylabel(labels.level(key))
    ax.set_title(labels("plot.title.expectation_perception", level=labels.level(key).lower()),
                 pad=TITLE_PAD_OVER_LEGEND if legend else 6)
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)
    labels.number_axis(ax.xaxis)
    if legend:
        legend_above(ax)
    return ax
