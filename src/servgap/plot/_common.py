"""What every chart shares: colours, labels, option checks, the Axes, and the result it draws.

A chart family module (``_bars``, ``_radar``, …) takes a Survey or a result object, gets the
result through :func:`gap_result` (or the analysis function it draws), and asks a
:class:`Labels` for every text it shows. New families (importance–performance, zone of
tolerance) follow the same steps.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_choice, check_segment_names
from ..errors import ServgapError
from ..i18n import check_lang, label, number
from ..instrument import Instrument
from ..results import Result
from ..survey import Survey

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}

#: Colours with a meaning, used the same way by every chart.
COLORS = {
    "shortfall": OKABE_ITO["vermillion"],
    "surplus": OKABE_ITO["blue"],
    "expectation": OKABE_ITO["orange"],
    "perception": OKABE_ITO["blue"],
    "gap": OKABE_ITO["bluish_green"],
    "adequate": OKABE_ITO["sky_blue"],
    "desired": OKABE_ITO["reddish_purple"],
    "importance": OKABE_ITO["black"],
    "reference": "#4D4D4D",
    "connector": "#9E9E9E",
    "neutral": "#BDBDBD",
}

#: Markers paired with the colours, so that series differ in shape as well as colour.
MARKERS = {"expectation": "o", "perception": "D", "gap": "s", "adequate": "v", "desired": "^",
           "importance": "P"}

#: Colours of segments (groups of respondents), in order.
SEGMENT_COLORS = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "reddish_purple",
                                         "sky_blue", "vermillion", "yellow", "black")]

#: Diverging colour map (ColorBrewer RdBu, colour-blind safe): red below zero, blue above.
DIVERGING_CMAP = "RdBu"

ITEM_LABEL_WIDTH = 40  # characters per line of an item's tick label

#: The most segment groups a chart draws: side-by-side bars beyond the eight segment colours
#: repeat colours and shrink to slivers; a heatmap column narrower than a number is unreadable.
MAX_GROUPS = {"gap_bars": len(SEGMENT_COLORS), "segment_heatmap": 40}


def plain_text(text) -> str:
    """Text from the data (segment values, column, item and dimension names) as matplotlib
    must draw it: literally. A ``$`` would start mathtext (``$x$`` drawn as math, ``$\\foo$``
    an error when the figure is saved), so every ``$`` is escaped.

    Examples
    --------
    >>> print(plain_text("Cost in $ and € $"))
    Cost in \\$ and € \\$
    """
    return str(text).replace("\\$", "$").replace("$", "\\$")


def style(defaults: Mapping, overrides: Mapping | None, name: str) -> dict:
    """The chart's defaults updated with a copy of the caller's ``*_kws`` dict."""
    if overrides is None:
        return dict(defaults)
    if not isinstance(overrides, Mapping):
        raise ValueError(f"`{name}` must be a dict of matplotlib keyword arguments or None, "
                         f"got {type(overrides).__name__}.")
    return {**defaults, **dict(overrides)}


def get_ax(ax):
    """The Axes to draw on: ``ax``, or the current Axes of pyplot."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.gca()


def match(name: str, given, held):
    """The value of an option that a result object already fixes: ``held``, unless the caller
    asked for another value, which the result cannot give."""
    if given is not None and given != held:
        raise ValueError(f"`{name}` is {held!r} in the result passed; got {given!r}. Pass the "
                         f"Survey to compute it with `{name}={given!r}`.")
    return held


