"""Key drivers: which gaps (or perceptions) move overall satisfaction — standardised regression
and Johnson's (2000) relative weights with bootstrap confidence intervals."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ._checks import check_choice, check_respondents
from .errors import ServgapError
from .i18n import check_lang, label, number
from .results import Result
from .stats.memory import OUTCOME
from .survey import Survey

__all__ = ["drivers", "DriversResult", "relative_weights"]

LEVELS = ("item", "dimension")
PREDICTORS = ("gap", "perception")
_CHUNK = 200  # bootstrap resamples computed together
_MAX_CELLS = 20_000_000  # floats of a resample-count or product matrix held at once


@dataclass(frozen=True, repr=False)
class DriversResult(Result):
    """Key-driver analysis: the result of :func:`drivers`.

    Attributes
    ----------
    table : DataFrame
        One row per predictor (columns listed in :func:`drivers`).
    r2 : float
        R² of the OLS regression of the outcome on all predictors.
    n : int
        Respondents used (complete cases).
    outcome, predictors, level : str
    n_boot : int
    confidence : float
    seed : int or None

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> survey = load_example()
    >>> overall = survey.overall_scores("perception")
    >>> result = servgap.drivers(survey, outcome=overall, n_boot=50, seed=1)
    >>> bool(abs(result.table["relative_weight"].sum() - result.r2) < 1e-12)
    True
    """

    r2: float = np.nan
    n: int = 0
    outcome: str = ""
    predictors: str = "gap"
    level: str = "dimension"
    n_boot: int = 1000
    confidence: float = 0.95
    seed: int | None = None

    @property
    def title(self) -> str:
        return label("drivers.title", self.lang)

    def _notes(self) -> list[str]:
        return [label("drivers.note", self.lang, outcome=self.outcome,
                      predictors=label("inference.score." + self.predictors, self.lang), n=self.n,
                      r2=number(round(self.r2, 4), self.lang), confidence=f"{self.confidence:.0%}",
                      n_boot=self.n_boot)]


def relative_weights(corr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Standardised OLS coefficients, relative weights and R² from correlation matrices.

    Parameters
    ----------
    corr : ndarray (..., k + 1, k + 1)
        Correlations of the k predictors followed by the outcome (last row and column); any
        leading dimensions are a stack of matrices.

    Returns
    -------
    beta, weights, r2 : ndarrays (..., k), (..., k), (...)

    Notes
    -----
    Johnson (2000): R_xx = QΛQᵀ, Z = QΛ^½Qᵀ, β* = Z⁻¹ r_xy, ε_j = Σ_k Z_jk² β*_k²; the ε_j
    sum to R² = r_xyᵀ R_xx⁻¹ r_xy (:ref:`key drivers <methods-drivers>`). β = R_xx⁻¹ r_xy are the coefficients of
    R ``lm(scale(y) ~ scale(X))``.

    Examples
    --------
    >>> import numpy as np
    >>> corr = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.3], [0.5, 0.3, 1.0]])
    >>> beta, weights, r2 = relative_weights(corr)
    >>> beta.round(2).tolist(), weights.round(2).tolist(), round(float(r2), 2)
    ([0.5, 0.3], [0.25, 0.09], 0.34)
    """
    rxx = corr[..., :-1, :-1]
    rxy = corr[..., :-1, -1]
    values, vectors = np.linalg.eigh(rxx)
    root = (vectors * np.sqrt(np.clip(values, 0, None))[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    beta_star = np.linalg.solve(root, rxy[..., None])[..., 0]
    weights = (root ** 2 @ (beta_star ** 2)[..., None])[..., 0]
    beta = np.linalg.solve(rxx, rxy[..., None])[..., 0]
    r2 = (rxy * beta).sum(axis=-1)
    return beta, weights, r2


def _outcome_values(survey: Survey, outcome) -> tuple[str, pd.Series]:
    """The outcome as a float Series on the survey's respondents, and its name."""
    if isinstance(outcome, str):
        outcomes = getattr(survey, "outcomes", None)
        if outcomes is not None and outcome in outcomes.columns:
            values = outcomes[outcome]
        elif outcome in survey.segments.columns:
            values = survey.segments[outcome]
        else:
            known = list(outcomes.columns) if outcomes is not None else []
            raise ServgapError(f"`outcome` names {outcome!r}, which is neither an outcome column "
                               f"({known or 'none loaded'}) nor a segment ({list(survey.segment_names)}) of "
                               "this survey. Load it with read_survey(..., outcomes=[...]) or pass a Series.")
        name = outcome
    elif isinstance(outcome, pd.Series):
        if not outcome.index.isin(survey.respondents).all() or not survey.respondents.isin(outcome.index).all():
            raise ServgapError("An `outcome` Series must be indexed by the survey's respondent ids "
                               "(survey.respondents), one value each.")
        values = outcome.reindex(survey.respondents)
        name = str(outcome.name) if outcome.name is not None else "outcome"
    else:
        values = pd.Series(np.asarray(outcome), index=survey.respondents) if np.ndim(outcome) == 1 and \
            len(outcome) == survey.n_respondents else None
        if values is None:
            raise ServgapError(f"`outcome` must be a column name, a Series indexed by respondent or an array of "
                               f"{survey.n_respondents} values, got {type(outcome).__name__}.")
        name = "outcome"
    numeric = pd.to_numeric(values, errors="coerce")
    bad = numeric.isna() & values.notna()
    if bad.any():
        raise ServgapError(f"`outcome` {name!r} must hold numbers; respondents {list(values.index[bad][:5])} have "
                           f"{list(values[bad][:5])}.")
    return name, numeric.astype(float)


def _outcome_kind(survey, outcome):
    """(survey, name, statistics kind) of the outcome. A column of the survey is the kind
    ``"outcome:<column>"``; a Series or array (in memory only) is placed in the survey's
    outcomes first, so that every outcome reaches the analysis through the statistics layer."""
    from .engines import ScannedSurvey

    if isinstance(survey, ScannedSurvey):
        if isinstance(outcome, str) and survey.outcomes is not None and outcome in survey.outcomes.columns:
            return survey, outcome, OUTCOME + outcome
        if not isinstance(outcome, str) or outcome not in survey.segment_names:
            raise ServgapError(f"On an engine, `outcome` must name an outcome column (servgap.scan(..., "
                               f"outcomes=[...])) or a numeric segment column of the scan; its outcomes are "
                               f"{list(survey.outcomes.columns) if survey.outcomes is not None else []}, its "
                               f"segments {list(survey.segment_names)}, got {outcome!r}.")
        if not pd.api.types.is_numeric_dtype(survey.segments[outcome].dtype):
            raise ServgapError(f"`outcome` {outcome!r} must hold numbers; on this engine it is a column of "
                               f"{survey.segments[outcome].dtype} values.")
        return survey, outcome, OUTCOME + outcome
    name, values = _outcome_values(survey, outcome)
    if isinstance(outcome, str):
        return survey, name, OUTCOME + name
    column = "\0outcome"  # a private column name: no clash with a user's outcome or segment
    return replace(survey, outcomes=pd.DataFrame({column: values.to_numpy()}, index=survey.respondents)), name, \
        OUTCOME + column


def drivers(survey: Survey, outcome, level: str = "dimension", predictors: str = "gap", n_boot: int = 1000,
            confidence: float = 0.95, seed: int | None = None, *, lang: str = "en") -> DriversResult:
    """Which dimensions (or items) drive an overall outcome: standardised coefficients, relative
    weights that share R² out among them, and bootstrap confidence intervals.

    Parameters
    ----------
    survey : Survey or ScannedSurvey
        In memory, or on an engine (:func:`servgap.scan`) for the point estimates (``n_boot=0``).
    outcome : str, Series or array
        Overall satisfaction, loyalty, …: a column of ``survey.outcomes`` (loaded with
        ``read_survey(..., outcomes=[...])``) or, failing that, a numeric segment column; or a
        Series indexed by respondent id; or an array in respondent order. On an engine: an
        outcome column of the scan (``servgap.scan(..., outcomes=["satisfaction"])``) or a
        numeric segment column.
    level : {"item", "dimension"}, default "dimension"
        Predictors per dimension (respondent scores, :meth:`Survey.dimension_scores`) or per item.
    predictors : {"gap", "perception"}, default "gap"
        Gap scores P − E, or perceptions alone (SERVPERF).
    n_boot : int, default 1000
        Bootstrap resamples of respondents for the confidence intervals (0: none). Resampling
        needs respondent rows: on an engine pass ``n_boot=0`` (or run on ``survey.sample(n)``);
        otherwise a :class:`~servgap.ServgapError` says so.
    confidence : float, default 0.95
    seed : int, optional
        Seed of the resampling: the resamples are
        ``numpy.random.default_rng(seed).integers(0, n, (n_boot, n))``.
    lang : {"en", "id"}, default "en"

    Returns
    -------
    DriversResult
        ``.r2``, ``.n``; ``.table``: ``item`` or ``dimension``; ``beta`` (standardised OLS
        coefficient); ``relative_weight`` (ε_j; they sum to R²); ``relative_weight_pct``
        (100 ε_j / R²); ``rank`` (1 = largest relative weight); ``ci_low``, ``ci_high``
        (percentile bootstrap interval of ``relative_weight``).

    Notes
    -----
    Respondents with the outcome and every predictor (complete cases) are used, unweighted.
    β, R² and the relative weights follow from the correlation matrix of the predictors and
    the outcome, computed from their complete-case cross-products (:mod:`servgap.stats`), so
    the point estimates run on engines too.
    β equals the coefficients of R ``lm(scale(y) ~ scale(X))``; relative weights follow
    Johnson (2000), see :func:`relative_weights`. Each resample's statistics come from its
    moment matrix (Σ over resampled respondents of d dᵀ), so no resample copies the data.

    References
    ----------
    Johnson (2000), Multivariate Behavioral Research 35(1). Tonidandel & LeBreton (2011),
    J. Business and Psychology 26(1) (bootstrap intervals of relative weights).

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> survey = load_example()
    >>> satisfaction = survey.overall_scores("perception").rename("satisfaction")
    >>> result = servgap.drivers(survey, outcome=satisfaction, n_boot=100, seed=7)
    >>> result.table.columns.tolist()
    ['dimension', 'beta', 'relative_weight', 'relative_weight_pct', 'rank', 'ci_low', 'ci_high']
    >>> round(float(result.table["relative_weight_pct"].sum()), 6)
    100.0
    """
    check_choice("level", level, LEVELS)
    check_choice("predictors", predictors, PREDICTORS)
    check_lang(lang)
    if not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be between 0 and 1, got {confidence!r}.")
    if int(n_boot) != n_boot or n_boot < 0:
        raise ValueError(f"`n_boot` must be a whole number ≥ 0, got {n_boot!r}.")
    check_respondents(survey, "drivers")
    survey, name, kind = _outcome_kind(survey, outcome)
    stats = survey.stats
    blocks = [(predictors, level), (kind, "overall")]
    data = None
    if n_boot:  # resampling needs the rows (on an engine this raises, naming survey.sample(n))
        data = np.column_stack([stats.rows(k, lv) for k, lv in blocks])
        data = data[~np.isnan(data).any(axis=1)]
    units = stats.names(level)
    cp = stats.crossproducts(blocks, complete=True)
    n, k = int(round(cp.count[0, 0, 0])), len(units)
    if n < k + 2:
        raise ServgapError(f"drivers needs more complete respondents than predictors + 1; {n} respondents have "
                           f"the outcome and all {k} predictors.")
    cov = cp.cov()[0]
    sd = np.sqrt(np.diagonal(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / (sd[:, None] * sd[None, :])
    if np.linalg.matrix_rank(corr[:-1, :-1]) < k or not np.isfinite(corr).all():
        raise ServgapError("drivers cannot separate the predictors: some are constant or a linear combination "
                           "of others. Use level=\"dimension\" or fewer items.")
    beta, weights, r2 = relative_weights(corr)
    table = pd.DataFrame({level: list(units), "beta": beta, "relative_weight": weights,
                          "relative_weight_pct": 100 * weights / r2})
    table["rank"] = table["relative_weight"].rank(method="min", ascending=False).astype(int)
    low = high = np.full(k, np.nan)
    if n_boot:
        data = data - data.mean(axis=0)  # centred once: moments without cancellation
        boot = _bootstrap(data, int(n_boot), seed)
        alpha = 1 - confidence
        low, high = np.nanquantile(boot, [alpha / 2, 1 - alpha / 2], axis=0)
    table["ci_low"], table["ci_high"] = low, high
    return DriversResult(table=table, r2=float(r2), n=int(n), outcome=name, predictors=predictors, level=level,
                         n_boot=int(n_boot), confidence=confidence, seed=seed, lang=lang)


def _correlation(cross: np.ndarray, sums: np.ndarray, n) -> np.ndarray:
    """Correlation matrices from Σ d dᵀ and Σ d over n rows (stacked along leading axes)."""
    n = np.asarray(n, dtype=float)[..., None, None]
    cov = cross - sums[..., :, None] * sums[..., None, :] / n
    sd = np.sqrt(np.diagonal(cov, axis1=-2, axis2=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / (sd[..., :, None] * sd[..., None, :])


def _bootstrap(data: np.ndarray, n_boot: int, seed) -> np.ndarray:
    """Relative weights of each resample of respondents (n_boot × k); NaN where one cannot be
    computed (a constant predictor in the resample)."""
    n, p = data.shape
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, (n_boot, n))
    small = n * p * p <= _MAX_CELLS  # products d dᵀ of every respondent fit in memory
    products = (data[:, :, None] * data[:, None, :]).reshape(n, p * p) if small else None
    chunk = max(1, min(_CHUNK, _MAX_CELLS // n))
    out = np.full((n_boot, p - 1), np.nan)
    for start in range(0, n_boot, chunk):
        rows = draws[start:start + chunk]
        b = len(rows)
        if small:  # resample counts times the moments: one matrix product per chunk
            counts = np.bincount((np.arange(b)[:, None] * n + rows).ravel(), minlength=b * n).reshape(b, n)
            counts = counts.astype(float)
            cross, sums = (counts @ products).reshape(b, p, p), counts @ data
        else:
            cross = np.stack([data[r].T @ data[r] for r in rows])
            sums = np.stack([data[r].sum(axis=0) for r in rows])
        corr = _correlation(cross, sums, np.full(b, n))
        fine = np.isfinite(corr).all(axis=(1, 2))
        fine[fine] = np.linalg.matrix_rank(corr[fine][:, :-1, :-1]) == p - 1
        if fine.any():
            block = out[start:start + b]
            block[fine] = relative_weights(corr[fine])[1]
    return out
