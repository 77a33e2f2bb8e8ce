"""Significance tests: is a gap real, and does it differ between segments or survey waves?

Every test runs on per-respondent values at one level (:ref:`methods-gaps`, :ref:`methods-tests`): item gaps
G_ri = P_ri − E_ri, respondent dimension gaps G_rd, or respondent overall scores (the mean of
the respondent's dimension gaps); each row uses the respondents that have a value there.
Results equal R's ``t.test``, ``wilcox.test``, ``oneway.test``, ``aov`` + ``TukeyHSD``,
``kruskal.test`` and ``p.adjust``; the tests in ``tests/reference`` check this to 1e-8.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from ._dist import chi2_sf, norm_sf, t_cdf, t_ppf, t_sf

from ._oneway import oneway, pair_index, pairwise_means
from ._rank import (ZERO_METHODS, kruskal_counts, kruskal_dunn, rank_sum, rank_sum_test, signed_rank,
                    signed_rank_counts)
from ._checks import check_choice, check_respondents, check_segment_names, plain
from .errors import ServgapError, ServgapWarning, SmallSampleWarning
from .gaps import group_columns
from .i18n import check_lang, label
from .results import Result
from .survey import SCORE_KINDS, Survey, primary_kind

__all__ = [
    "gap_tests",
    "compare_segments",
    "compare_waves",
    "p_adjust",
    "GapTests",
    "SegmentComparison",
    "WaveComparison",
]

LEVELS = ("item", "dimension", "overall")
PADJUST = ("holm", "fdr_bh", "bonferroni", "none")
ALTERNATIVES = ("two-sided", "less", "greater")
GAP_METHODS = ("t", "wilcoxon")
SEGMENT_METHODS = ("welch", "anova", "kruskal")
#: compare_segments computes all-pairs post-hoc tests for at most this many segment values
#: (1,225 pairs); beyond it only the omnibus test, with a warning.
MAX_POSTHOC_GROUPS = 50
WAVE_METHODS = ("welch", "mannwhitney")


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be between 0 and 1, got {confidence!r}.")


# -- multiple comparisons -----------------------------------------------------------------------
def p_adjust(pvals, method: str = "holm") -> np.ndarray:
    """Adjust p-values for multiple comparisons, as R's ``p.adjust``.

    Parameters
    ----------
    pvals : array-like of float
        p-values; NaN entries are left NaN and do not count as comparisons.
    method : {"holm", "fdr_bh", "bonferroni", "none"}, default "holm"
        Holm's step-down family-wise correction, Benjamini–Hochberg's false discovery rate,
        Bonferroni's, or none.

    Returns
    -------
    ndarray
        Adjusted p-values in the input order, at most 1.

    Notes
    -----
    With the m non-missing p-values sorted increasingly, p₍₁₎ ≤ … ≤ p₍ₘ₎:
    Holm p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) p₍ⱼ₎); Benjamini–Hochberg
    p̃₍ᵢ₎ = min_{j ≥ i} min(1, m p₍ⱼ₎ / j); Bonferroni p̃ = min(1, m p). Equals R
    ``p.adjust(p, method = "holm" | "BH" | "bonferroni")``.

    References
    ----------
    Holm (1979), Scand. J. Statistics 6(2). Benjamini & Hochberg (1995), J. R. Stat. Soc. B 57(1).

    Examples
    --------
    >>> from servgap.inference import p_adjust
    >>> p_adjust([0.01, 0.02, 0.03, 0.04, 0.05], "holm").round(4).tolist()
    [0.05, 0.08, 0.09, 0.09, 0.09]
    >>> p_adjust([0.01, 0.02, 0.03, 0.04, 0.05], "fdr_bh").round(4).tolist()
    [0.05, 0.05, 0.05, 0.05, 0.05]
    """
    check_choice("method", method, PADJUST)
    p = np.asarray(pvals, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = q.size
    if method == "none" or m == 0:
        out[ok] = q
        return out
    if method == "bonferroni":
        adjusted = np.minimum(1.0, m * q)
    elif method == "holm":
        order = np.argsort(q, kind="stable")
        steps = np.maximum.accumulate((m - np.arange(m)) * q[order])
        adjusted = np.empty(m)
        adjusted[order] = np.minimum(1.0, steps)
    else:
        order = np.argsort(-q, kind="stable")
        steps = np.minimum.accumulate(m / np.arange(m, 0, -1) * q[order])
        adjusted = np.empty(m)
        adjusted[order] = np.minimum(1.0, steps)
    out[ok] = adjusted
    return out


# -- tables ---------------------------------------------------------------------------------------
def _key_column(table: pd.DataFrame, level: str, names) -> pd.DataFrame:
    if level != "overall":
        table.insert(0, level, names)
    return table


def _title(key: str, level: str, lang: str, segment: str | None = None) -> str:
    name = label(key, lang) + (f": {segment}" if segment is not None else "")
    return f"{name} ({label('level.' + level, lang).lower()})"


def _weight_note(survey_weighted: bool, lang: str) -> list[str]:
    return [label("inference.note.unweighted", lang)] if survey_weighted else []


def _available_scores(survey: Survey) -> list[str]:
    return ["gap", *survey.components] if survey.has_gaps else list(survey.components)


def _resolve_score(survey: Survey, score: str | None) -> str:
    """``score``, or the survey's primary score when None; ServgapError when the survey lacks it."""
    available = _available_scores(survey)
    wanted = primary_kind(survey) if score is None else score
    if wanted in available:
        return wanted
    unset = f" `score` is unset, and the survey's primary score is {wanted!r}." if score is None else ""
    advice = (", or leave `score` unset for the survey's primary score" if score is not None
              and primary_kind(survey) in available else "")
    raise ServgapError(f"This survey has no {wanted!r} scores; it has {available}.{unset} Pass one of "
                       f"them as `score`{advice}.")


def _resolve_wave_score(before: Survey, after: Survey, score: str | None) -> str:
    """``score``, or the primary score of ``before`` when None; ServgapError when a wave lacks it."""
    available = {"before": _available_scores(before), "after": _available_scores(after)}
    wanted = primary_kind(before) if score is None else score
    missing = [name for name in ("before", "after") if wanted not in available[name]]
    if not missing:
        return wanted
    shared = [k for k in available["before"] if k in available["after"]]
    if not shared:
        advice = "The waves share no score, so they cannot be compared."
    else:
        pick = "perception" if "perception" in shared else shared[0]
        advice = f'Pass score="{pick}"' + (", the score both waves have." if len(shared) == 1 else
                                           f", or another score both waves have: {shared}.")
    # the user never named a default score: say where it came from
    unset = f" `score` is unset, and the primary score of `before` is {wanted!r}." if score is None else ""
    name = missing[0]
    raise ServgapError(f"The `{name}` wave has no {wanted!r} scores; it has {available[name]}.{unset} "
                       f"{advice}")


