"""read_survey validation: every rule, its failure_cases, and the exclusion log's accounting."""

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import Instrument, ServgapError, SurveyValidationError
from servgap.i18n import label

EXCLUDED = "excluded_respondent"
SET_MISSING = "set_missing"


@pytest.fixture
def inst():
    return Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))


@pytest.fixture
def raw():
    # gaps: a = (-2, 0, -3), b = (0, -1, 0), c = (1, 1, -1)
    return pd.DataFrame({"id": ["a", "b", "c"], "branch": ["X", "Y", "X"],
                         "E_1": [5, 4, 3], "E_2": [4, 4, 2], "E_3": [5, 5, 4],
                         "P_1": [3, 4, 4], "P_2": [4, 3, 3], "P_3": [2, 5, 3]})


def failures(call):
    with pytest.raises(SurveyValidationError) as info:
        call()
    return info.value


def cases_of(error):
    return [tuple(rec) for rec in error.failure_cases[["row", "respondent", "column", "value"]]
            .astype(object).where(error.failure_cases.notna(), None).itertuples(index=False)]


def assert_accounted(raw_frame, survey, columns):
    """kept + excluded = input, for respondents and for answer cells of kept respondents."""
    log = survey.exclusions
    excluded = log[log["action"] == EXCLUDED]
    assert survey.n_respondents + len(excluded) == len(raw_frame)
    kept_rows = raw_frame.set_index("id").loc[list(survey.respondents)]
    given = int(kept_rows[columns].notna().to_numpy().sum())
    kept_cells = int(sum(v.notna().to_numpy().sum() for v in survey.answers.values()))
    set_missing = log[(log["action"] == SET_MISSING) & log["respondent"].isin(survey.respondents)]
    assert kept_cells + len(set_missing) == given


# -- a clean load ----------------------------------------------------------------------------
def test_clean_load(raw, inst):
    survey = servgap.read_survey(raw, inst, id="id", segments=["branch"])
    assert survey.n_respondents == 3
    assert survey.respondents.tolist() == ["a", "b", "c"]
    assert survey.gaps.loc["a"].tolist() == [-2.0, 0.0, -3.0]
    assert survey.gaps.loc["c"].tolist() == [1.0, 1.0, -1.0]
    assert survey.segments["branch"].tolist() == ["X", "Y", "X"]
    assert survey.exclusions.empty
    assert list(survey.exclusions.columns) == ["row", "respondent", "column", "value", "check", "action", "reason"]
    assert survey.metadata["n_input_rows"] == 3


def test_input_frame_is_not_changed(raw, inst):
    before = raw.copy()
    servgap.read_survey(raw.assign(E_1=["5", "x", "4"]), inst, id="id", on_invalid="missing")
    servgap.read_survey(raw, inst, id="id")
    pd.testing.assert_frame_equal(raw, before)


def test_respondents_numbered_from_one_without_id(raw, inst):
    assert servgap.read_survey(raw, inst).respondents.tolist() == [1, 2, 3]


def test_perception_only(raw, inst):
    survey = servgap.read_survey(raw, inst, expectation=None)
    assert survey.components == ("perception",)
    assert survey.expectation is None
    with pytest.raises(ServgapError, match="gap scores need both"):
        _ = survey.gaps


def test_dict_and_regex_mappings(raw, inst):
    renamed = raw.rename(columns={"E_1": "Q1 (E)", "E_2": "Q02 (E)", "E_3": "Q3 (E)"})
    by_regex = servgap.read_survey(renamed, inst, expectation=r"^Q(?P<item>\d+) \(E\)$")
    by_dict = servgap.read_survey(renamed, inst, expectation={"1": "Q1 (E)", "2": "Q02 (E)", "3": "Q3 (E)"})
    for survey in (by_regex, by_dict):
        assert survey.gaps.loc[1].tolist() == [-2.0, 0.0, -3.0]
        assert survey.metadata["columns"]["expectation"]["2"] == "Q02 (E)"


def test_template_matches_case_and_space_insensitively(raw, inst):
    survey = servgap.read_survey(raw.rename(columns={"E_1": " e_1 "}), inst)
    assert survey.metadata["columns"]["expectation"]["1"] == " e_1 "


