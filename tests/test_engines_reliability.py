"""Reliability with missing answers on engines: from aggregates, equal to the in-memory result.

Listwise scales (complete cases of each scale), the pairwise item–total correlation and the
difference-score reliability among a gap scale's respondents come from
``subset_crossproducts``; DuckDB (and Spark, where Java and pyspark are present) must give
the in-memory numbers to 1e-9.
"""

import shutil
import warnings

import pandas as pd
import pytest

import servgap
from servgap import ServgapError
from test_reliability import MISSING_INSTRUMENT, missing_frame

pytest.importorskip("duckdb")

TOL = dict(rtol=0, atol=1e-9)


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def both(tmp_path, frame):
    path = tmp_path / "survey.parquet"
    frame.to_parquet(path, index=False)
    options = dict(id="id", segments=["branch"])
    return (servgap.scan(path, MISSING_INSTRUMENT, **options),
            servgap.read_survey(frame, MISSING_INSTRUMENT, **options))


def same(a, b) -> None:
    pd.testing.assert_frame_equal(a.table, b.table, check_dtype=False, **TOL)
    pd.testing.assert_frame_equal(a.items, b.items, check_dtype=False, **TOL)


@pytest.mark.parametrize("seed", [5, 7])
def test_missing_answers_on_duckdb_equal_in_memory(tmp_path, seed):
    scanned, memory = both(tmp_path, missing_frame(seed))
    for missing in ("pairwise", "listwise"):
        for by in (None, "branch"):
            same(quiet(servgap.reliability, scanned, missing=missing, by=by),
                 quiet(servgap.reliability, memory, missing=missing, by=by))


def test_too_many_answer_patterns_take_the_engine_side_queries(tmp_path, monkeypatch):
    # answer patterns beyond what may be held in memory: the moments, cross-products and
    # subsets come from queries that keep the patterns in the engine; the same numbers
    from servgap.engines import stats as engine_stats

    monkeypatch.setattr(engine_stats, "_PATTERN_CELLS", 10)
    scanned, memory = both(tmp_path, missing_frame(5))
    for missing in ("pairwise", "listwise"):
        same(quiet(servgap.reliability, scanned, missing=missing, score="perception"),
             quiet(servgap.reliability, memory, missing=missing, score="perception"))
    assert any(key[0] == "pattern_rows" and value is None for key, value in scanned.stats._cache.items()
               if isinstance(key, tuple))


def test_listwise_with_a_constant_item_on_duckdb(tmp_path):
    scanned, memory = both(tmp_path, missing_frame(5, constant=True))
    same(quiet(servgap.reliability, scanned, missing="listwise", by="branch"),
         quiet(servgap.reliability, memory, missing="listwise", by="branch"))


def test_pairwise_constant_item_with_missing_answers_needs_rows(tmp_path):
    """r_total correlates with the mean of the items with variance; with one dropped and
    answers missing no aggregate of the layer gives that mean: refused after the one pass that
    gives the item and scale moments (on an engine the answer patterns of the items, from which
    the cross-products follow without another pass), with the alternatives named."""
    scanned, _ = both(tmp_path, missing_frame(5, constant=True))
    queries = []
    engine = scanned.stats.engine
    fetch, fetch_array = engine.fetch, engine.fetch_array
    engine.fetch = lambda sql: queries.append(sql) or fetch(sql)
    engine.fetch_array = lambda sql, n: queries.append(sql) or fetch_array(sql, n)
    with pytest.raises(ServgapError, match=r"sample\(n\).*to_survey\(\)"):
        quiet(servgap.reliability, scanned, score="perception")
    assert len([q for q in queries if "sum(" in q]) == 1


def test_bootstrap_is_refused_before_any_aggregate(tmp_path):
    scanned, _ = both(tmp_path, missing_frame(5))
    queries = []
    fetch = scanned.stats.engine.fetch
    scanned.stats.engine.fetch = lambda sql: queries.append(sql) or fetch(sql)
    with pytest.raises(ServgapError, match=r"ci=\"feldt\".*sample\(n\)"):
        servgap.reliability(scanned, ci="bootstrap", n_boot=10)
    assert not any("sum(" in q or "avg(" in q for q in queries)


def test_missing_answers_on_spark_equal_in_memory():
    if shutil.which("java") is None:
        pytest.skip("Spark test skipped: no Java runtime (apt-get install -y default-jre-headless)")
    pytest.importorskip("pyspark", reason="Spark test skipped: pyspark is not installed")
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[1]").appName("servgap-tests")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "1").config("spark.driver.memory", "512m")
             .getOrCreate())
    frame = missing_frame(5, n=120)
    with warnings.catch_warnings():  # PySpark >= 4.3 warns about pandas 3 when it converts a frame
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        on_spark = servgap.scan(spark.createDataFrame(frame), MISSING_INSTRUMENT, id="id", segments=["branch"])
    memory = servgap.read_survey(frame, MISSING_INSTRUMENT, id="id", segments=["branch"])
    for missing in ("pairwise", "listwise"):
        same(quiet(servgap.reliability, on_spark, missing=missing, by="branch"),
             quiet(servgap.reliability, memory, missing=missing, by="branch"))


@pytest.mark.parametrize("kind", ["decimals", "integers"])
def test_answers_far_from_zero_keep_their_digits(tmp_path, kind):
    # answers 1,000,000 + x with decimals, or integers on a 29,000–29,006 scale, with missing
    # values: the answer-pattern sums are taken about a whole number near the data (about 0
    # the variances lose 4 and 8 of their digits)
    import numpy as np

    rng = np.random.default_rng(3)
    n = 400
    low, high = (1_000_000, 1_000_010) if kind == "decimals" else (29_000, 29_006)
    inst = servgap.Instrument("far", {"A": ["1", "2", "3"], "B": ["4", "5"]}, scale=(low, high))
    frame = {"id": np.arange(n), "branch": rng.choice(["X", "Y"], n)}
    for c in "EP":
        for i in range(1, 6):
            if kind == "decimals":
                values = low + rng.uniform(0, 10, n).round(3)
                values[rng.random(n) < 0.1] = np.nan
            else:
                values = pd.array(low + rng.integers(0, 7, n), dtype="Int32")
                values[rng.random(n) < 0.1] = pd.NA
            frame[f"{c}_{i}"] = values
    frame = pd.DataFrame(frame)
    path = tmp_path / "far.parquet"
    frame.to_parquet(path, index=False)
    scanned = servgap.scan(path, inst, id="id", segments=["branch"])
    memory = servgap.read_survey(frame, inst, id="id", segments=["branch"])
    assert scanned.stats.integer == (kind == "integers")
    for score in ("perception", "gap"):
        same(quiet(servgap.reliability, scanned, score=score), quiet(servgap.reliability, memory, score=score))
    for level in ("item", "dimension", "overall"):
        pd.testing.assert_frame_equal(servgap.gap_scores(scanned, level=level, by="branch").table,
                                      servgap.gap_scores(memory, level=level, by="branch").table,
                                      check_dtype=False, rtol=1e-9, atol=1e-9)
