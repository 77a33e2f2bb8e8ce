"""The formulas servgap used before its statistics layer, kept as an independent check.

These computed every statistic from the respondent rows directly (pandas means, numpy sums);
tests/test_stats.py asserts that the aggregate-based code gives the same numbers on random data
with missing answers, survey weights, several segment columns and non-integer answers.
"""

import numpy as np
import pandas as pd
from scipy import stats


def old_gap_table(survey, level, by=(), weighted=False, confidence=0.95):
    """gap_scores' table as the row-based code computed it (servgap 0.1.0)."""
    parts = _respondent_values(survey, level, weighted)
    w_all = None if survey.weight is None else survey.weight.to_numpy(dtype=float)
    by = list(by)
    if by:
        codes = survey.segments[by].groupby(by, sort=True, dropna=False).ngroup().to_numpy()
    else:
        codes = np.zeros(survey.n_respondents, dtype=int)
    blocks = []
    for code in range(codes.max() + 1):
        mask = codes == code
        w = None if w_all is None else w_all[mask]
        blocks.append(_summarise(parts, mask, w, level, confidence))
    return pd.concat(blocks, ignore_index=True)


def old_dimension_scores(survey, values):
    """Respondents × dimensions: the mean of the answered items, with min_items (pandas)."""
    cols = {}
    for dim, items in survey.instrument.dimensions.items():
        block = values[list(items)]
        answered = block.notna().sum(axis=1)
        cols[dim] = block.mean(axis=1).where(answered >= min(survey.min_items, len(items)))
    return pd.DataFrame(cols, index=values.index)


def _respondent_values(survey, level: str, weighted: bool) -> dict:
    """Per-respondent E, P and gap arrays (n × columns) at the requested level."""
    gaps = survey.perception - survey.expectation
    pair = gaps.notna()
    e = survey.expectation.where(pair)
    p = survey.perception.where(pair)
    if level == "item":
        return {"names": list(survey.items), "gap": gaps.to_numpy(), "e": e.to_numpy(), "p": p.to_numpy()}
    g_dim = old_dimension_scores(survey, gaps)
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




def old_item_total_r(values: pd.DataFrame, dimensions: dict, total: str = "dimension"):
    """validity's n, r and r_corrected as the row-based code computed them (servgap 0.1.0): per
    dimension, the respondents who answered every item of the total, numpy centred sums.

    ``values`` is respondents × items (``survey.scores(kind)``); returns a DataFrame with
    ``dimension``, ``item``, ``n``, ``r``, ``r_corrected`` (before the one-item rule).

    Examples
    --------
    >>> values = pd.DataFrame({"1": [1.0, 2, 3, 4], "2": [2.0, 2, 4, 3]})
    >>> old_item_total_r(values, {"A": ["1", "2"]})["n"].tolist()
    [4, 4]
    """
    frames = []
    for dimension, items in dimensions.items():
        columns = list(items) if total == "dimension" else list(values.columns)
        answered = values.loc[values[columns].notna().all(axis=1)]
        x = answered[list(items)].to_numpy()
        sums = answered[columns].to_numpy().sum(axis=1)[:, None]

        def correlations(a, b):
            if len(a) == 0:
                return np.full(a.shape[1], np.nan)
            ac, bc = a - a.mean(axis=0), b - b.mean(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                return (ac * bc).sum(axis=0) / np.sqrt((ac**2).sum(axis=0) * (bc**2).sum(axis=0))

        frames.append(pd.DataFrame({"dimension": dimension, "item": list(items), "n": len(answered),
                                    "r": correlations(x, sums), "r_corrected": correlations(x, sums - x)}))
    return pd.concat(frames, ignore_index=True)


def old_kmo_bartlett(values: pd.DataFrame):
    """(n, per-item MSA, KMO, Bartlett χ²) of the complete rows, as the row-based code computed
    them (np.corrcoef of ``values.dropna()``).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> n, msa, kmo, chi2 = old_kmo_bartlett(pd.DataFrame(rng.normal(size=(30, 3))))
    >>> n, msa.shape
    (30, (3,))
    """
    complete = values.dropna().to_numpy()
    n, p = complete.shape
    corr = np.corrcoef(complete, rowvar=False)
    inverse = np.linalg.inv(corr)
    partial = -inverse / np.sqrt(np.outer(np.diag(inverse), np.diag(inverse)))
    off = ~np.eye(p, dtype=bool)
    r2, q2 = np.where(off, corr**2, 0), np.where(off, partial**2, 0)
    chi2 = -(n - 1 - (2 * p + 5) / 6) * np.linalg.slogdet(corr)[1]
    return n, r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0)), r2.sum() / (r2.sum() + q2.sum()), chi2


def old_cfa_covariance(values: pd.DataFrame, items):
    """(n, S): the CFA input covariance (divisor n) of the respondents who answered every one of
    ``items``, as the row-based code computed it.

    Examples
    --------
    >>> n, s = old_cfa_covariance(pd.DataFrame({"1": [1.0, 2, 3], "2": [1.0, None, 2]}), ["1", "2"])
    >>> n, s.shape
    (2, (2, 2))
    """
    complete = values[list(items)].dropna().to_numpy()
    return len(complete), np.cov(complete, rowvar=False, ddof=0)
