"""servgap.scan on DuckDB equals servgap.read_survey on the same file, analysis by analysis.

The R reference datasets (tests/reference) cover complete answers, missing answers, survey
weights, dimension weights, small n and segment columns; each analysis run on the scanned
survey must give the in-memory result to 1e-9.
"""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import ServgapError, SurveyValidationError
from servgap.engines import ScannedSurvey
from servgap.engines import stats as engine_stats

pytest.importorskip("duckdb")

REF = Path(__file__).parent / "reference"
TOL = dict(rtol=0, atol=1e-9)
GAPS = servgap.Instrument("ref", {"A": ["a1", "a2", "a3"], "B": ["b1", "b2"], "C": ["c1", "c2", "c3", "c4"]},
                          scale=(1, 5))
INFERENCE = {"D1": ["1", "2"], "D2": ["3", "4", "5"], "D3": ["6"]}
SIZES = {"Tangibles": 4, "Reliability": 5, "Responsiveness": 4, "Assurance": 4, "Empathy": 5}


def servqual(high: int) -> servgap.Instrument:
    dims, start = {}, 1
    for name, size in SIZES.items():
        dims[name] = [str(i) for i in range(start, start + size)]
        start += size
    return servgap.Instrument("servqual-test", dims, scale=(1, high))


def both(path, instrument, **options):
    """(scanned, in memory) of one file with the same options."""
    return servgap.scan(path, instrument, **options), servgap.read_survey(path, instrument, **options)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False, **TOL)


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def gaps_parquet(tmp_path_factory):
    """The gap reference input (missing answers, weights, dimension weights) as parquet, with
    a second segment column."""
    raw = pd.read_csv(REF / "gaps" / "input.csv", dtype={"id": str, "grp": str})
    raw["half"] = np.where(np.arange(len(raw)) % 3 == 0, "first", "second")
    path = tmp_path_factory.mktemp("gaps") / "input.parquet"
    raw.to_parquet(path, index=False)
    return path


@pytest.fixture(scope="module")
def gap_surveys(gaps_parquet):
    out = {}
    for min_items in (1, 2):
        out[min_items] = both(gaps_parquet, GAPS, id="id", segments=["grp", "half"], weight="w",
                              dimension_weights="W_{dimension}", min_items=min_items)
    return out


def test_scan_returns_a_lazy_survey(gap_surveys):
    scanned, memory = gap_surveys[1]
    assert isinstance(scanned, ScannedSurvey)
    assert scanned.n_respondents == memory.n_respondents == 60
    assert scanned.segment_names == ("grp", "half")
    assert len(scanned.segments) == 0 and list(scanned.segments.dtypes.astype(str)) == ["str", "str"]
    assert scanned.has_gaps and scanned.components == ("expectation", "perception")
    assert scanned.weight == "w" and scanned.dimension_weights == {"A": "W_A", "B": "W_B", "C": "W_C"}


@pytest.mark.parametrize("min_items", [1, 2])
@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
@pytest.mark.parametrize("by", [None, "grp", ["grp", "half"]])
def test_gap_scores_equal_in_memory(gap_surveys, min_items, level, by):
    scanned, memory = gap_surveys[min_items]
    same(servgap.gap_scores(scanned, level=level, by=by).table, servgap.gap_scores(memory, level=level, by=by).table)


@pytest.mark.parametrize("level", ["dimension", "overall"])
def test_weighted_gap_scores_equal_in_memory(gap_surveys, level):
    scanned, memory = gap_surveys[2]
    same(servgap.gap_scores(scanned, level=level, weighted=True, by="grp").table,
         servgap.gap_scores(memory, level=level, weighted=True, by="grp").table)


def test_gap_scores_match_r(gap_surveys):
    scanned, _ = gap_surveys[1]
    expected = pd.read_csv(REF / "gaps" / "dimension_min1.csv")
    table = servgap.gap_scores(servgap.scan(REF / "gaps" / "input.csv", GAPS, id="id", segments=["grp"]),
                               level="dimension").table
    np.testing.assert_allclose(table["gap_mean"], expected["gap_mean"], rtol=0, atol=1e-10)
    np.testing.assert_allclose(table["ci_low"], expected["ci_low"], rtol=0, atol=1e-10)


