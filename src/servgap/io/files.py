"""Reading survey files: CSV/TSV (delimiter, decimal comma and encoding detected), Excel, SPSS, parquet."""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ServgapError, SurveyValidationError

__all__ = ["read_table", "detect_encoding", "detect_delimiter", "XLSX_LIMITS"]

_EXPECTED = ("a table with a header row and one row per respondent "
             "(CSV/TSV, Excel .xlsx, SPSS .sav or parquet)")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_DELIMITERS = [",", ";", "\t", "|"]
# Cells that mean "nothing written here" (R writes NA, Excel #N/A); answer codes such as
# "N/A" or "Tidak tahu" are answers a respondent chose: those are `missing_values` and logged.
_BLANK = ["", "NA", "NaN", "#N/A"]

#: Limits of an Excel workbook that :func:`read_table` opens. An .xlsx is a zip archive of XML
#: files; a few kilobytes can unpack to gigabytes (a "zip bomb") that would hang openpyxl, so
#: the archive's own directory is checked first and the workbook refused when a part is
#: larger than ``part_bytes`` uncompressed, all parts together larger than ``total_bytes``, a
#: part over 1 MiB shrinks more than ``ratio`` times when compressed (real sheets shrink 5-20
#: times; padding made to unpack into millions of empty rows, hundreds of times), the archive
#: has more than ``parts`` files, or a sheet declares (``<dimension ref=...>``) more than
#: ``rows`` rows or ``cells`` cells. A survey of 200,000 respondents and 50 columns is well
#: within these. Change an entry to read a larger workbook, at your own risk.
XLSX_LIMITS = {"part_bytes": 512 * 2**20, "total_bytes": 1024 * 2**20, "ratio": 100,
               "parts": 10_000, "rows": 1_048_576, "cells": 20_000_000}
_RATIO_FLOOR = 2**20  # parts smaller than this may shrink as much as they like
_READABLE_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?\"")
# An undecodable byte b of a mostly-UTF-8 file is read as this private-use character + b, so
# that the table can be parsed and the cells holding it found.
_MARK = 0x10FF00
_MARKED = re.compile("[\U0010FF80-\U0010FFFF]")


