"""ScannedSurvey: a survey that stays where the data lives, validated and aggregated by the engine."""

from __future__ import annotations

import itertools
from functools import cached_property

import numpy as np
import pandas as pd

from ..errors import ServgapError, SurveyValidationError
from ..i18n import label
from ..instrument import COMPONENTS, Instrument
from ..io.likert import normalise_label, resolve_likert
from ..io.loader import DIMENSION_WEIGHT_OUTSIDE, _BLANK, _CODE, _CONVERTED, _INVALID, _missing_codes, _read_value
from ..io.mapping import resolve_columns
from . import _sql
from .stats import EngineStats

__all__ = ["ScannedSurvey", "EngineExclusions"]

#: Check codes the engine finds per answer cell, and those that make an answer invalid.
CELL_CHECKS = ("missing_code", "not_a_number", "unknown_label", "out_of_scale", "converted_value")
INVALID = ("not_a_number", "unknown_label", "out_of_scale")
ROW_CHECKS = ("missing_id", "duplicate_id", "invalid_weight", "no_answers", "listwise")
_ACTION = {"missing_code": "set_missing", "not_a_number": "set_missing", "unknown_label": "set_missing",
           "out_of_scale": "set_missing", "converted_value": "recoded", "missing_id": "excluded_respondent",
           "duplicate_id": "excluded_respondent", "invalid_weight": "excluded_respondent",
           "no_answers": "excluded_respondent", "listwise": "excluded_respondent",
           "incomplete_pair": "not_used", "reverse_keyed": "recoded"}
_SHOWN = 100  # failure cases fetched for a SurveyValidationError
_MAX_DISTINCT = 10_000  # distinct non-numeric texts per column beyond which the column is refused
_counter = itertools.count()


class _Column:
    """How one source column becomes numbers: SQL for its value and its text status."""

    def __init__(self, name: str, sql_name: str, kind: str):
        self.name, self.sql, self.kind = name, sql_name, kind  # kind: number, text, bool
        self.texts: dict = {}  # raw text → (number or None, status or None)
        self.integer = False  # a column of whole numbers by its type


