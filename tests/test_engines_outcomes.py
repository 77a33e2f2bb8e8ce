"""Outcome columns on an engine: ``servgap.scan(..., outcomes=, outcome_scale=)`` validates,
logs and serves them as ``servgap.read_survey`` does.

The data are the R reference input of the key drivers (tests/reference/priorities), with a
second outcome and hand-placed problems: a text that is not a number, values outside
``outcome_scale``, numeric and text missing codes.
"""

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import SurveyValidationError

pytest.importorskip("duckdb")

REF = Path(__file__).parent / "reference" / "priorities"
TOL = dict(rtol=0, atol=1e-9)
INST = servgap.Instrument("drivers", {"Speed": ["1", "2"], "Care": ["3", "4", "5"], "Place": ["6", "7"]},
                          scale=(1, 7))
OPTIONS = dict(id="id", outcomes=["sat", "loyal"], outcome_scale=(1, 10), missing_values=[99, "tidak tahu"])
OUTCOME_CHECKS = ("not_a_number", "out_of_scale", "missing_code", "converted_value")


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False, **TOL)


def messy_frame() -> pd.DataFrame:
    """The drivers input with outcomes ``sat`` (text: the R satisfaction scores) and ``loyal``
    (whole numbers), and these problems (source rows from 1):

    - sat: row 4 "abc" (not a number), row 11 "12.5" (outside 1-10), row 21 "99" and row 31
      "tidak tahu" (missing codes);
    - loyal: row 6 99 (missing code), row 8 15 (outside 1-10).
    """
    raw = pd.read_csv(REF / "drivers_input.csv", dtype={"id": str}).rename(columns={"satisfaction": "sat"})
    raw["loyal"] = ((raw["P_1"] + raw["P_3"]) // 2).astype(int)
    sat = raw["sat"].map(repr).astype(object)
    sat[3], sat[10], sat[20], sat[30] = "abc", "12.5", "99", "tidak tahu"
    raw["sat"] = sat
    raw.loc[5, "loyal"] = 99
    raw.loc[7, "loyal"] = 15
    return raw


@pytest.fixture(scope="module")
def messy_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("outcomes") / "drivers.csv"
    messy_frame().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def surveys(messy_csv):
    """(scanned, in memory) with the problems set aside."""
    options = dict(OPTIONS, on_invalid="missing")
    return servgap.scan(messy_csv, INST, **options), servgap.read_survey(messy_csv, INST, **options)


def test_invalid_outcomes_raise_like_read_survey(messy_csv):
    scanned = servgap.scan(messy_csv, INST, **OPTIONS)
    with pytest.raises(SurveyValidationError) as info:
        scanned.n_respondents
    with pytest.raises(SurveyValidationError) as mem:
        servgap.read_survey(messy_csv, INST, **OPTIONS)
    cols = ["row", "respondent", "column", "value", "check", "problem"]
    cases, expected = info.value.failure_cases[cols], mem.value.failure_cases[cols]
    same(cases.astype(str), expected.astype(str))
    # by hand: the text, and the two values outside 1-10 (missing codes are no problem)
    assert list(zip(cases["row"], cases["column"], cases["value"], cases["check"])) == [
        (4, "sat", "abc", "not_a_number"), (8, "loyal", "15", "out_of_scale"), (11, "sat", "12.5", "out_of_scale")]
    assert cases["problem"].tolist() == ["not a number", "outside the scale 1-10", "outside the scale 1-10"]
    assert str(info.value).startswith("3 problems")


def test_set_aside_outcomes_are_counted_like_the_memory_log(surveys):
    scanned, memory = surveys
    assert scanned.n_respondents == memory.n_respondents == 180  # outcomes exclude no respondent
    counts = scanned.exclusions.counts
    counts = counts[counts["column"].isin(["sat", "loyal"])].set_index(["check", "column"])["n"]
    log = memory.exclusions
    expected = log[log["column"].isin(["sat", "loyal"])].groupby(["check", "column"]).size()
    assert dict(counts) == dict(expected)
    assert dict(counts) == {("not_a_number", "sat"): 1, ("out_of_scale", "sat"): 1, ("missing_code", "sat"): 2,
                            ("missing_code", "loyal"): 1, ("out_of_scale", "loyal"): 1}
    rows = scanned.exclusions.rows(checks=OUTCOME_CHECKS)
    mem_rows = log[log["check"].isin(OUTCOME_CHECKS)]
    assert sorted(zip(rows["row"], rows["column"], rows["value"].astype(str), rows["check"])) == \
        sorted(zip(mem_rows["row"].astype(int), mem_rows["column"], mem_rows["value"].astype(str), mem_rows["check"]))


def test_outcomes_are_doubles_served_as_the_outcome_kind(surveys):
    scanned, memory = surveys
    assert list(scanned.outcomes.columns) == ["sat", "loyal"] and len(scanned.outcomes) == 0
    assert (scanned.outcomes.dtypes == "float64").all()
    for name in ("sat", "loyal"):
        a = scanned.stats.moments(f"outcome:{name}", "overall")
        b = memory.stats.moments(f"outcome:{name}", "overall")
        values = memory.outcomes[name].dropna()
        assert a.n[0, 0] == b.n[0, 0] == len(values) == 180 - (4 if name == "sat" else 2)
        np.testing.assert_allclose(a.mean, b.mean, **TOL)
        np.testing.assert_allclose(a.m2, b.m2, **TOL)
        assert a.mean[0, 0] == pytest.approx(values.mean(), abs=1e-12)


@pytest.mark.parametrize("outcome", ["sat", "loyal"])
@pytest.mark.parametrize("predictors", ["gap", "perception"])
@pytest.mark.parametrize("level", ["dimension", "item"])
def test_drivers_equal_in_memory(surveys, outcome, predictors, level):
    scanned, memory = surveys
    a = servgap.drivers(scanned, outcome=outcome, level=level, predictors=predictors, n_boot=0)
    b = servgap.drivers(memory, outcome=outcome, level=level, predictors=predictors, n_boot=0)
    same(a.table, b.table)
    assert a.n == b.n and a.r2 == pytest.approx(b.r2, abs=1e-9)


def test_drivers_of_a_clean_outcome_equal_r(tmp_path):
    """The R reference (drivers_expected.csv: relaimpo and lm.beta in R) from an outcome column."""
    path = tmp_path / "drivers.parquet"
    pd.read_csv(REF / "drivers_input.csv", dtype={"id": str}).to_parquet(path, index=False)
    scanned = servgap.scan(path, INST, id="id", outcomes=["satisfaction"])
    expected = pd.read_csv(REF / "drivers_expected.csv")
    for predictors in ("gap", "perception"):
        result = servgap.drivers(scanned, outcome="satisfaction", predictors=predictors, n_boot=0)
        r = expected[expected["predictors"] == predictors].reset_index(drop=True)
        for column in ("beta", "relative_weight", "relative_weight_pct"):
            np.testing.assert_allclose(result.table[column], r[column], rtol=1e-9, err_msg=column)
        assert result.r2 == pytest.approx(r["r2"].iloc[0], rel=1e-10)
        assert result.n == 180


def test_to_survey_and_sample_carry_outcomes(surveys):
    scanned, memory = surveys
    whole = scanned.to_survey()
    pd.testing.assert_frame_equal(whole.outcomes, memory.outcomes)
    part = scanned.sample(40, seed=3)
    assert part.n_respondents == 40 and list(part.outcomes.columns) == ["sat", "loyal"]
    pd.testing.assert_frame_equal(part.outcomes, memory.outcomes.loc[part.outcomes.index])
    assert part.outcomes["sat"].notna().sum() >= 36  # at most the 4 set aside are missing


def test_outcomes_do_not_count_as_answers(tmp_path):
    """A respondent with an outcome but no answers has none (excluded); a missing outcome is no
    reason for listwise deletion."""
    raw = messy_frame()
    raw.loc[0, [c for c in raw.columns if c[:2] in ("E_", "P_")]] = np.nan
    path = tmp_path / "silent.csv"
    raw.to_csv(path, index=False)
    for missing in ("available", "listwise"):
        options = dict(OPTIONS, on_invalid="missing", missing=missing)
        scanned, memory = servgap.scan(path, INST, **options), servgap.read_survey(path, INST, **options)
        assert scanned.n_respondents == memory.n_respondents == 179
        counts = scanned.exclusions.counts
        assert counts.loc[counts["check"] == "no_answers", "n"].tolist() == [1]
        assert "listwise" not in set(counts["check"])


def test_whole_number_outcomes_take_the_numbers_only_path(tmp_path):
    raw = pd.read_csv(REF / "drivers_input.csv", dtype={"id": str})
    raw["loyal"] = ((raw["P_1"] + raw["P_3"]) // 2).astype("int64")
    raw.loc[[2, 9], "loyal"] = [0, 11]
    path = tmp_path / "numbers.parquet"
    raw.to_parquet(path, index=False)
    options = dict(id="id", outcomes=["loyal"], outcome_scale=(1, 10), on_invalid="missing")
    scanned, memory = servgap.scan(path, INST, **options), servgap.read_survey(path, INST, **options)
    assert scanned._numbers_only()
    counts = scanned.exclusions.counts
    assert counts[counts["column"] == "loyal"][["check", "n"]].values.tolist() == [["out_of_scale", 2]]
    log = memory.exclusions
    assert sorted(log.loc[log["column"] == "loyal", "row"].astype(int)) == [3, 10]
    assert sorted(scanned.exclusions.rows(checks="out_of_scale")["row"]) == [3, 10]
    a = servgap.drivers(scanned, outcome="loyal", n_boot=0)
    b = servgap.drivers(memory, outcome="loyal", n_boot=0)
    same(a.table, b.table)


def test_without_a_scale_an_infinite_outcome_is_outside(tmp_path):
    raw = pd.read_csv(REF / "drivers_input.csv", dtype={"id": str})
    raw.loc[4, "satisfaction"] = np.inf
    raw.loc[6, "satisfaction"] = -250.0  # any finite number is an outcome without outcome_scale
    path = tmp_path / "inf.parquet"
    raw.to_parquet(path, index=False)
    options = dict(id="id", outcomes="satisfaction")
    with pytest.raises(SurveyValidationError) as info:
        servgap.scan(path, INST, **options).n_respondents
    cases = info.value.failure_cases
    assert cases[["row", "check", "problem"]].values.tolist() == [[5, "out_of_scale", "not a finite number"]]
    with pytest.raises(SurveyValidationError) as mem:
        servgap.read_survey(path, INST, **options)
    assert mem.value.failure_cases[["row", "check", "problem"]].values.tolist() == [
        [5, "out_of_scale", "not a finite number"]]
    scanned = servgap.scan(path, INST, **options, on_invalid="missing")
    memory = servgap.read_survey(path, INST, **options, on_invalid="missing")
    a, b = (s.stats.moments("outcome:satisfaction", "overall") for s in (scanned, memory))
    assert a.n[0, 0] == b.n[0, 0] == 179
    np.testing.assert_allclose(a.mean, b.mean, **TOL)


def test_outcome_column_problems_raise_at_scan(messy_csv):
    with pytest.raises(SurveyValidationError, match="outcome column not found"):
        servgap.scan(messy_csv, INST, id="id", outcomes=["nps"])
    with pytest.raises(SurveyValidationError, match="column_used_twice|several answers"):
        servgap.scan(messy_csv, INST, id="id", outcomes=["P_1"])
    with pytest.raises(ValueError, match="low < high"):
        servgap.scan(messy_csv, INST, id="id", outcomes=["loyal"], outcome_scale=(5, 1))


def test_the_segment_fallback_remains(messy_csv):
    """Without ``outcomes=``, a numeric segment column still serves as the outcome kind."""
    scanned = servgap.scan(messy_csv, INST, id="id", segments=["loyal"], on_invalid="missing",
                           missing_values=[99, "tidak tahu"])
    assert scanned.outcomes is None
    m = scanned.stats.moments("outcome:loyal", "overall")
    memory = servgap.read_survey(messy_csv, INST, id="id", segments=["loyal"], on_invalid="missing",
                                 missing_values=[99, "tidak tahu"])
    assert m.n[0, 0] == 180  # as a segment, 99 and 15 are values (no outcome checks)
    np.testing.assert_allclose(m.mean, memory.stats.moments("outcome:loyal", "overall").mean, **TOL)


# -- Spark (local mode) ---------------------------------------------------------------------------

# py4j leaves its gateway sockets to the garbage collector: not servgap's resources
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_outcomes_on_spark(messy_csv):
    if shutil.which("java") is None:
        pytest.skip("Spark test skipped: no Java runtime (apt-get install -y default-jre-headless)")
    pytest.importorskip("pyspark", reason="Spark test skipped: pyspark is not installed (pip install 'servgap[spark]')")
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[1]").appName("servgap-outcomes")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "1").config("spark.driver.memory", "512m").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        frame = spark.read.csv(str(messy_csv), header=True, inferSchema=True)
        options = dict(OPTIONS, on_invalid="missing")
        scanned = servgap.scan(frame, INST, **options)
        memory = servgap.read_survey(messy_csv, INST, **options)
        assert scanned.engine == "spark" and dict(frame.dtypes)["sat"] == "string"
        counts = scanned.exclusions.counts
        counts = counts[counts["column"].isin(["sat", "loyal"])].set_index(["check", "column"])["n"]
        log = memory.exclusions
        assert dict(counts) == dict(log[log["column"].isin(["sat", "loyal"])].groupby(["check", "column"]).size())
        for outcome in ("sat", "loyal"):
            a = servgap.drivers(scanned, outcome=outcome, n_boot=0)
            b = servgap.drivers(memory, outcome=outcome, n_boot=0)
            same(a.table, b.table)
            assert a.n == b.n
        with pytest.raises(SurveyValidationError, match="^3 problems"):
            servgap.scan(frame, INST, **OPTIONS).n_respondents
    finally:
        spark.stop()
