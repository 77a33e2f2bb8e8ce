"""Gaps over many survey periods (months, quarters) with a test for a linear trend."""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._dist import t_sf
from ._checks import check_choice, check_respondents, check_segment_names
from .errors import ServgapError
from .gaps import gap_scores
from .i18n import check_lang, label
from .results import Result
from .survey import Survey

__all__ = ["gap_trend", "GapTrend"]

LEVELS = ("item", "dimension", "overall")


@dataclass(frozen=True, repr=False)
class GapTrend(Result):
    """Gaps per period and their linear trend: the result of :func:`gap_trend`.

    Attributes
    ----------
    table : DataFrame
        One row per period and item/dimension (and ``by`` group): the gap with its CI.
    trend : DataFrame
        One row per item/dimension (and ``by`` group): the slope of the gap per period.
    period : str
        The period column.
    periods : tuple
        The periods in order; ``period_index`` 1, 2, … follows it.
    level : str
    by : tuple of str

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> result = servgap.gap_trend(load_example(), period="branch")
    >>> result.periods
    ('Bandung', 'Jakarta', 'Surabaya')
    """

    trend: pd.DataFrame = None
    period: str = ""
    periods: tuple = ()
    level: str = "dimension"
    by: tuple = ()
    confidence: float = 0.95

    @property
    def title(self) -> str:
        return f"{label('trend.title', self.lang)} ({label('level.' + self.level, self.lang).lower()})"

    def _notes(self) -> list[str]:
        return [label("trend.note", self.lang, period=self.period, confidence=f"{self.confidence:.0%}")]

    def __repr__(self) -> str:
        with pd.option_context("display.max_rows", 60, "display.width", 120, "display.max_columns", 30,
                               "display.precision", 4):
            trend = self.trend.to_string(index=False)
        return f"{super().__repr__()}\n\n{label('trend.slopes', self.lang)}\n{trend}"

    def _repr_html_(self) -> str:
        trend = self.trend.to_html(index=False, float_format=lambda x: f"{x:.4f}", na_rep="")
        return f"{super()._repr_html_()}<h4>{html.escape(label('trend.slopes', self.lang))}</h4>{trend}"


def gap_trend(survey: Survey, period: str, level: str = "dimension", by=None, periods=None,
              confidence: float = 0.95, *, lang: str = "en") -> GapTrend:
    """The mean gap in each period with its confidence interval, and a test for a linear trend.

    Parameters
    ----------
    survey : Survey or ScannedSurvey
        A survey with expectation and perception answers and a segment column naming each
        respondent's period, in memory or on an engine (:func:`servgap.scan`).
    period : str
        The period column (a segment of the survey: month, quarter, wave, …).
    level : {"item", "dimension", "overall"}, default "dimension"
    by : str or list of str, optional
        Further segment columns; a trend per group.
    periods : sequence, optional
        The periods in time order; default the sorted values of the column. Respondents in a
        period not listed (or without one) are left out.
    confidence : float, default 0.95
    lang : {"en", "id"}, default "en"

    Returns
    -------
    GapTrend
        ``.table``: the ``by`` columns; ``period``; ``period_index`` (1, 2, …); ``item`` /
        ``dimension``; ``n``; ``gap_mean``; ``gap_sd``; ``ci_low``, ``ci_high`` (as
        :func:`servgap.gap_scores`). ``.trend``: the ``by`` columns; ``item`` / ``dimension``;
        ``n``; ``slope`` (change of the gap per period); ``slope_se``; ``statistic`` (t);
        ``dof``; ``p_val`` (two-sided).

    Notes
    -----
    The trend is the least-squares line through the respondents' gap scores against the
    index of their period, R ``summary(lm(gap ~ period_index))`` (slope, its standard error, t
    and p on n − 2 degrees of freedom). Periods are equally spaced by their index, whatever
    their labels. Survey weights are not used in the trend. The line comes from each period's
    n, mean and Σ(gap − mean)² (:mod:`servgap.stats` moments grouped by the period): with
    Sxx = Σ n_p (x_p − x̄)² and Sxy = Σ n_p (x_p − x̄)(ȳ_p − ȳ), slope = Sxy / Sxx and the
    residual sum of squares Σ m2_p + Σ n_p (ȳ_p − ȳ − slope (x_p − x̄))², the respondent-level
    sums exactly.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"Care": ["1"]}, scale=(1, 7))
    >>> raw = pd.DataFrame({"E_1": [6, 6, 6, 6, 6, 6], "P_1": [3, 4, 4, 5, 5, 6],
    ...                     "month": ["jan", "jan", "feb", "feb", "mar", "mar"]})
    >>> survey = servgap.read_survey(raw, inst, segments=["month"])
    >>> result = servgap.gap_trend(survey, period="month", level="item", periods=["jan", "feb", "mar"])
    >>> result.table[["period", "gap_mean"]]
      period  gap_mean
    0    jan      -2.5
    1    feb      -1.5
    2    mar      -0.5
    >>> float(result.trend["slope"].iloc[0])
    1.0
    """
    check_choice("level", level, LEVELS)
    check_lang(lang)
    if not survey.has_gaps:
        raise ServgapError(f"gap_trend needs expectation and perception answers; this survey holds "
                           f"{list(survey.components)}.")
    check_respondents(survey, "gap_trend")
    (period,) = check_segment_names(survey, [period], "period")
    by = check_segment_names(survey, by, "by")
    if period in by:
        raise ValueError(f"`by` must not hold the period column {period!r}.")
    stats = survey.stats
    if periods is None:
        periods = [key[0] for key in stats.groups((period,)).keys if not pd.isna(key[0])]
    periods = list(periods)
    if len(periods) < 2 or len(set(periods)) != len(periods):
        raise ServgapError(f"gap_trend needs at least two distinct periods; got {periods!r}.")
    position = {p: i for i, p in enumerate(periods, start=1)}
    groups = stats.groups((*by, period))
    index = np.array([np.nan if pd.isna(key[-1]) else position.get(key[-1], np.nan) for key in groups.keys])
    if not sum(size for size, i in zip(groups.sizes, index) if not np.isnan(i)):
        raise ServgapError(f"No respondent has a period among {periods!r}.")

    means = gap_scores(survey, level=level, by=[*by, period], confidence=confidence).table
    means.insert(len(by) + 1, "period_index", means[period].map(position))
    means = means[means["period_index"].notna()].rename(columns={period: "period"})
    means["period_index"] = means["period_index"].astype(int)
    key = {"item": "item", "dimension": "dimension"}.get(level)
    means["_order"] = means[key].map({u: j for j, u in enumerate(_units(survey, level))}) if key else 0
    means = means.sort_values([*by, "period_index", "_order"], kind="stable").drop(columns="_order")
    columns = [*by, "period", "period_index"] + ([key] if key else []) + ["n", "gap_mean", "gap_sd", "ci_low",
                                                                           "ci_high"]
    table = means[columns].reset_index(drop=True)

    # the least-squares line from each (group, period) cell's n, mean and Σ(y − mean)²
    moments = stats.moments("gap", level, by=(*by, period))
    blocks = []
    for group, cells in _by_groups(groups.keys, index, len(by)):
        block = _slopes(moments.n[cells], moments.mean[cells], moments.m2[cells], index[cells])
        if key:
            block.insert(0, key, list(moments.names))
        for name, value in reversed(list(zip(by, group))):
            block.insert(0, name, value)
        blocks.append(block)
    trend = pd.concat(blocks, ignore_index=True)
    return GapTrend(table=table, trend=trend, period=period, periods=tuple(periods), level=level, by=tuple(by),
                    confidence=confidence, lang=lang)