# -- column problems -------------------------------------------------------------------------
def test_missing_answer_column(raw, inst):
    error = failures(lambda: servgap.read_survey(raw.drop(columns=["P_3"]), inst))
    problems = dict(zip(error.failure_cases["column"], error.failure_cases["problem"]))
    assert problems["P_3"] == "perception column for item '3' not found"
    # expectation without perception
    assert problems["E_3"] == "item '3' has an expectation column but no perception column"
    assert error.failure_cases["row"].isna().all()


def test_missing_id_segment_and_weight_columns(raw, inst):
    error = failures(lambda: servgap.read_survey(raw, inst, id="ID", segments=["region"], weight="w"))
    assert dict(zip(error.failure_cases["column"], error.failure_cases["problem"])) == {
        "ID": "id column not found", "region": "segment column not found", "w": "weight column not found"}


def test_items_not_in_the_instrument(raw, inst):
    extra = raw.assign(E_4=[1, 1, 1], P_4=[2, 2, 2], E_total=[9, 9, 9])  # E_total is not item-shaped
    error = failures(lambda: servgap.read_survey(extra, inst))
    fc = error.failure_cases
    assert fc["column"].tolist() == ["E_4", "P_4"]
    assert fc["value"].tolist() == ["4", "4"]
    assert fc["problem"].str.contains("item '4' is not in the instrument").all()
    by_regex = failures(lambda: servgap.read_survey(extra, inst, expectation=r"^E_(?P<item>\d+)$",
                                                    perception={"1": "P_1", "2": "P_2", "3": "P_3"}))
    assert by_regex.failure_cases["column"].tolist() == ["E_4"]
    by_dict = failures(lambda: servgap.read_survey(raw, inst, perception={"1": "P_1", "2": "P_2", "3": "P_3",
                                                                           "9": "P_1"}))
    assert by_dict.failure_cases["problem"].tolist() == [
        "perception column mapped to item '9', which is not in the instrument"]


def test_no_matching_column_says_what_was_expected(inst):
    error = failures(lambda: servgap.read_survey(pd.DataFrame({"name": ["x"], "age": [3]}), inst))
    text = str(error)
    assert "No column of the table matches" in text
    assert "expected one column per item of instrument 'mini'" in text
    assert "'name', 'age'" in text
    assert len(error.failure_cases) == 6  # 3 items x (E, P)


def test_duplicate_column_names(raw, inst):
    doubled = pd.concat([raw, raw[["E_1"]]], axis=1)
    error = failures(lambda: servgap.read_survey(doubled, inst))
    assert cases_of(error) == [(None, None, "E_1", None)]
    assert "2 columns have this name" in error.failure_cases["problem"][0]


def test_one_column_for_two_answers(raw, inst):
    error = failures(lambda: servgap.read_survey(raw, inst, perception={"1": "P_1", "2": "P_1", "3": "P_3"}))
    assert error.failure_cases["problem"].tolist() == [
        "one column mapped to several answers: perception of '1', perception of '2'"]


def test_ambiguous_regex(raw, inst):
    twice = raw.assign(**{"E_01": [1, 1, 1]})
    error = failures(lambda: servgap.read_survey(twice, inst, expectation=r"^E_(?P<item>\d+)$"))
    assert error.failure_cases["problem"].tolist() == [
        "expectation item '1' matches two columns: 'E_1' and 'E_01'"]


# -- cell and row problems -------------------------------------------------------------------
def test_every_cell_problem_is_collected_with_row_respondent_column_value(raw, inst):
    bad = raw.astype({"E_1": object, "P_3": object})
    bad.loc[0, "E_1"] = "lima"      # not a number
    bad.loc[1, "P_3"] = 6           # outside the scale
    bad.loc[2, "E_2"] = 0           # outside the scale
    error = failures(lambda: servgap.read_survey(bad, inst, id="id"))
    assert cases_of(error) == [(1, "a", "E_1", "lima"), (2, "b", "P_3", 6), (3, "c", "E_2", 0)]
    assert error.failure_cases["problem"].tolist() == [
        "not a number or a known answer label", "outside the scale 1-5", "outside the scale 1-5"]
    assert "row 1 (respondent a), column 'E_1', value 'lima': not a number" in str(error)


