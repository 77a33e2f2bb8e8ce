"""Radar chart: mean expectation and perception per dimension on polar Axes."""

from __future__ import annotations

import numpy as np

from ..errors import ServgapError
from ._common import COLORS, MARKERS, Labels, gap_result, style

__all__ = ["radar"]


def polar_ax(ax):
    """``ax`` if it is polar; when None the current Axes if polar, else a new polar Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        fig = plt.gcf()
        current = fig.axes and plt.gca()
        if current and current.name == "polar":
            return current
        if fig.axes:
            fig = plt.figure()
        return fig.add_subplot(projection="polar")
    if getattr(ax, "name", None) != "polar":
        raise ValueError("`ax` must be polar Axes for a radar chart, e.g. "
                         "plt.subplots(subplot_kw={'projection': 'polar'}); "
                         f"got {getattr(ax, 'name', type(ax).__name__)!r} Axes.")
    return ax


def radar(data, *, instrument=None, lang=None, ax=None, expectation_kws=None, perception_kws=None,
          fill=True, legend=True):
    """Radar (spider) chart of mean expectation and mean perception per dimension.

    Parameters
    ----------
    data : Survey or GapScores
        A survey (means from ``gap_scores(survey, level="dimension")``) or a dimension-level
        GapScores without segment groups. At least three dimensions (fewer raise
        ServgapError: two points make no polygon).
    instrument : Instrument, optional
        Whose dimension names and scale to show; taken from a Survey.
    lang : {"en", "id"}, optional
        Language of every label, title and legend text.
        Default: the ``lang`` of a result object passed as ``data``, else "en".
    ax : matplotlib polar Axes, optional
        Where to draw. When None: the current Axes if it is polar, else a new polar Axes (on
        the current figure if it is empty, on a new figure otherwise). A non-polar Axes raises
        ValueError.
    expectation_kws, perception_kws : dict, optional
        Keyword arguments for the :meth:`~matplotlib.axes.Axes.plot` of each series.
    fill : bool, default True
        Shade the area inside each series.
    legend : bool, default True
        Draw the legend.

    Returns
    -------
    matplotlib PolarAxes
        One closed line per series (E, then P), its radii the ``expectation_mean`` and
        ``perception_mean`` columns, the first dimension at the top, clockwise.

    See Also
    --------
    expectation_perception : the same means as a dumbbell chart, easier to read exactly.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> fig, ax = plt.subplots(subplot_kw={"projection": "polar"})
    >>> ax = plot.radar(load_example(), lang="id", ax=ax)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Bukti Fisik', 'Keandalan', 'Daya Tanggap', 'Jaminan', 'Empati']
    >>> plt.close(fig)
    """
    labels = Labels.for_data(data, instrument, lang)
    result = gap_result(data, levels=("dimension",), grouped=False)
    rows = result.table
    dims = list(rows["dimension"])
    if len(dims) < 3:
        raise ServgapError(f"A radar chart needs at least 3 dimensions, got {len(dims)}; "
                         "use expectation_perception instead.")
    ax = polar_ax(ax)
    angles = np.linspace(0, 2 * np.pi, len(dims), endpoint=False)
    closed = np.append(angles, angles[0])
    for kind, kws, name in (("expectation", expectation_kws, "expectation_kws"),
                            ("perception", perception_kws, "perception_kws")):
        values = rows[f"{kind}_mean"].to_numpy(dtype=float)
        line_style = style({"color": COLORS[kind], "marker": MARKERS[kind], "markersize": 5,
                            "linewidth": 2.0, "label": labels.kind(kind)}, kws, name)
        (line,) = ax.plot(closed, np.append(values, values[0]), **line_style)
        if fill:
            ax.fill(closed, np.append(values, values[0]), color=line.get_color(), alpha=0.12,
                    label="_nolegend_")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles, [labels.dimension(d) for d in dims])
    ax.tick_params(axis="x", pad=8)
    if labels.instrument is not None:
        low, high = labels.instrument.scale
        ax.set_ylim(low, high)
    labels.number_axis(ax.yaxis)
    ax.set_title(labels("plot.title.expectation_perception", level=labels.level("dimension").lower()),
                 pad=20)
    if legend:
        ax.legend(frameon=False, loc="upper right", bbox_to_anchor=(1.15, 1.1))
    return ax
