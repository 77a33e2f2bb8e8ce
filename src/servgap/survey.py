"""The Survey: paired, validated answers per respondent and item, and the log of what was set aside."""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from ._checks import check_segment_names, plain
from .errors import ServgapError
from .i18n import LABELS, label, number
from .instrument import COMPONENTS, Instrument

__all__ = ["Survey", "EXCLUSION_COLUMNS"]

#: Columns of :attr:`Survey.exclusions`: ``row`` (input row, from 1; missing for an entry about
#: a whole column), ``respondent``, ``column``, ``value``, ``check`` (a code of
#: :data:`servgap.errors.CHECKS`), ``action`` (a code of :data:`servgap.errors.ACTIONS`) and
#: ``reason`` (an English sentence).
EXCLUSION_COLUMNS = ["row", "respondent", "column", "value", "check", "action", "reason"]

SCORE_KINDS = ("gap", *COMPONENTS)


def empty_exclusions() -> pd.DataFrame:
    """An exclusion log without entries."""
    global _EMPTY_LOG
    if _EMPTY_LOG is None:
        _EMPTY_LOG = log_part(row=np.empty(0))
    return _EMPTY_LOG.copy()


_EMPTY_LOG = None  # built once: a DataFrame costs more than its copy


def exclusion_frame(records: list[dict]) -> pd.DataFrame:
    """The exclusion log from records (dicts keyed by :data:`EXCLUSION_COLUMNS`)."""
    return log_part(**{c: [r.get(c, np.nan) for r in records] for c in EXCLUSION_COLUMNS})


def log_part(*, row=np.nan, respondent=np.nan, column=np.nan, value=np.nan, check=np.nan, action=np.nan,
             reason=np.nan) -> pd.DataFrame:
    """Exclusion-log entries from columns: each argument one value for every entry or one per
    entry (array or list). ``row`` is a nullable integer; the other columns are objects, so
    respondent ids and raw values stay as they were."""
    fields = {"row": row, "respondent": respondent, "column": column, "value": value, "check": check,
              "action": action, "reason": reason}
    many = {k: v for k, v in fields.items() if isinstance(v, (list, np.ndarray, pd.Index, pd.Series))}
    n = len(next(iter(many.values()))) if many else 1
    data = {}
    for key, v in fields.items():
        if key in many:
            values = np.asarray(v, dtype=float if key == "row" else object)
        else:
            values = np.full(n, v, dtype=float if key == "row" else object)
        data[key] = pd.array(values, dtype="Int64") if key == "row" else values
    return pd.DataFrame(data)