def gap_result(data, *, level=None, by=None, confidence=None, levels=("item", "dimension"),
               grouped: bool | None = None, chart: str | None = None):
    """The :class:`~servgap.gaps.GapScores` a gap chart draws.

    From a Survey it is computed with :func:`servgap.gap_scores` (``level`` defaulting to the
    first of ``levels``); a GapScores is checked against the options. ``grouped`` True requires
    segment groups (``by``), False forbids them, None allows either. With ``chart`` named in
    :data:`MAX_GROUPS`, more segment groups than it draws are refused, before any computing.
    """
    from ..gaps import GapScores, gap_scores, segment_codes

    if isinstance(data, Survey):
        level = levels[0] if level is None else level
        check_choice("level", level, levels)
        if grouped and by is None:
            raise ServgapError("`by` must name a segment column of the survey, e.g. "
                               f"by={data.segment_names[0] if data.segment_names else 'branch'!r}.")
        if by is not None and chart in MAX_GROUPS:
            columns = check_segment_names(data, by)
            check_group_count(chart, columns, len(segment_codes(data, columns)[1]))
        result = gap_scores(data, level=level, by=by, confidence=0.95 if confidence is None else confidence)
    elif isinstance(data, GapScores):
        result = data
        check_choice("level", match("level", level, result.level), levels)
        held_by = result.by
        if by is not None:
            match("by", tuple([by] if isinstance(by, str) else by), held_by)
        if confidence is not None:
            match("confidence", confidence, result.confidence)
    else:
        raise TypeError(f"`data` must be a Survey or a GapScores result, got {type(data).__name__}.")
    if grouped is False and result.by:
        raise ServgapError(f"This chart draws one group of respondents; the result has groups by "
                           f"{list(result.by)}. Compute gap_scores without `by`.")
    if grouped and not result.by:
        raise ServgapError("This chart compares segments; compute gap_scores with `by=` a segment column.")
    if result.by and chart in MAX_GROUPS:
        check_group_count(chart, list(result.by),
                          len(result.table[list(result.by)].drop_duplicates()))
    return result


def check_group_count(chart: str, by: list, n_groups: int) -> None:
    """Refuse more segment groups than ``chart`` draws legibly (:data:`MAX_GROUPS`)."""
    limit = MAX_GROUPS[chart]
    if n_groups > limit:
        hint = (" segment_heatmap draws up to {} groups.".format(MAX_GROUPS["segment_heatmap"])
                if chart != "segment_heatmap" and n_groups <= MAX_GROUPS["segment_heatmap"] else "")
        raise ServgapError(f"{chart} draws at most {limit} segment groups legibly; `by` {by} makes "
                           f"{n_groups:,}. Draw a few groups (Survey.subset), or merge small groups "
                           f"into a coarser segment column.{hint}")


def bundled_dimension_labels() -> dict[str, dict[str, str]]:
    """Dimension → {lang: name} of the bundled instruments (the first instrument wins)."""
    from .. import instruments

    names = sorted(instruments.available(), key=lambda n: n != "servqual22")
    merged: dict[str, dict[str, str]] = {}
    for name in names:
        for dim, texts in instruments.get(name).dimension_labels.items():
            merged.setdefault(dim, dict(texts))
    return merged


