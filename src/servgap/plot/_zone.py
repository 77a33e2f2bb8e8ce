"""Zone of tolerance: the adequate–desired band of each item with the mean perception in it."""

from __future__ import annotations

import numpy as np

from ..errors import ServgapError
from ..survey import Survey
from ._common import COLORS, MARKERS, TITLE_PAD_OVER_LEGEND, Labels, get_ax, legend_above, style

__all__ = ["zone_of_tolerance"]

POSITION_COLORS = {"below": COLORS["shortfall"], "within": COLORS["reference"], "above": COLORS["surplus"]}


def zone_of_tolerance(data, *, level=None, instrument=None, lang=None, ax=None, zone_kws=None,
                      perception_kws=None, legend=True):
    """One horizontal band per item from the mean adequate to the mean desired level, with the
    mean perception marked; a perception below the zone is drawn in the shortfall colour, one
    above it in the surplus colour.

    Parameters
    ----------
    data : Survey or ZoneOfTolerance
        A three-column survey (adequate, desired, perception), computed with
        :func:`servgap.zone_of_tolerance`, or its result without ``by`` groups.
    level : {"item", "dimension"}, optional
        For a Survey; default "item".
    instrument : Instrument, optional
        Whose item and dimension names to show; taken from a Survey.
    lang : {"en", "id"}, optional
        Default: the ``lang`` of a result passed as ``data``, else "en".
    ax : matplotlib Axes, optional
    zone_kws, perception_kws : dict, optional
        Keyword arguments for the bands (:meth:`~matplotlib.axes.Axes.barh`) and the perception
        marks (:meth:`~matplotlib.axes.Axes.scatter`).
    legend : bool, default True

    Returns
    -------
    matplotlib Axes
        One band patch per row (questionnaire order, top to bottom); the perception marks are
        one scatter collection per position drawn (below, within, above).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap import plot
    >>> inst = servgap.Instrument("lib", {"Place": ["1", "2"]}, scale=(1, 9),
    ...                           components=("adequate", "desired", "perception"))
    >>> raw = pd.DataFrame({"A_1": [5, 6], "D_1": [8, 8], "P_1": [4, 4],
    ...                     "A_2": [6, 6], "D_2": [8, 8], "P_2": [7, 7]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot.zone_of_tolerance(servgap.read_survey(raw, inst), ax=ax)
    >>> len(ax.patches), [c.get_gid() for c in ax.collections]
    (2, ['perception_below', 'perception_within'])
    >>> plt.close(fig)
    """
    from ..zones import ZoneOfTolerance
    from ..zones import zone_of_tolerance as compute

    if isinstance(data, Survey):
        result = compute(data, level="item" if level is None else level)
    elif isinstance(data, ZoneOfTolerance):
        if level is not None and level != data.level:
            raise ServgapError(f"`level` is {data.level!r} in the result passed; got {level!r}.")
        if data.by:
            raise ServgapError(f"This chart draws one group of respondents; the result has groups by "
                               f"{list(data.by)}.")
        result = data
    else:
        raise ServgapError(f"`data` must be a Survey or a ZoneOfTolerance, got {type(data).__name__}.")
    labels = Labels.for_data(data, instrument, lang)
    key, table = result.level, result.table
    ax = get_ax(ax)
    y = np.arange(len(table), dtype=float)
    low = table["adequate_mean"].to_numpy(dtype=float)
    high = table["desired_mean"].to_numpy(dtype=float)
    zone = style({"height": 0.55, "color": COLORS["adequate"], "alpha": 0.45, "edgecolor": "none", "zorder": 1},
                 zone_kws, "zone_kws")
    ax.barh(y, high - low, left=low, **zone)
    marks = style({"s": 36, "marker": MARKERS["perception"], "zorder": 3, "edgecolor": "white", "linewidth": 0.5},
                  perception_kws, "perception_kws")
    p = table["perception_mean"].to_numpy(dtype=float)
    position = table["position"].to_numpy()
    handles = []
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles.append(Patch(color=zone["color"], alpha=zone["alpha"], label=labels("plot.zone")))
    for where in ("below", "within", "above"):
        rows = position == where
        if not rows.any():
            continue
        ax.scatter(p[rows], y[rows], color=POSITION_COLORS[where], gid=f"perception_{where}", **marks)
        handles.append(Line2D([], [], linestyle="none", marker=marks["marker"], color=POSITION_COLORS[where],
                              label=labels(f"plot.zone.{where}")))
    ax.set_yticks(y, [labels.unit(key, u) for u in table[key]])
    ax.set_ylim(len(table) - 0.5, -0.5)
    lo, hi = (labels.instrument.scale if labels.instrument is not None else (None, None))
    if lo is not None:
        ax.set_xlim(lo - 0.3, hi + 0.3)
    ax.set_xlabel(labels("plot.mean_score"))
    ax.set_ylabel(labels.level(key))
    ax.set_title(labels("plot.title.zone_of_tolerance"), pad=TITLE_PAD_OVER_LEGEND if legend else 6)
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    labels.number_axis(ax.xaxis)
    if legend:
        legend_above(ax, handles)
    return ax
