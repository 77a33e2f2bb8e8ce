"""The statistics layer against the row-based formulas servgap used before it.

Random surveys with missing answers, survey weights, dimension weights, several segment columns
and non-integer answers: every aggregate-based number equals the one computed from the rows
(pandas, numpy, the sort-based rank code) to 1e-9.
"""

import numpy as np
import pandas as pd
import pytest

import servgap
from reference_formulas import old_dimension_scores, old_gap_table
from servgap._rank import kruskal_counts, kruskal_dunn, signed_rank, signed_rank_counts
from servgap.survey import WholeAnswers

TOL = dict(rtol=1e-9, atol=1e-9)
DIMENSIONS = {"A": ["1", "2", "3"], "B": ["4", "5"], "C": ["6", "7", "8", "9"]}


def random_survey(seed, *, missing=0.1, weights=False, continuous=False, dimension_weights=False,
                  min_items=1, offset=0):
    rng = np.random.default_rng(seed)
    n = 150
    low, high = (0, 10) if continuous else (1, 7)
    inst = servgap.Instrument("random", DIMENSIONS, scale=(low + offset, high + offset))
    raw = {"branch": rng.choice(["X", "Y", "Z"], n), "type": rng.choice(["new", "old"], n)}
    for kind in "EP":
        for i in range(1, 10):
            values = (rng.uniform(low, high, n).round(3) if continuous
                      else rng.integers(low, high + 1, n).astype(float)) + offset
            values[rng.random(n) < missing] = np.nan
            raw[f"{kind}_{i}"] = values
    if weights:
        raw["w"] = rng.uniform(0.5, 3.0, n)
    if dimension_weights:
        points = rng.dirichlet(np.ones(3), n) * 100
        for j, dim in enumerate(DIMENSIONS):
            raw[f"W_{dim}"] = points[:, j]
    return servgap.read_survey(pd.DataFrame(raw), inst, segments=["branch", "type"],
                               weight="w" if weights else None, min_items=min_items,
                               dimension_weights="W_{dimension}" if dimension_weights else None)


