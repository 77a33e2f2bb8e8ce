"""read_survey: from a raw table (or file) to a validated Survey, logging everything set aside."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import instruments as _instruments
from .._checks import check_choice
from ..errors import ServgapError, SurveyValidationError
from ..i18n import label
from ..instrument import Instrument
from ..survey import Survey, make_survey
from .files import read_table
from .likert import normalise_label, resolve_likert
from .mapping import resolve_columns

__all__ = ["read_survey", "DEFAULT"]

#: Marks a mapping argument left at its default (which depends on the instrument's components).
DEFAULT = "<default>"

DEFAULT_TEMPLATES = {"expectation": "E_{item}", "perception": "P_{item}",
                     "adequate": "A_{item}", "desired": "D_{item}"}
ON_INVALID = ("raise", "missing")
MISSING = ("available", "listwise")
_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")
_WEIGHT_TOLERANCE = 0.5  # points: 99.5–100.5 counts as 100 (rounding in paper forms)


def read_survey(source, instrument, *, expectation=DEFAULT, perception=DEFAULT, id=None, segments=(),
                weight=None, importance=None, dimension_weights=None, adequate=DEFAULT, desired=DEFAULT,
                likert=None, missing_values=(), on_invalid="raise", missing="available", min_items=1,
                encoding=None, sheet=None) -> Survey:
    """Load paired survey answers from a table or a file and validate them.

    Parameters
    ----------
    source : DataFrame, str or Path
        The raw table (one row per respondent), or a file: CSV/TSV (delimiter, decimal comma
        and encoding detected), Excel ``.xlsx``, SPSS ``.sav`` (numeric codes kept; value labels
        in ``survey.metadata["value_labels"]``) or parquet.
    instrument : Instrument or str
        The questionnaire, or the name of a bundled one (see :func:`servgap.instruments.available`).
    expectation, perception, adequate, desired, importance : str, dict or None
        Where each item's answer of that kind is: a template with ``{item}`` (``"E_{item}"``),
        a regular expression with a named group ``item``
        (``r"^(?P<item>\\d+)-1\\..*\\(기대"``), or a dict item → column. ``None`` when the
        survey has no such answers. Defaults follow the instrument: ``"E_{item}"`` and
        ``"P_{item}"`` for SERVQUAL, ``"P_{item}"`` only for SERVPERF, ``"A_{item}"``,
        ``"D_{item}"`` and ``"P_{item}"`` for three-column surveys; importance none.
    id : str, optional
        Respondent id column; respondents are numbered 1, 2, … when None.
    segments : sequence of str
        Columns that group respondents (branch, customer type, wave, …).
    weight : str, optional
        Survey-weight column (positive numbers).
    dimension_weights : str or dict, optional
        The 100 points each respondent allocated to the dimensions: a template with
        ``{dimension}`` (``"W_{dimension}"``) or a dict dimension → column. A missing weight next
        to given ones counts as 0; a respondent whose points do not sum to 100 (± 0.5) has them
        rescaled to 100 (logged); one with no points at all, or points summing to 0, stays in
        the survey without a weighted score (logged).
    likert : None, str or dict
        How text answers become numbers: None takes, for each kind of answer, the built-in
        English or Indonesian set (``"Sangat Tidak Setuju"`` … ``"Sangat Setuju"``,
        ``STS/TS/N/S/SS``, ``"Sangat Tidak Puas"`` … ``"Sangat Puas"``, …) with as many points
        as the scale that covers the most of its labels (see
        :func:`servgap.io.likert.resolve_likert`); a label that set lacks (a typo, ``"??"``) is
        an invalid answer, reported alone. A set name from
        :data:`servgap.io.likert.LIKERT_SETS` (with as many points as the scale); or a dict
        label → value. Labels match case- and whitespace-insensitively.
    missing_values : sequence
        Codes that mean "no answer" (e.g. ``(0, 99, "N/A", "Tidak tahu")``); each is logged.
    on_invalid : {"raise", "missing"}
        ``"raise"`` collects every problem and raises one :class:`SurveyValidationError`;
        ``"missing"`` turns invalid answers into missing ones and excludes respondents with an
        invalid id or weight, logging each.
    missing : {"available", "listwise"}
        ``"available"``: each statistic uses the answered pairs. ``"listwise"``: respondents with
        any missing answer are excluded (logged).
    min_items : int, default 1
        What a respondent needs for a dimension score: answered E/P pairs for a gap score,
        complete adequate/desired/perception triples for the zone of tolerance, answered items
        for a single score (perception, …). Each score left missing is logged.
    encoding, sheet
        Passed to the file reader (text encoding; Excel sheet).

    Returns
    -------
    Survey
        Kept respondents plus the log of everything excluded or recoded in ``.exclusions``: the
        kept respondents and the excluded ones always add up to the input rows.

    Raises
    ------
    SurveyValidationError
        Missing or unknown columns, non-numeric values, values outside the scale, duplicate or
        missing respondent ids, invalid weights, items not in the instrument. ``.failure_cases``
        lists every problem (row, respondent, column, value, problem).
    ServgapError
        A file that is not a survey table.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> raw = pd.DataFrame({"id": ["a", "b"], "branch": ["X", "Y"],
    ...                     **{f"E_{i}": [6, 7] for i in range(1, 23)},
    ...                     **{f"P_{i}": [5, 7] for i in range(1, 23)}})
    >>> survey = servgap.read_survey(raw, "servqual22", id="id", segments=["branch"])
    >>> survey.gaps.loc["a", "1"], survey.n_respondents
    (np.float64(-1.0), 2)
    """
    instrument = _instruments.get(instrument)
    if not isinstance(instrument, Instrument):
        raise TypeError(f"`instrument` must be an Instrument or a preset name, got {type(instrument).__name__}.")
    check_choice("on_invalid", on_invalid, ON_INVALID)
    check_choice("missing", missing, MISSING)
    if not isinstance(min_items, (int, np.integer)) or isinstance(min_items, bool) or min_items < 1:
        raise ValueError(f"`min_items` must be a whole number ≥ 1, got {min_items!r}.")
    metadata: dict = {}
    if isinstance(source, (str, Path)):
        frame = read_table(source, encoding=encoding, sheet=sheet)
        metadata.update(frame.attrs)
    elif isinstance(source, pd.DataFrame):
        frame = source
    else:
        raise TypeError(f"`source` must be a DataFrame or a file path, got {type(source).__name__}.")
    specs = {"expectation": expectation, "perception": perception, "adequate": adequate,
             "desired": desired, "importance": importance}
    for kind, spec in specs.items():
        if isinstance(spec, str) and spec == DEFAULT:
            specs[kind] = DEFAULT_TEMPLATES[kind] if kind in instrument.components else None
    return build_survey(frame, instrument, specs, id=id, segments=segments, weight=weight,
                        dimension_weights=dimension_weights, likert=likert,
                        missing_values=missing_values, on_invalid=on_invalid, missing=missing,
                        min_items=int(min_items), metadata=metadata)


def build_survey(frame: pd.DataFrame, instrument: Instrument, specs: dict, *, id, segments, weight,
                 dimension_weights, likert, missing_values, on_invalid, missing, min_items,
                 metadata, records=None) -> Survey:
    """The shared path of every loader: map, parse, validate, log, assemble."""
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    columns = list(frame.columns)
    n = len(frame)
    problems: list[dict] = []
    records = list(records or [])
    if isinstance(segments, str):
        segments = [segments]

    # 1. columns
    mappings: dict[str, dict[str, str]] = {}
    for kind, spec in specs.items():
        if spec is None:
            continue
        found, col_problems = resolve_columns(spec, instrument.items, columns, what=kind)
        mappings[kind] = found
        problems += col_problems
    if not mappings:
        raise ServgapError("No answer columns requested: every mapping (expectation, perception, …) is None.")
    if not any(mappings.values()):
        shown = ", ".join(repr(c) for c in columns[:8]) + (" …" if len(columns) > 8 else "")
        asked = ", ".join(f"{k}={v!r}" for k, v in specs.items() if v is not None)
        raise SurveyValidationError(pd.DataFrame(problems), headline=(
            f"No column of the table matches the answer mappings ({asked}); expected one column per "
            f"item of instrument {instrument.name!r} (items {', '.join(instrument.items[:4])}, …). "
            f"Columns found: {shown}."))
    problems += _pairing_problems(mappings)
    special = {"id": [id] if id is not None else [], "segment": list(segments),
               "weight": [weight] if weight is not None else []}
    for what, cols in special.items():
        for col in cols:
            if str(col) not in columns:
                problems.append(_case(np.nan, np.nan, col, np.nan, f"{what} column not found"))
    weight_cols: dict[str, str] = {}
    if dimension_weights is not None:
        weight_cols, wp = resolve_columns(dimension_weights, instrument.dimension_names, columns,
                                          what="dimension weight", placeholder="dimension")
        problems += wp
    problems += _column_use_problems(columns, mappings, weight_cols)
    if problems:  # column problems cannot be turned into missing answers
        raise SurveyValidationError(pd.DataFrame(problems))

    # 2. respondent ids
    rows = np.arange(1, n + 1)
    if id is None:
        ids = pd.Index(rows, name="respondent")
    else:
        raw_ids = frame[str(id)]
        ids = pd.Index(raw_ids.map(_clean_id), name="respondent")
    bad_rows: dict[int, tuple[str, str]] = {}  # position → (reason, column): respondent not kept
    if id is not None:
        for pos in np.flatnonzero(pd.isna(ids)):
            bad_rows[pos] = ("respondent id missing", str(id))
        dup = ids.duplicated(keep="first") & ~pd.isna(ids)
        first_pos = {}
        for pos, value in enumerate(ids):
            first_pos.setdefault(value, pos)
        for pos in np.flatnonzero(dup):
            bad_rows[pos] = (f"duplicate respondent id (first in row {first_pos[ids[pos]] + 1})", str(id))
    if weight is not None:
        w, w_bad = _parse_numbers(frame[str(weight)])
        w_bad |= ~(w > 0) & ~np.isnan(w) | np.isnan(w)
        for pos in np.flatnonzero(w_bad):
            bad_rows.setdefault(pos, ("survey weight must be a positive number", str(weight)))
    row_cases = [_case(pos + 1, ids[pos], col, frame[col].iloc[pos], reason)
                 for pos, (reason, col) in sorted(bad_rows.items())]

    # 3. answers
    num_codes, str_codes = _missing_codes(missing_values)
    answers: dict[str, pd.DataFrame] = {}
    cell_cases: list[dict] = []
    code_records: list[dict] = []
    likert_used: dict[str, str] = {}
    low, high = instrument.scale
    for kind, mapping in mappings.items():
        cols = [mapping[i] for i in instrument.items]
        block = frame[cols]
        numbers = {col: _fast_float(frame[col]) for col in cols}
        labels_seen = _text_labels(block, numbers, str_codes)
        set_name, label_map = resolve_likert(likert, labels_seen, instrument.scale)
        if set_name and labels_seen:
            likert_used[kind] = set_name
        # labels the chosen set does not cover are reported cell by cell, not the whole column
        unknown_label = ("not a number or a label of the `likert` mapping" if set_name == "custom" else
                         f"not a number or a label of the answer set {set_name!r}" if set_name else
                         "not a number or a known answer label")
        values = np.empty((n, len(cols)))
        for j, (item, col) in enumerate(zip(instrument.items, cols)):
            parsed = _parse_answers(frame[col], numbers[col], num_codes, str_codes, label_map, (low, high),
                                    unknown_label)
            values[:, j] = parsed.values
            for pos, raw, problem in parsed.problems:
                cell_cases.append(_case(pos + 1, ids[pos], col, raw, problem))
            for pos, raw in parsed.codes:
                code_records.append({"respondent": ids[pos], "column": col, "value": raw,
                                     "reason": f"missing-value code {raw!r}",
                                     "action": label("action.set_missing")})
            if parsed.n_labels:
                records.append({"respondent": np.nan, "column": col, "value": f"{parsed.n_labels} text answers",
                                "reason": f"answer labels mapped to numbers ({set_name})",
                                "action": label("action.recoded")})
        answers[kind] = pd.DataFrame(values, columns=list(instrument.items))
    dim_weights = None
    if weight_cols:
        dim_weights, wcases = _parse_weight_block(frame, weight_cols, ids)
        cell_cases += wcases

    failures = sorted(row_cases + cell_cases, key=lambda c: (c["row"], columns.index(c["column"])))
    if failures and on_invalid == "raise":
        raise SurveyValidationError(pd.DataFrame(failures))
    for case in cell_cases:  # on_invalid == "missing"
        pos = int(case["row"]) - 1
        for kind, mapping in mappings.items():
            for j, item in enumerate(instrument.items):
                if mapping[item] == case["column"]:
                    answers[kind].iat[pos, j] = np.nan
        if dim_weights is not None and case["column"] in weight_cols.values():
            dim = next(d for d, c in weight_cols.items() if c == case["column"])
            dim_weights.loc[pos, dim] = np.nan
        records.append({"respondent": case["respondent"], "column": case["column"], "value": case["value"],
                        "reason": case["problem"], "action": label("action.set_missing")})
    records += code_records

    # 4. reverse-keyed items
    for kind, block in answers.items():
        if kind == "importance":
            continue
        for item in instrument.reverse:
            block[item] = low + high - block[item]
            records.append({"respondent": np.nan, "column": mappings[kind][item], "value": np.nan,
                            "reason": f"reverse-keyed item: x' = {low} + {high} - x",
                            "action": label("action.recoded")})

    # 5. respondents kept
    keep = np.ones(n, dtype=bool)
    for pos, (reason, col) in sorted(bad_rows.items()):
        keep[pos] = False
        records.append({"respondent": ids[pos], "column": col, "value": frame[col].iloc[pos],
                        "reason": reason, "action": label("action.excluded_respondent")})
    answered = np.zeros(n, dtype=bool)
    for block in answers.values():
        answered |= block.notna().to_numpy().any(axis=1)
    for pos in np.flatnonzero(keep & ~answered):
        keep[pos] = False
        records.append({"respondent": ids[pos], "column": np.nan, "value": np.nan,
                        "reason": "no answers to any item", "action": label("action.excluded_respondent")})
    if dim_weights is not None:
        dim_weights, wrecords = _apply_weight_rule(dim_weights, ids, keep)
        records += wrecords

    index = ids[keep]
    for kind in answers:
        answers[kind] = answers[kind].iloc[keep].set_axis(index, axis=0)
        answers[kind].columns.name = "item"
    seg = frame.loc[keep, [str(s) for s in segments]].set_axis(index, axis=0)
    for col in seg.columns:
        if seg[col].dtype == object or str(seg[col].dtype).startswith("str"):
            seg[col] = seg[col].map(lambda v: v.strip() if isinstance(v, str) else v).replace("", np.nan)
    survey_weight = None
    if weight is not None:
        survey_weight = pd.Series(w[keep], index=index, name="weight")
    if dim_weights is not None:
        dim_weights = dim_weights.iloc[keep].set_axis(index, axis=0)
    metadata = {**metadata, "columns": mappings, "likert": likert_used, "n_input_rows": n,
                "respondent_ids": "row numbers" if id is None else str(id)}
    return make_survey(instrument, answers, seg, weight=survey_weight, dimension_weights=dim_weights,
                       records=records, min_items=min_items, missing=missing, metadata=metadata,
                       source_columns=mappings)


# -- helpers -----------------------------------------------------------------------------------
def _case(row, respondent, column, value, problem):
    return {"row": row, "respondent": respondent, "column": column, "value": value, "problem": problem}


def _clean_id(value):
    if isinstance(value, str):
        value = value.strip()
        return value if value else np.nan
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _column_use_problems(columns: list[str], mappings: dict[str, dict[str, str]],
                         weight_cols: dict[str, str]) -> list[dict]:
    """A column name that appears twice in the table, or one column read as two answers."""
    problems = []
    counts = pd.Series(columns).value_counts()
    uses: dict[str, list[str]] = {}
    for kind, mapping in [*mappings.items(), ("dimension weight", weight_cols)]:
        for key, col in mapping.items():
            uses.setdefault(col, []).append(f"{kind} of {key!r}")
    for col, what in uses.items():
        if counts.get(col, 0) > 1:
            problems.append(_case(np.nan, np.nan, col, np.nan,
                                  f"{counts[col]} columns have this name; column names must be unique"))
        if len(what) > 1:
            problems.append(_case(np.nan, np.nan, col, np.nan,
                                  f"one column mapped to several answers: {', '.join(what)}"))
    return problems


def _pairing_problems(mappings: dict[str, dict[str, str]]) -> list[dict]:
    """An item with an expectation column but no perception column (or the reverse)."""
    problems = []
    pairs = [("expectation", "perception"), ("adequate", "perception"), ("desired", "perception")]
    for a, b in pairs:
        if a in mappings and b in mappings:
            for item in set(mappings[a]) ^ set(mappings[b]):
                has, lacks = (a, b) if item in mappings[a] else (b, a)
                problems.append(_case(np.nan, np.nan, (mappings[has][item]), np.nan,
                                      f"item {item!r} has {_article(has)} {has} column but no {lacks} column"))
    return problems


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _missing_codes(missing_values) -> tuple[set[float], set[str]]:
    if isinstance(missing_values, (str, int, float)):
        missing_values = [missing_values]
    num, text = set(), set()
    for code in missing_values:
        text.add(normalise_label(code))
        try:
            num.add(float(code))
        except (TypeError, ValueError):
            pass
    return num, text


def _as_text(series: pd.Series) -> pd.Series:
    return series.map(lambda v: v if isinstance(v, str) else (np.nan if pd.isna(v) else str(v)))


def _to_float(text: pd.Series) -> pd.Series:
    """Numbers written as text, with a decimal comma accepted ("4,5")."""
    fixed = text.where(~text.fillna("").str.match(_DECIMAL_COMMA), text.str.replace(",", ".", regex=False))
    return pd.to_numeric(fixed.str.strip(), errors="coerce")


def _fast_float(series: pd.Series) -> np.ndarray:
    """Plain numbers as floats (NaN elsewhere); the common all-numeric column takes the fast cast."""
    if type(series.array).__name__ == "ArrowStringArray":  # text read from a file, pyarrow-backed
        import pyarrow as pa
        import pyarrow.compute as pc

        try:  # six times faster than pandas' astype on arrow strings; refuses any non-number
            return pc.cast(pa.array(series.array), pa.float64()).to_numpy(zero_copy_only=False)
        except pa.ArrowException:  # not a plain number somewhere in the column
            pass
    try:
        return series.astype("float64").to_numpy(dtype=float, na_value=np.nan)
    except (ValueError, TypeError):
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _text_labels(block: pd.DataFrame, numbers: dict[str, np.ndarray], str_codes) -> set[str]:
    seen: set[str] = set()
    for col in block.columns:
        series = block[col]
        if pd.api.types.is_numeric_dtype(series):
            continue
        candidates = series[np.isnan(numbers[col]) & series.notna().to_numpy()]
        text = _as_text(candidates)  # only cells that are not plain numbers take the slow path
        text = text[text.str.strip() != ""]
        numeric = _to_float(text)
        labels = {normalise_label(v) for v in text[numeric.isna()].unique()}
        seen |= labels - str_codes
    return seen


class _Parsed:
    __slots__ = ("values", "problems", "codes", "n_labels")

    def __init__(self, values, problems, codes, n_labels):
        self.values, self.problems, self.codes, self.n_labels = values, problems, codes, n_labels


def _parse_answers(raw: pd.Series, plain: np.ndarray, num_codes, str_codes, label_map, scale,
                   unknown: str = "not a number or a known answer label") -> _Parsed:
    """Turn one answer column into floats; report codes, labels and invalid cells (``unknown``
    is the problem text of a cell that is neither a number nor a label of ``label_map``)."""
    low, high = scale
    n_labels = 0
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.to_numpy(dtype=float, na_value=np.nan).copy()
        is_code = np.isin(values, list(num_codes)) if num_codes else np.zeros(len(values), bool)
        unreadable = np.zeros(len(values), bool)
    else:
        # fast path: plain numbers; only the other cells are read as text
        values = plain.copy()
        is_code = np.isin(values, list(num_codes)) if num_codes else np.zeros(len(values), bool)
        unreadable = np.zeros(len(values), bool)
        rest = np.flatnonzero(np.isnan(values) & raw.notna().to_numpy())
        if len(rest):
            text = _as_text(raw.iloc[rest])
            blank = (text.str.strip() == "").to_numpy()
            numbers = _to_float(text)
            norm = text.map(normalise_label)
            code = ~blank & (norm.isin(str_codes) | numbers.isin(num_codes)).to_numpy()
            mapped = norm.map(label_map).to_numpy(dtype=float, na_value=np.nan) if label_map \
                else np.full(len(rest), np.nan)
            parsed = numbers.to_numpy(dtype=float, na_value=np.nan).copy()
            use_label = ~blank & np.isnan(parsed) & ~np.isnan(mapped)
            n_labels = int(use_label.sum())
            parsed[use_label] = mapped[use_label]
            values[rest] = parsed
            is_code[rest] = code
            unreadable[rest] = ~blank & np.isnan(parsed) & ~code
    values[is_code] = np.nan
    outside = ~np.isnan(values) & ((values < low) | (values > high))
    problems = []
    flagged = np.flatnonzero(unreadable | outside | is_code)  # raw values only where reported
    raw_values = dict(zip(flagged, raw.iloc[flagged].to_numpy(dtype=object))) if len(flagged) else {}
    for pos in np.flatnonzero(unreadable):
        problems.append((pos, raw_values[pos], unknown))
    for pos in np.flatnonzero(outside):
        problems.append((pos, raw_values[pos], f"outside the scale {low}-{high}"))
    values[outside | unreadable] = np.nan
    codes = [(pos, raw_values[pos]) for pos in np.flatnonzero(is_code)]
    return _Parsed(values, sorted(problems, key=lambda p: p[0]), codes, n_labels)


def _parse_numbers(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.to_numpy(dtype=float, na_value=np.nan, copy=True)  # callers write into it
        return values, np.zeros(len(values), bool)
    text = _as_text(raw)
    blank = text.isna() | (text.fillna("").str.strip() == "")
    values = _to_float(text).to_numpy(dtype=float, na_value=np.nan)
    return values, (~blank).to_numpy() & np.isnan(values)


def _parse_weight_block(frame, weight_cols, ids):
    cases = []
    data = {}
    for dim, col in weight_cols.items():
        values, bad = _parse_numbers(frame[col])
        outside = ~np.isnan(values) & ((values < 0) | (values > 100))
        for pos in np.flatnonzero(bad):
            cases.append(_case(pos + 1, ids[pos], col, frame[col].iloc[pos], "not a number"))
        for pos in np.flatnonzero(outside):
            cases.append(_case(pos + 1, ids[pos], col, frame[col].iloc[pos],
                               "dimension weight outside 0-100 points"))
        values[bad | outside] = np.nan
        data[dim] = values
    return pd.DataFrame(data), cases


def _apply_weight_rule(weights: pd.DataFrame, ids, keep) -> tuple[pd.DataFrame, list[dict]]:
    """Missing points next to given ones count 0; sums other than 100 are rescaled to 100; no
    points, or points summing to 0, leave the respondent (kept) without a weighted score."""
    records = []
    given = weights.notna().any(axis=1).to_numpy()
    filled = weights.fillna(0.0)
    total = filled.sum(axis=1).to_numpy()
    for pos in np.flatnonzero(keep & (~given | (total <= 0))):
        reason = (f"dimension weights sum to {total[pos]:g}: no weighted score" if given[pos] else
                  "no dimension weights given: no weighted score")
        records.append({"respondent": ids[pos], "column": ", ".join(weights.columns),
                        "value": total[pos] if given[pos] else np.nan, "reason": reason,
                        "action": label("action.no_weighted_score")})
    off = keep & given & (total > 0) & (np.abs(total - 100) > _WEIGHT_TOLERANCE)
    for pos in np.flatnonzero(off):
        records.append({"respondent": ids[pos], "column": ", ".join(weights.columns), "value": total[pos],
                        "reason": f"dimension weights sum to {total[pos]:g}, not 100: rescaled to 100",
                        "action": label("action.rescaled")})
    scaled = filled.mul(np.where(total > 0, 100.0 / np.where(total > 0, total, 1), np.nan), axis=0)
    scaled.loc[~given, :] = np.nan
    return scaled, records