class ScannedSurvey:
    """A survey on an engine (DuckDB or Spark): what :func:`servgap.scan` returns.

    The analyses accept it wherever they accept a :class:`~servgap.Survey`: they read its
    statistics from :attr:`stats`, which computes them as SQL aggregates on the engine. Nothing
    is read until an analysis asks; validation runs on the engine with the rules of
    :func:`servgap.read_survey`.

    Attributes
    ----------
    instrument : Instrument
    segments : DataFrame
        No rows: the segment columns and their dtypes.
    weight : str or None
        The survey-weight column.
    dimension_weights : dict or None
        Dimension → its points column.
    outcomes : DataFrame or None
        No rows: the outcome columns (``outcomes=`` of :func:`servgap.scan`) as float64, in
        order; None without outcomes.
    min_items : int
    missing : str
    engine : str
        ``"duckdb"`` or ``"spark"``.

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> survey = servgap.scan(load_example(as_frame=True), "servqual22", segments=["branch"])
    >>> survey.n_respondents, survey.segment_names
    (400, ('branch',))
    """

    def __init__(self, engine, instrument: Instrument, specs: dict, *, id=None, segments=(), weight=None,
                 dimension_weights=None, likert=None, missing_values=(), on_invalid="raise",
                 missing="available", min_items=1, reopen=None, outcomes=(), outcome_scale=None):
        self._engine = engine
        self.instrument = instrument
        self.min_items = int(min_items)
        self.missing = missing
        self.on_invalid = on_invalid
        self.metadata = {"engine": engine.dialect.name, "source": engine.description}
        self._reopen = reopen  # (source, options) for to_survey
        self._tag = f"sg{next(_counter)}_{id_suffix()}"
        schema = engine.schema()  # [(name, kind)] kind in number/text/bool
        names = [n for n, _ in schema]
        kinds = dict(schema)
        from ..io.loader import (_case, _check_outcome_scale, _column_use_problems, _pairing_problems,
                                 _with_checks, resolve_mappings)

        outcomes = [outcomes] if isinstance(outcomes, str) else [str(c) for c in (outcomes or ())]
        self._outcome_scale = _check_outcome_scale(outcome_scale)

        mappings, problems = resolve_mappings(specs, instrument, names)

        problems += _pairing_problems(mappings)
        segments = [segments] if isinstance(segments, str) else [str(s) for s in segments]
        for what, cols in {"id": [id] if id is not None else [], "segment": segments,
                           "weight": [weight] if weight is not None else [], "outcome": outcomes}.items():
            problems += [_case(np.nan, np.nan, c, np.nan, "column_not_found", f"{what} column not found")
                         for c in cols if c not in kinds]
        weight_cols = {}
        if dimension_weights is not None:
            weight_cols, wp = resolve_columns(dimension_weights, instrument.dimension_names, names,
                                              what="dimension weight", placeholder="dimension")
            problems += wp
        problems += _column_use_problems(names, mappings, weight_cols, outcomes)
        if problems:
            raise SurveyValidationError(_with_checks(problems))
        self._mappings = mappings
        self._id, self._segments, self._weight = id, segments, weight
        self.weight = weight
        self.dimension_weights = dict(weight_cols) if weight_cols else None
        self._num_codes, self._str_codes = _missing_codes(missing_values)
        self._num_codes = self._num_codes[~np.isnan(self._num_codes)]  # "nan" is a text code here
        self._likert = likert
        d = engine.dialect
        self._cols = {}
        integers = set(engine.integer_columns())
        for kind, mapping in mappings.items():
            for j, item in enumerate(instrument.items):
                self._cols[(kind, j)] = _Column(mapping[item], d.ident(mapping[item]), kinds[mapping[item]])
                self._cols[(kind, j)].integer = mapping[item] in integers
        for j, col in enumerate(weight_cols.values()):
            self._cols[("dw", j)] = _Column(col, d.ident(col), kinds[col])
        if weight is not None:
            self._cols[("w", 0)] = _Column(weight, d.ident(weight), kinds[weight])
        for j, col in enumerate(outcomes):  # outcomes: numbers on their own scale, no labels
            self._cols[("o", j)] = _Column(col, d.ident(col), kinds[col])
            self._cols[("o", j)].integer = col in integers
        self._outcomes = outcomes
        self.outcomes = (pd.DataFrame({c: pd.Series([], dtype="float64") for c in outcomes},
                                      index=pd.Index([], name="respondent")) if outcomes else None)
        self.segments = pd.DataFrame({s: pd.Series([], dtype=_pandas_dtype(kinds[s])) for s in segments},
                                     index=pd.Index([], name="respondent"))
        self._segment_kinds = {s: "integer" if s in integers else kinds[s] for s in segments}
        self._id_kind = kinds.get(id)
        self._prepared = False

    # -- Survey attributes ---------------------------------------------------------------------
    @property
    def engine(self) -> str:
        """``"duckdb"`` or ``"spark"``."""
        return self._engine.dialect.name

    @property
    def items(self) -> tuple:
        """Item ids in instrument order."""
        return self.instrument.items

    @property
    def dimensions(self) -> tuple:
        """Dimension names in instrument order."""
        return self.instrument.dimension_names

    @property
    def components(self) -> tuple:
        """The kinds of answer mapped, e.g. ``('expectation', 'perception')``."""
        return tuple(c for c in COMPONENTS if c in self._mappings)

    @property
    def has_gaps(self) -> bool:
        """True when the survey holds expectation and perception answers."""
        return "expectation" in self._mappings and "perception" in self._mappings

    @property
    def segment_names(self) -> tuple:
        """Names of the segment columns."""
        return tuple(self._segments)

    @property
    def n_respondents(self) -> int:
        """Respondents kept after validation (one query, cached)."""
        return self.stats.n_rows

    @cached_property
    def stats(self) -> EngineStats:
        """The statistics source: :mod:`servgap.stats` as SQL aggregates on the engine."""
        self._prepare()
        position = {item: j for j, item in enumerate(self.items)}
        dim_items = [[position[i] for i in items] for items in self.instrument.dimensions.values()]
        scores = _sql.Scores(self.items, self.dimensions, dim_items, self.min_items, self.components,
                             self.dimension_weights is not None)
        segments = {s: f"s{j}" for j, s in enumerate(self._segments)}
        return EngineStats(self._engine, self._clean, segments, scores, self.weight is not None,
                           integer=self._integer_answers,
                           outcomes={c: f"a_o_{j}" for j, c in enumerate(self._outcomes)})

    @cached_property
    def exclusions(self) -> "EngineExclusions":
        """Counts of everything set aside or recoded, per check and column, and the affected
        rows on request (:meth:`EngineExclusions.rows`)."""
        self._prepare()
        return self._exclusions

    # -- row-level views of a Survey: not on an engine -----------------------------------------
    def scores(self, *args, **kwargs):
        """Respondent rows are not fetched from an engine: raises :class:`~servgap.ServgapError`
        naming the alternatives (``.sample(n)``, ``.to_survey()``)."""
        raise ServgapError(label("engine.no_rows", "en"))

    dimension_scores = overall_scores = subset = scores

    @property
    def answers(self):
        """Not on an engine (rows): raises :class:`~servgap.ServgapError`."""
        raise ServgapError(label("engine.no_rows", "en"))

    respondents = gaps = expectation = perception = answers

    # -- pulling data into memory --------------------------------------------------------------
    def to_survey(self):
        """The whole survey in memory: :func:`servgap.read_survey` on the source's rows (for data
        that fits in memory)."""
        from ..io.loader import read_survey

        source, options = self._reopen
        return read_survey(self._engine.frame(None, None), self.instrument, **options)

    def sample(self, n: int, seed: int = 0):
        """A random sample of ``n`` source rows, read into memory as a :class:`~servgap.Survey`
        (for bootstrap intervals, exact p-values and anything else that needs rows)."""
        from ..io.loader import read_survey

        if not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"`n` must be a positive whole number, got {n!r}.")
        _, options = self._reopen
        return read_survey(self._engine.frame(int(n), int(seed)), self.instrument, **options)

    def __repr__(self) -> str:
        return (f"<ScannedSurvey on {self.engine}: {self.instrument.name}, {len(self.items)} items, "
                f"components {list(self.components)}, segments {list(self._segments)}>")

    # -- validation on the engine --------------------------------------------------------------
    def _prepare(self) -> None:
        if self._prepared:
            return
        self._read_texts()
        parsed, clean = f"{self._tag}_parsed", f"{self._tag}_clean"
        # DuckDB: repeated ids from a small grouped table joined back (a window would carry whole
        # rows); Spark: a window (a join makes its constraint propagation explode on wide rows)
        self._join_duplicates = self._id is not None and self._engine.dialect.name == "duckdb"
        if self._join_duplicates:
            ids = f"SELECT {self._id_sql()} AS _id, {self._order_sql()} AS _ord FROM {self._engine.source}"
            self._engine.create_view(f"{self._tag}_dups", f"SELECT _id AS _dup_id, min(_ord) AS _dup_first FROM ({ids}) i "
                                     f"WHERE _id IS NOT NULL GROUP BY _id HAVING count(*) > 1", materialize=True)
        self._engine.create_view(parsed, self._parsed_sql())
        self._parsed, self._clean = parsed, clean
        # numbers only, from parquet: one aggregate pass; when every answer is on the scale and
        # every row is kept, the validated view reads the source itself (nothing written)
        counts = (self._count_direct() if self._numbers_only() and getattr(self._engine, "rereadable", False)
                  else None)
        if counts is not None:
            self._engine.create_view(clean, self._clean_sql(None, direct=True))
        elif self._numbers_only():
            # one pass writes every row with its status; the kept rows are a view of it, and
            # the counts per check come from that table and the source's own counts
            self._engine.create_view(f"{self._tag}_all", self._clean_sql(parsed, status=True), materialize=True)
            self._engine.create_view(clean, f"SELECT * FROM {self._tag}_all WHERE _status = 0")
            counts = self._count_from_status()
        else:
            self._engine.create_view(clean, self._clean_sql(parsed), materialize=True)
            counts = self._count_problems()
        self._exclusions = EngineExclusions(self, counts)
        self._prepared = True
        failures = self._exclusions.failures()
        if failures and self.on_invalid == "raise":
            cases = self._exclusions.rows(checks=(*INVALID, "missing_id", "duplicate_id", "invalid_weight"),
                                          limit=_SHOWN, as_failures=True)
            shown = f"; the first {len(cases)} are in .failure_cases" if failures > len(cases) else ""
            raise SurveyValidationError(cases, headline=label("engine.problems", "en", n=failures, shown=shown))

    def _read_texts(self) -> None:
        """Every distinct text of the answer columns that is not a plain number, read in Python
        by the loader's rules (each distinct value once); labels resolved per kind of answer."""
        d = self._engine.dialect
        texts = [(key, col) for key, col in self._cols.items() if col.kind != "number"]
        # DuckDB reads the text "nan" in a number column of a CSV file as NaN: that text is read
        # by the same rules (not a number, an unknown label, or a missing code) wherever a NaN is
        nan_texts = [(key, col) for key, col in self._cols.items()
                     if col.kind == "number" and not col.integer and self._engine.nan_is_text]
        if not texts and not nan_texts:
            return
        parts = []
        for i, (key, col) in enumerate(texts):
            raw = col.sql if col.kind == "text" else d.text(col.sql)
            parts.append(f"SELECT DISTINCT {i} AS j, {raw} AS raw FROM {self._engine.source} "
                         f"WHERE {col.sql} IS NOT NULL AND NOT {d.full_match(raw, _sql.PLAIN_NUMBER)}")
        found: dict[int, list] = {}
        for j, raw in self._engine.fetch(" UNION ALL ".join(parts)) if parts else ():
            found.setdefault(int(j), []).append(raw)
        found.update({len(texts) + i: ["nan"] for i in range(len(nan_texts))})
        texts += nan_texts
        labels: dict[str, set] = {}
        for i, (key, col) in enumerate(texts):
            values = found.get(i, [])
            if len(values) > _MAX_DISTINCT:
                raise ServgapError(label("engine.too_many_texts", "en", column=col.name, n=len(values)))
            for raw in values:
                status, number, check, _ = _read_value(raw if col.kind == "text" else raw)
                if col.kind == "bool":
                    status, number, check = _INVALID, np.nan, "not_a_number"
                norm = None
                if isinstance(raw, str) and status in (_INVALID, _BLANK):
                    n_raw = normalise_label(raw)
                    if n_raw in self._str_codes:
                        status, check = _CODE, None
                    elif status == _INVALID and check is None:
                        norm = n_raw
                col.texts[raw] = [status, number, check, norm]
                if norm is not None and key[0] in COMPONENTS and col.kind != "number":  # a label seen
                    labels.setdefault(key[0], set()).add(norm)
        self.metadata["likert"] = {}
        for kind in {key[0] for key, _ in texts}:
            if kind in COMPONENTS:
                set_name, mapping = resolve_likert(self._likert, labels.get(kind, set()), self.instrument.scale)
                if set_name and labels.get(kind):
                    self.metadata["likert"][kind] = set_name
            else:
                set_name, mapping = None, {}
            for key, col in texts:
                if key[0] != kind:
                    continue
                for raw, entry in col.texts.items():
                    if entry[3] is None:
                        continue
                    if entry[3] in mapping:
                        entry[0], entry[1] = -1, mapping[entry[3]]  # a label: its number
                    else:
                        entry[2] = "unknown_label" if set_name else "not_a_number"

    def _plain_number(self, key) -> bool:
        """A column of numbers with no text status to check: only missing codes and its range."""
        col = self._cols[key]
        return col.kind == "number" and not col.texts

    def _value_sql(self, col: _Column) -> tuple[str, str]:
        """(number, text status) SQL of one column: NULL number for no answer, a status of
        missing_code / not_a_number / unknown_label / converted_value where the text says so."""
        d = self._engine.dialect
        if col.kind == "number":
            x = f"CAST({col.sql} AS DOUBLE)"
            no_status = "CAST(NULL AS STRING)" if d.name == "spark" else "CAST(NULL AS VARCHAR)"
            if col.integer:  # no NaN in integers
                return x, no_status
            nan = d.is_nan(x)
            # a NaN is a missing value, except where the engine read it from text ("nan" in a
            # CSV file, see _read_texts): the loader does not take that text for a number
            code = _status_code(col.texts["nan"]) if "nan" in col.texts else None
            status = f"(CASE WHEN {nan} THEN {d.literal(code)} END)" if code else no_status
            return f"(CASE WHEN {nan} THEN NULL ELSE {x} END)", status
        raw = col.sql if col.kind == "text" else d.text(col.sql)
        plain = d.full_match(raw, _sql.PLAIN_NUMBER)
        value = [f"WHEN {raw} IS NULL THEN NULL", f"WHEN {plain} THEN CAST(trim({raw}) AS DOUBLE)"]
        status = [f"WHEN {raw} IS NULL THEN NULL", f"WHEN {plain} THEN NULL"]
        by_status: dict[str, list] = {}
        for text, entry in col.texts.items():
            st, number = entry[:2]
            if st in (-1, _CONVERTED) or (st not in (_INVALID, _CODE, _BLANK) and np.isfinite(number)):
                value.append(f"WHEN {raw} = {d.literal(text)} THEN {float(number)!r}")
            code = _status_code(entry)
            if code:
                by_status.setdefault(code, []).append(d.literal(text))
        for code, texts in by_status.items():
            status.append(f"WHEN {raw} IN ({', '.join(texts)}) THEN {d.literal(code)}")
        return f"(CASE {' '.join(value)} ELSE NULL END)", f"(CASE {' '.join(status)} ELSE NULL END)"

    def _id_sql(self) -> str:
        d = self._engine.dialect
        ident = d.ident(self._id)
        return f"NULLIF({d.strip(d.text(ident))}, '')" if self._id_kind != "number" else ident

    def _order_sql(self) -> str:
        """The source order of rows: the row number (after the file name, for several files)."""
        if self._engine.has_file:
            return f"concat(_sg_file, lpad({self._engine.dialect.text('_sg_row')}, 20, '0'))"
        return "_sg_row"

    def _segment_sql(self, name: str, trim: bool) -> str:
        """A segment column as the loader keeps it: text trimmed with blank as missing (with
        ``trim``), a NaN number missing (one group with the NULLs, as in memory); integers as
        they are."""
        d = self._engine.dialect
        ident = d.ident(name)
        kind = self._segment_kinds[name]
        if kind == "text":
            return f"NULLIF({d.strip(ident)}, '')" if trim else ident
        if kind == "number":
            return f"(CASE WHEN {d.is_nan(f'CAST({ident} AS DOUBLE)')} THEN NULL ELSE {ident} END)"
        return ident

    def _parsed_sql(self) -> str:
        """Per source row: the id, segments, each answer's number and check code, row flags."""
        d = self._engine.dialect
        huge = _sql.huge()
        inner = [f"_sg_row", *(["_sg_file"] if self._engine.has_file else [])]
        if self._id is not None:
            inner.append(f"{self._id_sql()} AS _id")
            inner.append(f"{self._order_sql()} AS _ord")
        else:
            inner.append("_sg_row AS _id")
        inner += [f"{self._segment_sql(s, trim=True)} AS s{j}" for j, s in enumerate(self._segments)]
        names = {}
        for key, col in self._cols.items():
            name = f"{key[0]}_{key[1]}"
            names[key] = name
            value, status = self._value_sql(col)
            inner += [f"{value} AS v_{name}", f"{status} AS t_{name}", f"{d.text(col.sql)} AS r_{name}"]
        outer = ["*"]
        codes = ", ".join(repr(float(c)) for c in self._num_codes)
        for key, name in names.items():
            v, t = f"v_{name}", f"t_{name}"
            if key[0] == "w":
                continue
            code_hit = f" WHEN {v} IN ({codes}) THEN 'missing_code'" if codes else ""
            outside = self._outside_sql(v, key, finite=True)
            if self._plain_number(key):  # no text: only codes and the scale to check
                outer.append(f"(CASE{code_hit} WHEN {outside} THEN 'out_of_scale' END) AS k_{name}")
                continue
            outer.append(f"(CASE WHEN {t} = 'missing_code' THEN 'missing_code'{code_hit} "
                         f"WHEN {t} IN ('not_a_number', 'unknown_label') THEN {t} "
                         f"WHEN {outside} THEN 'out_of_scale' "
                         f"WHEN {t} = 'converted_value' THEN 'converted_value' END) AS k_{name}")
        flags = []
        if self._id is not None:
            flags.append("(CASE WHEN _id IS NULL THEN 1 ELSE 0 END) AS _missing_id")
            if self._join_duplicates:
                flags.append("(CASE WHEN _dup_first IS NOT NULL AND _ord > _dup_first THEN 1 ELSE 0 END) AS _duplicate_id")
            else:
                flags.append("(CASE WHEN _id IS NOT NULL AND row_number() OVER (PARTITION BY _id ORDER BY _ord) > 1 "
                             "THEN 1 ELSE 0 END) AS _duplicate_id")
        else:
            flags += ["0 AS _missing_id", "0 AS _duplicate_id"]
        if self._weight is not None:
            flags.append(f"(CASE WHEN v_w_0 IS NULL OR v_w_0 <= 0 OR abs(v_w_0) > {huge} THEN 1 ELSE 0 END) AS _bad_w")
        else:
            flags.append("0 AS _bad_w")
        step1 = f"SELECT {', '.join(inner)} FROM {self._engine.source}"
        source = f"({step1}) a"
        if self._join_duplicates:  # each repeated id and the first row it is in (a small table)
            source += f" LEFT JOIN {self._tag}_dups u ON a._id = u._dup_id"
        step2 = f"SELECT {', '.join([*outer, *flags])} FROM {source}"
        answers = [f"a_{name}" for key, name in names.items() if key[0] in COMPONENTS]
        usable = [self._usable(key, n) for key, n in names.items() if key[0] != "w"]
        self._answer_names = answers
        self._names = names
        answered = " OR ".join(f"{a} IS NOT NULL" for a in answers)
        complete = " AND ".join(f"{a} IS NOT NULL" for a in answers)
        step3 = (f"SELECT b.*, {', '.join(usable)}, "
                 f"(CASE WHEN _missing_id = 1 OR _duplicate_id = 1 OR _bad_w = 1 THEN 1 ELSE 0 END) AS _bad "
                 f"FROM ({step2}) b")
        return (f"SELECT c.*, (CASE WHEN {answered} THEN 1 ELSE 0 END) AS _answered, "
                f"(CASE WHEN {complete} THEN 1 ELSE 0 END) AS _complete FROM ({step3}) c")

    def _usable(self, key, name: str) -> str:
        """The answer kept: NULL where a check sets it aside (numbers: compared directly)."""
        if self._cols[key].kind != "number":
            return f"(CASE WHEN k_{name} IS NULL OR k_{name} = 'converted_value' THEN v_{name} END) AS a_{name}"
        v = f"v_{name}"
        inside = [f"{v} IS NOT NULL", f"NOT ({self._outside_sql(v, key, finite=not self._cols[key].integer)})"]
        inside += [f"{v} <> {float(c)!r}" for c in self._num_codes]  # integers are finite
        return f"(CASE WHEN {' AND '.join(inside)} THEN {v} END) AS a_{name}"

    def _range(self, key) -> tuple:
        """The (low, high) of a column's values: the instrument's scale for answers, 0–100 points
        for dimension weights, ``outcome_scale`` for outcomes (±inf where it is None)."""
        if key[0] == "dw":
            return 0, 100
        return self._outcome_scale if key[0] == "o" else self.instrument.scale

    def _outside_sql(self, v: str, key, finite: bool) -> str:
        """SQL true where the number ``v`` lies outside the column's range (or, with ``finite``,
        is infinite); FALSE when nothing can be (an integer column without bounds)."""
        low, high = self._range(key)
        parts = [f"{v} < {low!r}" for _ in (0,) if np.isfinite(low)]
        parts += [f"{v} > {high!r}" for _ in (0,) if np.isfinite(high)]
        if finite:
            parts.append(f"abs({v}) > {_sql.huge()}")
        return f"({' OR '.join(parts)})" if parts else "FALSE"

    def _numbers_only(self) -> bool:
        """Every answer and dimension-weight column holds whole numbers by its type and no
        missing codes are given: a cell is then either missing, on the scale, or outside it."""
        return not len(self._num_codes) and not len(self._str_codes) and all(
            col.kind == "number" and col.integer for key, col in self._cols.items() if key[0] != "w")

    def _status_sql(self) -> str:
        """A respondent's status: kept (0) or why not (1 missing id, 2 repeated id, 3 invalid
        weight, 4 no answers, 5 incomplete under listwise deletion), in the loader's order."""
        listwise = " WHEN _complete = 0 THEN 5" if self.missing == "listwise" else ""
        return (f"(CASE WHEN _missing_id = 1 THEN 1 WHEN _duplicate_id = 1 THEN 2 WHEN _bad_w = 1 THEN 3 "
                f"WHEN _answered = 0 THEN 4{listwise} ELSE 0 END)")

    def _count_from_status(self) -> pd.DataFrame:
        """The counts of :meth:`_count_problems` for numbers-only sources: cells outside the
        scale are the source's values less the usable ones, per column; respondents set aside
        are counted by status; incomplete pairs among the kept rows — two small queries."""
        keys = [key for key in self._names if key[0] != "w"]
        given = self._engine.fetch(f"SELECT count(*), {', '.join(f'count({self._cols[k].sql})' for k in keys)} "
                                   f"FROM {self._engine.source}")[0]
        aggs = [f"count(a_{self._names[k]})" for k in keys]
        aggs += [f"sum(CASE WHEN _status = {code} THEN 1 ELSE 0 END)" for code in range(1, 6)]
        pairs = []
        if self.has_gaps:
            for j in range(len(self.items)):
                for own, other in (("expectation", "perception"), ("perception", "expectation")):
                    aggs.append(f"sum(CASE WHEN _status = 0 AND a_{own}_{j} IS NOT NULL AND a_{other}_{j} IS NULL "
                                f"THEN 1 ELSE 0 END)")
                    pairs.append(("incomplete_pair", (own, j)))
        row = self._engine.fetch(f"SELECT {', '.join(aggs)} FROM {self._tag}_all")[0]
        counts = [(("input_rows", None), given[0])]
        counts += [(("out_of_scale", k), int(given[1 + i] or 0) - int(row[i] or 0)) for i, k in enumerate(keys)]
        status = row[len(keys):len(keys) + 5]
        if self._id is not None:
            counts += [(("missing_id", "id"), status[0]), (("duplicate_id", "id"), status[1])]
        if self._weight is not None:
            counts.append((("invalid_weight", ("w", 0)), status[2]))
        counts.append((("no_answers", None), status[3]))
        if self.missing == "listwise":
            counts.append((("listwise", None), status[4]))
        counts += list(zip(pairs, row[len(keys) + 5:]))
        return self._records(counts)

    def _count_direct(self):
        """The counts of :meth:`_count_problems` for a numbers-only source from one aggregate
        pass over the source (counts, smallest and largest value per column, rows with an
        answer, complete pairs per item, text segment values the loader would trim), or None
        when some answer lies outside its range or some respondent would be set aside (missing
        or repeated id, invalid weight, no answers, incomplete under listwise deletion): then
        the rows are written with their status (:meth:`_count_from_status`)."""
        d = self._engine.dialect
        keys = [key for key in self._names if key[0] != "w"]
        aggs = ["count(*)", f"count({self._id_sql()})" if self._id is not None else "count(*)"]
        for key in keys:
            c = self._cols[key].sql
            aggs += [f"count({c})", f"min({c})", f"max({c})"]
        answers = [self._cols[key].sql for key in keys if key[0] in COMPONENTS]
        aggs.append(f"count(coalesce({', '.join(answers)}))")
        if self._weight is not None:
            w, _ = self._value_sql(self._cols[("w", 0)])
            aggs.append(f"sum(CASE WHEN {w} IS NULL OR {w} <= 0 OR abs({w}) > {_sql.huge()} THEN 1 ELSE 0 END)")
        pairs = []
        if self.has_gaps:  # E − E + P: given where both are (no overflow of small integer types)
            for j in range(len(self.items)):
                e, p = self._cols[("expectation", j)].sql, self._cols[("perception", j)].sql
                aggs.append(f"count({e} - {e} + {p})")
                pairs.append(j)
        texts = [d.ident(s) for s in self._segments if self._segment_kinds[s] == "text"]
        sql = f"SELECT {', '.join(aggs)} FROM {self._engine.source}"
        if texts:
            # grouped by the text segment columns, then added up: blank or padded values (which
            # the loader strips) are looked for among the distinct values, not in every row
            inner = [f"{x} AS k{i}" for i, x in enumerate(texts)] + [f"{a} AS g{j}" for j, a in enumerate(aggs)]
            combine = [("min" if a.startswith("min(") else "max" if a.startswith("max(") else "sum") + f"(g{j})"
                       for j, a in enumerate(aggs)]
            padded = " OR ".join(f"k{i} = '' OR {d.padded(f'k{i}')}" for i in range(len(texts)))
            combine.append(f"sum(CASE WHEN {padded} THEN 1 ELSE 0 END)")
            sql = (f"SELECT {', '.join(combine)} FROM (SELECT {', '.join(inner)} FROM {self._engine.source}"
                   f"{_sql.group_clause(texts)}) t")
        row = self._engine.fetch(sql)[0]
        if self._join_duplicates and self._engine.fetch(f"SELECT count(*) FROM {self._tag}_dups")[0][0]:
            return None
        self._raw_segments = not texts or not row[-1]  # segment values as written are those the loader keeps
        n, n_id = int(row[0] or 0), int(row[1] or 0)  # (no groups of an empty source: NULL)
        if not n:
            return None
        at = 2
        given = {}
        for key in keys:
            low, high = self._range(key)
            given[key] = int(row[at])
            if given[key] and (row[at + 1] < low or row[at + 2] > high):
                return None
            at += 3
        answered = int(row[at])
        at += 1
        if self._weight is not None:
            if int(row[at] or 0):
                return None
            at += 1
        if n_id < n or answered < n or (self.missing == "listwise" and any(
                given[key] < n for key in keys if key[0] in COMPONENTS)):
            return None
        counts = [(("input_rows", None), n)]
        for j in pairs:
            both = int(row[at + j])
            counts += [(("incomplete_pair", ("expectation", j)), given[("expectation", j)] - both),
                       (("incomplete_pair", ("perception", j)), given[("perception", j)] - both)]
        return self._records(counts)

    def _clean_sql(self, parsed: str | None, status: bool = False, direct: bool = False) -> str:
        """One row per kept respondent: segments, weight and usable answers (reverse-keyed items
        re-scored), dimension weights rescaled to 100 points as the loader does. With
        ``status``, every row, with its status (:meth:`_status_sql`; 0 = kept). With ``direct``
        (every answer valid and every row kept, :meth:`_count_direct`), read from the source
        itself."""
        if direct:
            d = self._engine.dialect
            inner = [f"{self._segment_sql(s, trim=not self._raw_segments)} AS s{j}"
                     for j, s in enumerate(self._segments)]
            if self._weight is not None:
                inner.append(f"{self._value_sql(self._cols[('w', 0)])[0]} AS v_w_0")
            inner += [f"{self._cols[key].sql} AS a_{name}" for key, name in self._names.items() if key[0] != "w"]
            parsed = f"(SELECT {', '.join(inner)} FROM {self._engine.source}) q"
        low, high = self.instrument.scale
        reverse = {self.items.index(i) for i in self.instrument.reverse}
        cols = [f"s{j}" for j in range(len(self._segments))]  # what the aggregates read, no more
        if self._weight is not None:
            cols.append("v_w_0 AS _w")
        # whole-number answers on a whole-number scale are stored as TINYINT (scales within
        # ±127) or SMALLINT: an eighth or a quarter of the space of DOUBLE in the validated
        # table, the same numbers (and the statistics know the values lie on a lattice)
        small = (all(self._cols[key].integer for key in self._names if key[0] in COMPONENTS)
                 and float(low).is_integer() and float(high).is_integer() and max(abs(low), abs(high)) < 30000)
        self._integer_answers = small
        small_type = "TINYINT" if max(abs(low), abs(high)) < 128 else "SMALLINT"
        for (kind, j), name in self._names.items():
            if kind in COMPONENTS:
                a = f"a_{name}"
                value = f"({low!r} + {high!r} - {a})" if j in reverse and kind != "importance" else a
                cols.append(f"CAST({value} AS {small_type}) AS {a}" if small else f"{value} AS {a}")
        cols += [f"CAST(a_o_{j} AS DOUBLE) AS a_o_{j}" for j in range(len(self._outcomes))]
        keep = "_bad = 0 AND _answered = 1" + (" AND _complete = 1" if self.missing == "listwise" else "")
        n_dw = len(self.dimension_weights or {})
        if n_dw:
            wv = [f"a_dw_{j}" for j in range(n_dw)]
            cols += wv
        base = (f"SELECT {', '.join(cols)}, {self._status_sql()} AS _status FROM {parsed}" if status else
                f"SELECT {', '.join(cols)} FROM {parsed}" if direct else
                f"SELECT {', '.join(cols)} FROM {parsed} WHERE {keep}")
        if not n_dw:
            return base
        total = " + ".join(f"coalesce({w}, 0.0)" for w in wv)
        anyw = " OR ".join(f"{w} IS NOT NULL" for w in wv)
        dws = [f"(CASE WHEN ({anyw}) AND ({total}) > 0 THEN coalesce({w}, 0.0) * (100.0 / ({total})) END) AS dw_{j}"
               for j, w in enumerate(wv)]
        return f"SELECT t.*, {', '.join(dws)} FROM ({base}) t"

    def _count_problems(self) -> pd.DataFrame:
        """One pass over the parsed view: counts per check and column."""
        aggs, labels = ["count(*)"], [("input_rows", None)]
        for key, name in self._names.items():
            if key[0] == "w":
                continue
            if self._plain_number(key):  # numbers: codes and the scale, compared directly
                v = f"v_{name}"
                codes = ", ".join(repr(float(c)) for c in self._num_codes)
                outside = self._outside_sql(v, key, finite=not self._cols[key].integer)
                if codes:
                    aggs.append(f"sum(CASE WHEN {v} IN ({codes}) THEN 1 ELSE 0 END)")
                    labels.append(("missing_code", key))
                    outside = f"({outside} AND NOT {v} IN ({codes}))"
                aggs.append(f"sum(CASE WHEN {outside} THEN 1 ELSE 0 END)")
                labels.append(("out_of_scale", key))
                continue
            for code in CELL_CHECKS:
                aggs.append(f"sum(CASE WHEN k_{name} = '{code}' THEN 1 ELSE 0 END)")
                labels.append((code, key))
        if self._id is not None:
            aggs += ["sum(_missing_id)", "sum(CASE WHEN _missing_id = 0 THEN _duplicate_id ELSE 0 END)"]
            labels += [("missing_id", "id"), ("duplicate_id", "id")]
        if self._weight is not None:
            aggs.append("sum(CASE WHEN _missing_id = 0 AND _duplicate_id = 0 THEN _bad_w ELSE 0 END)")
            labels.append(("invalid_weight", ("w", 0)))
        aggs.append("sum(CASE WHEN _bad = 0 AND _answered = 0 THEN 1 ELSE 0 END)")
        labels.append(("no_answers", None))
        if self.missing == "listwise":
            aggs.append("sum(CASE WHEN _bad = 0 AND _answered = 1 AND _complete = 0 THEN 1 ELSE 0 END)")
            labels.append(("listwise", None))
        if self.has_gaps:  # answers without their partner, among the respondents kept (same pass)
            keep = "_bad = 0 AND _answered = 1" + (" AND _complete = 1" if self.missing == "listwise" else "")
            for j in range(len(self.items)):
                for own, other in (("expectation", "perception"), ("perception", "expectation")):
                    aggs.append(f"sum(CASE WHEN a_{own}_{j} IS NOT NULL AND a_{other}_{j} IS NULL AND {keep} "
                                f"THEN 1 ELSE 0 END)")
                    labels.append(("incomplete_pair", (own, j)))
        (row,) = self._engine.fetch(f"SELECT {', '.join(aggs)} FROM {self._parsed}")
        return self._records(list(zip(labels, row)))

    def _records(self, counts) -> pd.DataFrame:
        """The exclusion counts table from ((check, key), n) pairs."""
        records = []
        for (code, key), n in counts:
            n = int(n or 0)
            if code == "input_rows":
                self.metadata["n_input_rows"] = n
                continue
            if not n:
                continue
            column = (self._id if key == "id" else None if key is None else self._cols[key].name)
            records.append({"check": code, "action": _ACTION[code], "column": column, "n": n,
                            "reason": label(f"check.{code}", "en")})
        for kind, mapping in self._mappings.items():
            if kind == "importance":
                continue
            for item in self.instrument.reverse:
                records.append({"check": "reverse_keyed", "action": "recoded", "column": mapping[item], "n": 0,
                                "reason": label("check.reverse_keyed", "en")})
        return pd.DataFrame(records, columns=["check", "action", "column", "n", "reason"])


