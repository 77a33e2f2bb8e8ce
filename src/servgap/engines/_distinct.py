"""Value counts over a block's distinct values, for values off a lattice (continuous answers).

Medians and rank tests (signed-rank, rank-sum, Kruskal–Wallis and Dunn) need only how many
respondents hold each value. On a lattice those are counts per lattice point
(:meth:`servgap.engines.EngineStats.value_counts`); off it — answers such as 7.25 on a 0–10
scale — the engine counts per distinct value instead: one ``GROUP BY`` per score, level and
grouping of the values rounded to :data:`servgap._rank.RANK_DECIMALS` decimals (as the
in-memory ranking rounds them), kept as whole numbers ``round(x · 10^10)`` so that equal
values group together. The result is a :class:`~servgap.stats.ValueCounts` whose ``values``
are the sorted union of the distinct values (not equally spaced).

A block is counted this way only while the counts stay small: at most :data:`MAX_DISTINCT`
distinct values and :data:`MAX_CELLS` groups × columns × values. The query counts the distinct
values itself and returns the counts only below those bounds, so a block with a value per
respondent never brings its rows back; beyond them the block has no value counts and the rank
tests refuse with the engine's "needs rows" error, as before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._rank import RANK_DECIMALS
from ..stats.aggregates import ValueCounts
from . import _sql

__all__ = ["MAX_DISTINCT", "MAX_CELLS", "distinct_counts_query", "distinct_value_counts"]

#: Distinct values (over every column and group of a block) up to which a block is counted.
MAX_DISTINCT = 1_000_000
#: Groups × columns × values up to which a block is counted (a dense array of that many floats,
#: and a few temporary ones of its size in the rank statistics: 80 MB each at the bound).
MAX_CELLS = 10_000_000
_SCALE = 10 ** RANK_DECIMALS
_EXACT = 2 ** 53  # whole numbers up to here are exact in a DOUBLE: |x| < 900 719 at ten decimals


def distinct_counts_query(dialect, table: str, exprs: list[str], by: list[str], limit: int) -> str:
    """Respondents per group, column ``j`` and distinct value, with the number of distinct values.

    Parameters
    ----------
    dialect : servgap.engines._sql.Dialect
        The engine's spellings (its table of column numbers).
    table : str
        A relation holding the segment columns ``by`` and the columns ``exprs`` refer to.
    exprs : list of str
        The block's columns as SQL expressions (DOUBLE).
    by : list of str
        The segment columns to group by.
    limit : int
        The counts are returned only while the distinct values number at most ``limit``.

    Returns
    -------
    str
        A query whose rows are ``<by…>, n_distinct, top, j, v, n``: ``v`` the value as the
        whole number round(x · 10^10) (x rounded to :data:`~servgap._rank.RANK_DECIMALS`
        decimals, a DOUBLE), ``n`` its respondents and ``top`` the largest |v|. Above ``limit``,
        with |v| from 2^53 on (no longer exact in a DOUBLE) or without a value, a single row
        holds ``n_distinct``, ``top`` and NULLs.

    Notes
    -----
    The SQL of R ``table(group, round(x, 10))`` per column: a ``GROUP BY`` of the unpivoted
    block, and ``count(DISTINCT v)`` over its rows decides, in the same query, whether they
    come back (a ``LEFT JOIN`` on that condition).

    Examples
    --------
    >>> from servgap.engines import _sql
    >>> sql = distinct_counts_query(_sql.DUCKDB, "t", ["x_a", "x_b"], ["s0"], 1000)
    >>> sql.startswith("WITH c AS (SELECT s0, j, (round(x * 10000000000.0e0) + 0e0) AS v")
    True
    """
    sub = _sql.values_query(table, exprs, by, None)
    pick = " ".join(f"WHEN {j} THEN x{j}" for j in range(len(exprs)))
    unpivoted = (f"SELECT {', '.join([*by, 'j'])}, CASE j {pick} END AS x "
                 f"FROM ({sub}) t CROSS JOIN {dialect.index_table(len(exprs))} i")
    # + 0: round(-0.1) is -0.0, which must group with 0
    value = f"(round(x * {_sql.double(_SCALE)}) + 0e0)"
    keys = [*by, "j"]
    counted = (f"SELECT {', '.join(keys)}, {value} AS v, count(*) AS n FROM ({unpivoted}) u "
               f"WHERE x IS NOT NULL GROUP BY {', '.join([*keys, value])}")
    cols = ", ".join([*(f"c.{name}" for name in by), "d.n_distinct", "d.top", "c.j", "c.v", "c.n"])
    return (f"WITH c AS ({counted}), d AS (SELECT count(DISTINCT v) AS n_distinct, max(abs(v)) AS top FROM c) "
            f"SELECT {cols} FROM d LEFT JOIN c ON d.n_distinct <= {int(limit)} AND d.top < {_sql.double(_EXACT)}")


def distinct_value_counts(stats, kind: str, level: str, by: tuple) -> ValueCounts | None:
    """Value counts of ``kind`` at ``level`` per group of ``by`` over its distinct values, or None
    beyond :data:`MAX_DISTINCT` values or :data:`MAX_CELLS` cells.

    Parameters
    ----------
    stats : servgap.engines.EngineStats
        The survey's statistics on the engine.
    kind, level : str
        The block (as :meth:`servgap.stats.MemoryStats.value_counts`).
    by : tuple of str
        Segment names.

    Returns
    -------
    ValueCounts or None
        ``values``: the sorted distinct values (rounded to ten decimals) of every column and
        group; ``counts[g, j, v]`` the respondents of group g whose value in column j is
        ``values[v]``.

    Notes
    -----
    Counted by the grouping of every segment column when it fits (coarser groupings follow
    by adding groups up, as on the lattice), else by ``by`` itself. The statistics that follow
    are those of the sort-based ranking of rounded values (R ``wilcox.test(round(d, 10))``,
    ``kruskal.test``, ``median``).

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("demo", {"A": ["a1", "a2"]}, scale=(0, 10))
    >>> frame = pd.DataFrame({"id": ["1", "2", "3"], "E_a1": [7.5, 8.25, 6.0], "P_a1": [8.0, 8.25, 5.5],
    ...                       "E_a2": [5.0, 6.0, 7.0], "P_a2": [6.5, 6.0, 7.0]})
    >>> survey = servgap.scan(frame, inst, id="id")
    >>> vc = distinct_value_counts(survey.stats, "gap", "item", ())
    >>> vc.values.tolist(), vc.counts[0].tolist()
    ([-0.5, 0.0, 0.5, 1.5], [[1.0, 1.0, 1.0, 0.0], [0.0, 2.0, 0.0, 1.0]])
    """
    by = tuple(by)
    k = len(stats.names(level))
    fine = stats._fine(by)
    if fine != by:  # one pass serves every coarser grouping: counts add up
        at = _counted(stats, kind, level, fine)
        if at is not None:
            return ValueCounts(names=at.names, values=at.values, counts=stats._add_up(at.counts, fine, by))
        if stats._cache[("distinct_n", kind, level, fine)] > MAX_DISTINCT:
            return None
    if stats.groups(by).size * k > MAX_CELLS:
        return None
    return _counted(stats, kind, level, by)


def _counted(stats, kind: str, level: str, by: tuple) -> ValueCounts | None:
    """The distinct-value counts grouped by ``by`` (one query, cached on ``stats``)."""
    key = ("distinct", kind, level, by)
    if key in stats._cache:
        return stats._cache[key]
    names = stats.names(level)
    n_groups = stats.groups(by).size
    limit = min(MAX_DISTINCT, MAX_CELLS // max(1, n_groups * len(names)))
    keys, numbers = [], np.zeros((0, 5))
    if limit >= 2:  # else not worth a pass over the data
        query = distinct_counts_query(stats.engine.dialect, stats._values(kind), stats._exprs(kind, level),
                                      stats._by(by), limit)
        keys, numbers = _fetch(stats.engine, query, len(by))
    n_distinct = int(numbers[0, 0]) if len(numbers) else 0
    exact = bool(len(numbers)) and numbers[0, 1] < _EXACT
    # values too large for exact keys count as too many (no coarser grouping helps either)
    stats._cache[("distinct_n", kind, level, by)] = n_distinct if exact or not n_distinct else MAX_DISTINCT + 1
    result = None
    if 0 < n_distinct <= limit and exact:
        group = np.zeros(len(keys), dtype=np.intp)
        if by:  # the few group keys looked up once each, not per row
            found = [pd.factorize(pd.Series(col, dtype=object), use_na_sentinel=False) for col in zip(*keys)]
            sizes = [len(uniques) for _, uniques in found]
            present, group = np.unique(np.ravel_multi_index([codes for codes, _ in found], sizes), return_inverse=True)
            index = np.array([stats._group_index(by, [_raw(uniques[c]) for c, (_, uniques) in zip(key, found)])
                              for key in zip(*np.unravel_index(present, sizes))], dtype=np.intp)
            group = index[group.reshape(-1)]
        j, v, n = (numbers[:, c].astype(np.int64) for c in (2, 3, 4))
        points, cell = np.unique(v, return_inverse=True)
        counts = np.zeros((n_groups, len(names), points.size))
        np.add.at(counts, (group, j, cell.reshape(-1)), n)
        result = ValueCounts(names=names, values=points / _SCALE, counts=counts)
    stats._cache[key] = result
    return result


def _raw(value):
    """A group key's value as the engine returned it (None for a missing value)."""
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else value


def _fetch(engine, query: str, n_keys: int) -> tuple[list, np.ndarray]:
    """The group keys (a tuple per row) and the numbers (rows, 5) of a distinct-counts query;
    through the adapter's columnar fetch where it has one (hundreds of thousands of rows)."""
    if hasattr(engine, "fetch_array"):
        keys, numbers = engine.fetch_array(query, n_keys)
        return keys, numbers.reshape(len(keys), 5)
    rows = engine.fetch(query)
    numbers = np.array([[np.nan if x is None else float(x) for x in r[n_keys:]] for r in rows], dtype=float)
    return [tuple(r[:n_keys]) for r in rows], numbers.reshape(len(rows), 5)