def read_table(path, *, encoding: str | None = None, sheet=None, delimiter: str | None = None,
               text_columns=None) -> pd.DataFrame:
    """Read a survey file into a DataFrame, keeping answers as they were written.

    CSV and TSV cells are kept as text (the loader parses numbers, decimal commas and answer
    labels and reports what it cannot read); Excel, SPSS and parquet keep their own types. SPSS
    value labels are in ``frame.attrs["value_labels"]``; SPSS user-missing codes are kept in the
    cells as written and declared in ``frame.attrs["user_missing"]`` (column → list of codes, a
    range as a ``(low, high)`` tuple), so that the loader logs them as missing-value codes with
    their values; the encoding and delimiter used are in ``frame.attrs``.

    A header that names a column twice is refused (for CSV and Excel alike: pandas would rename
    the second ``E_1`` to ``E_1.1``). An Excel workbook is checked against :data:`XLSX_LIMITS`
    before it is opened. A UTF-8 file with a few bytes that are not UTF-8 is not re-read in
    another encoding: the cells holding them are reported.

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
    text_columns : sequence of str, optional
        CSV/TSV only. None keeps every cell as text. A list keeps only these columns as text
        (ids, segments) and lets the parser read each other column as numbers when every cell
        of it is a plain number (else as text): the loader's fast path.

    Raises
    ------
    SurveyValidationError
        A header naming a column twice (``check`` ``duplicate_column``: the column and its
        positions), or a UTF-8 file with bytes that are not UTF-8 (``undecodable_bytes``: row,
        column and cell of each).
    ServgapError
        When the file does not exist, is empty, is binary but not a known format, has no
        header and rows, or is an Excel archive beyond :data:`XLSX_LIMITS`.

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
        frame = _read_text(path, encoding, delimiter, text_columns)
    if frame.shape[1] == 0 or frame.shape[0] == 0:
        raise ServgapError(f"{path.name} has no rows of answers; expected {_EXPECTED}.")
    frame.attrs["source"] = str(path)
    return frame


def detect_encoding(raw: bytes) -> str:
    """Guess the text encoding of a survey export.

    ``utf-8-sig`` when it starts with a UTF-8 byte-order mark; UTF-16 when it starts with a
    UTF-16 byte-order mark; UTF-8 when it decodes as UTF-8, or when its valid multi-byte UTF-8
    characters are at least as many as its undecodable bytes (a UTF-8 file with a few stray
    bytes stays UTF-8: :func:`read_table` then reports the cells holding them rather than
    reading every accented letter wrongly); CP949 when it decodes strictly as CP949 into Korean
    text; else CP1252 (Western European Windows).

    Parameters
    ----------
    raw : bytes
        The file's content.

    Notes
    -----
    Plain byte statistics, no language model: a CP1252 or CP949 file has few byte pairs that
    happen to be valid UTF-8, while an UTF-8 file with one stray byte has as many or more valid
    characters than stray bytes. Files of ASCII text with one stray byte read as CP1252, which
    leaves every ASCII character as it is.

    Examples
    --------
    >>> detect_encoding("성별".encode("cp949"))
    'cp949'
    >>> detect_encoding("Café".encode("cp1252"))
    'cp1252'
    >>> detect_encoding("Café,".encode("utf-8") + "Café".encode("cp1252"))  # one stray byte
    'utf-8'
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        stray, valid = _utf8_counts(raw)
    if valid >= stray:
        return "utf-8"
    try:
        text = raw.decode("cp949")
        if _HANGUL.search(text):
            return "cp949"
    except UnicodeDecodeError:
        pass
    return "cp1252"


def _utf8_counts(raw: bytes) -> tuple[int, int]:
    """(bytes that are not UTF-8, valid multi-byte UTF-8 characters) of ``raw``."""
    text = raw.decode("utf-8", "surrogateescape")
    stray = sum(map(len, re.findall("[\udc80-\udcff]+", text)))
    valid = sum(map(len, re.findall("[^\x00-\x7f\udc80-\udcff]+", text)))
    return stray, valid


def _mark_stray(error: UnicodeDecodeError):
    """Codec error handler: each undecodable byte becomes the private-use character _MARK + byte."""
    bad = error.object[error.start:error.end]
    return "".join(chr(_MARK + b) for b in bad), error.end


codecs.register_error("servgap.mark", _mark_stray)


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
    head = text[:1 << 16]  # the first 50 lines are in it unless they are long
    lines = (head if head.count("\n") > 50 else text).splitlines()[:50]
    lines = [line for line in lines if line.strip()]
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


