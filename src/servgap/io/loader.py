"""read_survey: from a raw table (or file) to a validated Survey, logging everything set aside."""

from __future__ import annotations

import decimal
from collections import Counter
import numbers
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from .. import instruments as _instruments
from .._checks import check_choice
from ..errors import FAILURE_COLUMNS, ServgapError, SurveyValidationError
from ..instrument import Instrument
from ..survey import SMALL_ANSWERS, Survey, WholeAnswers, concat_log, log_part, make_survey
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
# From this many rows a table read from a file gives up each answer column once it is in its
# block: the peak memory of a million rows stays near the table's size (dropping a column
# costs about a millisecond, more than it saves on small tables)
_CONSUME_ROWS = 250_000
_WEIGHT_TOLERANCE = 0.5  # points: 99.5–100.5 counts as 100 (rounding in paper forms)
# Numbers written as text: ASCII digits with an optional sign, point and exponent; a decimal
# comma as digits,digits; a comma followed by exactly three digits is a thousands separator.
_PLAIN = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+")

# What happened to one distinct raw value of a column (see _read_value).
_NUMBER, _BLANK, _CODE, _LABEL, _CONVERTED, _INVALID = range(6)


def read_survey(source, instrument, *, expectation=DEFAULT, perception=DEFAULT, id=None, segments=(),
                weight=None, importance=None, dimension_weights=None, adequate=DEFAULT, desired=DEFAULT,
                likert=None, missing_values=(), on_invalid="raise", missing="available", min_items=1,
                encoding=None, sheet=None, outcomes=(), outcome_scale=None) -> Survey:
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
        Respondent id column; respondents are numbered 1, 2, … (their row) when None. Text ids
        are stripped of surrounding spaces; a blank or missing id is a ``missing_id`` problem,
        a repeated one a ``duplicate_id`` problem.
    segments : sequence of str
        Columns that group respondents (branch, customer type, wave, …). Text is stripped and
        a blank cell is a missing value. Values are grouped by their displayed text: in a
        column holding values of several types, ``1``, ``"1"`` and ``1.0`` are one group
        (stored as the text ``"1"``) while ``True`` is another; each merge of different raw
        values is logged (``segment_merged``).
    weight : str, optional
        Survey-weight column: positive finite numbers. A missing, zero, negative, infinite or
        non-numeric weight is an ``invalid_weight`` problem (the respondent is excluded with
        ``on_invalid="missing"``).
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
    outcomes : sequence of str
        Columns of outcome answers kept next to the SERVQUAL answers (overall satisfaction,
        loyalty, intention to recommend: the dependent variables of a key-driver analysis),
        in :attr:`Survey.outcomes`. Read, validated and logged like answers (numbers, missing
        codes; no answer labels), on their own scale; they do not count as answers for
        ``missing="listwise"`` or for a respondent without answers.
    outcome_scale : (low, high), optional
        The range of the outcome answers; None accepts any finite number.

    Returns
    -------
    Survey
        Kept respondents plus the log of everything excluded or recoded in ``.exclusions``:
        the kept respondents and the excluded ones always add up to the input rows, and every
        answer set aside has its entry with the input ``row``.

    Raises
    ------
    SurveyValidationError
        Missing or unknown columns, non-numeric values, values outside the scale, duplicate or
        missing respondent ids, invalid weights, items not in the instrument. ``.failure_cases``
        lists every problem (row, respondent, column, value, check, problem).
    ServgapError
        A file that is not a survey table.

    Notes
    -----
    How a cell becomes an answer (the same for answers, outcomes, weights and dimension
    weights):

    - numbers are taken as they are; a text cell is a number when it is one in ASCII digits
      (``"4"``, ``" 4.5 "``, ``"1e1"``) or with a decimal comma written digits,digits
      (``"4,5"``); a comma followed by exactly three digits (``"1,000"``) is a thousands
      separator, which a Likert answer never has: ``not_a_number``;
    - digits of other scripts (``"٣"``, full-width ``"３"``, ``"𝟒"``, and ``"٤,٥"`` with a
      decimal comma) are normalised (Unicode NFKC, then each decimal digit to its ASCII digit)
      and accepted, each cell logged as ``converted_value`` (action ``recoded``);
    - booleans (``True``, ``False``), complex numbers, bytes, ``inf`` and ``nan`` written as
      text, and any other object are ``not_a_number`` (a number ``inf`` is ``out_of_scale``);
    - blank text and missing values are no answer (not logged); ``missing_values`` codes are
      no answer, each logged (``missing_code``); text that is not a number is an answer label
      (``likert``), and a label the chosen set lacks is ``unknown_label``.

    The exclusion log's ``row`` counts data rows of the input table from 1 (header not
    counted; the same for Excel); entries about a whole column (reverse keying, labels
    recoded, a segment merge) have neither ``row`` nor ``respondent``. ``check`` holds a code
    of :data:`servgap.errors.CHECKS`, ``action`` one of :data:`servgap.errors.ACTIONS`; the
    summary translates both.

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
    segments = [segments] if isinstance(segments, str) else list(segments)
    metadata: dict = {}
    if isinstance(source, (str, Path)):
        # ids and segments stay text ("007"); every other column is parsed as numbers by the
        # CSV reader when all its cells are numbers, and only the others are read cell by cell
        frame = read_table(source, encoding=encoding, sheet=sheet,
                           text_columns=[str(c) for c in ([id] if id is not None else []) + segments])
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
                        min_items=int(min_items), metadata=metadata, outcomes=outcomes,
                        outcome_scale=outcome_scale,
                        consume=not isinstance(source, pd.DataFrame) and len(frame) >= _CONSUME_ROWS,
                        user_missing=metadata.get("user_missing"))


