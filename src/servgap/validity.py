"""Validity of the survey's items and structure: item-total r, KMO/Bartlett and CFA.

``validity`` is the "r hitung > r tabel" check of Indonesian studies, ``factor_check`` the
sampling adequacy before a factor analysis and ``cfa`` the confirmatory factor analysis of the
instrument's dimensions (ML, as lavaan::cfa). Expected values: tests/reference/reliability.

All three compute from the statistics layer (:mod:`servgap.stats`): the counts, sums and
cross-products of the items over the respondents who answered every item concerned (complete
cases), from which every correlation and covariance here follows by algebra. They read no
respondent rows, so they run on a survey of :func:`servgap.scan` (DuckDB, Spark) too.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from servgap._checks import check_choice, check_respondents
from servgap._dist import chi2_sf, t_ppf
from servgap._factor import fit_factor_model
from servgap.errors import ReliabilityWarning, ServgapError
from servgap.i18n import check_lang, label, number
from servgap.reliability import score_kinds
from servgap.results import Result
from servgap.stats import source_of

__all__ = ["validity", "factor_check", "cfa", "ValidityResult", "FactorCheckResult",
           "CFAResult", "critical_r"]

# Hu & Bentler (1999): (good, acceptable) cut-offs; "higher" says which side is better.
#: KMO at or above which sampling is adequate for factor analysis (Kaiser 1974: "mediocre").
KMO_CUTOFF = 0.60
FIT_CUTOFFS = {"cfi": (0.95, 0.90, True), "tli": (0.95, 0.90, True),
               "rmsea": (0.06, 0.08, False), "srmr": (0.08, 0.08, False),
               "p_val": (0.05, 0.05, True)}


@dataclass(frozen=True, repr=False)
class ValidityResult(Result):
    """What :func:`validity` returns: one row per item in ``table``.

    Attributes
    ----------
    table : DataFrame
        One row per item (columns listed under :func:`validity`).
    alpha : float
        Two-sided level of ``r_critical``.
    total : str
        ``"dimension"`` or ``"instrument"``.
    corrected : bool
        Whether ``valid`` was judged on ``r_corrected``.
    lang : str
        ``"en"`` or ``"id"``: language of the title and the notes.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap.validity import validity
    >>> inst = servgap.Instrument("mini", {"A": ["1", "2", "3"], "B": ["4", "5", "6"]},
    ...                           scale=(1, 5))
    >>> raw = pd.DataFrame({"P_1": [3, 4, 2, 2, 5, 4, 1, 3, 4, 2], "P_2": [4, 3, 2, 1, 5, 3, 2, 3, 4, 2],
    ...                     "P_3": [3, 3, 2, 1, 4, 5, 1, 2, 5, 3], "P_4": [2, 4, 3, 3, 5, 4, 2, 2, 3, 1],
    ...                     "P_5": [1, 4, 3, 2, 4, 5, 2, 3, 3, 2], "P_6": [2, 5, 2, 3, 5, 4, 1, 2, 4, 2]})
    >>> survey = servgap.read_survey(raw, inst, expectation=None)
    >>> result = validity(survey, total="instrument")
    >>> result.total, len(result.table)
    ('instrument', 6)
    >>> validity(survey, lang="id").title
    'Uji validitas butir (korelasi butir-total)'
    """

    alpha: float = 0.05
    total: str = "dimension"
    corrected: bool = False

    @property
    def title(self) -> str:
        return label("validity.title", self.lang)

    def _notes(self) -> list[str]:
        notes = [label("validity.note", self.lang, r="r_corrected" if self.corrected else "r",
                       alpha=number(self.alpha, self.lang),
                       total=label(f"validity.note.total.{self.total}", self.lang))]
        if self.table["valid"].isna().any():
            notes.append(label("validity.note.undetermined", self.lang))
        return notes


@dataclass(frozen=True, repr=False)
class FactorCheckResult(Result):
    """What :func:`factor_check` returns: the overall measures in ``table``, per-item MSA in
    ``items``.

    Attributes
    ----------
    table : DataFrame
        ``measure`` (``kmo``, ``bartlett_chi2``, ``bartlett_dof``, ``bartlett_p_val``),
        ``value``, ``cutoff`` (KMO 0.60; Bartlett p 0.05) and ``rating`` (code ``"good"`` or
        ``"poor"`` against the cutoff, missing for chi2 and dof), as in :class:`CFAResult`.
    items : DataFrame
        ``dimension``, ``item``, ``msa``.
    n : int
        Respondents who answered every item.
    kmo : float
        Overall Kaiser–Meyer–Olkin measure.
    bartlett_chi2, bartlett_dof, bartlett_p_val : float, int, float
        Bartlett's test of sphericity.
    lang : str
        ``"en"`` or ``"id"``: language of the title and the notes.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap.validity import factor_check
    >>> inst = servgap.Instrument("mini", {"A": ["1", "2", "3"], "B": ["4", "5", "6"]},
    ...                           scale=(1, 5))
    >>> raw = pd.DataFrame({"P_1": [3, 4, 2, 2, 5, 4, 1, 3, 4, 2], "P_2": [4, 3, 2, 1, 5, 3, 2, 3, 4, 2],
    ...                     "P_3": [3, 3, 2, 1, 4, 5, 1, 2, 5, 3], "P_4": [2, 4, 3, 3, 5, 4, 2, 2, 3, 1],
    ...                     "P_5": [1, 4, 3, 2, 4, 5, 2, 3, 3, 2], "P_6": [2, 5, 2, 3, 5, 4, 1, 2, 4, 2]})
    >>> survey = servgap.read_survey(raw, inst, expectation=None)
    >>> check = factor_check(survey)
    >>> check.n, check.bartlett_dof, check.items["item"].tolist()
    (10, 15, ['1', '2', '3', '4', '5', '6'])
    >>> check.table["measure"].tolist()
    ['kmo', 'bartlett_chi2', 'bartlett_dof', 'bartlett_p_val']
    >>> factor_check(survey, lang="id").title
    'Uji kecukupan sampel (KMO) dan uji sferisitas Bartlett'
    """

    items: pd.DataFrame = field(default_factory=pd.DataFrame)
    n: int = 0
    kmo: float = np.nan
    bartlett_chi2: float = np.nan
    bartlett_dof: int = 0
    bartlett_p_val: float = np.nan

    @property
    def title(self) -> str:
        return label("factor_check.title", self.lang)

    def _display_table(self) -> pd.DataFrame:
        return _rating_display(self.table, self.lang)

    def _notes(self) -> list[str]:
        return [label("factor_check.note", self.lang, n=self.n, kmo=number(self.kmo, self.lang, ".3f"),
                      dof=self.bartlett_dof, chi2=number(self.bartlett_chi2, self.lang, ".2f"),
                      p_val=number(self.bartlett_p_val, self.lang, ".3g"))]


@dataclass(frozen=True, repr=False)
class CFAResult(Result):
    """What :func:`cfa` returns: fit measures in ``table`` (and ``fit``), loadings, dimensions.

    Attributes
    ----------
    table : DataFrame
        ``measure``, ``value``, ``cutoff``, ``rating`` (code ``"good"``, ``"acceptable"`` or
        ``"poor"``, shown in words of ``lang`` when the result is displayed).
    fit : dict
        Measure → value (``chi2``, ``dof``, ``p_val``, ``cfi``, ``tli``, ``rmsea``,
        ``rmsea_ci_low``, ``rmsea_ci_high``, ``srmr``).
    loadings : DataFrame
        Standardised loadings per item.
    dimensions : DataFrame
        Composite reliability, AVE and the Fornell–Larcker check per dimension.
    factor_correlations : DataFrame
        Factors × factors.
    n : int
        Respondents who answered every item.
    lang : str
        ``"en"`` or ``"id"``: language of the title, the notes and the displayed ratings.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap.validity import cfa
    >>> inst = servgap.Instrument("mini", {"A": ["1", "2", "3"], "B": ["4", "5", "6"]},
    ...                           scale=(1, 5))
    >>> raw = pd.DataFrame({"P_1": [3, 4, 2, 2, 5, 4, 1, 3, 4, 2], "P_2": [4, 3, 2, 1, 5, 3, 2, 3, 4, 2],
    ...                     "P_3": [3, 3, 2, 1, 4, 5, 1, 2, 5, 3], "P_4": [2, 4, 3, 3, 5, 4, 2, 2, 3, 1],
    ...                     "P_5": [1, 4, 3, 2, 4, 5, 2, 3, 3, 2], "P_6": [2, 5, 2, 3, 5, 4, 1, 2, 4, 2]})
    >>> survey = servgap.read_survey(raw, inst, expectation=None)
    >>> result = cfa(survey)
    >>> sorted(result.fit)[:3], result.n
    (['cfi', 'chi2', 'dof'], 10)
    >>> cfa(survey, lang="id").title
    'Analisis faktor konfirmatori (CFA, estimasi ML)'
    """

    fit: dict = field(default_factory=dict)
    loadings: pd.DataFrame = field(default_factory=pd.DataFrame)
    dimensions: pd.DataFrame = field(default_factory=pd.DataFrame)
    factor_correlations: pd.DataFrame = field(default_factory=pd.DataFrame)
    n: int = 0

    @property
    def title(self) -> str:
        return label("cfa.title", self.lang)

    def _notes(self) -> list[str]:
        return [label("cfa.note", self.lang, n=self.n)]

    def _display_table(self) -> pd.DataFrame:
        return _rating_display(self.table, self.lang)


# -- item validity -----------------------------------------------------------------------------
def validity(survey, score: str = "perception", *, total: str = "dimension",
             alpha: float = 0.05, corrected: bool = False, lang: str = "en") -> ValidityResult:
    """Pearson correlation of each item with the total score, against the critical r.

    Parameters
    ----------
    survey : Survey
    score : {"perception", "expectation", "gap"}, default "perception"
    total : {"dimension", "instrument"}, default "dimension"
        The total an item is correlated with: the sum of its dimension's items, or of all
        items of the instrument.
    alpha : float, default 0.05
        Two-sided significance level of the critical r ("r tabel").
    corrected : bool, default False
        Judge ``valid`` on ``r_corrected`` instead of ``r``.
    lang : {"en", "id"}, default "en"
        Language of the result's title and notes.

    Returns
    -------
    ValidityResult
        ``.table`` with one row per item: ``score``, ``dimension``, ``item``, ``n``
        (respondents who answered every item of the total), ``r`` (Pearson r of the item with
        the total, "r hitung"), ``r_corrected`` (with the total of the other items),
        ``r_critical`` ("r tabel") and ``valid`` (``r`` — or ``r_corrected`` — above
        ``r_critical``; pandas nullable boolean, NA where the judged r or ``r_critical`` is
        NaN: an item that is the only one of its dimension under ``total="dimension"``, a
        constant item, or n ≤ 2).

    Raises
    ------
    ServgapError
        When the survey has no respondents, or lacks the answers ``score`` asks for.

    Warns
    -----
    ReliabilityWarning
        For a dimension with one item under ``total="dimension"``: the item would be
        correlated with itself (r = 1), so ``r`` and ``r_corrected`` are NaN and ``valid`` is
        NA. ``total="instrument"`` gives such an item a meaningful r.

    Notes
    -----
    r_critical = t / √(n − 2 + t²), t = t_{1−α/2, n−2} (:ref:`methods-validity`): the smallest r that
    differs from 0 at level α; n = 30 gives 0.361, n = 100 gives 0.197. ``r`` equals R
    ``cor(x[, i], rowSums(x))`` and ``r_corrected`` ``cor(x[, i], rowSums(x) - x[, i])``
    (psych::alpha ``r.drop`` on complete data), on the respondents who answered every item of
    the total (R ``na.omit``). Both follow from the items' complete-case cross-products C:
    cov(x_i, T) = Σ_j C_ij, var T = Σ_jk C_jk, cov(x_i, T − x_i) = Σ_j C_ij − C_ii.

    References
    ----------
    Sugiyono (2017). Metode Penelitian Kuantitatif, Kualitatif, dan R&D. Alfabeta (the
    "r hitung > r tabel" rule).

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap.validity import validity
    >>> inst = servgap.Instrument("mini", {"Speed": ["1", "2", "3"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"P_1": [3, 4, 2, 2, 5, 4, 1, 3], "P_2": [4, 3, 2, 1, 5, 3, 2, 3],
    ...                     "P_3": [3, 3, 2, 1, 4, 5, 1, 2]})
    >>> survey = servgap.read_survey(raw, inst, expectation=None)
    >>> validity(survey).table[["item", "n", "r", "r_critical", "valid"]].round(3)
      item  n      r  r_critical  valid
    0    1  8  0.953       0.707   True
    1    2  8  0.891       0.707   True
    2    3  8  0.928       0.707   True
    """
    (kind,) = score_kinds(survey, score, allow_all=False)
    check_choice("total", total, ("dimension", "instrument"))
    check_lang(lang)
    if not 0 < alpha < 1:
        raise ValueError(f"`alpha` must be between 0 and 1, got {alpha!r}.")
    check_respondents(survey, "validity")
    instrument = survey.instrument
    frames = []
    totals = [list(items) if total == "dimension" else list(instrument.items)
              for items in instrument.dimensions.values()]
    for (dimension, items), columns, (n, comoment, scale) in zip(instrument.dimensions.items(), totals,
                                                                 _listwise(survey, kind, totals)):
        own = np.array([columns.index(i) for i in items])
        r, r_corrected = _item_total_r(comoment, scale, own)
        if len(columns) == 1:
            warnings.warn(ReliabilityWarning.keyed("validity.warn.one_item", score=kind, dimension=dimension),
                          stacklevel=2)
            r = r_corrected = np.full(len(items), np.nan)
        frames.append(pd.DataFrame({
            "score": kind, "dimension": dimension, "item": list(items), "n": n,
            "r": r, "r_corrected": r_corrected, "r_critical": critical_r(n, alpha)}))
    table = pd.concat(frames, ignore_index=True)
    judged = table["r_corrected" if corrected else "r"]
    table["valid"] = (judged > table["r_critical"]).astype("boolean").mask(
        judged.isna() | table["r_critical"].isna())
    return ValidityResult(table=table, alpha=alpha, total=total, corrected=corrected, lang=lang)


def critical_r(n, alpha: float = 0.05):
    """Critical Pearson r ("r tabel") for n respondents at two-sided level ``alpha``.

    Parameters
    ----------
    n : int or array
        Respondents.
    alpha : float, default 0.05
        Two-sided significance level.

    Returns
    -------
    float or array
        t / √(n − 2 + t²), t = t_{1−α/2, n−2}; NaN for n ≤ 2.

    Examples
    --------
    >>> round(float(critical_r(30)), 3), round(float(critical_r(100)), 3)
    (0.361, 0.197)
    """
    df = np.asarray(n, dtype=float) - 2
    with np.errstate(invalid="ignore"):
        t = t_ppf(1 - alpha / 2, np.where(df > 0, df, np.nan))
        return t / np.sqrt(df + t**2)


#: A variance below this share of the sum of squares it is computed from is a constant's (0):
#: the cancellation of Σx² − (Σx)²/n leaves at most a few ulps of it.
_ZERO_VARIANCE = 1e-12


def _listwise(survey, kind: str, subsets: list) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Per list of items in ``subsets``: n, the comoment matrix Σ(x_i − x̄_i)(x_j − x̄_j) (in
    the list's order) and its cancellation scale, over the respondents who answered every item
    of the list — R ``na.omit(x[, items])``.

    All from the statistics layer's cross-products, which an engine computes too: of every row
    when no item has a missing value, of the complete cases of the item block for a list of
    every item, and of each list's complete cases (one pass for all lists) otherwise.
    """
    source = source_of(survey)
    names = list(source.names("item"))
    positions = [tuple(names.index(c) for c in columns) for columns in subsets]
    complete = bool((source.moments(kind, "item").n[0] == source.n_rows).all())
    partial = [pos for pos in positions if not complete and len(set(pos)) < len(names)]
    by_subset = dict(zip(partial, source.subset_crossproducts([(kind, "item")], [(pos, pos) for pos in partial])
                         if partial else []))
    out = []
    for pos in positions:
        if pos in by_subset:
            cp = by_subset[pos]
        else:  # every row, or the complete cases of every item
            cp = source.crossproducts([(kind, "item")], complete=not complete).take(pos)
        n = int(round(float(cp.count[0, 0, 0]))) if pos else 0
        sums = cp.sums[0][:, 0]
        with np.errstate(invalid="ignore", divide="ignore"):
            comoment = cp.cross[0] - np.outer(sums, sums) / n if n > 0 else np.full(cp.cross[0].shape, np.nan)
        out.append((n, comoment, np.abs(cp.cross[0]) + np.abs(np.outer(sums, sums)) / max(n, 1)))
    return out


def _variance(value, scale):
    """A variance from cross-products, 0 where it is within rounding of 0 (a constant)."""
    return np.where(np.abs(value) <= _ZERO_VARIANCE * scale, 0.0, value)


def _item_total_r(comoment: np.ndarray, scale: np.ndarray, own: np.ndarray):
    """Pearson r of items ``own`` with the sum of all columns, and with the sum of the others."""
    cov_total = comoment[own].sum(axis=1)
    var_item = _variance(np.diag(comoment)[own], np.diag(scale)[own])
    var_total = _variance(comoment.sum(), scale.sum())
    var_rest = _variance(var_total - 2 * cov_total + var_item, scale.sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cov_total / np.sqrt(var_item * var_total)
        r_corrected = (cov_total - var_item) / np.sqrt(var_item * var_rest)
    return r, r_corrected


# -- KMO and Bartlett --------------------------------------------------------------------------
def factor_check(survey, score: str = "perception", *, lang: str = "en") -> FactorCheckResult:
    """Kaiser–Meyer–Olkin sampling adequacy and Bartlett's test of sphericity.

    Parameters
    ----------
    survey : Survey
    score : {"perception", "expectation", "gap"}, default "perception"
    lang : {"en", "id"}, default "en"
        Language of the result's title and notes.

    Returns
    -------
    FactorCheckResult
        ``.table``: one row per measure (``kmo``, ``bartlett_chi2``, ``bartlett_dof``,
        ``bartlett_p_val``) with ``value``, ``cutoff`` and ``rating``; ``.items`` with one row
        per item: ``dimension``, ``item``, ``msa`` (KMO measure of sampling adequacy of the
        item); attributes ``n`` (respondents who answered every item), ``kmo`` (overall),
        ``bartlett_chi2``, ``bartlett_dof``, ``bartlett_p_val``.

    Raises
    ------
    ServgapError
        When the survey has no respondents, or the item correlation matrix of the
        respondents who answered every item is singular.

    Notes
    -----
    With R the item correlation matrix and Q the partial correlations (from R⁻¹):
    MSA_i = Σ_j r²_ij / (Σ_j r²_ij + Σ_j q²_ij) over j ≠ i, KMO the same over all i ≠ j — R
    ``psych::KMO`` (``MSAi``, ``MSA``). Bartlett: χ² = −(n − 1 − (2p + 5)/6)·ln|R|,
    df = p(p − 1)/2 — ``psych::cortest.bartlett`` (``chisq``, ``df``, ``p.value``).
    KMO ≥ 0.60 and a significant Bartlett test are the usual conditions for factor analysis.
    R is the correlation matrix of the respondents who answered every item (R
    ``cor(na.omit(x))``), from their cross-products.

    References
    ----------
    Kaiser, H. F. (1974). An index of factorial simplicity. Psychometrika 39. Bartlett, M. S.
    (1950). Tests of significance in factor analysis. British J. Psychology 3.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import servgap
    >>> from servgap.validity import factor_check
    >>> rng = np.random.default_rng(0)
    >>> common = rng.normal(size=(60, 1))
    >>> raw = pd.DataFrame(np.clip(np.rint(3 + common + rng.normal(size=(60, 4))), 1, 5),
    ...                    columns=["P_1", "P_2", "P_3", "P_4"])
    >>> inst = servgap.Instrument("mini", {"A": ["1", "2", "3", "4"]}, scale=(1, 5))
    >>> check = factor_check(servgap.read_survey(raw, inst, expectation=None))
    >>> check.bartlett_dof, bool(check.bartlett_p_val < 0.05), bool(0 < check.kmo < 1)
    (6, True, True)
    """
    (kind,) = score_kinds(survey, score, allow_all=False)
    check_lang(lang)
    check_respondents(survey, "factor_check")
    items = list(survey.instrument.items)
    ((n, comoment, scale),) = _listwise(survey, kind, [items])
    p = len(items)
    corr = _correlations(comoment, scale) if n >= 3 else np.full((p, p), np.nan)
    sign, logdet = np.linalg.slogdet(np.nan_to_num(corr))
    if n < 3 or sign <= 0 or not np.isfinite(corr).all():
        raise ServgapError(f"The {kind} item correlation matrix of the {n} respondents who "
                           "answered every item is singular; KMO and Bartlett's test need it "
                           "to be positive definite (more respondents, no constant items).")
    inverse = np.linalg.inv(corr)
    partial = -inverse / np.sqrt(np.outer(np.diag(inverse), np.diag(inverse)))
    off = ~np.eye(p, dtype=bool)
    r2, q2 = np.where(off, corr**2, 0), np.where(off, partial**2, 0)
    msa = r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0))
    chi2 = -(n - 1 - (2 * p + 5) / 6) * logdet
    dof = p * (p - 1) // 2
    instrument = survey.instrument
    items = pd.DataFrame({"dimension": [instrument.dimension_of(i) for i in items],
                          "item": items, "msa": msa})
    kmo = float(r2.sum() / (r2.sum() + q2.sum()))
    p_val = float(chi2_sf(chi2, dof))
    table = pd.DataFrame({"measure": ["kmo", "bartlett_chi2", "bartlett_dof", "bartlett_p_val"],
                          "value": [kmo, float(chi2), float(dof), p_val],
                          "cutoff": [KMO_CUTOFF, np.nan, np.nan, 0.05],
                          "rating": ["good" if kmo >= KMO_CUTOFF else "poor", None, None,
                                     "good" if p_val < 0.05 else "poor"]})
    return FactorCheckResult(table=table, items=items, n=n, kmo=kmo, bartlett_chi2=float(chi2),
                             bartlett_dof=dof, bartlett_p_val=p_val, lang=lang)


