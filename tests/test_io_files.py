"""Loading from files: real-export shapes written by the tests, and files that are not surveys."""

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import Instrument, ServgapError, Survey, SurveyValidationError
from servgap.io import detect_delimiter, detect_encoding, read_table

ITEMS = ["1", "2", "3"]


@pytest.fixture
def inst():
    return Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))


def wide():
    # gaps: a = (-2, 0, -3), b = (0, -1, 0)
    return pd.DataFrame({"id": ["a", "b"], "E_1": [5, 4], "E_2": [4, 4], "E_3": [5, 5],
                         "P_1": [3, 4], "P_2": [4, 3], "P_3": [2, 5]})


def assert_mini_gaps(survey):
    assert survey.respondents.tolist() == ["a", "b"]
    assert survey.gaps.loc["a"].tolist() == [-2.0, 0.0, -3.0]
    assert survey.gaps.loc["b"].tolist() == [0.0, -1.0, 0.0]


# -- text files ------------------------------------------------------------------------------
def test_google_forms_export_with_long_headers_and_lookalikes(tmp_path):
    """Interleaved E/P columns with question texts; comment and summary columns must not match."""
    inst = Instrument("forms", {"Fisik": ["1", "2"], "Empati": ["10"]}, scale=(1, 5))
    header = ["Timestamp", "Nama",
              "1. Ruang tunggu bersih, rapi dan nyaman [Harapan]",
              "1. Ruang tunggu bersih, rapi dan nyaman [Kenyataan]",
              "1. Komentar tentang ruang tunggu [Harapan] (opsional)",   # look-alike: not an answer
              "2. Peralatan modern [Harapan]", "2. Peralatan modern [Kenyataan]",
              "10. Petugas memahami kebutuhan saya [Harapan]",
              "10. Petugas memahami kebutuhan saya [Kenyataan]",
              "Rata-rata [Harapan]",                                     # look-alike: no item number
              "Q1 [Kenyataan]"]                                          # look-alike: other numbering
    rows = [["2024/03/01 10:00:00", "Ani", "Sangat Setuju", "Setuju", "ok, bagus", "Setuju",
             "Netral", "Sangat Setuju", "Tidak Setuju", "4,5", "3"],
            ["2024/03/01 10:05:00", "Budi", "Setuju", "setuju ", "", "Sangat Setuju", "Setuju",
             "Setuju", "Netral", "4", "2"]]
    path = tmp_path / "forms.csv"
    pd.DataFrame(rows, columns=header).to_csv(path, index=False, encoding="utf-8")
    survey = servgap.read_survey(path, inst, expectation=r"^(?P<item>\d+)\. [^\[]*\[Harapan\]$",
                                 perception=r"^(?P<item>\d+)\. [^\[]*\[Kenyataan\]$", id="Nama")
    assert survey.metadata["columns"]["expectation"]["1"].startswith("1. Ruang tunggu")
    assert survey.metadata["likert"] == {"expectation": "setuju5_id", "perception": "setuju5_id"}
    # Ani: E (5, 4, 5), P (4, 3, 2); Budi: E (4, 5, 4), P (4, 4, 3)
    assert survey.gaps.loc["Ani"].tolist() == [-1.0, -1.0, -3.0]
    assert survey.gaps.loc["Budi"].tolist() == [0.0, -1.0, -1.0]


def test_semicolon_and_decimal_comma(tmp_path, inst):
    path = tmp_path / "semi.csv"
    path.write_bytes("id;E_1;E_2;E_3;P_1;P_2;P_3\na;4,5;4;5;3;4;2\nb;4;4;5;4;3,5;5\n".encode("cp1252"))
    survey = servgap.read_survey(path, inst, id="id")
    assert survey.metadata["delimiter"] == ";"
    assert survey.gaps.loc["a"].tolist() == [-1.5, 0.0, -3.0]
    assert survey.gaps.loc["b"].tolist() == [0.0, -0.5, 0.0]


