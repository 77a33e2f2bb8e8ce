"""Gap bars: the mean gap P − E of each item or dimension with its confidence interval."""

from __future__ import annotations

import numpy as np

from ._common import (COLORS, SEGMENT_COLORS, TITLE_PAD_OVER_LEGEND, Labels, ci_errors, gap_result, get_ax,
                      group_rows, legend_above, plain_text, style, unit_order)

__all__ = ["gap_bars"]


def gap_bars(data, *, level=None, by=None, order="gap", confidence=None, instrument=None,
             lang=None, ax=None, bar_kws=None, err_kws=None, legend=True):
    """Horizontal bars of the mean gap per item or dimension, with confidence intervals.

    Shortfalls (P < E) and surpluses (P ≥ E) have distinct colours; with ``by`` the bars of
    each segment sit side by side, one colour per segment.

    Parameters
    ----------
    data : Survey or GapScores
        A survey (gap scores are computed with :func:`servgap.gap_scores`) or the result of
        ``gap_scores(..., level="item" | "dimension")``.
    level : {"item", "dimension"}, optional
        Default ``"item"`` for a Survey, the result's level for a GapScores.
    by : str or list of str, optional
        Segment columns: one bar per segment group and item/dimension. At most 8 groups
        (``servgap.plot._common.MAX_GROUPS``, one per segment colour); more raise ServgapError
        before anything is computed.
    order : {"gap", "instrument"}, default "gap"
        ``"gap"``: largest shortfall at the top (with ``by``: by the mean of the groups' gaps);
        ``"instrument"``: questionnaire order.
    confidence : float, optional
        Level of the intervals (default 0.95) when computing from a Survey.
    instrument : Instrument, optional
        Whose item and dimension names to show; taken from a Survey. Without it, a result's
        dimension names are translated from the bundled instruments and items keep their ids.
    lang : {"en", "id"}, optional
        Language of every label, title and legend text.
        Default: the ``lang`` of a result object passed as ``data``, else "en".
    ax : matplotlib Axes, optional
        Where to draw; the current Axes when None.
    bar_kws, err_kws : dict, optional
        Keyword arguments for :meth:`~matplotlib.axes.Axes.barh` and
        :meth:`~matplotlib.axes.Axes.errorbar` (e.g. ``{"height": 0.5}``, ``{"capsize": 0}``).
    legend : bool, default True
        Draw the legend.

    Returns
    -------
    matplotlib Axes
        Bar widths are the ``gap_mean`` column; error bars run from ``ci_low`` to ``ci_high``.

    See Also
    --------
    servgap.gap_scores : the numbers drawn.
    expectation_perception : the expectation and perception means behind each gap.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> fig, ax = plt.subplots(figsize=(6, 3))
    >>> ax = plot.gap_bars(load_example(), level="dimension", lang="id", ax=ax)
    >>> ax.get_xlabel()
    'Kesenjangan (P − E)'
    >>> sorted(t.get_text() for t in ax.get_yticklabels())
    ['Bukti Fisik', 'Daya Tanggap', 'Empati', 'Jaminan', 'Keandalan']
    >>> plt.close(fig)
    """
    labels = Labels.for_data(data, instrument, lang)
    result = gap_result(data, level=level, by=by, confidence=confidence, chart="gap_bars")
    key, table = result.level, result.table
    units = unit_order(table, key, order)
    groups = group_rows(table, result.by, labels.lang)
    ax = get_ax(ax)

    y = np.arange(len(units), dtype=float)
    height = 0.8 / len(groups) if result.by else 0.7
    bar_style = style({"height": height, "edgecolor": "none", "zorder": 2}, bar_kws, "bar_kws")
    err_style = style({"fmt": "none", "ecolor": "#222222", "elinewidth": 1.0, "capsize": 2.5,
                       "zorder": 3}, err_kws, "err_kws")
    for j, (name, rows) in enumerate(groups):
        rows = rows.set_index(key).reindex(units)
        gap = rows["gap_mean"].to_numpy(dtype=float)
        offset = (j - (len(groups) - 1) / 2) * bar_style["height"] if result.by else 0.0
        drawn = ~np.isnan(gap)
        if result.by:
            colors = SEGMENT_COLORS[j % len(SEGMENT_COLORS)]
        else:
            colors = [COLORS["shortfall"] if g < 0 else COLORS["surplus"] for g in gap[drawn]]
        bar = {"color": colors, "label": name or "_nolegend_", **bar_style}
        ax.barh(y[drawn] + offset, gap[drawn], **bar)
        ok = drawn & rows["ci_low"].notna().to_numpy() & rows["ci_high"].notna().to_numpy()
        if ok.any():
            ax.errorbar(gap[ok], y[ok] + offset,
                        xerr=ci_errors(gap[ok], rows["ci_low"].to_numpy()[ok], rows["ci_high"].to_numpy()[ok]),
                        **err_style)

    ax.axvline(0, color=COLORS["reference"], linewidth=0.8, zorder=1)
    ax.set_yticks(y, [labels.unit(key, u) for u in units])
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.set_xlabel(labels("kind.gap"))
    ax.set_ylabel(labels.level(key))
    ax.set_title(labels("plot.title.gap_bars", level=labels.level(key).lower()),
                 pad=TITLE_PAD_OVER_LEGEND if legend and not result.by else 6)
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    labels.number_axis(ax.xaxis)
    if legend:
        if result.by:
            ax.legend(title=plain_text(", ".join(map(str, result.by))), frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5))
        else:
            from matplotlib.patches import Patch

            drawn_gaps = result.table.loc[result.table[key].isin(units), "gap_mean"].dropna()
            legend_above(ax, [Patch(color=COLORS[kind], label=labels(f"plot.{kind}"))  # only colours drawn
                              for kind, present in (("shortfall", (drawn_gaps < 0).any()),
                                                    ("surplus", (drawn_gaps >= 0).any())) if present])
    return ax
