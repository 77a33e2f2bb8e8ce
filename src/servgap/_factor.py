"""Maximum-likelihood confirmatory factor model with simple structure (private).

One routine serves McDonald's omega (one factor) and :func:`servgap.cfa` (one factor per
dimension, factors correlated). It fits what lavaan fits with ``std.lv = TRUE``: every item
loads on one factor, factor variances are 1, factor covariances and residual variances are
free, and the ML discrepancy

    F = log|Σ| + tr(S Σ⁻¹) − log|S| − p,   Σ = Λ Φ Λ' + Θ

is minimised. Residual variances are not bounded, so a Heywood case (θ < 0) shows as such.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

__all__ = ["FactorFit", "fit_factor_model"]


@dataclass(frozen=True)
class FactorFit:
    """Estimates on the scale of the covariance matrix that was fitted."""

    loadings: np.ndarray  # (p,) unstandardised loading of each item on its factor
    residual_variances: np.ndarray  # (p,) θ
    factor_correlations: np.ndarray  # (m, m) Φ, unit diagonal
    implied: np.ndarray  # (p, p) Σ̂
    discrepancy: float  # F at the minimum (chi-square = N · F)
    converged: bool

    @property
    def standardized_loadings(self) -> np.ndarray:
        """λ / √σ̂_ii: lavaan ``standardizedSolution()`` ``est.std`` (std.all)."""
        return self.loadings / np.sqrt(np.diag(self.implied))

    @property
    def proper(self) -> bool:
        """Converged, with no negative residual variance (no Heywood case)."""
        return self.converged and bool(np.all(self.residual_variances >= 0))


def fit_factor_model(cov: np.ndarray, factor_of_item, n_factors: int | None = None) -> FactorFit:
    """Fit the simple-structure ML factor model to a covariance matrix.

    ``factor_of_item[j]`` is the factor (0 … m−1) item ``j`` loads on. The fit is done on the
    correlation scale (ML is scale invariant) and returned on the scale of ``cov``.
    """
    cov = np.asarray(cov, dtype=float)
    factor_of_item = np.asarray(factor_of_item, dtype=int)
    p = cov.shape[0]
    m = int(n_factors if n_factors is not None else factor_of_item.max() + 1)
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    sign, logdet_s = np.linalg.slogdet(corr)
    if sign <= 0:
        raise np.linalg.LinAlgError("the item covariance matrix is not positive definite")
    pattern = np.zeros((p, m))
    pattern[np.arange(p), factor_of_item] = 1.0
    lower = np.tril_indices(m, -1)

    def unpack(x):
        loadings_matrix = pattern * x[:p, None]
        phi = np.eye(m)
        phi[lower] = x[2 * p:]
        phi[lower[::-1]] = x[2 * p:]
        return loadings_matrix, x[p:2 * p], phi

    def objective(x):
        lam, theta, phi = unpack(x)
        sigma = lam @ phi @ lam.T + np.diag(theta)
        try:
            chol = np.linalg.cholesky(sigma)
        except np.linalg.LinAlgError:
            return np.inf, np.zeros_like(x)
        inv = np.linalg.inv(sigma)
        value = 2 * np.log(np.diag(chol)).sum() + np.trace(corr @ inv) - logdet_s - p
        grad_sigma = inv - inv @ corr @ inv
        grad = np.empty_like(x)
        grad[:p] = (2 * grad_sigma @ lam @ phi)[np.arange(p), factor_of_item]
        grad[p:2 * p] = np.diag(grad_sigma)
        grad[2 * p:] = 2 * (lam.T @ grad_sigma @ lam)[lower]
        return value, grad

    # The likelihood of a misspecified model can have several local optima: start from equal
    # loadings and from each factor's first principal component, keep the best fit.
    phi_start = _start_correlations(corr, pattern)
    component = _principal_loadings(corr, factor_of_item, m)
    starts = [np.concatenate([np.full(p, 0.7), np.full(p, 0.51), phi_start]),
              np.concatenate([component, np.maximum(1 - component**2, 0.1), phi_start])]
    result = min((optimize.minimize(objective, start, jac=True, method="BFGS",
                                    options={"gtol": 1e-10, "maxiter": 2000})
                  for start in starts), key=lambda r: r.fun)
    lam, theta, phi = unpack(result.x)
    # Fix the sign of each factor so that its loadings sum to a positive number (as lavaan's
    # positive starting values do).
    flip = np.where(lam.sum(axis=0) < 0, -1.0, 1.0)
    lam, phi = lam * flip, phi * np.outer(flip, flip)
    loadings = lam.sum(axis=1) * sd
    implied = (lam @ phi @ lam.T + np.diag(theta)) * np.outer(sd, sd)
    converged = bool(result.success or np.max(np.abs(result.jac)) < 1e-6)
    return FactorFit(loadings, theta * sd**2, phi, implied, float(result.fun), converged)


def _start_correlations(corr: np.ndarray, pattern: np.ndarray) -> np.ndarray:
    """Correlations of the unit-weighted factor sums: starting values for Φ."""
    between = pattern.T @ corr @ pattern
    d = np.sqrt(np.diag(between))
    start = between / np.outer(d, d)
    return start[np.tril_indices(len(d), -1)] * 0.9


def _principal_loadings(corr: np.ndarray, factor_of_item: np.ndarray, m: int) -> np.ndarray:
    """Loadings of each factor's items on the first principal component of their block."""
    loadings = np.empty(len(factor_of_item))
    for f in range(m):
        members = np.flatnonzero(factor_of_item == f)
        values, vectors = np.linalg.eigh(corr[np.ix_(members, members)])
        first = vectors[:, -1] * np.sqrt(values[-1]) * 0.9
        loadings[members] = first if first.sum() >= 0 else -first
    return loadings