def test_message_lists_five_and_counts_the_rest(inst):
    raw = pd.DataFrame({f"{k}_{i}": [9] * 3 for k in "EP" for i in (1, 2, 3)})
    error = failures(lambda: servgap.read_survey(raw, inst))
    assert len(error.failure_cases) == 18
    lines = str(error).splitlines()
    assert lines[0] == "18 problems in the survey data:"
    assert len(lines) == 7 and lines[-1] == "  ... and 13 more (see .failure_cases)"


def test_duplicate_and_missing_ids(raw, inst):
    dup = raw.assign(id=["a", "b", "a"])
    error = failures(lambda: servgap.read_survey(dup, inst, id="id"))
    assert cases_of(error) == [(3, "a", "id", "a")]
    assert error.failure_cases["problem"][0] == "duplicate respondent id (first in row 1)"
    blank = raw.assign(id=["a", " ", None])
    error = failures(lambda: servgap.read_survey(blank, inst, id="id"))
    assert error.failure_cases["row"].tolist() == [2, 3]
    assert set(error.failure_cases["problem"]) == {"respondent id missing"}


def test_invalid_survey_weight(raw, inst):
    error = failures(lambda: servgap.read_survey(raw.assign(w=[1.5, 0, "x"]), inst, id="id", weight="w"))
    assert cases_of(error) == [(2, "b", "w", 0), (3, "c", "w", "x")]


def test_on_invalid_missing_sets_cells_missing_and_logs_each(raw, inst):
    bad = raw.astype({"E_1": object})
    bad.loc[0, "E_1"] = "lima"
    bad.loc[1, "P_3"] = 7
    survey = servgap.read_survey(bad, inst, id="id", on_invalid="missing")
    assert np.isnan(survey.expectation.loc["a", "1"])
    assert np.isnan(survey.perception.loc["b", "3"])
    log = survey.exclusions
    set_missing = log[log["action"] == SET_MISSING]
    assert set_missing[["respondent", "column", "value"]].values.tolist() == [["a", "E_1", "lima"],
                                                                               ["b", "P_3", 7]]
    # the partner answers are kept but cannot form a gap: logged as not used
    not_used = log[log["action"] == "not_used"]
    assert sorted(not_used["column"]) == ["E_3", "P_1"]
    assert_accounted(bad, survey, ["E_1", "E_2", "E_3", "P_1", "P_2", "P_3"])


def test_on_invalid_missing_excludes_bad_rows(raw, inst):
    bad = raw.assign(id=["a", "a", None], w=[1, 2, 1])
    survey = servgap.read_survey(bad, inst, id="id", weight="w", on_invalid="missing")
    assert survey.respondents.tolist() == ["a"]
    assert survey.weight.tolist() == [1.0]
    excluded = survey.exclusions[survey.exclusions["action"] == EXCLUDED]
    assert excluded["reason"].tolist() == ["duplicate respondent id (first in row 1)", "respondent id missing"]
    assert survey.n_respondents + len(excluded) == 3


def test_respondent_without_any_answer_is_excluded(raw, inst):
    blank = raw.astype(object)
    blank.loc[1, ["E_1", "E_2", "E_3", "P_1", "P_2", "P_3"]] = ["", None, " ", np.nan, "", ""]
    survey = servgap.read_survey(blank, inst, id="id")
    assert survey.respondents.tolist() == ["a", "c"]
    assert survey.exclusions[["respondent", "reason", "action"]].values.tolist() == [
        ["b", "no answers to any item", EXCLUDED]]


