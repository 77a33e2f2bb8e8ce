"""The in-memory statistics source: the aggregates of :mod:`servgap.stats` computed with numpy.

Per-respondent values are derived from the survey's answer arrays on demand, in chunks of
rows, so that no full-size temporary of gaps or stacked blocks is ever held: memory stays a
small multiple of the answers themselves however many respondents there are. Dimension and
overall scores (a few columns) are computed once and cached. Every aggregate is cached per
score, level and grouping, so the analyses of one survey share them.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from functools import lru_cache, reduce

import numpy as np
import pandas as pd

from ..errors import ServgapError
from ..survey import SMALL_ANSWERS
from .aggregates import ColumnNames, CrossProducts, Groups, Moments, ValueCounts

__all__ = ["MemoryStats", "source_of", "KINDS", "LEVELS"]

LEVELS = ("item", "dimension", "overall", "overall_weighted", "scale_mean")
#: Answers kept only where the respondent also answered the partner item: kind -> (own, partner).
#: E and P of complete pairs (gap scores), and importance and performance of complete
#: importance/perception pairs (IPA, CSI, PGCV); desired and perception of complete
#: desired/perception pairs (IPA on the desired level of a three-column survey).
PAIRED = {"paired_expectation": ("expectation", "perception"),
          "paired_perception": ("perception", "expectation"),
          "ipa_importance": ("importance", "perception"),
          "ipa_performance": ("perception", "importance"),
          "ipa_desired": ("desired", "perception"),
          "ipa_desired_performance": ("perception", "desired")}
#: The zone of tolerance on the answers of complete adequate/desired/perception triples: the
#: answers themselves, the adequacy gap P − A, the superiority gap P − D, the zone width D − A,
#: and 0/1 indicators of a respondent below, above the zone, or with an inverted zone (D < A).
TRIPLE = {"triple_adequate": "adequate", "triple_desired": "desired", "triple_perception": "perception"}
ZONE = ("adequacy", "superiority", "zone_width", "zone_below", "zone_above", "zone_inverted")
KINDS = ("expectation", "perception", "gap", "adequate", "desired", "importance", *PAIRED,
         "dimension_weight", *TRIPLE, *ZONE)
#: An outcome (overall satisfaction, loyalty) is the kind ``"outcome:<column>"`` at level
#: "overall": a column of ``survey.outcomes`` or, failing that, a numeric segment column.
OUTCOME = "outcome:"
CHUNK_ROWS = 1 << 16
_CACHED_CELLS = 8_000_000  # derived item blocks (gaps, paired answers) kept up to 64 MB each
_LINEAR_GROUPS = 64  # groups up to which moments come from each group's cross-product
_MAX_LATTICE = 200_000  # lattice points per column beyond which values are ranked by sorting
_COUNT_ROWS = 1 << 13  # rows per bincount of int8 answers: its temporaries stay in the cache


def source_of(survey):
    """The statistics source of a survey: what every analysis computes from.

    An in-memory :class:`~servgap.Survey` has a :class:`MemoryStats`, made once and kept; a
    survey on an engine brings its own source with the same calls.

    Parameters
    ----------
    survey : Survey

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> from servgap.stats import source_of
    >>> survey = load_example()
    >>> source_of(survey) is source_of(survey)
    True
    """
    return survey.stats


class MemoryStats(ColumnNames):
    """Aggregates of an in-memory survey (see :mod:`servgap.stats` for the interface).

    Parameters
    ----------
    survey : Survey
        The survey whose answers it reads (``survey.stats`` makes one and keeps it).

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> stats = load_example().stats
    >>> m = stats.moments("gap", "item", by=("branch",))
    >>> m.mean.shape
    (3, 22)
    """

    def __init__(self, survey):
        self.survey = survey
        self.n_rows = survey.n_respondents
        self._answers = survey.answers  # components → frames (int8 answers need none: see _facts)
        position = {item: j for j, item in enumerate(survey.items)}
        self.items = tuple(survey.items)
        self.dimensions = tuple(survey.dimensions)
        self._dim_items = [np.array([position[i] for i in items], dtype=np.intp)
                           for items in survey.instrument.dimensions.values()]
        self._min_items = survey.min_items
        self._cache: dict = {}
        # complete whole-number answers the loader already checked: kept as int8, facts known
        for kind, small in getattr(survey, "_small_answers", {}).items():
            if small.shape == (self.n_rows, len(self.items)):
                self._cache[("int8", kind)] = small
                self._cache[("complete", kind)] = True
                self._cache[("facts", kind)] = ((float(small.min()), float(small.max()), True) if small.size
                                                else (np.inf, -np.inf, True))

    # -- groups --------------------------------------------------------------------------------

    def groups(self, by=()) -> Groups:
        """The groups of the segment columns ``by`` (see :class:`Groups`)."""
        return self._grouping(tuple(by))[0]

    def codes(self, by=()) -> np.ndarray:
        """Group number of every respondent (an explicit door to rows, like :meth:`rows`)."""
        return self._grouping(tuple(by))[1]

    def _grouping(self, by: tuple):
        key = ("groups", by)
        if key not in self._cache:
            if not by:
                self._cache[key] = (Groups(by=(), keys=[()], sizes=(self.n_rows,)),
                                    np.zeros(self.n_rows, dtype=np.intp), None)
            else:
                segments = self.survey.segments
                codes = _group_codes(segments, by)
                size = int(codes.max()) + 1 if codes.size else 0
                # a stable sort of small whole numbers is a radix sort: linear in the rows
                order = np.argsort(codes.astype(np.int16) if size < 2**15 else codes, kind="stable")
                bounds = np.searchsorted(codes[order], np.arange(size + 1))
                first = order[bounds[:-1]]  # each group's first respondent (the sort is stable)
                columns = [segments[name] for name in by]
                keys = [tuple(column.iloc[int(pos)] for column in columns) for pos in first]
                sizes = tuple(int(c) for c in np.diff(bounds))
                self._cache[key] = (Groups(by=by, keys=keys, sizes=sizes), codes, (order, bounds))
        return self._cache[key]

    # -- per-respondent values -----------------------------------------------------------------
    def rows(self, kind: str, level: str) -> np.ndarray:
        """Respondents × columns of one score at one level (NaN = no value).

        The explicit door to respondent rows: analyses use it only where no aggregate serves
        (bootstrap resampling, exact small-sample p-values, values off a lattice).
        """
        return self.block(kind, level, slice(None))

    def block(self, kind: str, level: str, rows) -> np.ndarray:
        """The values of ``rows`` (a slice or positions); derived item values are made here."""
        if level == "item":
            return self._items(kind, rows)
        return self._level(kind, level)[rows]

    def _answer(self, kind: str) -> np.ndarray:
        if kind not in self._answers:
            held = [k for k in self._answers]
            raise ServgapError(f"This survey has no {kind} answers; it holds {held}.")
        key = ("float", kind)
        if key not in self._cache:  # the frame of int8 answers is made here, when first needed
            self._cache[key] = np.asarray(self._answers[kind].to_numpy(dtype=float))
        return self._cache[key]

    def _items(self, kind: str, rows) -> np.ndarray:
        if kind in TRIPLE or kind in ZONE:
            a, d, p = (self._answer(k)[rows] for k in ("adequate", "desired", "perception"))
            incomplete = np.isnan(a) | np.isnan(d) | np.isnan(p)
            if kind in TRIPLE:
                return np.where(incomplete, np.nan, {"triple_adequate": a, "triple_desired": d,
                                                     "triple_perception": p}[kind])
            return _zone(kind, *(np.where(incomplete, np.nan, x) for x in (a, d, p)))
        if kind in PAIRED or kind == "gap":
            # derived item values of a survey that fits a few chunks are made once and kept
            if self.n_rows * len(self.items) <= _CACHED_CELLS:
                key = ("items", kind)
                if key not in self._cache:
                    values = self._derived_items(kind, slice(None))
                    values.setflags(write=False)
                    self._cache[key] = values
                return self._cache[key][rows]
            return self._derived_items(kind, rows)
        return self._answer(kind)[rows]

    def _complete(self, kind: str) -> bool:
        """Whether every respondent answered every item of ``kind`` (found with its facts)."""
        key = ("complete", kind)
        if key not in self._cache:
            self._facts(kind)
        return self._cache[key]

    def _derived_items(self, kind: str, rows) -> np.ndarray:
        if kind == "gap":
            return self._answer("perception")[rows] - self._answer("expectation")[rows]
        if kind in PAIRED:
            own, other = PAIRED[kind]
            values = self._answer(own)[rows]
            if self._complete(other):  # every pair has its partner: the answers themselves
                return values
            return np.where(np.isnan(self._answer(other)[rows]), np.nan, values)
        return self._answer(kind)[rows]

    def _level(self, kind: str, level: str) -> np.ndarray:
        key = ("level", kind, level)
        if key in self._cache:
            return self._cache[key]
        if kind == "dimension_weight" and level == "dimension":
            # the points given to each dimension, where the respondent has its gap score
            weights = self.survey.dimension_weights.reindex(columns=list(self.dimensions))
            values = np.where(np.isnan(self._level("gap", "dimension")), np.nan, weights.to_numpy(dtype=float))
        elif kind.startswith(OUTCOME) and level == "overall":
            values = self._outcome(kind[len(OUTCOME):])[:, None]
        elif level == "dimension" and kind in ZONE[3:]:  # indicators of the dimension means
            values = _zone(kind, *(self._level(k, "dimension") for k in TRIPLE))
        elif level in ("dimension", "scale_mean") and kind in PAIRED and self._linear_map(kind, level) is not None:
            return self._level(PAIRED[kind][0], level)  # complete pairs: the answers' own means
        elif level in ("dimension", "scale_mean") and self._linear_map(kind, level) is not None:
            values = self._item_means(kind, level)  # complete answers: means of every item
        elif level == "dimension":
            values = self._dimension_scores(kind)
        elif level == "scale_mean":
            values = self._dimension_scores(kind, scales=True)
        elif level == "overall":
            dims = self._level(kind, "dimension")
            answered = (~np.isnan(dims)).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                values = (np.where(np.isnan(dims), 0.0, dims).sum(axis=1) / answered)[:, None]
        elif level == "overall_weighted":
            values = self._weighted_overall(kind)
        else:
            raise ValueError(f"`level` must be one of {list(LEVELS)}, got {level!r}.")
        values.setflags(write=False)
        self._cache[key] = values
        return values

    def _outcome(self, name: str) -> np.ndarray:
        outcomes = self.survey.outcomes
        if outcomes is not None and name in outcomes.columns:
            return outcomes[name].to_numpy(dtype=float)
        if name in self.survey.segments.columns:
            return pd.to_numeric(self.survey.segments[name], errors="coerce").to_numpy(dtype=float)
        raise ServgapError(f"This survey has no outcome or segment column {name!r}.")

    def _item_means(self, kind: str, level: str) -> np.ndarray:
        """Dimension (``scale_mean``: and scale) means of complete items, a chunk of rows at a
        time: one product with the items × means matrix of 1/m weights."""
        weights = self._membership(scales=level == "scale_mean", mean=True)
        out = np.empty((self.n_rows, weights.shape[1]))
        with one_blas_thread():
            for rows in self._row_chunks():
                out[rows] = self._items(kind, rows) @ weights
        return out

    def _membership(self, scales: bool = False, mean: bool = False) -> np.ndarray:
        """Items × dimensions (with ``scales``: then one more column, all items) matrix of 1 for
        the items of each (``mean``: 1/m, so that a product gives the mean of m items)."""
        k = len(self.items)
        groups = self._dim_items + ([np.arange(k)] if scales else [])
        out = np.zeros((k, len(groups)))
        for d, idx in enumerate(groups):
            out[idx, d] = 1.0 / len(idx) if mean else 1.0
        return out

    def _dimension_scores(self, kind: str, scales: bool = False) -> np.ndarray:
        """Mean of each respondent's answered items per dimension, with min_items; with
        ``scales=True`` per reliability scale (each dimension, then all items), of any answers.

        Sums and counts per dimension are products with the items × dimensions indicator
        matrix, a chunk of rows at a time."""
        groups = self._dim_items + ([np.arange(len(self.items))] if scales else [])
        member = self._membership(scales)
        need = np.array([1 if scales else min(self._min_items, len(idx)) for idx in groups])
        out = np.empty((self.n_rows, len(groups)))
        with one_blas_thread():
            for rows in self._row_chunks():
                x = self._items(kind, rows)
                given = ~np.isnan(x)
                if given.all():
                    answered = np.broadcast_to(member.sum(axis=0), (x.shape[0], len(groups)))
                    sums = x @ member
                else:
                    answered = given.astype(float) @ member
                    sums = np.where(given, x, 0.0) @ member
                with np.errstate(invalid="ignore", divide="ignore"):
                    out[rows] = np.where(answered >= need, sums / answered, np.nan)
        # paired kinds need no mask here: own and partner items are missing together, so a
        # respondent has both dimension scores or neither
        return out

    def _weighted_overall(self, kind: str) -> np.ndarray:
        weights = self.survey.dimension_weights
        if weights is None:
            raise ServgapError("This survey has no dimension weights; pass `dimension_weights=` "
                               "to read_survey (e.g. \"W_{dimension}\").")
        dims = self._level(kind, "dimension")
        has = self._level("gap" if kind in ("paired_expectation", "paired_perception") else kind, "dimension")
        w = weights.reindex(columns=list(self.dimensions)).to_numpy(dtype=float)
        w = np.where(np.isnan(has) | np.isnan(dims), np.nan, w)
        with np.errstate(invalid="ignore", divide="ignore"):
            total = np.nansum(w, axis=1)
            given = (~np.isnan(w)).any(axis=1)
            total = np.where(given & (total > 0), total, np.nan)
            score = np.nansum(np.where(np.isnan(w), 0.0, w * dims), axis=1) / total
        return np.where(given, score, np.nan)[:, None]

    def _chunks(self, by: tuple, chunk_rows: int = CHUNK_ROWS):
        """(group, rows) pieces covering every respondent once, at most ``chunk_rows`` each."""
        groups, _, plan = self._grouping(by)
        if plan is None:
            for start in range(0, self.n_rows, chunk_rows):
                yield 0, slice(start, min(start + chunk_rows, self.n_rows))
            return
        order, bounds = plan
        for g in range(groups.size):
            for start in range(bounds[g], bounds[g + 1], chunk_rows):
                yield g, order[start:min(start + chunk_rows, bounds[g + 1])]

    def _row_chunks(self, rows: int = CHUNK_ROWS):
        for start in range(0, self.n_rows, rows):
            yield slice(start, min(start + rows, self.n_rows))

    def _weights(self, rows):
        return None if self.survey.weight is None else self._survey_weight()[rows]

    def _survey_weight(self) -> np.ndarray:
        if ("weight",) not in self._cache:
            self._cache[("weight",)] = self.survey.weight.to_numpy(dtype=float)
        return self._cache[("weight",)]

    # -- aggregates ----------------------------------------------------------------------------
    def moments(self, kind: str, level: str, by=(), weighted: bool = False) -> Moments:
        """Count, mean and second moment per group and column (see :class:`Moments`).

        ``weighted=True`` uses the survey weights (an unweighted result when the survey has
        none). One pass over the data: sums of values shifted by a provisional mean.
        """
        by = tuple(by)
        weighted = bool(weighted and self.survey.weight is not None)
        key = ("moments", kind, level, by, weighted)
        if key in self._cache:
            return self._cache[key]
        # complete answers: from the answers' one cross-product per group, by algebra (for very
        # many groups, a pass over the few columns asked for is cheaper than every group's)
        linear = None if weighted or self.groups(by).size > _LINEAR_GROUPS else self._linear_map(kind, level)
        if linear is not None:
            return self._cache.setdefault(key, self._linear_moments(kind, level, by, linear))
        names = self.names(level)
        size = self.groups(by).size
        codes = self.codes(by)
        k = len(names)
        # one pass over the rows: sums of values shifted by a provisional mean (the first
        # chunk's), from which mean and m2 follow without cancellation (Chan, Golub & LeVeque)
        acc = {name: np.zeros((size, k)) for name in ("n", "s1", "s2", "sw", "sw2", "sw2d", "sw2d2")}
        with one_blas_thread() if size > 1 else nullcontext():
            shift = self._accumulate_moments(kind, level, codes, size, weighted, acc)
        n, s1, s2, sw, sw2, sw2d, sw2d2 = (acc[name] for name in ("n", "s1", "s2", "sw", "sw2", "sw2d", "sw2d2"))
        if shift is None:
            shift = np.zeros(k)
        with np.errstate(invalid="ignore", divide="ignore"):
            if weighted:
                delta = np.where(sw > 0, s1 / np.where(sw > 0, sw, 1), np.nan)
                m2 = sw2d2 - 2 * delta * sw2d + delta ** 2 * sw2
            else:
                sw, sw2 = n, n
                delta = np.where(n > 0, s1 / np.where(n > 0, n, 1), np.nan)
                m2 = np.maximum(s2 - delta * s1, 0.0)
            mean = shift + delta
        result = Moments(names=names, n=n, mean=mean, m2=m2, sum_w=sw, sum_w2=sw2, weighted=weighted)
        self._cache[key] = result
        return result

    def _accumulate_moments(self, kind, level, codes, size, weighted, acc):
        """Add every chunk's shifted sums into ``acc``; return the shift."""
        shift = None
        for rows in self._row_chunks():
            x = self.block(kind, level, rows)
            given = ~np.isnan(x)
            if shift is None:  # the mean of the first rows is close enough to shift by
                head, seen = x[:1024], given[:1024]
                if not seen.any(axis=0).all():  # a column empty in the first rows: the whole chunk
                    head, seen = x, given
                with np.errstate(invalid="ignore", divide="ignore"):
                    shift = np.nan_to_num(np.where(seen, head, 0.0).sum(axis=0) / seen.sum(axis=0))
            d = x - shift
            complete = bool(given.all())
            if not complete:
                d[~given] = 0.0
            onehot = _onehot(codes[rows], size)
            if complete:  # every row counts in every column: the group sizes
                acc["n"] += (np.bincount(codes[rows], minlength=size)[:, None] if size > 1
                             else np.array([[d.shape[0]]]))
            else:
                acc["n"] += _sum_by(given, onehot)
            if weighted:
                w = self._weights(rows)[:, None]
                wg = w * given if not complete else np.broadcast_to(w, x.shape)
                w2 = wg * wg
                acc["sw"] += _sum_by(wg, onehot)
                acc["sw2"] += _sum_by(w2, onehot)
                acc["s1"] += _sum_by(wg * d, onehot)
                acc["sw2d"] += _sum_by(w2 * d, onehot)
                acc["sw2d2"] += _sum_by(w2 * d * d, onehot)
            else:
                acc["s1"] += _sum_by(d, onehot)
                acc["s2"] += _sum_by(d * d, onehot)
        return shift

    def crossproducts(self, blocks, by=(), weight_power: int = 0, complete: bool = False) -> CrossProducts:
        """Pairwise counts, sums and cross-sums of the columns of ``blocks`` per group.

        ``blocks`` is a list of (kind, level); their columns are placed side by side.
        ``weight_power`` 1 or 2 weighs each row by its survey weight or its square.
        ``complete=True`` uses only the rows with a value in every column (complete cases).
        """
        blocks, by = tuple(tuple(b) for b in blocks), tuple(by)
        if self.survey.weight is None:
            weight_power = 0
        key = ("cross", blocks, by, weight_power, bool(complete))
        if key in self._cache:
            return self._cache[key]
        names = tuple(f"{kind}:{name}" for kind, level in blocks for name in self.names(level))
        maps = [self._linear_map(kind, level) for kind, level in blocks] if weight_power == 0 else [None]
        if all(m is not None for m in maps):  # complete answers: by algebra from their cross-product
            result = self._linear_cross(names, np.hstack(maps), by)
            self._cache[key] = result
            return result
        shift = np.concatenate([np.nan_to_num(self.moments(kind, level).mean[0]) for kind, level in blocks])
        k = len(names)
        size = self.groups(by).size
        count, sums, cross = np.zeros((size, k, k)), np.zeros((size, k, k)), np.zeros((size, k, k))
        with one_blas_thread():
            self._accumulate_cross(blocks, by, shift, weight_power, count, sums, cross, complete)
        result = CrossProducts(names=names, shift=shift, count=count, sums=sums, cross=cross)
        self._cache[key] = result
        return result

    def _accumulate_cross(self, blocks, by, shift, weight_power, count, sums, cross, complete=False) -> None:
        for g, rows in self._chunks(by):
            x = np.hstack([self.block(kind, level, rows) for kind, level in blocks]) - shift
            w = None if weight_power == 0 else self._weights(rows) ** weight_power
            if complete:  # complete cases: the rows with every column
                keep = ~np.isnan(x).any(axis=1)
                x, w = x[keep], None if w is None else w[keep]
            given = ~np.isnan(x)
            x[~given] = 0.0
            xw = x if w is None else x * w[:, None]
            cross[g] += xw.T @ x
            if given.all():
                total = float(len(x)) if w is None else float(w.sum())
                count[g] += total
                sums[g] += xw.sum(axis=0)[:, None]
            else:
                mask = given.astype(float)
                mw = mask if w is None else mask * w[:, None]
                count[g] += mw.T @ mask
                sums[g] += xw.T @ mask

    def subset_crossproducts(self, blocks, subsets, by=()) -> list[CrossProducts]:
        """Per subset: the pairwise cross-products of some columns over the rows with a value
        in every one of some (other) columns, unweighted, all subsets in one pass.

        ``blocks`` is a list of (kind, level) as for :meth:`crossproducts`; ``subsets`` a list
        of (columns, required), both tuples of positions among the blocks' columns. Result s
        holds the aggregates of ``columns`` (pairwise, as :meth:`crossproducts`) over the rows
        that have every ``required`` column: with ``required == columns`` the complete cases of
        those columns (R ``cov(x[, columns], use = "complete.obs")``); with ``required`` a
        scale's mean, the pairwise aggregates among that scale's respondents.

        Examples
        --------
        >>> from servgap.datasets import load_example
        >>> stats = load_example().stats
        >>> (cp,) = stats.subset_crossproducts([("gap", "item")], [((0, 1, 2), (0, 1, 2))])
        >>> cp.cov().shape, cp.names[0]
        ((1, 3, 3), 'gap:1')
        """
        blocks, by = tuple(tuple(b) for b in blocks), tuple(by)
        subsets = tuple((tuple(int(c) for c in cols), tuple(int(r) for r in req)) for cols, req in subsets)
        key = ("subsets", blocks, subsets, by)
        if key in self._cache:
            return self._cache[key]
        names = tuple(f"{kind}:{name}" for kind, level in blocks for name in self.names(level))
        shift = np.concatenate([np.nan_to_num(self.moments(kind, level).mean[0]) for kind, level in blocks])
        size = self.groups(by).size
        acc = [tuple(np.zeros((size, len(cols), len(cols))) for _ in range(3)) for cols, _ in subsets]
        with one_blas_thread():
            for g, rows in self._chunks(by):
                x = np.hstack([self.block(kind, level, rows) for kind, level in blocks]) - shift
                given = ~np.isnan(x)
                x[~given] = 0.0
                for (cols, req), (count, sums, cross) in zip(subsets, acc):
                    keep = given[:, list(req)].all(axis=1)
                    xs, mask = x[keep][:, list(cols)], given[keep][:, list(cols)].astype(float)
                    count[g] += mask.T @ mask
                    sums[g] += xs.T @ mask
                    cross[g] += xs.T @ xs
        result = [CrossProducts(names=tuple(names[c] for c in cols), shift=shift[list(cols)], count=count,
                                sums=sums, cross=cross) for (cols, _), (count, sums, cross) in zip(subsets, acc)]
        self._cache[key] = result
        return result

    # -- complete answers: one cross-product serves every linear block ------------------------
    def _raw_complete(self) -> tuple:
        """The answer kinds that every respondent answered completely (their items side by side
        form the base block A)."""
        key = ("raw_complete",)
        if key not in self._cache:
            self._cache[key] = tuple(k for k in self._answers if self._complete(k))
        return self._cache[key]

    def _linear_map(self, kind: str, level: str):
        """L with block(kind, level) = A L for the base block A of complete answers, or None
        when the block is not such a linear image (missing answers, weights, zone indicators)."""
        key = ("map", kind, level)
        if key in self._cache:
            return self._cache[key]
        raw = self._raw_complete()
        k = len(self.items)
        rows = len(raw) * k

        def select(name):
            if name not in raw:
                return None
            out = np.zeros((rows, k))
            out[raw.index(name) * k + np.arange(k), np.arange(k)] = 1.0
            return out

        items = None
        if kind == "gap":
            e, p = select("expectation"), select("perception")
            items = None if e is None or p is None else p - e
        elif kind in PAIRED:
            own, partner = PAIRED[kind]
            items = select(own) if select(partner) is not None else None
        elif kind in ("expectation", "perception", "adequate", "desired", "importance"):
            items = select(kind)
        result = None
        if items is not None and level in ("item", "dimension", "scale_mean", "overall"):
            member = self._membership(mean=True)
            result = {"item": lambda: items,
                      "dimension": lambda: items @ member,
                      "scale_mean": lambda: items @ self._membership(scales=True, mean=True),
                      "overall": lambda: items @ member @ np.full((member.shape[1], 1), 1.0 / member.shape[1]),
                      }[level]()
        self._cache[key] = result
        return result

    def _base(self, by: tuple):
        """Per group: n, the shifted column sums and cross-sums of the base block A (one pass).

        The whole survey's are the sum of any grouping's (same shift), so a grouping computed
        first serves the whole survey. Whole-number answers are summed unshifted in float32
        chunks small enough that every partial sum is a whole number below 2**24, so exact,
        and added up in float64 (exact too): the same sums as float64 at half the cost."""
        key = ("base", by)
        if key in self._cache:
            return self._cache[key]
        # one pass per group of every segment column at once (when they make few groups)
        # serves the whole survey and each segment column by adding up groups
        joint = tuple(self.survey.segments.columns)
        if by != joint and set(by) <= set(joint) and 1 < self.groups(joint).size <= _LINEAR_GROUPS:
            shift, n, sums, cross = self._base(joint)
            into = self._coarser(joint, by)
            size = self.groups(by).size
            self._cache[key] = (shift, _add_up(n, into, size), _add_up(sums, into, size), _add_up(cross, into, size))
            return self._cache[key]
        raw = self._raw_complete()
        size = self.groups(by).size
        width = len(raw) * len(self.items)
        k = len(self.items)
        exact_rows = self._float32_rows(raw)
        if exact_rows:
            shift = np.zeros(width)
        else:
            shift = (np.concatenate([self._answer(kind)[:1024].mean(axis=0) for kind in raw])
                     if self.n_rows else np.zeros(width))
        n, sums, cross = np.zeros(size), np.zeros((size, width)), np.zeros((size, width, width))
        small = [self._cache.get(("int8", kind)) for kind in raw]
        if exact_rows and all(block is not None for block in small):
            # [A | 1] as one int8 block in group order; one float32 product per chunk of it gives
            # the cross-sums, the sums and n
            stacked = np.empty((self.n_rows, width + 1), dtype=np.int8)
            for j, block in enumerate(small):
                stacked[:, j * k:(j + 1) * k] = block
            stacked[:, width] = 1
            _, _, plan = self._grouping(by)
            if plan is not None:
                stacked = stacked[plan[0]]
            bounds = [0, self.n_rows] if plan is None else plan[1]
            with one_blas_thread():
                for g in range(size):
                    for start in range(bounds[g], bounds[g + 1], exact_rows):
                        a = stacked[start:min(start + exact_rows, bounds[g + 1])].astype(np.float32)
                        product = (a.T @ a).astype(np.float64)
                        cross[g] += product[:width, :width]
                        sums[g] += product[width, :width]
                        n[g] += product[width, width]
            self._cache[key] = (shift, n, sums, cross)
            return self._cache[key]
        with one_blas_thread():
            for g, rows in self._chunks(by, exact_rows or CHUNK_ROWS):
                if exact_rows:
                    count = rows.stop - rows.start if isinstance(rows, slice) else len(rows)
                    a = np.empty((count, width), dtype=np.float32)
                    for j, kind in enumerate(raw):
                        a[:, j * k:(j + 1) * k] = self._answer(kind)[rows]
                    sums[g] += a.sum(axis=0, dtype=np.float64)
                else:
                    a = np.hstack([self._answer(kind)[rows] for kind in raw]) - shift
                    sums[g] += a.sum(axis=0)
                n[g] += a.shape[0]
                cross[g] += a.T @ a
        self._cache[key] = (shift, n, sums, cross)
        return self._cache[key]

    def _coarser(self, fine: tuple, coarse: tuple) -> np.ndarray:
        """For each group of ``fine``, the group of ``coarse`` (a subset of its columns) it is in."""
        position = [fine.index(name) for name in coarse]
        index = {tuple(_key(v) for v in key): g for g, key in enumerate(self.groups(coarse).keys)}
        return np.array([index[tuple(_key(key[p]) for p in position)] for key in self.groups(fine).keys],
                        dtype=np.intp)

    def _float32_rows(self, raw) -> int:
        """Rows per float32 chunk whose sums and cross-sums stay exact (whole numbers below
        2**24), or 0 when the answers are not all whole numbers of a modest size."""
        facts = [self._facts(kind) for kind in raw]
        if not facts or not all(whole for _, _, whole in facts):
            return 0
        largest = max(max(abs(low), abs(high)) for low, high, _ in facts)
        rows = int(2**24 // max(largest * largest, 1.0)) if largest <= 1000 else 0
        return min(rows, CHUNK_ROWS * 4) if rows >= 1024 else 0

    def _whole_items(self, kind: str) -> bool:
        """Whether the item values of ``kind`` are all whole numbers (answers, their gaps and
        pairs), from the answers' facts; False where not known."""
        sources = self._sources(kind)
        return bool(sources) and all(source in self._answers and self._facts(source)[2] for source in sources)

    def _sources(self, kind: str) -> tuple:
        """The answer kinds whose items make the item values of ``kind`` (none for others)."""
        if kind == "gap":
            return ("expectation", "perception")
        if kind in PAIRED:
            return PAIRED[kind]
        return (kind,) if kind in self._answers else ()

    def _facts(self, kind: str) -> tuple[float, float, bool]:
        """(smallest, largest, all whole numbers) of one kind of answers, in one pass of chunks
        (inf, -inf, True when it has none)."""
        key = ("facts", kind)
        if key not in self._cache:
            values = self._answer(kind)
            low, high = (float(values.min()), float(values.max())) if values.size else (np.inf, -np.inf)
            self._cache[("complete", kind)] = not np.isnan(low)  # min and max are NaN with any NaN
            if not np.isnan(low) and -SMALL_ANSWERS <= low and high <= SMALL_ANSWERS:
                small = values.astype(np.int8, order="F")  # exact for whole numbers
                whole = np.array_equal(small, values)
                if whole:
                    small.setflags(write=False)
                    self._cache[("int8", kind)] = small
                self._cache[key] = (low, high, whole)
                return self._cache[key]
            if not np.isnan(low):
                self._cache[key] = (low, high, np.array_equal(values, np.rint(values)))
                return self._cache[key]
            low, high, whole = np.inf, -np.inf, True
            for rows in self._row_chunks():
                x = values[rows]
                missing = np.isnan(x)
                given = x[~missing] if missing.any() else x
                if not given.size:
                    continue
                low, high = min(low, float(given.min())), max(high, float(given.max()))
                whole = whole and np.array_equal(given, np.rint(given))
            self._cache[key] = (low, high, whole)
        return self._cache[key]

    def _linear_moments(self, kind, level, by, linear) -> Moments:
        shift, n, sums, cross = self._base(tuple(by))
        n = np.repeat(n[:, None], linear.shape[1], axis=1)
        s1 = sums @ linear
        s2 = ((cross @ linear) * linear).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            delta = np.where(n > 0, s1 / np.where(n > 0, n, 1), np.nan)
            m2 = np.maximum(s2 - delta * s1, 0.0)
        return Moments(names=self.names(level), n=n, mean=shift @ linear + delta, m2=m2, sum_w=n,
                       sum_w2=n, weighted=False)

    def _linear_cross(self, names, linear, by) -> CrossProducts:
        shift, n, sums, cross = self._base(tuple(by))
        width = linear.shape[1]
        count = np.repeat(n, width * width).reshape(len(n), width, width)
        block_sums = np.repeat((sums @ linear)[:, :, None], width, axis=2)
        return CrossProducts(names=names, shift=shift @ linear, count=count, sums=block_sums,
                             cross=linear.T @ cross @ linear)

    def value_counts(self, kind: str, level: str, by=()) -> ValueCounts | None:
        """Respondents per lattice value, group and column, or None for values off a lattice.

        The lattice of item answers and gaps is the integers (for integer answers); of a
        dimension mean the multiples of 1/lcm(1, …, m) for dimensions of up to m items; of an
        overall score, of 1/(D · lcm(1, …, m)) for D dimensions.
        """
        by = tuple(by)
        key = ("counts", kind, level, by)
        if key in self._cache:
            return self._cache[key]
        result = self._value_counts(kind, level, by)
        self._cache[key] = result
        return result

    def _value_counts(self, kind, level, by):
        m = max((len(i) for i in self._dim_items), default=1)
        scale = {"item": 1, "dimension": _lcm_upto(m)}.get(level, _lcm_upto(m) * len(self._dim_items))
        if level == "overall_weighted":
            return None
        low, high = self._range(kind, level)
        if not np.isfinite(low):
            return None
        base, size = math.floor(round(low * scale, 6)), math.ceil(round(high * scale, 6))
        n_values = size - base + 1
        names = self.names(level)
        k, n_groups = len(names), self.groups(by).size
        if n_values * k * n_groups > 50_000_000 or n_values > _MAX_LATTICE:
            return None
        codes = self.codes(by)
        fast = self._small_lattice(kind, level, scale)
        if fast is not None:
            return ValueCounts(names=names, values=(base + np.arange(n_values)) / scale,
                               counts=self._small_counts(fast, base, n_values, codes, n_groups))
        known_whole = level == "item" and self._whole_items(kind)
        complete = known_whole and all(self._complete(source) for source in self._sources(kind))
        width = n_values + 1  # one more bin per column for missing values, dropped at the end
        offsets = np.arange(k) * width
        flat = np.zeros(n_groups * k * width)
        for rows in self._row_chunks():
            x = self.block(kind, level, rows)
            if scale != 1:
                x = x * scale
            point = x if known_whole else np.rint(x)
            with np.errstate(invalid="ignore"):
                if not known_whole and np.any(np.abs(x - point) > 1e-7):
                    return None  # off the lattice
            index = point - base
            if not complete:
                missing = np.isnan(point)
                if missing.any():
                    index[missing] = n_values
            cell = index.astype(np.intp)
            cell += offsets
            if n_groups > 1:
                cell += (codes[rows] * (k * width))[:, None]
            flat += np.bincount(cell.ravel(order="K"), minlength=flat.size)
        counts = flat.reshape(n_groups, k, width)[:, :, :n_values]
        values = (base + np.arange(n_values)) / scale
        return ValueCounts(names=names, values=values, counts=counts)

    def _small_lattice(self, kind: str, level: str, scale: int):
        """How the lattice points (values × ``scale``) of a block follow from the int8 answers,
        or None: (own, minus, M) for the int8 item values ``own`` (less ``minus``, for gaps)
        times the whole-number items × columns matrix M (None at item level: the values
        themselves). Only for complete answers, where every value lies on the lattice."""
        small = {k: self._cache.get(("int8", k)) for k in self._answers}
        if kind == "gap":
            own, minus = small.get("perception"), small.get("expectation")
            if minus is None:
                return None
        elif kind in PAIRED:  # complete pairs: the answers themselves
            own, minus = small.get(PAIRED[kind][0]), None
            if small.get(PAIRED[kind][1]) is None:
                return None
        else:
            own, minus = small.get(kind), None
        if own is None:
            return None
        if level == "item":
            return own, minus, None
        member = self._membership(mean=True)
        means = {"dimension": lambda: member,
                 "scale_mean": lambda: self._membership(scales=True, mean=True),
                 "overall": lambda: member @ np.full((member.shape[1], 1), 1.0 / member.shape[1])}
        if level not in means:
            return None
        points = means[level]() * scale
        whole = np.rint(points)
        if not np.allclose(points, whole, rtol=0, atol=1e-9) or np.abs(whole).sum(axis=0).max() * 2 * SMALL_ANSWERS >= 2**24:
            return None  # not whole multiples of 1/scale, or too large for exact float32 sums
        return own, minus, whole.astype(np.float32)

    def _small_counts(self, plan, base: int, n_values: int, codes, n_groups: int) -> np.ndarray:
        """Counts per group, column and lattice value (of ``n_values`` from ``base``) by
        :meth:`_small_lattice`'s plan: one bincount per chunk of rows."""
        own, minus, matrix = plan
        k = own.shape[1] if matrix is None else matrix.shape[1]
        size = n_groups * k * n_values
        largest = 2 * SMALL_ANSWERS * (1 if matrix is None else float(np.abs(matrix).sum(axis=0).max()))
        # lattice points and bin numbers in as few bytes as they fit
        cells = np.int16 if size < 2**15 and largest < 2**15 else np.intp
        offsets = (np.arange(k) * n_values - base).astype(cells)
        flat = np.zeros(size, dtype=np.int64)
        with one_blas_thread():
            for rows in self._row_chunks(_COUNT_ROWS):
                x = own[rows] if minus is None else own[rows] - minus[rows]  # int8: |gap| <= 126
                if matrix is not None:  # whole numbers below 2**24: exact in float32
                    x = (x.astype(np.float32) @ matrix).astype(cells)
                cell = np.add(x, offsets, dtype=cells)
                if n_groups > 1:
                    cell += (codes[rows] * (k * n_values)).astype(cells)[:, None]
                flat += np.bincount(cell.ravel(order="K"), minlength=size)
        return flat.reshape(n_groups, k, n_values).astype(float)

    def _range(self, kind, level) -> tuple[float, float]:
        """Smallest and largest value of a block (inf, -inf when it has none), or bounds of it
        from the answers' own range (a mean lies between its items' extremes; a gap between
        P's and E's): the lattice they give may be wider, never narrower."""
        source = PAIRED[kind][0] if kind in PAIRED else kind
        if level in ("item", "dimension", "scale_mean", "overall") and (source in self._answers or kind == "gap"):
            if kind == "gap":
                (e_low, e_high, _), (p_low, p_high, _) = self._facts("expectation"), self._facts("perception")
                low, high = p_low - e_high, p_high - e_low
            else:
                low, high, _ = self._facts(source)
            if np.isfinite(low):
                return low, high
        low, high = np.inf, -np.inf
        for rows in self._row_chunks():
            x = self.block(kind, level, rows)
            with np.errstate(invalid="ignore"):
                if x.size and not np.isnan(x).all():
                    low, high = min(low, float(np.nanmin(x))), max(high, float(np.nanmax(x)))
        return low, high


@lru_cache(maxsize=1)
def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """Run matrix products on one BLAS thread: the products here are small (at most a few
    hundred columns), where threads only add start-up costs and, on a busy machine, spin; and a
    fixed order of summation makes results bit-identical from run to run."""
    return _controller().limit(limits=1, user_api="blas")


def _zone(kind: str, a: np.ndarray, d: np.ndarray, p: np.ndarray) -> np.ndarray:
    """A zone-of-tolerance score from the answers (or dimension means) of complete triples
    (NaN where incomplete): P − A, P − D, D − A, or 0/1 for below (P < A), above (P > D and not
    below) and inverted (D < A)."""
    if kind == "adequacy":
        return p - a
    if kind == "superiority":
        return p - d
    if kind == "zone_width":
        return d - a
    with np.errstate(invalid="ignore"):
        below = p - a < 0
        hit = {"zone_below": below, "zone_above": (p - d > 0) & ~below, "zone_inverted": d < a}[kind]
    return np.where(np.isnan(p), np.nan, hit.astype(float))


def _group_codes(segments: pd.DataFrame, by: tuple) -> np.ndarray:
    """Group number of every respondent, groups in sorted order of their values and missing
    values last (pandas ``groupby(by, sort=True, dropna=False).ngroup()``): for one column, by
    ``pandas.factorize`` (the same numbers without the groupby machinery)."""
    if len(by) == 1:
        try:
            return pd.factorize(segments[by[0]], sort=True, use_na_sentinel=False)[0].astype(np.intp)
        except TypeError:  # values that do not sort against each other: groupby's own rule
            pass
    return segments.groupby(list(by), sort=True, dropna=False).ngroup().to_numpy().astype(np.intp)


def _onehot(codes: np.ndarray, size: int):
    """Rows × groups indicator for a matrix product, or None for one group or many groups."""
    if size == 1 or size > 256:
        return None if size == 1 else (codes, size)
    out = np.zeros((codes.size, size))
    out[np.arange(codes.size), codes] = 1.0
    return out


def _sum_by(values: np.ndarray, onehot) -> np.ndarray:
    """Column sums of ``values`` per group: (groups, columns). ``onehot`` from :func:`_onehot`:
    None (one group), an indicator matrix (a matrix product), or the codes of many groups."""
    if onehot is None:
        return values.sum(axis=0, dtype=float)[None, :]
    if isinstance(onehot, tuple):
        return _group_sum(values, *onehot)
    return onehot.T @ np.asarray(values, dtype=float)


def _group_sum(values: np.ndarray, codes: np.ndarray, size: int) -> np.ndarray:
    """Column sums of ``values`` (rows × columns) per group code: (size, columns)."""
    if size == 1:
        return values.sum(axis=0, dtype=float)[None, :]
    k = values.shape[1]
    cells = (codes[:, None] * k + np.arange(k)).ravel()
    return np.bincount(cells, weights=np.asarray(values, dtype=float).ravel(),
                       minlength=size * k).reshape(size, k)


def _key(value):
    """A group key's value, with every missing value the same (NaN is not equal to itself)."""
    return None if pd.isna(value) else value


def _add_up(values: np.ndarray, into: np.ndarray, size: int) -> np.ndarray:
    """Sums of the rows (groups) of ``values`` per coarser group ``into``."""
    out = np.zeros((size,) + values.shape[1:])
    np.add.at(out, into, values)
    return out


def _lcm_upto(m: int) -> int:
    return reduce(math.lcm, range(1, m + 1), 1)


def _frame(values: np.ndarray, index, columns) -> pd.DataFrame:
    """A read-only DataFrame around ``values`` (no copy)."""
    return pd.DataFrame(values, index=index, columns=pd.Index(list(columns)), copy=False)
