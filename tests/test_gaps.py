"""gap_scores against R (tests/reference/generate_gaps.R), hand-worked cases and published figures."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import Instrument, ServgapError, gap_scores, read_survey

REF = Path(__file__).parent / "reference" / "gaps"
INSTRUMENT = Instrument("ref", {"A": ["a1", "a2", "a3"], "B": ["b1", "b2"], "C": ["c1", "c2", "c3", "c4"]},
                        scale=(1, 5))
TOL = dict(rtol=0, atol=1e-10)


def reference_survey(min_items=1, weight=None):
    return read_survey(REF / "input.csv", INSTRUMENT, id="id", segments=["grp"], weight=weight,
                       dimension_weights="W_{dimension}", min_items=min_items)


def expected(name):
    return pd.read_csv(REF / name)


def check(table, ref, key, columns):
    got = table.set_index(key) if key else table
    want = ref.set_index(key) if key else ref
    for col in columns:
        np.testing.assert_allclose(got[col].to_numpy(float), want.loc[got.index, col].to_numpy(float)
                                   if key else want[col].to_numpy(float), err_msg=col, **TOL)


COLUMNS = ["n", "gap_mean", "gap_sd", "gap_se", "ci_low", "ci_high", "expectation_mean", "perception_mean"]


def test_item_level_equals_r_t_test():
    table = gap_scores(reference_survey(), level="item").table
    assert table.columns.tolist() == ["item", *COLUMNS[:1], "expectation_mean", "perception_mean", "gap_mean",
                                      "gap_sd", "gap_se", "ci_low", "ci_high"]
    check(table, expected("item.csv"), "item", COLUMNS)


@pytest.mark.parametrize("min_items", [1, 2])
def test_dimension_level_equals_r(min_items):
    table = gap_scores(reference_survey(min_items), level="dimension").table
    check(table, expected(f"dimension_min{min_items}.csv"), "dimension", COLUMNS)


@pytest.mark.parametrize("min_items", [1, 2])
def test_dimension_level_by_segment_equals_r(min_items):
    table = gap_scores(reference_survey(min_items), level="dimension", by="grp").table
    ref = expected(f"dimension_by_grp_min{min_items}.csv")
    check(table, ref, ["grp", "dimension"], ["n", "gap_mean", "gap_sd", "ci_low", "ci_high"])


@pytest.mark.parametrize("min_items", [1, 2])
def test_overall_equals_r_linearised_formula(min_items):
    table = gap_scores(reference_survey(min_items), level="overall").table
    check(table, expected(f"overall_min{min_items}.csv"), None, COLUMNS)


@pytest.mark.parametrize("min_items", [1, 2])
def test_weighted_servqual_score_equals_r(min_items):
    table = gap_scores(reference_survey(min_items), level="overall", weighted=True).table
    check(table, expected(f"overall_weighted_min{min_items}.csv"), None,
          ["n", "gap_mean", "gap_sd", "gap_se", "ci_low", "ci_high"])


def test_survey_weights_equal_r_linearisation():
    table = gap_scores(reference_survey(weight="w"), level="item").table
    assert "n_effective" in table.columns
    check(table, expected("item_survey_weighted.csv"), "item",
          ["n", "gap_mean", "gap_se", "n_effective", "ci_low", "ci_high", "expectation_mean", "perception_mean"])


def test_published_dimension_gaps_give_published_score():
    # METHODS.md §6: dimension gaps -0.65, -1.10, -0.83, -0.70, -1.01 -> SERVQUAL score -0.858
    gaps = [-0.65, -1.10, -0.83, -0.70, -1.01]
    inst = Instrument("five", {d: [d.lower()] for d in "TRSAE"}, scale=(1, 7))
    raw = pd.DataFrame({**{f"E_{d.lower()}": [6.0, 6.0] for d in "TRSAE"},
                        **{f"P_{d.lower()}": [6.0 + g + 0.5, 6.0 + g - 0.5] for d, g in zip("TRSAE", gaps)}})
    survey = read_survey(raw, inst)
    dims = gap_scores(survey, level="dimension").table
    np.testing.assert_allclose(dims["gap_mean"], gaps, atol=1e-12)
    overall = gap_scores(survey, level="overall").table
    assert overall["gap_mean"].iloc[0] == pytest.approx(-0.858, abs=1e-12)


def test_hand_worked_small_survey():
    inst = Instrument("mini", {"Speed": ["1", "2"], "Care": ["3"]}, scale=(1, 5))
    raw = pd.DataFrame({"E_1": [5, 4, 4], "E_2": [4, 4, None], "E_3": [5, 5, 4],
                        "P_1": [3, 4, 5], "P_2": [4, 3, 5], "P_3": [2, 5, 4]})
    survey = read_survey(raw, inst)
    # respondent gaps: r1 (-2, 0, -3), r2 (0, -1, 0), r3 (1, -, 0)
    items = gap_scores(survey, level="item").table.set_index("item")
    assert items.loc["1", "gap_mean"] == pytest.approx(-1 / 3)
    assert items.loc["2", "n"] == 2 and items.loc["2", "gap_mean"] == pytest.approx(-0.5)
    assert items.loc["2", "expectation_mean"] == 4 and items.loc["2", "perception_mean"] == 3.5
    dims = gap_scores(survey, level="dimension").table.set_index("dimension")
    # Speed per respondent: -1, -0.5, 1 -> mean -1/6 ; Care: -3, 0, 0 -> -1
    assert dims.loc["Speed", "gap_mean"] == pytest.approx(-1 / 6)
    assert dims.loc["Care", "gap_mean"] == pytest.approx(-1)
    assert dims.loc["Speed", "gap_sd"] == pytest.approx(np.std([-1, -0.5, 1], ddof=1))
    overall = gap_scores(survey, level="overall").table
    assert overall["gap_mean"].iloc[0] == pytest.approx((-1 / 6 - 1) / 2)


def test_dimension_weights_rescaled_and_logged():
    inst = Instrument("two", {"A": ["1"], "B": ["2"]}, scale=(1, 5))
    raw = pd.DataFrame({"E_1": [5, 5], "E_2": [5, 5], "P_1": [3, 4], "P_2": [5, 5],
                        "W_A": [30, 60], "W_B": [70, 60]})
    survey = read_survey(raw, inst, dimension_weights="W_{dimension}")
    # respondent 2's points sum to 120 -> rescaled to 50/50 and logged
    assert survey.dimension_weights.loc[2].tolist() == [50.0, 50.0]
    assert (survey.exclusions["reason"].str.contains("sum to 120")).sum() == 1
    table = gap_scores(survey, level="overall", weighted=True).table
    # SQ_1 = (-2*30 + 0*70)/100 = -0.6 ; SQ_2 = (-1*50 + 0*50)/100 = -0.5
    assert table["gap_mean"].iloc[0] == pytest.approx(-0.55)
    dims = gap_scores(survey, level="dimension", weighted=True).table.set_index("dimension")
    assert dims.loc["A", "weight_mean"] == pytest.approx(40)
    assert dims.loc["A", "weighted_gap"] == pytest.approx(-1.5 * 40 / 100)


def test_by_several_segments_gives_one_block_per_combination():
    survey = servgap.datasets.load_example()
    table = gap_scores(survey, level="dimension", by=["branch", "customer_type"]).table
    assert table.columns[:3].tolist() == ["branch", "customer_type", "dimension"]
    assert len(table) == 3 * 2 * 5
    counts = survey.segments.value_counts(["branch", "customer_type"])
    first = table[table["dimension"] == "Tangibles"].set_index(["branch", "customer_type"])["n"]
    assert (first <= counts.reindex(first.index)).all()


def test_result_object_is_frozen_with_reprs():
    result = gap_scores(servgap.datasets.load_example(), level="dimension")
    with pytest.raises(AttributeError):
        result.level = "item"
    assert "Gap scores" in repr(result) and "Reliability" in repr(result)
    assert result._repr_html_().startswith("<div>") and "<table" in result._repr_html_()
    frame = result.to_frame()
    frame.loc[0, "gap_mean"] = 99
    assert result.table.loc[0, "gap_mean"] != 99


@pytest.mark.parametrize("kwargs, message", [
    ({"level": "items"}, "`level` must be one of"),
    ({"confidence": 95}, "`confidence` must be between"),
    ({"level": "item", "weighted": True}, "needs level='dimension' or 'overall'"),
    ({"by": "region"}, r"`by` names \['region'\], which is not a segment of this survey; its segment "
                       r"columns are \['branch', 'customer_type'\]"),
])
def test_bad_options_raise_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gap_scores(servgap.datasets.load_example(), **kwargs)


def test_perception_only_survey_has_no_gaps():
    raw = pd.DataFrame({f"P_{i}": [5, 6] for i in range(1, 23)})
    survey = read_survey(raw, "servperf")
    with pytest.raises(ServgapError, match="needs expectation and perception"):
        gap_scores(survey)


def _without_respondents(survey):
    """The same survey with every respondent removed (what a filter that matches nobody leaves)."""
    import dataclasses

    none = survey.respondents[:0]
    return dataclasses.replace(
        survey, answers={k: v.loc[none] for k, v in survey.answers.items()},
        segments=survey.segments.loc[none],
        dimension_weights=None if survey.dimension_weights is None else survey.dimension_weights.loc[none])


@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
def test_survey_without_respondents_gets_a_clear_error(level):
    empty = _without_respondents(servgap.datasets.load_example())
    assert empty.n_respondents == 0
    with pytest.raises(servgap.ServgapError, match="gap_scores needs at least one respondent"):
        gap_scores(empty, level=level, by="branch")


def test_missing_segment_values_form_their_own_group():
    survey = servgap.datasets.load_example()
    segments = survey.segments.copy()
    segments.loc[segments.index[:5], "branch"] = None
    import dataclasses

    table = gap_scores(dataclasses.replace(survey, segments=segments), level="overall", by="branch").table
    assert table["n"].sum() == survey.n_respondents
    assert table["branch"].isna().sum() == 1
    assert table.loc[table["branch"].isna(), "n"].item() == 5


def test_result_text_in_indonesian():
    survey = servgap.datasets.load_example()
    text = repr(gap_scores(survey, level="overall", weighted=True, lang="id"))
    assert text.startswith("Skor kesenjangan (keseluruhan)")
    assert "selang kepercayaan 95%" in text and "skor SERVQUAL berbobot" in text
    assert "confidence interval" not in text and "weighted SERVQUAL" not in text
    english = repr(gap_scores(survey, level="overall"))
    assert english.startswith("Gap scores (overall)") and "unweighted SERVQUAL score" in english
    with pytest.raises(ValueError, match="`lang` must be one of"):
        gap_scores(survey, lang="fr")