def build_survey(frame: pd.DataFrame, instrument: Instrument, specs: dict, *, id, segments, weight,
                 dimension_weights, likert, missing_values, on_invalid, missing, min_items,
                 metadata, records=None, outcomes=(), outcome_scale=None, rows=None,
                 origins: dict | None = None, consume: bool = False, user_missing: dict | None = None) -> Survey:
    """The shared path of every loader: map, parse, validate, log, assemble.

    ``rows`` is each row's input row number (1, 2, … by default); ``origins`` maps a column of
    ``frame`` that was put together from other tables (:mod:`servgap.io.combine`) to
    (input column, input row of each of its cells, note for the problem text). ``consume``
    (a table read from a file, nobody else's) drops each answer column once it is in its
    block, so that a large file is not held twice. ``user_missing`` maps a column to the SPSS
    user-missing codes its file declares (values and (low, high) ranges): no answers, logged.
    """
    columns = [str(c) for c in frame.columns]
    n = len(frame)
    origins = origins or {}
    user_missing = {str(k): v for k, v in (user_missing or {}).items()}
    rows = np.arange(1, n + 1, dtype=float) if rows is None else np.asarray(rows, dtype=float)
    segments = [segments] if isinstance(segments, str) else [str(s) for s in segments]
    outcomes = [outcomes] if isinstance(outcomes, str) else [str(c) for c in (outcomes or ())]
    scale_out = _check_outcome_scale(outcome_scale)

    # 1. columns
    mappings, problems = resolve_mappings(specs, instrument, columns)
    if not any(mappings.values()):
        shown = ", ".join(repr(c) for c in columns[:8]) + (" …" if len(columns) > 8 else "")
        asked = ", ".join(f"{k}={v!r}" for k, v in specs.items() if v is not None)
        raise SurveyValidationError(_with_checks(problems), headline=(
            f"No column of the table matches the answer mappings ({asked}); expected one column per "
            f"item of instrument {instrument.name!r} (items {', '.join(instrument.items[:4])}, …). "
            f"Columns found: {shown}."))
    problems += _pairing_problems(mappings)
    special = {"id": [id] if id is not None else [], "segment": segments,
               "weight": [weight] if weight is not None else [], "outcome": outcomes}
    for what, cols in special.items():
        for col in cols:
            if str(col) not in columns:
                problems.append(_case(np.nan, np.nan, col, np.nan, "column_not_found", f"{what} column not found"))
    weight_cols: dict[str, str] = {}
    if dimension_weights is not None:
        weight_cols, wp = resolve_columns(dimension_weights, instrument.dimension_names, columns,
                                          what="dimension weight", placeholder="dimension")
        problems += wp
    problems += _column_use_problems(columns, mappings, weight_cols, outcomes)
    if problems:  # column problems cannot be turned into missing answers
        raise SurveyValidationError(_with_checks(problems))
    position = {c: j for j, c in enumerate(columns)}

    def cell_rows_of(col):
        return origins[col][1] if col in origins else rows

    # 2. respondent ids and weights: problems that exclude a whole row
    if id is None:
        ids = rows.astype(np.int64)
        id_missing = np.zeros(n, dtype=bool)
    else:
        ids, id_missing = _clean_ids(frame[str(id)])
    row_bad = np.zeros(n, dtype=bool)
    row_cases = []  # DataFrames of FAILURE_COLUMNS
    if id is not None:
        raw_ids = frame[str(id)]
        if id_missing.any():
            at = np.flatnonzero(id_missing)
            row_bad[at] = True
            row_cases.append(_cases(rows[at], np.nan, str(id), raw_ids.iloc[at].to_numpy(dtype=object),
                                    "missing_id", "respondent id missing"))
        dup = np.zeros(n, dtype=bool)
        id_index = pd.Index(ids, name="respondent")
        if not _all_distinct(ids, id_index):
            codes, first = _first_positions(ids, id_missing)
            dup = ~id_missing & (first[codes] != np.arange(n))
        if dup.any():
            at = np.flatnonzero(dup)
            row_bad[at] = True
            row_cases.append(_cases(rows[at], ids[at], str(id), raw_ids.iloc[at].to_numpy(dtype=object), "duplicate_id",
                                    [f"duplicate respondent id (first in row {int(r)})"
                                     for r in rows[first[codes[at]]]]))
    num_codes, str_codes = _missing_codes(missing_values)
    survey_weight = None
    if weight is not None:
        col = frame[str(weight)]
        w, parsed = _read_column(col, str_codes, {})
        bad = ~np.isfinite(w) | (w <= 0)
        bad &= ~row_bad  # a row already excluded for its id is reported once
        if bad.any():
            at = np.flatnonzero(bad)
            row_bad[at] = True
            row_cases.append(_cases(rows[at], ids[at], str(weight), col.to_numpy(dtype=object)[at],
                                    "invalid_weight", "survey weight must be a positive finite number"))
        survey_weight = w

    # 3. answers: one float64 block (respondents × items) per kind
    cell_cases, log_parts, recoded_parts = [], [], []
    answers: dict[str, np.ndarray] = {}
    complete: list[str] = []  # kinds answered in every row: no pair or listwise check needed
    used_elsewhere = {str(c) for c in [id, weight, *segments, *outcomes, *weight_cols.values(), *user_missing]
                      if c is not None}
    likert_used: dict[str, str] = {}
    low, high = instrument.scale
    for kind, mapping in mappings.items():
        cols = [mapping[i] for i in instrument.items]
        whole = _whole_block(frame, cols, (low, high), num_codes, user_missing)
        if whole is not None:  # every answer a whole number on the scale: nothing to log or set aside
            answers[kind] = WholeAnswers(whole)
            complete.append(kind)
            for col in cols:
                if consume and col not in used_elsewhere and col in frame.columns:
                    del frame[col]
            continue
        block, reads = _read_block(frame, cols, str_codes,
                                   consume=(low, high, num_codes, used_elsewhere) if consume else None)
        labels_seen = set().union(*(p.texts() for p in reads if p is not None))
        set_name, label_map = resolve_likert(likert, labels_seen, instrument.scale)
        if set_name and labels_seen:
            likert_used[kind] = set_name
        unknown = ("not a number or a label of the `likert` mapping" if set_name == "custom" else
                   f"not a number or a label of the answer set {set_name!r}" if set_name else
                   "not a number or a known answer label")
        full = True
        for j, (col, parsed) in enumerate(zip(cols, reads)):
            if parsed is not None:
                parsed.apply_labels(block[:, j], label_map, "unknown_label" if set_name else "not_a_number",
                                    unknown)
            full &= _collect(block[:, j], parsed, frame, col, (low, high), ids, cell_rows_of(col),
                             cell_cases, log_parts, recoded_parts, set_name, num_codes,
                             user_codes=user_missing.get(col))
            if consume and col not in used_elsewhere and col in frame.columns:
                del frame[col]  # its problems are recorded: the block holds what is left
        answers[kind] = block
        if full:
            complete.append(kind)
    dim_weights = None
    if weight_cols:
        dim_weights = np.empty((n, len(weight_cols)))
        for j, col in enumerate(weight_cols.values()):
            values, parsed = _read_column(frame[col], str_codes, {})
            dim_weights[:, j] = values
            _collect(dim_weights[:, j], parsed, frame, col, (0, 100), ids, cell_rows_of(col), cell_cases,
                     log_parts, recoded_parts, None, num_codes, what=DIMENSION_WEIGHT_OUTSIDE,
                     user_codes=user_missing.get(col))
    outcome_block = None
    if outcomes:
        outcome_block = np.empty((n, len(outcomes)))
        for j, col in enumerate(outcomes):
            values, parsed = _read_column(frame[col], str_codes, {})
            outcome_block[:, j] = values
            _collect(outcome_block[:, j], parsed, frame, col, scale_out, ids, cell_rows_of(col),
                     cell_cases, log_parts, recoded_parts, None, num_codes, user_codes=user_missing.get(col))

    failures = [c for c in row_cases + cell_cases if len(c)]
    if failures and on_invalid == "raise":
        cases = pd.concat(failures, ignore_index=True) if len(failures) > 1 else failures[0]
        cases = cases.assign(_col=cases["column"].map(position)).sort_values(["row", "_col"], kind="stable")
        raise SurveyValidationError(_to_origins(cases.drop(columns="_col"), origins))
    # on_invalid == "missing": every invalid cell is now NaN in its block; log each
    for cases in cell_cases:
        log_parts.append(log_part(row=cases["row"].to_numpy(dtype=float), respondent=cases["respondent"].to_numpy(),
                                  column=cases["column"].to_numpy(), value=cases["value"].to_numpy(),
                                  check=cases["check"].to_numpy(), action="set_missing",
                                  reason=cases["problem"].to_numpy()))
    log = [*(records or []), *recoded_parts, *_sorted_log(log_parts, position)]

    # 4. reverse-keyed items
    reverse = [instrument.items.index(i) for i in instrument.reverse]
    for kind, block in answers.items():
        if kind == "importance" or not reverse:
            continue
        if isinstance(block, WholeAnswers):
            values = block.values.copy(order="F")
            values[:, reverse] = low + high - values[:, reverse]
            answers[kind] = WholeAnswers(values)
        else:
            block[:, reverse] = low + high - block[:, reverse]
        log.append(log_part(column=[mappings[kind][instrument.items[j]] for j in reverse],
                            check="reverse_keyed", action="recoded",
                            reason=f"reverse-keyed item: x' = {low} + {high} - x"))

    # 5. respondents kept
    keep = ~row_bad
    excluded = [c for c in row_cases if len(c)]
    if excluded:
        cases = pd.concat(excluded, ignore_index=True).sort_values("row", kind="stable")
        log.append(log_part(row=cases["row"].to_numpy(dtype=float), respondent=cases["respondent"].to_numpy(),
                            column=cases["column"].to_numpy(), value=cases["value"].to_numpy(),
                            check=cases["check"].to_numpy(), action="excluded_respondent",
                            reason=cases["problem"].to_numpy()))
    answered = np.zeros(n, dtype=bool)
    if complete:  # a kind answered in every row: everyone answered something
        answered[:] = True
    for block in ([] if complete else answers.values()):
        answered |= ~np.isnan(block).all(axis=1)
    silent = keep & ~answered
    if silent.any():
        at = np.flatnonzero(silent)
        keep[at] = False
        log.append(log_part(row=rows[at], respondent=ids[at], check="no_answers", action="excluded_respondent",
                            reason="no answers to any item"))
    if dim_weights is not None:
        dim_weights, wlog = _apply_weight_rule(dim_weights, ids, keep, rows, list(weight_cols.values()))
        log.append(wlog)

    everyone = keep.all()
    index = id_index if everyone and id is not None else pd.Index(ids if everyone else ids[keep], name="respondent")
    seg_frame = pd.DataFrame(index=index)
    for col in segments:
        values, merged = _segment_values(frame[col], col)
        seg_frame[col] = values if everyone else values[keep]
        log += merged
    source_columns = mappings
    kept = {k: (v if everyone else WholeAnswers(v.values[keep])) if isinstance(v, WholeAnswers) else
            pd.DataFrame(v if everyone else v[keep], index=index,
                         columns=pd.Index(list(instrument.items), name="item"), copy=False)
            for k, v in answers.items()}
    cell_rows = None
    if origins:  # long or joined data: an answer's row is the row it came from
        cell_rows = {k: np.column_stack([cell_rows_of(mappings[k][i]) for i in instrument.items])[keep]
                     for k in answers}
    metadata = {**metadata, "columns": mappings, "likert": likert_used, "n_input_rows": n,
                "respondent_ids": "row numbers" if id is None else str(id)}
    return make_survey(
        instrument, kept, seg_frame,
        weight=None if survey_weight is None else pd.Series(survey_weight[keep], index=index, name="weight"),
        dimension_weights=None if dim_weights is None else pd.DataFrame(
            dim_weights[keep], index=index, columns=list(weight_cols)),
        outcomes=None if outcome_block is None else pd.DataFrame(outcome_block[keep], index=index,
                                                                 columns=outcomes),
        records=log, min_items=min_items, missing=missing, metadata=metadata,
        source_columns=source_columns, rows=rows[keep], cell_rows=cell_rows, complete=complete)