def test_tab_separated(tmp_path, inst):
    path = tmp_path / "survey.tsv"
    wide().to_csv(path, sep="\t", index=False)
    survey = servgap.read_survey(path, inst, id="id")
    assert survey.metadata["delimiter"] == "\t"
    assert_mini_gaps(survey)


def test_cp949_korean_headers(tmp_path):
    """The shape of a Korean survey-site export: 'N-1. … (기대 설문)' and 'N-2. … (인지 설문)'."""
    inst = Instrument("kiosk", {"Accuracy": ["1", "2"], "Autonomy": ["8", "9"]}, scale=(1, 7))
    columns = ["귀하의 성별을 선택해주세요.",
               "1-1. 키오스크는 정확해야 한다.(기대 설문)", "1-2. 키오스크는 정확하다. (인지 설문)",
               "2-1. 결제를 처리해야 한다. (기대 설문)", "2-2. 결제를 처리한다. (인지 설문)",
               "9-1.언제든 이용할 수 있어야 한다. (기대 설문)", "9-2. 언제든 이용할 수 있다. (인지 설문)",
               "8-1. 서비스를 선택할 수 있어야 한다. (기대 설문)", "8-2. 서비스를 선택할 수 있다. (인지 설문)",
               "1-1. 만약 정확하게 반영된다면, 어떤 느낌이 들겠습니까?",       # Kano question: same numbering
               "1-1. 정확하게 반영되는 것은 중요하다고 생각하십니까?"]      # importance: same numbering
    rows = [["여", 7, 6, 7, 5, 6, 6, 5, 3, "마음에 든다", 7],
            ["남", 6, 6, 5, 6, 7, 4, 6, 6, "당연하다", 6],
            ["여", "", "", "", "", "", "", "", "", "", ""]]
    path = tmp_path / "kiosk.csv"
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False, encoding="cp949")
    survey = servgap.read_survey(path, inst, expectation=r"^(?P<item>\d+)-1\..*\(기대",
                                 perception=r"^(?P<item>\d+)-2\..*\(인지", segments=[columns[0]])
    assert survey.metadata["encoding"] == "cp949"
    assert survey.metadata["columns"]["expectation"]["8"] == columns[7]
    assert survey.metadata["columns"]["expectation"]["9"] == columns[5]
    # items in instrument order 1, 2, 8, 9: row 1 gaps (-1, -2, -2, 0)
    assert survey.gaps.loc[1].tolist() == [-1.0, -2.0, -2.0, 0.0]
    assert survey.gaps.loc[2].tolist() == [0.0, 1.0, 0.0, -3.0]
    assert survey.segments.iloc[:, 0].tolist() == ["여", "남"]
    assert survey.exclusions[["respondent", "reason"]].values.tolist() == [[3, "no answers to any item"]]


def test_cp1252_file(tmp_path, inst):
    frame = wide().assign(**{"Région": ["Île-de-France", "Genève"]})
    path = tmp_path / "cp1252.csv"
    frame.to_csv(path, index=False, encoding="cp1252")
    survey = servgap.read_survey(path, inst, id="id", segments=["Région"])
    assert survey.metadata["encoding"] == "cp1252"
    assert survey.segments["Région"].tolist() == ["Île-de-France", "Genève"]
    assert_mini_gaps(survey)


def test_utf8_bom(tmp_path, inst):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + wide().to_csv(index=False).encode("utf-8"))
    survey = servgap.read_survey(path, inst, id="id")  # "id", not "\ufeffid"
    assert survey.metadata["encoding"] == "utf-8-sig"
    assert_mini_gaps(survey)


def test_utf16_unicode_text(tmp_path, inst):
    path = tmp_path / "unicode.txt"
    path.write_bytes(wide().to_csv(index=False, sep="\t").encode("utf-16"))
    survey = servgap.read_survey(path, inst, id="id")
    assert survey.metadata["encoding"] == "utf-16"
    assert_mini_gaps(survey)


def test_explicit_encoding_wins(tmp_path, inst):
    path = tmp_path / "latin.csv"
    wide().assign(city=["Zürich", "Köln"]).to_csv(path, index=False, encoding="latin-1")
    survey = servgap.read_survey(path, inst, id="id", segments=["city"], encoding="latin-1")
    assert survey.segments["city"].tolist() == ["Zürich", "Köln"]


