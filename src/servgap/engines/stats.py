"""The statistics source of a survey on an engine: :mod:`servgap.stats` as SQL aggregates.

:class:`EngineStats` answers the same calls as :class:`servgap.stats.MemoryStats` —
``names``, ``groups``, ``moments``, ``crossproducts``, ``value_counts`` — with ``GROUP BY``
queries over the survey's validated view, and caches every answer. Only the aggregates (a few
kilobytes) come back from the engine.

Passes over the data are what an engine's time goes to, so each query serves as many requests
as it can: it is grouped by every segment column at once (while their combinations are few),
and any coarser grouping — one segment, or everyone — follows exactly by adding groups up
(counts, shifted sums and cross-sums, value counts add; means and second moments combine as in
Chan, Golub & LeVeque); and the moments of a score at a level come with those of its related
scores (a gap with the expectation and perception of its pairs; the zone-of-tolerance scores
together) and with the lattice checks that value counts need. ``rows`` and ``codes``, the doors to
respondent rows, raise a :class:`~servgap.ServgapError` that names the alternatives.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import ServgapError
from ..i18n import label
from ..stats.aggregates import ColumnNames, CrossProducts, Groups, Moments, ValueCounts
from ..stats.memory import KINDS, LEVELS, OUTCOME, TRIPLE, ZONE, _lcm_upto
from . import _distinct, _sql

__all__ = ["EngineStats"]

_MAX_LATTICE = 200_000
_MAX_CELLS = 50_000_000
#: Segment combinations up to which every query is grouped by all segment columns at once.
_MAX_FINE_GROUPS = 256
#: Scores whose moments one query computes together (the analyses ask for them together).
_FAMILIES = (("gap", "paired_expectation", "paired_perception"), ("ipa_importance", "ipa_performance"),
             (*TRIPLE, *ZONE))
#: Blocks whose pairwise cross-products (unweighted, shift 0) come with their moments in the same
#: query: the gap's dimensions, for the standard error of the overall gap score.
_CROSS_WITH_MOMENTS = (("gap", "dimension"),)
#: Levels whose values are means of a kind's item values: for a given pattern of answered items,
#: linear combinations of them (see :meth:`EngineStats._pattern_aggregates`).
_LINEAR_LEVELS = ("item", "dimension", "scale_mean", "overall")
_CHUNK_CELLS = 1 << 22  # numbers per array in a step of the pattern algebra
_PATTERN_CELLS = 1 << 24  # numbers of answer-pattern sums held in memory at most (128 MB)


class _ManyPatterns(Exception):
    """More answer patterns than :data:`_PATTERN_CELLS` allows to hold (internal)."""
#: Levels whose moments one query computes together (the first one asked for, then the rest):
#: gap scores report items, dimensions and the overall score; reliability asks for the scale
#: means and the items.
_LEVELS_TOGETHER = {"item": ("item", "dimension", "overall"), "dimension": ("dimension", "item", "overall"),
                    "overall": ("overall", "item", "dimension"), "scale_mean": ("scale_mean", "item")}


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
    integer : bool, default False
        Every answer is a whole number (stored as an integer): item values of the answers,
        gaps, paired and zone scores are whole numbers and dimension means lie on the
        lattice of :meth:`value_counts` without a check.
    outcomes : dict of str to str, optional
        Outcome name → its DOUBLE column in the view (``outcomes=`` of :func:`servgap.scan`),
        served as the kind ``"outcome:<name>"``; a numeric segment column serves otherwise.

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import load_example
    >>> survey = servgap.scan(load_example(as_frame=True), "servqual22", segments=["branch"])
    >>> m = survey.stats.moments("gap", "item", by=("branch",))
    >>> m.mean.shape
    (3, 22)
    """

    def __init__(self, engine, table: str, segments: dict, scores, weighted: bool, integer: bool = False,
                 outcomes=None):
        self.engine = engine
        self.table = table
        self.segments = dict(segments)
        self.outcomes = dict(outcomes or {})
        self.scores = scores
        self.weighted = weighted
        self.integer = bool(integer)
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
            fine = self._fine(by)
            if fine != by:  # the groups of all segments, added up
                sizes: dict = {}
                pos = [fine.index(b) for b in by]
                for raw, size in self._cache[("groups", fine)][2]:
                    part = tuple(raw[p] for p in pos)
                    sizes[part] = sizes.get(part, 0) + size
                found = list(sizes.items())
            else:
                found = self._group_sizes(by)
            self._store_groups(by, found)
        return self._cache[key][0]

    def _group_sizes(self, by: tuple, limit: int | None = None) -> list | None:
        """(values, size) of each group of ``by``, counted by the engine; None where there
        are more than ``limit`` groups (only ``limit`` + 1 of them are fetched)."""
        cols = self._by(by)
        rows = self.engine.fetch(f"SELECT {', '.join([*cols, 'count(*)'])} FROM {self.table}"
                                 f"{_sql.group_clause(cols)}" + (f" LIMIT {limit + 1}" if limit is not None else ""))
        if limit is not None and len(rows) > limit:
            return None
        return [(tuple(_NULL if v is None else v for v in r[:-1]), int(r[-1])) for r in rows]

    def _store_groups(self, by: tuple, found: list) -> None:
        """Cache the groups of ``by`` from their (values, size) pairs: sorted, missing last."""
        found = sorted(found, key=lambda kv: kv[0])
        if not by:
            found = [((), sum(size for _, size in found))]
        keys = [tuple(np.nan if v is _NULL else v for v in k) for k, _ in found]
        index = {k: g for g, (k, _) in enumerate(found)}
        self._cache[("groups", by)] = (Groups(by=by, keys=keys, sizes=tuple(s for _, s in found)), index, found)

    def _fine(self, by: tuple) -> tuple:
        """The grouping a query of ``by`` is run with: every segment column when their
        combinations are few (``by`` then follows by adding groups up), else ``by`` itself.
        Many combinations (a postcode segment) are not fetched to find that out."""
        if "fine" not in self._cache:
            every = tuple(self.segments)
            self._cache["fine"] = ()
            if every:
                found = self._group_sizes(every, limit=_MAX_FINE_GROUPS)
                if found is not None:
                    self._cache["fine"] = every
                    self._store_groups(every, found)
        fine = self._cache["fine"]
        return fine if fine and set(by) <= set(fine) else by

    def _fold(self, fine: tuple, by: tuple) -> np.ndarray:
        """The group of ``by`` each group of ``fine`` belongs to."""
        self.groups(fine)
        self.groups(by)
        pos = [fine.index(b) for b in by]
        index = self._cache[("groups", by)][1]
        return np.array([index[tuple(raw[p] for p in pos)] for raw, _ in self._cache[("groups", fine)][2]],
                        dtype=np.intp)

    def _add_up(self, values: np.ndarray, fine: tuple, by: tuple) -> np.ndarray:
        """Per-group sums of ``values`` (groups of ``fine`` first) for the groups of ``by``."""
        if fine == by:
            return values
        target = self._fold(fine, by)
        out = np.zeros((self.groups(by).size, *values.shape[1:]))
        np.add.at(out, target, values)
        return out

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
        if kind.startswith(OUTCOME):  # an outcome column of the view or, failing that, a numeric segment
            name = kind[len(OUTCOME):]
            if level != "overall" or (name not in self.outcomes and name not in self.segments):
                raise ServgapError(f"This survey has no outcome or segment column {name!r} (at level 'overall').")
            return [f"CAST({self.outcomes.get(name) or self.segments[name]} AS DOUBLE)"]
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
        self._exprs(kind, level)  # an unknown level or outcome fails here, before any query
        if not weighted and level == "scale_mean" and self._linear(kind, "item"):
            # the scale means (reliability) come with the items' answer patterns, grouped by
            # ``by`` alone: the pass the cross-products of items and scales follow from
            try:
                for lv, result in self._moments_from_patterns(kind, _LEVELS_TOGETHER[level], by).items():
                    self._cache.setdefault(("moments", kind, lv, by, False), result)
                return self._cache[key]
            except _ManyPatterns:  # too many answer patterns to hold: the moments query below
                pass
        fine = self._fine(by)
        if ("fine_moments", kind, level, fine, weighted) not in self._cache:
            self._moments_batch(kind, level, fine, weighted)
        sums = self._cache[("fine_moments", kind, level, fine, weighted)]
        names = self.names(level)
        if not weighted:  # per group: n, mean, m2; groups combine by Chan, Golub & LeVeque
            n_f, mean_f, m2_f = sums
            n = self._add_up(n_f, fine, by)
            with np.errstate(invalid="ignore", divide="ignore"):
                total = self._add_up(np.where(n_f > 0, n_f * mean_f, 0.0), fine, by)
                mean = np.where(n > 0, total / np.where(n > 0, n, 1), np.nan) if fine != by else mean_f
                if fine != by:
                    at = mean[self._fold(fine, by)]
                    spread = np.where(n_f > 0, m2_f + n_f * (mean_f - at) ** 2, 0.0)
                    m2 = np.where(n > 0, self._add_up(spread, fine, by), np.nan)
                else:
                    m2 = m2_f
            result = Moments(names=names, n=n, mean=mean, m2=m2, sum_w=n, sum_w2=n, weighted=False)
        else:  # shifted weighted sums add up
            shift, *parts = sums
            n, sw, sw2, s1, sw2d, sw2d2 = (self._add_up(x, fine, by) for x in parts)
            with np.errstate(invalid="ignore", divide="ignore"):
                delta = np.where(sw > 0, s1 / np.where(sw > 0, sw, 1), np.nan)
                m2 = sw2d2 - 2 * delta * sw2d + delta ** 2 * sw2
            result = Moments(names=names, n=n, mean=shift + delta, m2=m2, sum_w=sw, sum_w2=sw2, weighted=True)
        self._cache[key] = result
        return result

    def _family(self, kind: str, level: str) -> list[str]:
        """``kind`` and the related scores whose moments at ``level`` one query computes."""
        family = next((f for f in _FAMILIES if kind in f), (kind,))
        out = [kind]
        for other in family:
            if other == kind or (level == "scale_mean" and other in ZONE[3:]):
                continue
            if level == "overall_weighted" and (other in ZONE[3:] or not self.scores.has_weights):
                continue
            out.append(other)
        return out

    def _linear(self, kind: str, level: str) -> bool:
        """Whether the values of ``kind`` at ``level`` are its item values or means of them
        (dimension means with ``min_items``, scale means, the overall mean of the dimension
        means): then, within one pattern of answered items, a linear combination of the items."""
        return level in _LINEAR_LEVELS and kind in KINDS and kind != "dimension_weight" and kind not in ZONE[3:]

    def _pattern_shift(self, kind: str) -> float:
        """The value the answer-pattern sums of ``kind`` are taken about: the whole number
        nearest the mean of the item values of the first rows, so that answers far from zero (a
        scale of 29,000–29,006, or 1,000,000 + x) keep their digits, and whole numbers stay whole
        (exact sums: a constant item has variance 0). One value for all items: a mean of items
        then moves by it too (y − c = B (x − c) when B's rows sum to 1)."""
        key = ("pattern_shift", kind)
        if key not in self._cache:
            shift = 0.0
            exprs = self._exprs(kind, "item")
            head = self.engine.fetch(f"SELECT {', '.join(exprs)} FROM {self._values(kind)} LIMIT 1024")
            values = np.array([[_num(v) for v in row] for row in head], dtype=float)
            if values.size and not np.isnan(values).all():
                shift = float(np.round(np.nanmean(values)))
            self._cache[key] = shift
        return self._cache[key]

    def _pattern_rows(self, kind: str, by: tuple, weight_power: int):
        """One pass: per group of ``by`` and pattern of answered items of ``kind``, Σ W, Σ W d_i
        and Σ W d_i d_j with d = x − :meth:`_pattern_shift` as arrays: (group of each row, flags
        m (rows, k), C (rows,), S (rows, k), Q's upper triangle (rows, k(k+1)/2)).
        Raises :class:`_ManyPatterns` when the patterns are too many to hold (answers missing
        in many combinations): the callers then take the queries that keep them in the engine."""
        key = ("pattern_rows", kind, by, weight_power)
        if key not in self._cache:
            exprs = self._exprs(kind, "item")
            k = len(exprs)
            width = 2 * k + 1 + k * (k + 1) // 2
            cap = max(1, _PATTERN_CELLS // width)
            query = _sql.patterns_query(self._values(kind), exprs, self._by(by),
                                        np.full(k, self._pattern_shift(kind)), weight_power)
            keys, vals = self.engine.fetch_array(f"SELECT * FROM ({query}) p LIMIT {cap + 1}", len(by))
            if len(keys) > cap:
                self._cache[key] = None
            else:
                vals = vals.reshape(len(keys), width)
                group = np.array([self._group_index(by, kv) for kv in keys], dtype=np.intp)
                self._cache[key] = (group, vals[:, :k], vals[:, k], vals[:, k + 1:2 * k + 1], vals[:, 2 * k + 1:])
        if self._cache[key] is None:
            raise _ManyPatterns
        return self._cache[key]

    def _pattern_map(self, m: np.ndarray, targets) -> tuple[np.ndarray, np.ndarray]:
        """For pattern flags ``m`` (rows, k) and target columns (level, position): whether each
        target is given (rows, t) and its coefficients on the items (rows, t, k), zero where
        it is not given (values zero-filled, as in the pairwise aggregates)."""
        rows, k = m.shape
        dims = [list(idx) for idx in self.scores.dim_items]

        def mean_of(idx, need):
            n = m[:, idx].sum(axis=1)
            given = n >= need
            coef = np.zeros((rows, k))
            with np.errstate(divide="ignore", invalid="ignore"):
                coef[:, idx] = np.where(given[:, None], m[:, idx] / n[:, None], 0.0)
            return given.astype(float), coef

        f, b = np.zeros((rows, len(targets))), np.zeros((rows, len(targets), k))
        for t, (level, j) in enumerate(targets):
            if level == "item":
                f[:, t], b[:, t, j] = m[:, j], m[:, j]
            elif level == "dimension":
                f[:, t], b[:, t] = mean_of(dims[j], min(self.scores.min_items, len(dims[j])))
            elif level == "scale_mean":
                f[:, t], b[:, t] = mean_of(dims[j] if j < len(dims) else list(range(k)), 1)
            else:  # overall: the mean of the dimension means given
                parts = [mean_of(idx, min(self.scores.min_items, len(idx))) for idx in dims]
                n_dims = sum(given for given, _ in parts)
                f[:, t] = (n_dims > 0).astype(float)
                with np.errstate(divide="ignore", invalid="ignore"):
                    b[:, t] = np.where(n_dims[:, None] > 0, sum(coef for _, coef in parts) / n_dims[:, None], 0.0)
        return f, b

    def _pattern_aggregates(self, kind: str, targets, by: tuple, weight_power: int = 0, requests=None):
        """Pairwise counts, sums and cross-sums (about :meth:`_pattern_shift`; the layout of
        :class:`CrossProducts`) of target columns (level, position) of ``kind`` per group of ``by``, from the answer
        patterns of its items: within a pattern each target is a fixed linear combination
        y = B x of the items, so Σ y = B Σx and Σ y yᵀ = B (Σ x xᵀ) Bᵀ.

        ``requests`` (columns, required), positions among ``targets``: the aggregates of those
        columns over the rows where each required target is given, one (count, sums, cross)
        per request; by default all targets over every row."""
        requests = [(tuple(range(len(targets))), ())] if requests is None else list(requests)
        group, m, c, sums, q = self._pattern_rows(kind, by, weight_power)
        size, t, k = self.groups(by).size, len(targets), m.shape[1]
        upper = np.triu_indices(k)
        out = [tuple(np.zeros((size, len(cols), len(cols))) for _ in range(3)) for cols, _ in requests]
        step = max(64, _CHUNK_CELLS // (t * max(t, k) or 1))
        for start in range(0, len(group), step):
            part = slice(start, start + step)
            f, b = self._pattern_map(m[part], targets)
            g = group[part]
            s = np.einsum("rtk,rk->rt", b, sums[part])
            full = np.zeros((len(g), k, k))
            full[:, upper[0], upper[1]] = q[part]
            full[:, upper[1], upper[0]] = q[part]
            qq = np.matmul(np.matmul(b, full), np.swapaxes(b, 1, 2))
            for (cols, req), (count, total, cross) in zip(requests, out):
                cols = list(cols)
                v = np.prod(f[:, list(req)], axis=1) if req else np.ones(len(g))
                fc, sc, qc = f[:, cols], s[:, cols] * v[:, None], qq[:, cols][:, :, cols] * v[:, None, None]
                wc = (c[part] * v)[:, None] * fc
                for at in np.unique(g):
                    rows = g == at
                    count[at] += wc[rows].T @ fc[rows]
                    total[at] += sc[rows].T @ fc[rows]
                    cross[at] += qc[rows].sum(axis=0)
        return out

    def _moments_from_patterns(self, kind: str, levels, by: tuple) -> dict:
        """Unweighted moments of ``kind`` at ``levels`` per group of ``by`` from the answer
        patterns of its items (the pass that its cross-products need too): level → Moments."""
        targets = [(level, j) for level in levels for j in range(len(self.names(level)))]
        ((count, total, cross),) = self._pattern_aggregates(kind, targets, by)
        n = np.diagonal(count, axis1=1, axis2=2)
        s = np.diagonal(total, axis1=1, axis2=2)
        sq = np.diagonal(cross, axis1=1, axis2=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            delta = np.where(n > 0, s / np.where(n > 0, n, 1), np.nan)
            m2 = np.where(n > 0, np.maximum(sq - s * delta, 0.0), np.nan)
            mean = self._pattern_shift(kind) + delta
        out, start = {}, 0
        for level in levels:
            cols = slice(start, start + len(self.names(level)))
            start += len(self.names(level))
            out[level] = Moments(names=self.names(level), n=n[:, cols], mean=mean[:, cols], m2=m2[:, cols],
                                 sum_w=n[:, cols], sum_w2=n[:, cols], weighted=False)
        return out

    def _moments_batch(self, kind: str, level: str, by: tuple, weighted: bool) -> None:
        """One query: the moments of ``kind`` and its family at ``level`` per group of ``by``,
        and at the levels asked for with it (:data:`_LEVELS_TOGETHER`): the per-respondent
        values of every level derive from the same item values, so one pass computes them once
        instead of once per level."""
        levels = ((level,) if kind == "dimension_weight" or kind.startswith(OUTCOME)
                  else _LEVELS_TOGETHER.get(level, (level,)))
        pairs = [(k, lv) for lv in levels for k in self._family(kind, lv)
                 if ("fine_moments", k, lv, by, weighted) not in self._cache]
        kinds = list(dict.fromkeys(k for k, _ in pairs))
        blocks = [((k, lv), self._exprs(k, lv)) for k, lv in pairs]
        exprs = [e for _, block in blocks for e in block]
        size = self.groups(by).size
        out = {}
        if not weighted:
            n, mean, var_pop = (np.full((size, len(exprs)), np.nan) for _ in range(3))
            # the pairwise cross-products that come with these moments (shift 0), in the same pass
            start = np.cumsum([0, *(len(block) for _, block in blocks)])
            with_cross = [b for b, (pair, _) in enumerate(blocks) if pair in _CROSS_WITH_MOMENTS]
            cols = [c for b in with_cross for c in range(start[b], start[b + 1])]
            k = len(cols)
            cross_parts = [np.zeros((size, k, k)) for _ in range(3)]
            upper = np.triu_indices(k)
            query = _sql.moments_query(self._values(*kinds), exprs, self._by(by), False, pairs=cols)
            for row in self.engine.fetch(query):
                g = self._group_index(by, row)
                vals = np.array([_num(v) for v in row[len(by):]])
                first = 3 * len(exprs)
                for target, offset in ((n, 0), (mean, 1), (var_pop, 2)):
                    target[g] = vals[offset:first:3]
                if k:
                    rest = np.nan_to_num(vals[first:])
                    m = len(upper[0])
                    count, sums, cross = (x[g] for x in cross_parts)
                    count[upper], cross[upper] = rest[:m], rest[m + k * k:]
                    sums[:] = rest[m:m + k * k].reshape(k, k)
                    count[:] = np.triu(count) + np.triu(count, 1).T
                    cross[:] = np.triu(cross) + np.triu(cross, 1).T
            for b in with_cross:  # one block only (see _CROSS_WITH_MOMENTS)
                self._cache[("fine_cross0", (blocks[b][0],), by)] = cross_parts
            n = np.nan_to_num(n)
            with np.errstate(invalid="ignore"):
                m2 = np.where(n > 0, var_pop * n, np.nan)
            start = 0
            for (k, lv), block in blocks:
                cols = slice(start, start + len(block))
                start += len(block)
                self._cache[("fine_moments", k, lv, by, False)] = (n[:, cols], mean[:, cols], m2[:, cols])
            return
        shift = np.concatenate([np.nan_to_num(self.moments(k, lv).mean[0]) for k, lv in pairs])
        parts = [np.zeros((size, len(exprs))) for _ in range(6)]
        for row in self.engine.fetch(_sql.moments_query(self._values(*kinds), exprs, self._by(by), True, shift)):
            g = self._group_index(by, row)
            vals = np.array([_num(v, 0.0) for v in row[len(by):]])
            for target, offset in zip(parts, (5, 0, 1, 2, 3, 4)):  # n, Σw, Σw², Σw·d, Σw²·d, Σw²·d²
                target[g] = vals[offset::6]
        start = 0
        for (k, lv), block in blocks:
            cols = slice(start, start + len(block))
            start += len(block)
            self._cache[("fine_moments", k, lv, by, True)] = (shift[cols], *(x[:, cols] for x in parts))

    def _lattice_scale(self, level: str) -> int:
        m = max((len(i) for i in self.scores.dim_items), default=1)
        return {"item": 1, "dimension": _lcm_upto(m)}.get(level, _lcm_upto(m) * len(self.scores.dim_items))

    def crossproducts(self, blocks, by=(), weight_power: int = 0, complete: bool = False) -> CrossProducts:
        """Pairwise counts, sums and cross-sums of the columns of ``blocks`` per group
        (``complete=True``: of the rows with every column only)."""
        blocks, by = tuple(tuple(b) for b in blocks), tuple(by)
        if not self.weighted:
            weight_power = 0
        key = ("cross", blocks, by, weight_power, bool(complete))
        if key in self._cache:
            return self._cache[key]
        fine = self._fine(by)
        if weight_power == 0 and not complete and len(blocks) == 1 and blocks[0] in _CROSS_WITH_MOMENTS:
            self.moments(*blocks[0], by=by)  # computes them with the moments (by the fine grouping)
            if ("fine_cross0", blocks, fine) in self._cache:
                count, sums, cross = (self._add_up(x, fine, by) for x in self._cache[("fine_cross0", blocks, fine)])
                names = tuple(f"{blocks[0][0]}:{name}" for name in self.names(blocks[0][1]))
                result = CrossProducts(names=names, shift=np.zeros(len(names)), count=count, sums=sums, cross=cross)
                self._cache[key] = result
                return result
        kind = blocks[0][0] if blocks else None
        if not complete and blocks and all(b[0] == kind and self._linear(*b) for b in blocks):
            # one kind's items and means of them: from the answer patterns of its items, grouped
            # by ``by`` alone (fewer groups of patterns: their sums stay in the processor's cache)
            targets = [(level, j) for _, level in blocks for j in range(len(self.names(level)))]
            try:
                ((count, sums, cross),) = self._pattern_aggregates(kind, targets, by, weight_power)
            except _ManyPatterns:  # too many answer patterns to hold: the queries below
                pass
            else:
                names = tuple(f"{k}:{name}" for k, level in blocks for name in self.names(level))
                result = CrossProducts(names=names, shift=np.full(len(names), self._pattern_shift(kind)),
                                       count=count, sums=sums, cross=cross)
                self._cache[key] = result
                return result
        complete_rows = bool(complete) or all(bool((self.moments(kind, level).n[0] == self.n_rows).all())
                                              for kind, level in blocks)
        if fine != by and complete_rows:  # counts, shifted sums and cross-sums add up over groups
            # (with values missing, the query's groups are answer patterns within each group:
            # grouped by ``by`` alone, fewer of them)
            at = self.crossproducts(blocks, fine, weight_power, complete)
            result = CrossProducts(names=at.names, shift=at.shift, count=self._add_up(at.count, fine, by),
                                   sums=self._add_up(at.sums, fine, by), cross=self._add_up(at.cross, fine, by))
            self._cache[key] = result
            return result
        names = tuple(f"{kind}:{name}" for kind, level in blocks for name in self.names(level))
        shift = np.concatenate([np.nan_to_num(self.moments(kind, level).mean[0]) for kind, level in blocks])
        exprs = [e for kind, level in blocks for e in self._exprs(kind, level)]
        listwise = bool(complete)
        complete = listwise or all(bool((self.moments(kind, level).n[0] == self.n_rows).all())
                                   for kind, level in blocks)
        k, size = len(names), self.groups(by).size
        count, sums, cross = np.zeros((size, k, k)), np.zeros((size, k, k)), np.zeros((size, k, k))
        upper = np.triu_indices(k)
        values = self._values(*(k for k, _ in blocks))
        query = (_sql.crossproducts_query(values, exprs, self._by(by), shift, weight_power, complete, listwise)
                 if complete else _sql.pattern_crossproducts_query(
                     f"({_sql.patterns_query(values, exprs, self._by(by), shift, weight_power)})", k, self._by(by)))
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

    def subset_crossproducts(self, blocks, subsets, by=()) -> list[CrossProducts]:
        """Per subset (columns, required): the pairwise cross-products of ``columns`` over the
        rows with every ``required`` column, as :meth:`servgap.stats.MemoryStats.subset_crossproducts`.
        Subsets within one kind's items and means of them follow from the answer patterns of
        its items (the pass its moments and cross-products come from); the others take one
        query for all of them (a filter flag per subset)."""
        blocks, by = tuple(tuple(b) for b in blocks), tuple(by)
        subsets = tuple((tuple(int(c) for c in cols), tuple(int(r) for r in req)) for cols, req in subsets)
        key = ("subsets", blocks, subsets, by)
        if key in self._cache:
            return self._cache[key]
        starts = np.cumsum([0, *(len(self.names(level)) for _, level in blocks)])
        block_of = np.searchsorted(starts, np.arange(starts[-1]), side="right") - 1
        by_kind: dict = {}
        for s, (cols, req) in enumerate(subsets):
            owners = {blocks[block_of[p]] for p in (*cols, *req)}
            if len({kind for kind, _ in owners}) == 1 and all(self._linear(*b) for b in owners):
                by_kind.setdefault(next(iter(owners))[0], []).append(s)
        fine = self._fine(by)
        if fine != by and sum(map(len, by_kind.values())) < len(subsets):  # the query's sums add up
            result = [CrossProducts(names=at.names, shift=at.shift, count=self._add_up(at.count, fine, by),
                                    sums=self._add_up(at.sums, fine, by), cross=self._add_up(at.cross, fine, by))
                      for at in self.subset_crossproducts(blocks, subsets, fine)]
            self._cache[key] = result
            return result
        names = tuple(f"{kind}:{name}" for kind, level in blocks for name in self.names(level))
        size = self.groups(by).size
        acc, shifts = [None] * len(subsets), {}
        for kind, numbers in by_kind.items():  # from the answer patterns of the kind's items
            position: dict = {}
            for s in numbers:
                for p in (*subsets[s][0], *subsets[s][1]):
                    position.setdefault(p, len(position))
            targets = [(blocks[block_of[p]][1], p - starts[block_of[p]]) for p in position]
            requests = [([position[p] for p in subsets[s][0]], [position[p] for p in subsets[s][1]])
                        for s in numbers]
            try:
                found = self._pattern_aggregates(kind, targets, by, 0, requests)
            except _ManyPatterns:  # these take the query below
                continue
            for s, parts in zip(numbers, found):
                acc[s], shifts[s] = parts, np.full(len(subsets[s][0]), self._pattern_shift(kind))
        rest = [s for s in range(len(subsets)) if acc[s] is None]
        if rest:  # one pass over the data for the others
            shift = np.concatenate([np.nan_to_num(self.moments(kind, level).mean[0]) for kind, level in blocks])
            exprs = [e for kind, level in blocks for e in self._exprs(kind, level)]
            for s in rest:
                k = len(subsets[s][0])
                acc[s], shifts[s] = tuple(np.zeros((size, k, k)) for _ in range(3)), shift[list(subsets[s][0])]
            query = _sql.subset_crossproducts_query(self._values(*(k for k, _ in blocks)), exprs, self._by(by),
                                                    shift, [subsets[s] for s in rest])
            self._read_subsets(self.engine.fetch(query), by, [subsets[s] for s in rest], [acc[s] for s in rest])
        result = [CrossProducts(names=tuple(names[c] for c in cols), shift=shifts[s], count=count,
                                sums=sums, cross=cross)
                  for s, ((cols, _), (count, sums, cross)) in enumerate(zip(subsets, acc))]
        self._cache[key] = result
        return result

    def _read_subsets(self, rows, by: tuple, subsets, acc) -> None:
        """Fill ``acc`` (count, sums, cross per subset) from the rows of a subsets query."""
        for row in rows:
            g = self._group_index(by, row)
            vals = np.array([_num(v, 0.0) for v in row[len(by):]])
            at = 0
            for (cols, req), (count, sums, cross) in zip(subsets, acc):
                k = len(cols)
                upper = np.triu_indices(k)
                if set(cols) <= set(req):
                    count[g], sums[g] = vals[at], vals[at + 1:at + 1 + k][:, None]
                    at += 1 + k
                else:
                    m = len(upper[0])
                    count[g][upper] = vals[at:at + m]
                    count[g] = np.triu(count[g]) + np.triu(count[g], 1).T
                    sums[g] = vals[at + m:at + m + k * k].reshape(k, k)
                    at += m + k * k
                cross[g][upper] = vals[at:at + len(upper[0])]
                cross[g] = np.triu(cross[g]) + np.triu(cross[g], 1).T
                at += len(upper[0])

    def medians(self, kind: str, level: str, by=()) -> np.ndarray:
        """The exact median per group and column (groups, columns), the mean of the two middle
        values for an even count, NaN without values: for values off the value-count lattice.

        Notes
        -----
        DuckDB's ``quantile_cont(x, 0.5)`` and Spark's ``percentile(x, 0.5)``: R
        ``median(x, na.rm = TRUE)`` per group, as pandas' ``groupby().median()`` in memory. The
        engine holds each group's values while it computes them (no lattice to count on).

        Examples
        --------
        >>> import servgap
        >>> from servgap.datasets import load_example
        >>> survey = servgap.scan(load_example(as_frame=True), "servqual22", segments=["branch"])
        >>> survey.stats.medians("gap", "overall", ("branch",)).shape
        (3, 1)
        """
        by = tuple(by)
        key = ("medians", kind, level, by)
        if key not in self._cache:
            exprs = self._exprs(kind, level)
            out = np.full((self.groups(by).size, len(exprs)), np.nan)
            sub = _sql.values_query(self._values(kind), exprs, self._by(by), None)
            aggs = [self.engine.dialect.median(f"x{j}") for j in range(len(exprs))]
            for row in self.engine.fetch(f"SELECT {', '.join([*self._by(by), *aggs])} FROM ({sub}) t"
                                         f"{_sql.group_clause(self._by(by))}"):
                out[self._group_index(by, row)] = [_num(v) for v in row[len(by):]]
            self._cache[key] = out
        return self._cache[key]

    def value_counts(self, kind: str, level: str, by=()) -> ValueCounts | None:
        """Respondents per lattice value, group and column (the same lattice as
        :meth:`servgap.stats.MemoryStats.value_counts`); off the lattice per distinct value
        while those are few (:mod:`servgap.engines._distinct`), else None."""
        by = tuple(by)
        key = ("counts", kind, level, by)
        if key not in self._cache:
            self._cache[key] = self._value_counts(kind, level, by)
        return self._cache[key]

    def _value_counts(self, kind, level, by):
        scale = self._lattice_scale(level)
        if level == "overall_weighted":
            return None
        if not (self.moments(kind, level).n[0] > 0).any():
            return None
        exprs = self._exprs(kind, level)
        names = self.names(level)
        if self._on_lattice(kind, level):  # whole answers: the range follows from the counts
            return self._lattice_counts(kind, level, by, scale)
        if ("lattice", kind, level) not in self._cache:
            self._cache[("lattice", kind, level)] = self.engine.fetch(
                _sql.lattice_query(self._values(kind), exprs, scale))
        (row,) = self._cache[("lattice", kind, level)]
        low = np.array([_num(v) for v in row[0::3]])
        high = np.array([_num(v) for v in row[1::3]])
        off = np.array([_num(v, 0.0) for v in row[2::3]])
        if np.any(off > 1e-7):  # off the lattice: counts per distinct value, while they are few
            return _distinct.distinct_value_counts(self, kind, level, by)
        base = math.floor(round(float(np.nanmin(low)) * scale, 6))
        top = math.ceil(round(float(np.nanmax(high)) * scale, 6))
        n_values = top - base + 1
        k, n_groups = len(names), self.groups(by).size
        if n_values * k * n_groups > _MAX_CELLS or n_values > _MAX_LATTICE:
            return _distinct.distinct_value_counts(self, kind, level, by)
        fine = self._fine(by)
        if fine != by and n_values * k * self.groups(fine).size <= _MAX_CELLS:  # counts add up
            at = self.value_counts(kind, level, fine)
            return ValueCounts(names=names, values=at.values, counts=self._add_up(at.counts, fine, by))
        counts = np.zeros((n_groups, k, n_values))
        query = _sql.value_counts_query(self.engine.dialect, self._values(kind), exprs, self._by(by), scale, base)
        for r in self.engine.fetch(query):
            g = self._group_index(by, r)
            j, cell, c = r[len(by):]
            counts[g, int(j), int(cell)] = c
        values = (base + np.arange(n_values)) / scale
        return ValueCounts(names=names, values=values, counts=counts)

    def _on_lattice(self, kind: str, level: str) -> bool:
        """Whether every value of ``kind`` at ``level`` lies on the lattice by construction:
        whole-number answers give whole item values (answers, gaps, paired and zone scores)
        and dimension means of at most m items on multiples of 1/lcm(1, …, m)."""
        return (self.integer and level in ("item", "dimension") and kind != "dimension_weight"
                and not kind.startswith(OUTCOME))

    def _lattice_counts(self, kind: str, level: str, by: tuple, scale: int) -> ValueCounts | None:
        """Value counts of values known to lie on the lattice: one query of lattice points,
        the range (as in memory, from the smallest to the largest value held) from its rows."""
        fine = self._fine(by)
        names = self.names(level)
        key = ("lattice_rows", kind, level, fine)
        if key not in self._cache:
            query = _sql.value_counts_query(self.engine.dialect, self._values(kind), self._exprs(kind, level),
                                            self._by(fine), scale, 0)
            self._cache[key] = [(self._group_index(fine, r), int(r[len(fine)]), int(r[len(fine) + 1]), r[-1])
                                for r in self.engine.fetch(query)]
        rows = self._cache[key]
        if not rows:
            return None
        base = min(cell for _, _, cell, _ in rows)
        n_values = max(cell for _, _, cell, _ in rows) - base + 1
        if n_values * len(names) * self.groups(fine).size > _MAX_CELLS or n_values > _MAX_LATTICE:
            return None
        counts = np.zeros((self.groups(fine).size, len(names), n_values))
        for g, j, cell, c in rows:
            counts[g, j, cell - base] = c
        return ValueCounts(names=names, values=(base + np.arange(n_values)) / scale,
                           counts=self._add_up(counts, fine, by))


def _num(value, default=np.nan) -> float:
    return default if value is None else float(value)