# -- failure cases -------------------------------------------------------------------------------
def resolve_mappings(specs: dict, instrument: Instrument, columns) -> tuple[dict, list[dict]]:
    """Item → column for every kind of answer asked for (``specs``: kind → template, regex, dict
    or None), and the column problems found; shared by the loaders and the engines."""
    problems: list[dict] = []
    mappings: dict[str, dict[str, str]] = {}
    for kind, spec in specs.items():
        if spec is None:
            continue
        found, col_problems = resolve_columns(spec, instrument.items, columns, what=kind)
        mappings[kind] = found
        problems += col_problems
    if not mappings:
        raise ServgapError("No answer columns requested: every mapping (expectation, perception, …) is None.")
    return mappings, problems


def _case(row, respondent, column, value, check, problem):
    return {"row": row, "respondent": respondent, "column": column, "value": value, "check": check,
            "problem": problem}


def _cases(row, respondent, column, value, check, problem) -> pd.DataFrame:
    """Failure cases from columns (arrays, or one value for all)."""
    n = len(row)
    data = {}
    for key, v in zip(FAILURE_COLUMNS, (row, respondent, column, value, check, problem)):
        data[key] = (pd.array(np.asarray(v, dtype=float), dtype="Int64") if key == "row" else
                     np.asarray(v, dtype=object) if isinstance(v, (list, np.ndarray)) else np.full(n, v, dtype=object))
    return pd.DataFrame(data)


