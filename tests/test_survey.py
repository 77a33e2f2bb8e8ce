"""Survey: subset, summaries, dimension scores, gap alignment, immutability."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import Instrument, ServgapError


@pytest.fixture
def survey():
    inst = Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))
    raw = pd.DataFrame({"id": ["a", "b", "c", "d"], "branch": ["X", "Y", "X", "Z"],
                        "E_1": [5, 4, 3, 5], "E_2": [4, 4, 2, None], "E_3": [5, 5, 4, 5],
                        "P_1": [3, 4, 4, 5], "P_2": [4, 3, 3, 1], "P_3": [2, 5, 3, 4]})
    return servgap.read_survey(raw, inst, id="id", segments=["branch"])


def test_properties(survey):
    assert survey.n_respondents == 4
    assert survey.items == ("1", "2", "3")
    assert survey.dimensions == ("A", "B")
    assert survey.segment_names == ("branch",)
    assert survey.components == ("expectation", "perception")
    assert survey.instrument.name == "mini"
    assert survey.expectation.shape == survey.perception.shape == (4, 3)


def test_gaps_are_aligned_by_respondent_and_item(survey):
    assert survey.gaps.index.tolist() == ["a", "b", "c", "d"]
    assert survey.gaps.columns.tolist() == ["1", "2", "3"]
    assert survey.gaps.loc["c"].tolist() == [1.0, 1.0, -1.0]
    assert survey.gaps.loc["d", "1"] == 0.0 and np.isnan(survey.gaps.loc["d", "2"])


def test_dimension_and_overall_scores(survey):
    scores = survey.dimension_scores()
    # A = mean of answered item gaps: a (-2 + 0)/2, b (0 - 1)/2, c (1 + 1)/2, d only item 1: 0
    assert scores["A"].tolist() == [-1.0, -0.5, 1.0, 0.0]
    assert scores["B"].tolist() == [-3.0, 0.0, -1.0, -1.0]
    assert survey.overall_scores().tolist() == [-2.0, -0.25, 0.0, -0.5]
    assert survey.dimension_scores("perception")["A"].tolist() == [3.5, 3.5, 3.5, 3.0]
    with pytest.raises(ValueError, match="`kind` must be one of"):
        survey.scores("gaps")
    with pytest.raises(ServgapError, match="no importance answers"):
        survey.scores("importance")


def test_dimension_scores_with_min_items(survey):
    strict = dataclasses.replace(survey, min_items=2)
    assert np.isnan(strict.dimension_scores()["A"]["d"])
    assert strict.dimension_scores()["A"]["a"] == -1.0
    assert strict.dimension_scores()["B"]["d"] == -1.0  # min_items is capped at the dimension's 1 item


def test_subset_by_segment_rows_and_callable(survey):
    x = survey.subset(branch="X")
    assert x.respondents.tolist() == ["a", "c"]
    assert x.gaps.loc["c"].tolist() == [1.0, 1.0, -1.0]
    assert survey.subset(branch=["X", "Z"]).n_respondents == 3
    assert survey.subset(["b", "d"]).respondents.tolist() == ["b", "d"]
    assert survey.subset(survey.segments["branch"] != "X").respondents.tolist() == ["b", "d"]
    assert survey.subset(lambda seg: seg["branch"] == "Y").respondents.tolist() == ["b"]
    assert survey.subset([True, False, False, True]).respondents.tolist() == ["a", "d"]
    assert survey.n_respondents == 4  # the original is unchanged
    with pytest.raises(ValueError, match=r"`segment` names \['region'\], which is not a segment"):
        survey.subset(region="X")


def test_subset_unknown_segment_is_worded_as_gap_scores_by(survey):
    with pytest.raises(ValueError) as by:
        servgap.gap_scores(survey, by="region")
    with pytest.raises(ValueError) as subset:
        survey.subset(region="X")
    assert str(subset.value) == str(by.value).replace("`by`", "`segment`")


def test_subset_keeps_the_log_of_its_respondents(survey):
    # d answered P_2 without E_2: logged as not used
    log = survey.exclusions
    assert log["respondent"].tolist() == ["d"]
    assert survey.subset(branch="X").exclusions.empty
    assert survey.subset(branch="Z").exclusions["respondent"].tolist() == ["d"]


def test_frozen(survey):
    with pytest.raises(dataclasses.FrozenInstanceError):
        survey.min_items = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        survey.exclusions = None


def test_summary_repr_and_html(survey):
    text = survey.summary()
    assert text.splitlines()[0] == "Survey"
    assert "  Instrument: mini (3 items, scale 1-5)" in text
    assert "  Respondents: 4" in text
    assert "  Segments: branch (3)" in text
    assert "  Missing answers: 1 (4.2%)" in text  # 1 of 24 answer cells
    assert "  Exclusion log: 1 answer not used in gaps" in text
    assert repr(survey) == text
    html = survey._repr_html_()
    assert html.startswith("<div><h4>Survey</h4><table>")
    assert "<th style='text-align:left'>Respondents</th><td style='text-align:left'>4</td>" in html
    indonesian = survey.summary("id")
    assert "Responden: 4" in indonesian


def test_html_is_escaped():
    inst = Instrument("<b>x</b>", {"A": ["1"]}, scale=(1, 5))
    survey = servgap.read_survey(pd.DataFrame({"E_1": [1], "P_1": [2]}), inst)
    assert "<b>x</b>" not in survey._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in survey._repr_html_()


# -- subset: nullable masks, alignment, empty results -------------------------------------------
@pytest.fixture
def aged():
    inst = Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))
    raw = pd.DataFrame({"id": ["a", "b", "c", "d"], "branch": ["X", "Y", "X", "Z"],
                        "age": pd.array([25, 40, None, 35], dtype="Int64"),
                        "E_1": [5, 4, 3, 5], "E_2": [4, 4, 2, 3], "E_3": [5, 5, 4, 5],
                        "P_1": [3, 4, 4, 5], "P_2": [4, 3, 3, 1], "P_3": [2, 5, 3, 4]})
    return servgap.read_survey(raw, inst, id="id", segments=["branch", "age"])


def test_subset_with_a_nullable_boolean_mask(aged):
    older = aged.segments["age"] > 30  # Int64 comparison: dtype "boolean", <NA> for c
    assert str(older.dtype) == "boolean"
    expected = [r for r, age in zip(aged.respondents, aged.segments["age"]) if not pd.isna(age) and age > 30]
    assert aged.subset(older).respondents.tolist() == expected
    # a mask in another order is aligned by respondent id, not by position
    assert aged.subset(older.iloc[::-1]).respondents.tolist() == expected
    assert aged.subset(lambda seg: seg["age"] > 30).respondents.tolist() == expected
    branch_x = aged.segments["branch"].astype("string") == "X"
    assert aged.subset(branch_x).respondents.tolist() == ["a", "c"]


def test_subset_with_a_positional_nullable_boolean_array(aged):
    mask = pd.array([True, None, False, True], dtype="boolean")
    assert aged.subset(mask).respondents.tolist() == ["a", "d"]  # <NA> counts as not selected
    assert aged.subset([True, None, False, True]).respondents.tolist() == ["a", "d"]
    with pytest.raises(ServgapError, match="one value per respondent"):
        aged.subset([True, False])


def test_subset_that_leaves_no_respondent_says_what_was_asked(aged):
    with pytest.raises(ServgapError, match="No respondent matches branch='Medan'") as info:
        aged.subset(branch="Medan")
    assert "'X', 'Y', 'Z'" in str(info.value)  # the values present
    with pytest.raises(ServgapError, match="No respondent matches branch='X' and age=35"):
        aged.subset(branch="X", age=35)
    with pytest.raises(ServgapError, match="No respondent matches"):
        aged.subset(lambda seg: seg["age"] > 99)
    with pytest.raises(ServgapError, match=r"\['zz'\].*'a', 'b', 'c'"):
        aged.subset(["zz"])


# -- subset: masks from the raw table, object masks, missing segment values -------------------
@pytest.fixture
def numbered():
    """Loaded without ``id=``: respondents 1 … 4, while the raw table's index is 0 … 3."""
    inst = Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))
    raw = pd.DataFrame({"branch": ["X", None, "X", "Z"], "age": pd.array([25, 40, None, 35], dtype="Int64"),
                        "E_1": [5, 4, 3, 5], "E_2": [4, 4, 2, 3], "E_3": [5, 5, 4, 5],
                        "P_1": [3, 4, 4, 5], "P_2": [4, 3, 3, 1], "P_3": [2, 5, 3, 4]})
    return raw, servgap.read_survey(raw, inst, segments=["branch", "age"])


