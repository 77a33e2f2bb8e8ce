"""SQL query builders shared by every engine: one text for DuckDB and Spark SQL.

The engines differ only in a few spellings, collected in a :class:`Dialect` (identifier
quotes, string literals, a full regular-expression match, a small table of column numbers).
Everything else — validation, derived per-respondent scores, the aggregates of
:mod:`servgap.stats` — is built here from plain SQL expressions.

Column names inside the generated queries are servgap's own (``a_<kind>_<j>`` for answers,
``s<j>`` for segments, ``_w`` for the survey weight, ``x<j>`` for the values of one request),
so that only the source's columns ever need quoting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..stats.memory import PAIRED, TRIPLE, ZONE

__all__ = ["Dialect", "DUCKDB", "SPARK", "PLAIN_NUMBER", "Scores"]

#: A number written in ASCII digits (the loader's ``_PLAIN``), with spaces around it.
PLAIN_NUMBER = r"^ *[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)? *$"
_HUGE = "1.7976931348623157e308"  # |x| above the largest double: infinite (no isinf in Spark SQL)


#: Every character for which ``str.isspace()`` is true: what ``str.strip()`` removes.
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_SPACE = f"[{WHITESPACE}]"  # a character class of them (none is special inside a class)


@dataclass(frozen=True)
class Dialect:
    """The few spellings in which DuckDB and Spark SQL differ."""

    name: str
    quote: str
    backslash_escapes: bool  # Spark reads \ in a string literal as an escape

    def ident(self, name: str) -> str:
        """A source column name, quoted."""
        q = self.quote
        return q + str(name).replace(q, q + q) + q

    def literal(self, value) -> str:
        """A value as an SQL literal (text quoted, numbers as written, None as NULL)."""
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (int, float)):
            if math.isnan(value):
                return "CAST('NaN' AS DOUBLE)"
            if math.isinf(value):
                return f"CAST('{'-' if value < 0 else ''}Infinity' AS DOUBLE)"
            return repr(float(value)) if isinstance(value, float) else str(value)
        text = str(value)
        if self.backslash_escapes:
            text = text.replace("\\", "\\\\")
        return "'" + text.replace("'", "''") + "'"

    def full_match(self, expr: str, pattern: str) -> str:
        if self.name == "spark":
            return f"({expr} RLIKE {self.literal(pattern)})"
        return f"regexp_full_match({expr}, {self.literal(pattern)})"

    def index_table(self, k: int) -> str:
        """A relation with one column ``j`` holding 0 … k − 1."""
        if self.name == "spark":
            return f"(SELECT explode(sequence(0, {k - 1})) AS j)"
        return f"(SELECT unnest(range({k})) AS j)"

    def median(self, expr: str) -> str:
        """The exact median (the mean of the two middle values for an even count)."""
        return f"percentile({expr}, 0.5)" if self.name == "spark" else f"quantile_cont({expr}, 0.5)"

    def is_nan(self, expr: str) -> str:
        """SQL true where the DOUBLE ``expr`` is NaN. DuckDB folds ``isnan(x)`` of a parquet
        column to FALSE when the file's min/max statistics (which leave NaN out) are finite;
        ``isfinite`` is evaluated per value, and ``isinf`` is folded only where no infinity can be."""
        if self.name == "spark":
            return f"isnan({expr})"
        return f"(NOT isfinite({expr}) AND NOT isinf({expr}))"

    def strip(self, expr: str) -> str:
        """Text without the leading and trailing whitespace Python's ``str.strip()`` removes
        (the loader's rule for segment values and ids), not only spaces. A regular expression:
        DuckDB's ``trim`` with a set of characters is 25 times slower."""
        edges = self.literal(f"^{_SPACE}+|{_SPACE}+$")
        if self.name == "spark":
            return f"regexp_replace({expr}, {edges}, '')"
        return f"regexp_replace({expr}, {edges}, '', 'g')"

    def padded(self, expr: str) -> str:
        """SQL true where the text ``expr`` starts or ends with whitespace (see :meth:`strip`)."""
        edge = self.literal(f"^{_SPACE}|{_SPACE}$")
        if self.name == "spark":
            return f"({expr} RLIKE {edge})"
        return f"regexp_matches({expr}, {edge})"

    def text(self, expr: str) -> str:
        return f"CAST({expr} AS STRING)" if self.name == "spark" else f"CAST({expr} AS VARCHAR)"


DUCKDB = Dialect("duckdb", '"', False)
SPARK = Dialect("spark", "`", True)


def _a(kind: str, j: int) -> str:
    """A stored answer as DOUBLE (integer answers are stored as SMALLINT)."""
    return f"CAST(a_{kind}_{j} AS DOUBLE)"


def flag(condition: str) -> str:
    """1 where ``condition`` holds, else 0 (NULL counts as false), as DOUBLE (``1.0`` would be a
    DECIMAL literal to DuckDB and Spark, and decimal arithmetic is several times slower)."""
    return f"(CASE WHEN {condition} THEN 1e0 ELSE 0e0 END)"


def double(value) -> str:
    """A finite number as a DOUBLE literal (``4.5e0``; ``4.5`` would be a DECIMAL)."""
    text = repr(float(value))
    return text if "e" in text else text + "e0"


def given(expr: str) -> str:
    return flag(f"{expr} IS NOT NULL")


def mean_of(exprs: list[str], need: int) -> str:
    """The mean of the non-missing ``exprs`` when at least ``need`` are given, else NULL."""
    count = " + ".join(given(e) for e in exprs)
    total = " + ".join(f"coalesce({e}, 0e0)" for e in exprs)
    return f"(CASE WHEN ({count}) >= {need} THEN ({total}) / ({count}) END)"


def counted_mean(exprs: list[str], need: int, count: str) -> str:
    """:func:`mean_of` with the number of values given already computed (column ``count``)."""
    total = " + ".join(f"coalesce({e}, 0e0)" for e in exprs)
    return f"(CASE WHEN {count} >= {need} THEN ({total}) / {count} END)"


class Scores:
    """SQL expressions of the per-respondent values of every score and level (the engine
    counterpart of :meth:`servgap.stats.MemoryStats.block`), over the clean view's columns.

    Parameters
    ----------
    items, dimensions : tuple of str
    dim_items : list of list of int
        Item positions of each dimension.
    min_items : int
    components : tuple of str
        The answer kinds held (columns ``a_<kind>_<j>`` of the clean view).
    has_weights : bool
        The clean view holds rescaled dimension weights ``dw_<d>``.
    """

    def __init__(self, items, dimensions, dim_items, min_items, components, has_weights):
        self.items, self.dimensions, self.dim_items = tuple(items), tuple(dimensions), dim_items
        self.min_items, self.components, self.has_weights = min_items, tuple(components), has_weights

    def item(self, kind: str) -> list[str]:
        k = len(self.items)
        if kind in TRIPLE or kind in ZONE:
            triples = [[f"(CASE WHEN a_adequate_{j} IS NULL OR a_desired_{j} IS NULL OR a_perception_{j} IS NULL "
                        f"THEN NULL ELSE {_a(part, j)} END)" for part in ("adequate", "desired", "perception")]
                       for j in range(k)]
            if kind in TRIPLE:
                return [t[("triple_adequate", "triple_desired", "triple_perception").index(kind)] for t in triples]
            return [zone(kind, *t) for t in triples]
        if kind == "gap":
            return [f"({_a('perception', j)} - {_a('expectation', j)})" for j in range(k)]
        if kind in PAIRED:
            own, other = PAIRED[kind]
            # NULL where the partner is missing: 0·partner is NULL there and 0 elsewhere (answers are
            # finite), cheaper than a CASE
            return [f"({_a(own, j)} + 0e0 * a_{other}_{j})" for j in range(k)]
        return [_a(kind, j) for j in range(k)]

    def columns(self, kind: str, level: str) -> list[str]:
        """The columns of ``kind`` at ``level`` in :meth:`relation`."""
        if level == "item":
            return [f"i_{kind}_{j}" for j in range(len(self.items))]
        if level == "dimension":
            return [f"dm_{kind}_{d}" for d in range(len(self.dimensions))]
        if level == "scale_mean":
            return [f"sm_{kind}_{d}" for d in range(len(self.dimensions) + 1)]
        if level in ("overall", "overall_weighted"):
            return [f"{'ov' if level == 'overall' else 'ow'}_{kind}"]
        raise ValueError(f"`level` must be one of ['item', 'dimension', 'overall', 'overall_weighted', "
                         f"'scale_mean'], got {level!r}.")

    def relation(self, table: str, kinds) -> str:
        """A subquery over the validated ``table`` with every per-respondent value of ``kinds``
        (and what they derive from), computed in stages so that each value is computed once
        per row: item values, then dimension means (``min_items``) and scale means, then the
        values of dimension means (dimension weights where a gap score is given, zone
        indicators, overall scores), then the overall scores of those."""
        kinds = set(kinds)
        if kinds & {"paired_expectation", "paired_perception", "dimension_weight"}:
            kinds.add("gap")
        if kinds & set(ZONE):
            kinds |= set(TRIPLE)
        kinds = sorted(kinds)
        dependent = [k for k in kinds if k == "dimension_weight" or k in ZONE[3:]]
        plain = [k for k in kinds if k not in dependent]
        items = [f"{e} AS i_{k}_{j}" for k in kinds if k != "dimension_weight" for j, e in enumerate(self.item(k))]
        counts, dims, third, fourth = [], [], [], []
        # a gap and the E and P of its pairs are given on the same items: their dimension and
        # scale means share one count of the items answered (computed once per row)
        shared = {"gap", "paired_expectation", "paired_perception"} & set(plain)
        if len(shared) > 1:
            gap = self.columns("gap", "item")
            scales = [*self.dim_items, list(range(len(self.items)))]
            counts = [f"({' + '.join(given(gap[j]) for j in idx)}) AS n_gap_{d}" for d, idx in enumerate(scales)]
        for k in plain:
            cols = self.columns(k, "item")
            if k in shared and counts:
                dims += [f"{counted_mean([cols[j] for j in idx], min(self.min_items, len(idx)), f'n_gap_{d}')} "
                         f"AS dm_{k}_{d}" for d, idx in enumerate(self.dim_items)]
                dims += [f"{counted_mean([cols[j] for j in idx], 1, f'n_gap_{d}')} AS sm_{k}_{d}"
                         for d, idx in enumerate(self.dim_items)]
                dims.append(f"{counted_mean(cols, 1, f'n_gap_{len(self.dim_items)}')} AS sm_{k}_{len(self.dim_items)}")
                third += self._overall(k)
                continue
            dims += [f"{mean_of([cols[j] for j in idx], min(self.min_items, len(idx)))} AS dm_{k}_{d}"
                     for d, idx in enumerate(self.dim_items)]
            dims += [f"{mean_of([cols[j] for j in idx], 1)} AS sm_{k}_{d}" for d, idx in enumerate(self.dim_items)]
            dims.append(f"{mean_of(cols, 1)} AS sm_{k}_{len(self.dim_items)}")
            third += self._overall(k)
        for k in dependent:
            if k == "dimension_weight":
                third += [f"(CASE WHEN dm_gap_{d} IS NULL THEN NULL ELSE dw_{d} END) AS dm_{k}_{d}"
                          for d in range(len(self.dimensions))]
            else:
                third += [f"{zone(k, *(f'dm_{t}_{d}' for t in TRIPLE))} AS dm_{k}_{d}"
                          for d in range(len(self.dimensions))]
            fourth += self._overall(k, weighted=False)
        sql = f"SELECT * FROM {table}"
        for stage in (items, counts, dims, third, fourth):
            if stage:
                sql = f"SELECT *, {', '.join(stage)} FROM ({sql}) t"
        return f"({sql}) r"

    def _overall(self, kind: str, weighted: bool = True) -> list[str]:
        dims = self.columns(kind, "dimension")
        out = [f"{mean_of(dims, 1)} AS ov_{kind}"]
        if weighted and self.has_weights:
            has = self.columns("gap" if kind in ("paired_expectation", "paired_perception") else kind, "dimension")
            w = [f"(CASE WHEN {h} IS NULL OR {x} IS NULL THEN NULL ELSE dw_{d} END)"
                 for d, (h, x) in enumerate(zip(has, dims))]
            total = " + ".join(f"coalesce({e}, 0e0)" for e in w)
            any_given = " OR ".join(f"{e} IS NOT NULL" for e in w)
            weighted_sum = " + ".join(f"coalesce({e} * {x}, 0e0)" for e, x in zip(w, dims))
            out.append(f"(CASE WHEN ({any_given}) AND ({total}) > 0 THEN ({weighted_sum}) / ({total}) END) AS ow_{kind}")
        return out


def zone(kind: str, a: str, d: str, p: str) -> str:
    """A zone-of-tolerance score of complete triples (as :func:`servgap.stats.memory._zone`)."""
    if kind == "adequacy":
        return f"({p} - {a})"
    if kind == "superiority":
        return f"({p} - {d})"
    if kind == "zone_width":
        return f"({d} - {a})"
    hit = {"zone_below": f"{p} - {a} < 0", "zone_above": f"{p} - {d} > 0 AND NOT ({p} - {a} < 0)",
           "zone_inverted": f"{d} < {a}"}[kind]
    return f"(CASE WHEN {p} IS NULL THEN NULL WHEN {hit} THEN 1e0 ELSE 0e0 END)"


def values_query(table: str, exprs: list[str], by: list[str], weight: str | None) -> str:
    """A subquery of the segment columns ``by``, the weight ``_w`` and ``x0 … xk``."""
    cols = [*by, *([f"{weight} AS _w"] if weight else []), *(f"{e} AS x{j}" for j, e in enumerate(exprs))]
    return f"SELECT {', '.join(cols)} FROM {table}"


def group_clause(by: list[str]) -> str:
    return f" GROUP BY {', '.join(by)}" if by else ""


def moments_query(table, exprs, by, weighted: bool, shift=None, pairs=()) -> str:
    """count, mean and var_pop per column (unweighted); with weights the shifted sums
    Σw, Σw², Σw·d, Σw²·d, Σw²·d² of d = x − shift. Unweighted, the columns ``pairs`` (positions)
    add their pairwise aggregates in the layout of :func:`crossproducts_query` with shift 0:
    count(x_i + x_j) (i ≤ j), Σ x_i where x_j is given (all i, j; x_i + 0·x_j is NULL where
    either is missing) and Σ x_i x_j (i ≤ j)."""
    sub = values_query(table, exprs, by, "_w" if weighted else None)
    aggs = []
    if pairs and not weighted:
        x = [f"x{j}" for j in pairs]
        extra = [f"count({a})" if a == b else f"count({a} + {b})" for n, a in enumerate(x) for b in x[n:]]
        extra += [f"sum({a})" if a == b else f"sum({a} + 0e0 * {b})" for a in x for b in x]
        extra += [f"sum({a} * {b})" for n, a in enumerate(x) for b in x[n:]]
    for j in range(len(exprs)):
        x = f"x{j}"
        if not weighted:
            aggs += [f"count({x})", f"avg({x})", f"var_pop({x})"]
        else:
            d = f"({x} - {double(shift[j])})"
            aggs += [f"sum(_w + 0e0 * {x})", f"sum(_w * _w + 0e0 * {x})", f"sum(_w * {d})",
                     f"sum(_w * _w * {d})", f"sum(_w * _w * {d} * {d})", f"count({x})"]
    if pairs and not weighted:
        aggs += extra
    return f"SELECT {', '.join([*by, *aggs])} FROM ({sub}) t{group_clause(by)}"


def _shifted_values(exprs, by, shift, weight_power: int, answered=None) -> list[str]:
    """The select list of the cross-product queries: the grouping columns, the weight W as
    ``_w`` (w or w² for ``weight_power`` 1 or 2), each value shifted and zero-filled as
    ``d<j>`` and, with ``answered`` (expression → SQL), its answered flag as ``m<j>``."""
    inner = [*by]
    if weight_power:
        inner.append("_w" if weight_power == 1 else "_w * _w AS _w")
    for j, e in enumerate(exprs):
        inner.append(f"coalesce({e} - {double(shift[j])}, 0e0) AS d{j}")
        if answered is not None:
            inner.append(f"{answered(e)} AS m{j}")
    return inner


def crossproducts_query(table, exprs, by, shift, weight_power: int, complete: bool, listwise: bool = False) -> str:
    """Pairwise counts, shifted sums and cross-sums: Σ W m_i m_j (i ≤ j), Σ W d_i m_j (all i, j)
    and Σ W d_i d_j (i ≤ j), with d zero-filled and W = w^weight_power. With ``complete`` (no
    value missing) the counts are Σ W and the sums Σ W d_i; ``listwise`` keeps only the rows
    with every value (and implies ``complete``)."""
    k = len(exprs)
    inner = _shifted_values(exprs, by, shift, weight_power, None if complete else given)
    sub = f"SELECT {', '.join(inner)} FROM {table}"
    if listwise:
        sub += " WHERE " + " AND ".join(f"{e} IS NOT NULL" for e in exprs)
    w = "_w * " if weight_power else ""
    aggs = []
    if complete:
        aggs.append(f"sum({w}1e0)")
        aggs += [f"sum({w}d{i})" for i in range(k)]
    else:
        aggs += [f"sum({w}m{i} * m{j})" for i in range(k) for j in range(i, k)]
        aggs += [f"sum({w}d{i} * m{j})" for i in range(k) for j in range(k)]
    aggs += [f"sum({w}d{i} * d{j})" for i in range(k) for j in range(i, k)]
    return f"SELECT {', '.join([*by, *aggs])} FROM ({sub}) t{group_clause(by)}"


def subset_crossproducts_query(table, exprs, by, shift, subsets) -> str:
    """Per subset (columns, required): the aggregates of :func:`crossproducts_query` of
    ``columns`` over the rows with every ``required`` value (a 0/1 flag f_s per subset, so one
    pass serves every subset). Where ``required`` covers ``columns`` (complete cases) the
    layout is that of ``complete`` (Σ f_s, Σ f_s d_i, Σ f_s d_i d_j); else the pairwise one."""
    used = sorted({c for cols, req in subsets for c in (*cols, *req)})
    inner = [*by]
    for j in used:
        inner += [f"coalesce({exprs[j]} - {double(shift[j])}, 0e0) AS d{j}", f"{given(exprs[j])} AS m{j}"]
    inner += [f"{flag(' AND '.join(f'{exprs[r]} IS NOT NULL' for r in req))} AS f{s}"
              for s, (_, req) in enumerate(subsets)]
    aggs = []
    for s, (cols, req) in enumerate(subsets):
        f = f"f{s}"
        if set(cols) <= set(req):
            aggs.append(f"sum({f})")
            aggs += [f"sum({f} * d{i})" for i in cols]
        else:
            aggs += [f"sum({f} * m{i} * m{j})" for n, i in enumerate(cols) for j in cols[n:]]
            aggs += [f"sum({f} * d{i} * m{j})" for i in cols for j in cols]
        aggs += [f"sum({f} * d{i} * d{j})" for n, i in enumerate(cols) for j in cols[n:]]
    return (f"SELECT {', '.join([*by, *aggs])} FROM (SELECT {', '.join(inner)} FROM {table}) t"
            f"{group_clause(by)}")


def patterns_query(table, exprs, by, shift, weight_power: int) -> str:
    """Per group and pattern of answered columns (the flags m_0 … m_k−1, 0/1, as keys): Σ W as
    ``_c``, Σ W d_i as ``_s<i>`` and Σ W d_i d_j (i ≤ j) as ``_q<i>_<j>``, with d zero-filled and
    W = w^weight_power. Few rows (one per pattern and group); every pairwise and subset
    aggregate of these columns follows from them (:func:`pattern_crossproducts_query`; on
    DuckDB and Spark alike, :meth:`servgap.engines.EngineStats._pattern_aggregates`)."""
    k = len(exprs)
    # the answered flags are grouping keys here: whole numbers group faster than DOUBLEs
    inner = _shifted_values(exprs, by, shift, weight_power, lambda e: f"(CASE WHEN {e} IS NULL THEN 0 ELSE 1 END)")
    w = "_w * " if weight_power else ""
    keys = [*by, *(f"m{j}" for j in range(k))]
    first = [f"sum({w}1e0) AS _c", *(f"sum({w}d{i}) AS _s{i}" for i in range(k)),
             *(f"sum({w}d{i} * d{j}) AS _q{i}_{j}" for i in range(k) for j in range(i, k))]
    return (f"SELECT {', '.join([*keys, *first])} FROM (SELECT {', '.join(inner)} FROM {table}) t "
            f"GROUP BY {', '.join(keys)}")


def pattern_crossproducts_query(patterns, k: int, by) -> str:
    """The pairwise aggregates of :func:`crossproducts_query` (its layout, values missing) from
    the rows of :func:`patterns_query` (a table or subquery ``patterns``): Σ W m_i m_j =
    Σ m_i m_j ΣW, Σ W d_i m_j = Σ m_j (Σ W d_i) and Σ W d_i d_j. The pass over the data
    computes one product per pair of columns instead of four."""
    aggs = [f"sum(_c * m{i} * m{j})" for i in range(k) for j in range(i, k)]
    aggs += [f"sum(_s{i} * m{j})" for i in range(k) for j in range(k)]
    aggs += [f"sum(_q{i}_{j})" for i in range(k) for j in range(i, k)]
    return f"SELECT {', '.join([*by, *aggs])} FROM {patterns} p{group_clause(by)}"


def lattice_query(table, exprs, scale: int) -> str:
    """Per column: minimum, maximum and the largest distance of x·scale from a whole number."""
    aggs = []
    for e in exprs:
        aggs += [f"min({e})", f"max({e})", f"max(abs({e} * {scale} - round({e} * {scale})))"]
    return f"SELECT {', '.join(aggs)} FROM {table}"


def value_counts_query(dialect: Dialect, table, exprs, by, scale: int, base: int) -> str:
    """Respondents per group, column j and lattice point (round(x·scale) − base)."""
    sub = values_query(table, exprs, by, None)
    pick = " ".join(f"WHEN {j} THEN x{j}" for j in range(len(exprs)))
    inner = (f"SELECT {', '.join([*by, 'j'])}, CASE j {pick} END AS v "
             f"FROM ({sub}) t CROSS JOIN {dialect.index_table(len(exprs))} c")
    cell = f"CAST(round(v * {scale}) AS BIGINT) - {base}"
    keys = [*by, "j", "cell"]
    return (f"SELECT {', '.join(keys)}, count(*) FROM (SELECT {', '.join([*by, 'j'])}, {cell} AS cell "
            f"FROM ({inner}) u WHERE v IS NOT NULL) w GROUP BY {', '.join(keys)}")


def huge() -> str:
    return _HUGE
