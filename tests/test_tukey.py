"""The studentized range distribution (servgap._tukey) against R, closed forms and scipy.

R values: tests/reference/generate_tukey.R (R 4.2.2). R's ``ptukey`` is not accurate to 1e-9
everywhere, so each comparison with R states R's own error, found by checking R against the
closed form for k = 2 (Q = √2·|T_df|) and against scipy's adaptive quadrature
(``scipy.stats.studentized_range``):

- df ≥ 10 and k ≤ 5: R is within ~3e-10, and so are we;
- k = 10 and 20: R's inner rule (12 Gauss–Legendre nodes on 2–3 intervals, ``wprob``) is off by
  up to 2e-9 (k = 10) and 5e-8 (k = 20), at df = ∞ too, where adaptive quadrature of the range
  distribution agrees with us to 1e-15;
- df < 10: R's outer rule loses digits (1e-4 at df = 2, k = 2; 3e-6 at df = 3, k = 3) and its
  quantiles at p = 0.99 and df = 2 are off by up to 7 — closed forms and scipy are the reference.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from servgap._tukey import ptukey_sf, qtukey

REF = Path(__file__).parent / "reference" / "tukey"
PTUKEY = pd.read_csv(REF / "ptukey.csv")
QTUKEY = pd.read_csv(REF / "qtukey.csv")


def close(actual, expected, atol):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float),
                               rtol=0, atol=atol)


# (k values, df range, tolerance): R's accuracy there, see the module docstring
R_REGIONS = [
    ((2, 3, 5), (10, np.inf), 1e-9),
    ((10,), (10, np.inf), 5e-9),
    ((20,), (10, np.inf), 1e-7),
    ((3, 5, 10, 20), (2, 10), 5e-6),
]


@pytest.mark.parametrize("ks,dfs,atol", R_REGIONS)
def test_ptukey_matches_r(ks, dfs, atol):
    in_df = (PTUKEY.df >= dfs[0]) & ((PTUKEY.df < dfs[1]) | (dfs[1] == np.inf))
    rows = PTUKEY[PTUKEY.k.isin(ks) & in_df]
    assert len(rows) >= 70
    upper = ptukey_sf(rows.q, rows.k, rows.df)
    close(upper, rows.upper, atol)
    close(1 - upper, rows.lower, atol)


def test_ptukey_matches_r_for_two_groups_where_r_is_accurate():
    rows = PTUKEY[(PTUKEY.k == 2) & (PTUKEY.df != 2)]
    close(ptukey_sf(rows.q, rows.k, rows.df), rows.upper, 5e-9)


@pytest.mark.parametrize("df", [0.5, 1.3, 2, 3, 5, 7.3, 10, 48.6, 1234.5, 1e6, 1e12])
def test_ptukey_of_two_groups_is_student_t(df):
    # Q = |X1 − X2| / s = √2 |T_df|: P(Q > q) = 2 P(T_df > q/√2)
    q = np.array([0.01, 0.5, 1, 2, 3.5, 5, 8, 15, 40])
    close(ptukey_sf(q, 2, df), 2 * stats.t.sf(q / np.sqrt(2), df), 1e-13)


def test_ptukey_of_two_groups_at_infinite_df_is_erfc():
    q = np.linspace(0, 13, 53)
    close(ptukey_sf(q, 2, np.inf), special.erfc(q / 2), 1e-15)


@pytest.mark.parametrize("q,k,df", [(3.0, 3, 3.0), (5.5, 5, 2.0), (4.0, 10, 5.0), (7.0, 20, 3.0),
                                    (4.5, 20, 7.3), (6.0, 3, 1.3)])
def test_ptukey_matches_scipy_where_r_is_loose(q, k, df):
    close(ptukey_sf(q, k, df), stats.studentized_range.sf(q, k, df), 1e-11)


def test_qtukey_matches_r():
    rows = QTUKEY[QTUKEY.df >= 10]
    ours = qtukey(rows.p, rows.k, rows.df)
    # R's own answer stops its secant search at a step below 1e-4 (?qtukey) …
    close(ours, rows["quantile"], 1e-5)
    # … solved to 1e-13 against R's ptukey, it is as accurate as that ptukey (see above): its
    # p error of 2e-8 at k = 20, df = 10 moves the quantile by 1e-6
    tol = np.where(rows.k <= 5, 1e-8, np.where(rows.df < 30, 2e-6, 5e-8))
    assert np.all(np.abs(ours - rows.quantile_precise) <= tol)


@pytest.mark.parametrize("df", [0.5, 2, 3, 7.3, 48.6, 1234.5, np.inf])
def test_qtukey_of_two_groups_is_student_t(df):
    p = np.array([0.05, 0.5, 0.9, 0.95, 0.99, 0.999])
    np.testing.assert_allclose(qtukey(p, 2, df), np.sqrt(2) * stats.t.isf((1 - p) / 2, df),
                               rtol=1e-11)


def test_qtukey_inverts_ptukey():
    k, df, p = (a.ravel() for a in np.meshgrid([2, 3, 5, 10, 20, 100], [0.7, 2, 3, 5, 7.3, 30, 1e3,
                                               1e7, np.inf], [0.01, 0.5, 0.9, 0.95, 0.99, 0.999]))
    q = qtukey(p, k, df)
    close(ptukey_sf(q, k, df), 1 - p, 1e-13)


def test_qtukey_matches_scipy_at_small_df():
    close(qtukey(0.99, 10, 2), stats.studentized_range.isf(0.01, 10, 2), 1e-8)


def test_large_df_tends_to_the_range_distribution():
    q = np.array([1.0, 3.0, 4.5, 6.0])
    limit = ptukey_sf(q, 5, np.inf)
    gaps = [np.abs(ptukey_sf(q, 5, df) - limit).max() for df in (1e3, 1e5, 1e7, 1e9)]
    assert gaps[0] > 1e-5  # the O(1/df) term …
    assert np.all(np.diff(np.log10(gaps)) < -1.9)  # … falls by a factor 100 per factor 100 in df
    close(ptukey_sf(q, 5, 1e13), limit, 1e-13)


def test_edges_and_shapes():
    out = ptukey_sf(np.array([[-1.0, 0.0], [np.inf, np.nan]]), 3, 10)
    assert out.shape == (2, 2)
    close(out[0], [1.0, 1.0], 0)
    assert out[1, 0] == 0.0 and np.isnan(out[1, 1])
    # R's domain: at least two groups and df > 0 (R itself refuses df < 2)
    assert np.isnan(ptukey_sf(3.0, [1, 3, 3], [10, 0, -1])).all()
    assert np.isnan(qtukey([0, 1, np.nan, 0.5, 0.5], [3, 3, 3, 1, 3], [10, 10, 10, 10, 0])).all()
    assert qtukey(np.array([0.9, 0.95]), 4, 20).shape == (2,)
    # far in the upper tail the error stays below 1e-16 (absolute, as R's 1 − P(Q ≤ q))
    close(ptukey_sf([1e3, 1e8], 2, 5.5), 2 * stats.t.sf(np.array([1e3, 1e8]) / np.sqrt(2), 5.5),
          1e-16)
    close(1 - ptukey_sf(1e-6, 3, 20), 0, 1e-11)
