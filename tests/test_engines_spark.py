"""servgap.scan on Spark (local mode) equals servgap.read_survey on the same file.

The same SQL builders as DuckDB, run by Spark SQL. Skipped, with the reason printed, only where
pyspark or Java is missing (CI installs both: see .ci/run and the `test` extra).
"""

import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import ServgapError, SurveyValidationError

REF = Path(__file__).parent / "reference"
TOL = dict(rtol=0, atol=1e-9)
GAPS = servgap.Instrument("ref", {"A": ["a1", "a2", "a3"], "B": ["b1", "b2"], "C": ["c1", "c2", "c3", "c4"]},
                          scale=(1, 5))
INFERENCE = servgap.Instrument("ref", {"D1": ["1", "2"], "D2": ["3", "4", "5"], "D3": ["6"]}, scale=(1, 5))

if shutil.which("java") is None:
    pytest.skip("Spark tests skipped: no Java runtime (apt-get install -y default-jre-headless)",
                allow_module_level=True)
# py4j leaves its gateway sockets to the garbage collector: not servgap's resources
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning",
                                        "ignore::pytest.PytestUnraisableExceptionWarning")
pyspark = pytest.importorskip("pyspark", reason="Spark tests skipped: pyspark is not installed "
                                                "(pip install 'servgap[spark]')")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[1]").appName("servgap-tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "1").config("spark.driver.memory", "512m")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False, **TOL)


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def gap_surveys(spark, tmp_path_factory):
    """Missing answers, survey weights, dimension weights, two segment columns, min_items 2."""
    raw = pd.read_csv(REF / "gaps" / "input.csv", dtype={"id": str, "grp": str})
    raw["half"] = np.where(np.arange(len(raw)) % 3 == 0, "first", "second")
    path = tmp_path_factory.mktemp("spark") / "input.parquet"
    raw.to_parquet(path, index=False)
    options = dict(id="id", segments=["grp", "half"], weight="w", dimension_weights="W_{dimension}", min_items=2)
    return (servgap.scan(spark.read.parquet(str(path)), GAPS, **options),
            servgap.read_survey(path, GAPS, **options))


def test_a_spark_frame_runs_on_spark(gap_surveys):
    scanned, memory = gap_surveys
    assert scanned.engine == "spark"
    assert scanned.n_respondents == memory.n_respondents


@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
def test_gap_scores_equal_in_memory(gap_surveys, level):
    scanned, memory = gap_surveys
    by = ["grp", "half"]
    same(servgap.gap_scores(scanned, level=level, by=by).table, servgap.gap_scores(memory, level=level, by=by).table)
    if level == "overall":
        same(servgap.gap_scores(scanned, level=level, weighted=True).table,
             servgap.gap_scores(memory, level=level, weighted=True).table)


def test_gap_tests_equal_in_memory(gap_surveys):
    scanned, memory = gap_surveys
    same(quiet(servgap.gap_tests, scanned, level="dimension", method="wilcoxon", by="grp").table,
         quiet(servgap.gap_tests, memory, level="dimension", method="wilcoxon", by="grp").table)


def test_medians_off_the_lattice_equal_in_memory(gap_surveys):
    # overall scores of respondents lacking a dimension are off the lattice: Spark counts their
    # distinct values (medians and ranks of the tests), and its exact percentile(x, 0.5) gives
    # the medians where those would be too many
    scanned, memory = gap_surveys
    assert scanned.stats.value_counts("gap", "overall") is not None
    for method in ("t", "wilcoxon"):
        same(quiet(servgap.gap_tests, scanned, level="overall", by="grp", method=method).table,
             quiet(servgap.gap_tests, memory, level="overall", by="grp", method=method).table)
    a, b = (quiet(servgap.compare_segments, s, "grp", level="overall", method="kruskal") for s in (scanned, memory))
    same(a.table, b.table)
    same(a.posthoc, b.posthoc)
    rows = pd.Series(memory.stats.rows("gap", "overall")[:, 0])
    expected = rows.groupby(memory.stats.codes(("grp",))).median().to_numpy()
    np.testing.assert_allclose(scanned.stats.medians("gap", "overall", ("grp",))[:, 0], expected, **TOL)


@pytest.fixture(scope="module")
def small(spark):
    path = REF / "inference" / "survey_small.csv"
    frame = spark.read.csv(str(path), header=True, inferSchema=True)
    return (servgap.scan(frame, INFERENCE, id="id", segments=["branch"]),
            servgap.read_survey(path, INFERENCE, id="id", segments=["branch"]))


def test_compare_segments_equal_in_memory(small):
    scanned, memory = small
    a = quiet(servgap.compare_segments, scanned, "branch", level="item", method="kruskal", min_group_n=2)
    b = quiet(servgap.compare_segments, memory, "branch", level="item", method="kruskal", min_group_n=2)
    same(a.table, b.table)
    same(a.posthoc, b.posthoc)