def test_listwise_accounting(raw, inst):
    holes = raw.astype(object)
    holes.loc[0, "E_2"] = None
    holes.loc[2, "P_3"] = "x"
    survey = servgap.read_survey(holes, inst, id="id", missing="listwise", on_invalid="missing")
    assert survey.respondents.tolist() == ["b"]
    excluded = survey.exclusions[survey.exclusions["action"] == EXCLUDED]
    assert excluded["respondent"].tolist() == ["a", "c"]
    assert excluded["column"].tolist() == ["E_2", "P_3"]  # the input columns, not internal names
    assert excluded["reason"].tolist() == ["listwise deletion: 1 missing answers"] * 2
    assert_accounted(holes, survey, ["E_1", "E_2", "E_3", "P_1", "P_2", "P_3"])


def test_available_keeps_partial_respondents(raw, inst):
    holes = raw.astype(object)
    holes.loc[0, "E_2"] = None
    survey = servgap.read_survey(holes, inst, id="id")
    assert survey.n_respondents == 3
    assert np.isnan(survey.gaps.loc["a", "2"])
    assert_accounted(holes, survey, ["E_1", "E_2", "E_3", "P_1", "P_2", "P_3"])


def test_min_items_logs_dimension_scores_left_missing(raw, inst):
    holes = raw.astype(object)
    holes.loc[0, "P_1"] = None
    survey = servgap.read_survey(holes, inst, id="id", min_items=2)
    log = survey.exclusions[survey.exclusions["action"] == "dimension_missing"]
    assert log[["respondent", "column", "value"]].values.tolist() == [["a", "A", 1]]
    scores = survey.dimension_scores()
    assert np.isnan(scores.loc["a", "A"])
    assert scores.loc["b", "A"] == pytest.approx(-0.5)  # (0 + -1) / 2


@pytest.mark.parametrize("value", [0, 1.5, "2", True])
def test_min_items_must_be_a_whole_number(raw, inst, value):
    with pytest.raises(ValueError, match="min_items"):
        servgap.read_survey(raw, inst, min_items=value)


@pytest.mark.parametrize("option, value", [("on_invalid", "drop"), ("missing", "pairwise")])
def test_unknown_options(raw, inst, option, value):
    with pytest.raises(ValueError, match=f"`{option}` must be one of"):
        servgap.read_survey(raw, inst, **{option: value})


def test_source_type_checked(inst):
    with pytest.raises(TypeError, match="DataFrame or a file path"):
        servgap.read_survey([[1, 2]], inst)


# -- recoding --------------------------------------------------------------------------------
def test_reverse_keyed_items_rescored_and_logged(raw):
    inst = Instrument("rev", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5), reverse=["2"])
    survey = servgap.read_survey(raw, inst, id="id")
    # x' = 1 + 5 - x: E_2 (4, 4, 2) -> (2, 2, 4); P_2 (4, 3, 3) -> (2, 3, 3)
    assert survey.expectation["2"].tolist() == [2.0, 2.0, 4.0]
    assert survey.perception["2"].tolist() == [2.0, 3.0, 3.0]
    assert survey.expectation["1"].tolist() == [5.0, 4.0, 3.0]
    log = survey.exclusions
    assert log[["column", "reason", "action"]].values.tolist() == [
        ["E_2", "reverse-keyed item: x' = 1 + 5 - x", "recoded"],
        ["P_2", "reverse-keyed item: x' = 1 + 5 - x", "recoded"]]
    assert log["respondent"].isna().all()


def test_servqual88_reverses_negative_items():
    raw = pd.DataFrame({**{f"E_{i}": [6] for i in range(1, 23)}, **{f"P_{i}": [2] for i in range(1, 23)}})
    survey = servgap.read_survey(raw, "servqual88")
    # reverse-keyed: E 6 -> 2, P 2 -> 6, gap +4; others gap 2 - 6 = -4
    gaps = survey.gaps.iloc[0]
    assert gaps[["10", "13", "18", "22"]].tolist() == [4.0] * 4
    assert gaps[["1", "9", "14", "17"]].tolist() == [-4.0] * 4
    assert len(survey.exclusions) == 18


