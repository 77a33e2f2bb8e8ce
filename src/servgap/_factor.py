"""Maximum-likelihood confirmatory factor model with simple structure (private).

One routine serves McDonald's omega (one factor) and :func:`servgap.cfa` (one factor per
dimension, factors correlated). It fits what lavaan fits with ``std.lv = TRUE``: every item
loads on one factor, factor variances are 1, factor covariances and residual variances are
free, and the ML discrepancy

    F = log|Σ| + tr(S Σ⁻¹) − log|S| − p,   Σ = Λ Φ Λ' + Θ

is minimised. Residual variances are not bounded, so a Heywood case (θ < 0) shows as such.

The minimiser uses F's analytic gradient and Hessian (:func:`_discrepancy`, :func:`_hessians`):
Fisher scoring far from the minimum, Newton's method near it, a handful of steps per fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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

    F is minimised from two starts by :func:`_minimise`: Fisher scoring (the expected Hessian
    H_ab = tr(Σ⁻¹ ∂_aΣ Σ⁻¹ ∂_bΣ)) while the gradient is large, Newton's method with F's exact
    Hessian near the minimum, both with step halving; BFGS on the same analytic gradient takes
    over if they stall above a gradient of 1e-6.
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
    model = _Model(factor_of_item, m)

    # The likelihood of a misspecified model can have several local optima: start from equal
    # loadings and from each factor's first principal component, keep the best fit.
    phi_start = _start_correlations(corr, model.pattern)
    component = _principal_loadings(corr, factor_of_item, m)
    starts = [np.concatenate([np.full(p, 0.7), np.full(p, 0.51), phi_start]),
              np.concatenate([component, np.maximum(1 - component**2, 0.1), phi_start])]
    x, value, grad = _one_factor_fit(model, corr, logdet_s, component) if m == 1 else (None, None, None)
    if x is None:
        x, value, grad = min((_minimise(model, corr, logdet_s, start) for start in starts),
                             key=lambda fit: fit[1])
    lam, theta, phi = model.unpack(x)
    # Fix the sign of each factor so that its loadings sum to a positive number (as lavaan's
    # positive starting values do).
    flip = np.where(lam.sum(axis=0) < 0, -1.0, 1.0)
    lam, phi = lam * flip, phi * np.outer(flip, flip)
    loadings = lam.sum(axis=1) * sd
    implied = (lam @ phi @ lam.T + np.diag(theta)) * np.outer(sd, sd)
    converged = bool(np.isfinite(value) and np.max(np.abs(grad)) < 1e-6)
    return FactorFit(loadings, theta * sd**2, phi, implied, float(value), converged)


class _Model:
    """The parameters x = (λ_1 … λ_p, θ_1 … θ_p, φ below the diagonal) and Σ(x) = ΛΦΛ' + Θ."""

    def __init__(self, factor_of_item: np.ndarray, m: int):
        self.factor_of_item = factor_of_item
        self.p = p = len(factor_of_item)
        self.m = m
        self.pattern = np.zeros((p, m))
        self.pattern[np.arange(p), factor_of_item] = 1.0
        self.lower = np.tril_indices(m, -1)

    def unpack(self, x: np.ndarray):
        p = self.p
        phi = np.eye(self.m)
        phi[self.lower] = x[2 * p:]
        phi[self.lower[::-1]] = x[2 * p:]
        return self.pattern * x[:p, None], x[p:2 * p], phi

    def sigma(self, x: np.ndarray) -> np.ndarray:
        lam, theta, phi = self.unpack(x)
        return lam @ phi @ lam.T + np.diag(theta)


def _discrepancy(x: np.ndarray, model: _Model, sample: np.ndarray, logdet_s: float):
    """F = log|Σ| + tr(SΣ⁻¹) − log|S| − p and its gradient in x (inf where Σ is not PD).

    dF = tr(Σ⁻¹(Σ − S)Σ⁻¹ dΣ), so with G = Σ⁻¹ − Σ⁻¹SΣ⁻¹ (symmetric):
    ∂F/∂λ_i = 2 (GΛΦ)_{i,f(i)}, ∂F/∂θ_i = G_ii, ∂F/∂φ_fg = 2 (Λ'GΛ)_fg.
    """
    p = model.p
    lam, theta, phi = model.unpack(x)
    sigma = lam @ phi @ lam.T + np.diag(theta)
    try:
        chol = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        return np.inf, np.zeros_like(x), None
    inv = np.linalg.inv(sigma)
    value = 2 * np.log(np.diag(chol)).sum() + np.sum(sample * inv) - logdet_s - p
    g = inv - inv @ sample @ inv
    grad = np.empty_like(x)
    grad[:p] = (2 * g @ lam @ phi)[np.arange(p), model.factor_of_item]
    grad[p:2 * p] = np.diag(g)
    grad[2 * p:] = 2 * (lam.T @ g @ lam)[model.lower]
    return value, grad, inv


