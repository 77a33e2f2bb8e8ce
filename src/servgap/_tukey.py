"""The studentized range distribution (R's ptukey, qtukey), vectorised over (q, k, df).

P(Q ≤ q; k, ν) = ∫₀^∞ W(q·s; k) g_ν(s) ds, with W(w; k) = k ∫ φ(z) [Φ(z + w) − Φ(z)]^{k−1} dz
the distribution of the range of k standard normals and g_ν the density of s = √(χ²_ν / ν)
(Hartley 1942; Copenhaver & Holland 1988). Both integrals use fixed Gauss–Legendre rules, the
outer one in log s, so that many (q, k, df) are evaluated in one array operation — scipy's
``studentized_range`` integrates adaptively one value at a time (≈ 0.1 s per quantile).
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

__all__ = ["ptukey_sf", "qtukey"]

_Z_NODES, _Z_WEIGHTS = np.polynomial.legendre.leggauss(128)
_S_NODES, _S_WEIGHTS = np.polynomial.legendre.leggauss(192)
_Z_LIMIT = 8.5  # φ(8.5) < 1e-16
_TAIL = 1e-17
_CHUNK = 64


def _range_cdf(w: np.ndarray, k: np.ndarray):
    """W(w; k) and dW/dw for arrays broadcasting against each other (z on the last axis)."""
    z = _Z_LIMIT * _Z_NODES
    weight = _Z_LIMIT * _Z_WEIGHTS * stats.norm.pdf(z)
    w = w[..., None]
    k = k[..., None]
    inside = np.clip(special.ndtr(z + w) - special.ndtr(z), 0.0, 1.0)
    cdf = np.sum(weight * k * inside ** (k - 1), axis=-1)
    pdf = np.sum(weight * k * (k - 1) * stats.norm.pdf(z + w) * inside ** (k - 2), axis=-1)
    return cdf, pdf


def _cdf_and_pdf(q: np.ndarray, k: np.ndarray, df: np.ndarray):
    cdf = np.empty(q.shape)
    pdf = np.empty(q.shape)
    finite = np.isfinite(df)
    if (~finite).any():
        cdf[~finite], pdf[~finite] = _range_cdf(q[~finite], k[~finite])
    idx = np.flatnonzero(finite)
    for start in range(0, idx.size, _CHUNK):
        sel = idx[start:start + _CHUNK]
        nu = df[sel][:, None]
        lo = np.log(stats.chi.ppf(_TAIL, df[sel]) / np.sqrt(df[sel]))[:, None]
        hi = np.log(stats.chi.isf(_TAIL, df[sel]) / np.sqrt(df[sel]))[:, None]
        t = (hi + lo) / 2 + (hi - lo) / 2 * _S_NODES
        s = np.exp(t)
        # log of g_ν(s)·s (the Jacobian of s = e^t)
        log_g = (nu / 2 * np.log(nu) - special.gammaln(nu / 2) - (nu / 2 - 1) * np.log(2)
                 + nu * t - nu * s**2 / 2)
        weight = (hi - lo) / 2 * _S_WEIGHTS * np.exp(log_g)
        w_cdf, w_pdf = _range_cdf(q[sel][:, None] * s, np.broadcast_to(k[sel][:, None], s.shape))
        cdf[sel] = np.sum(weight * w_cdf, axis=-1)
        pdf[sel] = np.sum(weight * s * w_pdf, axis=-1)
    return np.clip(cdf, 0.0, 1.0), pdf


def ptukey_sf(q, k, df) -> np.ndarray:
    """Upper tail P(Q > q) of the studentized range (R: ``ptukey(q, k, df, lower.tail = FALSE)``)."""
    q, k, df = (np.asarray(a, dtype=float) for a in np.broadcast_arrays(q, k, df))
    out = np.full(q.shape, np.nan)
    ok = np.isfinite(q) & (k >= 2) & (df > 0)
    if ok.any():
        out[ok] = 1.0 - _cdf_and_pdf(np.maximum(q[ok], 0.0), k[ok], df[ok])[0]
    return out


def qtukey(p, k, df, tol: float = 1e-12, max_iter: int = 60) -> np.ndarray:
    """Quantile of the studentized range (R: ``qtukey(p, k, df)``), by safeguarded Newton steps."""
    p, k, df = (np.asarray(a, dtype=float) for a in np.broadcast_arrays(p, k, df))
    out = np.full(p.shape, np.nan)
    ok = (p > 0) & (p < 1) & (k >= 2) & (df > 0)
    if not ok.any():
        return out
    p, k, df = p[ok], k[ok], df[ok]
    lo, hi = np.zeros(p.shape), np.full(p.shape, 4.0)
    while True:  # grow the bracket until it holds the quantile
        above = _cdf_and_pdf(hi, k, df)[0] < p
        if not above.any():
            break
        lo = np.where(above, hi, lo)
        hi = np.where(above, hi * 2, hi)
    x = (lo + hi) / 2
    active = np.arange(p.size)
    for _ in range(max_iter):
        cdf, pdf = _cdf_and_pdf(x[active], k[active], df[active])
        xa, pa = x[active], p[active]
        lo[active] = np.where(cdf < pa, xa, lo[active])
        hi[active] = np.where(cdf >= pa, xa, hi[active])
        with np.errstate(divide="ignore", invalid="ignore"):
            step = xa - (cdf - pa) / pdf
        inside = np.isfinite(step) & (step > lo[active]) & (step < hi[active])
        new = np.where(inside, step, (lo[active] + hi[active]) / 2)
        done = np.abs(new - xa) <= tol * np.maximum(1.0, np.abs(xa))
        x[active] = new
        active = active[~done]
        if active.size == 0:
            break
    out[ok] = x
    return out