# -- confirmatory factor analysis --------------------------------------------------------------
def cfa(survey, score: str = "perception", model=None, *, lang: str = "en") -> CFAResult:
    """Confirmatory factor analysis of the instrument's dimensions (maximum likelihood).

    Parameters
    ----------
    survey : Survey
    score : {"perception", "expectation", "gap"}, default "perception"
    model : mapping of str to list of str, optional
        Factor → items, e.g. ``{"Speed": ["1", "2", "3"], "Care": ["4", "5"]}``; by default the
        instrument's dimensions. The model syntax is this mapping only: every item loads on
        exactly one factor (simple structure; an item under two factors — a cross-loading — is
        refused), factor variances are fixed to 1 and factors correlate freely; residuals are
        uncorrelated. Every factor needs at least two items to be
        identified: an instrument with a one-item dimension needs a ``model`` that joins that
        item to another factor or leaves it out.
    lang : {"en", "id"}, default "en"
        Language of the result's title, its notes and the displayed ratings.

    Returns
    -------
    CFAResult
        ``.table``: ``measure``, ``value``, ``cutoff`` (Hu & Bentler's good-fit bound),
        ``rating`` (code good / acceptable / poor, in words when displayed), for ``chi2``, ``dof``, ``p_val``, ``cfi``,
        ``tli``, ``rmsea``, ``rmsea_ci_low``, ``rmsea_ci_high`` and ``srmr``.
        ``.fit``: the same values as a dict measure → value.
        ``.loadings``: ``dimension``, ``item``, ``loading`` (standardised, std.all),
        ``residual_variance`` (standardised).
        ``.dimensions``: ``dimension``, ``n_items``, ``composite_reliability``, ``ave``,
        ``sqrt_ave``, ``max_correlation`` (largest absolute correlation with another factor) and
        ``fornell_larcker`` (``sqrt_ave`` > ``max_correlation``).
        ``.factor_correlations``: factors × factors.

    Raises
    ------
    ServgapError
        When the survey has no respondents, the default model has a one-item dimension, the
        model has no positive degrees of freedom or no more complete respondents than items,
        or the item covariance matrix is singular.
    ValueError
        When ``model`` names unknown items or has a factor with fewer than two items.

    Notes
    -----
    The model is fitted by ML to the covariance matrix S (divisor n) of the respondents who
    answered every item of the model (from their cross-products), minimising F = ln|Σ| + tr(SΣ⁻¹) − ln|S| − p with factor variances
    fixed to 1. Equal to ``lavaan::cfa(model, data)`` and ``fitMeasures()`` (lavaan 0.6,
    likelihood "normal"):

    - chi2 = n·F (``chisq``), dof (``df``), p_val (``pvalue``).
    - CFI = 1 − max(χ² − df, 0) / max(χ² − df, χ²_b − df_b, 0), TLI = (χ²_b/df_b − χ²/df) /
      (χ²_b/df_b − 1), with the independence model b (``cfi``, ``tli``).
    - RMSEA = √(max(χ² − df, 0) / (df·n)); its 90 % CI from the noncentral χ² (λ with
      P(χ²_df(λ) ≤ χ²) = 0.95 and 0.05) (``rmsea``, ``rmsea.ci.lower``, ``rmsea.ci.upper``).
    - SRMR = √(mean over i ≤ j of ((s_ij − σ̂_ij)/√(s_ii·s_jj))²) (``srmr``, Bentler's).
    - loadings: ``standardizedSolution()`` ``est.std``; CR = (Σλ)² / ((Σλ)² + Σ(1 − λ²)),
      AVE = mean(λ²) on standardised loadings (Fornell & Larcker 1981).

    Cut-offs (Hu & Bentler 1999): CFI, TLI ≥ .95 good, ≥ .90 acceptable; RMSEA ≤ .06 good,
    ≤ .08 acceptable; SRMR ≤ .08 good. p_val ≥ .05 (exact fit) is judged good.

    References
    ----------
    Hu, L. & Bentler, P. M. (1999). Cutoff criteria for fit indexes in covariance structure
    analysis. SEM 6(1). Fornell, C. & Larcker, D. F. (1981). J. Marketing Research 18(1).
    Rosseel, Y. (2012). lavaan. J. Statistical Software 48(2).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import servgap
    >>> from servgap.validity import cfa
    >>> rng = np.random.default_rng(1)
    >>> f = rng.multivariate_normal([0, 0], [[1, .4], [.4, 1]], size=300)
    >>> x = np.repeat(f, 3, axis=1) + rng.normal(scale=.7, size=(300, 6))
    >>> raw = pd.DataFrame(np.clip(np.rint(3 + x), 1, 5), columns=[f"P_{i}" for i in range(1, 7)])
    >>> inst = servgap.Instrument("two", {"A": ["1", "2", "3"], "B": ["4", "5", "6"]},
    ...                           scale=(1, 5))
    >>> result = cfa(servgap.read_survey(raw, inst, expectation=None))
    >>> result.fit["dof"], result.table.set_index("measure").loc["cfi", "rating"]
    (8, 'good')
    >>> result.dimensions["fornell_larcker"].tolist()
    [True, True]
    """
    (kind,) = score_kinds(survey, score, allow_all=False)
    check_lang(lang)
    model = _check_model(survey, model)
    check_respondents(survey, "cfa")
    items = [i for members in model.values() for i in members]
    factor_of_item = np.repeat(np.arange(len(model)), [len(m) for m in model.values()])
    ((n, comoment, _),) = _listwise(survey, kind, [items])
    p = len(items)
    m = len(model)
    dof = p * (p + 1) // 2 - (2 * p + m * (m - 1) // 2)
    if dof < 1 or n <= p:
        raise ServgapError(f"The CFA has {dof} degrees of freedom and {n} complete respondents "
                           f"for {p} items; it needs positive degrees of freedom and more "
                           "respondents than items.")
    sample = comoment / n
    try:
        fit = fit_factor_model(sample, factor_of_item, m)
    except np.linalg.LinAlgError:
        raise ServgapError(f"The {kind} item covariance matrix is singular; a CFA needs it to "
                           "be positive definite (no constant or duplicated items).") from None
    measures = _fit_measures(sample, fit, n, dof)
    names = list(model)
    loadings = pd.DataFrame({"dimension": [names[f] for f in factor_of_item], "item": items,
                             "loading": fit.standardized_loadings,
                             "residual_variance": 1 - fit.standardized_loadings**2})
    correlations = pd.DataFrame(fit.factor_correlations, index=names, columns=names)
    return CFAResult(table=_fit_table(measures), fit=measures, loadings=loadings,
                     dimensions=_dimension_validity(loadings, correlations),
                     factor_correlations=correlations, n=n, lang=lang)


