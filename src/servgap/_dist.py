"""The few distribution functions the analyses need, from scipy.special (no scipy.stats import).

Each is the function scipy.stats itself evaluates for that distribution, so results are the
same to the last bit; importing scipy.stats alone takes longer than a survey of 400 respondents
takes to analyse.
"""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["t_ppf", "t_cdf", "t_sf", "f_sf", "f_ppf", "chi2_sf", "norm_cdf", "norm_sf"]


def _domain(df, value):
    """NaN where a degrees-of-freedom argument is not positive (as scipy.stats gives)."""
    df = np.asarray(df, dtype=float)
    return np.where(df > 0, value, np.nan)


def t_ppf(q, df):
    """Quantile of Student's t (R ``qt``).

    Examples
    --------
    >>> round(float(t_ppf(0.975, 10)), 6)
    2.228139
    """
    with np.errstate(invalid="ignore"):
        return _domain(df, special.stdtrit(np.where(np.asarray(df, float) > 0, df, 1.0), q))


def t_cdf(t, df):
    """Distribution function of Student's t (R ``pt``).

    Examples
    --------
    >>> round(float(t_cdf(2.228139, 10)), 6)
    0.975
    """
    with np.errstate(invalid="ignore"):
        return _domain(df, special.stdtr(np.where(np.asarray(df, float) > 0, df, 1.0), t))


def t_sf(t, df):
    """Upper tail of Student's t (R ``pt(lower.tail = FALSE)``).

    Examples
    --------
    >>> round(float(t_sf(2.228139, 10)), 6)
    0.025
    """
    return t_cdf(-np.asarray(t, dtype=float), df)


def f_sf(x, dfn, dfd):
    """Upper tail of the F distribution (R ``pf(lower.tail = FALSE)``).

    Examples
    --------
    >>> round(float(f_sf(3.0, 2, 20)), 6)
    0.072538
    """
    dfn, dfd = np.asarray(dfn, float), np.asarray(dfd, float)
    ok = (dfn > 0) & (dfd > 0)
    with np.errstate(invalid="ignore"):
        value = special.fdtrc(np.where(ok, dfn, 1.0), np.where(ok, dfd, 1.0), np.maximum(x, 0.0))
    return np.where(ok & ~np.isnan(x), value, np.nan)


def f_ppf(q, dfn, dfd):
    """Quantile of the F distribution (R ``qf``).

    Examples
    --------
    >>> round(float(f_ppf(0.95, 2, 20)), 6)
    3.492828
    """
    dfn, dfd = np.asarray(dfn, float), np.asarray(dfd, float)
    ok = (dfn > 0) & (dfd > 0)
    with np.errstate(invalid="ignore"):
        value = special.fdtri(np.where(ok, dfn, 1.0), np.where(ok, dfd, 1.0), q)
    return np.where(ok, value, np.nan)


def chi2_sf(x, df):
    """Upper tail of the chi-squared distribution (R ``pchisq(lower.tail = FALSE)``).

    Examples
    --------
    >>> round(float(chi2_sf(3.841459, 1)), 6)
    0.05
    """
    with np.errstate(invalid="ignore"):
        return _domain(df, special.chdtrc(np.where(np.asarray(df, float) > 0, df, 1.0), np.maximum(x, 0.0)))


def norm_cdf(z):
    """Standard normal distribution function (R ``pnorm``).

    Examples
    --------
    >>> round(float(norm_cdf(1.959964)), 6)
    0.975
    """
    return special.ndtr(z)


def norm_sf(z):
    """Standard normal upper tail (R ``pnorm(lower.tail = FALSE)``).

    Examples
    --------
    >>> round(float(norm_sf(1.959964)), 6)
    0.025
    """
    return special.ndtr(-np.asarray(z, dtype=float))