CASES = {
    "complete": dict(missing=0.0),
    "missing": dict(missing=0.15),
    "weights": dict(missing=0.1, weights=True, dimension_weights=True),
    "continuous": dict(missing=0.1, continuous=True),
    "min_items": dict(missing=0.25, min_items=2),
    "offset": dict(missing=0.1, continuous=True, offset=1_000_000),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
@pytest.mark.parametrize("by", [(), ("branch",), ("branch", "type")])
def test_gap_scores_equal_the_row_formulas(case, level, by):
    survey = random_survey(7, **CASES[case])
    new = servgap.gap_scores(survey, level=level, by=list(by)).table
    old = old_gap_table(survey, level, by)
    for column in ["n", "expectation_mean", "perception_mean", "gap_mean", "gap_sd", "gap_se",
                   "ci_low", "ci_high", *(["n_effective"] if survey.weight is not None else [])]:
        np.testing.assert_allclose(new[column].to_numpy(dtype=float), old[column].to_numpy(dtype=float),
                                   err_msg=column, **TOL)


@pytest.mark.parametrize("by", [(), ("branch",)])
def test_weighted_servqual_score_equals_the_row_formula(by):
    survey = random_survey(3, **CASES["weights"])
    new = servgap.gap_scores(survey, level="overall", by=list(by), weighted=True).table
    old = old_gap_table(survey, "overall", by, weighted=True)
    for column in ["n", "gap_mean", "gap_se", "ci_low", "ci_high", "n_effective"]:
        np.testing.assert_allclose(new[column].to_numpy(dtype=float), old[column].to_numpy(dtype=float),
                                   err_msg=column, **TOL)


@pytest.mark.parametrize("case", CASES)
def test_dimension_scores_equal_pandas(case):
    survey = random_survey(11, **CASES[case])
    gaps = survey.perception - survey.expectation
    pd.testing.assert_frame_equal(survey.dimension_scores("gap"), old_dimension_scores(survey, gaps),
                                  check_names=False, rtol=1e-12)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind,level", [("gap", "item"), ("perception", "dimension"), ("gap", "overall")])
def test_moments_equal_pandas_groupby(case, kind, level):
    survey = random_survey(5, **CASES[case])
    values = {"item": survey.scores(kind), "dimension": survey.dimension_scores(kind),
              "overall": survey.overall_scores(kind).to_frame()}[level]
    m = survey.stats.moments(kind, level, ("branch", "type"))
    grouped = values.groupby([survey.segments["branch"], survey.segments["type"]], sort=True)
    np.testing.assert_array_equal(m.n, grouped.count().to_numpy())
    np.testing.assert_allclose(m.mean, grouped.mean().to_numpy(), **TOL)
    np.testing.assert_allclose(m.var, grouped.var().to_numpy(), **TOL)


@pytest.mark.parametrize("case", CASES)
def test_pairwise_covariances_equal_pandas(case):
    survey = random_survey(9, **CASES[case])
    cp = survey.stats.crossproducts([("expectation", "item"), ("gap", "item"), ("gap", "dimension")],
                                    ("branch",))
    block = pd.concat([survey.expectation, survey.perception - survey.expectation,
                       survey.dimension_scores("gap")], axis=1)
    for g, (_, rows) in enumerate(block.groupby(survey.segments["branch"], sort=True)):
        np.testing.assert_allclose(cp.cov()[g], rows.cov().to_numpy(), **TOL)
        np.testing.assert_array_equal(np.diag(cp.count[g]), rows.notna().sum().to_numpy())


@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
@pytest.mark.parametrize("zero_method", ["wilcox", "pratt", "zsplit"])
def test_counted_signed_rank_tests_equal_the_sorted_ones(level, zero_method):
    survey = random_survey(13, **CASES["missing"])
    counts = survey.stats.value_counts("gap", level, ("branch",))
    assert counts is not None  # integer answers: gaps and their means lie on a lattice
    values = survey.stats.rows("gap", level)
    codes = survey.stats.codes(("branch",))
    counted = signed_rank_counts(counts.values, counts.counts, zero_method=zero_method)
    for j in range(values.shape[1]):
        ok = ~np.isnan(values[:, j])
        sorted_ = signed_rank(values[ok, j], codes[ok], 3, zero_method=zero_method)
        for key in ("n", "n_zero", "t_plus", "t_minus", "z", "p_val"):
            np.testing.assert_allclose(counted[key][:, j], sorted_[key], err_msg=key, **TOL)
    medians = pd.DataFrame(values).groupby(codes).median().to_numpy()
    np.testing.assert_allclose(counts.median(), medians, **TOL)


def test_counted_kruskal_wallis_equals_the_sorted_one():
    survey = random_survey(17, **CASES["missing"])
    counts = survey.stats.value_counts("gap", "dimension", ("branch",))
    values = survey.stats.rows("gap", "dimension")
    codes = survey.stats.codes(("branch",))
    h, mean_rank, term = kruskal_counts(np.moveaxis(counts.counts, 0, 1))
    for j in range(values.shape[1]):
        ok = ~np.isnan(values[:, j])
        h_rows, rank_rows, term_rows = kruskal_dunn(values[ok, j], codes[ok], 3)
        np.testing.assert_allclose([h[j], term[j]], [h_rows, term_rows], **TOL)
        np.testing.assert_allclose(mean_rank[j], rank_rows, **TOL)


def test_values_off_a_lattice_have_no_counts_and_take_the_row_path():
    survey = random_survey(19, **CASES["continuous"])
    assert survey.stats.value_counts("gap", "item") is None
    table = servgap.gap_tests(survey, level="item", method="wilcoxon").table
    gaps = survey.perception - survey.expectation
    np.testing.assert_allclose(table["gap_median"], gaps.median().to_numpy(), **TOL)
    from scipy import stats
    for j, item in enumerate(survey.items):
        d = np.round(gaps[item].dropna().to_numpy(), 10)  # ties as servgap breaks them
        expected = stats.wilcoxon(d, correction=True, method="approx")
        assert table["p_val"][j] == pytest.approx(expected.pvalue, rel=1e-9)


def test_gap_tests_and_comparisons_agree_between_the_counted_and_the_row_paths():
    survey = random_survey(23, **CASES["missing"])
    source = survey.stats
    counted = servgap.compare_segments(survey, "branch", level="dimension", method="kruskal")
    original = source.value_counts
    try:  # force the row path: no aggregate of value counts
        source.value_counts = lambda *a, **k: None
        rows = servgap.compare_segments(survey, "branch", level="dimension", method="kruskal")
        rows_tests = servgap.gap_tests(survey, level="dimension", method="wilcoxon", by="type")
    finally:
        source.value_counts = original
    counted_tests = servgap.gap_tests(survey, level="dimension", method="wilcoxon", by="type")
    pd.testing.assert_frame_equal(counted.table, rows.table, rtol=1e-9)
    pd.testing.assert_frame_equal(counted.posthoc, rows.posthoc, rtol=1e-9)
    pd.testing.assert_frame_equal(counted_tests.table, rows_tests.table, rtol=1e-9)


def test_moments_of_large_offsets_keep_their_digits():
    rng = np.random.default_rng(1)
    x = 1e9 + rng.normal(size=5000).round(6)
    inst = servgap.Instrument("offset", {"A": ["1", "2"]}, scale=(int(1e9) - 100, int(1e9) + 100))
    survey = servgap.read_survey(pd.DataFrame({"P_1": x, "P_2": x[::-1].copy()}), inst, expectation=None)
    m = survey.stats.moments("perception", "item")
    centred = x - x.mean()
    assert m.var[0, 0] == pytest.approx(centred @ centred / (x.size - 1), rel=1e-9)


def test_survey_answers_are_read_only():
    survey = random_survey(29, **CASES["complete"])
    with pytest.raises(ValueError, match="read-only"):
        survey.perception.iloc[0, 0] = 1.0
    with pytest.raises(TypeError):
        survey.answers["perception"] = survey.expectation
    with pytest.raises(ValueError, match="read-only"):
        survey.gaps.iloc[0, 0] = 1.0


def test_import_servgap_does_not_import_what_a_call_does_not_need():
    import subprocess
    import sys
    code = ("import sys, servgap; "
            "print(sorted(m for m in ('scipy.stats', 'scipy.optimize', 'matplotlib', 'openpyxl', "
            "'pyreadstat', 'docx', 'duckdb', 'pyspark') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def importance_survey(missing: float, min_items: int = 1):
    """E, P and importance answers with missing answers, two segments (for the paired kinds)."""
    rng = np.random.default_rng(21)
    n = 120
    raw = {"branch": rng.choice(["X", "Y"], n), "score": rng.normal(5, 1.5, n).round(2)}
    for kind in "EPI":
        for i in range(1, 10):
            values = rng.integers(1, 8, n).astype(float)
            values[rng.random(n) < missing] = np.nan
            raw[f"{kind}_{i}"] = values
    inst = servgap.Instrument("random", DIMENSIONS, scale=(1, 7))
    return servgap.read_survey(pd.DataFrame(raw), inst, segments=["branch", "score"], importance="I_{item}",
                               min_items=min_items)


@pytest.mark.parametrize("missing", [0.0, 0.2])
@pytest.mark.parametrize("min_items", [1, 2])
def test_ipa_paired_moments_equal_the_row_formula(missing, min_items):
    survey = importance_survey(missing, min_items)
    importance, perception = survey.scores("importance"), survey.scores("perception")
    both = importance.notna() & perception.notna()
    for kind, values in (("ipa_importance", importance.where(perception.notna())),
                         ("ipa_performance", perception.where(importance.notna()))):
        m = survey.stats.moments(kind, "item", ("branch",))
        grouped = values.groupby(survey.segments["branch"], sort=True)
        np.testing.assert_array_equal(m.n, grouped.count().to_numpy())
        np.testing.assert_allclose(m.mean, grouped.mean().to_numpy(), **TOL)
        np.testing.assert_allclose(m.var, grouped.var().to_numpy(), **TOL)
        # a dimension: the respondent's mean of the paired items, with min_items of them
        dims = survey.stats.moments(kind, "dimension")
        for d, (name, items) in enumerate(DIMENSIONS.items()):
            pairs = both[items]
            score = values[items].mean(axis=1).where(pairs.sum(axis=1) >= min(min_items, len(items)))
            assert dims.n[0, d] == score.notna().sum()
            assert dims.mean[0, d] == pytest.approx(score.mean(), abs=1e-12)


def test_outcome_kind_and_complete_case_crossproducts():
    survey = importance_survey(0.2)
    m = survey.stats.moments("outcome:score", "overall")
    assert m.names == ("overall",) and m.mean[0, 0] == pytest.approx(survey.segments["score"].mean(), abs=1e-12)
    cp = survey.stats.crossproducts([("gap", "dimension"), ("outcome:score", "overall")], complete=True)
    rows = pd.concat([survey.dimension_scores("gap"), survey.segments["score"]], axis=1).dropna()
    assert (cp.count[0] == len(rows)).all()
    np.testing.assert_allclose(cp.cov()[0], rows.cov().to_numpy(), **TOL)
    pairwise = survey.stats.crossproducts([("gap", "dimension"), ("outcome:score", "overall")])
    assert pairwise.count[0].min() > len(rows)  # available cases are more than complete cases


@pytest.mark.parametrize("kind", ["gap", "expectation", "paired_perception"])
@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
@pytest.mark.parametrize("by", [(), ("branch", "type")])
def test_value_counts_of_complete_whole_answers_equal_counting_the_rows(kind, level, by):
    # complete whole-number answers are counted from their int8 copy (gaps as int8 differences,
    # means as whole-number matrix products); the counts equal those of the rows themselves
    survey = random_survey(29, **CASES["complete"])
    source = survey.stats
    counts = source.value_counts(kind, level, by)
    assert counts is not None and source._cache.get(("int8", "expectation")) is not None
    values = source.rows(kind, level)
    codes = source.codes(by)
    for g in range(source.groups(by).size):
        for j in range(values.shape[1]):
            found, times = np.unique(np.round(values[codes == g, j], 9), return_counts=True)
            expected = np.zeros(len(counts.values))
            expected[np.searchsorted(np.round(counts.values, 9), found)] = times
            np.testing.assert_array_equal(counts.counts[g, j], expected)
    assert counts.counts.sum() == len(values) * values.shape[1]


def test_complete_whole_answers_beyond_int8_take_the_float_path():
    survey = random_survey(31, **CASES["complete"], offset=100)  # answers 101-107
    source = survey.stats
    counts = source.value_counts("gap", "item")
    assert source._cache.get(("int8", "expectation")) is None
    gaps = (survey.perception - survey.expectation).to_numpy()
    assert counts is not None and survey.stats._facts("expectation") == (101.0, 107.0, True)
    np.testing.assert_allclose(counts.median()[0], np.median(gaps, axis=0), **TOL)
    moments = source.moments("gap", "dimension", ("branch",))
    gap_frame = survey.perception - survey.expectation
    expected = old_dimension_scores(survey, gap_frame).groupby(survey.segments["branch"]).mean().to_numpy()
    np.testing.assert_allclose(moments.mean, expected, **TOL)


@pytest.mark.parametrize("missing", ["available", "listwise"])
def test_complete_whole_number_answers_are_held_as_int8_and_become_frames_when_asked(missing):
    # read_survey keeps complete whole-number answers as int8 (reverse-keyed items re-scored,
    # listwise-deleted respondents left out); their float frame is made on first access; a
    # subset keeps its rows of them; the statistics equal those of the float answers
    rng = np.random.default_rng(37)
    inst = servgap.Instrument("small", DIMENSIONS, scale=(1, 5), reverse=["2"])
    n = 120
    raw = {f"{c}_{i}": rng.integers(1, 6, n) for c in "EP" for i in range(1, 10)}
    raw["branch"] = rng.choice(["X", "Y"], n)
    importance = rng.integers(1, 6, (n, 9)).astype(float)
    importance[rng.random((n, 9)) < 0.05] = np.nan  # incomplete: floats, and listwise drops rows
    raw.update({f"I_{i}": importance[:, i - 1] for i in range(1, 10)})
    survey = servgap.read_survey(pd.DataFrame(raw), inst, importance="I_{item}", segments=["branch"],
                                 missing=missing)
    small = survey._small_answers
    assert set(small) == {"expectation", "perception"} and list(survey.answers) == [
        "expectation", "perception", "importance"]
    kept = np.flatnonzero(~np.isnan(importance).any(axis=1)) if missing == "listwise" else np.arange(n)
    for kind, letter in (("expectation", "E"), ("perception", "P")):
        expected = np.column_stack([raw[f"{letter}_{i}"][kept] for i in range(1, 10)]).astype(float)
        expected[:, 1] = 6 - expected[:, 1]  # reverse-keyed
        assert small[kind].dtype == np.int8
        np.testing.assert_array_equal(small[kind], expected)
        frame = survey.answers[kind]  # made now, read-only
        np.testing.assert_array_equal(frame.to_numpy(), expected)
        assert frame.index.equals(survey.respondents) and list(frame.columns) == list(inst.items)
        with pytest.raises(ValueError, match="read-only"):
            frame.iloc[0, 0] = 1.0
    part = survey.subset(branch="X")
    mask = (survey.segments["branch"] == "X").to_numpy()
    np.testing.assert_array_equal(part._small_answers["perception"], small["perception"][mask])
    for level in ("item", "dimension"):
        vc = part.stats.value_counts("gap", level)
        gaps = part.stats.rows("gap", level)
        np.testing.assert_allclose(vc.median()[0], np.median(gaps, axis=0), **TOL)
        m = part.stats.moments("gap", level, ("branch",))
        np.testing.assert_allclose(m.mean[0], gaps.mean(axis=0), **TOL)
    assert random_survey(29, **CASES["continuous"])._small_answers == {}  # decimals: floats


def test_the_analyses_compute_from_int8_answers_without_making_float_frames():
    # the float64 frames of complete whole-number answers are made only when asked for: the
    # gap, reliability and test analyses compute from the int8 values (a tenth of the memory)
    rng = np.random.default_rng(41)
    raw = pd.DataFrame({f"{c}_{i}": rng.integers(1, 8, 150) for c in "EP" for i in range(1, 10)})
    raw["branch"] = rng.choice(["X", "Y", "Z"], 150)
    survey = servgap.read_survey(raw, servgap.Instrument("random", DIMENSIONS, scale=(1, 7)),
                                 segments=["branch"])
    servgap.gap_scores(survey, level="item")
    servgap.gap_scores(survey, level="dimension", by="branch")
    with pytest.warns(servgap.ReliabilityWarning):  # random answers: items correlate negatively
        servgap.reliability(survey, score="all")
    servgap.gap_tests(survey, level="item", method="wilcoxon")
    servgap.gap_tests(survey, level="dimension", method="t")
    servgap.compare_segments(survey, "branch", level="dimension", method="welch")
    assert survey.has_gaps and "expectation" in survey.answers
    assert all(isinstance(v, WholeAnswers) for v in survey.answers._held.values())
    assert survey.perception.shape == (150, 9)  # asked for: made now
    assert not isinstance(survey.answers._held["perception"], WholeAnswers)


def test_counts_of_means_with_a_large_lattice_are_exact():
    # dimensions of up to 8 items on a 55-63 scale: means × lcm(1..8) reach 52,920, beyond
    # int16, on a lattice of few points; the counts still equal those of the rows
    rng = np.random.default_rng(43)
    dims = {"A": [str(i) for i in range(1, 9)], "B": ["9", "10", "11"]}
    raw = pd.DataFrame({f"{c}_{i}": rng.integers(59, 64, 60) for c in "EP" for i in range(1, 12)})
    survey = servgap.read_survey(raw, servgap.Instrument("wide", dims, scale=(55, 63)))
    for level in ("dimension", "overall"):
        counts = survey.stats.value_counts("perception", level)
        values = survey.stats.rows("perception", level)
        for j in range(values.shape[1]):
            found, times = np.unique(np.round(values[:, j], 9), return_counts=True)
            expected = np.zeros(len(counts.values))
            expected[np.searchsorted(np.round(counts.values, 9), found)] = times
            np.testing.assert_array_equal(counts.counts[0, j], expected)


@pytest.mark.parametrize("values", [
    pd.Series(["b", "a", None, "c", "a", None], dtype="str"),
    pd.Series(["b", "a", None, "c", "a", np.nan], dtype=object),
    pd.Series([2.0, 1.0, np.nan, 3.0, 1.0, np.nan]),
    pd.Series([2, 1, 3, 3, 1, 2]),
    pd.Series([True, False, True, False, False, True]),
    pd.Series([2, 1, None, 3, 1, None], dtype="Int64"),
    pd.Series([True, None, False, True, None, False], dtype="boolean"),
    pd.Series(pd.Categorical(["b", "a", None, "c", "a", None], categories=["c", "b", "a"])),
    pd.Series(["b", "a", None, "c", "a", None], dtype="string[pyarrow]"),
    pd.Series(["b", 1, None, "c", 2.5, None], dtype=object),
    pd.Series(pd.to_datetime(["2024-01-02", "2024-01-01", None, "2024-01-01", "2024-01-03", None])),
], ids=["str", "object", "float", "int", "bool", "Int64", "boolean", "category", "pyarrow", "mixed", "dates"])
def test_group_numbers_of_one_segment_column_are_pandas_groupby_ngroup(values):
    from servgap.stats.memory import _group_codes

    frame = pd.DataFrame({"x": values})
    expected = frame.groupby(["x"], sort=True, dropna=False).ngroup().to_numpy()
    np.testing.assert_array_equal(_group_codes(frame, ("x",)), expected)


def test_whole_answers_on_a_scale_of_decimal_bounds_keep_their_reverse_keyed_fraction():
    # low + high − x is 4.5 − x on a 0–4.5 scale: not held as int8 (it would drop the .5)
    inst = servgap.Instrument("half", {"A": ["1", "2"]}, scale=(0, 4.5), reverse=["2"])
    raw = pd.DataFrame({"E_1": [1, 2, 3], "E_2": [1, 2, 4], "P_1": [2, 2, 3], "P_2": [3, 1, 4]})
    survey = servgap.read_survey(raw, inst)
    assert survey._small_answers == {}
    assert survey.expectation["2"].tolist() == [3.5, 2.5, 0.5]


def test_the_answers_mapping_copies_and_merges_like_a_mapping_proxy():
    rng = np.random.default_rng(47)
    raw = pd.DataFrame({f"{c}_{i}": rng.integers(1, 6, 20) for c in "EP" for i in range(1, 10)})
    survey = servgap.read_survey(raw, servgap.Instrument("copy", DIMENSIONS, scale=(1, 5)))
    copied = survey.answers.copy()
    assert isinstance(copied, dict) and list(copied) == ["expectation", "perception"]
    pd.testing.assert_frame_equal(copied["perception"], survey.perception)
    merged = survey.answers | {"extra": 1}
    assert list(merged) == ["expectation", "perception", "extra"]
    assert list({"first": 0} | survey.answers) == ["first", "expectation", "perception"]
    assert "int8" in repr(servgap.read_survey(raw, servgap.Instrument("copy", DIMENSIONS, scale=(1, 5))).answers)