def _row_names(table: pd.DataFrame, keys: list[str]) -> list[str]:
    keys = [k for k in keys if k in table.columns]
    if not keys:
        return ["overall"] * len(table)
    columns = [table[k].to_numpy(dtype=object) for k in keys]
    return [" / ".join(str(v) for v in row) for row in zip(*columns)]


def _warn_small(rows: list[str], key: str, **values) -> None:
    if rows:
        shown = ", ".join(rows[:5])
        if len(rows) > 5:
            shown = label("inference.warn.more", "en", shown=shown, n=len(rows) - 5)
        warnings.warn(SmallSampleWarning.keyed(key, rows=shown, count=len(rows), **values), stacklevel=3)


def _mean_ci(mean, se, dof, confidence: float, alternative: str):
    """Confidence bounds of a mean from its t distribution, one- or two-sided as R's t.test."""
    with np.errstate(invalid="ignore"):
        if alternative == "two-sided":
            half = t_ppf(0.5 + confidence / 2, dof) * se
            return mean - half, mean + half
        half = t_ppf(confidence, dof) * se
    if alternative == "less":
        return np.full_like(mean, -np.inf), mean + half
    return mean - half, np.full_like(mean, np.inf)


def _t_p(t, dof, alternative: str):
    if alternative == "less":
        return t_cdf(t, dof)
    if alternative == "greater":
        return t_sf(t, dof)
    return 2 * t_sf(np.abs(t), dof)


# -- paired tests -------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class GapTests(Result):
    """Paired tests of perception against expectation: the result of :func:`gap_tests`.

    Attributes
    ----------
    table : DataFrame
        One row per item or dimension (and ``by`` group); columns listed in :func:`gap_tests`.
    level, method, padjust, alternative, zero_method : str
    confidence : float
    by : tuple of str
    survey_weighted : bool
        The survey has weights, which these tests do not use (the notes say so).
    lang : {"en", "id"}
        Language of the title and the notes.

    Examples
    --------
    >>> import servgap
    >>> result = servgap.gap_tests(servgap.datasets.load_example(), level="dimension")
    >>> result.method, len(result.table)
    ('t', 5)
    """

    level: str = "item"
    method: str = "t"
    padjust: str = "holm"
    alternative: str = "two-sided"
    confidence: float = 0.95
    by: tuple = ()
    zero_method: str = "wilcox"
    survey_weighted: bool = False

    @property
    def title(self) -> str:
        return _title("inference.title.gap_tests", self.level, self.lang)

    def _notes(self) -> list[str]:
        alternative = label(f"inference.alternative.{self.alternative}", self.lang)
        family = (label("inference.note.gap_groups", self.lang, alternative=alternative,
                        padjust=self.padjust, by="/".join(self.by)) if self.by else
                  label("inference.note.gap_rows", self.lang, alternative=alternative, padjust=self.padjust))
        return [label(f"inference.method.{self.method}", self.lang), family,
                *_weight_note(self.survey_weighted, self.lang)]


