"""Segment heatmap: the mean gap of every segment and dimension (or item) in one grid."""

from __future__ import annotations

import numpy as np

from ._common import DIVERGING_CMAP, Labels, gap_result, get_ax, group_rows, plain_text, style

__all__ = ["segment_heatmap"]


def segment_heatmap(data, *, by=None, level=None, confidence=None, instrument=None, lang=None,
                    ax=None, annot=True, digits=2, cbar=True, heatmap_kws=None, annot_kws=None,
                    cbar_kws=None):
    """Heatmap of the mean gap per dimension (or item, rows) and segment (columns).

    The diverging colour map is centred at 0: shortfalls red, surpluses blue, the same colour
    strength for the same distance from 0 on either side.

    Parameters
    ----------
    data : Survey or GapScores
        A survey (with ``by``) or the result of ``gap_scores(..., by=...)``.
    by : str or list of str
        Segment columns (required with a Survey: ServgapError without); several columns make
        one column per combination. At most 40 groups (``servgap.plot._common.MAX_GROUPS``);
        more raise ServgapError before anything is computed.
    level : {"dimension", "item"}, optional
        Default ``"dimension"`` for a Survey, the result's level for a GapScores.
    confidence : float, optional
        Passed to :func:`servgap.gap_scores` when computing from a Survey.
    instrument : Instrument, optional
        Whose item and dimension names to show; taken from a Survey.
    lang : {"en", "id"}, optional
        Language of every label and title, and of the annotated numbers (decimal comma in
        Indonesian).
        Default: the ``lang`` of a result object passed as ``data``, else "en".
    ax : matplotlib Axes, optional
        Where to draw; the current Axes when None.
    annot : bool, default True
        Write each cell's gap in it.
    digits : int, default 2
        Decimals of the annotations.
    cbar : bool, default True
        Add a colour bar (it takes space from ``ax``, as :meth:`Figure.colorbar` does).
    heatmap_kws, annot_kws, cbar_kws : dict, optional
        Keyword arguments for :meth:`~matplotlib.axes.Axes.pcolormesh` (e.g. ``{"cmap":
        "PuOr"}``), for each annotation's :meth:`~matplotlib.axes.Axes.text` and for
        :meth:`~matplotlib.figure.Figure.colorbar`.

    Returns
    -------
    matplotlib Axes
        The mesh (``ax.collections[0]``) holds ``gap_mean`` row by row (rows top to bottom in
        questionnaire order, columns in the result's group order); empty groups are masked.

    See Also
    --------
    gap_bars : with ``by``, the same gaps with their confidence intervals.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> fig, ax = plt.subplots(figsize=(5, 3))
    >>> ax = plot.segment_heatmap(load_example(), by="branch", ax=ax)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Bandung', 'Jakarta', 'Surabaya']
    >>> ax.collections[0].get_array().shape
    (5, 3)
    >>> plt.close(fig)
    """
    from matplotlib.colors import CenteredNorm

    labels = Labels.for_data(data, instrument, lang)
    result = gap_result(data, level=level, by=by, confidence=confidence,
                        levels=("dimension", "item"), grouped=True, chart="segment_heatmap")
    key = result.level
    units = list(dict.fromkeys(result.table[key]))
    groups = group_rows(result.table, result.by, labels.lang)
    values = np.column_stack([rows.set_index(key)["gap_mean"].reindex(units).to_numpy(dtype=float)
                              for _, rows in groups])
    cells = np.ma.masked_invalid(values)
    ax = get_ax(ax)

    reach = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
    mesh_style = style({"cmap": DIVERGING_CMAP, "norm": CenteredNorm(vcenter=0.0, halfrange=reach or 1.0),
                        "edgecolor": "white", "linewidth": 1.0}, heatmap_kws, "heatmap_kws")
    mesh = ax.pcolormesh(np.arange(values.shape[1] + 1), np.arange(values.shape[0] + 1), cells,
                         **mesh_style)
    if annot:
        text_style = style({"ha": "center", "va": "center", "fontsize": "small"}, annot_kws, "annot_kws")
        for (i, j), value in np.ndenumerate(values):
            if np.isnan(value):
                continue
            r, g, b, _ = mesh.cmap(mesh.norm(value))
            dark = 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5
            ax.text(j + 0.5, i + 0.5, labels.number(value, digits),
                    **{"color": "white" if dark else "black", **text_style})
    ax.set_xticks(np.arange(len(groups)) + 0.5, [name for name, _ in groups])
    ax.set_yticks(np.arange(len(units)) + 0.5, [labels.unit(key, u) for u in units])
    ax.set_xlim(0, len(groups))
    ax.set_ylim(len(units), 0)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    segment = plain_text(", ".join(map(str, result.by)))
    ax.set_xlabel(segment)
    ax.set_ylabel(labels.level(key))
    ax.set_title(labels("plot.title.segment_heatmap", level=labels.level(key).lower(), segment=segment))
    if cbar:
        bar = ax.figure.colorbar(mesh, ax=ax, **style({"label": labels("kind.gap")}, cbar_kws, "cbar_kws"))
        bar.outline.set_visible(False)
        labels.number_axis(bar.ax.yaxis)
    return ax