def _with_checks(problems: list[dict]) -> pd.DataFrame:
    """Column problems as failure cases; those from the column mapping get their check here."""
    for case in problems:
        if not isinstance(case.get("check"), str):
            text = str(case["problem"])
            case["check"] = ("unknown_column" if "not in the instrument" in text else
                             "ambiguous_column" if "matches two columns" in text else "column_not_found")
    return pd.DataFrame(problems, columns=FAILURE_COLUMNS)


def _to_origins(cases: pd.DataFrame, origins: dict) -> pd.DataFrame:
    """Failure cases of a joined or widened table named after the user's columns."""
    if not origins:
        return cases
    cases = cases.copy()
    for k, col in cases["column"].items():
        if col in origins:
            column, _, note = origins[col]
            cases.at[k, "column"] = column
            if note:
                cases.at[k, "problem"] = f"{cases.at[k, 'problem']} ({note})"
    return cases


def _sorted_log(parts: list[pd.DataFrame], position: dict) -> list[pd.DataFrame]:
    """Cell entries column by column (in table order), each column's in row order."""
    parts = [p for p in parts if len(p)]
    if len(parts) <= 1:
        return parts
    log = pd.concat(parts, ignore_index=True)
    order = np.lexsort((log["row"].to_numpy(dtype=float, na_value=np.inf),
                        log["column"].map(position).to_numpy(dtype=float)))
    return [log.iloc[order].reset_index(drop=True)]


