"""Reading survey files: CSV/TSV (delimiter, decimal comma and encoding detected), Excel, SPSS, parquet."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from ..errors import ServgapError

__all__ = ["read_table", "detect_encoding", "detect_delimiter"]

_EXPECTED = ("a table with a header row and one row per respondent "
             "(CSV/TSV, Excel .xlsx, SPSS .sav or parquet)")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_DELIMITERS = [",", ";", "\t", "|"]
# Cells that mean "nothing written here" (R writes NA, Excel #N/A); answer codes such as
# "N/A" or "Tidak tahu" are answers a respondent chose: those are `missing_values` and logged.
_BLANK = ["", "NA", "NaN", "#N/A"]


def read_table(path, *, encoding: str | None = None, sheet=None, delimiter: str | None = None) -> pd.DataFrame:
    """Read a survey file into a DataFrame, keeping answers as they were written.

    CSV and TSV cells are kept as text (the loader parses numbers, decimal commas and answer
    labels and reports what it cannot read); Excel, SPSS and parquet keep their own types. SPSS
    value labels are in ``frame.attrs["value_labels"]``; the encoding and delimiter used are in
    ``frame.attrs``.

    Parameters
    ----------
    path : str or Path
    encoding : str, optional
        Text encoding of a CSV; detected when None: UTF-8 (with or without BOM), UTF-16 (with
        BOM), CP949 (Korean), else CP1252.
    sheet : str or int, optional
        Excel sheet name or position (first sheet by default).
    delimiter : str, optional
        CSV delimiter; detected among ``,`` ``;`` tab and ``|`` when None.

    Raises
    ------
    ServgapError
        When the file does not exist, is empty, is binary but not a known format, or has no
        header and rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "survey.csv"
    >>> _ = path.write_bytes("id;E_1;P_1\\n1;4,5;3\\n".encode("cp1252"))
    >>> frame = read_table(path)
    >>> frame.attrs["delimiter"], frame.loc[0, "E_1"]
    (';', '4,5')
    """
    path = Path(path)
    if not path.exists():
        raise ServgapError(f"File not found: {path}")
    if path.is_dir():
        raise ServgapError(f"{path} is a folder; expected {_EXPECTED}.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise ServgapError(f"{path.name} is empty; expected {_EXPECTED}.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") or head.startswith(b"PK\x03\x04"):
        frame = _read_excel(path, sheet)
    elif suffix in (".sav", ".zsav") or head.startswith(b"$FL"):
        frame = _read_spss(path, encoding)
    elif suffix in (".parquet", ".pq") or head.startswith(b"PAR1"):
        frame = _read_parquet(path)
    elif suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ServgapError(f"{path.name} is an old Excel 97-2003 file; save it as .xlsx or CSV.")
    else:
        frame = _read_text(path, encoding, delimiter)
    if frame.shape[1] == 0 or frame.shape[0] == 0:
        raise ServgapError(f"{path.name} has no rows of answers; expected {_EXPECTED}.")
    frame.attrs["source"] = str(path)
    return frame


def detect_encoding(raw: bytes) -> str:
    """Guess the text encoding of a survey export.

    UTF-8 (``utf-8-sig`` when it starts with a byte-order mark) when it decodes; UTF-16 when it
    starts with a UTF-16 byte-order mark; CP949 when
    it decodes strictly as CP949 into Korean text; else CP1252 (Western European Windows).

    Parameters
    ----------
    raw : bytes
        The file's content (or its beginning).

    Examples
    --------
    >>> detect_encoding("성별".encode("cp949"))
    'cp949'
    >>> detect_encoding("Café".encode("cp1252"))
    'cp1252'
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp949")
        if _HANGUL.search(text):
            return "cp949"
    except UnicodeDecodeError:
        pass
    return "cp1252"


def detect_delimiter(text: str) -> str:
    """Pick the delimiter that splits the first lines into the same number of fields.

    Parameters
    ----------
    text : str
        The decoded file; its first 50 non-blank lines are used. Comma when nothing fits.

    Examples
    --------
    >>> detect_delimiter("a;b;c\\n1;2,5;3\\n")
    ';'
    """
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", (-1, -1)
    for delim in _DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delim))
        except csv.Error:
            continue
        counts = [len(r) for r in rows]
        if not counts or counts[0] < 2:
            continue
        consistent = sum(c == counts[0] for c in counts)
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_text(path: Path, encoding: str | None, delimiter: str | None) -> pd.DataFrame:
    raw = path.read_bytes()
    encoding = encoding or detect_encoding(raw)
    if b"\x00" in raw[:4096] and not encoding.lower().replace("-", "").startswith("utf16"):
        raise ServgapError(f"{path.name} is a binary file, not a text table; expected {_EXPECTED}.")
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ServgapError(f"{path.name} cannot be read as {encoding} text ({exc}); expected {_EXPECTED}. "
                           "If it is a text table in another encoding, pass `encoding=`.") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ServgapError(f"{path.name} holds no text; expected {_EXPECTED}.")
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else detect_delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            na_values=_BLANK, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ServgapError(f"{path.name} is not a readable table ({exc}); expected {_EXPECTED}.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs.update(encoding=encoding, delimiter=delimiter)
    return frame


def _read_excel(path: Path, sheet) -> pd.DataFrame:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ServgapError("Reading Excel files needs openpyxl: pip install 'servgap[excel]'.") from None
    try:
        frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=object)
    except ValueError as exc:
        raise ServgapError(f"{path.name}: {exc}") from None
    except Exception as exc:  # openpyxl raises several unrelated types for broken files
        raise ServgapError(f"{path.name} is not a readable Excel workbook ({exc}); expected {_EXPECTED}.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs["sheet"] = sheet
    return frame


def _read_spss(path: Path, encoding: str | None) -> pd.DataFrame:
    try:
        import pyreadstat
    except ImportError:
        raise ServgapError("Reading SPSS files needs pyreadstat: pip install 'servgap[spss]'.") from None
    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, encoding=encoding)
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise ServgapError(f"{path.name} is not a readable SPSS file ({exc}); expected {_EXPECTED}.") from None
    frame.attrs["value_labels"] = dict(meta.variable_value_labels)
    frame.attrs["column_labels"] = dict(zip(meta.column_names, meta.column_labels))
    return frame


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except ImportError:
        raise ServgapError("Reading parquet files needs pyarrow: pip install 'servgap[parquet]'.") from None
    except Exception as exc:
        raise ServgapError(f"{path.name} is not a readable parquet file ({exc}); expected {_EXPECTED}.") from None