def test_missing_codes_are_logged(raw, inst):
    coded = raw.astype(object)
    coded.loc[0, "E_1"] = 99
    coded.loc[1, "E_2"] = "N/A"
    coded.loc[2, "P_1"] = " tidak  tahu "
    coded.loc[2, "P_2"] = 0
    survey = servgap.read_survey(coded, inst, id="id", missing_values=(0, 99, "N/A", "Tidak tahu"))
    log = survey.exclusions[survey.exclusions["reason"].str.startswith("missing-value code")]
    assert log[["respondent", "column", "value"]].values.tolist() == [
        ["a", "E_1", 99], ["b", "E_2", "N/A"], ["c", "P_1", " tidak  tahu "], ["c", "P_2", 0]]
    assert set(log["action"]) == {SET_MISSING}
    assert survey.expectation.isna().sum().sum() == 2 and survey.perception.isna().sum().sum() == 2
    assert_accounted(coded, survey, ["E_1", "E_2", "E_3", "P_1", "P_2", "P_3"])


def test_without_the_code_it_is_an_invalid_value(raw, inst):
    error = failures(lambda: servgap.read_survey(raw.assign(E_1=[99, 4, 3]), inst, id="id"))
    assert cases_of(error) == [(1, "a", "E_1", 99)]


def test_numeric_missing_code_in_a_numeric_column(raw, inst):
    survey = servgap.read_survey(raw.assign(E_1=[99.0, 4.0, np.nan]), inst, missing_values=99)
    assert survey.expectation["1"].isna().tolist() == [True, False, True]
    assert (survey.exclusions["value"] == 99).sum() == 1


def test_decimal_comma_text(raw, inst):
    survey = servgap.read_survey(raw.assign(E_1=["4,5", " 3,5 ", "2"]), inst)
    assert survey.expectation["1"].tolist() == [4.5, 3.5, 2.0]


# -- answer labels ---------------------------------------------------------------------------
LIKERT_CASES = [
    ("agree5_en", (1, 5), ["Strongly disagree", "disagree", "Neutral", "AGREE", "strongly  agree"], [1, 2, 3, 4, 5]),
    ("agree7_en", (1, 7), ["strongly disagree", "Somewhat disagree", "Neither agree nor disagree",
                      "somewhat agree", "Strongly Agree"], [1, 3, 4, 5, 7]),
    ("setuju5_id", (1, 5), ["Sangat Tidak Setuju", "tidak setuju", "Netral", "Setuju", " Sangat  Setuju "],
     [1, 2, 3, 4, 5]),
    ("setuju5_id_short", (1, 5), ["STS", "TS", "N", "S", "ss"], [1, 2, 3, 4, 5]),
    ("setuju7_id", (1, 7), ["Sangat tidak setuju", "Agak tidak setuju", "Netral", "Agak setuju", "Sangat setuju"],
     [1, 3, 4, 5, 7]),
    ("puas5_id", (1, 5), ["Sangat Tidak Puas", "Tidak Puas", "Cukup Puas", "Puas", "Sangat Puas"], [1, 2, 3, 4, 5]),
]


@pytest.mark.parametrize("name, scale, labels, expected", LIKERT_CASES, ids=[c[0] for c in LIKERT_CASES])
def test_builtin_label_sets(name, scale, labels, expected):
    inst = Instrument("one", {"A": ["1"]}, scale=scale)
    raw = pd.DataFrame({"E_1": labels, "P_1": [scale[1]] * 5})
    survey = servgap.read_survey(raw, inst)
    assert survey.expectation["1"].tolist() == [float(v) for v in expected]
    assert survey.metadata["likert"] == {"expectation": name}
    recoded = survey.exclusions[survey.exclusions["action"] == "recoded"]
    assert recoded[["column", "value"]].values.tolist() == [["E_1", "5 text answers"]]


def test_labels_mixed_with_numbers():
    inst = Instrument("one", {"A": ["1"]}, scale=(1, 5))
    survey = servgap.read_survey(pd.DataFrame({"E_1": ["5", "Setuju", 3], "P_1": [1, 2, 3]}), inst)
    assert survey.expectation["1"].tolist() == [5.0, 4.0, 3.0]