def test_subset_refuses_a_raw_table_mask_instead_of_shifting_it(numbered):
    raw, survey = numbered
    assert survey.respondents.tolist() == [1, 2, 3, 4]
    mask = raw["branch"] == "X"  # index 0 … 3: rows 0 and 2
    with pytest.raises(ServgapError, match=r"counts rows from 0.*1, 2, 3, ….*no `id=`.*to_numpy\(\)"):
        survey.subset(mask)
    with pytest.raises(ServgapError, match=r"counts rows from 0"):  # a shorter one as well
        survey.subset(mask.iloc[:3])
    assert survey.subset(mask.to_numpy()).respondents.tolist() == [1, 3]
    assert survey.subset(mask.set_axis(mask.index + 1)).respondents.tolist() == [1, 3]


def test_subset_refuses_a_mask_it_cannot_align(numbered):
    raw, survey = numbered
    other = pd.Series([True, False], index=["p", "q"])
    with pytest.raises(ServgapError, match=r"holds no respondent id and holds 2 labels that are not "
                                           r"respondent ids \('p', 'q'\)"):
        survey.subset(other)
    partial = pd.Series([True, True, False], index=[0, 1, 2]).set_axis(pd.Index([9, 1, 3]))
    with pytest.raises(ServgapError, match=r"misses some respondents and holds 1 labels .*\(9\).*reindex"):
        survey.subset(partial)
    # a mask on some of the respondent ids is aligned; the others are not selected
    some = pd.Series([False, True], index=[4, 3])
    assert survey.subset(some).respondents.tolist() == [3]


