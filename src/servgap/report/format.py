"""Paste-ready tables: one formatter that every result's ``to_table`` and every report writer uses.

A result's ``table`` is tidy and numeric, made for further code. :func:`format_table` turns it
into the table a reader pastes into a thesis: numbers rounded and written as in the language
(decimal comma in Indonesian, a true minus sign), p-values as journals write them ("< 0.001"),
headers, verdicts and codes in words.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..columns import SCORES, STATISTICS
from ..errors import ServgapError
from ..i18n import check_lang, label

__all__ = ["format_table", "format_p", "format_number", "header", "translate_codes",
           "dimension_name", "COUNT_COLUMNS", "P_COLUMNS"]

#: Columns holding counts, ranks or positions: written as whole numbers.
COUNT_COLUMNS = frozenset({"n", "n_items", "n_zero", "n_a", "n_b", "n_before", "n_after", "n_customers",
                           "n_staff", "n_inverted", "groups", "quadrant", "rank", "pgcv_rank", "period_index",
                           "row", "count"})
#: Columns holding p-values.
P_COLUMNS = frozenset({"p_val", "p_adj"})
# boolean columns → label keys for True, False and missing
_BOOLEANS = {
    "reliable": ("reliability.reliable", "reliability.not_reliable", "reliability.undetermined"),
    "valid": ("validity.valid", "validity.not_valid", "validity.undetermined"),
    "fornell_larcker": ("verdict.yes", "verdict.no", None),
    "shortfall": ("verdict.yes", "verdict.no", None),
}
# code columns → prefix of their labels
_CODES = {"quadrant_code": "priorities.quadrant.", "action": "priorities.action.",
          "zone_position": "priorities.zone.", "position": "priorities.zone.", "rating": "reliability.fit.",
          "band": "priorities.band.", "score": "inference.score.", "measure": "measure.",
          "check": "check.", "comparison": "provider.comparison."}
_MINUS = "\N{MINUS SIGN}"


def format_number(value, lang: str = "en", digits: int = 2) -> str:
    """``value`` rounded to ``digits`` decimals as written in ``lang``; missing as "".

    Parameters
    ----------
    value : float
    lang : {"en", "id"}
    digits : int

    Returns
    -------
    str
        A decimal comma in Indonesian, a true minus sign (U+2212); ``-0.00`` is written ``0.00``.

    Notes
    -----
    R's ``formatC(x, format = "f", digits = digits)`` with the language's decimal mark.

    Examples
    --------
    >>> format_number(-1.7397, "id"), format_number(0.8085217991750243, "en", 3)
    ('−1,74', '0.809')
    """
    if value is None or pd.isna(value):
        return ""
    text = f"{float(value):.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    text = text.replace("-", _MINUS)
    return text.replace(".", ",") if check_lang(lang) == "id" else text


def format_p(value, lang: str = "en", digits: int = 3) -> str:
    """A p-value as journals write it: three decimals, "< 0.001" below that.

    Parameters
    ----------
    value : float
    lang : {"en", "id"}
    digits : int, default 3
        Decimals; values below 10^-digits are written "< 0.001" (for digits = 3).

    Returns
    -------
    str

    Notes
    -----
    APA (7th ed.) §6.36: exact p to two or three decimals, p < .001 below; the leading zero is
    kept, as Indonesian theses write it ("< 0,001").

    Examples
    --------
    >>> format_p(0.0000012), format_p(0.0000012, "id"), format_p(0.04567, "id")
    ('< 0.001', '< 0,001', '0,046')
    """
    if value is None or pd.isna(value):
        return ""
    floor = 10.0 ** -digits
    if float(value) < floor:
        return "< " + format_number(floor, lang, digits)
    return format_number(value, lang, digits)


def header(column, lang: str = "en") -> str:
    """The header of a result-table column in ``lang``; a name outside the vocabulary (a segment
    column, named as in the survey) as it is.

    Examples
    --------
    >>> header("gap_mean", "id"), header("p_adj"), header("branch")
    ('Rata-rata kesenjangan', 'p (adjusted)', 'branch')
    """
    name = str(column)
    try:
        return label(f"column.{name}", lang)
    except KeyError:
        pass
    score, _, stat = name.rpartition("_")
    if score in SCORES and stat in STATISTICS:
        return label(f"column.stat.{stat}", lang, score=label(f"column.score.{score}", lang))
    return name


def dimension_name(dimension, lang: str, dimension_labels: Mapping | None = None) -> str:
    """The name of a dimension in ``lang``: from ``dimension_labels`` (dimension → text, or
    dimension → {lang: text}), else the bundled instruments' names, else the id itself.

    Examples
    --------
    >>> dimension_name("Responsiveness", "id"), dimension_name("Speed", "id", {"Speed": {"id": "Kecepatan"}})
    ('Daya Tanggap', 'Kecepatan')
    """
    if dimension is None or (not isinstance(dimension, str) and pd.isna(dimension)):
        return ""
    dim = str(dimension)
    if dim == "all items":
        text = label("all_items", lang)
        return text[:1].upper() + text[1:]
    given = (dimension_labels or {}).get(dim)
    if isinstance(given, str):
        return given
    if isinstance(given, Mapping) and (given.get(lang) or given.get("en")):
        return str(given.get(lang) or given.get("en"))
    from ..plot._common import bundled_dimension_labels

    texts = bundled_dimension_labels().get(dim, {})
    return texts.get(lang) or texts.get("en") or dim


def _code_word(prefix: str, code, lang: str) -> str:
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    try:
        return label(prefix + str(code), lang)
    except KeyError:
        return str(code)


def _boolean_words(values: pd.Series, keys: tuple, lang: str) -> list[str]:
    yes, no, undetermined = keys
    missing = label(undetermined, lang) if undetermined else ""
    return [missing if pd.isna(v) else label(yes if bool(v) else no, lang) for v in values]


def translate_codes(table: pd.DataFrame, lang: str = "en", dimension_labels: Mapping | None = None
                    ) -> pd.DataFrame:
    """``table`` with booleans, codes and dimension ids in words of ``lang``; numbers unchanged.

    Parameters
    ----------
    table : DataFrame
        A result table (columns of :mod:`servgap.columns`).
    lang : {"en", "id"}
    dimension_labels : mapping, optional
        Dimension → text or {lang: text} (see :func:`dimension_name`).

    Returns
    -------
    DataFrame
        Same columns, still tidy; what the Excel sheets of a report hold.

    Notes
    -----
    The words are the label tables of :mod:`servgap.i18n` (``reliability.reliable``,
    ``priorities.quadrant.*``, …); like R's ``factor(x, labels = …)`` for display.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"dimension": ["Empathy"], "alpha": [0.81],
    ...                   "reliable": pd.array([True], dtype="boolean")})
    >>> translate_codes(t, "id").values.tolist()
    [['Empati', 0.81, 'reliabel']]
    """
    check_lang(lang)
    out = table.copy()
    for position, column in enumerate(out.columns):
        values = out.iloc[:, position]
        name = str(column)
        if name in _BOOLEANS and (pd.api.types.is_bool_dtype(values.dtype) or values.dtype == object):
            out.isetitem(position, pd.Series(_boolean_words(values, _BOOLEANS[name], lang), index=out.index,
                                             dtype=object))
        elif name in _CODES and not pd.api.types.is_numeric_dtype(values.dtype):
            out.isetitem(position, pd.Series([_code_word(_CODES[name], v, lang) for v in values],
                                             index=out.index, dtype=object))
        elif name == "dimension":
            out.isetitem(position, pd.Series([dimension_name(v, lang, dimension_labels) for v in values],
                                             index=out.index, dtype=object))
    return out


def _whole(values: pd.Series) -> bool:
    finite = values.dropna().to_numpy(dtype=float)
    return bool(len(finite)) and bool(np.all(np.isfinite(finite))) and bool(np.all(finite == np.round(finite)))


def _numbers(name: str, values: pd.Series, lang: str, digits: int, measures=None) -> list[str]:
    if name in P_COLUMNS:
        return [format_p(v, lang) for v in values]
    if name in COUNT_COLUMNS or pd.api.types.is_integer_dtype(values.dtype) or (name.startswith("dof")
                                                                                 and _whole(values)):
        return [format_number(v, lang, 0) for v in values]
    if measures is not None:  # a measure/value table: each row is its own kind of number
        return [format_p(v, lang) if str(m).endswith("p_val") else
                format_number(v, lang, 0 if str(m).endswith("dof") else digits) for m, v in zip(measures, values)]
    return [format_number(v, lang, digits) for v in values]


def format_table(table: pd.DataFrame, lang: str = "en", digits: int = 2, *,
                 dimension_labels: Mapping | None = None, headers: bool = True) -> pd.DataFrame:
    """A result table as a reader pastes it: every cell text, rounded, in ``lang``.

    Parameters
    ----------
    table : DataFrame
        A tidy result table (columns of :mod:`servgap.columns`, segment columns named as in the
        survey). A non-default index (a correlation matrix) becomes the first column.
    lang : {"en", "id"}, default "en"
    digits : int, default 2
        Decimals of statistics; p-values get three ("< 0.001" below), counts none.
    dimension_labels : mapping, optional
        Dimension → text or {lang: text}, for a custom instrument's dimension names.
    headers : bool, default True
        Translate the column names (``column.<name>`` labels); False keeps the identifiers.

    Returns
    -------
    DataFrame
        Text cells only, same rows. Booleans and codes in words ("tidak reliabel", "Prioritas
        Utama"), dimension ids as names, missing values as "".

    Notes
    -----
    Rounding is Python's round-half-even of the binary value, as R's ``formatC``/``sprintf``;
    p-values follow APA 7th ed. §6.36.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"dimension": ["Responsiveness"], "gap_mean": [-1.7397], "p_val": [1e-9]})
    >>> format_table(t, "id").values.tolist()
    [['Daya Tanggap', '−1,74', '< 0,001']]
    >>> format_table(t, "id").columns.tolist()
    ['Dimensi', 'Rata-rata kesenjangan', 'p']
    """
    check_lang(lang)
    if not isinstance(table, pd.DataFrame):
        raise ServgapError(f"Only a DataFrame can be formatted; got {type(table).__name__}.")
    if not isinstance(digits, (int, np.integer)) or isinstance(digits, bool) or not 0 <= digits <= 10:
        raise ServgapError(f"`digits` must be a whole number from 0 to 10, got {digits!r}.")
    frame = table if isinstance(table.index, pd.RangeIndex) else table.reset_index()
    measures = frame["measure"].tolist() if "measure" in frame.columns else None
    words = translate_codes(frame, lang, dimension_labels)
    out = {}
    for position, column in enumerate(frame.columns):
        raw = frame.iloc[:, position]
        name = str(column)
        if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
            cells = _numbers(name, raw, lang, int(digits), measures if name in ("value", "cutoff") else None)
        else:
            cells = ["" if (not isinstance(v, str) and pd.isna(v)) else str(v) for v in words.iloc[:, position]]
        out[position] = cells
    result = pd.DataFrame(out, index=range(len(frame)), dtype=object)
    result.columns = [header(c, lang) if headers else str(c) for c in frame.columns]
    return result