@pytest.mark.parametrize("method", ["t", "wilcoxon"])
@pytest.mark.parametrize("level", ["item", "dimension"])
def test_gap_tests_equal_in_memory(gap_surveys, method, level):
    scanned, memory = gap_surveys[2]
    same(quiet(servgap.gap_tests, scanned, level=level, method=method, by=["grp", "half"]).table,
         quiet(servgap.gap_tests, memory, level=level, method=method, by=["grp", "half"]).table)


@pytest.mark.parametrize("by", [None, "grp", ["grp", "half"]])
def test_gap_tests_off_the_lattice(gap_surveys, by):
    # a respondent lacking a dimension has an overall score that is a mean of two dimension
    # means: off the lattice of 1/36. The engine counts its distinct values instead (medians
    # and signed ranks from them; in memory, the rows are ranked)
    scanned, memory = gap_surveys[2]
    assert memory.stats.value_counts("gap", "overall") is None
    assert scanned.stats.value_counts("gap", "overall") is not None
    for method in ("t", "wilcoxon"):
        same(quiet(servgap.gap_tests, scanned, level="overall", by=by, method=method).table,
             quiet(servgap.gap_tests, memory, level="overall", by=by, method=method).table)


@pytest.mark.parametrize("method", ["t", "wilcoxon"])
def test_gap_tests_overall_on_complete_answers(likert5_csv, method):
    scanned, memory = both(likert5_csv, servqual(5), id="id", segments=["branch"])
    same(quiet(servgap.gap_tests, scanned, level="overall", method=method, by="branch").table,
         quiet(servgap.gap_tests, memory, level="overall", method=method, by="branch").table)


@pytest.fixture(scope="module", params=["small", "large"])
def inference_surveys(request):
    scale = {"small": (1, 5), "large": (1, 7)}[request.param]
    inst = servgap.Instrument("ref", INFERENCE, scale=scale)
    return both(REF / "inference" / f"survey_{request.param}.csv", inst, id="id", segments=["branch"])


@pytest.mark.parametrize("method", ["welch", "anova", "kruskal"])
@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
def test_compare_segments_equal_in_memory(inference_surveys, method, level):
    scanned, memory = inference_surveys
    # off the lattice (a respondent's overall score from fewer dimensions) the engine ranks
    # distinct-value counts, in memory the rows
    a = quiet(servgap.compare_segments, scanned, "branch", level=level, method=method, min_group_n=2)
    b = quiet(servgap.compare_segments, memory, "branch", level=level, method=method, min_group_n=2)
    same(a.table, b.table)
    same(a.groups, b.groups)
    same(a.posthoc, b.posthoc)


@pytest.mark.parametrize("method", ["t", "wilcoxon"])
def test_gap_tests_small_sample_equal_in_memory(inference_surveys, method):
    scanned, memory = inference_surveys
    same(quiet(servgap.gap_tests, scanned, level="item", method=method).table,
         quiet(servgap.gap_tests, memory, level="item", method=method).table)


@pytest.mark.parametrize("level", ["item", "dimension"])
@pytest.mark.parametrize("method", ["welch", "mannwhitney"])
def test_compare_waves_equal_in_memory(method, level):
    inst = servgap.Instrument("ref", INFERENCE, scale=(1, 7))
    before = both(REF / "inference" / "survey_large.csv", inst, id="id")
    after = both(REF / "inference" / "survey_wave2.csv", inst, id="id")
    # Mann–Whitney: midranks from both waves' value counts on the lattice
    same(quiet(servgap.compare_waves, before[0], after[0], method=method, level=level).table,
         quiet(servgap.compare_waves, before[1], after[1], method=method, level=level).table)


@pytest.fixture(scope="module")
def likert5_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("rel") / "likert5.csv"
    pd.read_csv(REF / "reliability" / "data_likert5.csv").to_csv(path, index=False)
    return path


@pytest.mark.parametrize("score", ["perception", "expectation", "gap"])
def test_reliability_feldt_equals_in_memory(likert5_csv, score):
    scanned, memory = both(likert5_csv, servqual(5), id="id", segments=["branch"])
    a = quiet(servgap.reliability, scanned, score=score, by="branch")
    b = quiet(servgap.reliability, memory, score=score, by="branch")
    same(a.table, b.table)
    same(a.items, b.items)


def test_rows_are_refused_with_the_alternatives(likert5_csv, gap_surveys):
    scanned, _ = both(likert5_csv, servqual(5), id="id")
    with pytest.raises(ServgapError, match=r"ci=\"feldt\".*sample\(n\).*to_survey\(\)"):
        servgap.reliability(scanned, score="perception", ci="bootstrap", n_boot=10)
    with pytest.raises(ServgapError, match="sample"):
        scanned.stats.rows("gap", "item")
    # reliability with missing answers comes from aggregates (tests/test_engines_reliability.py)
    same(quiet(servgap.reliability, gap_surveys[1][0], score="perception").table,
         quiet(servgap.reliability, gap_surveys[1][1], score="perception").table)


