"""Hostile and broken files (issue 13): refused clearly and quickly, never read wrongly in silence."""

import time
import zipfile

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import Instrument, ServgapError, SurveyValidationError
from servgap.errors import CHECKS
from servgap.io import detect_encoding, read_table
from servgap.io import files


@pytest.fixture
def inst():
    return Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))


HEADER = "id,E_1,E_2,E_3,P_1,P_2,P_3"


# -- duplicate column names ------------------------------------------------------------------
def test_duplicate_csv_header_is_refused_naming_both_positions(tmp_path, inst):
    # the second E_1 holds an out-of-scale 9: pandas would rename it E_1.1 and it would vanish
    path = tmp_path / "dup.csv"
    path.write_text(HEADER + ",E_1\na,5,4,5,3,4,2,9\nb,4,4,5,4,3,5,4\n", encoding="utf-8")
    with pytest.raises(SurveyValidationError) as info:
        servgap.read_survey(path, inst, id="id")
    cases = info.value.failure_cases
    assert cases[["column", "problem"]].values.tolist() == [
        ["E_1", "the header names this column 2 times, at column positions 2 and 8 (counting from 1); "
                "give each column its own name"]]
    assert pd.isna(cases.loc[0, "row"])
    assert cases["check"].tolist() == ["duplicate_column"]
    assert "dup.csv has duplicate column names" in str(info.value)