def _read_text(path: Path, encoding: str | None, delimiter: str | None, text_columns=None) -> pd.DataFrame:
    raw = path.read_bytes()
    # plain ASCII (most exports) is UTF-8 as it stands: only its head is decoded, for the
    # delimiter and the header, and the parser reads the bytes themselves
    plain = encoding is None and raw.isascii() and b"\x00" not in raw[:4096]
    encoding = encoding or ("utf-8" if plain else detect_encoding(raw))
    if b"\x00" in raw[:4096] and not encoding.lower().replace("-", "").startswith("utf16"):
        raise ServgapError(f"{path.name} is a binary file, not a text table; expected {_EXPECTED}.")
    marked = False
    try:
        text = raw[:1 << 20].decode("ascii") if plain else raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if not _is_utf8(encoding) or b"\xf4\x8f\xbe" in raw or b"\xf4\x8f\xbf" in raw:
            raise ServgapError(f"{path.name} cannot be read as {encoding} text ({exc}); expected {_EXPECTED}. "
                               "If it is a text table in another encoding, pass `encoding=`.") from None
        text, marked = raw.decode(encoding, "servgap.mark"), True
    except LookupError as exc:
        raise ServgapError(f"{path.name}: unknown encoding ({exc}); pass `encoding=` a Python codec name "
                           "such as 'utf-8', 'cp1252' or 'cp949'.") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or (raw.isspace() if plain else text.isspace()):  # no copy of a large file
        raise ServgapError(f"{path.name} holds no text; expected {_EXPECTED}.")
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else detect_delimiter(text[:1 << 20])
    _check_header(_first_csv_row(text[:1 << 20], delimiter), path.name)  # the header is in the first MiB
    skip_spaces = f"{delimiter} " in text[:1 << 20]
    # the parser reads UTF-8 bytes: the file's own when they are valid UTF-8 (no second copy)
    data = raw if _is_utf8(encoding) and not marked and not raw.startswith(b"\xef\xbb\xbf") else text.encode("utf-8")
    del raw, text  # a large file is held once, as the bytes the parser reads
    try:
        frame = _parse_csv(data, delimiter, text_columns, skip_spaces)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ServgapError(f"{path.name} is not a readable table ({exc}); expected {_EXPECTED}.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if marked:
        _report_stray_bytes(frame, path.name)
    frame.attrs.update(encoding=encoding, delimiter=delimiter)
    return frame


_CHUNK_ROWS = 100_000  # pandas' typed reading goes chunk by chunk: no parser copy of a large file at once
_ARROW_HEAD = 1 << 16  # bytes of CSV whose column types decide which columns are read as int16
_ARROW_BLOCK = 1 << 22  # bytes of CSV per block of pyarrow's reader (and per thread's piece of work)


def _parse_csv(data: bytes, delimiter: str, text_columns, skip_spaces: bool) -> pd.DataFrame:
    """Parse UTF-8 CSV bytes. ``text_columns`` None keeps every cell as text (pandas' C parser);
    a list keeps those columns as text and types each other column as numbers where all its
    cells are numbers: pyarrow's multithreaded reader where it reads every cell as pandas would
    (:func:`_parse_csv_arrow`), else pandas' C parser 100,000 rows at a time, joined column by
    column (a column whose chunks differ, numbers here and text there, holds both)."""
    options = dict(encoding="utf-8", sep=delimiter, keep_default_na=False, na_values=_BLANK,
                   skipinitialspace=skip_spaces)
    if text_columns is None:
        return pd.read_csv(io.BytesIO(data), dtype=str, **options)
    if not skip_spaces:
        frame = _parse_csv_arrow(data, delimiter, text_columns)
        if frame is not None:
            return frame
    with warnings.catch_warnings():  # mixed types inside a chunk are the loader's to read, cell by cell
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        with pd.read_csv(io.BytesIO(data), dtype={str(c): str for c in text_columns}, chunksize=_CHUNK_ROWS,
                         **options) as reader:
            chunks = list(reader)
    if len(chunks) <= 1:
        return chunks[0] if chunks else pd.read_csv(io.BytesIO(data), dtype=str, **options)
    names = chunks[0].columns
    parts = [[chunk.iloc[:, j] for chunk in chunks] for j in range(len(names))]
    del chunks
    columns = {}
    for j in range(len(names)):
        columns[j] = pd.concat(parts[j], ignore_index=True)
        parts[j] = None  # this column's chunks are freed before the next is joined
    frame = pd.DataFrame(columns, copy=False)
    frame.columns = names
    return frame


def _parse_csv_arrow(data: bytes, delimiter: str, text_columns) -> pd.DataFrame | None:
    """The same typed reading with pyarrow's multithreaded CSV reader, or None where it could
    read a cell differently from pandas: any parse or conversion error (e.g. text further down
    a column that began with numbers), a type other than numbers, booleans and text, or a
    number column holding NaN or infinity (written as "nan", "inf": text the loader must see
    and report). pyarrow is optional (the ``parquet`` extra).

    Whole numbers are made small column by column as soon as the table is read, each int64
    column freed once converted: int16 where every value fits, float32 for such a column with
    blank cells (exact for whole numbers up to 2**24), so that a million respondents' answers
    take a quarter of the memory of int64 before the loader copies them; larger whole numbers
    stay int64 (float64 with blanks), as pandas reads them."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pa_csv
    except ImportError:
        return None
    text = {str(c): pa.string() for c in text_columns}

    def read(buffer, types):
        convert = pa_csv.ConvertOptions(column_types=types, null_values=_BLANK, strings_can_be_null=True,
                                        quoted_strings_can_be_null=True)
        # blocks of a sixteenth of the file (within 256 KiB - 4 MiB) keep both threads busy
        block = min(max(len(data) // 16, 1 << 18), _ARROW_BLOCK)
        return pa_csv.read_csv(buffer, read_options=pa_csv.ReadOptions(block_size=block),
                               parse_options=pa_csv.ParseOptions(delimiter=delimiter), convert_options=convert)

    table = None
    try:
        # the columns of whole numbers in the first rows are read as int16 straight away (a
        # quarter of int64's memory); a larger or other value further down fails that read,
        # and the table is read again with the types the reader finds
        head = data[:_ARROW_HEAD]
        head = head[:head.rfind(b"\n") + 1] if len(data) > _ARROW_HEAD else head
        sniffed = read(pa.py_buffer(head), text)
        if len(data) <= _ARROW_HEAD:
            table = sniffed  # the whole file: its columns are made small below
        else:
            # answers, not ids or counts: whole numbers of at most two digits in the first rows
            small = {name: pa.int16() for name, column in zip(sniffed.column_names, sniffed.columns)
                     if pa.types.is_integer(column.type) and _small_numbers(column, pc)}
            if small:
                table = read(pa.py_buffer(data), {**text, **small})
    except (pa.ArrowException, ValueError):
        table = None
    if table is None:
        try:
            table = read(pa.py_buffer(data), text)
        except (pa.ArrowException, ValueError):
            return None
    names = table.column_names
    arrays = []
    for j in range(len(names)):
        column = table.column(0)
        table = table.remove_column(0)  # this column is freed once converted below
        kind = column.type
        if pa.types.is_floating(kind):
            if pc.any(pc.or_(pc.is_nan(column), pc.is_inf(column))).as_py():
                return None
        elif pa.types.is_integer(kind):
            if column.null_count or kind != pa.int16():  # int16 without blanks is as it should be
                try:  # a checked cast: a value that does not fit int16 keeps the column as it is
                    small = column.cast(pa.int16())
                    column = small.cast(pa.float32()) if column.null_count else small
                except pa.ArrowInvalid:  # a value beyond int16: the column stays as read
                    pass
        elif not (pa.types.is_boolean(kind) or pa.types.is_string(kind) or pa.types.is_null(kind)):
            return None
        arrays.append(column)
    table = pa.Table.from_arrays(arrays, names=[f"c{j}" for j in range(len(names))])
    del arrays
    # one block per column (no consolidation copy), each column freed once converted
    frame = table.to_pandas(split_blocks=True, self_destruct=True)
    del table
    frame.columns = names
    return frame


def _small_numbers(column, pc) -> bool:
    """Whether a column of whole numbers lies within -99..99 (answers on a scale; an id column
    of the first rows soon leaves it, and would not fit int16 further down)."""
    low, high = pc.min_max(column).values()
    return low.as_py() is None or (-99 <= low.as_py() and high.as_py() <= 99)


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def _first_csv_row(text: str, delimiter: str) -> list[str]:
    """The header row as the csv module reads it (pandas skips blank lines before it too)."""
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True):
            if any(field.strip() for field in row):
                return row
    except csv.Error:  # pandas reports what it cannot parse
        pass
    return []


def _check_header(names, source: str) -> None:
    """Refuse a header that names a column twice (pandas would rename the second ``E_1`` to
    ``E_1.1`` and its answers would be left out without a trace)."""
    positions: dict[str, list[int]] = {}
    for pos, name in enumerate(names, start=1):
        if name is None or (isinstance(name, float) and np.isnan(name)):
            continue
        name = str(name).strip()
        if name:
            positions.setdefault(name, []).append(pos)
    cases = [{"row": np.nan, "respondent": np.nan, "column": name, "value": np.nan, "check": "duplicate_column",
              "problem": f"the header names this column {len(where)} times, at column positions "
                         f"{', '.join(map(str, where[:-1]))} and {where[-1]} (counting from 1); "
                         "give each column its own name"}
             for name, where in positions.items() if len(where) > 1]
    if cases:
        raise SurveyValidationError(pd.DataFrame(cases), headline=f"{source} has duplicate column names.")


def _shown(text: str) -> str:
    """A cell with each undecodable byte shown as the replacement character U+FFFD."""
    return _MARKED.sub("\ufffd", text)


def _report_stray_bytes(frame: pd.DataFrame, source: str) -> None:
    """Raise SurveyValidationError naming every cell (and header) of a UTF-8 file that holds
    bytes that are not UTF-8; nothing else of the file is re-interpreted."""
    cases = []

    def case(row, column, cell):
        stray = bytes(ord(c) - _MARK for c in _MARKED.findall(cell))
        hint = stray.decode("cp1252", "replace")
        cases.append({"row": row, "respondent": np.nan, "column": _shown(str(column)), "value": _shown(cell),
                      "check": "undecodable_bytes",
                      "problem": f"{'byte' if len(stray) == 1 else 'bytes'} {stray.hex(' ').upper()} "
                                 f"{'is' if len(stray) == 1 else 'are'} not UTF-8 (in Windows-1252: {hint!r})"})

    for column in frame.columns:
        if _MARKED.search(str(column)):
            case(np.nan, column, str(column))
    for column in frame.columns:
        values = frame[column]
        hits = np.fromiter((isinstance(v, str) and _MARKED.search(v) is not None for v in values),
                           dtype=bool, count=len(values))  # the error path only
        for pos in np.flatnonzero(hits):
            case(int(pos) + 1, column, str(values.iloc[pos]))
    raise SurveyValidationError(
        pd.DataFrame(cases),
        headline=f"{source} is UTF-8 text, but some of its bytes are not: fix these cells (or save the "
                 "file again as UTF-8), or pass `encoding=` if the whole file is in another encoding.")


def _read_excel(path: Path, sheet) -> pd.DataFrame:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ServgapError("Reading Excel files needs openpyxl: pip install 'servgap[excel]'.") from None
    _check_xlsx_archive(path)
    try:
        # header=None: pandas would rename a repeated header (E_1, E_1.1); _check_header refuses it
        cells = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, header=None, dtype=object)
    except ValueError as exc:
        raise ServgapError(f"{path.name}: {exc}") from None
    except Exception as exc:  # openpyxl raises several unrelated types for broken files
        raise ServgapError(f"{path.name} is not a readable Excel workbook ({exc}); expected {_EXPECTED}.") from None
    if cells.empty:
        return pd.DataFrame()
    header = list(cells.iloc[0])
    _check_header(header, path.name)
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = [f"Unnamed: {i}" if pd.isna(c) else str(c).strip() for i, c in enumerate(header)]
    frame.attrs["sheet"] = sheet
    return frame


def _check_xlsx_archive(path: Path) -> None:
    """Refuse a workbook whose zip directory promises more than :data:`XLSX_LIMITS` allow.

    Reads only the archive's directory and the first bytes of each sheet, so a bomb is refused
    at once. zipfile never unpacks more than a part's declared size, so the sizes checked are
    the sizes openpyxl would get.
    """
    limits = XLSX_LIMITS
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > limits["parts"]:
                _refuse(path, f"it holds {len(parts):,} files (at most {limits['parts']:,})")
            total = sum(p.file_size for p in parts)
            if total > limits["total_bytes"]:
                _refuse(path, f"it unpacks to {_size(total)}, more than {_size(limits['total_bytes'])}")
            for part in parts:
                if part.compress_type not in _READABLE_COMPRESSION:
                    _refuse(path, f"{part.filename} is packed by a method that cannot be read "
                                  f"(zip compression type {part.compress_type})")
                if part.file_size > limits["part_bytes"]:
                    _refuse(path, f"{part.filename} unpacks to {_size(part.file_size)}, "
                                  f"more than {_size(limits['part_bytes'])}")
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > _RATIO_FLOOR and ratio > limits["ratio"]:
                    _refuse(path, f"{part.filename} unpacks {ratio:,.0f} times larger than it is stored "
                                  f"({part.compress_size:,} to {part.file_size:,} bytes; "
                                  f"real sheets shrink at most {limits['ratio']} times)")
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    with archive.open(part) as handle:
                        _check_dimension(path, part.filename, handle.read(16384))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise ServgapError(f"{path.name} is not a readable Excel workbook ({exc}); expected {_EXPECTED}.") from None


def _check_dimension(path: Path, part: str, head: bytes) -> None:
    match = _DIMENSION.search(head)
    if not match:
        return
    first_col, first_row, last_col, last_row = match.groups()
    last_col, last_row = last_col or first_col, last_row or first_row
    rows = int(last_row) - int(first_row) + 1
    columns = _column_number(last_col) - _column_number(first_col) + 1
    if rows > XLSX_LIMITS["rows"]:
        _refuse(path, f"{part} declares {rows:,} rows (at most {XLSX_LIMITS['rows']:,})")
    if rows * columns > XLSX_LIMITS["cells"]:
        _refuse(path, f"{part} declares {rows:,} rows × {columns:,} columns = {rows * columns:,} cells "
                      f"(at most {XLSX_LIMITS['cells']:,})")


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 2**20 else f"{n:,} bytes ({n / 2**20:,.1f} MiB)"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _refuse(path: Path, why: str):
    raise ServgapError(f"{path.name} was not opened: {why}. Such an Excel file is damaged or built to exhaust "
                       "memory; save the sheet as CSV, or raise servgap.io.files.XLSX_LIMITS if it is genuine.")


def _read_spss(path: Path, encoding: str | None) -> pd.DataFrame:
    try:
        import pyreadstat
    except ImportError:
        raise ServgapError("Reading SPSS files needs pyreadstat: pip install 'servgap[spss]'.") from None
    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, encoding=encoding,
                                           user_missing=True)
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise ServgapError(f"{path.name} is not a readable SPSS file ({exc}); expected {_EXPECTED}.") from None
    frame.attrs["user_missing"] = _user_missing(meta.missing_ranges)
    frame.attrs["value_labels"] = dict(meta.variable_value_labels)
    frame.attrs["column_labels"] = dict(zip(meta.column_names, meta.column_labels))
    return frame


def _user_missing(ranges) -> dict[str, list]:
    """SPSS user-missing declarations as column → [value, …, (low, high), …]: a single code as
    itself, a range as a (low, high) tuple, in the order the file declares them."""
    declared = {}
    for column, entries in (ranges or {}).items():
        codes = []
        for entry in entries:
            low, high = entry["lo"], entry["hi"]
            codes.append(low if low == high else (low, high))
        if codes:
            declared[str(column)] = codes
    return declared


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except ImportError:
        raise ServgapError("Reading parquet files needs pyarrow: pip install 'servgap[parquet]'.") from None
    except Exception as exc:
        raise ServgapError(f"{path.name} is not a readable parquet file ({exc}); expected {_EXPECTED}.") from None
