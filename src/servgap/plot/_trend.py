"""Gap trend: the mean gap per period with its confidence band, one line per item or dimension."""

from __future__ import annotations

import numpy as np

from ..errors import ServgapError
from ..survey import Survey
from ._common import COLORS, SEGMENT_COLORS, Labels, get_ax, plain_text, style

__all__ = ["gap_trend"]


def gap_trend(data, *, period=None, level=None, instrument=None, lang=None, ax=None, line_kws=None,
              band_kws=None, legend=True):
    """The mean gap of each period, one line per item or dimension, with its confidence band.

    Parameters
    ----------
    data : Survey or GapTrend
        A survey (computed with :func:`servgap.gap_trend`, which needs ``period``) or its result.
    period : str, optional
        For a Survey: the period column.
    level : {"item", "dimension", "overall"}, optional
        For a Survey; default "dimension".
    instrument : Instrument, optional
    lang : {"en", "id"}, optional
        Default: the ``lang`` of a result passed as ``data``, else "en".
    ax : matplotlib Axes, optional
    line_kws, band_kws : dict, optional
        Keyword arguments for the lines (:meth:`~matplotlib.axes.Axes.plot`) and the confidence
        bands (:meth:`~matplotlib.axes.Axes.fill_between`).
    legend : bool, default True

    Returns
    -------
    matplotlib Axes
        One line and one band per item/dimension (and ``by`` group), in the legend; a line at
        zero; x ticks are the periods.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import servgap
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> fig, ax = plt.subplots()
    >>> ax = plot.gap_trend(load_example(), period="branch", lang="id", ax=ax)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Bandung', 'Jakarta', 'Surabaya']
    >>> len(ax.get_legend().get_texts())
    5
    >>> plt.close(fig)
    """
    from ..trend import GapTrend
    from ..trend import gap_trend as compute

    if isinstance(data, Survey):
        if period is None:
            raise ServgapError("`period` must name the survey's period column, e.g. period=\"month\".")
        result = compute(data, period=period, level="dimension" if level is None else level)
    elif isinstance(data, GapTrend):
        if (period is not None and period != data.period) or (level is not None and level != data.level):
            raise ServgapError("`period` and `level` cannot change a GapTrend; pass the Survey.")
        result = data
    else:
        raise ServgapError(f"`data` must be a Survey or a GapTrend, got {type(data).__name__}.")
    labels = Labels.for_data(data, instrument, lang)
    table = result.table
    key = {"item": "item", "dimension": "dimension"}.get(result.level)
    ax = get_ax(ax)
    series = list(table.groupby([*result.by, key] if key else list(result.by) or [lambda _: 0], sort=False))
    for j, (name, rows) in enumerate(series):
        name = name if isinstance(name, tuple) else (name,)
        unit = labels.unit(key, name[-1]) if key else labels("overall")
        text = " / ".join([*(plain_text(v) for v in name[:len(result.by)]), unit])
        color = SEGMENT_COLORS[j % len(SEGMENT_COLORS)]
        x = rows["period_index"].to_numpy(dtype=float)
        line = style({"marker": "o", "markersize": 4, "linewidth": 1.6, "color": color, "zorder": 3}, line_kws,
                     "line_kws")
        ax.plot(x, rows["gap_mean"].to_numpy(dtype=float), label=text, **line)
        band = style({"alpha": 0.15, "color": line["color"], "linewidth": 0, "zorder": 2}, band_kws, "band_kws")
        ax.fill_between(x, rows["ci_low"].to_numpy(dtype=float), rows["ci_high"].to_numpy(dtype=float), **band)
    ax.axhline(0, color=COLORS["reference"], linewidth=0.8, zorder=1)
    ax.set_xticks(np.arange(1, len(result.periods) + 1), [plain_text(p) for p in result.periods])
    ax.set_xlabel(plain_text(result.period))
    ax.set_ylabel(labels("kind.gap"))
    ax.set_title(labels("plot.title.gap_trend", period=plain_text(result.period)))
    ax.grid(axis="y", color="#E0E0E0", linewidth=0.6, zorder=0)
    labels.number_axis(ax.yaxis)
    if legend:
        ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return ax
