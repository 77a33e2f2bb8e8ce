"""A one-glance figure of the customer satisfaction index (:func:`servgap.csi`) and its bands."""

from __future__ import annotations

import numpy as np

from ..errors import ServgapError
from ..survey import Survey
from ._common import COLORS, Labels, get_ax, style

__all__ = ["csi_gauge"]

# light (low) to dark (high) blues: ColorBrewer Blues, colour-blind safe
BAND_COLORS = ["#EFF3FF", "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C", "#08306B"]


def csi_gauge(data, *, importance=None, bands=None, lang=None, ax=None, band_kws=None, marker_kws=None,
              text_kws=None):
    """The CSI as a mark on a 0–100 bar divided into its bands, with the value and band written.

    Parameters
    ----------
    data : Survey or CSIResult
        A survey (computed with :func:`servgap.csi`) or its result.
    importance : {"expectation", "importance", "desired"}, optional
        For a Survey: default "expectation" when the survey has it, else "importance".
    bands : dict, optional
        For a Survey: band code → lowest CSI (see :func:`servgap.csi`).
    lang : {"en", "id"}, optional
        Default: the ``lang`` of a result passed as ``data``, else "en".
    ax : matplotlib Axes, optional
    band_kws, marker_kws, text_kws : dict, optional
        Keyword arguments for the band bars (:meth:`~matplotlib.axes.Axes.barh`), the CSI mark
        (:meth:`~matplotlib.axes.Axes.plot`) and the value text (:meth:`~matplotlib.axes.Axes.text`).

    Returns
    -------
    matplotlib Axes
        One bar patch per band (lowest first), each band named under the bar.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import servgap
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> fig, ax = plt.subplots(figsize=(7, 2.2))
    >>> result = servgap.csi(load_example(), importance="importance", lang="id")
    >>> ax = plot.csi_gauge(result, ax=ax)
    >>> len(ax.patches)
    5
    >>> plt.close(fig)
    """
    from ..priorities import CSIResult, code_label, csi

    if isinstance(data, Survey):
        if importance is None:
            importance = "expectation" if "expectation" in data.answers else "importance"
        result = csi(data, importance=importance, bands=bands)
    elif isinstance(data, CSIResult):
        if importance is not None or bands is not None:
            raise ServgapError("`importance` and `bands` cannot change a CSIResult; pass the Survey.")
        result = data
    else:
        raise ServgapError(f"`data` must be a Survey or a CSIResult, got {type(data).__name__}.")
    labels = Labels.for_data(data, None, lang)
    ax = get_ax(ax)
    lows = sorted(result.bands.items(), key=lambda kv: kv[1])  # lowest band first
    edges = [max(low, 0.0) for _, low in lows] + [100.0]
    colors = BAND_COLORS[:len(lows)] if len(lows) <= len(BAND_COLORS) else None
    bar = style({"height": 0.5, "edgecolor": "white", "linewidth": 1.0}, band_kws, "band_kws")
    for j, (code, _) in enumerate(lows):
        color = colors[j] if colors else str(0.9 - 0.7 * j / max(len(lows) - 1, 1))
        ax.barh(0, edges[j + 1] - edges[j], left=edges[j], color=color, gid=f"band_{code}", **bar)
        ax.text((edges[j] + edges[j + 1]) / 2, -0.42, code_label("priorities.band.", code, labels.lang),
                ha="center", va="top", fontsize=8, color="#333333", wrap=True)
    value = float(np.clip(result.csi, 0, 100))
    mark = style({"color": COLORS["shortfall"], "linewidth": 3, "solid_capstyle": "butt", "zorder": 3},
                 marker_kws, "marker_kws")
    ax.plot([value, value], [-0.32, 0.32], **mark)
    words = style({"fontsize": 13, "fontweight": "bold", "ha": "center", "va": "bottom", "color": "#111111"},
                  text_kws, "text_kws")
    band = code_label("priorities.band.", result.band, labels.lang)
    ax.text(value, 0.4, f"{labels.number(result.csi, 1)}% · {band}", **words)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.9, 1.0)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xticks(edges)
    ax.set_xticklabels([labels.number(e, 0) for e in edges])
    ax.set_title(labels("plot.title.csi_gauge"))
    return ax