def test_user_label_mapping():
    inst = Instrument("one", {"A": ["1"]}, scale=(1, 3))
    raw = pd.DataFrame({"E_1": ["Low", " HIGH", "mid"], "P_1": ["mid", "low", "high"]})
    survey = servgap.read_survey(raw, inst, likert={"low": 1, "mid": 2, "high": 3})
    assert survey.gaps["1"].tolist() == [1.0, -2.0, 1.0]


def test_unknown_label_is_reported():
    inst = Instrument("one", {"A": ["1"]}, scale=(1, 5))
    raw = pd.DataFrame({"E_1": ["Setuju", "Sangat Setuju", "Mungkin"], "P_1": [1, 2, 3]})
    error = failures(lambda: servgap.read_survey(raw, inst))
    # setuju5_id covers "Setuju" and "Sangat Setuju": only the label it lacks is reported
    assert error.failure_cases["row"].tolist() == [3]
    assert error.failure_cases["value"].tolist() == ["Mungkin"]
    # no built-in set covers any label: every text answer is reported
    error = failures(lambda: servgap.read_survey(raw.assign(E_1=["Mungkin", "Entah", "5"]), inst))
    assert error.failure_cases["value"].tolist() == ["Mungkin", "Entah"]
    assert set(error.failure_cases["problem"]) == {"not a number or a known answer label"}


def test_a_five_point_label_set_is_not_used_on_a_seven_point_scale():
    inst = Instrument("one", {"A": ["1"]}, scale=(1, 7))
    raw = pd.DataFrame({"E_1": ["STS", "SS"], "P_1": [1, 2]})
    error = failures(lambda: servgap.read_survey(raw, inst))
    assert len(error.failure_cases) == 2


def test_named_label_set_and_bad_likert_option():
    inst = Instrument("one", {"A": ["1"]}, scale=(1, 5))
    raw = pd.DataFrame({"E_1": ["P", "SP"], "P_1": [1, 2]})
    survey = servgap.read_survey(raw, inst, likert="puas5_id_short")
    assert survey.expectation["1"].tolist() == [4.0, 5.0]
    with pytest.raises(ValueError, match="`likert` must be"):
        servgap.read_survey(raw, inst, likert="nope")


# -- dimension weights -----------------------------------------------------------------------
def test_dimension_weights_rescaled_and_logged(raw, inst):
    weighted = raw.assign(W_A=[60, 30, None], W_B=[40, 20, None])
    survey = servgap.read_survey(weighted, inst, id="id", dimension_weights="W_{dimension}")
    assert survey.dimension_weights.loc["a"].tolist() == [60.0, 40.0]
    assert survey.dimension_weights.loc["b"].tolist() == [60.0, 40.0]  # 30/50, 20/50 of 100
    assert survey.dimension_weights.loc["c"].isna().all()
    log = survey.exclusions
    assert log.loc[log["action"] == "rescaled", "respondent"].tolist() == ["b"]
    assert log.loc[log["reason"].str.startswith("no dimension weights"), "respondent"].tolist() == ["c"]
    # weighted score of a: G_A = (-2 + 0)/2 = -1, G_B = -3 -> (-1*60 + -3*40)/100 = -1.8
    assert survey.overall_scores(weighted=True).loc["a"] == pytest.approx(-1.8)


def test_dimension_weight_outside_range(raw, inst):
    error = failures(lambda: servgap.read_survey(raw.assign(W_A=[120, 50, 50], W_B=[0, 50, 50]), inst,
                                                 id="id", dimension_weights="W_{dimension}"))
    assert cases_of(error) == [(1, "a", "W_A", 120)]


