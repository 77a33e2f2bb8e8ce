"""Instruments: which items a questionnaire has, how they group into dimensions, and its scale."""

from __future__ import annotations

import json
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from .errors import ServgapError
from .i18n import check_lang, label

__all__ = ["Instrument", "COMPONENTS"]

#: The kinds of answer a survey can hold for each item.
COMPONENTS = ("expectation", "perception", "adequate", "desired", "importance")

_TRUE = {"1", "true", "yes", "y", "ya", "reverse", "r", "x"}


def _is_true_flag(value) -> bool:
    """A codebook's reverse flag read as true: yes/true/1, …; a whole number counts by its value,
    so 1.0 and "1.0" (pandas makes a column of ints with a blank a float column) are true."""
    text = str(value).strip().lower()
    try:
        number = float(text)
    except ValueError:
        return text in _TRUE
    return number.is_integer() and str(int(number)) in _TRUE


@dataclass(frozen=True, eq=False)
class Instrument:
    """A questionnaire: items grouped into dimensions, answered on one numeric scale.

    Parameters
    ----------
    name : str
        Short identifier, e.g. ``"servqual22"``.
    dimensions : mapping of str to sequence of str
        Dimension name → item ids, in questionnaire order. Item ids are stored as strings.
    scale : (low, high), default (1, 7)
        The answer scale; answers outside it are invalid.
    reverse : sequence of str, default ()
        Reverse-keyed (negatively worded) items, re-scored on load as ``low + high - x``.
    components : sequence of str, default ("expectation", "perception")
        The answers each item normally has: ``("perception",)`` for SERVPERF,
        ``("adequate", "desired", "perception")`` for three-column and LibQUAL+ surveys.
    item_labels : mapping, optional
        Item id → ``{"en": text, "id": text}``.
    dimension_labels : mapping, optional
        Dimension → ``{"en": name, "id": name}``.
    description : str, optional
        One sentence shown in summaries.

    Raises
    ------
    ServgapError
        When the definition contradicts itself: an item in two dimensions, ``low >= high``,
        a reverse-keyed item that no dimension holds, an empty dimension, an unknown component.

    Examples
    --------
    >>> from servgap import Instrument
    >>> inst = Instrument("pharmacy", {"Tangibles": ["T1", "T2"], "Empathy": ["E1"]}, scale=(1, 5))
    >>> inst.items
    ('T1', 'T2', 'E1')
    >>> inst.dimension_of("E1")
    'Empathy'
    """

    name: str
    dimensions: Mapping[str, Iterable[str]]
    scale: tuple[float, float] = (1, 7)
    reverse: Iterable[str] = ()
    components: Iterable[str] = ("expectation", "perception")
    item_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    dimension_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    description: str = ""

    def __post_init__(self):
        if not isinstance(self.dimensions, Mapping):
            raise ServgapError(f"Instrument {self.name!r}: `dimensions` must be a mapping of dimension to "
                               f"item ids, got {type(self.dimensions).__name__}.")
        dims = {str(d): tuple(_item_id(i) for i in _as_ids(items)) for d, items in self.dimensions.items()}
        problems = []
        if not dims:
            problems.append("it has no dimensions")
        seen: dict[str, str] = {}
        for dim, items in dims.items():
            if not items:
                problems.append(f"dimension {dim!r} has no items")
            for item in items:
                if not item:
                    problems.append(f"dimension {dim!r} has an empty item id")
                elif item in seen:
                    where = f"twice in {dim!r}" if seen[item] == dim else f"in both {seen[item]!r} and {dim!r}"
                    problems.append(f"item {item!r} is {where}")
                seen[item] = dim
        # a string such as "17" would otherwise unpack into (1, 7)
        if isinstance(self.scale, (str, bytes)) or not isinstance(self.scale, Iterable):
            raise ServgapError(f"Instrument {self.name!r}: `scale` must be (low, high), got {self.scale!r}.")
        try:
            low, high = (float(v) for v in self.scale)
        except (TypeError, ValueError):
            raise ServgapError(f"Instrument {self.name!r}: `scale` must be (low, high), got {self.scale!r}.") from None
        if not low < high:
            problems.append(f"scale low ({low:g}) must be below high ({high:g})")
        reverse = tuple(_item_id(i) for i in _as_ids(self.reverse))
        problems += [f"reverse-keyed item {i!r} is in no dimension" for i in reverse if i not in seen]
        components = tuple(_as_ids(self.components))
        if not components:
            problems.append("it needs at least one component (e.g. 'perception')")
        problems += [f"unknown component {c!r} (expected one of {list(COMPONENTS)})"
                     for c in components if c not in COMPONENTS]
        problems += [f"component {c!r} is listed twice" for c in set(components) if components.count(c) > 1]
        problems += [f"item label given for {i!r}, which is in no dimension"
                     for i in map(_item_id, dict(self.item_labels)) if i not in seen]
        problems += [f"dimension label given for {d!r}, which is not a dimension"
                     for d in map(str, dict(self.dimension_labels)) if d not in dims]
        if problems:
            raise ServgapError(f"Instrument {self.name!r} is not valid: " + "; ".join(problems) + ".")
        scale = tuple(int(v) if float(v).is_integer() else v for v in (low, high))
        object.__setattr__(self, "dimensions", dims)
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "reverse", reverse)
        object.__setattr__(self, "components", components)
        object.__setattr__(self, "item_labels", {_item_id(k): dict(v) for k, v in dict(self.item_labels).items()})
        object.__setattr__(self, "dimension_labels", {str(k): dict(v) for k, v in dict(self.dimension_labels).items()})

    # -- what it holds -------------------------------------------------------------------------
    @property
    def items(self) -> tuple[str, ...]:
        """All item ids in questionnaire order (dimension by dimension)."""
        return tuple(i for items in self.dimensions.values() for i in items)

    @property
    def dimension_names(self) -> tuple[str, ...]:
        """The dimension names in order."""
        return tuple(self.dimensions)

    @property
    def n_items(self) -> int:
        """Number of items."""
        return len(self.items)

    def dimension_of(self, item: str) -> str:
        """Return the dimension that holds ``item``."""
        for dim, items in self.dimensions.items():
            if str(item) in items:
                return dim
        raise KeyError(f"item {item!r} is not in instrument {self.name!r}")

    def item_label(self, item: str, lang: str = "en") -> str:
        """Item text in ``lang`` (falls back to English, then to the item id)."""
        check_lang(lang)
        texts = self.item_labels.get(str(item), {})
        return texts.get(lang) or texts.get("en") or str(item)

    def dimension_label(self, dimension: str, lang: str = "en") -> str:
        """Dimension name in ``lang`` (falls back to English, then to the dimension key)."""
        check_lang(lang)
        texts = self.dimension_labels.get(str(dimension), {})
        return texts.get(lang) or texts.get("en") or str(dimension)

    def to_frame(self) -> pd.DataFrame:
        """The codebook: one row per item with ``item``, ``dimension``, ``reverse``,
        ``label_en`` and ``label_id``.

        Examples
        --------
        >>> from servgap import instruments
        >>> instruments.get("servqual22").to_frame().head(2)[["item", "dimension"]]
          item  dimension
        0    1  Tangibles
        1    2  Tangibles
        """
        rows = [{"item": i, "dimension": d, "reverse": i in self.reverse,
                 "label_en": self.item_label(i, "en"), "label_id": self.item_label(i, "id")}
                for d, items in self.dimensions.items() for i in items]
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        dims = ", ".join(f"{d} ({len(i)})" for d, i in self.dimensions.items())
        low, high = self.scale
        detail = label("summary.instrument_detail", n=self.n_items, low=low, high=high)
        rev = f", {label('summary.reverse_keyed', n=len(self.reverse))}" if self.reverse else ""
        return f"Instrument({self.name!r}: {detail}{rev}; {dims})"

    # -- other ways to build one ---------------------------------------------------------------
    @classmethod
    def from_dict(cls, spec: Mapping) -> "Instrument":
        """Build an instrument from a plain mapping (e.g. parsed JSON or YAML).

        ``spec`` holds ``name`` and ``dimensions`` and optionally the other constructor
        arguments; ``items`` may be given instead of ``dimensions`` as a list of
        ``{"item", "dimension", "label_en", "label_id", "reverse"}`` records. With ``items``,
        a top-level ``reverse`` (item ids) and ``item_labels`` (item → ``{"en": …, "id": …}``)
        add to what the records say.

        Parameters
        ----------
        spec : mapping
            The instrument definition.

        Returns
        -------
        Instrument

        Raises
        ------
        ServgapError
            A mapping without ``name`` and ``dimensions`` (or ``items``); in the ``items`` form,
            an unknown key, an item listed in the top-level ``reverse`` whose record says it is
            not reverse-keyed, a top-level item label that differs from its record's, and every
            problem :class:`Instrument` itself reports (e.g. an unknown item in ``reverse``).

        Examples
        --------
        >>> from servgap import Instrument
        >>> Instrument.from_dict({"name": "mini", "dimensions": {"A": [1, 2]}, "scale": [1, 5]})
        Instrument('mini': 2 items, scale 1-5; A (2))
        >>> inst = Instrument.from_dict({"name": "rec", "scale": [1, 5], "reverse": ["q2"],
        ...                              "item_labels": {"q1": {"id": "Bersih"}},
        ...                              "items": [{"item": "q1", "dimension": "A", "label_en": "Clean"},
        ...                                        {"item": "q2", "dimension": "A"}]})
        >>> inst.reverse, inst.item_label("q1", "id")
        (('q2',), 'Bersih')
        """
        spec = dict(spec)
        if "items" in spec and "dimensions" not in spec:
            return cls._from_item_records(spec)
        if "name" not in spec or "dimensions" not in spec:
            raise ServgapError("An instrument mapping needs `name` and `dimensions` (or `items`).")
        if "scale" in spec:
            spec["scale"] = tuple(spec["scale"])
        return cls(**spec)

    @classmethod
    def _from_item_records(cls, spec: dict) -> "Instrument":
        """The ``items`` form of :meth:`from_dict`: records, plus top-level keys merged in."""
        name = str(spec.get("name", "custom"))
        allowed = ("name", "items", "scale", "components", "description", "dimension_labels", "reverse",
                   "item_labels")
        unknown = [k for k in spec if k not in allowed]
        if unknown:
            raise ServgapError(f"Instrument {name!r}: unknown key(s) {unknown} in the mapping; the `items` form "
                               f"takes {list(allowed)}.")
        flags: dict[str, object] = {}  # item → True, or the record's not-reversed value
        built = _codebook_parts(pd.DataFrame(spec["items"]), source="`items`", reverse_flags=flags)
        problems = []
        top_reverse = tuple(_item_id(i) for i in _as_ids(spec.get("reverse", ())))
        problems += [f"item {i!r} is reverse-keyed in the top-level `reverse` but its record has "
                     f"reverse={flags[i]!r}" for i in top_reverse if i in flags and flags[i] is not True]
        labels = {item: dict(texts) for item, texts in built["item_labels"].items()}
        top_labels = spec.get("item_labels") or {}
        if not isinstance(top_labels, Mapping):
            raise ServgapError(f"Instrument {name!r}: `item_labels` must be a mapping of item id to "
                               f"{{'en': text, 'id': text}}, got {type(top_labels).__name__}.")
        for item, texts in top_labels.items():
            if not isinstance(texts, Mapping):
                raise ServgapError(f"Instrument {name!r}: `item_labels[{item!r}]` must be a mapping of "
                                   f"language to text, e.g. {{'en': ..., 'id': ...}}; got {texts!r}.")
            merged = labels.setdefault(_item_id(item), {})
            for lang, text in texts.items():
                if lang in merged and merged[lang] != text:
                    problems.append(f"item {_item_id(item)!r} has the {lang} label {merged[lang]!r} in its record "
                                    f"and {text!r} in the top-level `item_labels`")
                merged.setdefault(lang, text)
        if problems:
            raise ServgapError(f"Instrument {name!r} is not valid: " + "; ".join(problems) + ".")
        built["reverse"] = _merged_reverse(built, top_reverse)
        built["item_labels"] = labels
        built.update({k: spec[k] for k in ("scale", "components", "description", "dimension_labels") if k in spec})
        return cls(name=name, **built)

    @classmethod
    def from_codebook(cls, path, name: str | None = None, scale=(1, 7), *, item: str = "item",
                      dimension: str = "dimension", label=None, **kwargs) -> "Instrument":
        """Read an instrument from a codebook file: CSV or JSON with one record per item.

        Columns: ``item`` and ``dimension`` (required); ``label`` or ``label_en``,
        ``label_id`` and ``reverse`` (yes/true/1, also 1.0; no/false/0 or blank) are optional;
        so are ``dimension_label_en`` and ``dimension_label_id``, the dimension's names in
        English and Indonesian (charts and reports show them).
        A JSON file may also be a full :meth:`from_dict` mapping.

        Parameters
        ----------
        path : str or Path
        name : str, optional
            Instrument name; the file name without extension by default.
        scale : (low, high), default (1, 7)
        item, dimension : str
            The columns holding the item id and its dimension, e.g. ``item="question_id"``.
            Column names match case-insensitively.
        label : str or dict, optional
            The column holding the item text (English), or language → column, e.g.
            ``{"id": "text"}``. By default ``label``/``label_en`` and ``label_id``.
        **kwargs
            Other :class:`Instrument` arguments (``components``, ``description``, …).
            ``reverse=`` (item ids, or one id) adds reverse-keyed items to those the file
            marks; a whole-number float id such as 2.0 means item ``"2"``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from servgap import Instrument
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "codebook.csv"
        >>> _ = path.write_text("item,dimension,reverse\\nq1,Speed,no\\nq2,Speed,yes\\nq3,Care,\\n")
        >>> Instrument.from_codebook(path, scale=(1, 5)).reverse
        ('q2',)
        """
        path = Path(path)
        if not path.exists():
            raise ServgapError(f"Codebook file not found: {path}")
        if path.suffix.lower() == ".json":
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            if isinstance(data, dict):
                data.setdefault("name", name or path.stem)
                data.setdefault("scale", scale)
                return cls.from_dict(data)
            frame = pd.DataFrame(data)
        else:
            from .io.files import read_table

            frame = read_table(path)
        parts = _codebook_parts(frame, source=str(path), item=item, dimension=dimension, label=label)
        clash = [key for key in ("dimensions", "item_labels") if key in kwargs]
        if clash:
            raise ValueError(f"from_codebook takes {clash} from the codebook file {path}; change the "
                             "file, or build the Instrument directly.")
        if "dimension_labels" in kwargs and "dimension_labels" in parts:  # the caller's names win
            given = {str(d): dict(t) for d, t in dict(kwargs.pop("dimension_labels")).items()}
            parts["dimension_labels"] = {d: {**parts["dimension_labels"].get(d, {}), **given.get(d, {})}
                                         for d in {*parts["dimension_labels"], *given}}
        extra = [_item_id(i) for i in _as_ids(kwargs.pop("reverse", ()))]
        if extra:
            parts["reverse"] = _merged_reverse(parts, extra)
        return cls(name=name or path.stem, scale=scale, **parts, **kwargs)


