"""Gap scores P − E per item, dimension and overall, unweighted or weighted, by segment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ._checks import check_choice, check_respondents, check_segment_names
from .errors import ServgapError
from .i18n import check_lang, label
from .results import Result
from .survey import Survey

__all__ = ["gap_scores", "GapScores"]

LEVELS = ("item", "dimension", "overall")


@dataclass(frozen=True, repr=False)
class GapScores(Result):
    """Gap scores of a survey: the result of :func:`gap_scores`.

    Attributes
    ----------
    table : DataFrame
        One row per item, dimension or segment (see :func:`gap_scores` for the columns).
    level : str
    by : tuple of str
    weighted : bool
        Whether the overall score uses the respondents' 100-point dimension weights.
    survey_weighted : bool
        Whether means use the survey-weight column.
    confidence : float

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> result = servgap.gap_scores(load_example(), level="dimension")
    >>> result.level, result.weighted, len(result.table)
    ('dimension', False, 5)
    >>> print(result)  # doctest: +ELLIPSIS
    Gap scores (dimension)
    gap = perception − expectation; 95% t-based confidence interval
    ...
    """

    level: str = "item"
    by: tuple = ()
    weighted: bool = False
    survey_weighted: bool = False
    confidence: float = 0.95

    @property
    def title(self) -> str:
        return f"{label('title.gap_scores', self.lang)} ({label('level.' + self.level, self.lang).lower()})"

    def _notes(self) -> list[str]:
        notes = [label("gaps.note.ci", self.lang, confidence=f"{self.confidence:.0%}")]
        if self.level == "overall":
            notes.append(label("gaps.note.weighted" if self.weighted else "gaps.note.unweighted", self.lang))
        if self.survey_weighted:
            notes.append(label("gaps.note.survey_weighted", self.lang))
        return notes


def gap_scores(survey: Survey, level: str = "item", by=None, weighted: bool = False,
               confidence: float = 0.95, *, lang: str = "en") -> GapScores:
    """Mean gap P − E per item, per dimension or overall, with t-based confidence intervals.

    Parameters
    ----------
    survey : Survey
        A survey with expectation and perception answers.
    level : {"item", "dimension", "overall"}
        ``"item"``: each item's gap on the respondents who answered both E and P.
        ``"dimension"``: the mean over respondents of each respondent's mean answered item gap
        (respondents with fewer than ``survey.min_items`` answered pairs left out).
        ``"overall"``: the SERVQUAL score.
    by : str or list of str, optional
        Segment columns; one block of rows per combination of their values.
    weighted : bool, default False
        At ``level="overall"``: the weighted SERVQUAL score of Zeithaml, Parasuraman & Berry
        (1990), SQ_r = Σ_d G_rd · w_rd / 100 per respondent, averaged over respondents (a
        respondent lacking a dimension score has the other weights rescaled to 100). At
        ``level="dimension"``: adds ``weight_mean`` (mean points given to the dimension) and
        ``weighted_gap`` = gap_mean · weight_mean / 100, whose sum over dimensions is
        Σ_d mean(G_d)·mean(w_d)/100 — a different quantity from the weighted score.
    confidence : float, default 0.95
        Level of the confidence intervals.
    lang : {"en", "id"}, default "en"
        Language of the result's title and notes.

    Returns
    -------
    GapScores
        ``.table`` columns: the ``by`` columns; ``item`` or ``dimension`` (none for overall);
        ``n`` (respondents used); ``expectation_mean`` and ``perception_mean`` (on the same
        answered pairs, so gap_mean = perception_mean − expectation_mean); ``gap_mean``;
        ``gap_sd``; ``gap_se``; ``ci_low``, ``ci_high``; with survey weights also
        ``n_effective`` (Kish); with ``weighted=True`` at dimension level ``weight_mean`` and
        ``weighted_gap``.

    Notes
    -----
    Item gap G_ri = P_ri − E_ri; dimension gap G_rd = mean of the answered G_ri, i ∈ I_d;
    overall unweighted SERVQUAL score = mean of the dimension gaps (METHODS.md §2).

    Confidence interval: mean ± t_{1−α/2, n−1} · se (R ``t.test(gaps)$conf.int``). Its
    standard error is the linearised (Taylor) standard error of the (weighted) mean,
    se² = n/(n−1) · Σ_r z_r² with z_r = w_r (x_r − x̄)/Σw; with equal weights this is sd/√n
    exactly. For the overall score, z_r averages the respondent's residuals over the dimensions
    (each divided by the weight total of that dimension's respondents), which is sd(SQ_r)/√n
    on complete data and stays valid when respondents lack some dimensions. ``gap_sd`` is
    se·√n (the sample standard deviation when weights are equal; the overall row's is implied
    by its se). With survey weights w_r, means are Σw·x/Σw and the t quantile uses
    n_effective − 1 degrees of freedom, n_effective = (Σw)²/Σw² (Kish).

    References
    ----------
    Parasuraman, Zeithaml & Berry (1988), J. Retailing 64(1). Zeithaml, Parasuraman & Berry
    (1990), Delivering Quality Service. Kish (1965), Survey Sampling.

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> survey = load_example()
    >>> table = servgap.gap_scores(survey, level="dimension").table
    >>> table.columns.tolist()[:4]
    ['dimension', 'n', 'expectation_mean', 'perception_mean']
    >>> overall = servgap.gap_scores(survey, level="overall").table
    >>> bool(abs(overall["gap_mean"].iloc[0] - table["gap_mean"].mean()) < 1e-12)
    True
    """
    check_choice("level", level, LEVELS)
    check_lang(lang)
    if not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be between 0 and 1, got {confidence!r}.")
    if weighted and level == "item":
        raise ValueError("`weighted=True` needs level='dimension' or 'overall': dimension weights "
                         "are given per dimension, not per item.")
    if not survey.has_gaps:
        raise ServgapError(f"gap_scores needs expectation and perception answers; this survey holds "
                           f"{list(survey.components)}.")
    if weighted and survey.dimension_weights is None:
        raise ServgapError("`weighted=True` needs dimension weights: load them with "
                           "read_survey(..., dimension_weights=\"W_{dimension}\").")
    check_respondents(survey, "gap_scores")
    by = check_segment_names(survey, by, "by")
    parts = _respondent_values(survey, level, weighted)
    w_all = None if survey.weight is None else survey.weight.to_numpy(dtype=float)
    key = "item" if level == "item" else "dimension"
    blocks = []
    groups = segment_groups(survey, by)
    for values, mask in groups:
        w = None if w_all is None else w_all[mask]
        block = _summarise(parts, mask, w, level, confidence)
        if level != "overall":
            block.insert(0, key, parts["names"])
        for name, value in reversed(list(zip(by, values))):
            block.insert(0, name, value)
        blocks.append(block)
    table = pd.concat(blocks, ignore_index=True)
    if weighted and level == "dimension":
        table = _add_dimension_weights(table, survey, by, groups)
    return GapScores(table=table, level=level, by=tuple(by), weighted=weighted,
                     survey_weighted=w_all is not None, confidence=confidence, lang=lang)


def segment_codes(survey: Survey, by: list[str]) -> tuple[np.ndarray, list[tuple]]:
    """Group number per respondent and the segment values of each group, for the combinations
    of the ``by`` columns, sorted; one group of everyone when ``by`` is empty. Missing segment
    values form their own group (sorted last).

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> codes, keys = segment_codes(load_example(), ["branch"])
    >>> keys, codes[:3].tolist()
    ([('Bandung',), ('Jakarta',), ('Surabaya',)], [1, 1, 1])
    """
    if not by:
        return np.zeros(survey.n_respondents, dtype=np.intp), [()]
    seg = survey.segments[list(by)]
    codes = seg.groupby(list(by), sort=True, dropna=False).ngroup().to_numpy()
    first = np.unique(codes, return_index=True)[1]  # each group's first respondent, in code order
    return codes, [tuple(seg.iloc[int(pos)]) for pos in first]


def segment_groups(survey: Survey, by: list[str]) -> list[tuple[tuple, np.ndarray]]:
    """(segment values, boolean mask) per group of :func:`segment_codes`."""
    codes, keys = segment_codes(survey, by)
    return [(key, codes == code) for code, key in enumerate(keys)]


def _respondent_values(survey: Survey, level: str, weighted: bool) -> dict:
    """Per-respondent E, P and gap arrays (n × columns) at the requested level."""
    gaps = survey.gaps
    pair = gaps.notna()
    e = survey.expectation.where(pair)
    p = survey.perception.where(pair)
    if level == "item":
        return {"names": list(survey.items), "gap": gaps.to_numpy(), "e": e.to_numpy(), "p": p.to_numpy()}
    g_dim = survey.dimension_scores("gap")
    has = g_dim.notna()
    e_dim = pd.DataFrame({d: e[list(i)].mean(axis=1) for d, i in survey.instrument.dimensions.items()}).where(has)
    p_dim = pd.DataFrame({d: p[list(i)].mean(axis=1) for d, i in survey.instrument.dimensions.items()}).where(has)
    if level == "dimension":
        return {"names": list(survey.dimensions), "gap": g_dim.to_numpy(), "e": e_dim.to_numpy(),
                "p": p_dim.to_numpy()}
    if not weighted:
        return {"gap": g_dim.to_numpy(), "e": e_dim.to_numpy(), "p": p_dim.to_numpy(), "mean_of_columns": True}
    w = survey.dimension_weights.reindex(columns=g_dim.columns).where(has)
    total = w.sum(axis=1, min_count=1)
    total = total.where(total > 0)

    def weigh(values):
        return ((values * w).sum(axis=1, min_count=1) / total).to_numpy()[:, None]

    return {"gap": weigh(g_dim), "e": weigh(e_dim), "p": weigh(p_dim)}


def _summarise(parts: dict, mask: np.ndarray, w, level: str, confidence: float) -> pd.DataFrame:
    gap, e, p = (parts[k][mask] for k in ("gap", "e", "p"))
    combine = parts.get("mean_of_columns", False)
    n, gap_mean, se, n_eff = linearised_mean(gap, w, combine)
    _, e_mean, _, _ = linearised_mean(e, w, combine)
    _, p_mean, _, _ = linearised_mean(p, w, combine)
    dof = (n_eff if w is not None else n) - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        tq = stats.t.ppf(0.5 + confidence / 2, np.where(dof > 0, dof, np.nan))
        sd = se * np.sqrt(n_eff if w is not None else n)
    table = pd.DataFrame({
        "n": n.astype(int), "expectation_mean": e_mean, "perception_mean": p_mean, "gap_mean": gap_mean,
        "gap_sd": sd, "gap_se": se, "ci_low": gap_mean - tq * se, "ci_high": gap_mean + tq * se,
    })
    if w is not None:
        table["n_effective"] = n_eff
    return table


def linearised_mean(values: np.ndarray, weights: np.ndarray | None = None, mean_of_columns: bool = False):
    """Weighted mean per column (or the mean of the column means) and its linearised standard error.

    Parameters
    ----------
    values : ndarray (n, k)
        NaN where a respondent has no value.
    weights : ndarray (n,), optional
        Survey weights; equal weights when None.
    mean_of_columns : bool
        Return one estimate: the mean of the k column means.

    Returns
    -------
    n, mean, se, n_effective : ndarrays
        Respondents with a value; the (weighted) mean; se² = n/(n−1)·Σ z_r² with
        z_r = w_r·(x_r − x̄)/Σw (averaged over columns for ``mean_of_columns``); Kish n_effective.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0], [2.0], [4.0]])
    >>> n, mean, se, n_eff = linearised_mean(x)
    >>> round(float(se[0]), 10) == round(float(np.std(x, ddof=1) / np.sqrt(3)), 10)
    True
    """
    values = np.asarray(values, dtype=float)
    observed = ~np.isnan(values)
    w = np.ones(values.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    wm = observed * w[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        wsum = wm.sum(axis=0)
        mean = (np.where(observed, values, 0.0) * wm).sum(axis=0) / wsum
        z = np.where(observed, values - mean, 0.0) * wm / wsum
        if mean_of_columns:
            k = values.shape[1]
            z = z.sum(axis=1, keepdims=True) / k
            any_obs = observed.any(axis=1)
            n = np.array([any_obs.sum()])
            mean = np.array([mean.mean()])
            w_any = w * any_obs
            n_eff = np.array([w_any.sum() ** 2 / (w_any ** 2).sum()])
        else:
            n = observed.sum(axis=0)
            n_eff = wsum ** 2 / (wm ** 2).sum(axis=0)
        var = np.where(n > 1, n / np.where(n > 1, n - 1, 1) * (z ** 2).sum(axis=0), np.nan)
    return n, mean, np.sqrt(var), n_eff


def _add_dimension_weights(table: pd.DataFrame, survey: Survey, by: list[str], groups) -> pd.DataFrame:
    g_dim = survey.dimension_scores("gap")
    weights = survey.dimension_weights.reindex(columns=g_dim.columns).where(g_dim.notna())
    means = []
    for _, mask in groups:
        means.extend(weights[mask].mean(axis=0).to_numpy())
    table = table.copy()
    table["weight_mean"] = means
    table["weighted_gap"] = table["gap_mean"] * table["weight_mean"] / 100
    return table