def concat_log(parts) -> pd.DataFrame:
    """One exclusion log from parts (DataFrames with :data:`EXCLUSION_COLUMNS`), in order."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_exclusions()
    return parts[0].reset_index(drop=True) if len(parts) == 1 else pd.concat(parts, ignore_index=True)


#: Complete whole-number answers on a scale within ±SMALL_ANSWERS are held as int8 (a sixteenth
#: of float64): their gaps fit int8 too, and float32 sums of their products stay exact in large
#: chunks. The float64 frame of such answers is made when first asked for.
SMALL_ANSWERS = 63


class WholeAnswers:
    """Complete whole-number answers (respondents × items, int8) handed to :func:`make_survey`
    in place of a DataFrame: the loader has checked every value (on the scale, none missing).

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"Speed": ["1", "2"]}, scale=(1, 5))
    >>> survey = servgap.read_survey(pd.DataFrame({"E_1": [5, 4], "E_2": [4, 4], "P_1": [3, 4],
    ...                                            "P_2": [4, 5]}), inst)
    >>> survey.answers
    _Answers(['expectation', 'perception'], int8=['expectation', 'perception'])
    >>> survey.perception["2"].tolist()  # the float frame, made when asked for
    [4.0, 5.0]
    """

    def __init__(self, values: np.ndarray):
        self.values = np.asarray(values, dtype=np.int8)
        self.values.setflags(write=False)


class _Answers(Mapping):
    """Component → read-only respondents × items DataFrame of floats. Components held as
    :class:`WholeAnswers` become a float64 frame when first asked for (analyses compute from
    their int8 values through the statistics layer, so most never are)."""

    def __init__(self, held: dict, index: pd.Index, columns: pd.Index):
        self._held = dict(held)
        self._index, self._columns = index, columns
        self.small = {k: v.values for k, v in held.items() if isinstance(v, WholeAnswers)}

    def __getitem__(self, kind: str) -> pd.DataFrame:
        held = self._held[kind]
        if isinstance(held, WholeAnswers):
            values = held.values.astype(float, order="F")
            values.setflags(write=False)
            held = self._held[kind] = pd.DataFrame(values, index=self._index, columns=self._columns, copy=False)
        return held

    def __contains__(self, kind) -> bool:  # without making a frame
        return kind in self._held

    def __iter__(self):
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)

    def copy(self) -> dict:
        """A dict of the frames (as ``MappingProxyType.copy``); makes every frame."""
        return {kind: self[kind] for kind in self}

    def __or__(self, other):
        return self.copy() | dict(other)

    def __ror__(self, other):
        return dict(other) | self.copy()

    def __repr__(self) -> str:
        held = [k for k, v in self._held.items() if isinstance(v, WholeAnswers)]
        return f"{type(self).__name__}({list(self._held)}, int8={held})"


@dataclass(frozen=True, eq=False, repr=False)
class Survey:
    """Validated survey answers: per respondent and item, aligned expectation and perception.

    A Survey is made by :func:`servgap.read_survey`, :func:`servgap.from_frames`,
    :func:`servgap.from_long` or :func:`servgap.datasets.load_example`; it is not edited
    afterwards (:meth:`subset` returns a new Survey).

    Attributes
    ----------
    instrument : Instrument
        Items, dimensions and scale.
    answers : mapping of str to DataFrame
        Component (``"expectation"``, ``"perception"``, ``"adequate"``, ``"desired"``,
        ``"importance"``) → respondents × items, float, NaN where not answered; read-only.
        Reverse-keyed items are already re-scored. Use the properties :attr:`expectation`,
        :attr:`perception`, …. Complete whole-number answers are held as int8 and their frame
        is made when first asked for.
    segments : DataFrame
        Respondents × segment columns (branch, customer type, …).
    weight : Series or None
        Survey weight per respondent.
    dimension_weights : DataFrame or None
        Respondents × dimensions: the 100 points each respondent allocated (after the
        rescaling rule of :func:`servgap.read_survey`).
    exclusions : DataFrame
        Everything excluded or recoded on the way in (:data:`EXCLUSION_COLUMNS`): ``row`` (the
        1-based input row, header not counted), ``respondent``, ``column``, ``value``, ``check``
        (a problem code), ``action`` (an action code) and ``reason`` (the English detail). An
        entry with neither ``row`` nor ``respondent`` applies to the whole column.
    min_items : int
        Answered items a respondent needs for a dimension score.
    missing : str
        ``"available"`` or ``"listwise"``: how the survey was loaded.
    metadata : dict
        What the source said about itself: ``source``, ``encoding``, ``value_labels`` (SPSS), ….
    outcomes : DataFrame or None
        Respondents × outcome columns (overall satisfaction, loyalty, …) read with
        ``outcomes=`` of :func:`servgap.read_survey`: validated numbers on their own scale.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"Speed": ["1", "2"], "Care": ["3"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"E_1": [5, 4, 4], "E_2": [4, 4, 5], "E_3": [5, 5, 4],
    ...                     "P_1": [3, 4, 5], "P_2": [4, 3, 5], "P_3": [2, 5, 4]})
    >>> survey = servgap.read_survey(raw, inst)
    >>> survey.n_respondents
    3
    >>> survey.gaps.loc[1].tolist()
    [-2.0, 0.0, -3.0]
    """

    instrument: Instrument
    answers: Mapping[str, pd.DataFrame]
    segments: pd.DataFrame
    weight: pd.Series | None = None
    dimension_weights: pd.DataFrame | None = None
    exclusions: pd.DataFrame = field(default_factory=empty_exclusions)
    min_items: int = 1
    missing: str = "available"
    metadata: Mapping = field(default_factory=dict)
    outcomes: pd.DataFrame | None = None

    # -- shape ---------------------------------------------------------------------------------
    @property
    def respondents(self) -> pd.Index:
        """Respondent ids (the index of every table)."""
        return self.segments.index

    @property
    def n_respondents(self) -> int:
        """Number of respondents kept."""
        return len(self.segments.index)

    @property
    def items(self) -> tuple[str, ...]:
        """Item ids in instrument order."""
        return self.instrument.items

    @property
    def dimensions(self) -> tuple[str, ...]:
        """Dimension names in instrument order."""
        return self.instrument.dimension_names

    @property
    def segment_names(self) -> tuple[str, ...]:
        """Names of the segment columns."""
        return tuple(self.segments.columns)

    @property
    def components(self) -> tuple[str, ...]:
        """The kinds of answer this survey holds, e.g. ``('expectation', 'perception')``."""
        return tuple(c for c in COMPONENTS if c in self.answers)

    # -- answers -------------------------------------------------------------------------------
    @property
    def expectation(self) -> pd.DataFrame | None:
        """Expectation answers (respondents × items), or None."""
        return self.answers.get("expectation")

    @property
    def perception(self) -> pd.DataFrame | None:
        """Perception answers (respondents × items), or None."""
        return self.answers.get("perception")

    @property
    def adequate(self) -> pd.DataFrame | None:
        """Adequate (minimum) expectation answers, or None."""
        return self.answers.get("adequate")

    @property
    def desired(self) -> pd.DataFrame | None:
        """Desired expectation answers, or None."""
        return self.answers.get("desired")

    @property
    def importance(self) -> pd.DataFrame | None:
        """Importance ratings per item, or None."""
        return self.answers.get("importance")

    @property
    def has_gaps(self) -> bool:
        """True when the survey holds both expectation and perception answers."""
        return "expectation" in self.answers and "perception" in self.answers

    @cached_property
    def stats(self):
        """The statistics source every analysis computes from (:mod:`servgap.stats`).

        Examples
        --------
        >>> from servgap.datasets import load_example
        >>> load_example().stats.moments("gap", "dimension").mean.shape
        (1, 5)
        """
        from .stats.memory import MemoryStats

        return MemoryStats(self)

    def __post_init__(self):
        # answers are read-only: an edit raises instead of leaving cached statistics stale
        held = self.answers
        if isinstance(held, _Answers):  # (dataclasses.replace) its int8 answers stay int8
            held = {k: WholeAnswers(held.small[k]) if k in held.small else v for k, v in held._held.items()}
        frozen = {}
        for kind, frame in held.items():
            if isinstance(frame, WholeAnswers):
                frozen[kind] = frame
                continue
            values = frame.to_numpy(dtype=float)
            values.setflags(write=False)
            frozen[kind] = pd.DataFrame(values, index=frame.index, columns=frame.columns, copy=False)
        object.__setattr__(self, "answers", _Answers(frozen, self.segments.index,
                                                     pd.Index(list(self.instrument.items), name="item")))

    @property
    def _small_answers(self) -> dict:
        """Component → int8 values of the complete whole-number answers held as such."""
        return self.answers.small

    @cached_property
    def gaps(self) -> pd.DataFrame:
        """Item gaps P − E per respondent (NaN unless both answers are given); read-only."""
        if not self.has_gaps:
            raise ServgapError(
                f"This survey holds {list(self.components)} answers; gap scores need both "
                "expectation and perception.")
        return self._frame(self.stats.rows("gap", "item"), self.items)

    def _frame(self, values, columns) -> pd.DataFrame:
        values.setflags(write=False)
        frame = pd.DataFrame(values, index=self.respondents, columns=pd.Index(list(columns)), copy=False)
        return frame

    def scores(self, kind: str = "gap") -> pd.DataFrame:
        """Respondents × items of one kind: ``"gap"`` or a component name.

        Examples
        --------
        >>> from servgap.datasets import load_example
        >>> load_example().scores("perception").shape
        (400, 22)
        """
        if kind == "gap":
            return self.gaps
        if kind not in SCORE_KINDS:
            raise ValueError(f"`kind` must be one of {list(SCORE_KINDS)}, got {kind!r}.")
        if kind not in self.answers:
            raise ServgapError(f"This survey has no {kind} answers; it holds {list(self.components)}.")
        return self.answers[kind]

    def dimension_scores(self, kind: str = "gap") -> pd.DataFrame:
        """Respondents × dimensions: the mean of each respondent's answered items.

        A respondent's dimension score needs at least :attr:`min_items` answered items (for
        ``"gap"``: answered pairs; at most all the dimension's items); below that it is NaN (and
        the load logged it).

        Notes
        -----
        G_rd = mean of the answered G_ri, i ∈ I_d (:ref:`methods-gaps`); equals the SPSS
        ``MEAN.k(...)`` compute with k = ``min_items``.

        Examples
        --------
        >>> from servgap.datasets import load_example
        >>> load_example().dimension_scores().columns.tolist()
        ['Tangibles', 'Reliability', 'Responsiveness', 'Assurance', 'Empathy']
        """
        self.scores(kind)  # a clear error for a score the survey does not hold
        return self._frame(self.stats.rows(kind, "dimension"), self.dimensions)

    def overall_scores(self, kind: str = "gap", weighted: bool = False) -> pd.Series:
        """Each respondent's overall score: the mean of their dimension scores.

        With ``weighted=True`` it is the weighted SERVQUAL score of Zeithaml, Parasuraman &
        Berry (1990): SQ_r = Σ_d G_rd · w_rd / Σ_d w_rd over the dimensions the respondent has a
        score for (= Σ_d G_rd · w_rd / 100 when every dimension is scored).

        Examples
        --------
        >>> from servgap.datasets import load_example
        >>> load_example().overall_scores().name
        'overall'
        """
        self.scores(kind)
        level = "overall_weighted" if weighted else "overall"
        values = self.stats.rows(kind, level)[:, 0]
        return pd.Series(values, index=self.respondents, name="overall_weighted" if weighted else "overall")

    # -- new surveys from this one -------------------------------------------------------------
    def subset(self, rows=None, **segment_values) -> "Survey":
        """A new Survey with some respondents.

        Parameters
        ----------
        rows : boolean Series/array, list of respondent ids, or callable, optional
            Which respondents to keep; a callable receives :attr:`segments` and returns one of
            the others. A boolean Series is aligned by respondent id: its index holds the
            respondent ids: all of them in any order, perhaps with ids of respondents this
            survey does not keep (a mask built on the survey it was subset from), or some of
            them, the others not selected. A boolean array or list is taken in respondent order
            and needs one value per respondent. A mask built on the raw table (index 0, 1, …)
            while the respondents are numbered 1, 2, … (no ``id=`` in
            :func:`servgap.read_survey`) is refused: pass ``mask.to_numpy()`` or load with
            ``id=``. Nullable booleans (dtype ``"boolean"``, e.g. from comparing an ``Int64`` or
            ``string`` segment) and object values that are all True/False count a missing value
            as not selected.
        **segment_values
            Keep respondents whose segment equals the value (or is in a list of values). A
            missing value (``None``, ``NaN`` or ``pd.NA``, alike) selects the respondents whose
            segment is missing.

        Returns
        -------
        Survey
            The selected respondents with their answers, weights and exclusion-log rows (rows
            about whole columns are kept).

        Raises
        ------
        ValueError
            For a segment name the survey does not have (as ``gap_scores(by=...)`` does).
        ServgapError
            When no respondent is left (the message names what was asked for and the values
            present), for a boolean array of the wrong length, or a boolean Series whose index
            cannot be aligned with the respondent ids (see ``rows``).

        Examples
        --------
        >>> from servgap.datasets import load_example
        >>> survey = load_example()
        >>> survey.subset(branch="Bandung").segments["branch"].unique().tolist()
        ['Bandung']
        >>> jakarta = survey.segments["branch"].astype("string") == "Jakarta"  # dtype "boolean"
        >>> survey.subset(jakarta).segments["branch"].unique().tolist()
        ['Jakarta']
        """
        check_segment_names(self, list(segment_values), "segment")
        keep = np.ones(self.n_respondents, dtype=bool)
        asked, present = [], []
        if rows is not None:
            if callable(rows):
                rows = rows(self.segments)
            mask, what = self._rows_mask(rows)
            keep &= mask
            asked.append(what)
        for name, value in segment_values.items():
            column = self.segments[name]
            values = (list(value) if isinstance(value, (list, tuple, set, pd.Series, pd.Index, np.ndarray))
                      else [value])
            wanted = [v for v in values if not _is_missing(v)]
            matches = column.isin(wanted).to_numpy(dtype=bool, na_value=False)
            if len(wanted) < len(values):  # None, NaN or pd.NA asked for: the missing values
                matches = matches | column.isna().to_numpy()
            keep &= matches
            asked.append(f"{name}={value!r}")
            present.append(f"{name} has {_shown(column.dropna().unique())}"
                           + (" and missing values" if column.isna().any() else ""))
        if not keep.any():
            raise ServgapError(f"No respondent matches {' and '.join(asked) or 'an empty selection'}; "
                               f"this survey has {self.n_respondents} respondents"
                               + (f" ({'; '.join(present)})." if present else "."))
        index = self.respondents[keep]
        log = self.exclusions
        whole_column = log["row"].isna().to_numpy() & log["respondent"].isna().to_numpy()
        log = log[whole_column | log["respondent"].isin(index).to_numpy()].reset_index(drop=True)
        return replace(
            self,
            answers={k: WholeAnswers(self.answers.small[k][keep]) if k in self.answers.small else v.loc[index]
                     for k, v in self.answers._held.items()},
            segments=self.segments.loc[index],
            weight=None if self.weight is None else self.weight.loc[index],
            dimension_weights=None if self.dimension_weights is None else self.dimension_weights.loc[index],
            outcomes=None if self.outcomes is None else self.outcomes.loc[index],
            exclusions=log,
        )

    def _rows_mask(self, rows) -> tuple[np.ndarray, str]:
        """The boolean selection ``rows`` stands for, and how to name it in a message."""
        n = self.n_respondents
        if isinstance(rows, pd.DataFrame):
            raise ServgapError("`rows` must be a boolean Series or array, respondent ids or a callable; "
                               "got a DataFrame (select one column, e.g. survey.segments['age'] > 30).")
        if isinstance(rows, (str, bytes)) or not np.iterable(rows):
            rows = [rows]  # one respondent id
        values = rows.array if isinstance(rows, (pd.Series, pd.Index)) else pd.array(list(rows))
        flags = _as_boolean(values)
        if flags is not None and isinstance(rows, pd.Series):
            mask = self._aligned_mask(pd.Series(flags, index=rows.index))
            return mask, f"the `rows` mask ({int(mask.sum())} of {n} selected)"
        if flags is not None:
            if len(flags) != n:
                raise ServgapError(f"A boolean `rows` array needs one value per respondent ({n}), got "
                                   f"{len(flags)}; use a Series indexed by respondent id to select by id.")
            mask = flags.fillna(False).to_numpy(dtype=bool)
            return mask, f"the `rows` mask ({int(mask.sum())} of {n} selected)"
        ids = list(values)
        mask = self.respondents.isin(ids)
        return mask, (f"rows={_shown(ids, brackets=True)} (respondent ids here look like "
                      f"{self._ids_shown()})")

    def _aligned_mask(self, flags: pd.Series) -> np.ndarray:
        """A boolean Series indexed by respondent id as a mask in respondent order.

        Its index may hold every respondent and more (a mask built on the survey this one was
        subset from, or on the input indexed by id, where some respondents were not kept) or
        some respondents only (the others not selected). Refused, not guessed: an index that
        counts rows from 0 while read_survey numbered the respondents 1, 2, … (no ``id=``), and
        an index that both misses respondents and holds other labels.
        """
        index = flags.index
        if index.has_duplicates:
            raise ServgapError("A boolean `rows` Series is aligned by respondent id; its index repeats "
                               f"ids ({_shown(index[index.duplicated()].unique())}).")
        numbered = self.metadata.get("respondent_ids") == "row numbers"
        positional = "To select by position, pass `mask.to_numpy()` (one value per respondent)"
        if numbered and isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
            raise ServgapError(
                "A boolean `rows` Series is aligned by respondent id, but its index counts rows from 0 "
                f"while this survey numbers its respondents 1, 2, … ({self._ids_shown()}; read_survey "
                f"had no `id=`). {positional}, or pass `mask.set_axis(mask.index + 1)` for a mask "
                "built on the input table.")
        unknown = index[~index.isin(self.respondents)]
        covered = self.respondents.isin(index)
        if not covered.any() or (len(unknown) and not covered.all()):
            raise ServgapError(
                f"A boolean `rows` Series is aligned by respondent id, but its index "
                f"{'holds no respondent id' if not covered.any() else 'misses some respondents'} and "
                f"holds {len(unknown)} labels that are not respondent ids ({_shown(unknown, limit=5)}); "
                f"the respondent ids are {self._ids_shown()}. {positional}; to align it yourself, "
                "pass `mask.reindex(survey.respondents, fill_value=False)`.")
        return flags.reindex(self.respondents).fillna(False).to_numpy(dtype=bool)

    def _ids_shown(self) -> str:
        """The first respondent ids, for a message."""
        return f"{_shown(self.respondents[:3])}{', …' if self.n_respondents > 3 else ''}"

    # -- reading -------------------------------------------------------------------------------
    def summary(self, lang: str = "en") -> str:
        """A short readable description: instrument, respondents, answers, exclusions.

        Examples
        --------
        >>> from servgap.datasets import load_example
        >>> print(load_example().summary())  # doctest: +ELLIPSIS
        Survey
          Instrument: servqual22 ...
        """
        return "\n".join(f"  {k}: {v}" if k else v for k, v in self._summary_rows(lang))

    def _summary_rows(self, lang: str) -> list[tuple[str, str]]:
        inst = self.instrument
        low, high = inst.scale
        dims = ", ".join(f"{inst.dimension_label(d, lang)} ({len(i)})" for d, i in inst.dimensions.items())
        segs = ", ".join(f"{c} ({self.segments[c].nunique()})" for c in self.segments.columns)
        cells = sum(int(v.size) for v in self.answers.values())
        missing = sum(int(v.isna().to_numpy().sum()) for v in self.answers.values())
        share = f" ({number(missing / cells, lang, '.1%')})" if cells else ""
        counts = self.exclusions["action"].value_counts()
        log = ", ".join(f"{n} {_action_label(a, lang)}" for a, n in counts.items()) or label("summary.none", lang)
        none = label("summary.none", lang)
        detail = label("summary.instrument_detail", lang, n=inst.n_items, low=low, high=high)
        return [
            ("", label("title.survey", lang)),
            (label("summary.instrument", lang), f"{inst.name} ({detail})"),
            (label("summary.respondents", lang), str(self.n_respondents)),
            (label("summary.components", lang), ", ".join(label(f"kind.{c}", lang) for c in self.components)),
            (label("summary.dimensions", lang), dims),
            (label("summary.segments", lang), segs or none),
            (label("summary.missing", lang), f"{missing}{share}"),
            (label("summary.exclusions", lang), log),
        ]

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        rows = self._summary_rows("en")
        body = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
                       f"{html.escape(v)}</td></tr>" for k, v in rows[1:])
        return f"<div><h4>{html.escape(rows[0][1])}</h4><table>{body}</table></div>"


def _shown(values, limit: int = 10, brackets: bool = False) -> str:
    """Values for a message: their reprs, the first ``limit`` of them."""
    values = list(values)
    text = ", ".join(repr(plain(v)) for v in values[:limit])
    text += ", …" if len(values) > limit else ""
    return f"[{text}]" if brackets else text


def _is_missing(value) -> bool:
    """True for a missing scalar: None, NaN, pd.NA, NaT."""
    return pd.api.types.is_scalar(value) and bool(pd.isna(value))


def _as_boolean(values) -> pd.api.extensions.ExtensionArray | None:
    """``values`` as a nullable boolean array when they are a mask (a boolean dtype, or objects
    that are all True/False or missing, at least one not missing), else None (respondent ids)."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return pd.array(values, dtype="boolean")
    if not pd.api.types.is_object_dtype(values.dtype):
        return None
    flags = [isinstance(v, (bool, np.bool_)) for v in values]
    if not any(flags) or not all(f or _is_missing(v) for f, v in zip(flags, values)):
        return None
    return pd.array([bool(v) if f else None for f, v in zip(flags, values)], dtype="boolean")


