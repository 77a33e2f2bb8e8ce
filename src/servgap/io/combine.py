"""Surveys from two questionnaires joined by respondent id, and from long data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import instruments as _instruments
from ..errors import ServgapError, SurveyValidationError
from ..survey import Survey, log_part
from .._checks import check_choice
from .loader import _clean_id, _with_checks, build_survey, ON_INVALID, MISSING
from .mapping import _norm_item, resolve_columns

__all__ = ["from_frames", "from_long"]

_KIND_ALIASES = {
    "expectation": ("e", "exp", "expectation", "expectations", "expected", "harapan", "h"),
    "perception": ("p", "perc", "perception", "perceptions", "perceived", "persepsi", "kinerja",
                   "kenyataan", "performance"),
    "adequate": ("a", "min", "minimum", "adequate"),
    "desired": ("d", "des", "desired"),
    "importance": ("i", "imp", "importance", "kepentingan"),
}


def _problem(row, respondent, column, value, check, problem):
    return {"row": row, "respondent": respondent, "column": column, "value": value, "check": check,
            "problem": problem}


def from_frames(expectation: pd.DataFrame, perception: pd.DataFrame, instrument, *, on: str,
                columns="{item}", segments=(), weight=None, outcomes=(), **options) -> Survey:
    """Join an expectation questionnaire and a perception questionnaire by respondent id.

    Parameters
    ----------
    expectation, perception : DataFrame
        One row per respondent each, holding the id column ``on`` and one column per item.
    instrument : Instrument or str
    on : str
        The respondent id column present in both tables.
    columns : str or dict, default "{item}"
        Item columns in both tables (template, regex or dict, as in :func:`read_survey`); a
        pair ``(expectation_spec, perception_spec)`` when the two tables name them differently.
    segments, weight, outcomes : optional
        Columns taken from the perception table, or from the expectation table when only it
        has them.
    **options
        Other :func:`read_survey` options (``likert``, ``missing_values``, ``on_invalid``,
        ``missing``, ``min_items``, ``outcome_scale``).

    Returns
    -------
    Survey
        Respondents found in both tables; those in only one are in ``.exclusions``
        (``unmatched_id``). In the exclusion log an answer's ``column`` names its table
        (``"q1 (expectation)"``) and ``row`` counts the rows of that table; an entry about a
        respondent (no answers, weights, listwise) has the row of the perception table, an id
        found in one table only the row of that table. Failure cases name the user's column
        and say the table in ``problem``.

    Examples
    --------
    >>> import pandas as pd
    >>> from servgap.io import from_frames
    >>> e = pd.DataFrame({"id": ["a", "b"], "q1": [5, 4]})
    >>> p = pd.DataFrame({"id": ["b", "a"], "q1": [3, 4]})
    >>> from_frames(e, p, {"name": "one", "dimensions": {"A": ["q1"]}, "scale": [1, 5]},
    ...             on="id").gaps["q1"].to_dict()
    {'a': -1.0, 'b': -1.0}
    """
    instrument = _resolve_instrument(instrument)
    e_spec, p_spec = columns if isinstance(columns, tuple) else (columns, columns)
    problems, parts = [], {}
    for kind, table, spec in (("expectation", expectation, e_spec), ("perception", perception, p_spec)):
        table = table.reset_index(drop=True)
        table.columns = [str(c) for c in table.columns]
        if on not in table.columns:
            problems.append(_problem(np.nan, np.nan, on, np.nan, "column_not_found",
                                     f"id column not found in the {kind} table"))
            continue
        found, col_problems = resolve_columns(spec, instrument.items, table.columns, what=kind)
        problems += col_problems
        ids = table[on].map(_clean_id)
        for pos in np.flatnonzero(ids.isna().to_numpy()):
            problems.append(_problem(pos + 1, np.nan, on, table[on].iloc[pos], "missing_id",
                                     f"respondent id missing in the {kind} table"))
        for pos in np.flatnonzero(ids.duplicated().to_numpy() & ids.notna().to_numpy()):
            problems.append(_problem(pos + 1, ids.iloc[pos], on, ids.iloc[pos], "duplicate_id",
                                     f"respondent id repeated in the {kind} table"))
        parts[kind] = (table.assign(**{on: ids}), found)
    if problems:
        raise SurveyValidationError(_with_checks(problems))
    (e_table, e_map), (p_table, p_map) = parts["expectation"], parts["perception"]
    e_ids, p_ids = pd.Index(e_table[on]), pd.Index(p_table[on])
    records = []
    for ids, other, kind in ((e_ids, p_ids, "perception"), (p_ids, e_ids, "expectation")):
        alone = np.flatnonzero(~ids.isin(other))
        if len(alone):
            records.append(log_part(row=alone + 1.0, respondent=ids[alone].to_numpy(dtype=object), column=on,
                                    value=ids[alone].to_numpy(dtype=object), check="unmatched_id",
                                    action="excluded_respondent", reason=f"no {kind} questionnaire with this id"))
    matched = e_ids[e_ids.isin(p_ids)]
    if len(matched) == 0:
        raise ServgapError(f"No respondent id in {on!r} is in both tables; expected the same ids in the "
                           f"expectation table (e.g. {list(e_ids[:3])}) and the perception table "
                           f"(e.g. {list(p_ids[:3])}).")
    combined = pd.DataFrame({on: matched})
    e_rows = e_table.set_index(on).loc[matched]
    p_rows = p_table.set_index(on).loc[matched]
    input_rows = {kind: ids.get_indexer(matched) + 1.0 for kind, ids in (("expectation", e_ids), ("perception", p_ids))}
    origins = {}  # column of the joined table → (input column, input rows, note)
    specs = {"expectation": {}, "perception": {}}
    for kind, rows, mapping in (("expectation", e_rows, e_map), ("perception", p_rows, p_map)):
        for item in instrument.items:
            name = f"{mapping[item]} ({kind})"
            combined[name] = rows[mapping[item]].to_numpy()
            specs[kind][item] = name
            origins[name] = (mapping[item], input_rows[kind], f"{kind} table")
    outcomes = [outcomes] if isinstance(outcomes, str) else list(outcomes)
    extra = [*([segments] if isinstance(segments, str) else segments), *([weight] if weight else []), *outcomes]
    for col in extra:
        kind, source = ("perception", p_rows) if col in p_rows.columns else ("expectation", e_rows)
        if col in source.columns:
            combined[col] = source[col].to_numpy()
            origins[col] = (col, input_rows[kind], f"{kind} table")
    return _build(combined, instrument, specs, id=on, segments=segments, weight=weight, outcomes=outcomes,
                  records=records, origins=origins, rows=input_rows["perception"], **options)


def from_long(data: pd.DataFrame, instrument, *, respondent: str, item: str, kind: str | None = None,
              value: str | None = None, values: dict | None = None, kinds: dict | None = None,
              segments=(), weight=None, outcomes=(), **options) -> Survey:
    """Build a Survey from long data.

    Two shapes are read: one row per respondent, item and answer kind (``kind=`` and
    ``value=`` columns), or one row per respondent and item with a column per kind
    (``values={"expectation": "E", "perception": "P"}``).

    Parameters
    ----------
    data : DataFrame
    instrument : Instrument or str
    respondent, item : str
        Respondent id and item id columns. Item ids match the instrument's ("07" = "7").
    kind, value : str, optional
        The answer-kind column and the answer column. Kind labels such as "E", "expectation",
        "harapan", "P", "perception", "persepsi", "kinerja" are recognised; ``kinds`` maps
        others (label → component).
    values : dict, optional
        Component → answer column, for one row per respondent and item.
    segments, weight, outcomes : optional
        Columns constant within a respondent.
    **options
        Other :func:`read_survey` options.

    Returns
    -------
    Survey
        In the exclusion log an answer's ``row`` is the row of its long record (1-based,
        header not counted) and its ``column`` names value column and item (``"E[1]"``); an
        entry about a respondent has the respondent's first row.

    Raises
    ------
    SurveyValidationError
        Items not in the instrument, unknown kinds, an answer given twice, segment values that
        differ between rows of one respondent.

    Examples
    --------
    >>> import pandas as pd
    >>> from servgap.io import from_long
    >>> long = pd.DataFrame({"r": [1, 1], "q": ["q1", "q1"], "kind": ["harapan", "persepsi"],
    ...                      "answer": [5, 3]})
    >>> from_long(long, {"name": "one", "dimensions": {"A": ["q1"]}, "scale": [1, 5]},
    ...           respondent="r", item="q", kind="kind", value="answer").gaps.iloc[0, 0]
    np.float64(-2.0)
    """
    instrument = _resolve_instrument(instrument)
    data = data.reset_index(drop=True)
    segments = [segments] if isinstance(segments, str) else list(segments)
    outcomes = [outcomes] if isinstance(outcomes, str) else list(outcomes)
    extra = [*segments, *([weight] if weight else []), *outcomes]
    needed = [respondent, item, *extra]
    if values is not None:
        if not isinstance(values, dict) or not values:
            raise ValueError(f"`values` must be a dict component → answer column with at least one entry, "
                             f"e.g. {{'expectation': 'E', 'perception': 'P'}}; got {values!r}.")
        for component in values:
            _check_component("`values` keys", component)
        needed += list(values.values())
    elif kind is not None and value is not None:
        needed += [kind, value]
    else:
        raise ValueError("from_long needs `kind=` and `value=` columns, or `values={component: column}`.")
    problems = [_problem(np.nan, np.nan, c, np.nan, "column_not_found", "column not found")
                for c in needed if c not in data.columns]
    if problems:
        raise SurveyValidationError(_with_checks(problems))
    by_norm = {_norm_item(i): i for i in instrument.items}
    item_ids = data[item].map(lambda v: by_norm.get(_norm_item(_plain(v))))
    for pos in np.flatnonzero(item_ids.isna().to_numpy()):
        problems.append(_problem(pos + 1, data[respondent].iloc[pos], item, data[item].iloc[pos],
                                 "unknown_item", "item not in the instrument"))
    if values is not None:
        stacked = [pd.DataFrame({"r": data[respondent], "i": item_ids, "k": comp, "v": data[col], "pos": data.index})
                   for comp, col in values.items()]
        long = pd.concat(stacked, ignore_index=True)
    else:
        aliases = {a: comp for comp, names in _KIND_ALIASES.items() for a in names}
        for component in (kinds or {}).values():
            _check_component("`kinds` values", component)
        aliases.update({str(k).strip().casefold(): v for k, v in (kinds or {}).items()})
        comp = data[kind].map(lambda v: aliases.get(str(v).strip().casefold()))
        for pos in np.flatnonzero(comp.isna().to_numpy()):
            problems.append(_problem(pos + 1, data[respondent].iloc[pos], kind, data[kind].iloc[pos],
                                     "unknown_kind", f"unknown answer kind (expected one of {sorted(aliases)})"))
        long = pd.DataFrame({"r": data[respondent], "i": item_ids, "k": comp, "v": data[value], "pos": data.index})
    for pos in np.flatnonzero(data[respondent].map(_clean_id).isna().to_numpy()):
        problems.append(_problem(pos + 1, np.nan, respondent, data[respondent].iloc[pos], "missing_id",
                                 "respondent id missing"))
    long = long.dropna(subset=["i", "k"])
    dup = long.duplicated(subset=["r", "i", "k"], keep="first")
    for rec in long[dup].itertuples():
        problems.append(_problem(rec.pos + 1, rec.r, value or values[rec.k], rec.v, "duplicate_answer",
                                 f"second {rec.k} answer to item {rec.i!r} for this respondent"))
    per_respondent = data.groupby(respondent, sort=False)
    for col in extra:
        varying = per_respondent[col].nunique(dropna=False)
        for resp in varying[varying > 1].index:
            problems.append(_problem(np.nan, resp, col, np.nan, "inconsistent_value",
                                     "value differs between rows of one respondent"))
    if problems:
        raise SurveyValidationError(_with_checks(problems))
    # readable names for the wide table's columns; they show in the exclusion log
    source = {comp: (values.get(comp) if values is not None else value) for comp in _KIND_ALIASES}
    name = (lambda comp, i: f"{source[comp]}[{i}]") if values is not None else \
        (lambda comp, i: f"{value}[{comp}, {i}]")
    long["col"] = [name(comp, i) for comp, i in zip(long["k"], long["i"])]
    order = pd.Index(data[respondent].drop_duplicates())
    origins = {col: (source[comp], pd.Series(part["pos"].to_numpy() + 1.0, index=part["r"].to_numpy())
                     .reindex(order).to_numpy(dtype=float), None)
               for (col, comp), part in long.groupby(["col", "k"], sort=False)}
    first_rows = np.flatnonzero(~data[respondent].duplicated().to_numpy()) + 1.0
    wide = long.pivot(index="r", columns="col", values="v")
    wide = wide.reindex(order)
    if extra:
        firsts = per_respondent[extra].first().reindex(order)
        wide = wide.join(firsts)
    wide.index.name = respondent
    wide = wide.reset_index()
    present = sorted(set(long["k"]), key=list(_KIND_ALIASES).index)
    specs = {comp: {i: name(comp, i) for i in instrument.items} for comp in present}
    for comp, mapping in specs.items():  # an item nobody answered is a column of missing answers
        for col in mapping.values():
            if col not in wide.columns:
                wide[col] = np.nan
    return _build(wide, instrument, specs, id=respondent, segments=segments, weight=weight, outcomes=outcomes,
                  origins=origins, rows=first_rows, **options)


def _check_component(what: str, value) -> None:
    """Raise ValueError for a dict key or value that is not a component, in check_choice's
    words (``what`` is e.g. "`values` keys")."""
    if value not in _KIND_ALIASES:
        raise ValueError(f"{what} must be one of {list(_KIND_ALIASES)}, got {value!r}.")


def _plain(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _resolve_instrument(instrument):
    from ..instrument import Instrument

    if isinstance(instrument, dict):
        return Instrument.from_dict(instrument)
    return _instruments.get(instrument)


def _build(frame, instrument, specs, *, id, segments, weight, origins, rows, outcomes=(), records=None,
           likert=None, missing_values=(), on_invalid="raise", missing="available", min_items=1,
           dimension_weights=None, outcome_scale=None) -> Survey:
    """build_survey on the joined/widened table; log entries and failures point back at the
    user's input rows.

    ``origins`` maps a column of ``frame`` to (input column, input row of each of its cells,
    note for the problem text); ``rows`` is each respondent's input row.
    """
    check_choice("on_invalid", on_invalid, ON_INVALID)
    check_choice("missing", missing, MISSING)
    return build_survey(frame, instrument, specs, id=id, segments=segments, weight=weight,
                        dimension_weights=dimension_weights, likert=likert,
                        missing_values=missing_values, on_invalid=on_invalid, missing=missing,
                        min_items=min_items, metadata={}, records=records, outcomes=outcomes,
                        outcome_scale=outcome_scale, rows=rows, origins=origins)