def _hessians(x: np.ndarray, model: _Model, sample: np.ndarray, inv: np.ndarray,
              exact: bool = True):
    """The Hessian of F at x and its expectation (the Fisher information: F's Hessian where
    Σ = S), in closed form.

    With D_a = ∂Σ/∂x_a, A = Σ⁻¹, C = ASA, G = A − C and T(X, Y)_ab = tr(D_a X D_b Y):
    expected = T(A, A); exact = T(A, C) + T(C, A) − T(A, A) + tr(G ∂²Σ/∂x_a∂x_b), whose
    only non-zero second derivatives give 2φ_{f(i)f(j)} G_ij for (λ_i, λ_j) and 2(GΛ)_ig,
    2(GΛ)_if for (λ_i, φ_fg) when item i loads on f, on g. ``exact=False``: (None, expected).
    """
    p = model.p
    f_item = model.factor_of_item
    lam, _, phi = model.unpack(x)
    expected = _trace_products(model, lam, phi, inv, inv) / 2
    if not exact:
        return None, expected
    c = inv @ sample @ inv
    exact = _trace_products(model, lam, phi, inv, c) - expected
    g = inv - c
    exact[:p, :p] += 2 * phi[f_item][:, f_item] * g
    if exact.shape[0] > 2 * p:
        f, h = model.lower
        gl = g @ lam
        block = 2 * ((f_item[:, None] == f) * gl[:, h] + (f_item[:, None] == h) * gl[:, f])
        exact[:p, 2 * p:] += block
        exact[2 * p:, :p] += block.T
    return exact, expected


def _trace_products(model: _Model, lam, phi, x_mat: np.ndarray, y_mat: np.ndarray):
    """T(X, Y) + T(Y, X), T(X, Y)_ab = tr(D_a X D_b Y), from
    tr((pq' + qp') X (rs' + sr') Y) = (q'Xr)(s'Yp) + (q'Xs)(r'Yp) + (p'Xr)(s'Yq) + (p'Xs)(r'Yq)
    with D = e_i u_i' + u_i e_i' (λ_i), e_j (e_j/2)' + (e_j/2) e_j' (θ_j), Λ_f Λ_g' + Λ_g Λ_f'
    (φ_fg)."""
    p = model.p
    f_item = model.factor_of_item
    f, g = model.lower
    u = lam @ phi
    u_items = u[:, f_item]  # column i: u_i

    def blocks(xm, ym):
        bx, by = xm @ u_items, ym @ u_items  # bx[j, i] = (X u_i)_j
        uxu, uyu = u_items.T @ bx, u_items.T @ by
        lam_lam = bx.T * by + uxu * ym + xm * uyu + bx * by.T
        lam_theta = bx.T * ym + xm * by.T
        theta_theta = xm * ym
        if not len(f):
            return lam_lam, lam_theta, theta_theta, None, None, None
        xl, yl = xm @ lam, ym @ lam
        mx, my = (u.T @ xl)[f_item], (u.T @ yl)[f_item]  # rows: (U'XΛ)_{f(i), ·}
        kx, ky = lam.T @ xl, lam.T @ yl
        lam_phi = (mx[:, f] * yl[:, g] + mx[:, g] * yl[:, f]
                   + xl[:, f] * my[:, g] + xl[:, g] * my[:, f])
        theta_phi = xl[:, f] * yl[:, g] + xl[:, g] * yl[:, f]
        phi_phi = (kx[np.ix_(g, f)] * ky[np.ix_(g, f)].T + kx[np.ix_(g, g)] * ky[np.ix_(f, f)].T
                   + kx[np.ix_(f, f)] * ky[np.ix_(g, g)].T + kx[np.ix_(f, g)] * ky[np.ix_(f, g)].T)
        return lam_lam, lam_theta, theta_theta, lam_phi, theta_phi, phi_phi

    one = blocks(x_mat, y_mat)
    two = one if y_mat is x_mat else blocks(y_mat, x_mat)
    ll, lt, tt, lp, tp, pp = (None if a is None else a + b for a, b in zip(one, two))
    n = 2 * p + len(f)
    out = np.empty((n, n))
    out[:p, :p], out[:p, p:2 * p], out[p:2 * p, p:2 * p] = ll, lt, tt
    out[p:2 * p, :p] = lt.T
    if len(f):
        out[:p, 2 * p:], out[p:2 * p, 2 * p:], out[2 * p:, 2 * p:] = lp, tp, pp
        out[2 * p:, :p], out[2 * p:, p:2 * p] = lp.T, tp.T
    return out


