"""Hostile and broken input at the loader (issue 13): every problem logged with its input row and
a check code, odd values read by one documented rule, kept + excluded = input."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import servgap
from servgap import Instrument, Survey, SurveyValidationError
from servgap.errors import ACTIONS, CHECKS, FAILURE_COLUMNS
from servgap.i18n import LABELS, label
from servgap.survey import EXCLUSION_COLUMNS

ANSWERS = ["E_1", "E_2", "E_3", "P_1", "P_2", "P_3"]


@pytest.fixture
def inst():
    return Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))


def table(n, **columns):
    """n respondents answering 4 everywhere, with some columns replaced."""
    base = {"id": [f"r{k}" for k in range(1, n + 1)], **{c: [4] * n for c in ANSWERS}}
    return pd.DataFrame({**base, **columns})


def failures(call) -> pd.DataFrame:
    with pytest.raises(SurveyValidationError) as info:
        call()
    return info.value.failure_cases


def entries(survey, *columns):
    return survey.exclusions[list(columns)].astype(object).values.tolist()


# -- codes in one place ------------------------------------------------------------------------
def test_every_check_and_action_code_has_an_english_and_an_indonesian_description():
    for lang in ("en", "id"):
        assert all(f"check.{code}" in LABELS[lang] for code in CHECKS), lang
        assert all(f"action.{code}" in LABELS[lang] for code in ACTIONS), lang
    assert len(set(CHECKS)) == len(CHECKS)
    assert label("check.out_of_scale", "id") != label("check.out_of_scale", "en")


def test_log_and_failure_cases_have_row_and_check_columns(inst):
    assert EXCLUSION_COLUMNS == ["row", "respondent", "column", "value", "check", "action", "reason"]
    assert FAILURE_COLUMNS == ["row", "respondent", "column", "value", "check", "problem"]
    raw = table(3, E_1=[4, 9, None])
    cases = failures(lambda: servgap.read_survey(raw, inst, id="id"))
    assert cases.columns.tolist() == FAILURE_COLUMNS
    assert cases[["row", "respondent", "column", "value", "check"]].astype(object).values.tolist() == [
        [2, "r2", "E_1", 9, "out_of_scale"]]
    survey = servgap.read_survey(raw, inst, id="id", on_invalid="missing")
    assert survey.exclusions.columns.tolist() == EXCLUSION_COLUMNS
    # the 9 set missing (row 2), then the P_1 answers of rows 2 and 3 without their E_1
    assert entries(survey, "row", "respondent", "column", "check", "action") == [
        [2, "r2", "E_1", "out_of_scale", "set_missing"],
        [2, "r2", "P_1", "incomplete_pair", "not_used"],
        [3, "r3", "P_1", "incomplete_pair", "not_used"]]
    assert set(survey.exclusions["check"]) <= set(CHECKS)
    assert set(survey.exclusions["action"]) <= set(ACTIONS)


def test_summary_translates_the_action_codes_only_for_display(inst):
    survey = servgap.read_survey(table(3, E_1=[4, 9, 4]), inst, id="id", on_invalid="missing")
    assert "set_missing" in survey.exclusions["action"].tolist()
    assert f"1 {label('action.set_missing', 'id')}" in survey.summary("id")
    assert f"1 {label('action.set_missing', 'en')}" in survey.summary("en")


# -- rows: the position of the data row in the input table ---------------------------------------
def test_rows_of_a_csv_file_count_data_rows_without_the_header(tmp_path, inst):
    path = tmp_path / "survey.csv"
    table(4, P_2=[4, 4, 4, 7]).to_csv(path, index=False)
    cases = failures(lambda: servgap.read_survey(path, inst, id="id"))
    assert cases[["row", "respondent", "column", "check"]].astype(object).values.tolist() == [
        [4, "r4", "P_2", "out_of_scale"]]


def test_rows_of_an_excel_sheet_count_like_a_csv(tmp_path, inst):
    path = tmp_path / "survey.xlsx"
    table(4, P_2=[4, 4, 4, 7]).to_excel(path, index=False)
    cases = failures(lambda: servgap.read_survey(path, inst, id="id"))
    assert cases[["row", "column"]].astype(object).values.tolist() == [[4, "P_2"]]


def test_from_long_rows_are_the_rows_of_the_long_records(inst):
    long = pd.DataFrame([(r, i, 4, 4) for r in ("S1", "S2") for i in ("1", "2", "3")], columns=["r", "q", "E", "P"])
    long.loc[4, "E"] = 9  # S2, item 2
    long = long.drop(index=0).reset_index(drop=True)  # S1 answered no item 1: S2's item 2 is now row 4
    survey = servgap.from_long(long, inst, respondent="r", item="q", on_invalid="missing",
                              values={"expectation": "E", "perception": "P"})
    log = survey.exclusions
    assert entries(survey, "row", "respondent", "column", "check")[0] == [4, "S2", "E[2]", "out_of_scale"]
    # its perception answer, left without a partner, points at the same long record
    assert log.loc[log["column"] == "P[2]", "row"].tolist() == [4]
    cases = failures(lambda: servgap.from_long(long, inst, respondent="r", item="q",
                                              values={"expectation": "E", "perception": "P"}))
    assert cases[["row", "respondent", "column", "check"]].astype(object).values.tolist() == [
        [4, "S2", "E", "out_of_scale"]]


def test_from_frames_rows_count_the_table_a_column_comes_from(inst):
    e = pd.DataFrame({"id": [1, 2, 3], "q1": [5, 4, 3], "q2": [4, 4, 4], "q3": [5, 5, 5]})
    p = pd.DataFrame({"id": [3, 2, 5, 1], "q1": [4, 4, 1, 8], "q2": [4, 4, 1, 4], "q3": [5, 5, 1, 5]})
    survey = servgap.from_frames(e, p, inst, on="id", columns="q{item}", on_invalid="missing")
    log = survey.exclusions
    # respondent 1's P q1 = 8 is in row 4 of the perception table; E q1 of the same person is row 1
    bad = log[log["check"] == "out_of_scale"]
    assert entries(survey.subset([1]), "row", "column", "check")[0] == [4, "q1 (perception)", "out_of_scale"]
    assert bad["row"].tolist() == [4]
    unpaired = log[log["check"] == "incomplete_pair"]
    assert unpaired[["row", "column"]].astype(object).values.tolist() == [[1, "q1 (expectation)"]]
    # id 5 is only in the perception table (its row 3)
    alone = log[log["check"] == "unmatched_id"]
    assert alone[["row", "respondent", "action"]].astype(object).values.tolist() == [
        [3, 5, "excluded_respondent"]]


# -- 5. odd values -------------------------------------------------------------------------------
def test_booleans_are_not_answers_whether_true_or_false(inst):
    raw = table(3, E_1=[True, False, 4]).astype({"E_1": object})
    cases = failures(lambda: servgap.read_survey(raw, inst, id="id"))
    assert cases[["row", "value", "check"]].astype(object).values.tolist() == [
        [1, True, "not_a_number"], [2, False, "not_a_number"]]
    # a whole column of booleans too
    cases = failures(lambda: servgap.read_survey(table(2, E_2=[True, False]), inst, id="id"))
    assert cases["check"].tolist() == ["not_a_number"] * 2


def test_a_thousands_separator_is_refused_and_a_decimal_comma_read(inst):
    raw = table(4, E_1=["1,000", "4,5", "4,50", "12,345,678"])
    cases = failures(lambda: servgap.read_survey(raw, inst, id="id"))
    assert cases[["row", "value", "check"]].astype(object).values.tolist() == [
        [1, "1,000", "not_a_number"], [4, "12,345,678", "not_a_number"]]
    survey = servgap.read_survey(raw, inst, id="id", on_invalid="missing")
    assert survey.expectation["1"].tolist()[1:3] == [4.5, 4.5]


def test_complex_numbers_and_bytes_are_not_answers(inst):
    raw = table(3, E_1=[3 + 0j, b"4", 4]).astype({"E_1": object})
    cases = failures(lambda: servgap.read_survey(raw, inst, id="id"))
    assert cases[["row", "check"]].astype(object).values.tolist() == [[1, "not_a_number"], [2, "not_a_number"]]
    assert cases["problem"].tolist() == ["not a number (a complex number)", "not a number (bytes)"]


def test_digits_of_other_scripts_are_converted_and_each_conversion_logged(inst):
    raw = table(5, E_1=["٣", "３", "𝟒", "٤,٥", "4"])  # Arabic-Indic, full-width, mathematical bold
    survey = servgap.read_survey(raw, inst, id="id")
    assert survey.expectation["1"].tolist() == [3.0, 3.0, 4.0, 4.5, 4.0]
    converted = survey.exclusions[survey.exclusions["check"] == "converted_value"]
    assert converted[["row", "value", "action"]].astype(object).values.tolist() == [
        [1, "٣", "recoded"], [2, "３", "recoded"], [3, "𝟒", "recoded"], [4, "٤,٥", "recoded"]]
    assert converted["reason"].iloc[3].endswith("read as 4.5")


def test_text_inf_and_nan_are_not_numbers_and_a_number_inf_is_out_of_scale(inst):
    raw = table(3, E_1=["inf", "nan", np.inf]).astype({"E_1": object})
    cases = failures(lambda: servgap.read_survey(raw, inst, id="id"))
    assert cases["check"].tolist() == ["not_a_number", "not_a_number", "out_of_scale"]


# -- 6. survey weights ---------------------------------------------------------------------------
def test_infinite_negative_zero_and_missing_weights_are_invalid(inst):
    raw = table(5, w=[1.5, np.inf, -1.0, 0.0, np.nan])
    cases = failures(lambda: servgap.read_survey(raw, inst, id="id", weight="w"))
    assert cases[["row", "check"]].astype(object).values.tolist() == [[r, "invalid_weight"] for r in (2, 3, 4, 5)]
    survey = servgap.read_survey(raw, inst, id="id", weight="w", on_invalid="missing")
    assert survey.respondents.tolist() == ["r1"]
    assert survey.weight.tolist() == [1.5]
    assert entries(survey, "row", "check", "action") == [[r, "invalid_weight", "excluded_respondent"]
                                                        for r in (2, 3, 4, 5)]


# -- 8. duplicate ids ----------------------------------------------------------------------------
def test_a_problem_of_a_repeated_id_is_attributed_to_its_own_row(inst):
    raw = table(3, id=["A", "A", "A"], E_1=[4, 4, 9])
    cases = failures(lambda: servgap.read_survey(raw, inst, id="id"))
    assert cases[["row", "respondent", "column", "check"]].astype(object).values.tolist() == [
        [2, "A", "id", "duplicate_id"], [3, "A", "id", "duplicate_id"], [3, "A", "E_1", "out_of_scale"]]
    survey = servgap.read_survey(raw, inst, id="id", on_invalid="missing")
    assert survey.expectation.loc["A", "1"] == 4.0  # the kept A is row 1, whose answer was 4
    set_missing = survey.exclusions[survey.exclusions["action"] == "set_missing"]
    assert set_missing[["row", "column", "value"]].astype(object).values.tolist() == [[3, "E_1", 9]]


# -- 9. missing ids ------------------------------------------------------------------------------
def test_missing_and_blank_ids_are_logged_with_their_row_and_left_out_of_subsets(inst):
    raw = table(4, id=["a", None, "  ", "b"], branch=["X", "X", "Y", "Y"])
    survey = servgap.read_survey(raw, inst, id="id", segments=["branch"], on_invalid="missing")
    excluded = survey.exclusions[survey.exclusions["check"] == "missing_id"]
    assert excluded[["row", "action"]].astype(object).values.tolist() == [[2, "excluded_respondent"],
                                                                          [3, "excluded_respondent"]]
    assert excluded["respondent"].isna().all()
    for subset in (survey.subset(branch="X"), survey.subset(branch="Y"), survey.subset(["a"])):
        assert subset.exclusions.empty


def test_subset_keeps_entries_about_whole_columns(inst):
    reversed_inst = Instrument("rev", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5), reverse=["2"])
    survey = servgap.read_survey(table(2, branch=["X", "Y"]), reversed_inst, id="id", segments=["branch"])
    whole = survey.exclusions
    assert whole["row"].isna().all() and whole["respondent"].isna().all()
    assert whole["check"].tolist() == ["reverse_keyed", "reverse_keyed"]
    assert len(survey.subset(branch="X").exclusions) == 2


# -- 12. mixed-type segment values ---------------------------------------------------------------
def test_segment_values_are_grouped_by_their_displayed_text(inst):
    raw = table(5, seg=[1, "1", 1.0, True, " 2 "])
    survey = servgap.read_survey(raw, inst, id="id", segments=["seg"])
    assert survey.segments["seg"].tolist() == ["1", "1", "1", "True", "2"]
    merged = survey.exclusions[survey.exclusions["check"] == "segment_merged"]
    assert merged[["column", "value", "action"]].values.tolist() == [["seg", "1", "recoded"]]
    assert merged["reason"].iloc[0] == "segment values 1, '1', 1.0 are shown as '1': one group"
    assert merged["row"].isna().all()
    assert survey.subset(seg="1").n_respondents == 3


def test_one_type_of_segment_value_is_kept_as_it_is(inst):
    survey = servgap.read_survey(table(3, seg=[1, 2, 1]), inst, id="id", segments=["seg"])
    assert survey.segments["seg"].tolist() == [1, 2, 1]
    assert survey.exclusions.empty


# -- outcomes (issue 11: key-driver analysis) ------------------------------------------------------
def test_outcomes_are_validated_logged_and_kept_through_subset(inst):
    raw = table(4, overall=[8, "9", "x", 99], recommend=[10, 0, 7, 11], branch=["X", "Y", "X", "Y"])
    cases = failures(lambda: servgap.read_survey(raw, inst, id="id", outcomes=["overall", "recommend"],
                                                 outcome_scale=(0, 10), missing_values=[99]))
    assert cases[["row", "column", "value", "check"]].astype(object).values.tolist() == [
        [3, "overall", "x", "not_a_number"], [4, "recommend", 11, "out_of_scale"]]
    survey = servgap.read_survey(raw, inst, id="id", outcomes=["overall", "recommend"], outcome_scale=(0, 10),
                                 missing_values=[99], segments=["branch"], on_invalid="missing")
    assert survey.outcomes.columns.tolist() == ["overall", "recommend"]
    assert survey.outcomes["overall"].tolist()[:2] == [8.0, 9.0]
    assert survey.outcomes.iloc[2:, 0].isna().all() and np.isnan(survey.outcomes.loc["r4", "recommend"])
    log = survey.exclusions
    assert log[["row", "column", "check", "action"]].astype(object).values.tolist() == [
        [3, "overall", "not_a_number", "set_missing"], [4, "overall", "missing_code", "set_missing"],
        [4, "recommend", "out_of_scale", "set_missing"]]
    assert survey.subset(branch="Y").outcomes.index.tolist() == ["r2", "r4"]
    # without a scale any finite number is an outcome; infinity is not
    free = servgap.read_survey(table(2, nps=[-100.0, np.inf]), inst, id="id", outcomes="nps", on_invalid="missing")
    assert free.outcomes["nps"].tolist()[0] == -100.0 and np.isnan(free.outcomes["nps"].iloc[1])


def test_outcomes_from_frames_and_from_long(inst):
    e = pd.DataFrame({"id": [1, 2], "q1": [5, 4], "q2": [4, 4], "q3": [5, 5]})
    p = e.assign(q1=[4, 4], overall=[7, 12])
    cases = failures(lambda: servgap.from_frames(e, p, inst, on="id", columns="q{item}", outcomes=["overall"],
                                                outcome_scale=(1, 10)))
    assert cases[["row", "column", "check"]].astype(object).values.tolist() == [[2, "overall", "out_of_scale"]]
    joined = servgap.from_frames(e, p, inst, on="id", columns="q{item}", outcomes=["overall"])
    assert joined.outcomes["overall"].tolist() == [7.0, 12.0]
    long = pd.DataFrame([(r, i, 4, 3, o) for r, o in (("S1", 6), ("S2", 9)) for i in ("1", "2", "3")],
                        columns=["r", "q", "E", "P", "overall"])
    survey = servgap.from_long(long, inst, respondent="r", item="q", outcomes=["overall"],
                              values={"expectation": "E", "perception": "P"})
    assert survey.outcomes["overall"].to_dict() == {"S1": 6.0, "S2": 9.0}


def test_no_outcomes_is_none(inst):
    assert servgap.read_survey(table(2), inst, id="id").outcomes is None


# -- the invariant: kept + excluded = input, every answer set aside logged with its row ----------
CELLS = st.one_of(st.integers(1, 5), st.sampled_from([0, 9, 99, None, "", " ", "x", "3", "4,5", "1,000", True,
                                                      "٣", np.nan, 2.5, np.inf]))


@given(n=st.integers(1, 6), data=st.data())
def test_kept_plus_excluded_equals_input_and_every_answer_set_aside_is_logged(n, data):
    inst = Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))
    ids = data.draw(st.lists(st.sampled_from(["a", "b", "c", "d", None, " "]), min_size=n, max_size=n))
    cells = {c: data.draw(st.lists(CELLS, min_size=n, max_size=n)) for c in ANSWERS}
    weights = data.draw(st.lists(st.sampled_from([1.0, 2.0, 0.0, -1.0, np.nan]), min_size=n, max_size=n))
    missing = data.draw(st.sampled_from(["available", "listwise"]))
    raw = pd.DataFrame({"id": ids, "w": weights, **{c: pd.Series(v, dtype=object) for c, v in cells.items()}})
    try:
        survey = servgap.read_survey(raw, inst, id="id", weight="w", missing_values=[99], on_invalid="missing",
                                     missing=missing)
    except servgap.ServgapError:
        return  # nobody left is a clear error, not a lost answer
    log = survey.exclusions
    excluded = log[log["action"] == "excluded_respondent"]
    # respondents: every input row is kept or excluded, once
    assert survey.n_respondents + len(excluded) == n
    assert excluded["row"].is_unique
    kept_rows = set(range(1, n + 1)) - set(excluded["row"])
    assert len(kept_rows) == survey.n_respondents
    # answers: a given answer of a kept row is in the survey, or set aside with a log entry
    blank = raw[ANSWERS].map(lambda v: v is None or (isinstance(v, float) and np.isnan(v))
                             or (isinstance(v, str) and not v.strip()))
    by_row = {int(r): survey.respondents.get_loc(raw["id"].iloc[int(r) - 1].strip())
              if isinstance(raw["id"].iloc[int(r) - 1], str) else None for r in kept_rows}
    set_aside = {(int(r), c) for r, c in log.loc[log["action"] == "set_missing", ["row", "column"]].values}
    for row, at in by_row.items():
        for col in ANSWERS:
            kind = "expectation" if col[0] == "E" else "perception"
            value = survey.answers[kind].iloc[at][col[2:]]
            if blank.iloc[row - 1][col]:
                assert np.isnan(value) and (row, col) not in set_aside
            else:
                assert np.isnan(value) == ((row, col) in set_aside), (row, col, raw.iloc[row - 1][col])


def test_column_and_structure_problems_carry_a_check_code(inst):
    missing_column = failures(lambda: servgap.read_survey(table(2).drop(columns="P_3"), inst, id="id",
                                                          segments=["region"]))
    assert missing_column[["column", "check"]].values.tolist() == [
        ["P_3", "column_not_found"], ["E_3", "unpaired_column"], ["region", "column_not_found"]]
    e = pd.DataFrame({"id": [1, 2], "q1": [5, 4], "q2": [4, 4]})
    joined = failures(lambda: servgap.from_frames(e, e, inst, on="id", columns="q{item}"))
    assert joined["check"].tolist() == ["column_not_found", "column_not_found"]
    long = pd.DataFrame({"r": ["S1", "S1", None], "q": ["1", "9", "2"], "E": [4, 4, 4], "P": [4, 4, 4]})
    structure = failures(lambda: servgap.from_long(long, inst, respondent="r", item="q",
                                                  values={"expectation": "E", "perception": "P"}))
    assert structure[["row", "check"]].astype(object).values.tolist() == [[2, "unknown_item"], [3, "missing_id"]]
    for cases in (missing_column, joined, structure):
        assert cases["check"].isin(CHECKS).all()