def test_sample_and_to_survey_read_rows_into_memory(likert5_csv):
    scanned, memory = both(likert5_csv, servqual(5), id="id", segments=["branch"])
    whole = scanned.to_survey()
    assert isinstance(whole, servgap.Survey) and whole.n_respondents == memory.n_respondents
    same(servgap.gap_scores(whole).table, servgap.gap_scores(memory).table)
    part = scanned.sample(50, seed=1)
    assert part.n_respondents == 50
    assert set(part.respondents) <= set(memory.respondents)
    assert list(scanned.sample(50, seed=1).respondents) == list(part.respondents)


def test_duckdb_connection_table_and_query(gaps_parquet):
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE TABLE answers AS SELECT * FROM read_parquet('{gaps_parquet}')")
    memory = servgap.read_survey(gaps_parquet, GAPS, id="id", segments=["grp"])
    for kwargs in ({"table": "answers"}, {"query": "SELECT * FROM answers WHERE id IS NOT NULL"}):
        scanned = servgap.scan(con, GAPS, id="id", segments=["grp"], **kwargs)
        same(servgap.gap_scores(scanned, by="grp").table, servgap.gap_scores(memory, by="grp").table)
    with pytest.raises(ServgapError, match="table=.*query="):
        servgap.scan(con, GAPS)


def test_glob_of_parquet_files_is_one_survey(tmp_path):
    raw = pd.read_csv(REF / "inference" / "survey_large.csv", dtype={"id": str})
    raw.iloc[:25].to_parquet(tmp_path / "part1.parquet", index=False)
    raw.iloc[25:].to_parquet(tmp_path / "part2.parquet", index=False)
    raw.to_parquet(tmp_path / "all.parquet.bak", index=False)
    inst = servgap.Instrument("ref", INFERENCE, scale=(1, 7))
    scanned = servgap.scan(str(tmp_path / "part*.parquet"), inst, id="id", segments=["branch"])
    memory = servgap.read_survey(raw, inst, id="id", segments=["branch"])
    same(servgap.gap_scores(scanned, level="dimension", by="branch").table,
         servgap.gap_scores(memory, level="dimension", by="branch").table)


# -- validation on the engine --------------------------------------------------------------------
@pytest.fixture()
def messy_csv(tmp_path):
    """Answers with labels, a typo, an out-of-scale value, a missing code, a duplicate id."""
    text = ("id,branch,E_1,E_2,P_1,P_2\n"
            "a,X,5,4,3,4\n"
            "b,X,Setuju,4,Sangat Setuju,99\n"
            "c,Y,9,4,3,??\n"
            "a,Y,4,4,4,4\n"
            "d,Y,4,4,2,\n"
            "e, Y ,3,5,4,3\n")
    path = tmp_path / "messy.csv"
    path.write_text(text, encoding="utf-8")
    return path


MINI = servgap.Instrument("mini", {"A": ["1", "2"]}, scale=(1, 5))


def test_invalid_answers_raise_naming_the_first_problems_and_the_total(messy_csv):
    scanned = servgap.scan(messy_csv, MINI, id="id", segments=["branch"], missing_values=[99])
    with pytest.raises(SurveyValidationError) as info:
        scanned.n_respondents
    cases = info.value.failure_cases
    with pytest.raises(SurveyValidationError) as mem:
        servgap.read_survey(messy_csv, MINI, id="id", segments=["branch"], missing_values=[99])
    expected = mem.value.failure_cases
    assert "3 problems found by the engine" in str(info.value)
    cols = ["row", "respondent", "column", "value", "check"]
    same(cases[cols].astype(str), expected[cols].astype(str))