def _minimise(model: _Model, sample: np.ndarray, logdet_s: float, x: np.ndarray,
              gtol: float = 1e-10, max_iter: int = 500):
    """Fisher scoring, then Newton's method near the minimum, each step halved until F
    decreases; until the gradient is below ``gtol`` or F stops changing in floating point.
    BFGS from there if the gradient is still above 1e-6."""
    value, grad, inv = _discrepancy(x, model, sample, logdet_s)
    for _ in range(max_iter):
        if inv is None or np.max(np.abs(grad)) < gtol:
            break
        near = np.max(np.abs(grad)) < 1e-2
        exact, expected = _hessians(x, model, sample, inv, exact=near)
        step = None
        if near:  # near the minimum: Newton's step, if the Hessian is positive definite
            try:
                chol = np.linalg.cholesky(exact)
                step = -np.linalg.solve(chol.T, np.linalg.solve(chol, grad))
            except np.linalg.LinAlgError:
                step = None
        if step is None:
            try:
                step = np.linalg.solve(expected, -grad)
            except np.linalg.LinAlgError:  # an unidentified parameter (a factor with one item)
                step = np.linalg.lstsq(expected, -grad, rcond=None)[0]
        slack = 1e-14 * max(1.0, abs(value))  # F's rounding: a step to the minimum may not show
        for _ in range(30):  # halve the step until F decreases
            trial = _discrepancy(x + step, model, sample, logdet_s)
            if trial[0] <= value + slack:
                break
            step = step / 2
        else:
            break
        x, (value, grad, inv) = x + step, trial
        if np.max(np.abs(step)) < 1e-12:
            break
    if inv is None or not np.max(np.abs(grad)) < 1e-6:
        from scipy import optimize  # only for the rare fallback

        result = optimize.minimize(lambda y: _discrepancy(y, model, sample, logdet_s)[:2], x,
                                   jac=True, method="BFGS",
                                   options={"gtol": gtol, "maxiter": 2000})
        if result.fun < value or inv is None:
            x, value, grad = result.x, result.fun, result.jac
    return x, value, grad


def _one_factor_fit(model: _Model, corr: np.ndarray, logdet_s: float, component: np.ndarray,
                    em_steps: int = 25):
    """A one-factor fit from one start brought close by EM: (x, F, gradient), or Nones when the
    solution is not a proper, converged one (then both starts of the general path are tried).

    EM for the factor model (Rubin & Thayer 1982) needs no matrix inverse for one factor
    (Σ⁻¹ by the Sherman–Morrison formula), so a few dozen of its steps cost less than one
    Newton step; Newton's method then converges in one or two steps to the ML solution. A
    single factor cannot have the several optima of a misspecified multi-factor model as long
    as the solution found is proper; a Heywood case or a failure falls back to the two starts.
    """
    lam = component.copy()
    psi = np.maximum(1.0 - lam**2, 0.05)
    for _ in range(em_steps):
        w = lam / psi                              # Ψ⁻¹λ
        beta = w / (1.0 + lam @ w)                 # λ'Σ⁻¹ (Sherman–Morrison)
        sb = corr @ beta
        lam = sb / (1.0 - beta @ lam + beta @ sb)  # S β / E[z²|x]
        psi = np.maximum(np.diag(corr) - lam * sb, 1e-4)
    start = np.concatenate([lam if lam.sum() >= 0 else -lam, psi])
    x, value, grad = _minimise(model, corr, logdet_s, start)
    theta = model.unpack(x)[1]
    if not (np.isfinite(value) and np.max(np.abs(grad)) < 1e-6 and np.all(theta >= 0)):
        return None, None, None
    return x, value, grad


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


