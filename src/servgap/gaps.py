"""Gap scores P − E per item, dimension and overall, unweighted or weighted, by segment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from ._dist import t_ppf

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
    overall unweighted SERVQUAL score = mean of the dimension gaps (:ref:`methods-gaps`).

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
    stats = survey.stats
    groups = stats.groups(by)
    survey_weighted = survey.weight is not None
    if level == "overall" and not weighted:
        columns = _mean_of_dimensions(stats, by, confidence)
    else:
        lvl = "overall_weighted" if level == "overall" else level
        gap = stats.moments("gap", lvl, by, weighted=True)
        columns = _describe(gap, confidence)
        columns["expectation_mean"] = stats.moments("paired_expectation", lvl, by, weighted=True).mean
        columns["perception_mean"] = stats.moments("paired_perception", lvl, by, weighted=True).mean
    if weighted and level == "dimension":
        weights = stats.moments("dimension_weight", "dimension", by)
        columns["weight_mean"] = weights.mean
        columns["weighted_gap"] = columns["gap_mean"] * weights.mean / 100
    order = ["n", "expectation_mean", "perception_mean", "gap_mean", "gap_sd", "gap_se", "ci_low",
             "ci_high", *(["n_effective"] if survey_weighted else []),
             *(["weight_mean", "weighted_gap"] if weighted and level == "dimension" else [])]
    names = stats.names(level)
    n_rows = len(names) if level != "overall" else 1
    table = group_columns(survey, groups, n_rows)
    if level != "overall":
        table["item" if level == "item" else "dimension"] = np.tile(np.array(names, dtype=object), groups.size)
    for col in order:
        table[col] = columns[col].reshape(-1)
    table = pd.DataFrame(table)
    table["n"] = table["n"].astype(int)
    return GapScores(table=table, level=level, by=tuple(by), weighted=weighted,
                     survey_weighted=survey_weighted, confidence=confidence, lang=lang)


def segment_codes(survey: Survey, by: list[str]) -> tuple[np.ndarray, list[tuple]]:
    """Group number per respondent and the segment values of each group, for the combinations
    of the ``by`` columns, sorted; one group of everyone when ``by`` is empty. Missing segment
    values form their own group (sorted last). (:meth:`servgap.stats.MemoryStats.groups`.)

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> codes, keys = segment_codes(load_example(), ["branch"])
    >>> keys, codes[:3].tolist()
    ([('Bandung',), ('Jakarta',), ('Surabaya',)], [1, 1, 1])
    """
    stats = survey.stats
    return stats.codes(by), stats.groups(by).keys


def segment_groups(survey: Survey, by: list[str]) -> list[tuple[tuple, np.ndarray]]:
    """(segment values, boolean mask) per group of :func:`segment_codes`."""
    codes, keys = segment_codes(survey, by)
    return [(key, codes == code) for code, key in enumerate(keys)]


def group_columns(survey: Survey, groups, n_rows: int) -> dict:
    """The ``by`` columns of a result table: each group's segment values repeated for its
    ``n_rows`` rows, in the segment column's own dtype."""
    return {col: pd.array(np.repeat(np.array([key[j] for key in groups.keys], dtype=object), n_rows),
                          dtype=survey.segments[col].dtype)
            for j, col in enumerate(groups.by)}


def _t_quantile(confidence: float, dof: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return t_ppf(0.5 + confidence / 2, np.where(dof > 0, dof, np.nan))


def _describe(m, confidence: float) -> dict:
    """n, gap_mean, gap_sd, gap_se, CI and Kish n_effective from weighted moments."""
    se = m.se
    n_eff = m.n_effective
    tq = _t_quantile(confidence, n_eff - 1)
    with np.errstate(invalid="ignore"):
        sd = se * np.sqrt(n_eff)
    return {"n": m.n, "gap_mean": m.mean, "gap_sd": sd, "gap_se": se, "ci_low": m.mean - tq * se,
            "ci_high": m.mean + tq * se, "n_effective": n_eff}


def _mean_of_dimensions(source, by, confidence: float) -> dict:
    """The unweighted SERVQUAL score: the mean of the dimension means, per group.

    Its linearised variance averages each respondent's residuals over the dimensions:
    se² = n/(n − 1) · Σ_r (Σ_d z_rd / D)², z_rd = w_r (x_rd − x̄_d)/W_d, which is
    n/(n − 1)/D² · Σ_d Σ_e C_de / (W_d W_e) with C the w²-weighted cross-products of the
    dimension scores centred at their means (pairwise over respondents with both).
    """
    dims = source.moments("gap", "dimension", by, weighted=True)
    anyone = source.moments("gap", "overall", by, weighted=True)  # respondents with any dimension
    cross = source.crossproducts([("gap", "dimension")], by, weight_power=2).centred_cross(dims.mean)
    n_dims = dims.n.shape[1]
    n = anyone.n[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = cross / (dims.sum_w[:, :, None] * dims.sum_w[:, None, :])
        total = np.maximum(scaled.sum(axis=(1, 2)), 0.0)  # a sum of squares: rounding may dip below 0
        var = np.where(n > 1, n / np.where(n > 1, n - 1, 1) * total / n_dims ** 2, np.nan)
        n_eff = anyone.sum_w[:, 0] ** 2 / anyone.sum_w2[:, 0]
    se = np.sqrt(var)
    mean = dims.mean.mean(axis=1)
    tq = _t_quantile(confidence, n_eff - 1)
    means = {kind: source.moments(kind, "dimension", by, weighted=True).mean.mean(axis=1)
             for kind in ("paired_expectation", "paired_perception")}
    return {"n": n, "gap_mean": mean, "gap_sd": se * np.sqrt(n_eff), "gap_se": se,
            "ci_low": mean - tq * se, "ci_high": mean + tq * se, "n_effective": n_eff,
            "expectation_mean": means["paired_expectation"], "perception_mean": means["paired_perception"]}