def _action_label(action, lang: str) -> str:
    """An exclusion-log action code in ``lang``; a code not in the label table is shown as it is."""
    return label(f"action.{action}", lang) if f"action.{action}" in LABELS["en"] else str(action)


def primary_kind(survey: Survey) -> str:
    """The score a survey is mostly about: ``"gap"`` when it has E and P, else perception."""
    return "gap" if survey.has_gaps else "perception"


def dimension_score_exclusions(instrument: Instrument, answered: pd.DataFrame, min_items: int,
                               what: tuple[str, str, str], rows=None) -> pd.DataFrame:
    """Log entries for respondent dimension scores left missing because of too few answers.

    ``answered`` is respondents × items, True where the item counts towards the score (an
    answered pair for gaps, a complete triple for the zone of tolerance, an answered item for a
    single score); ``what`` is (the score, what counts, how a counted item is called) for the
    reason, e.g. ``("perception score", "answered items", "answered")`` gives "perception score
    of 'A' needs 2 answered items; 1 of 2 answered"; ``rows`` the input row of each respondent.
    """
    score, counted, done = what
    parts = []
    respondents = answered.index.to_numpy(dtype=object)
    rows = np.full(len(respondents), np.nan) if rows is None else np.asarray(rows, dtype=float)
    for dim, items in instrument.dimensions.items():
        n_answered = answered[list(items)].to_numpy().sum(axis=1)
        need = min(min_items, len(items))
        short = np.flatnonzero((n_answered < need) & (n_answered > 0))
        if len(short):
            parts.append(log_part(
                row=rows[short], respondent=respondents[short], column=dim, value=n_answered[short],
                check="too_few_items", action="dimension_missing",
                reason=[f"{score} of {dim!r} needs {need} {counted}; {int(n)} of {len(items)} {done}"
                        for n in n_answered[short]]))
    return concat_log(parts)