def _correlations(comoment: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Correlation matrix from a comoment matrix (NaN rows and columns for constant items), as
    R ``cor`` (entries clipped to [−1, 1] as numpy ``corrcoef``)."""
    sd = np.sqrt(_variance(np.diag(comoment), np.diag(scale)))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = comoment / np.outer(sd, sd)
    return np.clip(corr, -1, 1)


def _check_model(survey, model) -> dict[str, list[str]]:
    """Factor → items, checked; every factor needs two items to be identified."""
    given = model is not None
    if given:
        model = {str(f): [str(i) for i in items] for f, items in dict(model).items()}
        unknown = [i for items in model.values() for i in items if i not in survey.items]
        if unknown:
            raise ValueError(f"`model` names items the instrument does not have: {unknown}.")
        seen: dict[str, str] = {}
        for factor, items in model.items():
            for item in items:
                if item in seen:
                    raise ServgapError(
                        f"`model` lets item {item!r} load on two factors ({seen[item]!r} and "
                        f"{factor!r}); cfa fits simple structure only: each item loads on one "
                        "factor, factors correlate freely. Cross-loadings are not supported; "
                        "give each item one factor.")
                seen[item] = factor
    else:
        model = {d: list(items) for d, items in survey.instrument.dimensions.items()}
    small = [f for f, items in model.items() if len(items) < 2]
    if small and given:
        raise ValueError(f"`model` factors need at least two items each, got {small}.")
    if small:
        raise ServgapError(f"The CFA of the instrument's dimensions cannot identify a factor for "
                           f"the one-item dimension(s) {small}: a factor needs at least two "
                           "items. Pass a custom `model=` (factor → items) that joins these "
                           "items to another factor or leaves them out.")
    return model


def _fit_measures(sample: np.ndarray, fit, n: int, dof: int) -> dict[str, float]:
    p = sample.shape[0]
    chi2 = n * fit.discrepancy
    chi2_base = n * (np.log(np.diag(sample)).sum() - np.linalg.slogdet(sample)[1])
    dof_base = p * (p - 1) // 2
    excess, excess_base = chi2 - dof, chi2_base - dof_base
    denominator = max(excess, excess_base, 0)
    cfi = 1 - max(excess, 0) / denominator if denominator > 0 else 1.0
    tli = (chi2_base / dof_base - chi2 / dof) / (chi2_base / dof_base - 1)
    sd = np.sqrt(np.diag(sample))
    residual = (sample - fit.implied) / np.outer(sd, sd)
    srmr = np.sqrt(np.mean(residual[np.tril_indices(p)] ** 2))

    def rmsea_of(noncentrality):
        return float(np.sqrt(noncentrality / (n * dof)))

    return {"chi2": float(chi2), "dof": int(dof), "p_val": float(chi2_sf(chi2, dof)),
            "cfi": float(cfi), "tli": float(tli), "rmsea": rmsea_of(max(excess, 0)),
            "rmsea_ci_low": rmsea_of(_noncentrality(chi2, dof, 0.95)),
            "rmsea_ci_high": rmsea_of(_noncentrality(chi2, dof, 0.05)), "srmr": float(srmr)}


def _noncentrality(chi2: float, dof: int, probability: float) -> float:
    """λ with P(χ²_dof(λ) ≤ chi2) = probability, or 0 when even λ = 0 gives less."""
    from scipy import optimize, stats  # the noncentral chi-squared of the RMSEA interval only

    def gap(lam):
        return stats.ncx2.cdf(chi2, dof, lam) - probability if lam > 0 else \
            stats.chi2.cdf(chi2, dof) - probability
    if gap(0) <= 0:
        return 0.0
    upper = max(chi2, 1.0)
    while gap(upper) > 0:
        upper *= 2
    return float(optimize.brentq(gap, 0, upper, xtol=1e-12))


def _fit_table(measures: dict) -> pd.DataFrame:
    """measure, value, cutoff and the ``rating`` code (good / acceptable / poor, or missing)."""
    rows = []
    for measure, value in measures.items():
        cutoff, rating = np.nan, None
        if measure in FIT_CUTOFFS:
            good, acceptable, higher = FIT_CUTOFFS[measure]
            cutoff = good
            sign = 1 if higher else -1
            rating = "good" if sign * value >= sign * good else \
                "acceptable" if sign * value >= sign * acceptable else "poor"
        rows.append({"measure": measure, "value": float(value), "cutoff": cutoff, "rating": rating})
    return pd.DataFrame(rows)


def _rating_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The fit table as a reader sees it: the rating code in words of ``lang``."""
    shown = table.copy()
    shown["rating"] = [None if code is None or pd.isna(code) else label(f"reliability.fit.{code}", lang)
                       for code in table["rating"]]
    return shown


def _dimension_validity(loadings: pd.DataFrame, correlations: pd.DataFrame) -> pd.DataFrame:
    grouped = loadings.groupby("dimension", sort=False)["loading"]
    sums, squares = grouped.sum(), (loadings["loading"] ** 2).groupby(loadings["dimension"],
                                                                       sort=False)
    table = pd.DataFrame({"n_items": grouped.size(),
                          "composite_reliability": sums**2 / (sums**2 + (1 - squares.mean())
                                                              * grouped.size()),
                          "ave": squares.mean()})
    table["sqrt_ave"] = np.sqrt(table["ave"])
    others = correlations.abs().where(~np.eye(len(correlations), dtype=bool))
    table["max_correlation"] = others.max(axis=1).reindex(table.index)
    table["fornell_larcker"] = table["sqrt_ave"] > table["max_correlation"].fillna(-np.inf)
    return table.rename_axis("dimension").reset_index()
