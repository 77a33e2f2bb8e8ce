"""The importance–performance (Cartesian) diagram of :func:`servgap.ipa`."""

from __future__ import annotations

import numpy as np

from ..errors import ServgapError
from ..results import Result
from ..survey import Survey
from ._common import COLORS, Labels, get_ax, plain_text, style

__all__ = ["ipa_grid", "place_labels"]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
QUADRANT_FILL = "#FBE3D6"  # a light tint of the shortfall colour behind quadrant I


def _ipa_result(data, importance, level, crosshair):
    from ..priorities import IPAResult, ipa

    if isinstance(data, Survey):
        if importance is None:
            importance = "expectation" if "expectation" in data.answers else "importance"
        return ipa(data, importance=importance, level="item" if level is None else level,
                   crosshair="mean" if crosshair is None else crosshair)
    if isinstance(data, IPAResult):
        given = {"importance": importance, "level": level, "crosshair": crosshair}
        asked = [k for k, v in given.items() if v is not None]
        if asked:
            raise ServgapError(f"{asked} cannot change an IPAResult; pass the Survey to compute it with "
                               f"these options.")
        if data.by:
            raise ServgapError(f"ipa_grid draws one group of respondents; the result has groups by {list(data.by)}. "
                               "Compute ipa without `by`, or one survey.subset per group.")
        return data
    raise ServgapError(f"`data` must be a Survey or an IPAResult, got {type(data).__name__}.")


# where a label may sit around its point, in order of preference: right-up, right, left-up, left,
# up, down, right-down, left-down (unit steps of the label's half size)
_DIRECTIONS = np.array([[1, 1], [1, 0], [-1, 1], [-1, 0], [0, 1], [0, -1], [1, -1], [-1, -1]], dtype=float)


def place_labels(anchors: np.ndarray, sizes: np.ndarray, marker: float = 0.0, rings: int = 12) -> np.ndarray:
    """Label centres (pixels) next to their ``anchors`` whose boxes of ``sizes`` (w, h) overlap
    neither one another nor the points (squares of side ``marker`` at the anchors).

    Labels are placed one after another: each takes the first free spot among eight around its
    point (right and up first), trying rings further out (one label height per ring) when all
    eight are taken. A label with no free spot within ``rings`` keeps the first spot.

    Examples
    --------
    >>> import numpy as np
    >>> centres = place_labels(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[10.0, 8], [10, 8]]))
    >>> bool(abs(centres[0, 0] - centres[1, 0]) >= 10 or abs(centres[0, 1] - centres[1, 1]) >= 8)
    True
    """
    anchors = np.asarray(anchors, dtype=float).reshape(-1, 2)
    sizes = np.asarray(sizes, dtype=float).reshape(-1, 2)
    n = len(anchors)
    point_half = np.full(2, marker / 2)
    placed = np.empty((0, 2))
    placed_half = np.empty((0, 2))

    def free(centre, half):
        if len(placed) and ((np.abs(placed - centre) < placed_half + half).all(axis=1)).any():
            return False
        return not ((np.abs(anchors - centre) < point_half + half).all(axis=1)).any()

    out = np.empty((n, 2))
    for i in range(n):
        half = sizes[i] / 2
        first = None
        for ring in range(rings):
            gap = point_half + half + 1.0 + ring * sizes[i, 1]
            for direction in _DIRECTIONS:
                centre = anchors[i] + direction * gap
                first = centre if first is None else first
                if free(centre, half):
                    break
            else:
                continue
            break
        else:
            centre = first
        out[i] = centre
        placed = np.vstack([placed, centre])
        placed_half = np.vstack([placed_half, half])
    return out