def _codebook_parts(frame: pd.DataFrame, source: str, item: str = "item", dimension: str = "dimension",
                    label=None, reverse_flags: dict | None = None) -> dict:
    """Dimensions, item labels and reverse-keyed items from one record per item.

    ``reverse_flags``, when given, receives item → True for a record marked reverse-keyed and
    item → the record's value (e.g. ``"no"``) for one explicitly marked otherwise.
    """
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    item_col, dim_col = str(item).strip().lower(), str(dimension).strip().lower()
    if label is None:
        label_cols = (("en", "label_en"), ("en", "label"), ("id", "label_id"))
    elif isinstance(label, Mapping):
        label_cols = tuple((check_lang(lang), str(col).strip().lower()) for lang, col in label.items())
    else:
        label_cols = (("en", str(label).strip().lower()),)
    wanted = [item_col, dim_col, *(col for _, col in label_cols if label is not None)]
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise ServgapError(f"The codebook {source} needs the columns {wanted[:2]} (see `item=`, "
                           f"`dimension=` and `label=`); missing {missing}, found {list(frame.columns)}.")
    blank = [pos + 1 for pos, rec in enumerate(frame[[item_col, dim_col]].itertuples(index=False))
             if any(pd.isna(v) or not str(v).strip() for v in rec)]
    if blank:
        raise ServgapError(f"The codebook {source} has records without an item id or dimension "
                           f"(records {blank[:10]}, counting from 1); every record needs both.")
    dimensions: dict[str, list[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    dim_labels: dict[str, dict[str, str]] = {}
    reverse = []
    for rec in frame.to_dict("records"):
        item = _item_id(rec[item_col])
        dimensions.setdefault(str(rec[dim_col]).strip(), []).append(item)
        texts = {}
        for lang, col in label_cols:
            value = rec.get(col)
            if value is not None and not pd.isna(value) and str(value).strip():
                texts.setdefault(lang, str(value).strip())
        if texts:
            labels[item] = texts
        for lang in ("en", "id"):  # the dimension's name in each language (first record wins)
            name = rec.get(f"dimension_label_{lang}")
            if name is not None and not pd.isna(name) and str(name).strip():
                dim_labels.setdefault(str(rec[dim_col]).strip(), {}).setdefault(lang, str(name).strip())
        flag = rec.get("reverse")
        if flag is not None and not pd.isna(flag) and str(flag).strip():
            reversed_ = _is_true_flag(flag)
            if reversed_:
                reverse.append(item)
            if reverse_flags is not None:
                reverse_flags[item] = True if reversed_ else flag
    parts = {"dimensions": dimensions, "item_labels": labels, "reverse": tuple(reverse)}
    if dim_labels:
        parts["dimension_labels"] = dim_labels
    return parts


def _merged_reverse(parts: dict, extra) -> tuple:
    """The reverse-keyed items of codebook ``parts`` and of ``extra``, in questionnaire order;
    ids in no dimension go last, for :class:`Instrument` to report them."""
    order = [i for items in parts["dimensions"].values() for i in items]
    marked = set(parts["reverse"]) | set(extra)
    return (*(i for i in order if i in marked), *(i for i in extra if i not in order))


def _item_id(value) -> str:
    """Item ids are strings; a float id such as 3.0 read from a file becomes '3'."""
    if pd.api.types.is_float(value) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _as_ids(values) -> tuple:
    """A single id given as a string or number (``reverse="10"``, ``reverse=3``) is one id,
    not its characters."""
    if isinstance(values, (str, numbers.Number)):
        return (values,)
    return tuple(values)
