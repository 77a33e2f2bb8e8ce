"""Writing tables for spreadsheets: every CSV and Excel file servgap writes goes through here.

Respondent ids, segment values and answers come from the survey file and may hold anything,
including text that a spreadsheet runs as a formula when the exported file is opened
(``=HYPERLINK(...)``, ``@SUM(...)``, "CSV injection"). Every writer of servgap neutralises such
text cells before writing; numbers stay numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import ServgapError

__all__ = ["FORMULA_PREFIXES", "safe_cell", "safe_frame", "write_csv", "write_excel"]

#: First characters that make a spreadsheet read a text cell as a formula (OWASP's list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Text that is a plain number ("-3", "+1.5e2") is no formula: a spreadsheet reads it as that number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value):
    """A cell as it may be written to a spreadsheet: text that would run as a formula gets a
    leading apostrophe, everything else is returned unchanged.

    Parameters
    ----------
    value : object
        A cell. Only text (``str``) is changed, and only when it begins with one of
        :data:`FORMULA_PREFIXES` and is not a plain number such as ``"-3"``.

    Returns
    -------
    object
        ``"'" + value`` for formula-like text, else ``value`` itself.

    Notes
    -----
    The OWASP "CSV Injection" rule: prefix cells beginning with ``=``, ``+``, ``-``, ``@``, tab
    or carriage return with a single quote, which spreadsheets show as text and do not
    evaluate. Numbers (and text that is a plain number) are left alone, so that a column of
    gaps or a logged answer ``"-3"`` stays what it is.

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://x.example","click")')
    '\\'=HYPERLINK("http://x.example","click")'
    >>> safe_cell("-3"), safe_cell(-3.5), safe_cell("Jakarta")
    ('-3', -3.5, 'Jakarta')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name passed through :func:`safe_cell`.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        Same shape and index; numeric columns unchanged.

    Notes
    -----
    :func:`safe_cell` applied to each text cell and column name (the OWASP "CSV Injection"
    rule); the report writers use it before writing any table.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"respondent": ["=1+1", "A"], "gap": [-1.5, 0.5]})
    >>> safe_frame(table).values.tolist()
    [["'=1+1", -1.5], ['A', 0.5]]
    """
    if not isinstance(frame, pd.DataFrame):
        raise ServgapError(f"Only a DataFrame can be exported; got {type(frame).__name__}.")
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if column.dtype == object or isinstance(column.dtype, pd.CategoricalDtype) \
                or pd.api.types.is_string_dtype(column.dtype):
            out.isetitem(position, column.astype(object).map(safe_cell))
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path, *, index: bool = False, **kwargs) -> Path:
    """Write ``frame`` to a CSV file that a spreadsheet opens without running any cell.

    Parameters
    ----------
    frame : pandas.DataFrame
    path : str or Path
    index : bool, default False
        Write the index as the first column (its text is neutralised too).
    **kwargs
        Passed to :meth:`pandas.DataFrame.to_csv` (``sep``, ``decimal``, ``encoding``, …).

    Returns
    -------
    Path
        The file written.

    Notes
    -----
    :func:`safe_frame` (the OWASP "CSV Injection" rule), then :meth:`pandas.DataFrame.to_csv`;
    like R's ``write.csv`` otherwise.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "exclusions.csv"
    >>> _ = write_csv(pd.DataFrame({"respondent": ["@SUM(A1)"], "value": [9]}), path)
    >>> print(path.read_text().strip())
    respondent,value
    '@SUM(A1),9
    """
    if index:
        frame = frame.reset_index()
    path = Path(path)
    safe_frame(frame).to_csv(path, index=False, **kwargs)
    return path


def write_excel(tables: dict, path) -> Path:
    """Write tables to an Excel workbook, one sheet each, with no cell read as a formula.

    Parameters
    ----------
    tables : dict of str to DataFrame
        Sheet name → table. Sheet names are cut to Excel's 31 characters.
    path : str or Path

    Returns
    -------
    Path
        The file written.

    Notes
    -----
    :func:`safe_frame` (the OWASP "CSV Injection" rule; openpyxl would otherwise store text
    beginning with ``=`` as a formula), then :meth:`pandas.DataFrame.to_excel`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tables.xlsx"
    >>> _ = write_excel({"exclusions": pd.DataFrame({"respondent": ["=1+1"]})}, path)
    >>> pd.read_excel(path)["respondent"].tolist()
    ["'=1+1"]
    """
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ServgapError("Writing Excel files needs openpyxl: pip install 'servgap[excel]'.") from None
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in tables.items():
            safe_frame(table).to_excel(writer, sheet_name=str(name)[:31], index=False)
    return path