def test_on_invalid_missing_sets_aside_and_logs_like_read_survey(messy_csv):
    options = dict(id="id", segments=["branch"], missing_values=[99], on_invalid="missing")
    scanned, memory = both(messy_csv, MINI, **options)
    assert scanned.n_respondents == memory.n_respondents == 5
    same(servgap.gap_scores(scanned, by="branch").table, servgap.gap_scores(memory, by="branch").table)
    counts = scanned.exclusions.counts.set_index(["check", "column"])["n"]
    log = memory.exclusions
    for check in ("out_of_scale", "unknown_label", "missing_code", "duplicate_id", "incomplete_pair"):
        mem = log[log["check"] == check].groupby("column").size()
        eng = counts.xs(check, level="check") if check in counts.index.get_level_values(0) else pd.Series(dtype=int)
        assert dict(eng) == dict(mem), check
    rows = scanned.exclusions.rows(checks=["out_of_scale", "unknown_label", "missing_code", "duplicate_id"])
    mem_rows = log[log["check"].isin(["out_of_scale", "unknown_label", "missing_code", "duplicate_id"])]
    assert sorted(zip(rows["row"], rows["column"], rows["check"])) == \
        sorted(zip(mem_rows["row"], mem_rows["column"], mem_rows["check"]))
    assert set(rows["value"]) == {"9", "??", "99", "a"}


def test_segment_text_is_stripped_and_labels_mapped(messy_csv):
    scanned = servgap.scan(messy_csv, MINI, id="id", segments=["branch"], on_invalid="missing")
    assert scanned.stats.groups(("branch",)).keys == [("X",), ("Y",)]
    assert scanned.metadata["likert"] == {"expectation": "setuju5_id", "perception": "setuju5_id"}


def test_column_problems_raise_at_scan(messy_csv):
    with pytest.raises(SurveyValidationError, match="column_not_found|not found"):
        servgap.scan(messy_csv, MINI, segments=["region"])
    inst = servgap.Instrument("three", {"A": ["1", "2", "3"]}, scale=(1, 5))
    with pytest.raises(SurveyValidationError) as info:
        servgap.scan(messy_csv, inst)
    assert set(info.value.failure_cases["check"]) == {"column_not_found"}


def test_listwise_excludes_incomplete_respondents(messy_csv):
    options = dict(id="id", on_invalid="missing", missing="listwise")
    scanned, memory = both(messy_csv, MINI, **options)
    assert scanned.n_respondents == memory.n_respondents
    counts = scanned.exclusions.counts
    assert int(counts.loc[counts["check"] == "listwise", "n"].sum()) == int((memory.exclusions["check"] == "listwise").sum())


def test_cp1252_csv_is_transcoded(tmp_path):
    text = "id,branch,E_1,E_2,P_1,P_2\nr1,Café,5,4,3,4\nr2,Zoë,4,4,5,5\nr3,Café,3,4,4,4\n"
    path = tmp_path / "w.csv"
    path.write_bytes(text.encode("cp1252"))
    scanned, memory = both(path, MINI, id="id", segments=["branch"])
    assert scanned.stats.groups(("branch",)).keys == [("Café",), ("Zoë",)]
    same(servgap.gap_scores(scanned, by="branch").table, servgap.gap_scores(memory, by="branch").table)


def test_decimal_comma_and_delimiter_are_reader_options(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("E_1;E_2;P_1;P_2\n4,5;4;3;4\n5;4,5;4;4\n", encoding="utf-8")
    scanned = servgap.scan(path, MINI, delimiter=";", decimal=",")
    table = servgap.gap_scores(scanned).table
    assert table["gap_mean"].tolist() == [-1.25, -0.25]


def test_resources_are_set():
    from servgap.engines._duckdb import DEFAULT_RESOURCES

    scanned = servgap.scan(REF / "inference" / "survey_small.csv", servgap.Instrument("ref", INFERENCE),
                           id="id", threads=1, memory_limit="256MB")
    con = scanned._engine.con
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 1
    assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] in ("256.0 MB", "244.1 MiB")
    assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == DEFAULT_RESOURCES["temp_directory"]


# -- zone of tolerance ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def three_column_csv(tmp_path_factory):
    """Adequate, desired and perception answers with missing answers, inverted zones, segments."""
    rng = np.random.default_rng(11)
    n, items = 80, [str(i) for i in range(1, 23)]
    frame = {"id": [f"r{i}" for i in range(n)], "branch": rng.choice(["north", "south", "west"], n)}
    for prefix, centre in (("A", 5), ("D", 7), ("P", 6)):
        for item in items:
            x = np.clip(np.rint(centre + rng.normal(scale=1.3, size=n)), 1, 9)
            x[rng.random(n) < 0.06] = np.nan
            frame[f"{prefix}_{item}"] = x
    path = tmp_path_factory.mktemp("zones") / "libqual.csv"
    pd.DataFrame(frame).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("min_items", [1, 3])