def gap_tests(survey: Survey, level: str = "item", method: str = "t", by=None, padjust: str = "holm",
              alternative: str = "two-sided", confidence: float = 0.95, *,
              zero_method: str = "wilcox", correction: bool = True, exact: bool | None = None,
              lang: str = "en") -> GapTests:
    """Test whether each gap differs from zero: paired t or Wilcoxon signed-rank test of P vs E.

    Parameters
    ----------
    survey : Survey
        A survey with expectation and perception answers.
    level : {"item", "dimension", "overall"}, default "item"
        The per-respondent values tested: item gaps, respondent dimension gaps (mean of the
        respondent's answered item gaps, see :meth:`Survey.dimension_scores`), or respondent
        overall scores (mean of the respondent's dimension gaps). Each row uses the respondents
        with a value there.
    method : {"t", "wilcoxon"}, default "t"
        Paired t-test, or Wilcoxon signed-rank test.
    by : str or list of str, optional
        Segment columns; one block of rows per combination of their values. Respondents
        without a value form a group of their own (missing in the ``by`` column, last), as in
        :func:`servgap.gap_scores`; a column missing for every respondent makes one such group.
    padjust : {"holm", "fdr_bh", "bonferroni", "none"}, default "holm"
        Correction of ``p_val`` for multiple comparisons (see :func:`p_adjust`). The family is
        the rows of one call; with ``by`` it is the rows of each group separately (the group
        of missing values included).
    alternative : {"two-sided", "less", "greater"}, default "two-sided"
        "less": the gap is negative (perception below expectation).
    confidence : float, default 0.95
        Level of the confidence interval of the mean gap (one-sided for a one-sided
        ``alternative``, as R's ``t.test``).
    zero_method : {"wilcox", "pratt", "zsplit"}, default "wilcox"
        Wilcoxon only. Zero gaps are dropped ("wilcox", R's default), ranked and then left out of
        the statistic and its null moments ("pratt", Cureton 1967), or ranked and split half to
        each sign ("zsplit").
    correction : bool, default True
        Wilcoxon only: continuity correction of the normal approximation (R ``correct = TRUE``).
    exact : bool or None, default None
        Wilcoxon only: exact null distribution. None is R's rule: exact when fewer than 50
        non-zero gaps without ties or zeros; with ties or zeros the normal approximation is used.
    lang : {"en", "id"}, default "en"
        Language of the result's title and notes (English or Indonesian).

    Returns
    -------
    GapTests
        ``.table`` columns: the ``by`` columns; ``item`` or ``dimension`` (none at the overall
        level); ``n`` (respondents with a value); ``gap_mean``; ``gap_median``; ``statistic`` (t,
        or Wilcoxon's V = sum of the ranks of the positive gaps, as R reports it); ``dof`` (t
        only, n − 1); ``n_zero`` (Wilcoxon only: zero gaps); ``p_val``; ``p_adj``; ``ci_low``,
        ``ci_high`` (t-based confidence interval of the mean gap, for both methods);
        ``cohen_dz`` (t) or ``rank_biserial`` (Wilcoxon).

    Raises
    ------
    ServgapError
        When the survey has no respondents, or lacks expectation or perception answers.

    Warns
    -----
    SmallSampleWarning
        When a row has fewer than two respondents (its test is NaN).

    Notes
    -----
    Paired t-test (R ``t.test(P, E, paired = TRUE)``): t = ḡ / (s/√n), df = n − 1; effect
    size d_z = ḡ / s = t/√n.

    Wilcoxon signed-rank test (R ``wilcox.test(P, E, paired = TRUE)``): zero gaps dropped,
    average ranks of abs(g) for ties, V = T⁺ = Σ ranks of positive gaps; normal approximation
    z = (V − n(n+1)/4 − c) / √(n(n+1)(2n+1)/24 − Σ(t³ − t)/48) with the continuity correction
    c = ±½ and t the sizes of tied groups. Matched-pairs rank-biserial correlation
    r = (T⁺ − T⁻)/(T⁺ + T⁻) (Kerby 2014). Gaps are rounded to 10 decimals before zeros are
    found and ranks taken, so that floating-point noise in averaged gaps neither breaks a tie
    nor hides a zero (R: ``wilcox.test(round(g, 10))``; a no-op on item gaps). The ranking
    needs memory linear in the number of respondents (one sort per item, all ``by`` groups
    at once).

    Survey weights are not used: these are unweighted tests.

    References
    ----------
    Wilcoxon (1945), Biometrics Bulletin 1(6). Pratt (1959), JASA 54. Cureton (1967), JASA 62.
    Kerby (2014), Comprehensive Psychology 3. Holm (1979), Scand. J. Statistics 6(2).

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap.inference import gap_tests
    >>> inst = servgap.Instrument("mini", {"Speed": ["1", "2"], "Care": ["3"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"E_1": [5, 4, 4, 5, 5], "E_2": [4, 4, 5, 5, 4], "E_3": [5, 5, 4, 4, 5],
    ...                     "P_1": [3, 4, 3, 4, 2], "P_2": [4, 3, 5, 3, 3], "P_3": [2, 5, 4, 2, 3]})
    >>> survey = servgap.read_survey(raw, inst)
    >>> result = gap_tests(survey, level="dimension")
    >>> result.table[["dimension", "n", "gap_mean", "statistic", "dof"]].round(6)
      dimension  n  gap_mean  statistic  dof
    0     Speed  5      -1.1  -3.772969  4.0
    1      Care  5      -1.4  -2.333333  4.0
    >>> gap_tests(survey, method="wilcoxon").table["statistic"].tolist()
    [0.0, 0.0, 0.0]
    >>> print(gap_tests(survey, level="overall", lang="id"))  # doctest: +ELLIPSIS
    Signifikansi kesenjangan (keseluruhan)
    Uji t berpasangan P terhadap E
    hipotesis alternatif: dua sisi; p_adj: holm atas seluruh baris tabel
    ...
    """
    check_choice("level", level, LEVELS)
    check_choice("method", method, GAP_METHODS)
    check_choice("padjust", padjust, PADJUST)
    check_choice("alternative", alternative, ALTERNATIVES)
    check_choice("zero_method", zero_method, ZERO_METHODS)
    _check_confidence(confidence)
    check_lang(lang)
    if not survey.has_gaps:
        raise ServgapError(f"Gap tests need expectation and perception answers; this survey holds "
                           f"{list(survey.components)}.")
    check_respondents(survey, "gap_tests")
    by = check_segment_names(survey, by, "by")
    source = survey.stats
    labels = source.groups(by).keys  # missing values form their own group, as in gap_scores
    names = list(source.names(level))
    moments = source.moments("gap", level, by)
    counts = source.value_counts("gap", level, by)
    median = counts.median() if counts is not None else _row_medians(source, "gap", level, by)
    stat_cols = _paired_t(moments, median, confidence, alternative)
    if method == "wilcoxon":
        stat_cols.update(_paired_wilcoxon(source, level, by, counts, alternative, zero_method,
                                          correction, exact))
    stat_cols["p_adj"] = np.vstack([p_adjust(row, padjust) for row in stat_cols["p_val"]])
    n_rows = len(names) if level != "overall" else 1
    table = group_columns(survey, source.groups(by), n_rows)
    if level != "overall":
        table[level] = np.tile(np.array(names, dtype=object), len(labels))
    columns = [*by, *([level] if level != "overall" else []), "n", "gap_mean", "gap_median",
               "statistic", *(["dof"] if method == "t" else ["n_zero"]), "p_val", "p_adj",
               "ci_low", "ci_high", "cohen_dz" if method == "t" else "rank_biserial"]
    values = {**table, **{name: np.asarray(col).reshape(-1) for name, col in stat_cols.items()}}
    table = pd.DataFrame({name: values[name] for name in columns})
    if (table["n"].to_numpy() < 2).any():
        _warn_small(_row_names(table[table["n"] < 2], [*by, level]), "inference.warn.small_tests")
    return GapTests(table=table, level=level, method=method, padjust=padjust, alternative=alternative,
                    confidence=confidence, by=tuple(by), zero_method=zero_method,
                    survey_weighted=survey.weight is not None, lang=lang)


def _rank_sum_counts(x_counts, y_counts, jx: int, jy: int, correction, alternative, exact) -> dict:
    """:func:`servgap._rank.rank_sum` (R ``wilcox.test(x, y)``) of column ``jx`` of one wave's
    value counts against column ``jy`` of the other's: midranks of the lattice values from the
    counts of both waves (no rows)."""
    values = np.union1d(np.round(x_counts.values, 10), np.round(y_counts.values, 10))
    cx, cy = np.zeros(values.size), np.zeros(values.size)
    cx[np.searchsorted(values, np.round(x_counts.values, 10))] = x_counts.counts[0, jx]
    cy[np.searchsorted(values, np.round(y_counts.values, 10))] = y_counts.counts[0, jy]
    nx, ny = float(cx.sum()), float(cy.sum())
    if nx == 0 or ny == 0:
        return {"w": np.nan, "z": np.nan, "p_val": np.nan}
    c = cx + cy
    midrank = np.cumsum(c) - c + (c + 1) / 2.0
    w = float((cx * midrank).sum() - nx * (nx + 1) / 2)
    ties = float((c ** 3 - c).sum())
    return rank_sum_test(w, nx, ny, ties, correction=correction, alternative=alternative, exact=exact)