def test_indonesian_labels_in_a_file(tmp_path, inst):
    path = tmp_path / "labels.csv"
    path.write_text("E_1,E_2,E_3,P_1,P_2,P_3\n"
                    "SS,S,SS,N,S,TS\n"
                    "S,S,SS,S,N,SS\n", encoding="utf-8")
    survey = servgap.read_survey(path, inst)
    assert survey.gaps.loc[1].tolist() == [-2.0, 0.0, -3.0]
    assert survey.gaps.loc[2].tolist() == [0.0, -1.0, 0.0]


def test_detectors():
    assert detect_encoding("성별,나이".encode("cp949")) == "cp949"
    assert detect_encoding("Région".encode("cp1252")) == "cp1252"
    assert detect_encoding("Région".encode("utf-8")) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbfid") == "utf-8-sig"
    assert detect_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_delimiter('"q, one",b\n1,2\n') == ","


# -- binary formats --------------------------------------------------------------------------
def test_excel(tmp_path, inst):
    path = tmp_path / "survey.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"note": ["not this sheet"]}).to_excel(writer, sheet_name="Info", index=False)
        wide().assign(E_1=["Sangat Setuju", "Setuju"]).to_excel(writer, sheet_name="Data", index=False)
    survey = servgap.read_survey(path, inst, id="id", sheet="Data")
    assert_mini_gaps(survey)
    with pytest.raises(ServgapError, match="Columns found: .note."):
        servgap.read_survey(path, inst, id="id", sheet="Info")


def test_spss_with_value_labels(tmp_path, inst):
    pyreadstat = pytest.importorskip("pyreadstat")
    path = tmp_path / "survey.sav"
    labels = {c: {1.0: "Sangat tidak setuju", 3.0: "Netral", 5.0: "Sangat setuju"}
              for c in wide().columns if c != "id"}
    pyreadstat.write_sav(wide(), str(path), variable_value_labels=labels)
    survey = servgap.read_survey(path, inst, id="id")
    assert_mini_gaps(survey)  # the numeric codes are kept
    assert survey.metadata["value_labels"]["E_1"] == {1.0: "Sangat tidak setuju", 3.0: "Netral",
                                                      5.0: "Sangat setuju"}


def test_parquet(tmp_path, inst):
    pytest.importorskip("pyarrow")
    path = tmp_path / "survey.parquet"
    wide().astype({"E_1": "Int64"}).to_parquet(path)
    assert_mini_gaps(servgap.read_survey(path, inst, id="id"))


# -- two files and long files ----------------------------------------------------------------
def test_two_files_joined_by_id(tmp_path, inst):
    (tmp_path / "harapan.csv").write_text("nim,q1,q2,q3\n101,5,4,5\n102,4,4,5\n103,3,3,3\n")
    (tmp_path / "persepsi.csv").write_text("nim,q1,q2,q3,kelas\n102,4,3,5,B\n101,3,4,2,A\n104,1,1,1,C\n")
    e, p = read_table(tmp_path / "harapan.csv"), read_table(tmp_path / "persepsi.csv")
    survey = servgap.from_frames(e, p, inst, on="nim", columns="q{item}", segments=["kelas"])
    assert survey.respondents.tolist() == ["101", "102"]
    assert survey.gaps.loc["101"].tolist() == [-2.0, 0.0, -3.0]
    assert survey.segments["kelas"].tolist() == ["A", "B"]
    log = survey.exclusions
    assert log[["respondent", "reason"]].values.tolist() == [
        ["103", "no perception questionnaire with this id"], ["104", "no expectation questionnaire with this id"]]
    # kept + excluded = every id of either file
    assert survey.n_respondents + len(log) == len(set(e["nim"]) | set(p["nim"]))


