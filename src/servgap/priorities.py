"""What to fix first: importance–performance analysis (IPA), the customer satisfaction index
(CSI), the potential gain in customer value (PGCV) and an action plan that joins them with the
gaps and their significance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ._checks import check_choice, check_respondents, check_segment_names
from .errors import ServgapError
from .gaps import group_columns
from .i18n import check_lang, label, number
from .results import Result
from .survey import Survey

__all__ = ["ipa", "csi", "pgcv", "priorities", "IPAResult", "CSIResult", "PGCVResult", "PrioritiesResult",
           "QUADRANT_CODES", "CSI_BANDS", "ACTION_RULE"]

LEVELS = ("item", "dimension")
IMPORTANCE = ("expectation", "importance", "desired")
#: The statistics kinds of each importance measure and of the performance paired with it: the
#: answers kept only where the respondent answered both (:data:`servgap.stats.memory.PAIRED`).
PAIRED_KINDS = {"expectation": ("paired_expectation", "paired_perception"),
                "importance": ("ipa_importance", "ipa_performance"),
                "desired": ("ipa_desired", "ipa_desired_performance")}

#: Quadrant number (Martilla & James 1977) → the code stored in ``quadrant_code``.
QUADRANT_CODES = {1: "concentrate_here", 2: "keep_up_the_good_work", 3: "low_priority", 4: "possible_overkill"}

#: Default CSI bands: code → lowest CSI (percent) of the band, as in Indonesian theses.
CSI_BANDS = {"very_satisfied": 81.0, "satisfied": 66.0, "fairly_satisfied": 51.0, "less_satisfied": 35.0,
             "not_satisfied": 0.0}

#: The action of each IPA quadrant when the item falls short of expectations (a significant
#: negative gap or a perception below the zone of tolerance), when it does not, and when the
#: survey cannot tell (no expectation or adequate answers).
ACTION_RULE = {
    1: {"shortfall": "fix_first", "no_shortfall": "improve", "unknown": "fix_first"},
    2: {"shortfall": "improve", "no_shortfall": "maintain", "unknown": "maintain"},
    3: {"shortfall": "monitor", "no_shortfall": "monitor", "unknown": "monitor"},
    4: {"shortfall": "monitor", "no_shortfall": "reduce_effort", "unknown": "reduce_effort"},
}
ACTION_ORDER = ("fix_first", "improve", "monitor", "maintain", "reduce_effort")

# code columns of a table → prefix of their labels in servgap.i18n
_CODE_LABELS = {"quadrant_code": "priorities.quadrant.", "action": "priorities.action.",
                "zone_position": "priorities.zone."}


def _translated(table: pd.DataFrame, lang: str, code_labels=None) -> pd.DataFrame:
    """The table with its code columns written as words of ``lang`` (for display only)."""
    out = table.copy()
    for column, prefix in (_CODE_LABELS if code_labels is None else code_labels).items():
        if column in out.columns:
            out[column] = [code_label(prefix, v, lang) for v in out[column]]
    return out


def code_label(prefix: str, code, lang: str) -> str:
    """The word of a code in ``lang``; an unknown code (a user's own CSI band) as it is.

    Examples
    --------
    >>> code_label("priorities.quadrant.", "concentrate_here", "id")
    'Prioritas Utama'
    """
    if code is None or (isinstance(code, float) and np.isnan(code)):
        return ""
    try:
        return label(prefix + str(code), lang)
    except KeyError:
        return str(code)


@dataclass(frozen=True, repr=False)
class _CodedResult(Result):
    """A result whose table holds codes, shown as words of its language in reprs."""

    _code_labels = _CODE_LABELS  # code column → prefix of its labels

    def display_table(self) -> pd.DataFrame:
        """The table as shown to readers: codes written as words of ``lang``."""
        return _translated(self.table, self.lang, self._code_labels)

    def __repr__(self) -> str:
        return Result.__repr__(replace(self, table=self.display_table()))

    def _repr_html_(self) -> str:
        return Result._repr_html_(replace(self, table=self.display_table()))


# -- the means every analysis here starts from ------------------------------------------------

def _check_importance(survey: Survey, importance: str, analysis: str) -> None:
    check_choice("importance", importance, IMPORTANCE)
    if "perception" not in survey.components:
        raise ServgapError(f"{analysis} needs perception (performance) answers; this survey holds "
                           f"{list(survey.components)}.")
    if importance not in survey.components:
        hint = (" Load importance ratings with read_survey(..., importance=\"I_{item}\") or pass "
                f"importance=\"expectation\"." if importance == "importance" else "")
        raise ServgapError(f"{analysis} with importance={importance!r} needs {importance} answers; this "
                           f"survey holds {list(survey.components)}.{hint}")
    check_respondents(survey, analysis)


def _means(survey: Survey, importance: str, level: str, by=()) -> pd.DataFrame:
    """Per group (of the segment columns ``by``) and item or dimension: the ``by`` columns, the
    item or dimension, n, importance_mean, performance_mean and conformity (ΣP/ΣI × 100).

    From the moments of the paired kinds (:data:`PAIRED_KINDS`): importance and performance
    answers of the respondents who answered both, so that ΣI = n · importance_mean and
    ΣP = n · performance_mean. A dimension score is the respondent's mean of those paired items
    (with ``min_items``)."""
    stats = survey.stats
    imp_kind, perf_kind = PAIRED_KINDS[importance]
    imp, perf = stats.moments(imp_kind, level, by=tuple(by)), stats.moments(perf_kind, level, by=tuple(by))
    groups = stats.groups(tuple(by))
    names = stats.names(level)
    n = imp.n.ravel()
    with np.errstate(invalid="ignore", divide="ignore"):
        sum_i, sum_p = (imp.mean * imp.n).ravel(), (perf.mean * perf.n).ravel()
        table = pd.DataFrame({
            **group_columns(survey, groups, len(names)),
            level: np.tile(np.array(names, dtype=object), groups.size),
            "n": n.astype(int),
            "importance_mean": np.where(n > 0, imp.mean.ravel(), np.nan),
            "performance_mean": np.where(n > 0, perf.mean.ravel(), np.nan),
            "conformity": np.where(n > 0, sum_p / sum_i * 100, np.nan),
        })
    return table


def _high(values: np.ndarray, line: float) -> np.ndarray:
    """values ≥ line, where a value equal to the line up to rounding counts as high."""
    return (values > line) | np.isclose(values, line, rtol=1e-12, atol=1e-12)


def _quadrant(importance: np.ndarray, performance: np.ndarray, crosshair: tuple[float, float]) -> np.ndarray:
    x, y = crosshair
    hi_i, hi_p = _high(importance, y), _high(performance, x)
    quadrant = np.select([hi_i & ~hi_p, hi_i & hi_p, ~hi_i & ~hi_p], [1, 2, 3], 4)
    return np.where(np.isnan(importance) | np.isnan(performance), 0, quadrant)


# -- IPA ----------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class IPAResult(_CodedResult):
    """Importance–performance analysis: the result of :func:`ipa`.

    Attributes
    ----------
    table : DataFrame
        One row per item or dimension (and ``by`` group); columns listed in :func:`ipa`.
    crosshair : tuple of float
        ``(x, y)``: the performance and importance values that divide the grid.
    level, importance, crosshair_rule : str
    by : tuple of str
    scale : tuple of float
        The answer scale (for charts).

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> result = servgap.ipa(load_example(), importance="importance", level="dimension")
    >>> result.table.columns.tolist()
    ['dimension', 'n', 'importance_mean', 'performance_mean', 'conformity', 'quadrant', 'quadrant_code']
    """

    crosshair: tuple = (np.nan, np.nan)
    level: str = "item"
    importance: str = "expectation"
    crosshair_rule: str = "mean"
    by: tuple = ()
    scale: tuple = (1, 7)

    @property
    def title(self) -> str:
        return f"{label('priorities.title.ipa', self.lang)} ({label('level.' + self.level, self.lang).lower()})"

    def _notes(self) -> list[str]:
        x, y = self.crosshair
        return [label("priorities.note.ipa", self.lang, importance=label("kind." + self.importance, self.lang).lower(),
                      x=number(round(x, 4), self.lang), y=number(round(y, 4), self.lang)),
                label("priorities.note.conformity", self.lang)]


def ipa(survey: Survey, importance: str = "expectation", level: str = "item", crosshair="mean", by=None, *,
        lang: str = "en") -> IPAResult:
    """Importance–performance analysis: each item's place on the Cartesian diagram.

    Parameters
    ----------
    survey : Survey or ScannedSurvey
        A survey with perception answers (the performance) and ``importance`` answers, in
        memory or on an engine (:func:`servgap.scan`).
    importance : {"expectation", "importance", "desired"}, default "expectation"
        The answers that stand for importance: the expectation (SERVQUAL's E, as most Indonesian
        theses use), separate importance ratings (``I_{item}``), or the desired level of a
        three-column survey.
    level : {"item", "dimension"}, default "item"
        Items, or dimensions: each respondent's mean importance and mean performance over the
        items of the dimension where they answered both (at least ``min_items`` of them), so
        that both axes rest on the same items.
    crosshair : "mean", "midpoint" or (x, y), default "mean"
        Where the grid is divided. ``"mean"``: x = the mean of the performance means, y = the
        mean of the importance means (over the rows, of all respondents when ``by`` is given, so
        that every group is placed on the same grid); ``"midpoint"``: the middle of the answer
        scale on both axes; a pair: (performance, importance) as given.
    by : str or list of str, optional
        Segment columns; one block of rows per combination of their values.
    lang : {"en", "id"}, default "en"
        Language of the title, the notes and of the quadrant names in reprs and charts.

    Returns
    -------
    IPAResult
        ``.table`` columns: the ``by`` columns; ``item`` or ``dimension``; ``n`` (respondents with
        both answers); ``importance_mean``; ``performance_mean``; ``conformity`` (tingkat
        kesesuaian, ΣP/ΣI × 100); ``quadrant`` (1–4; 0 when a row has no respondents);
        ``quadrant_code`` (:data:`QUADRANT_CODES`). ``.crosshair`` is (x, y).

    Notes
    -----
    Martilla & James (1977). Importance on the vertical axis, performance on the horizontal
    one. A value equal to the crosshair counts as high. Quadrant 1, high importance and low
    performance: "Concentrate here" (Prioritas Utama); 2, high and high: "Keep up the good work"
    (Pertahankan Prestasi); 3, low and low: "Low priority" (Prioritas Rendah); 4, low importance
    and high performance: "Possible overkill" (Berlebihan). Conformity Tk_i = ΣP_i / ΣI_i × 100
    over the respondents with both answers (:ref:`methods-priorities`); the means are ΣP_i/n and ΣI_i/n, as
    R ``colMeans`` of the paired answers. All of it comes from the group moments of the paired
    answers (:mod:`servgap.stats`: ΣI = n · mean), so it runs on engines too.
    Survey weights are not used (nor by :func:`csi` and :func:`pgcv`).

    References
    ----------
    Martilla & James (1977), J. Marketing 41(1).

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"Care": ["1", "2", "3", "4"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"E_1": [5, 5], "P_1": [2, 2], "E_2": [5, 5], "P_2": [5, 4],
    ...                     "E_3": [3, 3], "P_3": [2, 3], "E_4": [3, 3], "P_4": [5, 5]})
    >>> result = servgap.ipa(servgap.read_survey(raw, inst))
    >>> result.crosshair
    (3.5, 4.0)
    >>> result.table[["item", "conformity", "quadrant", "quadrant_code"]].round(1)
      item  conformity  quadrant          quadrant_code
    0    1        40.0         1       concentrate_here
    1    2        90.0         2  keep_up_the_good_work
    2    3        83.3         3           low_priority
    3    4       166.7         4      possible_overkill
    """
    check_choice("level", level, LEVELS)
    check_lang(lang)
    _check_importance(survey, importance, "ipa")
    by = check_segment_names(survey, by, "by")
    low, high = survey.instrument.scale
    overall = _means(survey, importance, level)
    if isinstance(crosshair, str):
        check_choice("crosshair", crosshair, ("mean", "midpoint"))
        if crosshair == "mean":
            if overall["performance_mean"].isna().all() or overall["importance_mean"].isna().all():
                raise ServgapError("No item has a respondent who answered both its importance and its "
                                   "performance, so the mean crosshair of the IPA grid is undefined.")
            point = (float(np.nanmean(overall["performance_mean"])), float(np.nanmean(overall["importance_mean"])))
        else:
            point = ((low + high) / 2, (low + high) / 2)
        rule = crosshair
    else:
        try:
            point = tuple(float(v) for v in crosshair)
        except (TypeError, ValueError):
            point = ()
        if len(point) != 2 or not all(np.isfinite(point)):
            raise ValueError(f"`crosshair` must be 'mean', 'midpoint' or a pair of numbers (x, y), got {crosshair!r}.")
        rule = "given"
    table = overall if not by else _means(survey, importance, level, by)
    table["quadrant"] = _quadrant(table["importance_mean"].to_numpy(), table["performance_mean"].to_numpy(), point)
    table["quadrant_code"] = table["quadrant"].map(QUADRANT_CODES)
    return IPAResult(table=table, crosshair=point, level=level, importance=importance,
                     crosshair_rule=rule, by=tuple(by), scale=(low, high), lang=lang)


# -- CSI ----------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class CSIResult(_CodedResult):
    """Customer satisfaction index: the result of :func:`csi`.

    Attributes
    ----------
    csi : float
        The index in percent.
    band : str
        Code of the band the index falls in (see :data:`CSI_BANDS`).
    bands : dict
        Band code → lowest CSI of the band.
    table : DataFrame
        One row per item (columns listed in :func:`csi`).
    scale_max : float

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> result = servgap.csi(load_example(), importance="importance")
    >>> from servgap.priorities import CSI_BANDS
    >>> result.band in CSI_BANDS
    True
    """

    csi: float = np.nan
    band: str = ""
    bands: Mapping = field(default_factory=lambda: dict(CSI_BANDS))
    scale_max: float = 5.0
    importance: str = "expectation"

    @property
    def title(self) -> str:
        return label("priorities.title.csi", self.lang)

    def band_label(self) -> str:
        """The band in words of ``lang``."""
        return code_label("priorities.band.", self.band, self.lang)

    def _notes(self) -> list[str]:
        return [label("priorities.note.csi", self.lang, csi=number(round(self.csi, 2), self.lang),
                      band=self.band_label(), scale_max=number(self.scale_max, self.lang))]


def _check_bands(bands) -> dict:
    if bands is None:
        return dict(CSI_BANDS)
    if not isinstance(bands, Mapping) or not bands:
        raise ValueError(f"`bands` must be a dict of band code → lowest CSI (percent), got {bands!r}.")
    out = {}
    for code, low in bands.items():
        try:
            out[str(code)] = float(low)
        except (TypeError, ValueError):
            raise ValueError(f"`bands` must map band codes to numbers; {code!r} maps to {low!r}.") from None
    if min(out.values()) > 0:
        raise ValueError(f"`bands` must cover every CSI: the lowest band must start at 0 or below, got "
                         f"{min(out.values())}.")
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def band_of(value: float, bands: Mapping) -> str:
    """The code of the band (highest lower bound ≤ ``value``) that a CSI falls in.

    Examples
    --------
    >>> band_of(80.99, CSI_BANDS), band_of(81, CSI_BANDS)
    ('satisfied', 'very_satisfied')
    """
    for code, low in sorted(bands.items(), key=lambda kv: -kv[1]):
        if value >= low or np.isclose(value, low, rtol=0, atol=1e-9):
            return code
    return ""


def csi(survey: Survey, importance: str = "expectation", bands=None, *, lang: str = "en") -> CSIResult:
    """Customer satisfaction index: importance-weighted mean performance as a percentage.

    Parameters
    ----------
    survey : Survey or ScannedSurvey
        A survey with perception answers and ``importance`` answers, in memory or on an engine.
    importance : {"expectation", "importance", "desired"}, default "expectation"
        The answers that weigh the items (see :func:`ipa`).
    bands : dict, optional
        Band code → lowest CSI (percent) of the band. Default :data:`CSI_BANDS`, the five bands
        common in Indonesian theses: 81–100 ``very_satisfied`` (sangat puas), 66–80.99
        ``satisfied`` (puas), 51–65.99 ``fairly_satisfied`` (cukup puas), 35–50.99
        ``less_satisfied`` (kurang puas), below 35 ``not_satisfied`` (tidak puas). Sources
        differ: pass your own (codes without a label are shown as they are).
    lang : {"en", "id"}, default "en"

    Returns
    -------
    CSIResult
        ``.csi`` (percent), ``.band`` (code); ``.table`` columns ``item``, ``n``,
        ``importance_mean`` (MIS), ``performance_mean`` (MSS), ``weighting_factor``
        (WF = MIS/ΣMIS, a fraction summing to 1), ``weighted_score`` (WS = WF · MSS).

    Notes
    -----
    CSI = Σ_i WF_i · MSS_i / HS × 100 with HS the top of the answer scale (:ref:`methods-priorities`). Means
    are taken over the respondents who answered both questions of the item. Theses that print
    WF in percent print WS a hundred times larger and CSI = ΣWS / HS directly: the same index.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"Care": ["1", "2"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"I_1": [4, 4], "P_1": [4, 4], "I_2": [2, 2], "P_2": [2, 3]})
    >>> survey = servgap.read_survey(raw, inst, expectation=None, importance="I_{item}")
    >>> result = servgap.csi(survey, importance="importance")
    >>> round(result.csi, 2), result.band
    (70.0, 'satisfied')
    >>> result.table[["item", "weighting_factor", "weighted_score"]].round(4)
      item  weighting_factor  weighted_score
    0    1            0.6667          2.6667
    1    2            0.3333          0.8333
    """
    check_lang(lang)
    _check_importance(survey, importance, "csi")
    bands = _check_bands(bands)
    table = _means(survey, importance, "item").drop(columns="conformity")
    weights = table["importance_mean"] / table["importance_mean"].sum()
    table["weighting_factor"] = weights
    table["weighted_score"] = weights * table["performance_mean"]
    high = float(survey.instrument.scale[1])
    index = float(table["weighted_score"].sum() / high * 100)
    return CSIResult(table=table, csi=index, band=band_of(index, bands), bands=bands, scale_max=high,
                     importance=importance, lang=lang)


# -- PGCV ---------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class PGCVResult(_CodedResult):
    """Potential gain in customer value: the result of :func:`pgcv`.

    Attributes
    ----------
    table : DataFrame
        One row per item or dimension (columns listed in :func:`pgcv`).
    level, importance : str
    scale_max : float
        The top of the answer scale (HS).

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> int(servgap.pgcv(load_example()).table["rank"].min())
    1
    """

    level: str = "item"
    importance: str = "expectation"
    scale_max: float = 5.0

    @property
    def title(self) -> str:
        return f"{label('priorities.title.pgcv', self.lang)} ({label('level.' + self.level, self.lang).lower()})"

    def _notes(self) -> list[str]:
        return [label("priorities.note.pgcv", self.lang, scale_max=number(self.scale_max, self.lang))]


def pgcv(survey: Survey, importance: str = "expectation", level: str = "item", *, lang: str = "en") -> PGCVResult:
    """Potential gain in customer value of each item (Hom 2000).

    Parameters
    ----------
    survey : Survey or ScannedSurvey
        In memory or on an engine (:func:`servgap.scan`).
    importance : {"expectation", "importance", "desired"}, default "expectation"
    level : {"item", "dimension"}, default "item"
        As in :func:`ipa`.
    lang : {"en", "id"}, default "en"

    Returns
    -------
    PGCVResult
        ``.table`` columns: ``item`` or ``dimension``; ``n``; ``importance_mean`` (MIS);
        ``performance_mean`` (MSS); ``acv`` (achieved customer value MIS · MSS); ``udcv``
        (ultimately desired customer value MIS · HS); ``pgcv`` (UDCV − ACV); ``rank`` (1 = the
        largest potential gain; ties share the smallest rank, R ``rank(-pgcv, ties.method =
        "min")``).

    Notes
    -----
    HS is the top of the answer scale (:ref:`methods-priorities`).

    References
    ----------
    Hom (2000), importance-performance analysis and the potential gain in customer value.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"Care": ["1", "2"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"E_1": [4, 4], "P_1": [3, 3], "E_2": [5, 5], "P_2": [4, 5]})
    >>> servgap.pgcv(servgap.read_survey(raw, inst)).table[["item", "acv", "udcv", "pgcv", "rank"]]
      item   acv  udcv  pgcv  rank
    0    1  12.0  20.0   8.0     1
    1    2  22.5  25.0   2.5     2
    """
    check_choice("level", level, LEVELS)
    check_lang(lang)
    _check_importance(survey, importance, "pgcv")
    table = _means(survey, importance, level).drop(columns="conformity")
    high = float(survey.instrument.scale[1])
    table["acv"] = table["importance_mean"] * table["performance_mean"]
    table["udcv"] = table["importance_mean"] * high
    table["pgcv"] = table["udcv"] - table["acv"]
    table["rank"] = table["pgcv"].rank(method="min", ascending=False).astype("Int64")
    return PGCVResult(table=table, level=level, importance=importance, scale_max=high, lang=lang)


# -- the action plan ------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class PrioritiesResult(_CodedResult):
    """The action plan: the result of :func:`priorities`.

    Attributes
    ----------
    table : DataFrame
        One row per item or dimension, sorted by ``rank`` (columns listed in :func:`priorities`).
    level, importance, padjust : str
    alpha : float
        The significance level of a shortfall.

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> plan = servgap.priorities(load_example(), level="dimension")
    >>> plan.table["rank"].tolist()
    [1, 2, 3, 4, 5]
    """

    level: str = "item"
    importance: str = "expectation"
    padjust: str = "holm"
    alpha: float = 0.05

    @property
    def title(self) -> str:
        return f"{label('priorities.title.plan', self.lang)} ({label('level.' + self.level, self.lang).lower()})"

    def _notes(self) -> list[str]:
        return [label("priorities.note.plan", self.lang, padjust=self.padjust,
                      alpha=number(self.alpha, self.lang))]


def priorities(survey: Survey, level: str = "item", importance: str = "expectation", padjust: str = "holm",
               alpha: float = 0.05, crosshair="mean", *, lang: str = "en") -> PrioritiesResult:
    """The action plan: items (or dimensions) ranked by what to fix first, with the reason.

    Parameters
    ----------
    survey : Survey or ScannedSurvey
        Perception and ``importance`` answers; expectation answers add the gap and its test,
        adequate and desired answers the zone of tolerance. In memory or on an engine
        (:func:`servgap.scan`): every part is computed from group aggregates.
    level : {"item", "dimension"}, default "item"
    importance : {"expectation", "importance", "desired"}, default "expectation"
        The importance of :func:`ipa` and :func:`pgcv`.
    padjust : {"holm", "fdr_bh", "bonferroni", "none"}, default "holm"
        Correction of the gap tests (:func:`servgap.gap_tests`, paired t-tests) over the rows.
    alpha : float, default 0.05
        A gap is a significant shortfall when ``gap_mean < 0`` and ``p_adj < alpha``.
    crosshair : "mean", "midpoint" or (x, y), default "mean"
        The IPA crosshair (see :func:`ipa`).
    lang : {"en", "id"}, default "en"

    Returns
    -------
    PrioritiesResult
        ``.table``, one row per item or dimension sorted by ``rank``: ``item`` or
        ``dimension``; ``importance_mean``; ``performance_mean``; ``gap_mean`` and ``p_adj``
        (when the survey has expectation answers); ``quadrant`` and ``quadrant_code`` (IPA);
        ``pgcv`` and ``pgcv_rank``; ``zone_position`` (``"below"``, ``"within"``, ``"above"``;
        for surveys with adequate and desired answers); ``shortfall`` (True, False, or
        missing when the survey has neither gaps nor a zone); ``action``; ``rank``.

    Notes
    -----
    The rule (:data:`ACTION_RULE`). An item *falls short* when its gap is significantly
    negative (gap_mean < 0 and p_adj < alpha) or its mean perception lies below the zone of
    tolerance (mean P − A < 0).

    ==========================  ================  =================  =========================
    IPA quadrant                falls short       does not           cannot tell (no E, no A)
    ==========================  ================  =================  =========================
    1 Concentrate here          ``fix_first``     ``improve``        ``fix_first``
    2 Keep up the good work     ``improve``       ``maintain``       ``maintain``
    3 Low priority              ``monitor``       ``monitor``        ``monitor``
    4 Possible overkill         ``monitor``       ``reduce_effort``  ``reduce_effort``
    ==========================  ================  =================  =========================

    Rows are ranked by action (fix_first, improve, monitor, maintain, reduce_effort), then by
    PGCV (largest potential gain first), then by gap (largest shortfall first).

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"Care": ["1", "2", "3", "4"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"E_1": [5, 5, 5], "P_1": [2, 1, 2], "E_2": [5, 5, 5], "P_2": [5, 5, 4],
    ...                     "E_3": [3, 3, 3], "P_3": [2, 3, 3], "E_4": [3, 3, 3], "P_4": [5, 5, 4]})
    >>> plan = servgap.priorities(servgap.read_survey(raw, inst), padjust="none")
    >>> plan.table[["item", "quadrant_code", "shortfall", "action", "rank"]]
      item          quadrant_code  shortfall         action  rank
    0    1       concentrate_here       True      fix_first     1
    1    3           low_priority      False        monitor     2
    2    2  keep_up_the_good_work      False       maintain     3
    3    4      possible_overkill      False  reduce_effort     4
    """
    check_choice("level", level, LEVELS)
    check_lang(lang)
    if not 0 < alpha < 1:
        raise ValueError(f"`alpha` must be between 0 and 1, got {alpha!r}.")
    result = ipa(survey, importance=importance, level=level, crosshair=crosshair)
    table = result.table.drop(columns=["n", "conformity"])
    gains = pgcv(survey, importance=importance, level=level).table
    table["pgcv"] = gains["pgcv"].to_numpy()
    table["pgcv_rank"] = gains["rank"].to_numpy()
    shortfall = np.zeros(len(table), dtype=bool)
    known = False
    if survey.has_gaps:
        from .gaps import gap_scores
        from .inference import gap_tests

        means = gap_scores(survey, level=level).table
        tests = gap_tests(survey, level=level, padjust=padjust).table
        table["gap_mean"] = means.set_index(level)["gap_mean"].reindex(table[level]).to_numpy()
        table["p_adj"] = tests.set_index(level)["p_adj"].reindex(table[level]).to_numpy()
        shortfall |= ((table["gap_mean"] < 0) & (table["p_adj"] < alpha)).to_numpy()
        known = True
    if all(k in survey.components for k in ("adequate", "desired")):
        from .zones import zone_of_tolerance

        zones = zone_of_tolerance(survey, level=level).table.set_index(level)
        table["zone_position"] = zones["position"].reindex(table[level]).to_numpy()
        shortfall |= (table["zone_position"] == "below").to_numpy()
        known = True
    table["shortfall"] = pd.array(shortfall, dtype="boolean") if known else pd.array([pd.NA] * len(table),
                                                                                     dtype="boolean")
    state = np.where(shortfall, "shortfall", "no_shortfall") if known else np.full(len(table), "unknown")
    table["action"] = [ACTION_RULE[q][s] if q in ACTION_RULE else None for q, s in zip(table["quadrant"], state)]
    order = pd.DataFrame({
        "action": table["action"].map({a: i for i, a in enumerate(ACTION_ORDER)}).fillna(len(ACTION_ORDER)),
        "pgcv": -table["pgcv"].fillna(-np.inf),
        "gap": table["gap_mean"].fillna(np.inf) if "gap_mean" in table else 0.0,
    })
    table = table.loc[order.sort_values(["action", "pgcv", "gap"], kind="stable").index].reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    columns = [level, "importance_mean", "performance_mean", "gap_mean", "p_adj", "quadrant", "quadrant_code",
               "pgcv", "pgcv_rank", "zone_position", "shortfall", "action", "rank"]
    table = table[[c for c in columns if c in table.columns]]
    return PrioritiesResult(table=table, level=level, importance=importance, padjust=padjust, alpha=alpha,
                            lang=lang)