def _row_medians(source, kind: str, level: str, by) -> np.ndarray:
    """Medians per group and column from the rows (values off a lattice); an engine computes
    them itself (exact quantiles, :meth:`servgap.engines.EngineStats.medians`)."""
    if hasattr(source, "medians"):
        return source.medians(kind, level, by)
    values = pd.DataFrame(source.rows(kind, level))
    size = source.groups(by).size
    return values.groupby(source.codes(by)).median().reindex(pd.RangeIndex(size)).to_numpy(dtype=float)


def _paired_t(moments, median, confidence, alternative) -> dict:
    n, mean, var = moments.n, moments.mean, moments.var
    sd = np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = sd / np.sqrt(n)
        dof = np.where(n > 1, n - 1, np.nan)
        t = mean / se
        dz = mean / sd
    ci_low, ci_high = _mean_ci(mean, se, dof, confidence, alternative)
    return {"n": n.astype(int), "gap_mean": mean, "gap_median": median, "statistic": t,
            "dof": dof, "p_val": _t_p(t, dof, alternative), "ci_low": ci_low, "ci_high": ci_high,
            "cohen_dz": dz}


def _paired_wilcoxon(source, level, by, counts, alternative, zero_method, correction, exact) -> dict:
    """Signed-rank tests of every group and column: from value counts on a lattice (exact, no
    sorting), else ranking the rows, one sort per column."""
    options = dict(zero_method=zero_method, correction=correction, alternative=alternative, exact=exact)
    if counts is not None:
        res = signed_rank_counts(counts.values, counts.counts, **options)
        present = counts.n > 0
    else:
        values, codes = source.rows("gap", level), source.codes(by)
        n_groups = source.groups(by).size
        parts = []
        for j in range(values.shape[1]):
            ok = ~np.isnan(values[:, j])
            parts.append(signed_rank(values[ok, j], codes[ok], n_groups, **options))
        res = {key: np.column_stack([part[key] for part in parts]) for key in parts[0]}
        present = np.column_stack([np.bincount(codes[~np.isnan(values[:, j])], minlength=n_groups) > 0
                                   for j in range(values.shape[1])])
    total = res["t_plus"] + res["t_minus"]
    with np.errstate(divide="ignore", invalid="ignore"):
        rank_biserial = (res["t_plus"] - res["t_minus"]) / total
    return {"statistic": np.where(present, res["t_plus"], np.nan), "p_val": res["p_val"],
            "rank_biserial": rank_biserial, "n_zero": res["n_zero"].astype(int)}


# -- segments -----------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class SegmentComparison(Result):
    """Segments compared on respondent scores: the result of :func:`compare_segments`.

    Attributes
    ----------
    table : DataFrame
        One row per item or dimension; columns listed in :func:`compare_segments`.
    groups : DataFrame
        One row per item or dimension and segment value: ``item``/``dimension``, the segment
        column, ``n``, ``<score>_mean`` and ``<score>_sd`` (e.g. ``gap_mean``, ``gap_sd``).
    posthoc : DataFrame or None
        One row per pair of segment values within each item or dimension.
    segment, level, score, method, padjust : str
    segment_values : tuple
        The segment values compared, in table order.
    survey_weighted : bool
        The survey has weights, which these tests do not use (the notes say so).
    lang : {"en", "id"}
        Language of the titles and the notes.

    Examples
    --------
    >>> import servgap
    >>> result = servgap.compare_segments(servgap.datasets.load_example(), "branch")
    >>> result.segment_values
    ('Bandung', 'Jakarta', 'Surabaya')
    >>> result.groups.columns.tolist()
    ['dimension', 'branch', 'n', 'gap_mean', 'gap_sd']
    >>> result.posthoc[["dimension", "group_a", "group_b"]].head(1)
       dimension  group_a  group_b
    0  Tangibles  Bandung  Jakarta
    """

    groups: pd.DataFrame | None = None
    posthoc: pd.DataFrame | None = None
    segment: str = ""
    level: str = "dimension"
    score: str = "gap"
    method: str = "welch"
    padjust: str = "holm"
    segment_values: tuple = ()
    survey_weighted: bool = False

    @property
    def title(self) -> str:
        return _title("inference.title.segments", self.level, self.lang, segment=self.segment)

    def _notes(self) -> list[str]:
        return [label(f"inference.method.{self.method}", self.lang),
                label("inference.note.segments", self.lang,
                      score=label(f"inference.score.{self.score}", self.lang), padjust=self.padjust,
                      posthoc=label(f"inference.posthoc.{self.method}", self.lang)),
                *_weight_note(self.survey_weighted, self.lang)]

    def __repr__(self) -> str:
        text = super().__repr__()
        if self.posthoc is None:
            return text
        with pd.option_context("display.max_rows", 60, "display.width", 120,
                               "display.max_columns", 30, "display.precision", 4):
            return (f"{text}\n\n{label('inference.title.posthoc', self.lang)}\n"
                    f"{self.posthoc.to_string(index=False)}")

    def _repr_html_(self) -> str:
        html = super()._repr_html_()
        if self.posthoc is None:
            return html
        table = self.posthoc.to_html(index=False, float_format=lambda x: f"{x:.4f}", na_rep="")
        return f"{html}<div><h5>{label('inference.title.posthoc', self.lang)}</h5>{table}</div>"


