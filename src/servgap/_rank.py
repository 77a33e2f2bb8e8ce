"""Rank statistics for servgap's tests, in memory linear in the data.

One sort per item ranks every group at once (``grouped_midranks``), so the signed-rank,
rank-sum and Kruskal–Wallis statistics need O(n) memory — never the n × n arrays of an
all-pairs effect size. The exact null distributions are R's ``dsignrank`` and ``dwilcox``
computed by counting (used for small samples without ties, as R does).
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from ._dist import norm_cdf, norm_sf
from .errors import ServgapWarning

__all__ = [
    "RANK_DECIMALS",
    "grouped_midranks",
    "signed_rank",
    "signed_rank_counts",
    "kruskal_counts",
    "rank_sum",
    "kruskal_dunn",
]

# Gap scores are rationals with small denominators; rounding before ranking keeps floating-point
# noise from averaging (1e-16) from splitting a tie or hiding a zero. R: wilcox.test(round(d, 10)).
RANK_DECIMALS = 10

ZERO_METHODS = ("wilcox", "pratt", "zsplit")


def grouped_midranks(values: np.ndarray, groups: np.ndarray, n_groups: int):
    """Average ranks of ``values`` within each group, and each group's tie term Σ(t³ − t).

    ``values`` must be free of NaN; ``groups`` holds integer codes 0 … n_groups − 1.
    Returns ``ranks`` (1-based, in the input order) and ``ties`` (length ``n_groups``).
    """
    n = values.size
    ranks = np.empty(n)
    if n == 0:
        return ranks, np.zeros(n_groups)
    order = np.argsort(values) if n_groups == 1 else np.lexsort((values, groups))
    v, g = values[order], groups[order]
    new_run = np.empty(n, dtype=bool)
    new_run[0] = True
    np.not_equal(v[1:], v[:-1], out=new_run[1:])
    new_run[1:] |= g[1:] != g[:-1]
    run_start = np.flatnonzero(new_run)
    run_len = np.diff(np.append(run_start, n))
    group_start = np.searchsorted(g, g[run_start], side="left")
    # run covering 0-based positions s … s+t−1 in its group gets rank (first + last)/2 + 1
    run_rank = (run_start - group_start) + (run_len + 1) / 2.0
    ranks[order] = np.repeat(run_rank, run_len)
    t = run_len.astype(float)
    ties = np.bincount(g[run_start], weights=t**3 - t, minlength=n_groups)
    return ranks, ties


def _p_from_z(z: np.ndarray, alternative: str) -> np.ndarray:
    if alternative == "less":
        return norm_cdf(z)
    if alternative == "greater":
        return norm_sf(z)
    return np.minimum(1.0, 2.0 * norm_sf(np.abs(z)))


def _continuity(z: np.ndarray, alternative: str) -> np.ndarray:
    if alternative == "greater":
        return np.full_like(z, 0.5)
    if alternative == "less":
        return np.full_like(z, -0.5)
    return np.sign(z) * 0.5


@lru_cache(maxsize=64)
def _signrank_counts(n: int) -> np.ndarray:
    """Number of sign patterns of ranks 1…n with each sum V = 0 … n(n+1)/2 (R's csignrank)."""
    counts = np.zeros(n * (n + 1) // 2 + 1)
    counts[0] = 1.0
    for k in range(1, n + 1):
        counts[k:] = counts[k:] + counts[:-k].copy()
    return counts


@lru_cache(maxsize=64)
def _ranksum_counts(m: int, n: int) -> np.ndarray:
    """Number of arrangements with each Mann–Whitney U = 0 … m·n (R's cwilcox)."""
    # ways[j][u]: subsets of size j of the items seen so far with U-contribution u
    ways = np.zeros((m + 1, m * n + 1))
    ways[0, 0] = 1.0
    for item in range(m + n):
        # adding element `item` (0-based) as the j-th chosen adds item − (j − 1) to U
        for j in range(min(m, item + 1), 0, -1):
            shift = item - (j - 1)
            if 0 <= shift <= m * n:
                ways[j, shift:] += ways[j - 1, : m * n + 1 - shift]
    return ways[m]


def _exact_p(counts: np.ndarray, stat: float, alternative: str) -> float:
    """R's exact p from a null distribution given as counts over 0 … max (symmetric)."""
    cdf = np.cumsum(counts) / counts.sum()
    stat = int(round(stat))

    def lower(s):  # P(S <= s)
        return 0.0 if s < 0 else float(cdf[min(s, cdf.size - 1)])

    if alternative == "less":
        return lower(stat)
    if alternative == "greater":
        return 1.0 - lower(stat - 1)
    centre = (counts.size - 1) / 2.0
    p = 1.0 - lower(stat - 1) if stat > centre else lower(stat)
    return min(1.0, 2.0 * p)


def signed_rank(d, groups=None, n_groups=1, *, zero_method="wilcox", correction=True,
                alternative="two-sided", exact=None):
    """Wilcoxon signed-rank test of the differences ``d`` (NaN-free), per group.

    Returns a dict of arrays (one entry per group): ``n`` (differences ranked), ``n_zero``,
    ``t_plus``, ``t_minus`` (rank sums; ``t_plus`` is R's V), ``z`` and ``p_val``.
    """
    d = np.round(np.asarray(d, dtype=float), RANK_DECIMALS)
    groups = np.zeros(d.size, dtype=np.intp) if groups is None else np.asarray(groups)
    zero = d == 0
    n_zero = np.bincount(groups[zero], minlength=n_groups).astype(float)
    if zero_method == "wilcox":
        keep = ~zero
        d, groups = d[keep], groups[keep]
        zero = np.zeros(d.size, dtype=bool)
    ranks, ties = grouped_midranks(np.abs(d), groups, n_groups)
    n = np.bincount(groups, minlength=n_groups).astype(float)
    t_plus = np.bincount(groups, weights=np.where(d > 0, ranks, 0.0), minlength=n_groups)
    t_minus = np.bincount(groups, weights=np.where(d < 0, ranks, 0.0), minlength=n_groups)
    zero_ranks = np.bincount(groups, weights=np.where(zero, ranks, 0.0), minlength=n_groups)
    return _signed_rank_test(n, n_zero, t_plus, t_minus, ties, zero_ranks, zero_method=zero_method,
                             correction=correction, alternative=alternative, exact=exact)


def signed_rank_counts(values, counts, *, zero_method="wilcox", correction=True,
                       alternative="two-sided", exact=None):
    """:func:`signed_rank` from value counts: ``counts[..., v]`` differences equal ``values[v]``.

    The midrank of a magnitude a is (number of smaller magnitudes) + (c_a + 1)/2 with c_a the
    differences of that magnitude; V = Σ_{d>0} c_d · midrank(|d|); the tie term Σ(t³ − t) runs
    over the magnitudes. Exactly the statistics of the sort-based path, for any number of
    differences, in memory independent of it. Returns arrays shaped like ``counts[..., 0]``.
    """
    values = np.round(np.asarray(values, dtype=float), RANK_DECIMALS)
    counts = np.asarray(counts, dtype=float)
    magnitude, which = np.unique(np.abs(values), return_inverse=True)
    which = which.reshape(-1)
    # counts of each magnitude (±v add up), one scatter-add over the values axis
    by_magnitude = np.zeros((magnitude.size, int(np.prod(counts.shape[:-1]))))
    np.add.at(by_magnitude, which, counts.reshape(-1, values.size).T)
    by_magnitude = by_magnitude.T.reshape(counts.shape[:-1] + (magnitude.size,))
    is_zero = magnitude == 0
    n_zero = by_magnitude[..., is_zero].sum(axis=-1)
    ranked = by_magnitude.copy()
    if zero_method == "wilcox":
        ranked[..., is_zero] = 0.0
    below = np.cumsum(ranked, axis=-1) - ranked
    midrank = (below + (ranked + 1) / 2)[..., which]  # per value
    positive, negative = values > 0, values < 0
    t_plus = (counts[..., positive] * midrank[..., positive]).sum(axis=-1)
    t_minus = (counts[..., negative] * midrank[..., negative]).sum(axis=-1)
    zero_ranks = (counts[..., values == 0] * midrank[..., values == 0]).sum(axis=-1)
    if zero_method == "wilcox":
        zero_ranks = np.zeros_like(t_plus)
    ties = (ranked ** 3 - ranked).sum(axis=-1)
    shape = t_plus.shape
    out = _signed_rank_test(ranked.sum(axis=-1).ravel(), n_zero.ravel(), t_plus.ravel(),
                            t_minus.ravel(), ties.ravel(), zero_ranks.ravel(), zero_method=zero_method,
                            correction=correction, alternative=alternative, exact=exact)
    return {k: v.reshape(shape) for k, v in out.items()}


def _signed_rank_test(n, n_zero, t_plus, t_minus, ties, zero_ranks, *, zero_method, correction,
                      alternative, exact):
    """z and p of the signed-rank statistic from its sufficient statistics (arrays per test)."""
    mean = n * (n + 1) / 4
    var = n * (n + 1) * (2 * n + 1) / 24 - ties / 48
    if zero_method == "zsplit":
        half_zero = zero_ranks / 2
        t_plus, t_minus = t_plus + half_zero, t_minus + half_zero
    elif zero_method == "pratt":
        # Cureton (1967): zeros are ranked, then left out of the sum and of the null moments
        zero_ties = n_zero**3 - n_zero
        mean = mean - n_zero * (n_zero + 1) / 4
        var = var - n_zero * (n_zero + 1) * (2 * n_zero + 1) / 24 + zero_ties / 48
    with np.errstate(divide="ignore", invalid="ignore"):
        z = t_plus - mean
        if correction:
            z = z - _continuity(z, alternative)
        z = z / np.sqrt(var)
    p_val = _p_from_z(z, alternative)
    p_val = np.where(var > 0, p_val, np.nan)
    if exact is not False:
        use_exact = (n > 0) & (ties == 0) & (n_zero == 0)
        if exact is None:
            use_exact &= n < 50
        elif np.any((n > 0) & ~use_exact):
            warnings.warn(ServgapWarning.keyed("inference.warn.wilcoxon_exact"), stacklevel=4)
        for gi in np.flatnonzero(use_exact):
            p_val[gi] = _exact_p(_signrank_counts(int(n[gi])), t_plus[gi], alternative)
    return {"n": n, "n_zero": n_zero.astype(int), "t_plus": t_plus, "t_minus": t_minus, "z": z,
            "p_val": p_val}


def rank_sum(x, y, *, correction=True, alternative="two-sided", exact=None):
    """Mann–Whitney test of ``x`` against ``y`` (NaN-free), as R's ``wilcox.test(x, y)``.

    Returns a dict: ``w`` (R's W = U of ``x``), ``z`` and ``p_val``.
    """
    x = np.round(np.asarray(x, dtype=float), RANK_DECIMALS)
    y = np.round(np.asarray(y, dtype=float), RANK_DECIMALS)
    nx, ny = float(x.size), float(y.size)
    if nx == 0 or ny == 0:
        return {"w": np.nan, "z": np.nan, "p_val": np.nan}
    ranks, ties = grouped_midranks(np.concatenate([x, y]), np.zeros(x.size + y.size, np.intp), 1)
    w = float(ranks[: x.size].sum() - nx * (nx + 1) / 2)
    return rank_sum_test(w, nx, ny, float(ties[0]), correction=correction, alternative=alternative, exact=exact)


def rank_sum_test(w: float, nx: float, ny: float, ties: float, *, correction=True, alternative="two-sided",
                  exact=None) -> dict:
    """The p-value of the Mann–Whitney W of ``nx`` against ``ny`` values with ties Σ(t³ − t):
    exact without ties for fewer than 50 in each sample (or ``exact=True``), else the normal
    approximation with R's tie and continuity corrections (``wilcox.test``)."""
    if (exact is None and nx < 50 and ny < 50 or exact) and ties == 0:
        return {"w": w, "z": np.nan, "p_val": _exact_p(_ranksum_counts(int(nx), int(ny)), w, alternative)}
    n = nx + ny
    sigma = np.sqrt(nx * ny / 12 * ((n + 1) - ties / (n * (n - 1))))
    z = np.array([w - nx * ny / 2])
    if correction:
        z = z - _continuity(z, alternative)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = z / sigma
    p_val = _p_from_z(z, alternative)[0] if sigma > 0 else np.nan
    return {"w": w, "z": float(z[0]), "p_val": float(p_val)}


def kruskal_dunn(values, groups, n_groups):
    """Kruskal–Wallis H (tie-corrected, R's ``kruskal.test``) and Dunn's pairwise z.

    ``values`` NaN-free, ``groups`` codes 0 … n_groups − 1 (every group non-empty).
    Returns H, the mean ranks per group and the Dunn tie-corrected variance term
    N(N+1)/12 − Σ(t³ − t)/(12(N − 1)) used as ``se² = term · (1/n_a + 1/n_b)``.
    """
    values = np.round(np.asarray(values, dtype=float), RANK_DECIMALS)
    ranks, ties = grouped_midranks(values, np.zeros(values.size, np.intp), 1)
    n_total = float(values.size)
    n = np.bincount(groups, minlength=n_groups).astype(float)
    mean_rank = np.bincount(groups, weights=ranks, minlength=n_groups) / n
    h = 12 / (n_total * (n_total + 1)) * np.sum(n * mean_rank**2) - 3 * (n_total + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = h / (1 - ties[0] / (n_total**3 - n_total))
        dunn_term = n_total * (n_total + 1) / 12 - ties[0] / (12 * (n_total - 1))
    return float(h), mean_rank, float(dunn_term)


def kruskal_counts(counts):
    """Kruskal–Wallis H, mean ranks and Dunn's variance term from a groups × values table.

    ``counts[..., g, v]``: respondents of group g with the v-th value (values sorted). Every
    group with a count is ranked against all; a group without one gets a NaN mean rank. The
    same numbers as :func:`kruskal_dunn` on the values themselves.
    """
    counts = np.asarray(counts, dtype=float)
    total = counts.sum(axis=-2)                              # per value
    below = np.cumsum(total, axis=-1) - total
    midrank = below + (total + 1) / 2
    n = counts.sum(axis=-1)                                  # per group
    n_total = total.sum(axis=-1)
    ties = (total ** 3 - total).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_rank = (counts * midrank[..., None, :]).sum(axis=-1) / n
        h = (12 / (n_total * (n_total + 1)) * np.nansum(n * mean_rank ** 2, axis=-1)
             - 3 * (n_total + 1))
        h = h / (1 - ties / (n_total ** 3 - n_total))
        dunn_term = n_total * (n_total + 1) / 12 - ties / (12 * (n_total - 1))
    return h, mean_rank, dunn_term