# -- answer labels: one bad cell does not invalidate the others ----------------------------------
def test_one_junk_label_reports_only_that_cell():
    inst = Instrument("one", {"A": ["1", "2"]}, scale=(1, 5))
    raw = pd.DataFrame({"E_1": ["Setuju", "Sangat Setuju", "??", "Netral"],
                        "E_2": ["Setju", "Tidak Setuju", "Setuju", "Sangat Tidak Setuju"],
                        "P_1": [1, 2, 3, 4], "P_2": [4, 4, 4, 4]})
    error = failures(lambda: servgap.read_survey(raw, inst))
    assert cases_of(error) == [(1, 1, "E_2", "Setju"), (3, 3, "E_1", "??")]
    assert error.failure_cases["problem"].str.contains("setuju5_id").all()
    survey = servgap.read_survey(raw, inst, on_invalid="missing")
    assert survey.expectation["1"].tolist()[:2] == [4.0, 5.0] and survey.expectation["1"].tolist()[3] == 3.0
    assert np.isnan(survey.expectation.loc[3, "1"]) and np.isnan(survey.expectation.loc[1, "2"])
    assert survey.expectation["2"].tolist()[1:] == [2.0, 4.0, 1.0]
    assert survey.metadata["likert"] == {"expectation": "setuju5_id"}
    set_missing = survey.exclusions[survey.exclusions["action"] == SET_MISSING]
    assert sorted(set_missing[["respondent", "column", "value"]].values.tolist()) == [[1, "E_2", "Setju"],
                                                                                       [3, "E_1", "??"]]


def test_label_set_covering_most_labels_wins():
    from servgap.io.likert import resolve_likert

    # "n" is in setuju5_id_short and puas5_id_short; "p" and "sp" only in puas5_id_short
    name, mapping = resolve_likert(None, {"n", "p", "sp", "??"}, (1, 5))
    assert name == "puas5_id_short"
    assert {k: mapping[k] for k in ("n", "p", "sp")} == {"n": 3.0, "p": 4.0, "sp": 5.0}
    assert "??" not in mapping
    assert resolve_likert(None, {"??", "xyz"}, (1, 5)) == (None, {})


def test_label_sets_of_one_size_agree_on_shared_labels():
    """Ties between sets of the same size change only the set's name, never a value."""
    from servgap.io.likert import LIKERT_SETS, _set_mapping

    values: dict = {}
    for name, labels in LIKERT_SETS.items():
        for text, value in _set_mapping(labels, 1).items():
            values.setdefault((len(labels), text), set()).add(value)
    assert all(len(v) == 1 for v in values.values())


def test_named_label_set_with_another_number_of_points_is_refused():
    inst = Instrument("one", {"A": ["1"]}, scale=(1, 5))
    raw = pd.DataFrame({"E_1": ["somewhat agree", "agree"], "P_1": [1, 2]})
    with pytest.raises(ValueError, match="'agree7_en'` has 7 points.*scale 1-5 has 5"):
        servgap.read_survey(raw, inst, likert="agree7_en")


# -- three answers (adequate, desired, perception) -----------------------------------------------
@pytest.fixture
def three():
    inst = Instrument("lib", {"Place": ["1", "2"], "Info": ["3"]}, scale=(1, 9),
                      components=("adequate", "desired", "perception"))
    # b lacks A_2, c lacks P_2, d lacks D_1 and P_1; a is complete
    raw = pd.DataFrame({"id": ["a", "b", "c", "d"],
                        "A_1": [5, 6, 4, 7], "D_1": [8, 8, 7, None], "P_1": [4, 7, 8, None],
                        "A_2": [6, None, 5, 5], "D_2": [9, 8, 8, 8], "P_2": [9, 7, None, 5],
                        "A_3": [3, 4, 5, 6], "D_3": [7, 7, 7, 7], "P_3": [2, 9, 6, 7]})
    return inst, raw


def test_incomplete_triples_are_logged_answer_by_answer(three):
    inst, raw = three
    survey = servgap.read_survey(raw, inst, id="id")
    not_used = survey.exclusions[survey.exclusions["action"] == "not_used_zone"]
    assert sorted(map(tuple, not_used[["respondent", "column"]].values.tolist())) == [
        ("b", "D_2"), ("b", "P_2"), ("c", "A_2"), ("c", "D_2"), ("d", "A_1")]
    assert not_used["reason"].str.contains("incomplete").all()
    reason = not_used.loc[not_used["column"] == "A_1", "reason"].iloc[0]
    assert "desired" in reason and "perception" in reason
    # kept + not used = input: every given answer is in a complete triple or has a log row
    complete = survey.adequate.notna() & survey.desired.notna() & survey.perception.notna()
    cols = [c for c in raw.columns if c != "id"]
    given = int(raw[cols].notna().to_numpy().sum())
    assert 3 * int(complete.to_numpy().sum()) + len(not_used) == given
    assert_accounted(raw, survey, cols)