def compare_segments(survey: Survey, segment: str, level: str = "dimension", score: str | None = None,
                     method: str = "welch", padjust: str = "holm", posthoc: bool = True,
                     min_group_n: int = 5, confidence: float = 0.95, *, lang: str = "en"
                     ) -> SegmentComparison:
    """Compare segments (branches, customer types, …) on respondent scores, with post-hoc pairs.

    Parameters
    ----------
    survey : Survey
    segment : str
        A segment column of the survey. Respondents without a value in it belong to no
        compared group: they are left out, with a :class:`~servgap.ServgapWarning` saying how
        many (unlike :func:`gap_tests` and :func:`servgap.gap_scores`, where they form a group).
    level : {"dimension", "item", "overall"}, default "dimension"
        Per-respondent values compared (see :func:`gap_tests`).
    score : {None, "gap", "perception", "expectation", "adequate", "desired", "importance"}, optional
        The per-respondent score compared. None (the default) is the survey's primary score:
        the gap P − E when the survey holds expectation and perception answers, else the
        perception (SERVPERF, LibQUAL+ and other perception-only or minimum/desired/perceived
        instruments). Any other value must be a score the survey holds.
    method : {"welch", "anova", "kruskal"}, default "welch"
        Welch's heteroscedastic one-way ANOVA (post-hoc Games–Howell), the classical one-way
        ANOVA (post-hoc Tukey HSD), or Kruskal–Wallis (post-hoc Dunn with Holm's correction).
    padjust : {"holm", "fdr_bh", "bonferroni", "none"}, default "holm"
        Correction of the omnibus ``p_val`` over the rows of the table (see :func:`p_adjust`).
    posthoc : bool, default True
        Compute the pairwise comparisons.
    min_group_n : int, default 5
        Warn when a segment has fewer respondents than this in some row: Welch's F, the
        studentized range and Kruskal–Wallis' χ² approximation are unreliable there.
    confidence : float, default 0.95
        Level of the simultaneous intervals of Tukey HSD and Games–Howell.
    lang : {"en", "id"}, default "en"
        Language of the result's titles and notes (English or Indonesian).

    Returns
    -------
    SegmentComparison
        ``.table`` columns: ``item`` or ``dimension`` (none at the overall level); ``n``
        (respondents with a value and a segment); ``groups`` (segments with a value);
        ``statistic`` (F, or Kruskal–Wallis H); ``dof1``; ``dof2`` (NaN for Kruskal–Wallis);
        ``p_val``; ``p_adj``; ``eta_sq`` and ``omega_sq`` (welch and anova) or ``epsilon_sq``
        (kruskal).

        ``.groups`` columns: ``item``/``dimension``; the segment column (its values); ``n``;
        ``<score>_mean``; ``<score>_sd`` (``gap_mean``, ``gap_sd`` for gaps).

        ``.posthoc`` columns: ``item``/``dimension``; ``group_a``, ``group_b``; ``n_a``,
        ``n_b``; for welch and anova ``mean_a``, ``mean_b``, ``diff`` (= mean_a − mean_b),
        ``se``, ``statistic`` (diff / se), ``dof``, ``p_val`` (unadjusted t test of the pair),
        ``p_adj`` (studentized range: R ``TukeyHSD``'s ``p adj``), ``ci_low``, ``ci_high``
        (simultaneous interval of diff); for kruskal ``mean_rank_a``, ``mean_rank_b``,
        ``diff`` (mean rank difference), ``se``, ``statistic`` (Dunn's z), ``p_val`` and
        ``p_adj`` (Holm over the pairs of the row).

    Raises
    ------
    ServgapError
        When the survey has no respondents, lacks the requested ``score``, or ``segment`` is
        missing for every respondent or has fewer than two values among the respondents.

    Warns
    -----
    ServgapWarning
        When some respondents have no value of ``segment`` and are left out.
    SmallSampleWarning
        When a segment has fewer than ``min_group_n`` respondents in some row.

    Notes
    -----
    With k groups of sizes n_j, means x̄_j and variances s²_j (N = Σ n_j):

    - ANOVA (R ``aov``): F = [SS_B/(k − 1)] / [SS_W/(N − k)]; η² = SS_B/SS_T;
      ω² = (SS_B − (k − 1) MS_W)/(SS_T + MS_W). Tukey HSD (R ``TukeyHSD``): se² = MS_W
      (1/n_a + 1/n_b), p = P(Q_{k,N−k} > abs(diff)/se · √2).
    - Welch (R ``oneway.test(var.equal = FALSE)``): w_j = n_j/s²_j,
      F = Σ w_j (x̄_j − x̄_w)² / [(k − 1)(1 + 2(k − 2)Λ)], Λ = Σ (1 − w_j/Σw)²/(n_j − 1)/(k² − 1),
      df = (k − 1, 1/(3Λ)). η² and ω² as for ANOVA (descriptive). Games–Howell:
      se² = s²_a/n_a + s²_b/n_b, Welch–Satterthwaite df, p = P(Q_{k,df} > abs(diff)/se · √2).
    - Kruskal–Wallis (R ``kruskal.test``): H = [12/(N(N+1)) Σ n_j R̄_j² − 3(N+1)] /
      (1 − Σ(t³ − t)/(N³ − N)), df = k − 1; ε² = H/(N − 1). Dunn (1964):
      z = (R̄_a − R̄_b)/√([N(N+1)/12 − Σ(t³ − t)/(12(N − 1))](1/n_a + 1/n_b)), two-sided normal p,
      Holm over the pairs (R ``dunn.test(method = "holm")``).

    The studentized range distribution is integrated numerically to about 1e-12 (R's
    ``ptukey`` is accurate to about 1e-11 for df ≥ 10; below that R is the less accurate one).
    Values are ranked after rounding to 10 decimals, as in :func:`gap_tests`.

    References
    ----------
    Welch (1951), Biometrika 38. Games & Howell (1976), J. Educational Statistics 1(2).
    Tukey (1953). Kruskal & Wallis (1952), JASA 47. Dunn (1964), Technometrics 6(3).
    Copenhaver & Holland (1988), J. Stat. Comp. Simul. 30.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap.inference import compare_segments
    >>> inst = servgap.Instrument("mini", {"Speed": ["1", "2"], "Care": ["3"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"branch": ["A"] * 3 + ["B"] * 3,
    ...                     "E_1": [5, 4, 4, 5, 5, 4], "E_2": [4, 4, 5, 5, 4, 4], "E_3": [5, 5, 4, 4, 5, 5],
    ...                     "P_1": [3, 4, 3, 4, 2, 5], "P_2": [4, 3, 5, 3, 3, 4], "P_3": [2, 5, 4, 2, 3, 5]})
    >>> survey = servgap.read_survey(raw, inst, segments=["branch"])
    >>> result = compare_segments(survey, "branch", method="anova", min_group_n=3)
    >>> result.table[["dimension", "n", "statistic", "dof1", "dof2"]].round(6)
      dimension  n  statistic  dof1  dof2
    0     Speed  6   0.181818   1.0   4.0
    1      Care  6   0.076923   1.0   4.0
    >>> result.groups.round(6)
      dimension branch  n  gap_mean    gap_sd
    0     Speed      A  3 -0.666667  0.288675
    1     Speed      B  3 -1.000000  1.322876
    2      Care      A  3 -1.000000  1.732051
    3      Care      B  3 -1.333333  1.154701
    >>> result.posthoc[["dimension", "group_a", "group_b", "diff"]].round(4)
      dimension group_a group_b    diff
    0     Speed       A       B  0.3333
    1      Care       A       B  0.3333

    A perception-only survey (SERVPERF) compares perceptions by default:

    >>> servperf = servgap.Instrument("mini", {"Speed": ["1", "2"], "Care": ["3"]}, scale=(1, 5),
    ...                               components=("perception",))
    >>> perceived = servgap.read_survey(raw.drop(columns=["E_1", "E_2", "E_3"]), servperf,
    ...                                 segments=["branch"])
    >>> compare_segments(perceived, "branch", min_group_n=3, lang="id").score
    'perception'
    """
    check_choice("level", level, LEVELS)
    check_choice("method", method, SEGMENT_METHODS)
    check_choice("padjust", padjust, PADJUST)
    if score is not None:
        check_choice("score", score, SCORE_KINDS)
    _check_confidence(confidence)
    check_lang(lang)
    if not isinstance(segment, str):
        raise ValueError(f"`segment` must be the name of one segment column, got {segment!r}.")
    check_respondents(survey, "compare_segments")
    check_segment_names(survey, [segment], "segment")
    source = survey.stats
    segment_groups = source.groups((segment,))
    n_missing = sum(size for key, size in zip(segment_groups.keys, segment_groups.sizes) if pd.isna(key[0]))
    if n_missing == survey.n_respondents:
        raise ServgapError.keyed("inference.error.segment_all_missing", segment=segment)
    score = _resolve_score(survey, score)
    # a missing value is no segment to compare: its group (see Groups) is left out
    keys = segment_groups.keys
    compared = [j for j, key in enumerate(keys) if not pd.isna(key[0])]
    groups = tuple(keys[j][0] for j in compared)
    if len(groups) < 2:
        raise ServgapError.keyed("inference.error.one_group_missing" if n_missing else "inference.error.one_group",
                                 segment=segment, value=plain(groups[0]), n_missing=n_missing)
    if n_missing:
        warnings.warn(ServgapWarning.keyed("inference.warn.segment_missing", n_missing=n_missing,
                                           n=survey.n_respondents, segment=segment), stacklevel=2)
    moments = source.moments(score, level, (segment,))
    n, mean, var = (a[compared].T for a in (moments.n, moments.mean, moments.var))  # rows × groups
    names = list(source.names(level))
    if posthoc and len(groups) > MAX_POSTHOC_GROUPS:
        warnings.warn(ServgapWarning.keyed("inference.warn.too_many_groups", groups=len(groups), segment=segment,
                                           pairs=len(groups) * (len(groups) - 1) // 2, limit=MAX_POSTHOC_GROUPS),
                      stacklevel=2)
        posthoc = False
    if method == "kruskal":
        table, pairs = _kruskal(source, score, level, segment, compared, n, names)
    else:
        fit = oneway(n, mean, var, welch=method == "welch")
        table = pd.DataFrame({
            "n": n.sum(axis=1).astype(int), "groups": (n > 0).sum(axis=1),
            **{k: fit[k] for k in ("statistic", "dof1", "dof2", "p_val")}, "p_adj": np.nan,
            "eta_sq": fit["eta_sq"], "omega_sq": fit["omega_sq"]})
        pairs = pairwise_means(n, mean, var, method == "welch", confidence, fit) if posthoc else None
    table["p_adj"] = p_adjust(table["p_val"].to_numpy(), padjust)
    table = _key_column(table, level, names)
    group_table = _groups_frame(segment, groups, names, level, score, n, mean, var)
    posthoc_table = _pairs_frame(pairs, groups, names, level) if posthoc else None
    small = [f"{segment} = {plain(g)} ({names[r] if level != 'overall' else 'overall'}: "
             f"n = {int(n[r, j])})"
             for r in range(n.shape[0]) for j, g in enumerate(groups) if n[r, j] < min_group_n]
    _warn_small(small, "inference.warn.small_segments", min_n=min_group_n)
    return SegmentComparison(table=table, groups=group_table, posthoc=posthoc_table,
                             segment=segment, level=level, score=score, method=method,
                             padjust=padjust, segment_values=groups,
                             survey_weighted=survey.weight is not None, lang=lang)


def _groups_frame(segment, groups, names, level, score, n, mean, var) -> pd.DataFrame:
    """The long table of per-group statistics: one row per item/dimension and segment value."""
    n_rows, n_groups = n.shape
    frame = {}
    if level != "overall":
        frame[level] = np.repeat(np.array(names, dtype=object), n_groups)
    frame[segment] = np.tile(np.array(groups, dtype=object), n_rows)
    frame["n"] = n.reshape(-1).astype(int)
    frame[f"{score}_mean"] = np.where(n > 0, mean, np.nan).reshape(-1)
    frame[f"{score}_sd"] = np.sqrt(var).reshape(-1)
    return pd.DataFrame(frame)


def _kruskal(source, score, level, segment, compared, n: np.ndarray, names: list):
    """Kruskal–Wallis and Dunn per row: from the groups × values table on a lattice, else by
    ranking the rows of each column."""
    counts = source.value_counts(score, level, (segment,))
    if counts is not None:
        table = np.moveaxis(counts.counts[compared], 0, 1)  # rows × groups × values
        h_all, rank_all, term_all = kruskal_counts(table)
    else:
        values = source.rows(score, level)
        renumber = np.full(source.groups((segment,)).size, -1, dtype=np.intp)
        renumber[compared] = np.arange(len(compared))
        codes = renumber[source.codes((segment,))]
    rows = []
    pairs = {k: [] for k in ("row", "a", "b", "n_a", "n_b", "mean_rank_a", "mean_rank_b", "diff",
                             "se", "statistic", "p_val", "p_adj")}
    pair_rows, pair_a, pair_b = pair_index(n)
    for r in range(n.shape[0]):
        present = np.flatnonzero(n[r] > 0)
        k, n_total = present.size, int(n[r].sum())
        if k < 2:
            rows.append((n_total, k, np.nan, np.nan, np.nan))
            continue
        if counts is not None:
            h, mean_rank, term = float(h_all[r]), rank_all[r][present], float(term_all[r])
        else:
            column = values[:, r]
            ok = ~np.isnan(column) & (codes >= 0)
            # kruskal_dunn wants codes 0 … k − 1 over the groups present in this row
            h, mean_rank, term = kruskal_dunn(column[ok], np.searchsorted(present, codes[ok]), k)
        rows.append((n_total, k, h, k - 1, chi2_sf(h, k - 1)))
        sel = pair_rows == r
        a, b = pair_a[sel], pair_b[sel]
        ra, rb = mean_rank[np.searchsorted(present, a)], mean_rank[np.searchsorted(present, b)]
        with np.errstate(divide="ignore", invalid="ignore"):
            se = np.sqrt(term * (1 / n[r, a] + 1 / n[r, b]))
            z = (ra - rb) / se
        p = 2 * norm_sf(np.abs(z))
        for key, col in (("row", np.full(a.size, r)), ("a", a), ("b", b), ("n_a", n[r, a]),
                         ("n_b", n[r, b]), ("mean_rank_a", ra), ("mean_rank_b", rb),
                         ("diff", ra - rb), ("se", se), ("statistic", z), ("p_val", p),
                         ("p_adj", p_adjust(p, "holm"))):
            pairs[key].append(col)
    n_total, k, h, dof1, p_val = (np.array(c, dtype=float) for c in zip(*rows))
    with np.errstate(divide="ignore", invalid="ignore"):
        epsilon = h / (n_total - 1)
    table = pd.DataFrame({"n": n_total.astype(int), "groups": k.astype(int), "statistic": h,
                          "dof1": dof1, "dof2": np.nan, "p_val": p_val, "p_adj": np.nan,
                          "epsilon_sq": epsilon})
    pairs = {key: np.concatenate(cols) if cols else np.array([]) for key, cols in pairs.items()}
    pairs["row"] = pairs["row"].astype(np.intp)
    pairs["a"] = pairs["a"].astype(np.intp)
    pairs["b"] = pairs["b"].astype(np.intp)
    return table, pairs


def _pairs_frame(pairs: dict, groups: tuple, names: list, level: str) -> pd.DataFrame:
    group_values = np.array(groups, dtype=object)
    columns = {} if level == "overall" else {level: np.array(names, dtype=object)[pairs["row"]]}
    columns.update(group_a=group_values[pairs["a"]], group_b=group_values[pairs["b"]])
    for key, col in pairs.items():
        if key not in ("row", "a", "b"):
            columns[key] = col.astype(int) if key in ("n_a", "n_b") else col
    return pd.DataFrame(columns)


# -- survey waves -------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class WaveComparison(Result):
    """Change between two independent survey waves: the result of :func:`compare_waves`.

    Attributes
    ----------
    table : DataFrame
        One row per item or dimension; columns listed in :func:`compare_waves`.
    level, score, method, padjust, alternative : str
    confidence : float
    survey_weighted : bool
        A wave has weights, which these tests do not use (the notes say so).
    lang : {"en", "id"}
        Language of the title and the notes.

    Examples
    --------
    >>> import servgap
    >>> survey = servgap.datasets.load_example()
    >>> waves = servgap.compare_waves(survey.subset(branch="Jakarta"), survey.subset(branch="Bandung"))
    >>> waves.table["dimension"].tolist()
    ['Tangibles', 'Reliability', 'Responsiveness', 'Assurance', 'Empathy']
    """

    level: str = "dimension"
    score: str = "gap"
    method: str = "welch"
    padjust: str = "holm"
    alternative: str = "two-sided"
    confidence: float = 0.95
    survey_weighted: bool = False

    @property
    def title(self) -> str:
        return _title("inference.title.waves", self.level, self.lang)

    def _notes(self) -> list[str]:
        return [label(f"inference.method.waves_{self.method}", self.lang),
                label("inference.note.waves", self.lang, padjust=self.padjust,
                      alternative=label(f"inference.alternative.{self.alternative}", self.lang)),
                *_weight_note(self.survey_weighted, self.lang)]


def compare_waves(before: Survey, after: Survey, level: str = "dimension", method: str = "welch",
                  score: str | None = None, padjust: str = "holm", alternative: str = "two-sided",
                  confidence: float = 0.95, *, correction: bool = True, exact: bool | None = None,
                  lang: str = "en") -> WaveComparison:
    """Compare two independent waves of a survey (e.g. last year and this year) row by row.

    Parameters
    ----------
    before, after : Survey
        Two surveys of the same instrument (same dimensions and items, same scale, same
        reverse-keyed items) with different respondents.
    level : {"dimension", "item", "overall"}, default "dimension"
        Per-respondent values compared (see :func:`gap_tests`).
    method : {"welch", "mannwhitney"}, default "welch"
        Welch's two-sample t-test, or the Mann–Whitney (Wilcoxon rank-sum) test.
    score : {None, "gap", "perception", "expectation", "adequate", "desired", "importance"}, optional
        The per-respondent score compared. None (the default) is the primary score of
        ``before``: the gap P − E when it holds expectation and perception answers, else the
        perception (SERVPERF, LibQUAL+, …). Any other value must be a score both waves hold.
    padjust : {"holm", "fdr_bh", "bonferroni", "none"}, default "holm"
        Correction over the rows of the table (see :func:`p_adjust`).
    alternative : {"two-sided", "less", "greater"}, default "two-sided"
        "greater": the score rose from ``before`` to ``after``.
    confidence : float, default 0.95
        Level of the Welch confidence interval of the change (one-sided for a one-sided
        ``alternative``, as R's ``t.test``).
    correction, exact : bool
        Mann–Whitney only: continuity correction, and the exact distribution (None: R's rule,
        exact when both waves have fewer than 50 values and there are no ties).
    lang : {"en", "id"}, default "en"
        Language of the result's title and notes (English or Indonesian).

    Returns
    -------
    WaveComparison
        ``.table`` columns: ``item`` or ``dimension`` (none at the overall level);
        ``n_before``, ``n_after``; ``mean_before``, ``mean_after``; ``diff`` (= mean_after −
        mean_before); ``statistic`` (Welch's t, or R's W = Σ ranks of ``after`` −
        n_after(n_after + 1)/2); ``dof`` (Welch only); ``p_val``; ``p_adj``; ``ci_low``,
        ``ci_high`` (Welch interval of the change, for both methods); ``cohen_d`` (change /
        pooled sd; Welch) or ``rank_biserial`` (= 2W/(n_after·n_before) − 1; Mann–Whitney).

    Raises
    ------
    ServgapError
        When the waves differ in dimensions, items, scale or reverse-keyed items, when a wave
        has no respondents, or when a wave lacks the requested ``score``.

    Warns
    -----
    SmallSampleWarning
        When a wave has fewer than two values in a row (its test is NaN).

    Notes
    -----
    Welch (R ``t.test(after, before)``): t = (x̄_a − x̄_b)/√(s²_a/n_a + s²_b/n_b),
    Welch–Satterthwaite df. Mann–Whitney (R ``wilcox.test(after, before)``): W as above;
    with ties the normal approximation with tie and continuity correction. Values are ranked
    after rounding to 10 decimals, as in :func:`gap_tests`. Survey weights are not used.

    References
    ----------
    Welch (1947), Biometrika 34. Mann & Whitney (1947), Ann. Math. Statist. 18.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap.inference import compare_waves
    >>> inst = servgap.Instrument("mini", {"Speed": ["1", "2"], "Care": ["3"]}, scale=(1, 5))
    >>> last = servgap.read_survey(pd.DataFrame({
    ...     "E_1": [5, 4, 4, 5], "E_2": [4, 4, 5, 5], "E_3": [5, 5, 4, 4],
    ...     "P_1": [3, 4, 3, 4], "P_2": [4, 3, 5, 3], "P_3": [2, 5, 4, 2]}), inst)
    >>> this = servgap.read_survey(pd.DataFrame({
    ...     "E_1": [5, 4, 4], "E_2": [4, 4, 5], "E_3": [5, 5, 4],
    ...     "P_1": [5, 4, 4], "P_2": [4, 4, 5], "P_3": [4, 5, 3]}), inst)
    >>> compare_waves(last, this).table[["dimension", "mean_before", "mean_after", "diff"]].round(6)
      dimension  mean_before  mean_after      diff
    0     Speed       -0.875    0.000000  0.875000
    1      Care       -1.250   -0.666667  0.583333
    """
    check_choice("level", level, LEVELS)
    check_choice("method", method, WAVE_METHODS)
    check_choice("padjust", padjust, PADJUST)
    check_choice("alternative", alternative, ALTERNATIVES)
    if score is not None:
        check_choice("score", score, SCORE_KINDS)
    _check_confidence(confidence)
    check_lang(lang)
    _check_same_instrument(before, after)
    for name, wave in (("before", before), ("after", after)):
        if wave.n_respondents == 0:
            raise ServgapError(f"compare_waves needs respondents in both waves; `{name}` has none. "
                               "Check the filter that made it (Survey.subset) and the exclusion log "
                               "(survey.exclusions) of the loaded survey.")
    score = _resolve_wave_score(before, after, score)
    m_before = before.stats.moments(score, level)
    names = list(m_before.names)
    m_after = after.stats.moments(score, level)
    # the same rows in before's order (waves are aligned by item name)
    align = [list(m_after.names).index(name) for name in names]
    n_b, mean_b, var_b = (a[0] for a in (m_before.n, m_before.mean, m_before.var))
    n_a, mean_a, var_a = (a[0][align] for a in (m_after.n, m_after.mean, m_after.var))
    change = mean_a - mean_b
    with np.errstate(divide="ignore", invalid="ignore"):
        s_a, s_b = var_a / n_a, var_b / n_b
        se = np.sqrt(s_a + s_b)
        dof = (s_a + s_b) ** 2 / (s_a**2 / (n_a - 1) + s_b**2 / (n_b - 1))
        t = change / se
        pooled = np.sqrt(((n_a - 1) * var_a + (n_b - 1) * var_b) / (n_a + n_b - 2))
    ci_low, ci_high = _mean_ci(change, se, dof, confidence, alternative)
    table = pd.DataFrame({"n_before": n_b.astype(int), "n_after": n_a.astype(int),
                          "mean_before": mean_b, "mean_after": mean_a, "diff": change})
    if method == "welch":
        table["statistic"] = t
        table["dof"] = dof
        table["p_val"] = _t_p(t, dof, alternative)
    else:
        counts = before.stats.value_counts(score, level), after.stats.value_counts(score, level)
        if counts[0] is not None and counts[1] is not None:  # both waves on the lattice: counted ranks
            tests = [_rank_sum_counts(counts[1], counts[0], align[j], j, correction, alternative, exact)
                     for j in range(len(names))]
        else:
            x_before, x_after = before.stats.rows(score, level), after.stats.rows(score, level)[:, align]
            tests = [rank_sum(x_after[~np.isnan(x_after[:, j]), j], x_before[~np.isnan(x_before[:, j]), j],
                              correction=correction, alternative=alternative, exact=exact)
                     for j in range(len(names))]
        table["statistic"] = [res["w"] for res in tests]
        table["p_val"] = [res["p_val"] for res in tests]
    table["p_adj"] = p_adjust(table["p_val"].to_numpy(), padjust)
    table["ci_low"], table["ci_high"] = ci_low, ci_high
    if method == "welch":
        with np.errstate(divide="ignore", invalid="ignore"):
            table["cohen_d"] = change / pooled
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            table["rank_biserial"] = 2 * table["statistic"] / (n_a * n_b) - 1
    table = _key_column(table, level, names)
    small = (table["n_before"] < 2) | (table["n_after"] < 2)
    _warn_small(_row_names(table[small], [level]), "inference.warn.small_waves")
    return WaveComparison(table=table, level=level, score=score, method=method, padjust=padjust,
                          alternative=alternative, confidence=confidence,
                          survey_weighted=before.weight is not None or after.weight is not None,
                          lang=lang)


def _check_same_instrument(before: Survey, after: Survey) -> None:
    """Waves are comparable only on the same items, scale and reverse-keying."""
    inst_b, inst_a = before.instrument, after.instrument
    differences = []
    only_b = [i for i in inst_b.items if i not in inst_a.items]
    only_a = [i for i in inst_a.items if i not in inst_b.items]
    if only_b or only_a:
        differences.append(f"items (only `before` has {only_b or 'none'}, "
                           f"only `after` has {only_a or 'none'})")
    else:
        dims_b = {d: set(items) for d, items in inst_b.dimensions.items()}
        dims_a = {d: set(items) for d, items in inst_a.dimensions.items()}
        moved = [d for d in {**dims_b, **dims_a} if dims_b.get(d) != dims_a.get(d)]
        if moved:
            differences.append(f"the items of the dimensions {moved}")
    if tuple(inst_b.scale) != tuple(inst_a.scale):
        differences.append("scale ({}-{} and {}-{})".format(*inst_b.scale, *inst_a.scale))
    if set(inst_b.reverse) != set(inst_a.reverse):
        differences.append(f"reverse-keyed items ({sorted(inst_b.reverse) or 'none'} and "
                           f"{sorted(inst_a.reverse) or 'none'})")
    if differences:
        raise ServgapError("`before` and `after` must use the same instrument; they differ in "
                           + "; ".join(differences) + ".")