def _units(survey: Survey, level: str) -> list:
    return list(survey.items) if level == "item" else list(survey.dimensions)


def _by_groups(keys, index, width: int):
    """(``by`` values, positions of their cells with a listed period) per ``by`` group, in the
    order of the sorted keys (cells of one group are adjacent there)."""
    out = []
    for g, key in enumerate(keys):
        if np.isnan(index[g]):
            continue
        group = key[:width]
        if out and _same(out[-1][0], group):
            out[-1][1].append(g)
        else:
            out.append((group, [g]))
    return [(group, np.array(cells, dtype=np.intp)) for group, cells in out]


def _same(a: tuple, b: tuple) -> bool:
    """Equal segment values, a missing value equal to a missing value."""
    return all((pd.isna(x) and pd.isna(y)) or (not pd.isna(x) and not pd.isna(y) and x == y) for x, y in zip(a, b))


def _slopes(n: np.ndarray, mean: np.ndarray, m2: np.ndarray, x: np.ndarray) -> pd.DataFrame:
    """OLS slope of y on x with R's lm standard error, per column, from the cells of one group:
    n, mean and m2 = Σ(y − mean)² of the respondents at each x (cells × columns).

    With N = Σn, x̄ = Σn·x/N, ȳ = Σn·mean/N: Sxx = Σn(x − x̄)², Sxy = Σn(x − x̄)(mean − ȳ),
    slope b = Sxy/Sxx and the residual sum of squares Σm2 + Σn(mean − ȳ − b(x − x̄))² (the
    within-cell deviations sum to zero), exactly the respondent-level sums."""
    x = np.broadcast_to(x[:, None], n.shape)
    used = n > 0
    w = np.where(used, n, 0.0)
    ym = np.where(used, mean, 0.0)
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        x_bar = (w * x).sum(axis=0) / total
        y_bar = (w * ym).sum(axis=0) / total
        dx, dy = x - x_bar, np.where(used, ym - y_bar, 0.0)
        sxx = (w * dx ** 2).sum(axis=0)
        slope = (w * dx * dy).sum(axis=0) / sxx
        rss = np.where(used, m2, 0.0).sum(axis=0) + (w * (dy - slope * dx) ** 2).sum(axis=0)
        dof = total - 2
        sigma2 = rss / np.where(dof > 0, dof, np.nan)
        se = np.sqrt(sigma2 / sxx)
        t = slope / se
        p = 2 * t_sf(np.abs(t), np.where(dof > 0, dof, np.nan))
    return pd.DataFrame({"n": total.astype(int), "slope": slope, "slope_se": se, "statistic": t,
                         "dof": dof.astype(int), "p_val": p})