def test_two_files_failures_point_at_the_input(inst):
    e = pd.DataFrame({"id": [1, 2, 3], "q1": [5, 4, 3], "q2": [4, 4, 4], "q3": [5, 5, 5]})
    p = pd.DataFrame({"id": [3, 2, 1], "q1": [4, 4, 8], "q2": [4, 4, 4], "q3": [5, 5, 5]})
    with pytest.raises(SurveyValidationError) as info:
        servgap.from_frames(e, p, inst, on="id", columns="q{item}")
    case = info.value.failure_cases.iloc[0]
    assert (case["row"], case["respondent"], case["column"], case["value"]) == (3, 1, "q1", 8)
    assert case["problem"] == "outside the scale 1-5 (perception table)"


def test_two_files_without_common_ids(inst):
    e = pd.DataFrame({"id": [1, 2], "q1": [5, 4], "q2": [4, 4], "q3": [5, 5]})
    with pytest.raises(ServgapError, match="No respondent id in 'id' is in both tables"):
        servgap.from_frames(e, e.assign(id=["x", "y"]), inst, on="id", columns="q{item}")


def test_two_files_with_repeated_id(inst):
    e = pd.DataFrame({"id": [1, 1], "q1": [5, 4], "q2": [4, 4], "q3": [5, 5]})
    with pytest.raises(SurveyValidationError) as info:
        servgap.from_frames(e, e.assign(id=[1, 2]), inst, on="id", columns="q{item}")
    assert info.value.failure_cases[["row", "column"]].values.tolist() == [[2, "id"]]


def long_rows():
    # respondent, item, E, P — item ids zero-padded as some exports write them
    return [("S1", "01", 5, 3), ("S1", "02", 4, 4), ("S1", "03", 5, 2),
            ("S2", "03", 5, 5), ("S2", "01", 4, 4), ("S2", "02", 4, 3)]


def test_long_with_a_column_per_kind(tmp_path, inst):
    path = tmp_path / "long.csv"
    pd.DataFrame(long_rows(), columns=["respondent", "question_id", "E", "P"]).to_csv(path, index=False)
    survey = servgap.from_long(read_table(path), inst, respondent="respondent", item="question_id",
                              values={"expectation": "E", "perception": "P"})
    assert survey.gaps.loc["S1"].tolist() == [-2.0, 0.0, -3.0]
    assert survey.gaps.loc["S2"].tolist() == [0.0, -1.0, 0.0]


def test_long_with_kind_and_value_columns(inst):
    rows = [(r, i, kind, v) for r, i, e, p in long_rows() for kind, v in (("Harapan", e), ("Persepsi", p))]
    long = pd.DataFrame(rows, columns=["r", "item", "jenis", "skor"])
    survey = servgap.from_long(long, inst, respondent="r", item="item", kind="jenis", value="skor")
    assert survey.gaps.loc["S1"].tolist() == [-2.0, 0.0, -3.0]
    custom = long.assign(jenis=long["jenis"].map({"Harapan": "before", "Persepsi": "after"}))
    survey = servgap.from_long(custom, inst, respondent="r", item="item", kind="jenis", value="skor",
                              kinds={"before": "expectation", "after": "perception"})
    assert survey.gaps.loc["S2"].tolist() == [0.0, -1.0, 0.0]


def test_long_failures_point_at_the_long_rows(inst):
    long = pd.DataFrame(long_rows(), columns=["r", "q", "E", "P"])
    long.loc[4, "E"] = 9
    with pytest.raises(SurveyValidationError) as info:
        servgap.from_long(long, inst, respondent="r", item="q", values={"expectation": "E", "perception": "P"})
    fc = info.value.failure_cases
    assert fc[["row", "respondent", "column", "value"]].values.tolist() == [[5, "S2", "E", 9]]
    survey = servgap.from_long(long, inst, respondent="r", item="q", on_invalid="missing",
                              values={"expectation": "E", "perception": "P"})
    assert survey.exclusions[["respondent", "column", "value"]].values.tolist()[0] == ["S2", "E[1]", 9]


