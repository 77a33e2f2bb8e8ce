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