#: Answers analysed together: (components, exclusion-log action code, check code, what the
#: reason calls them, the words of a min_items reason for the score they make). A survey holding
#: all the components of a group has every answer outside a complete group logged as not used.
ANSWER_GROUPS = (
    (("expectation", "perception"), "not_used", "incomplete_pair", "pair",
     ("gap score", "answered pairs", "answered")),
    (("adequate", "desired", "perception"), "not_used_zone", "incomplete_triple",
     "adequate/desired/perception triple",
     ("zone-of-tolerance score", "items with all three answers", "complete")),
)


def make_survey(instrument: Instrument, answers: dict[str, pd.DataFrame], segments: pd.DataFrame,
                *, weight=None, dimension_weights=None, records: list | None = None,
                min_items: int = 1, missing: str = "available", metadata=None,
                source_columns: dict[str, dict[str, str]] | None = None, outcomes=None,
                rows=None, cell_rows: dict[str, np.ndarray] | None = None, complete=()) -> Survey:
    """Assemble a Survey from validated parts, applying the missing-data rules and logging them.

    Answers that an analysis cannot use because their pair (E/P, for gaps) or triple (A/D/P,
    for the zone of tolerance) is incomplete get one log row each. A dimension score left
    missing by ``min_items`` gets one log row per respondent and score: the gap score counts
    complete pairs and the zone of tolerance complete triples, as
    :meth:`Survey.dimension_scores` and :func:`servgap.zone_of_tolerance` do; a survey without
    E/P pairs also has its primary score (perception, or the only component) counted in
    answered items.

    ``records`` are earlier log entries (dicts or DataFrames with :data:`EXCLUSION_COLUMNS`);
    ``rows`` the input row of each respondent (aligned with ``segments``) and ``cell_rows``
    component → respondents × items input rows where an answer came from another row (long
    data); both default to no row. ``complete`` names components known to have no missing
    answer (the loader's checks saw every value), whose checks are skipped; an answer given
    as :class:`WholeAnswers` (complete whole numbers the loader checked) is one of them.
    """
    parts = [p if isinstance(p, pd.DataFrame) else exclusion_frame([p]) for p in (records or [])]
    index = segments.index
    rows = np.full(len(index), np.nan) if rows is None else np.asarray(rows, dtype=float)
    complete = [*complete, *(k for k, v in answers.items() if isinstance(v, WholeAnswers))]
    items = pd.Index(list(instrument.items), name="item")
    answers = _Answers(answers, index, items)  # whole-number answers as frames only where needed
    if missing == "listwise" and not set(answers) <= set(complete):
        incomplete = np.zeros(len(index), dtype=bool)
        for kind in answers:
            if kind not in complete:
                incomplete |= np.isnan(answers[kind].to_numpy(dtype=float)).any(axis=1)
        positions = np.flatnonzero(incomplete)
        if len(positions):
            holes = {k: np.zeros((len(positions), len(items)), dtype=bool) if k in complete else
                     np.isnan(answers[k].to_numpy(dtype=float)[positions]) for k in answers}
            columns, counts = [], []
            for j in range(len(positions)):
                gaps = [(source_columns or {}).get(k, {}).get(i, f"{k}:{i}")
                        for k in answers for i in items[holes[k][j]]]
                columns.append(", ".join(gaps[:10]) + (" …" if len(gaps) > 10 else ""))
                counts.append(len(gaps))
            parts.append(log_part(row=rows[positions], respondent=index[positions].to_numpy(dtype=object),
                                  column=columns, value=np.nan, check="listwise",
                                  action="excluded_respondent",
                                  reason=[f"listwise deletion: {c} missing answers" for c in counts]))
            keep = ~incomplete
            index = index[keep]
            rows = rows[keep]
            answers = _Answers({k: WholeAnswers(answers.small[k][keep]) if k in answers.small else v.iloc[keep]
                                for k, v in answers._held.items()}, index, items)
            segments = segments.iloc[keep]
            weight = None if weight is None else weight.iloc[keep]
            dimension_weights = None if dimension_weights is None else dimension_weights.iloc[keep]
            outcomes = None if outcomes is None else outcomes.iloc[keep]
            cell_rows = None if cell_rows is None else {k: v[keep] for k, v in cell_rows.items()}
    # (respondents × items that count for a dimension score, (score, what counts, its verb)):
    # one entry per score, so no dimension row is logged twice
    counted = []
    for kinds, action, check, name, score_words in ANSWER_GROUPS:
        if all(k in answers for k in kinds):
            if not set(kinds) <= set(complete):
                    parts.append(_incomplete_group_records({k: answers[k] for k in kinds}, action, check, name,
                                                       source_columns or {}, rows, cell_rows))
            counted.append((kinds, score_words))
    if not ("expectation" in answers and "perception" in answers):
        # the primary score (perception, or the only component) counts answered items on its own
        kind = "perception" if "perception" in answers else next(iter(answers))
        counted.append(((kind,), (f"{kind} score", "answered items", "answered")))
    if min_items > 1:
        for kinds, what in counted:
            if set(kinds) <= set(complete):
                continue
            complete = answers[kinds[0]].notna()
            for k in kinds[1:]:
                complete &= answers[k].notna()
            parts.append(dimension_score_exclusions(instrument, complete, min_items, what, rows))
    return Survey(instrument=instrument, answers=answers, segments=segments, weight=weight,
                  dimension_weights=dimension_weights, exclusions=concat_log(parts), min_items=min_items,
                  missing=missing, metadata=dict(metadata or {}), outcomes=outcomes)