def test_min_items_counts_complete_triples(three):
    inst, raw = three
    survey = servgap.read_survey(raw, inst, id="id", min_items=2)
    log = survey.exclusions
    short = log[(log["action"] == "dimension_missing")
                & log["reason"].str.startswith("zone-of-tolerance score")]
    complete = survey.adequate.notna() & survey.desired.notna() & survey.perception.notna()
    n_place = complete[["1", "2"]].sum(axis=1)
    expected = [[r, "Place", int(n)] for r, n in n_place.items() if 0 < n < 2]
    assert expected == [["b", "Place", 1], ["c", "Place", 1], ["d", "Place", 1]]
    assert short[["respondent", "column", "value"]].values.tolist() == expected
    # the zone of tolerance leaves exactly these respondents out of the Place dimension
    zot = servgap.zone_of_tolerance(survey, level="dimension").table.set_index("dimension")
    assert zot.loc["Place", "n"] == survey.n_respondents - len(expected)


def test_min_items_logs_the_perception_score_of_a_three_column_survey():
    # a lacks P_1 and A_2: no complete triple in A (nothing for the zone of tolerance to log) but
    # one answered perception item of two, so the perception score of A is missing and logged
    inst = Instrument("lib", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 9),
                      components=("adequate", "desired", "perception"))
    raw = pd.DataFrame({"id": ["a", "b"], "A_1": [5, 5], "A_2": [None, 5], "A_3": [5, 5],
                        "D_1": [8, 8], "D_2": [8, 8], "D_3": [8, 8],
                        "P_1": [None, 6], "P_2": [6, 6], "P_3": [6, 6]})
    survey = servgap.read_survey(raw, inst, id="id", min_items=2)
    assert np.isnan(survey.dimension_scores("perception").loc["a", "A"])
    log = survey.exclusions
    short = log[log["action"] == "dimension_missing"]
    assert short[["respondent", "column", "value", "reason"]].values.tolist() == [
        ["a", "A", 1, "perception score of 'A' needs 2 answered items; 1 of 2 answered"]]


def test_min_items_logs_triples_and_perception_once_each(three):
    inst, raw = three
    survey = servgap.read_survey(raw, inst, id="id", min_items=2)
    log = survey.exclusions
    short = log[log["action"] == "dimension_missing"]
    assert not short.duplicated(["respondent", "column", "reason"]).any()
    # every perception dimension score that min_items leaves missing has its row
    perception = survey.dimension_scores("perception")
    answered = survey.perception.notna()
    expected = sorted((r, d) for d, items in inst.dimensions.items() for r in survey.respondents
                      if np.isnan(perception.loc[r, d]) and answered.loc[r, list(items)].any())
    assert expected == [("c", "Place"), ("d", "Place")]
    logged = short[short["reason"].str.startswith("perception score")]
    assert sorted(map(tuple, logged[["respondent", "column"]].values.tolist())) == expected
    assert logged["reason"].str.endswith("1 of 2 answered").all()


# -- dimension weights: no weighted score ----------------------------------------------------------
def test_no_weighted_score_has_its_own_action_and_reason(raw, inst):
    weighted = raw.assign(W_A=[60, 0, None], W_B=[40, 0, None])
    survey = servgap.read_survey(weighted, inst, id="id", dimension_weights="W_{dimension}")
    assert survey.n_respondents == 3  # only the weighted score is missing, not the respondent
    log = survey.exclusions
    rows = log[log["action"] == "no_weighted_score"]
    assert rows["respondent"].tolist() == ["b", "c"]
    assert rows["reason"].tolist() == ["dimension weights sum to 0: no weighted score",
                                       "no dimension weights given: no weighted score"]
    assert not log["action"].str.contains("excluded").any()
    assert survey.overall_scores(weighted=True)[["b", "c"]].isna().all()
    assert label("action.no_weighted_score", "id") != label("action.no_weighted_score", "en")