def test_compare_waves_and_reliability_equal_in_memory(small, spark):
    scanned, memory = small
    same(servgap.compare_waves(scanned, scanned).table, servgap.compare_waves(memory, memory).table)
    # Mann–Whitney between waves: midranks from both waves' value counts
    seven = servgap.Instrument("ref", INFERENCE.dimensions, scale=(1, 7))
    waves = [REF / "inference" / f"survey_{name}.csv" for name in ("large", "wave2")]
    on_spark = [servgap.scan(spark.read.csv(str(w), header=True, inferSchema=True), seven, id="id") for w in waves]
    in_memory = [servgap.read_survey(w, seven, id="id") for w in waves]
    same(quiet(servgap.compare_waves, *on_spark, level="dimension", method="mannwhitney").table,
         quiet(servgap.compare_waves, *in_memory, level="dimension", method="mannwhitney").table)
    path = REF / "reliability" / "data_likert5.csv"
    raw = pd.read_csv(path)
    sizes = {"Tangibles": 4, "Reliability": 5, "Responsiveness": 4, "Assurance": 4, "Empathy": 5}
    dims, start = {}, 1
    for name, size in sizes.items():
        dims[name] = [str(i) for i in range(start, start + size)]
        start += size
    inst = servgap.Instrument("servqual-test", dims, scale=(1, 5))
    with warnings.catch_warnings():  # PySpark >= 4.3 warns about pandas 3 when it converts a frame
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        frame = spark.createDataFrame(raw)
    on_spark = servgap.scan(frame, inst, id="id")
    in_memory = servgap.read_survey(raw, inst, id="id")
    a, b = (quiet(servgap.reliability, s, score="perception") for s in (on_spark, in_memory))
    same(a.table, b.table)
    same(a.items, b.items)


def test_validation_on_spark(spark, tmp_path):
    path = tmp_path / "messy.csv"
    path.write_text("id,E_1,E_2,P_1,P_2\na,5,4,3,4\nb,Setuju,4,Sangat Setuju,99\nc,9,4,3,??\na,4,4,4,4\n",
                    encoding="utf-8")
    mini = servgap.Instrument("mini", {"A": ["1", "2"]}, scale=(1, 5))
    frame = spark.read.csv(str(path), header=True)
    with pytest.raises(SurveyValidationError) as info:
        servgap.scan(frame, mini, id="id", missing_values=[99]).n_respondents
    assert sorted(info.value.failure_cases["check"]) == ["duplicate_id", "out_of_scale", "unknown_label"]
    scanned = servgap.scan(frame, mini, id="id", missing_values=[99], on_invalid="missing")
    memory = servgap.read_survey(path, mini, id="id", missing_values=[99], on_invalid="missing")
    assert scanned.n_respondents == memory.n_respondents == 3
    same(servgap.gap_scores(scanned).table, servgap.gap_scores(memory).table)
    rows = scanned.exclusions.rows(checks=["out_of_scale", "unknown_label", "missing_code"])
    assert sorted(zip(rows["row"], rows["column"], rows["check"])) == [
        (2, "P_2", "missing_code"), (3, "E_1", "out_of_scale"), (3, "P_2", "unknown_label")]
    with pytest.raises(ServgapError, match="sample"):
        scanned.stats.rows("gap", "item")
    assert scanned.sample(2, seed=3).n_respondents == 2


def test_nan_stored_in_parquet_is_missing_on_spark(spark, tmp_path):
    # a NaN answer is no answer and NaN segment values are one missing group, as in memory
    from test_engines_nan import INST, frame, write_with_nan

    path = tmp_path / "nan.parquet"
    write_with_nan(frame(True, True, n=40), path)
    options = dict(id="id", segments=["branch"])
    scanned = servgap.scan(spark.read.parquet(str(path)), INST, **options)
    memory = servgap.read_survey(path, INST, **options)
    for level in ("item", "dimension"):
        same(servgap.gap_scores(scanned, level=level, by="branch").table,
             servgap.gap_scores(memory, level=level, by="branch").table)
    assert not scanned.exclusions.counts["check"].isin(["out_of_scale", "not_a_number"]).any()


def test_padded_segments_and_ids_are_stripped_as_in_memory_on_spark(spark, tmp_path):
    # str.strip(): tabs, no-break and ideographic spaces, newlines; a blank value is missing
    rng = np.random.default_rng(2)
    n = 30
    raw = pd.DataFrame({"id": [f"r{i}" for i in range(n)], "branch": rng.choice(["x", "y"], n)})
    for kind in ("E", "P"):
        for item in ("1", "2"):
            raw[f"{kind}_{item}"] = rng.integers(1, 6, n).astype(float)
    raw.loc[[0, 5, 9, 11], "branch"] = ["\tx", "y\u00a0", "\u3000x\n", " "]
    raw.loc[7, "id"] = "r3\t"  # the same respondent as r3
    path = tmp_path / "padded.parquet"
    raw.to_parquet(path, index=False)
    mini = servgap.Instrument("mini", {"A": ["1", "2"]}, scale=(1, 5))
    options = dict(id="id", segments=["branch"], on_invalid="missing")
    scanned = servgap.scan(spark.read.parquet(str(path)), mini, **options)
    memory = servgap.read_survey(path, mini, **options)
    table = servgap.gap_scores(scanned, level="dimension", by="branch").table
    same(table, servgap.gap_scores(memory, level="dimension", by="branch").table)
    assert table["branch"].tolist()[:2] == ["x", "y"] and table["branch"].isna().sum() == 1
    assert scanned.n_respondents == memory.n_respondents == n - 1  # r3 twice: the second set aside
