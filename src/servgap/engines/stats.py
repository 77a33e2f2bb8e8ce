"""The statistics source of a survey on an engine: :mod:`servgap.stats` as SQL aggregates.

:class:`EngineStats` answers the same calls as :class:`servgap.stats.MemoryStats` —
``names``, ``groups``, ``moments``, ``crossproducts``, ``value_counts`` — with one
``GROUP BY`` query each over the survey's validated view, and caches every answer. Only the
aggregates (a few kilobytes) come back from the engine. ``rows`` and ``codes``, the doors to
respondent rows, raise a :class:`~servgap.ServgapError` that names the alternatives.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import ServgapError
from ..i18n import label
from ..stats.aggregates import ColumnNames, CrossProducts, Groups, Moments, ValueCounts
from ..stats.memory import LEVELS, OUTCOME, _lcm_upto
from . import _sql

__all__ = ["EngineStats"]

_MAX_LATTICE = 200_000
_MAX_CELLS = 50_000_000


class _Null:
    """Sorts after every value: a missing segment value's place in the group keys."""

    def __lt__(self, other):
        return False

    def __gt__(self, other):
        return not isinstance(other, _Null)

    def __eq__(self, other):
        return isinstance(other, _Null)

    def __hash__(self):
        return 0


_NULL = _Null()