class EngineExclusions:
    """The exclusion log of a survey on an engine: counts, and the rows on request.

    Attributes
    ----------
    counts : DataFrame
        One row per check and column: ``check`` (a code of :data:`servgap.errors.CHECKS`),
        ``action``, ``column`` (None for a whole respondent), ``n`` (cells or respondents; 0
        for an entry about a whole column, e.g. a reverse-keyed item) and ``reason``.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"A": ["1", "2"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"E_1": [5, 9, 4], "E_2": [4, 4, 5], "P_1": [3, 4, 5], "P_2": [4, 3, 5]})
    >>> survey = servgap.scan(raw, inst, on_invalid="missing")
    >>> survey.exclusions.counts[["check", "column", "n"]]
                 check column  n
    0     out_of_scale    E_1  1
    1  incomplete_pair    P_1  1
    >>> survey.exclusions.rows()[["row", "column", "value", "check"]]
       row column value         check
    0    2    E_1     9  out_of_scale
    """

    def __init__(self, survey: ScannedSurvey, counts: pd.DataFrame):
        self._survey = survey
        self.counts = counts

    def __len__(self) -> int:
        return int(self.counts["n"].sum())

    def failures(self) -> int:
        """Invalid answers, ids and weights (what ``on_invalid="raise"`` refuses)."""
        bad = self.counts["check"].isin([*INVALID, "missing_id", "duplicate_id", "invalid_weight"])
        return int(self.counts.loc[bad, "n"].sum())

    def rows(self, checks=None, column=None, limit: int | None = 1000, *, as_failures: bool = False) -> pd.DataFrame:
        """The affected source rows, fetched from the engine.

        Parameters
        ----------
        checks : str or sequence of str, optional
            Check codes to fetch (all cell and respondent checks when None).
        column : str, optional
            Only entries about this source column.
        limit : int or None, default 1000
            At most this many entries, in source order.

        Returns
        -------
        DataFrame
            ``row`` (the source row, from 1; for several files counted per file, with
            ``file``), ``respondent``, ``column``, ``value`` (as written), ``check``, ``action``.
        """
        s = self._survey
        d = s._engine.dialect
        checks = (CELL_CHECKS + ROW_CHECKS) if checks is None else ((checks,) if isinstance(checks, str) else tuple(checks))
        file = "_sg_file" if s._engine.has_file else "CAST(NULL AS STRING)" if d.name == "spark" else "CAST(NULL AS VARCHAR)"
        parts, position = [], 0
        id_text = d.text("_id")
        for key, name in s._names.items():
            col = s._cols[key]
            position += 1
            if key[0] == "w" or (column is not None and col.name != column):
                continue
            cell = [c for c in checks if c in CELL_CHECKS]
            if cell:
                in_list = ", ".join(d.literal(c) for c in cell)
                parts.append(f"SELECT _sg_row AS row_, {file} AS file_, {id_text} AS respondent, "
                             f"{d.literal(col.name)} AS column_, r_{name} AS value_, k_{name} AS check_, "
                             f"{position} AS pos_ FROM {s._parsed} WHERE k_{name} IN ({in_list})")
        row_checks = {"missing_id": ("_missing_id = 1", s._id, "_id"),
                      "duplicate_id": ("_missing_id = 0 AND _duplicate_id = 1", s._id, "_id"),
                      "invalid_weight": ("_missing_id = 0 AND _duplicate_id = 0 AND _bad_w = 1", s._weight,
                                         "r_w_0"),
                      "no_answers": ("_bad = 0 AND _answered = 0", None, None),
                      "listwise": ("_bad = 0 AND _answered = 1 AND _complete = 0", None, None)}
        for code in checks:
            if code not in row_checks or (code == "listwise" and s.missing != "listwise"):
                continue
            where, col_name, raw = row_checks[code]
            if col_name is None and code in ("missing_id", "duplicate_id", "invalid_weight"):
                continue
            if column is not None and col_name != column:
                continue
            value = d.text(raw) if raw else ("CAST(NULL AS STRING)" if d.name == "spark" else "CAST(NULL AS VARCHAR)")
            parts.append(f"SELECT _sg_row AS row_, {file} AS file_, {id_text} AS respondent, "
                         f"{d.literal(col_name) if col_name else 'NULL'} AS column_, {value} AS value_, "
                         f"{d.literal(code)} AS check_, 0 AS pos_ FROM {s._parsed} WHERE {where}")
        columns = ["row", "respondent", "column", "value", "check"]
        if not parts:
            frame = pd.DataFrame({c: [] for c in columns})
        else:
            sql = " UNION ALL ".join(parts) + " ORDER BY row_, pos_" + (f" LIMIT {int(limit)}" if limit else "")
            fetched = s._engine.fetch(sql)
            frame = pd.DataFrame(fetched, columns=["row", "file", "respondent", "column", "value", "check", "pos"])
            if not s._engine.has_file:
                frame = frame.drop(columns="file")
            frame = frame.drop(columns="pos")
        frame["row"] = pd.array(frame["row"], dtype="Int64")
        if as_failures:
            problems = {"out_of_scale": "outside the scale {0:g}-{1:g}".format(*s.instrument.scale),
                        "not_a_number": "not a number", "unknown_label": "not a number or a known answer label",
                        "missing_id": "respondent id missing", "duplicate_id": "duplicate respondent id",
                        "invalid_weight": "survey weight must be a positive finite number"}
            frame["problem"] = frame["check"].map(problems)
            low, high = s._outcome_scale  # outcomes: on their own scale
            outside = f"outside the scale {low:g}-{high:g}" if np.isfinite([low, high]).all() else "not a finite number"
            frame.loc[frame["column"].isin(s._outcomes) & (frame["check"] == "out_of_scale"), "problem"] = outside
            weights = [col.name for key, col in s._cols.items() if key[0] == "dw"]
            frame.loc[frame["column"].isin(weights) & (frame["check"] == "out_of_scale"),
                      "problem"] = DIMENSION_WEIGHT_OUTSIDE
            return frame[["row", "respondent", "column", "value", "check", "problem"]]
        frame["action"] = frame["check"].map(_ACTION)
        return frame.reset_index(drop=True)

    def __repr__(self) -> str:
        return f"EngineExclusions({len(self.counts)} entries)\n{self.counts.to_string(index=False)}"


def _status_code(entry) -> str | None:
    """The check code of a text read by :meth:`ScannedSurvey._read_texts` (None: a number)."""
    st, _, check, _ = entry
    return ("missing_code" if st == _CODE else check if st == _INVALID else
            "converted_value" if st == _CONVERTED else None)


def _pandas_dtype(kind: str):
    return {"text": "str", "number": "float64", "bool": "boolean"}.get(kind, "object")


def id_suffix() -> str:
    import os

    return f"{os.getpid()}"