def test_duplicate_header_after_trimming_spaces_and_three_times(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id;E_1; E_1 ;P_1;E_1\n1;2;3;4;5\n", encoding="utf-8")
    with pytest.raises(SurveyValidationError, match="3 times, at column positions 2, 3 and 5"):
        read_table(path)


def test_blank_header_cells_are_not_duplicates(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("id,,E_1,\n1,x,3,y\n", encoding="utf-8")
    assert read_table(path).columns.tolist() == ["id", "Unnamed: 1", "E_1", "Unnamed: 3"]


def test_duplicate_xlsx_header_is_refused_naming_both_positions(tmp_path, inst):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(",") + ["P_2"])
    sheet.append(["a", 5, 4, 5, 3, 4, 2, 9])
    path = tmp_path / "dup.xlsx"
    book.save(path)
    with pytest.raises(SurveyValidationError) as info:
        servgap.read_survey(path, inst, id="id")
    assert info.value.failure_cases[["column", "problem"]].values.tolist() == [
        ["P_2", "the header names this column 2 times, at column positions 6 and 8 (counting from 1); "
                "give each column its own name"]]


def test_xlsx_header_read_as_pandas_names_it(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", " E_1 ", None, 3])
    sheet.append(["a", 4, 5, 9])
    path = tmp_path / "names.xlsx"
    book.save(path)
    frame = read_table(path)
    assert frame.columns.tolist() == ["id", "E_1", "Unnamed: 2", "3"]
    assert frame.values.tolist() == [["a", 4, 5, 9]]


def test_file_problem_codes_are_declared():
    assert {"duplicate_column", "undecodable_bytes", "user_missing"} <= set(CHECKS)


# -- Excel archives that unpack to huge sheets -----------------------------------------------
def _workbook(path):
    pd.DataFrame({"id": ["a"], "E_1": [4]}).to_excel(path, index=False)


def _pad_sheet(source, target, padding: bytes, copies: int, dimension: bytes | None = None):
    """Copy a workbook, appending ``padding * copies`` to its sheet's rows (streamed, deflated)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, data)
                continue
            if dimension is not None:
                start = data.index(b"<dimension")
                data = data[:start] + b'<dimension ref="' + dimension + b'"/>' + data[data.index(b"/>", start) + 2:]
            head, rest = data.split(b"</sheetData>")
            with dst.open(info.filename, "w", force_zip64=True) as handle:
                handle.write(head)
                for _ in range(copies):
                    handle.write(padding)
                handle.write(b"</sheetData>" + rest)


def test_xlsx_bomb_is_refused_within_a_second(tmp_path):
    pytest.importorskip("openpyxl")
    base, bomb = tmp_path / "base.xlsx", tmp_path / "bomb.xlsx"
    _workbook(base)
    _pad_sheet(base, bomb, b"<row/>" * 174_763, 32)  # 32 MiB of empty rows in ~50 KB
    assert bomb.stat().st_size < 100_000
    start = time.perf_counter()
    with pytest.raises(ServgapError, match=r"bomb.xlsx was not opened: xl/worksheets/sheet1.xml unpacks "
                                           r"\d{3,} times larger than it is stored") as info:
        read_table(bomb)
    assert time.perf_counter() - start < 1.0
    assert "XLSX_LIMITS" in str(info.value)


def test_xlsx_over_the_size_limits_is_refused(tmp_path, monkeypatch):
    pytest.importorskip("openpyxl")
    path = tmp_path / "book.xlsx"
    _workbook(path)
    with zipfile.ZipFile(path) as archive:
        largest = max(archive.infolist(), key=lambda p: p.file_size)
        total = sum(p.file_size for p in archive.infolist())
    monkeypatch.setitem(files.XLSX_LIMITS, "part_bytes", largest.file_size - 1)
    with pytest.raises(ServgapError, match=f"{largest.filename} unpacks to {largest.file_size:,} bytes, "
                                           f"more than {largest.file_size - 1:,} bytes"):
        read_table(path)
    monkeypatch.setitem(files.XLSX_LIMITS, "total_bytes", total - 1)
    with pytest.raises(ServgapError, match="it unpacks to"):
        read_table(path)
    monkeypatch.setitem(files.XLSX_LIMITS, "parts", 2)
    with pytest.raises(ServgapError, match=r"it holds \d+ files \(at most 2\)"):
        read_table(path)


@pytest.mark.parametrize("dimension, message", [
    (b"A1:B2000000", "declares 2,000,000 rows"),
    (b"A1:XFD100000", r"declares 100,000 rows × 16,384 columns = 1,638,400,000 cells"),
])
def test_xlsx_declaring_absurd_dimensions_is_refused(tmp_path, dimension, message):
    pytest.importorskip("openpyxl")
    base, path = tmp_path / "base.xlsx", tmp_path / "wide.xlsx"
    _workbook(base)
    _pad_sheet(base, path, b"", 0, dimension=dimension)
    with pytest.raises(ServgapError, match=message):
        read_table(path)


def test_xlsx_of_a_real_survey_size_is_read(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "survey.xlsx"
    answers = np.full((3000, 20), 4)  # the most compressible real sheet: one answer everywhere
    pd.DataFrame(answers, columns=[f"E_{i}" for i in range(1, 21)]).to_excel(path, index=False)
    assert read_table(path).shape == (3000, 20)


# -- encodings -------------------------------------------------------------------------------
def test_stray_cp1252_byte_in_utf8_file_is_reported_not_reinterpreted(tmp_path, inst):
    path = tmp_path / "stray.csv"
    text = HEADER + ",branch\na,5,4,5,3,4,2,Café\nb,4,4,5,4,3,5,"
    path.write_bytes(text.encode("utf-8") + "Café\n".encode("cp1252"))
    with pytest.raises(SurveyValidationError) as info:
        servgap.read_survey(path, inst, id="id", segments=["branch"])
    cases = info.value.failure_cases
    assert cases[["row", "column", "value", "problem"]].values.tolist() == [
        [2, "branch", "Caf\ufffd", "byte E9 is not UTF-8 (in Windows-1252: 'é')"]]
    assert cases["check"].tolist() == ["undecodable_bytes"]
    assert "stray.csv is UTF-8 text, but some of its bytes are not" in str(info.value)


def test_stray_bytes_in_header_and_several_cells_are_all_reported(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_bytes(b"id,r\xe9gion,note\n1,Z\xc3\xbcrich,ok\n2,K\xf6ln,\x93hi\x94\n3,Gen\xc3\xa8ve,\xc3\xa9t\xc3\xa9\n"
                     b"4,\xc3\xa9,\xc3\xa9\n")
    with pytest.raises(SurveyValidationError) as info:
        read_table(path)
    cases = info.value.failure_cases
    assert cases[["row", "column", "value"]].fillna(0).values.tolist() == [
        [0, "r\ufffdgion", "r\ufffdgion"], [2, "r\ufffdgion", "K\ufffdln"], [2, "note", "\ufffdhi\ufffd"]]
    assert cases["problem"].tolist()[2] == "bytes 93 94 are not UTF-8 (in Windows-1252: '“”')"


def test_utf8_stays_utf8_and_whole_cp1252_files_stay_cp1252(tmp_path):
    assert detect_encoding("Café,".encode("utf-8") + "Café".encode("cp1252")) == "utf-8"
    assert detect_encoding("Café,".encode("utf-8") + "Café, Genève".encode("cp1252")) == "cp1252"
    assert detect_encoding("id,city\n1,K\xf6ln\n".encode("latin-1")) == "cp1252"
    path = tmp_path / "cp1252.csv"
    path.write_bytes("id,city\n1,Köln\n2,Genève\n".encode("cp1252"))
    frame = read_table(path)
    assert frame.attrs["encoding"] == "cp1252"
    assert frame["city"].tolist() == ["Köln", "Genève"]


def test_explicit_utf8_encoding_reports_stray_bytes_too(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_bytes(b"id,city\n1,K\xf6ln\n")
    with pytest.raises(SurveyValidationError, match="byte F6 is not UTF-8"):
        read_table(path, encoding="utf-8")
    assert read_table(path, encoding="cp1252")["city"].tolist() == ["Köln"]


def test_unknown_encoding_name_is_a_servgap_error(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,E_1\n1,2\n")
    with pytest.raises(ServgapError, match="unknown encoding"):
        read_table(path, encoding="no-such-codec")


# -- SPSS user-missing codes -----------------------------------------------------------------
def test_spss_user_missing_codes_are_kept_and_declared(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    path = tmp_path / "missing.sav"
    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "E_1": [5.0, 9.0, 99.0, 3.0],
                          "E_2": [4.0, 8.5, 3.0, 2.0], "note": ["x", "NA", "y", "z"]})
    pyreadstat.write_sav(frame, str(path), missing_ranges={"E_1": [9, 99], "E_2": [{"lo": 8, "hi": 9}],
                                                           "note": ["NA"]})
    read = read_table(path)
    assert read.attrs["user_missing"] == {"E_1": [9.0, 99.0], "E_2": [(8.0, 9.0)], "note": ["NA"]}
    # the codes arrive as written, not as NaN, so the loader can log them with their values
    assert read["E_1"].tolist() == [5.0, 9.0, 99.0, 3.0]
    assert read["E_2"].tolist() == [4.0, 8.5, 3.0, 2.0]
    assert read["note"].tolist() == ["x", "NA", "y", "z"]


def test_spss_user_missing_codes_are_logged_as_missing_with_their_values(tmp_path, inst):
    pyreadstat = pytest.importorskip("pyreadstat")
    path = tmp_path / "missing.sav"
    frame = pd.DataFrame({"id": ["a", "b", "c"], "E_1": [9.0, 4.0, 5.0], "E_2": [4.0, 4.0, 99.0],
                          "E_3": [5.0, 5.0, 5.0], "P_1": [3.0, 4.0, 4.0], "P_2": [4.0, 8.5, 4.0],
                          "P_3": [2.0, 5.0, 4.0]})
    pyreadstat.write_sav(frame, str(path), missing_ranges={"E_1": [9, 99], "E_2": [9, 99],
                                                           "P_2": [{"lo": 8, "hi": 9}]})
    survey = servgap.read_survey(path, inst, id="id")  # the codes are no answers, not errors
    log = survey.exclusions
    coded = log[log["check"] == "user_missing"]
    assert coded[["row", "respondent", "column", "value", "action"]].values.tolist() == [
        [1, "a", "E_1", 9.0, "set_missing"], [3, "c", "E_2", 99.0, "set_missing"],
        [2, "b", "P_2", 8.5, "set_missing"]]
    assert np.isnan(survey.expectation.loc["a", "1"]) and np.isnan(survey.perception.loc["b", "2"])
    assert survey.expectation.loc["b", "1"] == 4.0
    assert survey.metadata["user_missing"] == {"E_1": [9.0, 99.0], "E_2": [9.0, 99.0], "P_2": [(8.0, 9.0)]}


def test_a_workbook_part_packed_by_an_unreadable_method_is_refused(tmp_path):
    # a zip compression type zipfile cannot unpack (here 99) is refused by name before any read
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # local and central headers
        at = data.find(signature)
        data[at + offset:at + offset + 2] = (99).to_bytes(2, "little")
    path = tmp_path / "packed.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(ServgapError, match=r"xl/workbook.xml is packed by a method that cannot be read "
                                           r"\(zip compression type 99\)"):
        servgap.read_survey(path, "servqual22")
