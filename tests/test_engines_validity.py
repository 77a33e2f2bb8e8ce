"""validity, factor_check and cfa from the statistics layer's aggregates.

The aggregate path equals the row formulas servgap used before (tests/reference_formulas.py)
on random surveys with missing answers, and a survey scanned with DuckDB gives the in-memory
results to 1e-9.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import servgap
from reference_formulas import old_cfa_covariance, old_item_total_r, old_kmo_bartlett
from servgap.validity import _listwise, cfa, factor_check, validity

TOL = dict(rtol=0, atol=1e-9)
DIMS = {"A": ["1", "2", "3"], "B": ["4", "5"], "C": ["6", "7", "8", "9"]}
INSTRUMENT = servgap.Instrument("random", DIMS, scale=(1, 7))


def random_answers(n=120, missing=0.0, seed=0) -> pd.DataFrame:
    """E and P answers 1..7 driven by one factor per dimension (the factors correlated through a
    general one, so that the two-item factor is identified), a share ``missing`` set aside."""
    rng = np.random.default_rng(seed)
    columns = {}
    general = rng.normal(size=n)
    for items in DIMS.values():
        common = 0.6 * general + 0.8 * rng.normal(size=n)
        for item in items:
            for kind in ("E", "P"):
                answer = np.clip(np.rint(4 + 1.2 * common + rng.normal(size=n)), 1, 7)
                answer[rng.random(n) < missing] = np.nan
                columns[f"{kind}_{item}"] = answer
    raw = pd.DataFrame(columns)
    raw.insert(0, "id", [f"r{i}" for i in range(n)])
    return raw


def read(raw):
    return servgap.read_survey(raw, INSTRUMENT, id="id")


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("score", ["perception", "expectation", "gap"])
@pytest.mark.parametrize("total", ["dimension", "instrument"])
def test_item_total_r_equals_the_row_formulas_with_missing_answers(seed, score, total):
    survey = read(random_answers(missing=0.04, seed=seed))
    table = validity(survey, score, total=total).table
    old = old_item_total_r(survey.scores(score), DIMS, total)
    assert table["n"].tolist() == old["n"].tolist()
    assert table["n"].min() < 120  # missing answers were set aside
    for column in ("r", "r_corrected"):
        np.testing.assert_allclose(table[column], old[column], **TOL)


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("missing", [0.0, 0.03])
def test_kmo_bartlett_and_cfa_input_equal_the_row_formulas(seed, missing):
    survey = read(random_answers(n=300, missing=missing, seed=seed))
    for score in ("perception", "gap"):
        values = survey.scores(score)
        n, msa, kmo, chi2 = old_kmo_bartlett(values)
        check = factor_check(survey, score)
        assert check.n == n
        np.testing.assert_allclose(check.items["msa"], msa, **TOL)
        np.testing.assert_allclose([check.kmo, check.bartlett_chi2], [kmo, chi2], **TOL)
        # the CFA's covariance matrix S: every item (default model) and a subset in a new order
        for items in (list(INSTRUMENT.items), ["6", "7", "8", "1", "2", "3"]):
            n_old, sample_old = old_cfa_covariance(values, items)
            ((n_new, comoment, _),) = _listwise(survey, score, [items])
            assert n_new == n_old
            np.testing.assert_allclose(comoment / n_new, sample_old, **TOL)
        assert cfa(survey, score).n == n


def test_constant_items_and_tiny_samples_give_nan_as_the_row_formulas():
    raw = random_answers(n=40, seed=5)
    raw["P_4"] = 3.0  # a constant item: no correlation
    raw.loc[2:, "P_6"] = np.nan  # dimension C answered completely by two respondents only
    survey = read(raw)
    table = validity(survey).table
    old = old_item_total_r(survey.scores("perception"), DIMS)
    assert table["n"].tolist() == old["n"].tolist()
    for column in ("r", "r_corrected"):
        np.testing.assert_array_equal(table[column].isna(), old[column].isna())
        np.testing.assert_allclose(table[column], old[column], **TOL)
    assert table.loc[table["item"] == "4", "r"].isna().all()
    assert table.loc[table["dimension"] == "C", "n"].eq(2).all()


# -- DuckDB ------------------------------------------------------------------------------------
duckdb = pytest.importorskip("duckdb")


@pytest.fixture(scope="module", params=[0.0, 0.04], ids=["complete", "missing"])
def surveys(request, tmp_path_factory):
    """(scanned with DuckDB, in memory) of one parquet file."""
    raw = random_answers(n=200, missing=request.param, seed=7)
    path = tmp_path_factory.mktemp("validity") / "answers.parquet"
    raw.to_parquet(path, index=False)
    scanned = servgap.scan(path, INSTRUMENT, id="id")
    return scanned, servgap.read_survey(path, INSTRUMENT, id="id"), request.param


def frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_dtype=False, **TOL)


@pytest.mark.parametrize("score", ["perception", "gap"])
def test_duckdb_gives_the_in_memory_factor_check(surveys, score):
    scanned, memory, _ = surveys
    on_engine, in_memory = factor_check(scanned, score), factor_check(memory, score)
    assert on_engine.n == in_memory.n
    frames_equal(on_engine.table, in_memory.table)
    frames_equal(on_engine.items, in_memory.items)


# the gaps of these random answers have no factor structure (an improper fit whose optimum is
# not unique), so the CFA is compared on the answers themselves
@pytest.mark.parametrize("score", ["perception", "expectation"])
def test_duckdb_gives_the_in_memory_cfa(surveys, score):
    scanned, memory, _ = surveys
    on_engine, in_memory = cfa(scanned, score), cfa(memory, score)
    assert on_engine.n == in_memory.n
    frames_equal(on_engine.table, in_memory.table)
    frames_equal(on_engine.loadings, in_memory.loadings)
    frames_equal(on_engine.dimensions, in_memory.dimensions)
    frames_equal(on_engine.factor_correlations, in_memory.factor_correlations)


@pytest.mark.parametrize("score", ["perception", "gap"])
@pytest.mark.parametrize("total", ["dimension", "instrument"])
def test_duckdb_gives_the_in_memory_validity(surveys, score, total):
    scanned, memory, missing = surveys
    for corrected in (False, True):
        on_engine = validity(scanned, score, total=total, corrected=corrected).table
        frames_equal(on_engine, validity(memory, score, total=total, corrected=corrected).table)
        assert (on_engine["n"] < 200).all() == bool(missing)


def test_duckdb_cfa_of_a_model_on_some_items_in_a_new_order(surveys):
    scanned, memory, _ = surveys
    model = {"C": ["9", "6", "7", "8"], "A": ["1", "3", "2"]}
    on_engine, in_memory = cfa(scanned, model=model), cfa(memory, model=model)
    assert on_engine.n == in_memory.n
    frames_equal(on_engine.table, in_memory.table)
    frames_equal(on_engine.loadings, in_memory.loadings)


def test_one_item_dimension_warns_on_an_engine_too(tmp_path):
    inst = servgap.Instrument("one", {"A": ["1", "2", "3"], "B": ["4"]}, scale=(1, 7))
    raw = random_answers(n=50, seed=9)[["id", "P_1", "P_2", "P_3", "P_4"]]
    path = tmp_path / "one.parquet"
    raw.to_parquet(path, index=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        on_engine = validity(servgap.scan(path, inst, id="id", expectation=None)).table
        in_memory = validity(servgap.read_survey(path, inst, id="id", expectation=None)).table
    assert len(caught) == 2
    frames_equal(on_engine, in_memory)
    assert on_engine.loc[on_engine["dimension"] == "B", "r"].isna().all()
