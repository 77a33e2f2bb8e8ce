"""Fuzzing read_survey with hostile files (issue 13): a Survey that accounts for every input row,
or a ServgapError, never another exception.

The number of examples comes from the hypothesis profile of tests/conftest.py ("ci" by default;
HYPOTHESIS_PROFILE=dev for a deeper run by hand).
"""

import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servgap
from servgap import ServgapError, ServgapWarning

INST = servgap.Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))
COLUMNS = ["id", "E_1", "E_2", "E_3", "P_1", "P_2", "P_3", "seg"]
HOSTILE_TEXT = ["=1+1", '=HYPERLINK("x")', "@SUM(A1)", "-2+3", "$x^2$", "<script>", "Café", "성별",
                "٣", "３", "1,000", "4,5", " 3 ", "NA", "#N/A", "", "'", '"', ";", "\t", "\n", "a,b", "True"]

cells = st.one_of(
    st.none(),
    st.integers(-3, 12),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.booleans(),
    st.sampled_from(HOSTILE_TEXT),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6),
)


@st.composite
def tables(draw):
    n = draw(st.integers(1, 6))
    columns = list(COLUMNS)
    if draw(st.booleans()):  # sometimes a column name twice
        columns[draw(st.integers(1, 7))] = draw(st.sampled_from(COLUMNS))
    rows = [[draw(cells) for _ in columns] for _ in range(n)]
    return columns, rows


def check_outcome(path):
    """read_survey's outcome on ``path``: every data row accounted for, or a ServgapError.

    The data rows are those read_table returns: how many a file holds is the reader's to say
    (a quoted newline, a blank last line), and every one of them must be kept or logged.
    """
    try:
        n_rows = len(servgap.io.read_table(path))
    except ServgapError:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ServgapWarning)
            survey = servgap.read_survey(path, INST, id="id", segments=["seg"], on_invalid="missing")
    except ServgapError:
        return
    log = survey.exclusions
    excluded = log.loc[log["action"] == "excluded_respondent", "row"].dropna().astype(int)
    assert survey.n_respondents + excluded.nunique() == n_rows
    assert set(excluded) <= set(range(1, n_rows + 1))


def _text(value):
    return "" if value is None else str(value)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(table=tables(), stray=st.one_of(st.none(), st.tuples(st.integers(0, 10_000), st.integers(0x80, 0xFF))),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_any_csv_gives_an_accounted_survey_or_a_servgap_error(tmp_path_factory, table, stray, encoding):
    columns, rows = table
    frame = pd.DataFrame([[_text(v) for v in row] for row in rows], columns=range(len(columns)))
    text = frame.to_csv(index=False, header=columns)
    raw = text.encode(encoding, errors="replace")
    if stray is not None:  # one byte that may not belong to the encoding
        at = stray[0] % (len(raw) + 1)
        raw = raw[:at] + bytes([stray[1]]) + raw[at:]
    path = tmp_path_factory.mktemp("fuzz") / "survey.csv"
    path.write_bytes(raw)
    check_outcome(path)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(table=tables())
def test_any_xlsx_gives_an_accounted_survey_or_a_servgap_error(tmp_path_factory, table):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    columns, rows = table
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        # Excel cannot hold control characters: such a cell is written as text without them
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    path = tmp_path_factory.mktemp("fuzz") / "survey.xlsx"
    book.save(path)
    check_outcome(path)


answers = st.one_of(st.none(), st.integers(-3, 12).map(float), st.sampled_from([4.5, 99.0, 9.0, 8.0, -1.0]))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(n=st.integers(1, 6), data=st.data(),
       ranges=st.dictionaries(st.sampled_from(COLUMNS[1:7]),
                              st.lists(st.one_of(st.sampled_from([9.0, 99.0, 8.0, 0.0]),
                                                 st.sampled_from([{"lo": 8.0, "hi": 9.0}, {"lo": 0.0, "hi": 0.5}])),
                                       min_size=1, max_size=3), max_size=6))
def test_any_spss_file_gives_an_accounted_survey_or_a_servgap_error(tmp_path_factory, n, data, ranges):
    pyreadstat = pytest.importorskip("pyreadstat")
    text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(alphabet="abcé성=$<>", max_size=4))
    frame = pd.DataFrame({"id": [data.draw(text) for _ in range(n)],
                          **{c: [data.draw(answers) for _ in range(n)] for c in COLUMNS[1:7]},
                          "seg": [data.draw(text) for _ in range(n)]})
    frame[COLUMNS[1:7]] = frame[COLUMNS[1:7]].astype(float)
    path = tmp_path_factory.mktemp("fuzz") / "survey.sav"
    # SPSS allows at most three discrete codes, or one range and one code, per column
    ranges = {c: ([r for r in v if isinstance(r, dict)][:1] + [r for r in v if not isinstance(r, dict)][:1]
                  if any(isinstance(r, dict) for r in v) else v[:3]) for c, v in ranges.items()}
    pyreadstat.write_sav(frame, str(path), missing_ranges=ranges)
    check_outcome(path)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(table=tables())
def test_any_parquet_file_gives_an_accounted_survey_or_a_servgap_error(tmp_path_factory, table):
    pytest.importorskip("pyarrow")
    columns, rows = table
    # parquet columns have one type: each column as text, or as numbers when all its cells are
    frame = pd.DataFrame(rows, columns=range(len(columns)), dtype=object)
    for j in frame.columns:
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) or v is None for v in frame[j])
        frame[j] = frame[j].astype(float) if numeric else frame[j].map(lambda v: None if v is None else str(v))
    frame.columns = [str(c) for c in columns] if len(set(columns)) == len(columns) else range(len(columns))
    frame.columns = [str(c) for c in frame.columns]
    path = tmp_path_factory.mktemp("fuzz") / "survey.parquet"
    frame.to_parquet(path)
    check_outcome(path)
