"""servgap.drivers against R (tests/reference/generate_priorities.R: lm on standardised variables
and Johnson's relative weights from eigen()), and its bootstrap."""

import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap.drivers import relative_weights
from servgap.errors import ServgapError

REF = Path(__file__).parent / "reference" / "priorities"
DIMS = {"Speed": ["1", "2"], "Care": ["3", "4", "5"], "Place": ["6", "7"]}


@pytest.fixture(scope="module")
def raw():
    return pd.read_csv(REF / "drivers_input.csv", dtype={"id": str})


@pytest.fixture(scope="module")
def survey(raw):
    inst = servgap.Instrument("drivers", DIMS, scale=(1, 7))
    return servgap.read_survey(raw, inst, id="id", outcomes=["satisfaction"])


@pytest.fixture(scope="module")
def expected():
    return pd.read_csv(REF / "drivers_expected.csv")


@pytest.mark.parametrize("predictors", ["gap", "perception"])
def test_betas_and_relative_weights_equal_r(survey, expected, predictors):
    result = servgap.drivers(survey, outcome="satisfaction", predictors=predictors, n_boot=0)
    r = expected[expected["predictors"] == predictors].reset_index(drop=True)
    table = result.table
    assert table["dimension"].tolist() == r["dimension"].tolist()
    for column in ("beta", "relative_weight", "relative_weight_pct"):
        np.testing.assert_allclose(table[column], r[column], rtol=1e-9, err_msg=column)
    assert result.r2 == pytest.approx(r["r2"].iloc[0], rel=1e-10)
    assert table["relative_weight"].sum() == pytest.approx(result.r2, rel=1e-12)
    assert result.n == 180
    assert table["ci_low"].isna().all()  # n_boot=0: no intervals


def test_outcome_as_series_or_array_gives_the_same(survey, raw):
    by_name = servgap.drivers(survey, outcome="satisfaction", n_boot=20, seed=3)
    series = pd.Series(raw["satisfaction"].to_numpy(), index=survey.respondents, name="satisfaction")
    by_series = servgap.drivers(survey, outcome=series.iloc[::-1], n_boot=20, seed=3)  # aligned by id
    by_array = servgap.drivers(survey, outcome=raw["satisfaction"].to_numpy(), n_boot=20, seed=3)
    pd.testing.assert_frame_equal(by_name.table, by_series.table)
    # a numeric segment column serves as the outcome when no outcome column has that name
    as_segment = servgap.read_survey(raw, survey.instrument, id="id", segments=["satisfaction"])
    assert as_segment.outcomes is None
    pd.testing.assert_frame_equal(by_name.table,
                                  servgap.drivers(as_segment, outcome="satisfaction", n_boot=20, seed=3).table)
    pd.testing.assert_frame_equal(by_name.table, by_array.table)
    assert by_series.outcome == "satisfaction" and by_array.outcome == "outcome"


def test_bootstrap_equals_a_plain_loop_over_resamples(survey, raw):
    result = servgap.drivers(survey, outcome="satisfaction", n_boot=60, seed=42, confidence=0.9)
    g = survey.dimension_scores("gap").to_numpy()
    y = raw["satisfaction"].to_numpy(dtype=float)
    draws = np.random.default_rng(42).integers(0, len(y), (60, len(y)))
    weights = []
    for rows in draws:  # Johnson (2000) written out for one resample at a time
        corr = np.corrcoef(np.column_stack([g[rows], y[rows]]), rowvar=False)
        rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
        values, vectors = np.linalg.eigh(rxx)
        lam = vectors @ np.diag(np.sqrt(values)) @ vectors.T
        beta_star = np.linalg.solve(lam, rxy)
        weights.append((lam ** 2) @ beta_star ** 2)
    low, high = np.quantile(np.array(weights), [0.05, 0.95], axis=0)
    np.testing.assert_allclose(result.table["ci_low"], low, rtol=1e-9)
    np.testing.assert_allclose(result.table["ci_high"], high, rtol=1e-9)
    again = servgap.drivers(survey, outcome="satisfaction", n_boot=60, seed=42, confidence=0.9)
    pd.testing.assert_frame_equal(result.table, again.table)
    other = servgap.drivers(survey, outcome="satisfaction", n_boot=60, seed=43, confidence=0.9)
    assert not np.allclose(other.table["ci_low"], result.table["ci_low"])


def test_relative_weights_by_hand():
    # uncorrelated predictors: each weight is its squared correlation with the outcome
    corr = np.array([[1.0, 0.0, 0.6], [0.0, 1.0, -0.2], [0.6, -0.2, 1.0]])
    beta, weights, r2 = relative_weights(corr)
    assert beta.tolist() == pytest.approx([0.6, -0.2])
    assert weights.tolist() == pytest.approx([0.36, 0.04])
    assert float(r2) == pytest.approx(0.40)
    # two equal, correlated predictors share R² equally
    corr = np.array([[1.0, 0.5, 0.6], [0.5, 1.0, 0.6], [0.6, 0.6, 1.0]])
    beta, weights, r2 = relative_weights(corr)
    assert weights[0] == pytest.approx(weights[1])
    assert float(r2) == pytest.approx(2 * 0.6 * 0.4)  # β = 0.6/1.5 = 0.4 each
    assert weights.sum() == pytest.approx(float(r2))


def test_drivers_errors_and_display(survey):
    with pytest.raises(ServgapError, match="neither an outcome column"):
        servgap.drivers(survey, outcome="loyalty")
    with pytest.raises(ServgapError, match="respondent ids"):
        servgap.drivers(survey, outcome=pd.Series([1.0, 2.0]))
    with pytest.raises(ValueError, match="`predictors` must be one of"):
        servgap.drivers(survey, outcome="satisfaction", predictors="expectation")
    text = repr(servgap.drivers(survey, outcome="satisfaction", n_boot=10, seed=1, lang="id"))
    assert "faktor pendorong" in text and "berjumlah R²" in text


def test_bootstrap_without_the_product_matrix_gives_the_same(survey, monkeypatch):
    module = importlib.import_module("servgap.drivers")  # servgap.drivers is the function

    full = servgap.drivers(survey, outcome="satisfaction", n_boot=30, seed=5)
    monkeypatch.setattr(module, "_MAX_CELLS", 1000)  # forces one resample at a time from the data
    lean = servgap.drivers(survey, outcome="satisfaction", n_boot=30, seed=5)
    np.testing.assert_allclose(lean.table[["ci_low", "ci_high"]], full.table[["ci_low", "ci_high"]], rtol=1e-9)