def ipa_grid(data, *, importance=None, level=None, crosshair=None, instrument=None, lang=None, ax=None,
             point_kws=None, line_kws=None, label_kws=None, quadrant_kws=None):
    """The importance–performance grid (Cartesian diagram): performance across, importance up.

    Points are labelled by item number (or dimension name); the crosshair lines divide the four
    quadrants, each named in the chart's language; quadrant I ("Concentrate here", Prioritas
    Utama) is shaded. Each label takes a free spot around its point (see :func:`place_labels`), so
    that no label covers another label or a point.

    Parameters
    ----------
    data : Survey or IPAResult
        A survey (computed with :func:`servgap.ipa`) or an IPAResult without ``by`` groups.
    importance : {"expectation", "importance", "desired"}, optional
        For a Survey: default "expectation" when the survey has it, else "importance".
    level : {"item", "dimension"}, optional
        For a Survey; default "item".
    crosshair : "mean", "midpoint" or (x, y), optional
        For a Survey; default "mean".
    instrument : Instrument, optional
        Whose dimension names to show; taken from a Survey.
    lang : {"en", "id"}, optional
        Default: the ``lang`` of a result passed as ``data``, else "en".
    ax : matplotlib Axes, optional
    point_kws, line_kws, label_kws, quadrant_kws : dict, optional
        Keyword arguments for the points (:meth:`~matplotlib.axes.Axes.scatter`), the crosshair
        lines (:meth:`~matplotlib.axes.Axes.axvline`), the point labels and the quadrant names
        (:meth:`~matplotlib.axes.Axes.text`).

    Returns
    -------
    matplotlib Axes

    See Also
    --------
    servgap.ipa : the numbers drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import servgap
    >>> from servgap import plot
    >>> from servgap.datasets import load_example
    >>> fig, ax = plt.subplots(figsize=(6, 5))
    >>> ax = plot.ipa_grid(servgap.ipa(load_example(), lang="id"), ax=ax)
    >>> ax.get_xlabel()
    'Kinerja (persepsi)'
    >>> "Prioritas Utama" in [t.get_text().split(". ", 1)[-1] for t in ax.texts]
    True
    >>> plt.close(fig)
    """
    result = _ipa_result(data, importance, level, crosshair)
    labels = Labels.for_data(data, instrument, lang)
    table = result.table
    ax = get_ax(ax)
    x = table["performance_mean"].to_numpy(dtype=float)
    y = table["importance_mean"].to_numpy(dtype=float)
    cx, cy = result.crosshair
    shown = ~(np.isnan(x) | np.isnan(y))

    # limits that hold every point and the crosshair, with room for labels and quadrant names
    xs, ys = np.append(x[shown], cx), np.append(y[shown], cy)
    span_x = max(np.ptp(xs), 0.5)
    span_y = max(np.ptp(ys), 0.5)
    ax.set_xlim(xs.min() - 0.12 * span_x, xs.max() + 0.18 * span_x)
    ax.set_ylim(ys.min() - 0.15 * span_y, ys.max() + 0.15 * span_y)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()

    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((x0, cy), cx - x0, y1 - cy, facecolor=QUADRANT_FILL, edgecolor="none", zorder=0,
                           gid="quadrant_1"))
    lines = style({"color": COLORS["reference"], "linewidth": 1.0, "linestyle": "--", "zorder": 1}, line_kws,
                  "line_kws")
    ax.axvline(cx, **lines)
    ax.axhline(cy, **lines)
    points = style({"s": 28, "color": COLORS["perception"], "zorder": 3, "edgecolor": "white", "linewidth": 0.5},
                   point_kws, "point_kws")
    ax.scatter(x[shown], y[shown], **points)

    names = style({"fontsize": 8.5, "color": "#333333", "alpha": 0.9, "zorder": 2}, quadrant_kws, "quadrant_kws")
    corners = {1: (x0, y1, "left", "top"), 2: (x1, y1, "right", "top"), 3: (x0, y0, "left", "bottom"),
               4: (x1, y0, "right", "bottom")}
    pad_x, pad_y = 0.015 * (x1 - x0), 0.02 * (y1 - y0)
    for q, (qx, qy, ha, va) in corners.items():
        code = {1: "concentrate_here", 2: "keep_up_the_good_work", 3: "low_priority", 4: "possible_overkill"}[q]
        text = f"{ROMAN[q]}. {labels('priorities.quadrant.' + code)}"
        ax.text(qx + (pad_x if ha == "left" else -pad_x), qy + (-pad_y if va == "top" else pad_y), text, ha=ha,
                va=va, gid=f"quadrant_name_{q}",
                **{**names, **({"fontweight": "bold", "color": COLORS["shortfall"]} if q == 1 else {})})

    key = result.level
    point_labels = [plain_text(u) if key == "item" else labels.dimension(u) for u in table[key][shown]]
    _place_labels(ax, x[shown], y[shown], point_labels,
                  style({"fontsize": 8, "color": "#222222", "zorder": 4}, label_kws, "label_kws"), points["s"])

    ax.set_xlabel(labels("plot.performance_axis"))
    # importance measured by expectation (or desired level) says so; rated importance needs no aside
    ax.set_ylabel(labels("kind.importance") if result.importance == "importance" else
                  labels("plot.importance_axis", kind=labels.kind(result.importance).lower()))
    ax.set_title(labels("plot.title.ipa_grid"))
    labels.number_axis(ax.xaxis)
    labels.number_axis(ax.yaxis)
    return ax


def _place_labels(ax, x, y, texts, text_style, marker_size: float) -> None:
    """Write ``texts`` next to their points, each on a free spot (in pixels)."""
    if not len(texts):
        return
    fig = ax.figure
    try:
        renderer = fig.canvas.get_renderer()
    except AttributeError:  # a backend without a renderer before drawing: estimate the boxes
        renderer = None
    sizes = []
    for text in texts:
        if renderer is None:
            size = float(text_style.get("fontsize", 8)) * fig.dpi / 72 * np.array([0.65 * max(len(text), 1), 1.25])
        else:
            probe = ax.text(0, 0, text, **text_style)
            box = probe.get_window_extent(renderer)
            probe.remove()
            size = np.array([box.width + 2.0, box.height + 1.0])
        sizes.append(size)
    sizes = np.array(sizes)
    anchors = ax.transData.transform(np.column_stack([x, y]))
    marker = np.sqrt(float(marker_size)) * fig.dpi / 72 + 2.0  # a scatter size is in points²
    centres = place_labels(anchors, sizes, marker)
    inverse = ax.transData.inverted()
    spots = inverse.transform(centres)
    for (px, py), (sx, sy), text, start, centre, size in zip(np.column_stack([x, y]), spots, texts, anchors,
                                                           centres, sizes):
        moved = np.hypot(*(centre - start)) > np.hypot(*(size / 2 + marker / 2 + 1.0)) + 1.0
        arrow = {"arrowstyle": "-", "color": COLORS["connector"], "linewidth": 0.6} if moved else None
        ax.annotate(text, xy=(px, py), xytext=(sx, sy), textcoords="data", ha="center", va="center",
                    arrowprops=arrow, gid="point_label", **text_style)