def one_factor_omegas(covs) -> list:
    """McDonald's omega total of several scales at once: for each covariance matrix, the
    ML one-factor fit of :func:`fit_factor_model` ((Σλ)² / ((Σλ)² + Σθ) on the covariance
    scale), or ``"improper"`` (a Heywood case) or ``"singular"`` (a covariance matrix that is
    not positive definite) where :func:`fit_factor_model` would give no omega.

    Scales with the same number of items are fitted together: the same EM start and the same
    Newton iterations as :func:`_one_factor_fit`, on stacked matrices, so that a survey's
    18 scales cost a few numpy calls per iteration instead of a few per scale. A scale the
    batch does not bring to a proper solution with a gradient below 1e-10 is fitted alone by
    :func:`fit_factor_model` (its two starts and its BFGS fallback).
    """
    out: list = [None] * len(covs)
    sizes: dict[int, list[int]] = {}
    for i, cov in enumerate(covs):
        sizes.setdefault(np.asarray(cov).shape[0], []).append(i)
    for p, members in sizes.items():
        stack = np.stack([np.asarray(covs[i], dtype=float) for i in members])
        fitted = _batch_one_factor(stack)
        for i, omega in zip(members, fitted):
            if omega is None:
                try:
                    fit = fit_factor_model(covs[i], np.zeros(p, dtype=int))
                except np.linalg.LinAlgError:
                    out[i] = "singular"
                    continue
                if not fit.proper:
                    out[i] = "improper"
                    continue
                common = fit.loadings.sum() ** 2
                omega = float(common / (common + fit.residual_variances.sum()))
            out[i] = omega
    return out


def _batch_discrepancy(x, corr, logdet_s):
    """F, gradient and Σ⁻¹ of stacked one-factor models x = (λ, θ); F = inf where Σ is not PD."""
    b, p = corr.shape[:2]
    lam, theta = x[:, :p], x[:, p:]
    sigma = lam[:, :, None] * lam[:, None, :] + theta[:, :, None] * np.eye(p)
    value = np.full(b, np.inf)
    inv = np.full_like(sigma, np.nan)
    ok = np.ones(b, dtype=bool)
    try:
        chol = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        chol = np.full_like(sigma, np.nan)
        for i in range(b):
            try:
                chol[i] = np.linalg.cholesky(sigma[i])
            except np.linalg.LinAlgError:
                ok[i] = False
    if ok.any():
        inv[ok] = np.linalg.inv(sigma[ok])
        logdet = 2 * np.log(np.diagonal(chol[ok], axis1=1, axis2=2)).sum(axis=1)
        value[ok] = logdet + np.einsum("bij,bij->b", corr[ok], inv[ok]) - logdet_s[ok] - p
    g = inv - inv @ corr @ inv
    grad = np.concatenate([2 * np.einsum("bij,bj->bi", g, lam), np.diagonal(g, axis1=1, axis2=2)], axis=1)
    return value, np.where(ok[:, None], grad, 0.0), inv, ok


def _batch_trace_products(lam, x_mat, y_mat):
    """T(X, Y) + T(Y, X) of :func:`_trace_products` for stacked one-factor models."""
    def blocks(xm, ym):
        xl, yl = np.einsum("bij,bj->bi", xm, lam), np.einsum("bij,bj->bi", ym, lam)
        lxl, lyl = np.einsum("bi,bi->b", lam, xl), np.einsum("bi,bi->b", lam, yl)
        lam_lam = (yl[:, :, None] * xl[:, None, :] + lxl[:, None, None] * ym + xm * lyl[:, None, None]
                   + xl[:, :, None] * yl[:, None, :])
        lam_theta = xl[:, None, :] * ym + xm * yl[:, None, :]
        return lam_lam, lam_theta, xm * ym

    one = blocks(x_mat, y_mat)
    two = one if y_mat is x_mat else blocks(y_mat, x_mat)
    ll, lt, tt = (a + b for a, b in zip(one, two))
    return np.concatenate([np.concatenate([ll, lt], axis=2),
                           np.concatenate([np.swapaxes(lt, 1, 2), tt], axis=2)], axis=1)