def _incomplete_group_records(group: dict[str, pd.DataFrame], action: str, check: str, name: str,
                              source_columns: dict[str, dict[str, str]], rows=None,
                              cell_rows: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """One log row per answer whose partners in ``group`` (E for P; A and D for P, …) are not
    all given; built column-wise because real surveys have many of them."""
    parts = []
    kinds = list(group)
    items = next(iter(group.values())).columns
    respondents = next(iter(group.values())).index.to_numpy(dtype=object)
    values = {k: v.to_numpy(dtype=float) for k, v in group.items()}
    if not any(np.isnan(np.min(v)) for v in values.values() if v.size):
        return empty_exclusions()  # the common case, in one pass per block: no answer missing
    given = {k: ~np.isnan(v) for k, v in values.items()}
    for kind in kinds:
        others = [k for k in kinds if k != kind]
        partners = given[others[0]].copy()
        for k in others[1:]:
            partners &= given[k]
        unused = given[kind] & ~partners
        if not unused.any():  # the common case: every answer has its partners
            continue
        r, c = np.nonzero(unused)
        lacking = sum((~given[k][r, c]).astype(np.int8) << j for j, k in enumerate(others))  # bit j: others[j] missing
        names = source_columns.get(kind, {})
        column_names = np.array([names.get(i, f"{kind}:{i}") for i in items], dtype=object)[c]
        # reasons[item, pattern]: one string per item and pattern of missing partners
        reasons = np.empty((len(items), 2 ** len(others)), dtype=object)
        for pattern in range(1, 2 ** len(others)):
            missing = [k for j, k in enumerate(others) if pattern >> j & 1]
            what = f"{' and '.join(missing)} answer{'s' if len(missing) > 1 else ''} missing"
            reasons[:, pattern] = [f"{what} for item {i!r}" if len(kinds) == 2 else
                                   f"incomplete {name} for item {i!r}: {what}" for i in items]
        if cell_rows is not None and kind in cell_rows:
            at = cell_rows[kind][r, c]
        else:
            at = np.full(len(respondents), np.nan) if rows is None else np.asarray(rows, dtype=float)
            at = at[r]
        parts.append(log_part(row=at, respondent=respondents[r], column=column_names,
                              value=group[kind].to_numpy()[r, c], check=check, action=action,
                              reason=reasons[c, lacking]))
    return concat_log(parts)
