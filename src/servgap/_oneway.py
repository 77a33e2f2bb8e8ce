"""One-way ANOVA, Welch ANOVA and their post-hoc tests from group summaries.

Every function takes arrays of shape (rows, groups) — one row per item or dimension — holding
each group's ``n``, ``mean`` and ``var`` (n = 0 where a group has no respondents in that row),
so all rows and groups are computed in one array operation.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from ._dist import f_sf, t_sf
from ._tukey import ptukey_sf, qtukey

__all__ = ["oneway", "pairwise_means"]


def _present(n: np.ndarray) -> np.ndarray:
    return n > 0


def oneway(n: np.ndarray, mean: np.ndarray, var: np.ndarray, welch: bool) -> dict:
    """F test per row: classical (R ``aov``) or Welch's (R ``oneway.test``), with η² and ω².

    η² = SS_between / SS_total and ω² = (SS_between − (k − 1)·MS_within) / (SS_total + MS_within)
    come from the classical sums of squares in both cases.
    """
    present = _present(n)
    k = present.sum(axis=1).astype(float)
    n_total = n.sum(axis=1)
    m = np.where(present, mean, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        grand = (n * m).sum(axis=1) / n_total
        ss_between = (n * (m - grand[:, None]) ** 2).sum(axis=1)
        ss_within = np.where(n > 1, (n - 1) * np.where(n > 1, var, 0.0), 0.0).sum(axis=1)
        dof1 = k - 1
        dof_within = n_total - k
        ms_within = ss_within / dof_within
        ss_total = ss_between + ss_within
        eta_sq = ss_between / ss_total
        omega_sq = (ss_between - dof1 * ms_within) / (ss_total + ms_within)
        if welch:
            # Welch (1951); a group with one respondent or no spread has no weight: NaN, as R
            usable = np.all(~present | ((n > 1) & (var > 0)), axis=1)
            w = np.where(present, n / np.where(present, var, 1.0), 0.0)
            w_sum = w.sum(axis=1)
            m_w = (w * m).sum(axis=1) / w_sum
            tmp = (np.where(present, (1 - w / w_sum[:, None]) ** 2 / (n - 1), 0.0).sum(axis=1)
                   / (k**2 - 1))
            statistic = (w * (m - m_w[:, None]) ** 2).sum(axis=1) / (dof1 * (1 + 2 * (k - 2) * tmp))
            dof2 = 1 / (3 * tmp)
            statistic = np.where(usable, statistic, np.nan)
            dof2 = np.where(usable, dof2, np.nan)
        else:
            statistic = (ss_between / dof1) / ms_within
            dof2 = dof_within
    valid = (k >= 2) & (dof2 > 0)
    statistic = np.where(valid, statistic, np.nan)
    p_val = f_sf(statistic, dof1, dof2)
    return {"statistic": statistic, "dof1": np.where(k >= 2, dof1, np.nan),
            "dof2": np.where(valid, dof2, np.nan), "p_val": p_val,
            "eta_sq": np.where(valid, eta_sq, np.nan), "omega_sq": np.where(valid, omega_sq, np.nan),
            "ms_within": ms_within, "dof_within": dof_within}


def pair_index(n: np.ndarray):
    """Rows, first and second group of every pair of groups present in a row (group order)."""
    rows, first, second = [], [], []
    for row, present in enumerate(_present(n)):
        for a, b in combinations(np.flatnonzero(present), 2):
            rows.append(row)
            first.append(a)
            second.append(b)
    return np.array(rows, dtype=np.intp), np.array(first, dtype=np.intp), np.array(second, dtype=np.intp)


def pairwise_means(n, mean, var, welch: bool, confidence: float, fit: dict) -> dict:
    """Tukey HSD (pooled variance) or Games–Howell (Welch) for every pair in every row.

    ``diff`` = mean_a − mean_b; ``statistic`` = diff / se; ``p_val`` is the unadjusted
    two-sided t test of the pair; ``p_adj`` and the interval use the studentized range with the
    row's number of groups k: p_adj = P(Q_k,ν > |t|·√2), CI = diff ± q_k,ν(confidence)/√2 · se.
    """
    rows, a, b = pair_index(n)
    k = _present(n).sum(axis=1)[rows].astype(float)
    n_a, n_b = n[rows, a], n[rows, b]
    v_a, v_b = var[rows, a], var[rows, b]
    diff = mean[rows, a] - mean[rows, b]
    with np.errstate(divide="ignore", invalid="ignore"):
        if welch:
            s_a, s_b = v_a / n_a, v_b / n_b
            se = np.sqrt(s_a + s_b)
            dof = (s_a + s_b) ** 2 / (s_a**2 / (n_a - 1) + s_b**2 / (n_b - 1))
        else:
            se = np.sqrt(fit["ms_within"][rows] * (1 / n_a + 1 / n_b))
            dof = fit["dof_within"][rows].astype(float)
        dof = np.where(dof > 0, dof, np.nan)
        statistic = diff / se
    p_val = 2 * t_sf(np.abs(statistic), dof)
    p_adj = ptukey_sf(np.abs(statistic) * np.sqrt(2), k, dof)
    # Tukey's pairs of a row share (k, dof): find each distinct quantile once
    keys, inverse = np.unique(np.column_stack([k, dof]), axis=0, return_inverse=True)
    q_crit = qtukey(confidence, keys[:, 0], keys[:, 1])[inverse.ravel()]
    half = q_crit / np.sqrt(2) * se
    return {"row": rows, "a": a, "b": b, "n_a": n_a, "n_b": n_b, "mean_a": mean[rows, a],
            "mean_b": mean[rows, b], "diff": diff, "se": se, "statistic": statistic, "dof": dof,
            "p_val": p_val, "p_adj": p_adj, "ci_low": diff - half, "ci_high": diff + half}