def test_subset_aligns_a_mask_that_also_holds_respondents_not_kept():
    inst = Instrument("mini", {"A": ["1"]}, scale=(1, 5))
    raw = pd.DataFrame({"rid": [10, 11, 12, 13], "br": ["a", "b", "b", "a"],
                        "E_1": [4, None, 5, 3], "P_1": [3, 2, 5, 4]})
    survey = servgap.read_survey(raw, inst, id="rid", segments=["br"], missing="listwise")
    assert survey.respondents.tolist() == [10, 12, 13]  # 11 excluded on load
    by_id = raw.set_index("rid")["br"] == "a"  # still holds 11
    assert survey.subset(by_id).respondents.tolist() == [10, 13]
    child = survey.subset(br=["a", "b"]).subset(survey.segments["br"] == "b")
    assert child.respondents.tolist() == [12]
    two = survey.subset(rows=[10, 12])
    assert two.subset(survey.segments["br"] == "a").respondents.tolist() == [10]


def test_subset_takes_object_true_false_as_a_mask(aged):
    series = pd.Series([True, False, None, True], index=aged.respondents, dtype=object)
    assert aged.subset(series).respondents.tolist() == ["a", "d"]
    assert aged.subset(series.iloc[::-1]).respondents.tolist() == ["a", "d"]
    array = np.array([True, False, np.nan, True], dtype=object)
    assert aged.subset(array).respondents.tolist() == ["a", "d"]
    with pytest.raises(ServgapError, match="holds no respondent id"):  # a mask, so aligned, not ids
        aged.subset(pd.Series(array))
    with pytest.raises(ServgapError, match="one value per respondent"):
        aged.subset(np.array([True, pd.NA], dtype=object))


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
def test_subset_missing_segment_value_means_missing(numbered, missing):
    _, survey = numbered
    assert survey.subset(branch=missing).respondents.tolist() == [2]  # text segment
    assert survey.subset(age=missing).respondents.tolist() == [3]  # Int64 segment
    assert survey.subset(branch=["Z", missing]).respondents.tolist() == [2, 4]
    with pytest.raises(ServgapError, match="age has 25, 40, 35 and missing values"):
        survey.subset(age=missing, branch="Z")


# -- summary in Indonesian -----------------------------------------------------------------------
def test_summary_is_translated_including_the_exclusion_actions():
    from servgap.i18n import LABELS, label

    inst = Instrument("rev", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5), reverse=["2"])
    raw = pd.DataFrame({"id": ["a", "b", "c", "d"], "E_1": [5, "x", 3, None], "E_2": [4, 4, 2, None],
                        "E_3": [5, 5, None, None], "P_1": [3, 4, 4, None], "P_2": [4, 3, 3, None],
                        "P_3": [2, 5, 3, None]})
    survey = servgap.read_survey(raw, inst, id="id", on_invalid="missing")
    actions = set(survey.exclusions["action"])
    assert len(actions) >= 3  # excluded respondent, answer set missing, recoded, not used in gaps
    text_id = survey.summary("id")
    log_line = next(line for line in text_id.splitlines() if line.startswith(f"  {label('summary.exclusions', 'id')}"))
    for action in actions:
        assert label(f"action.{action}", "id") in log_line
        assert action not in log_line
    assert f"({label('summary.instrument_detail', 'id', n=3, low=1, high=5)})" in text_id
    assert "items" not in text_id and "scale" not in text_id
    assert "  Instrument: rev (3 items, scale 1-5)" in survey.summary()  # English unchanged


def test_subset_takes_segment_values_as_a_series_or_array(numbered):
    _, survey = numbered
    expected = survey.subset(branch=["X"]).respondents.tolist()
    assert survey.subset(branch=pd.Series(["X"])).respondents.tolist() == expected
    assert survey.subset(branch=np.array(["X"])).respondents.tolist() == expected
    assert survey.subset(branch=pd.Index(["X"])).respondents.tolist() == expected