@pytest.mark.parametrize("change, row, column, problem", [
    ({"q": "07"}, 1, "q", "item not in the instrument"),
    ({"r": None}, 1, "r", "respondent id missing"),
])
def test_long_structural_problems(inst, change, row, column, problem):
    long = pd.DataFrame(long_rows(), columns=["r", "q", "E", "P"]).astype(object)
    for col, value in change.items():
        long.loc[0, col] = value
    with pytest.raises(SurveyValidationError) as info:
        servgap.from_long(long, inst, respondent="r", item="q", values={"expectation": "E", "perception": "P"})
    fc = info.value.failure_cases
    assert fc[["row", "column", "problem"]].values.tolist() == [[row, column, problem]]


def test_long_answer_given_twice_and_unknown_kind(inst):
    long = pd.DataFrame([("S1", "1", "E", 5), ("S1", "1", "E", 4), ("S1", "1", "Q", 3)],
                        columns=["r", "i", "k", "v"])
    with pytest.raises(SurveyValidationError) as info:
        servgap.from_long(long, inst, respondent="r", item="i", kind="k", value="v")
    problems = info.value.failure_cases["problem"].tolist()
    assert problems[0].startswith("unknown answer kind")
    assert problems[1] == "second expectation answer to item '1' for this respondent"


def test_long_unknown_component_names_the_parameter_value_and_choices(inst):
    long = pd.DataFrame(long_rows(), columns=["r", "q", "E", "P"])
    with pytest.raises(ValueError, match=r"^`values` keys must be one of \['expectation', 'perception', "
                                         r"'adequate', 'desired', 'importance'\], got 'expecation'\.$"):
        servgap.from_long(long, inst, respondent="r", item="q", values={"expecation": "E", "perception": "P"})
    kinds = long.melt(id_vars=["r", "q"], var_name="k", value_name="v")
    with pytest.raises(ValueError, match=r"^`kinds` values must be one of \[.*\], got 'after'\.$"):
        servgap.from_long(kinds, inst, respondent="r", item="q", kind="k", value="v", kinds={"P": "after"})


# -- files that are not surveys --------------------------------------------------------------
@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", b"", "is empty"),
    ("blank.csv", b"  \n\n", "holds no text"),
    ("header.csv", b"id,E_1,P_1\n", "has no rows of answers"),
    ("image.csv", bytes(range(256)) * 8, "is a binary file"),
    ("noise.dat", bytes(range(1, 256)) * 8, "cannot be read as cp1252 text"),
    ("broken.xlsx", b"PK\x03\x04not really a workbook", "is not a readable Excel workbook"),
    ("broken.sav", b"$FL2not really spss", "is not a readable SPSS file"),
    ("broken.parquet", b"PAR1not really parquet", "is not a readable parquet file"),
])
def test_not_a_survey_file(tmp_path, inst, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ServgapError) as info:
        servgap.read_survey(path, inst)
    assert message in str(info.value)
    assert "expected a table with a header row and one row per respondent" in str(info.value)


def test_old_excel_file(tmp_path, inst):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(ServgapError, match="old Excel 97-2003 file"):
        servgap.read_survey(path, inst)


def test_missing_file_and_folder(tmp_path, inst):
    with pytest.raises(ServgapError, match="File not found"):
        servgap.read_survey(tmp_path / "nope.csv", inst)
    with pytest.raises(ServgapError, match="is a folder"):
        servgap.read_survey(tmp_path, inst)


def test_file_with_no_matching_columns(tmp_path, inst):
    path = tmp_path / "notes.txt"
    path.write_text("This is a meeting note, not a survey.\nSecond line.\n")
    with pytest.raises(SurveyValidationError, match="No column of the table matches") as info:
        servgap.read_survey(path, inst)
    assert isinstance(info.value, ServgapError)
    assert "expected one column per item" in str(info.value)