@pytest.mark.parametrize("level", ["item", "dimension"])
def test_zone_of_tolerance_equals_in_memory(three_column_csv, level, min_items):
    scanned, memory = both(three_column_csv, "libqual22", id="id", segments=["branch"], min_items=min_items)
    a = servgap.zone_of_tolerance(scanned, level=level, by="branch").table
    b = servgap.zone_of_tolerance(memory, level=level, by="branch").table
    same(a, b)
    # the data exercise every branch of the rules: inverted zones, respondents below and above
    assert b["n_inverted"].sum() > 0 and (b["share_below"] > 0).any() and (b["share_above"] > 0).any()


def test_zone_kinds_of_the_statistics_layer_by_hand(three_column_csv):
    """MemoryStats' zone kinds equal the row formulas (and the engine gives the same aggregates)."""
    memory = servgap.read_survey(three_column_csv, "libqual22", id="id", segments=["branch"], min_items=2)
    a, d, p = (memory.answers[k].to_numpy() for k in ("adequate", "desired", "perception"))
    complete = ~(np.isnan(a) | np.isnan(d) | np.isnan(p))
    a, d, p = (np.where(complete, x, np.nan) for x in (a, d, p))
    stats = memory.stats
    np.testing.assert_allclose(stats.moments("adequacy", "item").mean[0], np.nanmean(p - a, axis=0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(stats.moments("triple_desired", "item").n[0], complete.sum(axis=0))
    below = np.where(complete, (p - a < 0).astype(float), np.nan)
    np.testing.assert_allclose(stats.moments("zone_below", "item").mean[0], np.nanmean(below, axis=0), rtol=0, atol=1e-12)
    # dimension level: indicators of each respondent's dimension means over complete triples
    items = list(memory.instrument.dimensions.values())[0]
    idx = [memory.items.index(i) for i in items]
    enough = complete[:, idx].sum(axis=1) >= 2
    pm, am, dm = (np.where(enough, np.nanmean(x[:, idx], axis=1), np.nan) for x in (p, a, d))
    above = np.where(enough, ((pm - dm > 0) & ~(pm - am < 0)).astype(float), np.nan)
    np.testing.assert_allclose(stats.moments("zone_above", "dimension").mean[0, 0], np.nanmean(above), rtol=0, atol=1e-12)
    scanned = servgap.scan(three_column_csv, "libqual22", id="id", segments=["branch"], min_items=2)
    for kind in ("adequacy", "zone_below", "zone_above", "zone_inverted"):
        np.testing.assert_allclose(scanned.stats.moments(kind, "dimension", ("branch",)).mean,
                                   stats.moments(kind, "dimension", ("branch",)).mean, rtol=0, atol=1e-12)


def test_analyses_that_read_rows_say_so(likert5_csv):
    scanned = servgap.scan(likert5_csv, servqual(5), id="id", segments=["branch"])
    # validity, factor_check and cfa run on the aggregates (tests/test_engines_validity.py)
    with pytest.raises(ServgapError, match=r"sample\(n\).*to_survey\(\)"):
        scanned.stats.rows("perception", "item")
    with pytest.raises(ServgapError, match="sample"):
        scanned.answers


@pytest.fixture(scope="module")
def integer_surveys(tmp_path_factory):
    """The gap reference input with whole-number answer columns (nullable integers in parquet,
    as a warehouse export holds them): the engine stores them as integers and knows that item
    and dimension values lie on the value-count lattice."""
    raw = pd.read_csv(REF / "gaps" / "input.csv", dtype={"id": str, "grp": str})
    for column in raw.columns:
        if column.startswith(("E_", "P_")):
            raw[column] = raw[column].astype("Int64")
    raw["half"] = np.where(np.arange(len(raw)) % 3 == 0, "first", "second")
    path = tmp_path_factory.mktemp("integers") / "input.parquet"
    raw.to_parquet(path, index=False)
    return both(path, GAPS, id="id", segments=["grp", "half"], min_items=2)


@pytest.mark.parametrize("by", [(), ("grp",), ("half",), ("grp", "half")])
def test_aggregates_of_every_grouping_equal_in_memory(integer_surveys, by):
    # one query per score family and level, grouped by both segments; every coarser grouping
    # added up: moments, pairwise cross-products (by answer pattern) and value counts
    scanned, memory = integer_surveys
    engine, stats = scanned.stats, memory.stats
    assert engine.integer and engine.groups(by) == stats.groups(by)
    for kind in ("gap", "paired_expectation", "perception"):
        for level in ("item", "dimension", "scale_mean", "overall"):
            a, b = engine.moments(kind, level, by), stats.moments(kind, level, by)
            for field in ("n", "mean", "m2"):
                np.testing.assert_allclose(getattr(a, field), getattr(b, field), rtol=0, atol=1e-9)
    blocks = [("perception", "item"), ("perception", "scale_mean")]
    a, b = engine.crossproducts(blocks, by), stats.crossproducts(blocks, by)
    np.testing.assert_array_equal(a.count, b.count)
    np.testing.assert_allclose(a.cov(), b.cov(), rtol=0, atol=1e-9)
    for level in ("item", "dimension"):
        # the lattice may reach further on either side (bounds from the answers' range): the
        # values held and their counts are the same
        a, b = (held(x) for x in (engine.value_counts("gap", level, by), stats.value_counts("gap", level, by)))
        np.testing.assert_allclose(a[0], b[0], rtol=0, atol=1e-12)
        np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize("kind", ["perception", "paired_expectation", "gap"])
@pytest.mark.parametrize("by", [(), ("grp", "half")])
def test_cross_products_of_every_linear_level_from_answer_patterns(gap_surveys, kind, by):
    # items, dimension means (min_items = 2), scale means and the overall score are, within one
    # pattern of answered items, linear combinations of the items: their pairwise and subset
    # cross-products follow from the items' answer patterns (one pass) and equal memory's
    scanned, memory = gap_surveys[2]
    engine, stats = scanned.stats, memory.stats
    blocks = [(kind, "item"), (kind, "dimension"), (kind, "scale_mean"), (kind, "overall")]
    a, b = engine.crossproducts(blocks, by), stats.crossproducts(blocks, by)
    np.testing.assert_array_equal(a.count, b.count)
    np.testing.assert_allclose(a.cov(), b.cov(), rtol=0, atol=1e-9)
    centre = np.nan_to_num(a.shift + 1.5)[None, :].repeat(a.count.shape[0], axis=0)
    np.testing.assert_allclose(a.centred_cross(centre), b.centred_cross(centre), rtol=0, atol=1e-9)
    # an item with its dimension over the rows with another item; a scale with the overall
    # score over the rows complete on both (9 items, 3 dimensions, 4 scales, 1 overall)
    subsets = [((0, 9), (1,)), ((12, 16), (12, 16)), ((3, 4, 10), (3, 4, 10))]
    for x, y in zip(engine.subset_crossproducts(blocks, subsets, by), stats.subset_crossproducts(blocks, subsets, by)):
        np.testing.assert_array_equal(x.count, y.count)
        np.testing.assert_allclose(x.cov(), y.cov(), rtol=0, atol=1e-9)
    for level in ("scale_mean", "item"):
        x, y = engine.moments(kind, level, by), stats.moments(kind, level, by)
        for field in ("n", "mean", "m2"):
            np.testing.assert_allclose(getattr(x, field), getattr(y, field), rtol=0, atol=1e-9)


def held(counts):
    """(values, counts) of a ValueCounts between its smallest and largest value held."""
    used = np.flatnonzero(counts.counts.sum(axis=(0, 1)))
    part = slice(used[0], used[-1] + 1)
    return counts.values[part], counts.counts[:, :, part]


@pytest.mark.parametrize("missing", ["available", "listwise"])
def test_numbers_only_source_counts_problems_like_read_survey(tmp_path, missing):
    # whole-number columns, no missing codes: the rows are written once with their status and
    # the counts per check come from that table and the source's counts of values
    raw = pd.DataFrame({"id": ["a", "b", "c", "c", None, "e", "f", "g"],
                        "branch": ["x", "x", "y", "y", "x", "y", "x", "y"],
                        "E_1": [5, 9, 4, 3, 2, None, 0, 4], "E_2": [4, 4, None, 5, 5, None, 3, 2],
                        "P_1": [3, 4, 5, 4, 1, None, 2, 4], "P_2": [4, 3, 5, 7, 3, None, 2, None]})
    for column in ("E_1", "E_2", "P_1", "P_2"):
        raw[column] = raw[column].astype("Int64")
    path = tmp_path / "numbers.parquet"
    raw.to_parquet(path, index=False)
    options = dict(id="id", segments=["branch"], on_invalid="missing", missing=missing)
    scanned, memory = both(path, MINI, **options)
    assert scanned._numbers_only()
    assert scanned.n_respondents == memory.n_respondents
    same(servgap.gap_scores(scanned, by="branch").table, servgap.gap_scores(memory, by="branch").table)
    counts = scanned.exclusions.counts.groupby(["check", "column"], dropna=False)["n"].sum()
    log = memory.exclusions
    checks = ["out_of_scale", "missing_id", "duplicate_id", "no_answers", "incomplete_pair", "listwise"]
    for check in checks:
        mem = log[log["check"] == check]
        eng = counts.xs(check, level="check") if check in counts.index.get_level_values(0) else pd.Series(dtype=int)
        assert int(eng.sum()) == len(mem), check
        if check in ("out_of_scale", "incomplete_pair"):
            assert dict(eng) == dict(mem.groupby("column").size()), check
    assert int(counts.xs("out_of_scale", level="check").sum()) == 3  # 9, 0 and 7 on a 1–5 scale
    with pytest.raises(SurveyValidationError, match=r"^5 problems"):  # 3 answers, a repeated and a missing id
        servgap.scan(path, MINI, id="id").n_respondents


def written_tables(scanned) -> list:
    return [r[0] for r in scanned._engine.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            if r[0].startswith(scanned._tag)]


@pytest.mark.parametrize("change, direct", [(None, True), ("leading space", True), ("trailing space", True),
                                            ("blank segment", True), ("other whitespace", True),
                                            ("repeated id", False), ("padded repeated id", False),
                                            ("no answers", False), ("out of scale", False), ("missing id", False),
                                            ("invalid weight", False), ("listwise", False)])
def test_valid_numbers_only_parquet_is_read_in_place(tmp_path, change, direct):
    # whole-number answers, every one on the scale and every respondent kept: one aggregate pass
    # checks that and the validated view reads the parquet file itself (nothing written); any
    # problem sends the survey down the written path. Either way the results are read_survey's.
    rng = np.random.default_rng(3)
    n = 60
    raw = pd.DataFrame({"id": [f"r{i}" for i in range(n)], "branch": rng.choice(["x", "y", "z"], n),
                        "w": rng.uniform(0.5, 2.0, n)})
    for kind in ("E", "P"):
        for item in ("1", "2", "3"):
            values = pd.array(rng.integers(1, 6, n), dtype="Int64")
            values[rng.random(n) < 0.15] = pd.NA
            raw[f"{kind}_{item}"] = values
    if change == "leading space":  # segment values the loader strips (blank: missing)
        raw.loc[0, "branch"] = " x"
    elif change == "trailing space":
        raw.loc[5, "branch"] = "y "
    elif change == "blank segment":
        raw.loc[[0, 5], "branch"] = ""
    elif change == "other whitespace":  # str.strip() removes every kind of whitespace
        raw.loc[[0, 5, 9], "branch"] = ["\tx", "y\u00a0", "\u3000z\n"]
    elif change == "padded repeated id":
        raw.loc[7, "id"] = "r3\t"
    elif change == "repeated id":
        raw.loc[7, "id"] = "r3"
    elif change == "no answers":
        raw.loc[4, [c for c in raw.columns if c[:2] in ("E_", "P_")]] = pd.NA
    elif change == "out of scale":
        raw.loc[2, "P_3"] = 6
    elif change == "missing id":
        raw.loc[6, "id"] = None
    elif change == "invalid weight":
        raw.loc[8, "w"] = -1.0
    path = tmp_path / "numbers.parquet"
    raw.to_parquet(path, index=False)
    inst = servgap.Instrument("mini3", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5), reverse=["2"])
    options = dict(id="id", segments=["branch"], weight="w", on_invalid="missing",
                   missing="listwise" if change == "listwise" else "available")
    scanned, memory = both(path, inst, **options)
    assert scanned._numbers_only()
    assert scanned.n_respondents == memory.n_respondents
    assert (not any(t.endswith("_all") for t in written_tables(scanned))) == direct
    for level in ("item", "dimension", "overall"):
        same(servgap.gap_scores(scanned, level=level, by="branch").table,
             servgap.gap_scores(memory, level=level, by="branch").table)
    same(quiet(servgap.reliability, scanned, score="perception").table,
         quiet(servgap.reliability, memory, score="perception").table)
    counts = scanned.exclusions.counts
    log = memory.exclusions
    for check in ("out_of_scale", "duplicate_id", "no_answers", "incomplete_pair", "missing_id",
                  "invalid_weight"):
        mem = log[log["check"] == check].fillna({"column": "-"}).groupby("column").size()
        eng = counts[counts["check"] == check].fillna({"column": "-"}).set_index("column")["n"]
        assert {k: int(v) for k, v in eng.items()} == {k: int(v) for k, v in mem.items()}, check
    # listwise: one count on the engine, one row per respondent (naming its gaps) in memory
    assert int(counts.loc[counts["check"] == "listwise", "n"].sum()) == int((log["check"] == "listwise").sum())
    assert set(counts.loc[counts["check"] == "reverse_keyed", "column"]) == {"E_2", "P_2"}
    if change != "listwise":  # (listwise deletion leaves no incomplete pair)
        assert int(counts.loc[counts["check"] == "incomplete_pair", "n"].sum()) > 0
    if change in ("missing id", "invalid weight", "listwise"):
        assert scanned.n_respondents < n


@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
@pytest.mark.parametrize("x, y", [([1, 3, 4], [2, 5, 6, 7]),  # no ties: the exact distribution
                                  ([1, 1, 3, 4, 4, 4], [2, 4, 5, 5, 6, 7, 7])])  # ties: normal
def test_mann_whitney_from_value_counts_equals_the_rows(x, y, alternative):
    # compare_waves ranks from both waves' value counts: the same W and p as from the rows
    from servgap._rank import rank_sum
    from servgap.inference import _rank_sum_counts
    from servgap.stats import ValueCounts

    def counts(v, values):
        return ValueCounts(names=("q",), values=values, counts=np.array([[[v.count(a) for a in values]]], float))

    a = _rank_sum_counts(counts(x, np.arange(1.0, 6.0)), counts(y, np.arange(2.0, 8.0)), 0, 0, True, alternative,
                         None)
    b = rank_sum(np.array(x, float), np.array(y, float), correction=True, alternative=alternative)
    assert a["w"] == b["w"]
    np.testing.assert_allclose(a["p_val"], b["p_val"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("limit", [2, 256])
def test_many_segment_combinations_are_not_fetched_until_asked_for(gaps_parquet, monkeypatch, limit):
    # queries group by every segment column while their combinations are few (the results of
    # one segment then add up); beyond the bound (a postcode segment) the combinations are
    # probed with a LIMIT, each analysis groups by what it asks for, and results are the same
    monkeypatch.setattr(engine_stats, "_MAX_FINE_GROUPS", limit)
    options = dict(id="id", segments=["grp", "half"], weight="w")
    scanned, memory = both(gaps_parquet, GAPS, **options)
    fetched = []
    fetch = scanned.stats.engine.fetch
    scanned.stats.engine.fetch = lambda sql: fetched.append(rows := fetch(sql)) or rows
    assert scanned.n_respondents == memory.n_respondents
    for by in ("grp", "half", ["grp", "half"]):
        same(servgap.gap_scores(scanned, level="dimension", by=by).table,
             servgap.gap_scores(memory, level="dimension", by=by).table)
    n_combinations = memory.segments.groupby(["grp", "half"], dropna=False).ngroups
    fine = n_combinations <= limit
    assert scanned.stats._fine(("grp",)) == (("grp", "half") if fine else ("grp",))
    assert len(fetched[0]) == (n_combinations if fine else limit + 1)  # the probe


def test_an_invalid_dimension_weight_is_described_as_the_loader_describes_it(tmp_path):
    # out of 0-100 points (not out of the answers' scale); an outcome out of its own scale
    raw = pd.DataFrame({"id": ["r0", "r1", "r2"], "E_1": [1, 2, 3], "P_1": [2, 2, 4], "E_2": [3, 3, 3],
                        "P_2": [4, 5, 1], "W_A": [100.0, 150.0, 40.0], "sat": [3.0, 11.0, 5.0]})
    path = tmp_path / "weights.parquet"
    raw.to_parquet(path, index=False)
    options = dict(id="id", dimension_weights="W_{dimension}", outcomes=["sat"], outcome_scale=(0, 10))
    with pytest.raises(SurveyValidationError) as engine:
        servgap.scan(path, MINI, **options).n_respondents
    with pytest.raises(SurveyValidationError) as memory:
        servgap.read_survey(path, MINI, **options)
    cols = ["row", "respondent", "column", "value", "check", "problem"]
    a, b = engine.value.failure_cases[cols].astype(str), memory.value.failure_cases[cols].astype(str)
    same(a, b)
    assert a["problem"].tolist() == ["dimension weight outside 0-100 points", "outside the scale 0-10"]