class EngineStats(ColumnNames):
    """Aggregates of a survey on an engine (see :mod:`servgap.stats` for the interface).

    Parameters
    ----------
    engine : object
        The engine adapter: ``dialect`` and ``fetch(sql) -> list of tuples``.
    table : str
        The validated view (one row per kept respondent).
    segments : dict of str to str
        Segment name → its column in the view.
    scores : servgap.engines._sql.Scores
        SQL expressions of every score and level.
    weighted : bool
        The view holds a survey weight ``_w``.

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> survey = servgap.scan(load_example(as_frame=True), "servqual22", segments=["branch"])
    >>> m = survey.stats.moments("gap", "item", by=("branch",))
    >>> m.mean.shape
    (3, 22)
    """

    def __init__(self, engine, table: str, segments: dict, scores, weighted: bool):
        self.engine = engine
        self.table = table
        self.segments = dict(segments)
        self.scores = scores
        self.weighted = weighted
        self.items, self.dimensions = scores.items, scores.dimensions
        self._cache: dict = {}

    # -- groups --------------------------------------------------------------------------------

    def _by(self, by) -> list[str]:
        return [self.segments[name] for name in by]

    def groups(self, by=()) -> Groups:
        """The groups of the segment columns ``by``, sorted, missing values last."""
        by = tuple(by)
        key = ("groups", by)
        if key not in self._cache:
            cols = self._by(by)
            rows = self.engine.fetch(f"SELECT {', '.join([*cols, 'count(*)'])} FROM {self.table}"
                                     f"{_sql.group_clause(cols)}")
            found = sorted(((tuple(_NULL if v is None else v for v in r[:-1]), int(r[-1])) for r in rows),
                           key=lambda kv: kv[0])
            if not by:
                found = [((), sum(size for _, size in found))]
            keys = [tuple(np.nan if v is _NULL else v for v in k) for k, _ in found]
            index = {k: g for g, (k, _) in enumerate(found)}
            self._cache[key] = (Groups(by=by, keys=keys, sizes=tuple(s for _, s in found)), index)
        return self._cache[key][0]

    def _group_index(self, by: tuple, row) -> int:
        self.groups(by)
        return self._cache[("groups", by)][1][tuple(_NULL if v is None else v for v in row[:len(by)])]

    @property
    def n_rows(self) -> int:
        """Respondents in the validated view."""
        return int(sum(self.groups(()).sizes))

    # -- no rows on an engine ------------------------------------------------------------------
    def rows(self, kind: str, level: str):
        """Respondent rows are not fetched from an engine: raises :class:`ServgapError`."""
        raise ServgapError(label("engine.no_rows", "en"))

    def codes(self, by=()):
        """Group numbers per respondent are rows too: raises :class:`ServgapError`."""
        raise ServgapError(label("engine.no_rows", "en"))

    def block(self, kind: str, level: str, rows):
        raise ServgapError(label("engine.no_rows", "en"))

    # -- aggregates ----------------------------------------------------------------------------
    def _exprs(self, kind: str, level: str) -> list[str]:
        if level not in LEVELS:
            raise ValueError(f"`level` must be one of {list(LEVELS)}, got {level!r}.")
        if kind.startswith(OUTCOME):  # an outcome: a numeric segment column of the view
            name = kind[len(OUTCOME):]
            if level != "overall" or name not in self.segments:
                raise ServgapError(f"This survey has no outcome or segment column {name!r} (at level 'overall').")
            return [f"CAST({self.segments[name]} AS DOUBLE)"]
        return self.scores.columns(kind, level)

    def _values(self, *kinds) -> str:
        """The validated table with the per-respondent values of ``kinds`` (a subquery)."""
        return self.scores.relation(self.table, [k for k in kinds if not k.startswith(OUTCOME)])

    def moments(self, kind: str, level: str, by=(), weighted: bool = False) -> Moments:
        """Count, mean and second moment per group and column (see :class:`Moments`)."""
        by = tuple(by)
        weighted = bool(weighted and self.weighted)
        key = ("moments", kind, level, by, weighted)
        if key in self._cache:
            return self._cache[key]
        names = self.names(level)
        exprs = self._exprs(kind, level)
        size, k = self.groups(by).size, len(names)
        n = np.zeros((size, k))
        if not weighted:
            mean, var_pop = np.full((size, k), np.nan), np.full((size, k), np.nan)
            for row in self.engine.fetch(_sql.moments_query(self._values(kind), exprs, self._by(by), False)):
                g = self._group_index(by, row)
                vals = row[len(by):]
                n[g] = [_num(v, 0.0) for v in vals[0::3]]
                mean[g] = [_num(v) for v in vals[1::3]]
                var_pop[g] = [_num(v) for v in vals[2::3]]
            with np.errstate(invalid="ignore"):
                m2 = np.where(n > 0, var_pop * n, np.nan)
            result = Moments(names=names, n=n, mean=mean, m2=m2, sum_w=n, sum_w2=n, weighted=False)
        else:
            shift = np.nan_to_num(self.moments(kind, level).mean[0])
            sw, sw2, s1, sw2d, sw2d2 = (np.zeros((size, k)) for _ in range(5))
            for row in self.engine.fetch(_sql.moments_query(self._values(kind), exprs, self._by(by), True, shift)):
                g = self._group_index(by, row)
                vals = [_num(v, 0.0) for v in row[len(by):]]
                for target, offset in ((sw, 0), (sw2, 1), (s1, 2), (sw2d, 3), (sw2d2, 4), (n, 5)):
                    target[g] = vals[offset::6]
            with np.errstate(invalid="ignore", divide="ignore"):
                delta = np.where(sw > 0, s1 / np.where(sw > 0, sw, 1), np.nan)
                m2 = sw2d2 - 2 * delta * sw2d + delta ** 2 * sw2
            result = Moments(names=names, n=n, mean=shift + delta, m2=m2, sum_w=sw, sum_w2=sw2, weighted=True)
        self._cache[key] = result
        return result

    def crossproducts(self, blocks, by=(), weight_power: int = 0, complete: bool = False) -> CrossProducts:
        """Pairwise counts, sums and cross-sums of the columns of ``blocks`` per group
        (``complete=True``: of the rows with every column only)."""
        blocks, by = tuple(tuple(b) for b in blocks), tuple(by)
        if not self.weighted:
            weight_power = 0
        key = ("cross", blocks, by, weight_power, bool(complete))
        if key in self._cache:
            return self._cache[key]
        names = tuple(f"{kind}:{name}" for kind, level in blocks for name in self.names(level))
        shift = np.concatenate([np.nan_to_num(self.moments(kind, level).mean[0]) for kind, level in blocks])
        exprs = [e for kind, level in blocks for e in self._exprs(kind, level)]
        listwise = bool(complete)
        complete = listwise or all(bool((self.moments(kind, level).n[0] == self.n_rows).all())
                                   for kind, level in blocks)
        k, size = len(names), self.groups(by).size
        count, sums, cross = np.zeros((size, k, k)), np.zeros((size, k, k)), np.zeros((size, k, k))
        upper = np.triu_indices(k)
        query = _sql.crossproducts_query(self._values(*(k for k, _ in blocks)), exprs, self._by(by), shift,
                                         weight_power, complete, listwise)
        for row in self.engine.fetch(query):
            g = self._group_index(by, row)
            vals = np.array([_num(v, 0.0) for v in row[len(by):]])
            if complete:
                count[g] = vals[0]
                sums[g] = vals[1:1 + k][:, None]
                rest = vals[1 + k:]
            else:
                m = len(upper[0])
                count[g][upper] = vals[:m]
                count[g] = np.triu(count[g]) + np.triu(count[g], 1).T
                sums[g] = vals[m:m + k * k].reshape(k, k)
                rest = vals[m + k * k:]
            cross[g][upper] = rest
            cross[g] = np.triu(cross[g]) + np.triu(cross[g], 1).T
        result = CrossProducts(names=names, shift=shift, count=count, sums=sums, cross=cross)
        self._cache[key] = result
        return result

    def value_counts(self, kind: str, level: str, by=()) -> ValueCounts | None:
        """Respondents per lattice value, group and column, or None for values off a lattice
        (the same lattice as :meth:`servgap.stats.MemoryStats.value_counts`)."""
        by = tuple(by)
        key = ("counts", kind, level, by)
        if key not in self._cache:
            self._cache[key] = self._value_counts(kind, level, by)
        return self._cache[key]

    def _value_counts(self, kind, level, by):
        m = max((len(i) for i in self.scores.dim_items), default=1)
        scale = {"item": 1, "dimension": _lcm_upto(m)}.get(level, _lcm_upto(m) * len(self.scores.dim_items))
        if level == "overall_weighted":
            return None
        if not (self.moments(kind, level).n[0] > 0).any():
            return None
        exprs = self._exprs(kind, level)
        (row,) = self.engine.fetch(_sql.lattice_query(self._values(kind), exprs, scale))
        low = np.array([_num(v) for v in row[0::3]])
        high = np.array([_num(v) for v in row[1::3]])
        off = np.array([_num(v, 0.0) for v in row[2::3]])
        if np.any(off > 1e-7):
            return None
        base = math.floor(round(float(np.nanmin(low)) * scale, 6))
        top = math.ceil(round(float(np.nanmax(high)) * scale, 6))
        n_values = top - base + 1
        names = self.names(level)
        k, n_groups = len(names), self.groups(by).size
        if n_values * k * n_groups > _MAX_CELLS or n_values > _MAX_LATTICE:
            return None
        counts = np.zeros((n_groups, k, n_values))
        query = _sql.value_counts_query(self.engine.dialect, self._values(kind), exprs, self._by(by), scale, base)
        for r in self.engine.fetch(query):
            g = self._group_index(by, r)
            j, cell, c = r[len(by):]
            counts[g, int(j), int(cell)] = c
        values = (base + np.arange(n_values)) / scale
        return ValueCounts(names=names, values=values, counts=counts)


def _num(value, default=np.nan) -> float:
    return default if value is None else float(value)