@pytest.mark.parametrize("values", [["1", "2", None, "7"], [" 5", "2", "x", "4,5"], ["1.5", "nan", "1e1", ""]])
def test_numbers_from_text_are_the_same_for_arrow_and_python_strings(values):
    from servgap.io.loader import _read_column

    pytest.importorskip("pyarrow", reason="the arrow path needs pyarrow (servgap[parquet])")
    arrow = pd.Series(values, dtype=pd.StringDtype("pyarrow"))
    python = pd.Series(values, dtype=object)
    assert type(arrow.array).__name__ == "ArrowStringArray"
    (a, a_cells), (p, p_cells) = _read_column(arrow, set(), {}), _read_column(python, set(), {})
    np.testing.assert_array_equal(a, p)
    # plain numbers and a decimal comma are numbers; "x" and "nan" are not; blank is no answer
    numbers = {"1": 1, "2": 2, "7": 7, " 5": 5, "4,5": 4.5, "1.5": 1.5, "1e1": 10}
    np.testing.assert_array_equal(p, [numbers.get(v, np.nan) for v in values])
    invalid = [v for v in values if v in ("x", "nan")]
    for cells in (a_cells, p_cells):
        bad = [] if cells is None else [cells.uniques[c] for c in cells.codes if cells.check[c] is not None]
        assert bad == invalid


# -- typed reading: numbers parsed by the CSV reader, in chunks for large files ------------------
def test_ids_and_segments_from_a_file_stay_text(tmp_path, inst):
    path = tmp_path / "ids.csv"
    path.write_text("id,branch,E_1,E_2,E_3,P_1,P_2,P_3\n007,01,5,4,5,3,4,2\n8,2,4,4,5,4,3,5\n")
    survey = servgap.read_survey(path, inst, id="id", segments=["branch"])
    assert survey.respondents.tolist() == ["007", "8"]
    assert survey.segments["branch"].tolist() == ["01", "2"]
    assert survey.gaps.loc["007"].tolist() == [-2.0, 0.0, -3.0]


def test_chunks_of_a_large_file_join_numbers_and_text(tmp_path, inst, monkeypatch):
    import servgap.io.files as files
    import servgap.io.loader as loader

    monkeypatch.setattr(files, "_parse_csv_arrow", lambda *args: None)  # the pandas reader's chunks
    monkeypatch.setattr(files, "_CHUNK_ROWS", 3)  # 7 rows: chunks of 3, 3 and 1
    monkeypatch.setattr(loader, "_CONSUME_ROWS", 1)  # and answer columns dropped once read
    rows = [f"r{k},X,{e},4,5,3,4,{8 if k == 2 else 2}" for k, e in enumerate([5, 4, 3, 4, "Setuju", 9, 2], start=1)]
    path = tmp_path / "chunks.csv"
    path.write_text("id,branch,E_1,E_2,E_3,P_1,P_2,P_3\n" + "\n".join(rows) + "\n")
    frame = files.read_table(path, text_columns=["id", "branch"])
    assert frame["E_2"].dtype == "int64"  # every chunk numbers
    assert frame["E_1"].tolist() == [5, 4, 3, "4", "Setuju", "9", 2]  # a text chunk keeps its text
    with pytest.raises(SurveyValidationError) as info:
        servgap.read_survey(path, inst, id="id", segments=["branch"])
    assert info.value.failure_cases[["row", "column", "value", "check"]].values.tolist() == [
        [2, "P_3", 8, "out_of_scale"], [6, "E_1", "9", "out_of_scale"]]  # a column with a problem is kept to report it
    survey = servgap.read_survey(path, inst, id="id", on_invalid="missing")
    assert survey.expectation["1"].tolist()[:5] == [5.0, 4.0, 3.0, 4.0, 4.0]  # "Setuju" = 4
    assert np.isnan(survey.expectation.loc["r6", "1"]) and survey.expectation.loc["r7", "1"] == 2.0
    assert survey.expectation["2"].tolist() == [4.0] * 7


def test_survey_constructors_are_deprecated_for_the_functions():
    inst = Instrument("mini", {"A": ["q1", "q2"]}, scale=(1, 5))
    e = pd.DataFrame({"id": [1, 2], "q1": [5, 4], "q2": [4, 5]})
    p = pd.DataFrame({"id": [1, 2], "q1": [3, 4], "q2": [3, 5]})
    with pytest.warns(DeprecationWarning, match=r"Survey.from_frames\(...\) is deprecated.*servgap.from_frames"):
        old = Survey.from_frames(e, p, inst, on="id")
    pd.testing.assert_frame_equal(old.gaps, servgap.from_frames(e, p, inst, on="id").gaps)
    long = pd.DataFrame({"r": [1, 1], "q": ["q1", "q2"], "E": [5, 4], "P": [4, 4]})
    with pytest.warns(DeprecationWarning, match="servgap.from_long"):
        Survey.from_long(long, inst, respondent="r", item="q", values={"expectation": "E", "perception": "P"})


