"""Key drivers: relative weights (% of R²) with their bootstrap intervals."""

from __future__ import annotations

import numpy as np

from ..errors import ServgapError
from ._common import COLORS, Labels, ci_errors, get_ax, plain_text, style

__all__ = ["drivers"]


def drivers(result, *, instrument=None, lang=None, ax=None, bar_kws=None, err_kws=None):
    """Horizontal bars of each predictor's relative weight as a percentage of R², largest at the
    top, with the bootstrap confidence interval.

    Parameters
    ----------
    result : DriversResult
        The result of :func:`servgap.drivers` (it needs the outcome, so a Survey is not enough).
    instrument : Instrument, optional
        Whose dimension and item names to show.
    lang : {"en", "id"}, optional
        Default: the result's ``lang``.
    ax : matplotlib Axes, optional
    bar_kws, err_kws : dict, optional
        Keyword arguments for :meth:`~matplotlib.axes.Axes.barh` and
        :meth:`~matplotlib.axes.Axes.errorbar`.

    Returns
    -------
    matplotlib Axes
        Bar widths are ``relative_weight_pct``; error bars run from ``ci_low`` to ``ci_high``
        divided by R² (× 100); the R² is written in the lower right corner.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import servgap
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> survey = load_example()
    >>> result = servgap.drivers(survey, outcome=survey.overall_scores("perception"), n_boot=50, seed=1)
    >>> fig, ax = plt.subplots()
    >>> ax = plot.drivers(result, lang="id", ax=ax)
    >>> ax.get_xlabel()
    'Bobot relatif (% dari R²)'
    >>> plt.close(fig)
    """
    from ..drivers import DriversResult

    if not isinstance(result, DriversResult):
        raise ServgapError(f"`result` must be a DriversResult from servgap.drivers, got {type(result).__name__}.")
    labels = Labels.for_data(result, instrument, lang)
    key = result.level
    table = result.table.sort_values("relative_weight", ascending=False, kind="stable")
    ax = get_ax(ax)
    y = np.arange(len(table), dtype=float)
    pct = table["relative_weight_pct"].to_numpy(dtype=float)
    bars = style({"height": 0.6, "color": COLORS["gap"] if result.predictors == "gap" else COLORS["perception"],
                  "edgecolor": "none", "zorder": 2}, bar_kws, "bar_kws")
    ax.barh(y, pct, **bars)
    low = table["ci_low"].to_numpy(dtype=float) / result.r2 * 100
    high = table["ci_high"].to_numpy(dtype=float) / result.r2 * 100
    ok = ~(np.isnan(low) | np.isnan(high))
    if ok.any():
        errs = style({"fmt": "none", "ecolor": "#222222", "elinewidth": 1.0, "capsize": 2.5, "zorder": 3}, err_kws,
                     "err_kws")
        # a percentile interval need not contain the estimate: clip the whiskers at the bar end
        ax.errorbar(pct[ok], y[ok], xerr=np.clip(ci_errors(pct[ok], low[ok], high[ok]), 0, None), **errs)
    ax.set_yticks(y, [labels.unit(key, u) for u in table[key]])
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, max(np.nanmax(np.append(high[ok], pct)), 1) * 1.08)
    ax.set_xlabel(labels("plot.relative_weight"))
    ax.set_ylabel(labels.level(key))
    ax.set_title(labels("plot.title.drivers", outcome=plain_text(result.outcome)))
    ax.text(0.98, 0.03, labels("plot.r2", r2=labels.number(result.r2, 3)), transform=ax.transAxes, ha="right",
            va="bottom", fontsize=9, color="#333333")
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    labels.number_axis(ax.xaxis)
    return ax