def _batch_one_factor(cov: np.ndarray, em_steps: int = 25, gtol: float = 1e-10, max_iter: int = 100) -> list:
    """Omega of each stacked covariance matrix, or None where the batch fit is not conclusive."""
    b, p = cov.shape[:2]
    if p < 2:
        return [None] * b
    sd = np.sqrt(np.diagonal(cov, axis1=1, axis2=2))
    corr = cov / (sd[:, :, None] * sd[:, None, :])
    sign, logdet_s = np.linalg.slogdet(corr)
    if not np.all(sign > 0):
        return [None] * b
    values, vectors = np.linalg.eigh(corr)
    lam = vectors[:, :, -1] * np.sqrt(values[:, -1])[:, None] * 0.9
    lam = np.where(lam.sum(axis=1, keepdims=True) >= 0, lam, -lam)
    psi = np.maximum(1.0 - lam**2, 0.05)
    diag = np.diagonal(corr, axis1=1, axis2=2)
    for _ in range(em_steps):  # as in _one_factor_fit
        w = lam / psi
        beta = w / (1.0 + np.einsum("bi,bi->b", lam, w))[:, None]
        sb = np.einsum("bij,bj->bi", corr, beta)
        lam = sb / (1.0 - np.einsum("bi,bi->b", beta, lam) + np.einsum("bi,bi->b", beta, sb))[:, None]
        psi = np.maximum(diag - lam * sb, 1e-4)
    x = np.concatenate([np.where(lam.sum(axis=1, keepdims=True) >= 0, lam, -lam), psi], axis=1)
    value, grad, inv, ok = _batch_discrepancy(x, corr, logdet_s)
    active = ok.copy()
    for _ in range(max_iter):
        active &= np.max(np.abs(grad), axis=1) >= gtol
        if not active.any():
            break
        a = np.flatnonzero(active)
        xa, inva, ca = x[a], inv[a], corr[a]
        lam_a = xa[:, :p]
        expected = _batch_trace_products(lam_a, inva, inva) / 2
        c = inva @ ca @ inva
        exact = _batch_trace_products(lam_a, inva, c) - expected
        exact[:, :p, :p] += 2 * (inva - c)
        near = np.max(np.abs(grad[a]), axis=1) < 1e-2
        hess = np.where(near[:, None, None], exact, expected)
        try:
            np.linalg.cholesky(hess)  # Newton's step only with a positive definite Hessian
        except np.linalg.LinAlgError:
            hess = expected
        try:
            step = -np.linalg.solve(hess, grad[a][:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            active[a] = False
            break
        slack = 1e-14 * np.maximum(1.0, np.abs(value[a]))
        pending = np.ones(len(a), dtype=bool)
        new_value, new_grad, new_inv = value[a].copy(), grad[a].copy(), inv[a].copy()
        for _ in range(30):  # halve each step until F decreases
            idx = np.flatnonzero(pending)
            tv, tg, ti, _ = _batch_discrepancy(xa[idx] + step[idx], ca[idx], logdet_s[a][idx])
            better = tv <= value[a][idx] + slack[idx]
            done = idx[better]
            new_value[done], new_grad[done], new_inv[done] = tv[better], tg[better], ti[better]
            pending[done] = False
            if not pending.any():
                break
            step[pending] /= 2
        stuck = a[pending]
        moved = ~pending
        x[a[moved]] = xa[moved] + step[moved]
        value[a], grad[a], inv[a] = new_value, new_grad, new_inv
        active[stuck] = False
        small = np.max(np.abs(step), axis=1) < 1e-12
        active[a[small & moved]] = False
    lam, theta = x[:, :p], x[:, p:]
    converged = ok & np.isfinite(value) & (np.max(np.abs(grad), axis=1) < 1e-6) & np.all(theta >= 0, axis=1)
    out = []
    for i in range(b):
        if not converged[i]:
            out.append(None)
            continue
        loadings = lam[i] * sd[i]  # the sign does not change (Σλ)²
        common = loadings.sum() ** 2
        out.append(float(common / (common + (theta[i] * sd[i] ** 2).sum())))
    return out
