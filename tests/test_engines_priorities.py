"""IPA, CSI, PGCV, the action plan, gap trends, key drivers and the provider's view on DuckDB
(servgap.scan) equal the same analyses of servgap.read_survey on the same file, to 1e-9 —
on complete answers and with missing answers."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import ServgapError
from servgap.datasets import load_example

pytest.importorskip("duckdb")

REF = Path(__file__).parent / "reference" / "priorities"
DIMS = {"Speed": ["1", "2"], "Care": ["3", "4", "5"], "Place": ["6", "7"]}
TOL = dict(rtol=0, atol=1e-9)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False, **TOL)


def blank(raw: pd.DataFrame, prefixes, share: float, seed: int) -> pd.DataFrame:
    """``raw`` with a share of the answer cells (columns starting with ``prefixes``) blank."""
    rng = np.random.default_rng(seed)
    out = raw.copy()
    for col in [c for c in raw.columns if c.startswith(tuple(prefixes))]:
        out[col] = out[col].astype(float).mask(rng.random(len(out)) < share)
    return out


def both(tmp_path, raw: pd.DataFrame, instrument, name: str, **options):
    """(scanned from parquet, in memory from the same parquet) with the same options."""
    path = tmp_path / f"{name}.parquet"
    raw.to_parquet(path, index=False)
    return servgap.scan(path, instrument, **options), servgap.read_survey(path, instrument, **options)


@pytest.fixture(scope="module", params=["complete", "missing"])
def example(request, tmp_path_factory):
    """The bundled example (E, P and importance I) with a segment; 'missing' blanks 15 % of the
    answers, so that pairs are broken and dimensions lose items (min_items=2)."""
    raw = load_example(as_frame=True)
    if request.param == "missing":
        raw = blank(raw, ("E_", "P_", "I_"), 0.15, seed=11)
    return both(tmp_path_factory.mktemp("example"), raw, "servqual22", request.param, id="respondent",
                segments=["branch"], importance="I_{item}", min_items=2)


@pytest.fixture(scope="module", params=["complete", "missing"])
def libqual(request, tmp_path_factory):
    """A three-column survey (adequate, desired, perception) with expectation-free importance
    from the desired level; 'missing' blanks 10 % of the answers."""
    rng = np.random.default_rng(5)
    inst = servgap.Instrument("three", DIMS, scale=(1, 9), components=("adequate", "desired", "perception"))
    n = 150
    raw = pd.DataFrame({"id": [f"r{i}" for i in range(n)]})
    for j in range(1, 8):
        adequate = rng.integers(2, 7, n)
        raw[f"A_{j}"] = adequate
        raw[f"D_{j}"] = np.minimum(adequate + rng.integers(0, 3, n), 9)
        raw[f"P_{j}"] = rng.integers(1 + j % 3, 10, n)
    if request.param == "missing":
        raw = blank(raw, ("A_", "D_", "P_"), 0.1, seed=2)
    return both(tmp_path_factory.mktemp("libqual"), raw, inst, request.param, id="id")


# -- IPA, CSI, PGCV, the action plan ------------------------------------------------------------

@pytest.mark.parametrize("importance", ["expectation", "importance"])
@pytest.mark.parametrize("level", ["item", "dimension"])
def test_ipa_equals_in_memory(example, importance, level):
    scanned, memory = example
    for by in (None, "branch"):
        a = servgap.ipa(scanned, importance=importance, level=level, by=by)
        b = servgap.ipa(memory, importance=importance, level=level, by=by)
        same(a.table, b.table)
        assert a.crosshair == pytest.approx(b.crosshair, abs=1e-12)


@pytest.mark.parametrize("importance", ["expectation", "importance"])
def test_csi_equals_in_memory(example, importance):
    scanned, memory = example
    a, b = servgap.csi(scanned, importance=importance), servgap.csi(memory, importance=importance)
    same(a.table, b.table)
    assert a.csi == pytest.approx(b.csi, abs=1e-9) and a.band == b.band


@pytest.mark.parametrize("importance", ["expectation", "importance"])
@pytest.mark.parametrize("level", ["item", "dimension"])
def test_pgcv_and_the_action_plan_equal_in_memory(example, importance, level):
    scanned, memory = example
    same(servgap.pgcv(scanned, importance=importance, level=level).table,
         servgap.pgcv(memory, importance=importance, level=level).table)
    a = servgap.priorities(scanned, level=level, importance=importance).table
    b = servgap.priorities(memory, level=level, importance=importance).table
    assert "gap_mean" in a.columns and "p_adj" in a.columns
    same(a, b)


@pytest.mark.parametrize("level", ["item", "dimension"])
def test_desired_importance_and_the_zone_on_an_engine(libqual, level):
    scanned, memory = libqual
    same(servgap.ipa(scanned, importance="desired", level=level).table,
         servgap.ipa(memory, importance="desired", level=level).table)
    a = servgap.priorities(scanned, level=level, importance="desired").table
    b = servgap.priorities(memory, level=level, importance="desired").table
    assert "zone_position" in a.columns
    same(a, b)


def test_the_paired_means_follow_the_row_formula(example):
    """Memory and engine both equal the respondent-level definition: importance and
    performance kept where both are given, a dimension the mean of those paired items."""
    scanned, memory = example
    imp, perf = memory.scores("importance"), memory.scores("perception")
    both_given = imp.notna() & perf.notna()
    table = servgap.ipa(scanned, importance="importance").table
    np.testing.assert_allclose(table["importance_mean"], imp.where(both_given).mean(), **TOL)
    np.testing.assert_allclose(table["performance_mean"], perf.where(both_given).mean(), **TOL)
    np.testing.assert_allclose(table["conformity"], perf.where(both_given).sum() / imp.where(both_given).sum() * 100,
                               **TOL)
    # a dimension: the respondent's mean of the paired items, given at least min_items (2) of them
    items = list(memory.instrument.dimensions["Reliability"])
    pairs = both_given[items]
    enough = pairs.sum(axis=1) >= 2
    expected = imp[items].where(pairs).mean(axis=1)[enough].mean()
    dims = servgap.ipa(scanned, importance="importance", level="dimension").table.set_index("dimension")
    assert dims.loc["Reliability", "importance_mean"] == pytest.approx(expected, abs=1e-9)
    assert dims.loc["Reliability", "n"] == enough.sum()


# -- gap trends ---------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["complete", "missing"])
def trend(request, tmp_path_factory):
    raw = pd.read_csv(REF / "trend_input.csv", dtype={"id": str})
    raw["shop"] = np.where(np.arange(len(raw)) % 3 == 0, "north", "south")
    if request.param == "missing":
        raw = blank(raw, ("E_", "P_"), 0.12, seed=4)
        raw.loc[raw.index % 17 == 0, "month"] = None  # respondents without a period are left out
    inst = servgap.Instrument("trend", DIMS, scale=(1, 7))
    return both(tmp_path_factory.mktemp("trend"), raw, inst, request.param, id="id", segments=["month", "shop"])


@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
def test_gap_trend_equals_in_memory(trend, level):
    scanned, memory = trend
    for by, periods in ((None, None), ("shop", None), (None, ["2026-02", "2026-03", "2026-05"])):
        a = servgap.gap_trend(scanned, period="month", level=level, by=by, periods=periods)
        b = servgap.gap_trend(memory, period="month", level=level, by=by, periods=periods)
        assert a.periods == b.periods
        same(a.table, b.table)
        same(a.trend, b.trend)


def test_gap_trend_slope_equals_least_squares_on_rows(trend):
    """The slope from per-period moments is the respondent-level least-squares line."""
    scanned, memory = trend
    result = servgap.gap_trend(scanned, period="month", level="dimension")
    x = memory.segments["month"].map({p: i for i, p in enumerate(result.periods, start=1)}).to_numpy(dtype=float)
    scores = memory.dimension_scores("gap")
    for dimension, row in result.trend.set_index("dimension").iterrows():
        y = scores[dimension].to_numpy()
        ok = ~np.isnan(y) & ~np.isnan(x)
        design = np.column_stack([np.ones(ok.sum()), x[ok]])
        coef, rss, *_ = np.linalg.lstsq(design, y[ok], rcond=None)
        se = np.sqrt(rss[0] / (ok.sum() - 2) / ((x[ok] - x[ok].mean()) ** 2).sum())
        assert row["n"] == ok.sum()
        assert row["slope"] == pytest.approx(coef[1], abs=1e-12)
        assert row["slope_se"] == pytest.approx(se, abs=1e-12)


# -- key drivers --------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["complete", "missing"])
def drivers_surveys(request, tmp_path_factory):
    raw = pd.read_csv(REF / "drivers_input.csv", dtype={"id": str})
    if request.param == "missing":
        raw = blank(raw, ("E_", "P_", "satisfaction"), 0.05, seed=8)
    inst = servgap.Instrument("drivers", DIMS, scale=(1, 7))
    # on an engine the outcome is a numeric segment column of the scan
    return both(tmp_path_factory.mktemp("drivers"), raw, inst, request.param, id="id", segments=["satisfaction"])


@pytest.mark.parametrize("predictors", ["gap", "perception"])
@pytest.mark.parametrize("level", ["dimension", "item"])
def test_drivers_point_estimates_equal_in_memory(drivers_surveys, predictors, level):
    scanned, memory = drivers_surveys
    a = servgap.drivers(scanned, outcome="satisfaction", level=level, predictors=predictors, n_boot=0)
    b = servgap.drivers(memory, outcome="satisfaction", level=level, predictors=predictors, n_boot=0)
    same(a.table, b.table)
    assert a.n == b.n and a.r2 == pytest.approx(b.r2, abs=1e-9)


def test_drivers_on_complete_cases(drivers_surveys):
    """The correlations are those of the respondents with the outcome and every predictor."""
    scanned, memory = drivers_surveys
    x = memory.dimension_scores("gap")
    data = pd.concat([x, memory.segments["satisfaction"].astype(float)], axis=1).dropna()
    corr = data.corr().to_numpy()
    beta = np.linalg.solve(corr[:-1, :-1], corr[:-1, -1])
    result = servgap.drivers(scanned, outcome="satisfaction", n_boot=0)
    assert result.n == len(data)
    np.testing.assert_allclose(result.table["beta"], beta, **TOL)
    assert result.r2 == pytest.approx(float(beta @ corr[:-1, -1]), abs=1e-12)


def test_drivers_bootstrap_on_an_engine_needs_rows(drivers_surveys):
    scanned, _ = drivers_surveys
    with pytest.raises(ServgapError, match=r"survey\.sample\(n\)"):
        servgap.drivers(scanned, outcome="satisfaction", n_boot=100, seed=1)
    with pytest.raises(ServgapError, match="numeric segment"):
        servgap.drivers(scanned, outcome="loyalty", n_boot=0)


# -- the provider's view ------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["complete", "missing"])
def provider(request, tmp_path_factory):
    inst = servgap.Instrument("provider", DIMS, scale=(1, 7))
    out = {}
    for who in ("customers", "staff"):
        raw = pd.read_csv(REF / f"provider_{who}.csv", dtype={"id": str})
        if request.param == "missing":
            raw = blank(raw, ("E_", "P_"), 0.1, seed=len(who))
        out[who] = both(tmp_path_factory.mktemp(who), raw, inst, request.param, id="id", min_items=2)
    return out


@pytest.mark.parametrize("level", ["item", "dimension"])
def test_provider_gaps_equal_in_memory(provider, level):
    (c_scan, c_mem), (s_scan, s_mem) = provider["customers"], provider["staff"]
    expected = servgap.provider_gaps(c_mem, s_mem, level=level).table
    same(servgap.provider_gaps(c_scan, s_scan, level=level).table, expected)
    same(servgap.provider_gaps(c_scan, s_mem, level=level).table, expected)  # one on each side
    same(servgap.provider_gaps(c_mem, s_scan, level=level).table, expected)
