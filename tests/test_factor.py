"""The ML factor model (servgap._factor): its derivatives, and fits that can be checked by hand.

The lavaan reference values are tested through omega (tests/test_reliability.py) and the CFA
(tests/test_validity.py); here are the pieces underneath them.
"""

from __future__ import annotations

import numpy as np
import pytest

from servgap._factor import _discrepancy, _hessians, _Model, fit_factor_model

MODELS = [(np.zeros(5, dtype=int), 1), (np.array([0, 0, 0, 1, 1, 1, 2, 2]), 3),
          (np.array([0, 1, 0, 1, 1]), 2)]


def random_point(model: _Model, rng):
    p, m = model.p, model.m
    return np.concatenate([rng.uniform(0.4, 0.9, p), rng.uniform(0.3, 0.8, p),
                           rng.uniform(-0.3, 0.5, m * (m - 1) // 2)])


def random_covariance(p: int, rng) -> np.ndarray:
    w = rng.normal(size=(p, 3 * p))
    return w @ w.T / (3 * p) + 0.5 * np.eye(p)


def central_difference(fun, x, h=1e-6):
    columns = []
    for a in range(x.size):
        e = np.zeros(x.size)
        e[a] = h
        columns.append((fun(x + e) - fun(x - e)) / (2 * h))
    return np.array(columns).T


@pytest.mark.parametrize("factor_of_item,m", MODELS)
def test_gradient_and_hessian_match_finite_differences(factor_of_item, m):
    rng = np.random.default_rng(len(factor_of_item) + m)
    model = _Model(factor_of_item, m)
    x = random_point(model, rng)
    sample = random_covariance(model.p, rng)
    logdet = np.linalg.slogdet(sample)[1]
    value, grad, inv = _discrepancy(x, model, sample, logdet)
    assert value > 0.01 and np.abs(grad).max() > 0.01  # away from the minimum: a real check
    numeric_grad = central_difference(
        lambda y: np.array(_discrepancy(y, model, sample, logdet)[0]), x)
    np.testing.assert_allclose(grad, numeric_grad, rtol=0, atol=1e-8)
    exact, expected = _hessians(x, model, sample, inv)
    numeric_hessian = central_difference(lambda y: _discrepancy(y, model, sample, logdet)[1], x)
    np.testing.assert_allclose(exact, numeric_hessian, rtol=0, atol=1e-7)
    np.testing.assert_allclose(exact, exact.T, rtol=0, atol=1e-12)
    # where the model holds exactly (S = Σ) the Hessian is the Fisher information
    sigma = model.sigma(x)
    _, _, inv = _discrepancy(x, model, sigma, np.linalg.slogdet(sigma)[1])
    exact, expected = _hessians(x, model, sigma, inv)
    np.testing.assert_allclose(exact, expected, rtol=0, atol=1e-12)
    assert np.linalg.eigvalsh(expected).min() > 0


def test_one_factor_covariance_is_recovered_exactly():
    loadings = np.array([0.8, 0.7, 0.6, 0.5])
    sd = np.array([1.0, 2.0, 0.5, 1.5])
    correlation = np.outer(loadings, loadings) + np.diag(1 - loadings**2)
    cov = correlation * np.outer(sd, sd)
    fit = fit_factor_model(cov, np.zeros(4, dtype=int))
    assert fit.converged and fit.proper
    np.testing.assert_allclose(fit.loadings, loadings * sd, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit.residual_variances, (1 - loadings**2) * sd**2,
                               rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit.standardized_loadings, loadings, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit.implied, cov, rtol=0, atol=1e-9)
    assert abs(fit.discrepancy) < 1e-12
    # McDonald's omega by hand: (Σλ)² / ((Σλ)² + Σθ) = 2.6² / (2.6² + 2.26) on the correlations
    std = fit.standardized_loadings
    omega = std.sum() ** 2 / (std.sum() ** 2 + (1 - std**2).sum())
    assert omega == pytest.approx(6.76 / 9.02, abs=1e-10)


def test_correlated_factors_are_recovered_exactly():
    factor_of_item = np.array([0, 0, 0, 1, 1, 1, 1])
    loadings = np.array([0.9, 0.7, 0.6, 0.8, 0.5, 0.7, 0.6])
    lam = np.zeros((7, 2))
    lam[np.arange(7), factor_of_item] = loadings
    phi = np.array([[1.0, 0.35], [0.35, 1.0]])
    cov = lam @ phi @ lam.T + np.diag(1 - loadings**2)
    fit = fit_factor_model(cov * 4.0, factor_of_item, 2)  # scale invariant: sd 2 everywhere
    assert fit.converged and fit.proper
    np.testing.assert_allclose(fit.loadings, 2 * loadings, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit.factor_correlations, phi, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit.residual_variances, 4 * (1 - loadings**2), rtol=0, atol=1e-9)


def test_the_sign_of_a_factor_makes_its_loadings_sum_positive():
    loadings = np.array([0.8, 0.7, 0.6, 0.5])
    cov = np.outer(loadings, loadings) + np.diag(1 - loadings**2)
    reverse = np.diag([1.0, -1.0, 1.0, 1.0])  # a reverse-keyed second item
    fit = fit_factor_model(reverse @ cov @ reverse, np.zeros(4, dtype=int))
    np.testing.assert_allclose(fit.loadings, [0.8, -0.7, 0.6, 0.5], rtol=0, atol=1e-9)


def test_heywood_case_is_kept_and_flagged():
    # three items: the one-factor model is just identified, λ1² = r12 r13 / r23 = 0.64 / 0.5,
    # so θ1 = 1 − 1.28 = −0.28 and λ2 = λ3 = 0.8 / √1.28
    corr = np.array([[1.0, 0.8, 0.8], [0.8, 1.0, 0.5], [0.8, 0.5, 1.0]])
    fit = fit_factor_model(corr, np.zeros(3, dtype=int))
    assert fit.converged and not fit.proper
    root = np.sqrt(1.28)
    np.testing.assert_allclose(fit.loadings, [root, 0.8 / root, 0.8 / root], rtol=0, atol=1e-8)
    np.testing.assert_allclose(fit.residual_variances, [-0.28, 0.5, 0.5], rtol=0, atol=1e-8)
    assert abs(fit.discrepancy) < 1e-12


def test_misspecified_model_reaches_a_stationary_point_of_f():
    # two factors, but item 1 also loads 0.4 on the second one: the model misses that
    lam = np.array([[0.8, 0.0], [0.6, 0.4], [0.7, 0.0], [0.0, 0.7], [0.0, 0.6], [0.0, 0.5]])
    cov = lam @ np.array([[1.0, 0.3], [0.3, 1.0]]) @ lam.T
    cov += np.diag(1 - np.diag(cov))
    factor_of_item = np.array([0, 0, 0, 1, 1, 1])
    fit = fit_factor_model(cov, factor_of_item, 2)
    assert fit.converged and fit.discrepancy > 0.01
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    model = _Model(factor_of_item, 2)
    x = np.concatenate([fit.standardized_loadings * np.sqrt(np.diag(fit.implied)) / sd,
                        fit.residual_variances / sd**2, [fit.factor_correlations[1, 0]]])
    value, grad, _ = _discrepancy(x, model, corr, np.linalg.slogdet(corr)[1])
    assert value == pytest.approx(fit.discrepancy, abs=1e-12)
    assert np.abs(grad).max() < 1e-8


def test_batched_omegas_equal_single_fits():
    """one_factor_omegas (scales of equal size fitted together) equals fit_factor_model scale by
    scale, including a Heywood case and a singular matrix, which it reports by name."""
    from servgap._factor import fit_factor_model, one_factor_omegas

    rng = np.random.default_rng(4)
    covs = []
    for p in [4, 5, 4, 22, 5, 4, 3, 22]:
        loading = rng.uniform(0.3, 0.9, p)
        x = rng.normal(size=(200, 1)) @ loading[None] + rng.normal(size=(200, p)) * np.sqrt(1 - loading**2)
        covs.append(np.cov(x.T))
    # one factor needs λ1² = r12 r13 / r23 = 1.28 > 1: a negative residual variance
    heywood = np.array([[1.0, 0.8, 0.8, 0.3], [0.8, 1.0, 0.5, 0.2], [0.8, 0.5, 1.0, 0.2],
                        [0.3, 0.2, 0.2, 1.0]])
    singular = np.ones((4, 4))
    covs += [heywood, singular]
    expected = []
    for cov in covs:
        try:
            fit = fit_factor_model(cov, np.zeros(len(cov), dtype=int))
        except np.linalg.LinAlgError:
            expected.append("singular")
            continue
        common = fit.loadings.sum() ** 2
        expected.append(common / (common + fit.residual_variances.sum()) if fit.proper else "improper")
    got = one_factor_omegas(covs)
    assert got[-2:] == ["improper", "singular"] == expected[-2:]
    np.testing.assert_allclose(np.array(got[:-2], dtype=float), np.array(expected[:-2], dtype=float),
                               rtol=1e-10, atol=1e-12)