@dataclass(frozen=True)
class Labels:
    """Every text of a chart in one language: label-table keys, dimension and item names, numbers.

    With an instrument, dimension and item names are its own; without one (a result object was
    passed), dimension names of the bundled instruments are translated and items keep their ids.
    """

    lang: str = "en"
    instrument: Instrument | None = None

    @classmethod
    def for_data(cls, data, instrument, lang: str | None) -> "Labels":
        if lang is None:  # a result speaks the language it was computed in
            lang = data.lang if isinstance(data, Result) else "en"
        check_lang(lang)
        if instrument is None and isinstance(data, Survey):
            instrument = data.instrument
        if instrument is not None and not isinstance(instrument, Instrument):
            raise ValueError(f"`instrument` must be an Instrument or None, got {type(instrument).__name__}.")
        return cls(lang, instrument)

    def __call__(self, key: str, **values) -> str:
        return label(key, self.lang, **values)

    def dimension(self, dim: str) -> str:
        if dim == "all items":
            text = label("all_items", self.lang)
            return text[:1].upper() + text[1:]
        if self.instrument is not None:
            return plain_text(self.instrument.dimension_label(dim, self.lang))
        texts = bundled_dimension_labels().get(str(dim), {})
        return plain_text(texts.get(self.lang) or texts.get("en") or str(dim))

    def item(self, item: str) -> str:
        item = str(item)
        text = item if self.instrument is None else self.instrument.item_label(item, self.lang)
        full = item if text == item else f"{item}. {text}"
        return plain_text(textwrap.fill(full, ITEM_LABEL_WIDTH))

    def unit(self, level: str, name: str) -> str:
        """The name of an item or a dimension."""
        return self.item(name) if level == "item" else self.dimension(name)

    def kind(self, kind: str) -> str:
        """"Expectation", "Gap (P − E)", …; an unknown kind as it is."""
        try:
            return self(f"kind.{kind}")
        except KeyError:
            return str(kind)

    def level(self, level: str) -> str:
        return self(f"level.{level}")

    def number(self, value: float, digits: int = 2) -> str:
        """A number as printed in ``lang``: decimal comma in Indonesian, a true minus sign."""
        if pd.isna(value):
            return ""
        return number(value, self.lang, f".{digits}f").replace("-", "\N{MINUS SIGN}")

    def number_axis(self, axis) -> None:
        """Give a numeric axis Indonesian decimal commas (English keeps matplotlib's ticks)."""
        if self.lang != "id":
            return
        from matplotlib.ticker import FuncFormatter

        axis.set_major_formatter(FuncFormatter(
            lambda v, _: f"{v:g}".replace("-", "\N{MINUS SIGN}").replace(".", ",")))


TITLE_PAD_OVER_LEGEND = 24  # points between the Axes and a title with a legend_above under it


def legend_above(ax, handles=None) -> None:
    """One row of legend entries between the title and the Axes (no corner of a bar or dumbbell
    chart is reliably empty); give the title ``pad=TITLE_PAD_OVER_LEGEND``."""
    kws = {} if handles is None else {"handles": handles}
    count = len(handles) if handles is not None else len(ax.get_legend_handles_labels()[0])
    ax.legend(**kws, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=max(count, 1),
              borderaxespad=0.2, handlelength=1.2, columnspacing=1.2)


def unit_order(table: pd.DataFrame, key: str, order: str) -> list:
    """Items or dimensions top to bottom: instrument order, or by mean gap (largest shortfall first).

    With segment groups the order by gap uses the mean of the groups' gaps.
    """
    check_choice("order", order, ("gap", "instrument"))
    units = list(pd.unique(table[key]))
    if order == "instrument":
        return units
    means = table.groupby(key, sort=False)["gap_mean"].mean().reindex(units)
    return list(means.sort_values(kind="stable", na_position="last").index)


def group_rows(table: pd.DataFrame, by: tuple, lang: str = "en") -> list[tuple[str, pd.DataFrame]]:
    """(legend text, rows) per segment group, in table order; a missing segment value reads
    "(missing)" in ``lang``, not "nan"."""
    if not by:
        return [("", table)]
    out = []
    for values, rows in table.groupby(list(by), sort=False, dropna=False):
        values = values if isinstance(values, tuple) else (values,)
        out.append((" / ".join(label("plot.segment_missing", lang) if pd.isna(v) else plain_text(v) for v in values),
                    rows))
    return out


def ci_errors(center, low, high) -> np.ndarray:
    """The (2, n) ``xerr`` of matplotlib's errorbar for an interval [low, high] around center.

    A side of an interval that does not reach past its centre (α above 1 with pairwise deletion
    on a few respondents, a percentile bootstrap interval) has no whisker: NaN, which matplotlib
    leaves undrawn, rather than the negative length it refuses.
    """
    center, low, high = (np.asarray(v, dtype=float) for v in (center, low, high))
    errors = np.vstack([center - low, high - center])
    errors[errors < 0] = np.nan
    return errors