# -- respondent ids and segments -----------------------------------------------------------------
def _clean_ids(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(ids, missing): text stripped (blank = missing), whole floats as integers; vectorised."""
    missing = raw.isna().to_numpy()
    if pd.api.types.is_bool_dtype(raw.dtype):
        return raw.to_numpy(dtype=object), missing
    if pd.api.types.is_integer_dtype(raw.dtype):
        return raw.to_numpy(dtype=object, na_value=np.nan) if missing.any() else raw.to_numpy(), missing
    if pd.api.types.is_float_dtype(raw.dtype):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        whole = np.isnan(values) | (values == np.round(values))
        if whole.all() and np.nanmax(np.abs(values), initial=0) < 2**53:
            ints = np.where(np.isnan(values), 0, values).astype(np.int64)
            return (ints.astype(object) if missing.any() else ints), missing
        return values.astype(object), missing
    if pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object:
        text = raw.str.strip()
        blank = (text == "").to_numpy(dtype=bool, na_value=False)
        return text.array, missing | blank  # the string array itself: no Python object per id
    values = np.array([_clean_id(v) for v in raw.to_numpy(dtype=object)], dtype=object)
    return values, pd.isna(values)


def _clean_id(value):
    if isinstance(value, str):
        value = value.strip()
        return value if value else np.nan
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    return value


def _all_distinct(ids, index: pd.Index) -> bool:
    """True when no id repeats. Text ids that are all integers written canonically (no leading
    zero or sign), the common respondent numbers, are compared as integers: the same answer
    without hashing every string."""
    if type(ids).__name__ == "ArrowStringArray" and len(ids):
        import pyarrow as pa
        import pyarrow.compute as pc

        values = pa.array(ids)
        if values.null_count == 0:
            try:
                numbers = pc.cast(values, pa.int64()).to_numpy()
            except pa.ArrowException:  # not all whole numbers (or too large for int64)
                numbers = None
            # canonical (no sign, no leading zero, no "-0"): as many characters as the number's own
            if numbers is not None and np.array_equal(pc.utf8_length(values).to_numpy(), _digits(numbers)):
                # respondents numbered in order need no hashing
                return bool((np.diff(numbers) > 0).all()) or pd.Index(numbers).is_unique
    return index.is_unique


def _digits(numbers: np.ndarray) -> np.ndarray:
    """Characters of each whole number written canonically (a minus sign counted)."""
    powers = 10 ** np.arange(1, 19, dtype=np.int64)
    return 1 + np.searchsorted(powers, np.abs(numbers), side="right") + (numbers < 0)


def _first_positions(ids: np.ndarray, missing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code of each id, position of each code's first row); missing ids get their own codes."""
    codes, uniques = pd.factorize(pd.Index(ids), use_na_sentinel=False)
    first = np.full(len(uniques), -1, dtype=np.int64)
    order = np.arange(len(codes))[::-1]
    first[codes[::-1]] = order  # later positions overwritten by earlier ones
    return codes, first


def _segment_values(raw: pd.Series, column: str) -> tuple[np.ndarray, list]:
    """A segment column's values and the log of merged raw values. Text is stripped (blank =
    missing); a column of several types is grouped by displayed text (1, "1", 1.0 → "1")."""
    if pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object:
        text = raw.str.strip()
        return text.where(text != "").array, []
    if raw.dtype != object:
        return raw.array, []
    values = raw.to_numpy(dtype=object)
    uniques = _distinct(values[~pd.isna(values)])[1]  # 1, 1.0 and True apart, as written
    kinds = {type(v).__name__ if not isinstance(v, str) else "str" for v in uniques}
    if kinds <= {"str"}:
        cleaned = {v: (v.strip() or np.nan) for v in uniques}
        return np.array([cleaned.get(v, np.nan) if not _isna(v) else np.nan for v in values], dtype=object) \
            if any(k != v for k, v in cleaned.items()) else values, []
    shown = {}
    for v in uniques:
        text = _displayed(v)
        shown.setdefault(text, []).append(v)
    out = np.array([np.nan if _isna(v) else _displayed(v) for v in values], dtype=object)
    out[np.array([isinstance(v, str) and not v.strip() for v in out], dtype=bool)] = np.nan
    merged = [log_part(column=column, value=text, check="segment_merged", action="recoded",
                       reason=f"segment values {', '.join(repr(v) for v in raws)} are shown as {text!r}: "
                              "one group")
              for text, raws in shown.items() if len(raws) > 1]
    return out, merged


def _displayed(value) -> str:
    """A segment value as a table shows it: 1.0 as "1", text stripped."""
    value = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.strip() if isinstance(value, str) else str(value)


def _isna(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# -- answers -----------------------------------------------------------------------------------
#: The problem of a dimension weight outside its range (the loader's and the engines' words).
DIMENSION_WEIGHT_OUTSIDE = "dimension weight outside 0-100 points"


def _missing_codes(missing_values) -> tuple[np.ndarray, set[str]]:
    if isinstance(missing_values, (str, int, float)):
        missing_values = [missing_values]
    num, text = set(), set()
    for code in missing_values:
        text.add(normalise_label(code))
        try:
            num.add(float(code))
        except (TypeError, ValueError):
            pass
    return np.array(sorted(num), dtype=float), text


class _Column:
    """The cells of one column that are not plain numbers: their positions, the distinct raw
    values and what each distinct value is (_NUMBER, _BLANK, _CODE, _LABEL, _CONVERTED,
    _INVALID), its number and its problem."""

    __slots__ = ("positions", "codes", "uniques", "status", "number", "check", "problem", "norm")

    def __init__(self, positions, codes, uniques, str_codes):
        self.positions, self.codes, self.uniques = positions, codes, uniques
        m = len(uniques)
        self.status = np.empty(m, dtype=np.int8)
        self.number = np.full(m, np.nan)
        self.check = np.full(m, None, dtype=object)
        self.problem = np.full(m, None, dtype=object)
        self.norm = [None] * m
        for u, value in enumerate(uniques):
            status, number, check, problem = _read_value(value)
            if isinstance(value, str) and status in (_INVALID, _BLANK):
                norm = normalise_label(value)
                if norm in str_codes:
                    status, check, problem = _CODE, None, None
                elif status == _INVALID and check is None:  # text: an answer label, perhaps
                    self.norm[u] = norm
            self.status[u], self.number[u], self.check[u], self.problem[u] = status, number, check, problem

    def texts(self) -> set[str]:
        return {t for t in self.norm if t is not None}

    def apply_labels(self, values, label_map, check, problem):
        """Map label texts to numbers (in ``values``); the others are invalid with ``check``."""
        for u, norm in enumerate(self.norm):
            if norm is None:
                continue
            if norm in label_map:
                self.status[u], self.number[u] = _LABEL, label_map[norm]
            else:
                self.check[u], self.problem[u] = check, problem
        values[self.positions] = self.number[self.codes]


def _whole_block(frame: pd.DataFrame, cols: list[str], scale, num_codes, user_missing) -> np.ndarray | None:
    """The answers of ``cols`` as int8 (respondents × columns, column-major) when every column
    holds whole numbers (an integer type) on a scale of whole-number bounds within
    ±SMALL_ANSWERS, none a missing-value code: answers with nothing to check, log or set aside.
    None otherwise."""
    low, high = scale
    if not -SMALL_ANSWERS <= low <= high <= SMALL_ANSWERS or any(c in user_missing for c in cols):
        return None
    if not (float(low).is_integer() and float(high).is_integer()):
        return None  # a reverse-keyed item's low + high − x would not be a whole number
    dtypes = dict(zip(frame.columns, frame.dtypes.tolist()))
    if not all(isinstance(dtypes[c], np.dtype) and dtypes[c].kind in "iu" for c in cols):
        return None
    block = np.empty((len(frame), len(cols)), dtype=np.int8, order="F")
    for j, col in enumerate(cols):
        column = _column_array(frame, frame.columns.get_loc(col))
        if len(column) and not (low <= column.min() and column.max() <= high):
            return None
        if len(num_codes) and np.isin(column, num_codes).any():
            return None
        block[:, j] = column
    return block


def _read_block(frame: pd.DataFrame, cols: list[str], str_codes, consume=None) -> tuple[np.ndarray, list]:
    """Answers of ``cols`` as one float64 block (respondents × columns, column-major as pandas
    keeps it) and the cells of each column that are not plain numbers (None where all are).
    ``consume`` = (low, high, missing codes, columns used elsewhere): drop each numeric column
    whose every value is an answer on the scale from ``frame`` once it is copied."""
    block = np.empty((len(frame), len(cols)), order="F")
    reads = []
    dtypes = dict(zip(frame.columns, frame.dtypes.tolist()))
    for j, col in enumerate(cols):
        dtype = dtypes[col]
        if isinstance(dtype, np.dtype) and dtype.kind in "iuf":  # numbers: copied straight in
            block[:, j] = _column_array(frame, frame.columns.get_loc(col))
            reads.append(None)
            if consume is not None and col not in consume[3] and len(frame):
                low, high, codes, _ = consume
                values = block[:, j]
                if low <= values.min() and values.max() <= high and not (len(codes) and np.isin(values, codes).any()):
                    del frame[col]  # nothing to report from it: a large file is not held twice
        else:
            values, parsed = _read_column(frame[col], str_codes, None)
            block[:, j] = values
            reads.append(parsed)
    return block, reads


def _column_array(frame: pd.DataFrame, position: int) -> np.ndarray:
    """The values of a numpy-typed column without building a Series (40 times faster on small
    tables; pandas' own accessor where it has one)."""
    get = getattr(frame, "_get_column_array", None)
    return np.asarray(get(position)) if get is not None else frame.iloc[:, position].to_numpy()


def _is_plain_numeric(dtype) -> bool:
    if isinstance(dtype, np.dtype):
        return dtype.kind in "iuf"
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype) and dtype.kind != "c"


def _read_column(series: pd.Series, str_codes, label_map) -> tuple[np.ndarray, _Column | None]:
    """(numbers, the cells that are not plain numbers) of one column; numeric columns take a
    vectorised path, text only its non-number cells (each distinct value read once)."""
    dtype = series.dtype
    if _is_plain_numeric(dtype):
        return series.to_numpy(dtype=float, na_value=np.nan), None  # callers copy before writing
    n = len(series)
    plain = None
    if type(series.array).__name__ == "ArrowStringArray":  # text read from a file, pyarrow-backed
        import pyarrow as pa
        import pyarrow.compute as pc

        try:  # six times faster than pandas' astype on arrow strings; refuses any non-number
            plain = pc.cast(pa.array(series.array), pa.float64()).to_numpy(zero_copy_only=False)
        except pa.ArrowException:  # not a plain number somewhere in the column
            pass
    if plain is None:
        plain = np.full(n, np.nan)
    notna = series.notna().to_numpy()
    rest = np.flatnonzero(notna & ~np.isfinite(plain))  # text "inf"/"nan" too: read by the rules
    if not len(rest):
        return plain, None
    if not plain.flags.writeable:
        plain = plain.copy()
    cells = (series.iloc[rest] if len(rest) < n else series).to_numpy(dtype=object)
    codes, uniques = _distinct(cells)
    parsed = _Column(rest, codes, uniques, str_codes)
    plain[rest] = parsed.number[codes]
    if label_map is not None:
        parsed.apply_labels(plain, label_map, "not_a_number", "not a number")
    return plain, parsed


def _distinct(cells: np.ndarray) -> tuple[np.ndarray, list]:
    """(code of each cell, distinct values); 1, 1.0 and True stay apart (they are read apart)."""
    if pd.api.types.infer_dtype(cells, skipna=False) == "string":
        codes, uniques = pd.factorize(cells)
        return codes, list(uniques)
    seen: dict = {}
    codes = np.empty(len(cells), dtype=np.intp)
    for k, value in enumerate(cells):
        try:
            key = (type(value), value)
            hash(key)
        except TypeError:  # an unhashable object (a list): each one apart
            key = (type(value), id(value))
        codes[k] = seen.setdefault(key, len(seen))
    uniques = [None] * len(seen)
    for (kind, value), code in seen.items():
        uniques[code] = value
    return codes, uniques


def _read_value(value):
    """(status, number, check, problem) of one raw cell that is not a plain float."""
    if isinstance(value, (bool, np.bool_)):
        return _INVALID, np.nan, "not_a_number", "True/False is not an answer"
    if isinstance(value, (numbers.Integral, np.integer)):
        return _NUMBER, float(value), None, None
    if isinstance(value, (float, np.floating, decimal.Decimal, numbers.Rational)):
        number = float(value)
        return (_BLANK, np.nan, None, None) if np.isnan(number) else (_NUMBER, number, None, None)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return _BLANK, np.nan, None, None
        number = _text_number(text)
        if number is not None:
            return _NUMBER, number, None, None
        converted = _ascii_digits(text)
        if converted != text:
            number = _text_number(converted)
            if number is not None:
                return _CONVERTED, number, "converted_value", f"written with non-ASCII characters; read as {number:g}"
        if _THOUSANDS.fullmatch(converted):
            return _INVALID, np.nan, "not_a_number", "a thousands separator: not an answer on a scale"
        return _INVALID, np.nan, None, None  # text: an answer label or not a number
    kind = ("a complex number" if isinstance(value, (complex, np.complexfloating)) else
            "bytes" if isinstance(value, (bytes, bytearray)) else f"a {type(value).__name__}")
    return _INVALID, np.nan, "not_a_number", f"not a number ({kind})"


def _text_number(text: str) -> float | None:
    """A number written in ASCII digits (decimal point, or decimal comma as digits,digits)."""
    if _PLAIN.fullmatch(text):
        return float(text)
    if _DECIMAL_COMMA.fullmatch(text) and not _THOUSANDS.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def _ascii_digits(text: str) -> str:
    """NFKC-normalised text with every Unicode decimal digit replaced by its ASCII digit."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(c if c.isascii() or unicodedata.decimal(c, None) is None else str(unicodedata.decimal(c))
                   for c in text)


class _Raw:
    """A column's raw cells, fetched from the table only when a cell is reported."""

    __slots__ = ("frame", "column", "_values")

    def __init__(self, frame, column):
        self.frame, self.column, self._values = frame, column, None

    def to_numpy(self, dtype=object):
        if self._values is None:
            self._values = self.frame[self.column].to_numpy(dtype=object)
        return self._values


def _collect(values, parsed, frame, column, scale, ids, rows, cell_cases, log_parts, recoded_parts, set_name,
             num_codes, what=None, user_codes=None):
    """Check one parsed column against ``scale``: invalid and out-of-scale cells become NaN in
    ``values`` and failure cases; missing codes, conversions and labels go to the log. Returns
    True when the column holds an answer in every row (nothing missing, nothing set missing)."""
    low, high = scale
    raw = _Raw(frame, column)
    flagged = []
    if len(values) and low <= values.min() and values.max() <= high and np.isfinite([low, high]).all():
        outside = None  # the common case, in two passes: every value inside (and none missing)
    else:
        with np.errstate(invalid="ignore"):
            outside = (values < low) | (values > high) | np.isinf(values)
    if outside is not None and outside.any():
        at = np.flatnonzero(outside)
        flagged.append((at, "out_of_scale", what or (f"outside the scale {low:g}-{high:g}"
                                                     if np.isfinite([low, high]).all() else "not a finite number")))
    codes = None
    if parsed is not None:
        status = parsed.status[parsed.codes]
        pos = parsed.positions
        bad = status == _INVALID
        if bad.any():
            at = pos[bad]
            flagged.append((at, parsed.check[parsed.codes[bad]], parsed.problem[parsed.codes[bad]]))
        is_code = status == _CODE
        if is_code.any():
            codes = pos[is_code]
        conv = status == _CONVERTED
        if conv.any():
            at = pos[conv]
            log_parts.append(log_part(row=rows[at], respondent=ids[at], column=column,
                                      value=raw.to_numpy(dtype=object)[at], check="converted_value",
                                      action="recoded", reason=parsed.problem[parsed.codes[conv]]))
        n_labels = int((status == _LABEL).sum())
        if n_labels:
            recoded_parts.append(log_part(column=column, value=f"{n_labels} text answers", check="label_recoded",
                                          action="recoded",
                                          reason=f"answer labels mapped to numbers ({set_name})"))
    if len(num_codes):
        hit = np.isin(values, num_codes)
        if hit.any():
            codes = np.flatnonzero(hit) if codes is None else np.union1d(codes, np.flatnonzero(hit))
    if codes is not None and len(codes):
        values[codes] = np.nan
        raw_codes = raw.to_numpy(dtype=object)[codes]
        log_parts.append(log_part(row=rows[codes], respondent=ids[codes], column=column, value=raw_codes,
                                  check="missing_code", action="set_missing",
                                  reason=[f"missing-value code {v!r}" for v in raw_codes]))
    if user_codes:  # SPSS user-missing codes: single values and (low, high) ranges of the file
        hit = np.zeros(len(values), dtype=bool)
        with np.errstate(invalid="ignore"):
            for code in user_codes:
                if isinstance(code, tuple):
                    hit |= (values >= float(code[0])) & (values <= float(code[1]))
                elif isinstance(code, (int, float, np.number)) and not isinstance(code, bool):
                    hit |= values == float(code)
        if hit.any():
            at = np.flatnonzero(hit)
            values[at] = np.nan
            raw_codes = raw.to_numpy(dtype=object)[at]
            shown = ", ".join(f"{c[0]:g}-{c[1]:g}" if isinstance(c, tuple) else f"{c!r}" for c in user_codes)
            log_parts.append(log_part(row=rows[at], respondent=ids[at], column=column, value=raw_codes,
                                      check="user_missing", action="set_missing",
                                      reason=f"SPSS user-missing code of the file ({shown})"))
            codes = at if codes is None else np.union1d(codes, at)
    for at, check, problem in flagged:
        if codes is not None:
            keep = ~np.isin(at, codes)
            at = at[keep]
            check = check if isinstance(check, str) else check[keep]
            problem = problem if isinstance(problem, str) else problem[keep]
        if len(at):
            values[at] = np.nan
            cell_cases.append(_cases(rows[at], ids[at], column, raw.to_numpy(dtype=object)[at], check, problem))
    return outside is None and (codes is None or not len(codes))


def _check_outcome_scale(scale) -> tuple[float, float]:
    if scale is None:
        return -np.inf, np.inf
    try:
        low, high = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise ValueError(f"`outcome_scale` must be None or a (low, high) pair of numbers, got {scale!r}.") from None
    if not low < high:
        raise ValueError(f"`outcome_scale` must have low < high, got {scale!r}.")
    return low, high


def _column_use_problems(columns: list[str], mappings: dict[str, dict[str, str]],
                         weight_cols: dict[str, str], outcomes: list[str]) -> list[dict]:
    """A column name that appears twice in the table, or one column read as two answers."""
    problems = []
    counts = Counter(columns)
    uses: dict[str, list[str]] = {}
    for kind, mapping in [*mappings.items(), ("dimension weight", weight_cols),
                          ("outcome", {c: c for c in outcomes})]:
        for key, col in mapping.items():
            uses.setdefault(col, []).append(f"{kind} of {key!r}")
    for col, what in uses.items():
        if counts.get(col, 0) > 1:
            problems.append(_case(np.nan, np.nan, col, np.nan, "duplicate_column",
                                  f"{counts[col]} columns have this name; column names must be unique"))
        if len(what) > 1:
            problems.append(_case(np.nan, np.nan, col, np.nan, "column_used_twice",
                                  f"one column mapped to several answers: {', '.join(what)}"))
    return problems


def _pairing_problems(mappings: dict[str, dict[str, str]]) -> list[dict]:
    """An item with an expectation column but no perception column (or the reverse)."""
    problems = []
    pairs = [("expectation", "perception"), ("adequate", "perception"), ("desired", "perception")]
    for a, b in pairs:
        if a in mappings and b in mappings:
            for item in sorted(set(mappings[a]) ^ set(mappings[b])):
                has, lacks = (a, b) if item in mappings[a] else (b, a)
                problems.append(_case(np.nan, np.nan, mappings[has][item], np.nan, "unpaired_column",
                                      f"item {item!r} has {_article(has)} {has} column but no {lacks} column"))
    return problems


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _apply_weight_rule(weights: np.ndarray, ids, keep, rows, columns) -> tuple[np.ndarray, pd.DataFrame]:
    """Missing points next to given ones count 0; sums other than 100 are rescaled to 100; no
    points, or points summing to 0, leave the respondent (kept) without a weighted score."""
    given = ~np.isnan(weights).all(axis=1)
    filled = np.nan_to_num(weights, nan=0.0)
    total = filled.sum(axis=1)
    where = ", ".join(columns)
    parts = []
    none = np.flatnonzero(keep & (~given | (total <= 0)))
    if len(none):
        parts.append(log_part(
            row=rows[none], respondent=ids[none], column=where,
            value=np.where(given[none], total[none], np.nan).astype(object), check="no_weighted_score",
            action="no_weighted_score",
            reason=[f"dimension weights sum to {t:g}: no weighted score" if g else
                    "no dimension weights given: no weighted score" for t, g in zip(total[none], given[none])]))
    off = np.flatnonzero(keep & given & (total > 0) & (np.abs(total - 100) > _WEIGHT_TOLERANCE))
    if len(off):
        parts.append(log_part(row=rows[off], respondent=ids[off], column=where, value=total[off].astype(object),
                              check="weights_rescaled", action="rescaled",
                              reason=[f"dimension weights sum to {t:g}, not 100: rescaled to 100"
                                      for t in total[off]]))
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = filled * np.where(total > 0, 100.0 / total, np.nan)[:, None]
    scaled[~given] = np.nan
    return scaled, concat_log(parts)