def test_survey_module_does_not_import_the_loaders():
    """The data flow is one way, io → survey: survey.py imports nothing from servgap.io."""
    import ast
    import servgap.survey as module
    from pathlib import Path
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [name for name in imported if name.startswith(("io", ".io", "servgap.io")) or name == "io"]


@pytest.mark.parametrize("body", [
    "r1,X,5,4,5\nr2,Y,4,,3\nr3,X,3,4,2\n",                      # numbers and a blank
    "r1,X,5,4,5\nr2,Y,nan,4,3\nr3,X,inf,4,2\n",                  # text that a float parser would take
    "r1,X,5,4,5\nr2,Y,Setuju,NA,3\nr3,X,\"4\",4,#N/A\n",        # labels, NA codes, quoted numbers
    "r1,X,5,4.5,5\nr2,Y,4,1e0,3\nr3,X,TRUE,4,2\n",               # decimals, exponents, booleans
])
def test_the_arrow_and_pandas_readers_load_the_same_survey(tmp_path, body, monkeypatch):
    import servgap.io.files as files
    inst = Instrument("mini", {"A": ["1", "2", "3"]}, scale=(1, 5))
    path = tmp_path / "s.csv"
    path.write_text("id,branch,P_1,P_2,P_3\n" + body)

    def load():
        try:
            survey = servgap.read_survey(path, inst, expectation=None, id="id", segments=["branch"],
                                         on_invalid="missing")
        except SurveyValidationError as error:
            return error.failure_cases
        return survey.perception, survey.exclusions
    fast = load()
    monkeypatch.setattr(files, "_parse_csv_arrow", lambda *args: None)
    slow = load()
    for a, b in zip(fast if isinstance(fast, tuple) else (fast,), slow if isinstance(slow, tuple) else (slow,)):
        pd.testing.assert_frame_equal(a, b)


def test_the_arrow_reader_keeps_whole_numbers_small_and_exact(tmp_path, monkeypatch):
    """Answers are kept as int16 (float32 with blanks); a column with a larger whole number in a
    later block stays int64; text after numbers in a later block gives the pandas reader.
    Each survey equals the one the pandas reader loads."""
    import servgap.io.files as files
    monkeypatch.setattr(files, "_ARROW_BLOCK", 64)  # a few rows per batch
    inst = Instrument("mini", {"A": ["1", "2", "3"]}, scale=(1, 5))
    rows = [f"r{k},X,{k % 5 + 1},{'' if k % 7 == 0 else k % 4 + 1},{k % 3 + 2},{40000 + k if k > 30 else k}"
            for k in range(60)]
    path = tmp_path / "s.csv"
    path.write_text("id,branch,P_1,P_2,P_3,income\n" + "\n".join(rows) + "\n")
    frame = files.read_table(path, text_columns=["id", "branch"])
    assert [str(frame[c].dtype) for c in ["P_1", "P_2", "P_3", "income"]] == ["int16", "float32", "int16", "int64"]
    assert frame["income"].tolist() == [40000 + k if k > 30 else k for k in range(60)]
    assert frame["P_2"].isna().sum() == 9

    def load(p):
        survey = servgap.read_survey(p, inst, expectation=None, id="id", segments=["branch"], on_invalid="missing")
        return survey.perception, survey.exclusions
    fast = load(path)
    later_text = tmp_path / "t.csv"
    later_text.write_text(path.read_text().replace("r50,X,1", "r50,X,Setuju"))
    fast_text = load(later_text)
    monkeypatch.setattr(files, "_parse_csv_arrow", lambda *args: None)
    for a, b in zip(fast + fast_text, load(path) + load(later_text)):
        pd.testing.assert_frame_equal(a, b)
