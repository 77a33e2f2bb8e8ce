"""The aggregates the statistics layer returns, and what follows from them by algebra alone.

Each is a frozen dataclass of numpy arrays with one leading axis for the groups (segment
combinations, in :attr:`Groups.keys` order). Nothing here touches respondents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Groups", "Moments", "CrossProducts", "ValueCounts", "ColumnNames"]


class ColumnNames:
    """The column names of each level, shared by every statistics source (in memory, engines).

    A source sets ``items`` and ``dimensions``; ``names(level)`` gives the columns of a block.

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> load_example().stats.names("scale_mean")[-2:]
    ('Empathy', 'all items')
    """

    items: tuple = ()
    dimensions: tuple = ()

    def names(self, level: str) -> tuple:
        """Column names of a level: items, dimensions (with "all items" for the reliability
        scales) or the one overall column."""
        if level == "item":
            return self.items
        if level == "dimension":
            return self.dimensions
        if level == "scale_mean":
            return (*self.dimensions, "all items")
        return ("overall",)


@dataclass(frozen=True)
class Groups:
    """The groups of one grouping: segment columns ``by`` and each group's values.

    Attributes
    ----------
    by : tuple of str
        The segment columns.
    keys : list of tuple
        ``keys[g]`` is the tuple of segment values of group g (sorted; missing values last,
        as a group of their own); one group ``()`` of everyone when ``by`` is empty.
    sizes : tuple of int
        Respondents in each group.

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> from servgap.stats import source_of
    >>> source_of(load_example()).groups(("branch",)).keys
    [('Bandung',), ('Jakarta',), ('Surabaya',)]
    """

    by: tuple
    keys: list
    sizes: tuple = ()

    @property
    def size(self) -> int:
        """Number of groups."""
        return len(self.keys)


@dataclass(frozen=True)
class Moments:
    """Per group and column: the count, the (weighted) mean and the second moment.

    Attributes
    ----------
    names : tuple of str
        The columns (items, dimensions or ``("overall",)``).
    n : ndarray (groups, columns)
        Respondents with a value.
    mean : ndarray (groups, columns)
        Mean, Σw·x/Σw with survey weights.
    m2 : ndarray (groups, columns)
        Σ(x − mean)²; with survey weights Σw²(x − mean)², the sum the linearised variance of a
        weighted mean needs.
    sum_w, sum_w2 : ndarray (groups, columns)
        Σw and Σw² over the respondents with a value (both equal ``n`` without weights).
    weighted : bool

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> from servgap.stats import source_of
    >>> m = source_of(load_example()).moments("gap", "dimension")
    >>> m.n.shape, m.names[0]
    ((1, 5), 'Tangibles')
    """

    names: tuple
    n: np.ndarray
    mean: np.ndarray
    m2: np.ndarray
    sum_w: np.ndarray
    sum_w2: np.ndarray
    weighted: bool = False

    @property
    def var(self) -> np.ndarray:
        """Sample variance m2/(n − 1) (unweighted moments; NaN where n < 2)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.n > 1, self.m2 / np.where(self.n > 1, self.n - 1, 1), np.nan)

    @property
    def n_effective(self) -> np.ndarray:
        """Kish's effective sample size (Σw)²/Σw² (= n without weights)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.sum_w ** 2 / self.sum_w2

    @property
    def se(self) -> np.ndarray:
        """Linearised standard error of the mean: √(n/(n − 1) · m2/(Σw)²) = sd/√n unweighted."""
        n = self.n
        with np.errstate(divide="ignore", invalid="ignore"):
            var = np.where(n > 1, n / np.where(n > 1, n - 1, 1) * self.m2 / self.sum_w ** 2, np.nan)
        return np.sqrt(var)


@dataclass(frozen=True)
class CrossProducts:
    """Per group: pairwise (available-case) counts, sums and cross-sums of a column block.

    Values are shifted by ``shift`` (one provisional mean per column, the same for every
    group) before summing, so that the sums lose no digits. With the mask M (1 = answered),
    the shifted values X zero-filled and optional row weights w:
    ``count = Mᵀ W M``, ``sums = Xᵀ W M`` (``sums[g, i, j]`` = Σ x_i over the rows where j is
    answered too) and ``cross = Xᵀ W X``.

    Attributes
    ----------
    names : tuple of str
        The columns, ``"<score>:<column>"``.
    shift : ndarray (columns,)
        The provisional means subtracted before summing.
    count, sums, cross : ndarray (groups, columns, columns)
        Pairwise counts (Σw), shifted sums and shifted cross-sums.

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> from servgap.stats import source_of
    >>> cp = source_of(load_example()).crossproducts([("perception", "item")])
    >>> cp.cov().shape
    (1, 22, 22)
    """

    names: tuple
    shift: np.ndarray
    count: np.ndarray
    sums: np.ndarray
    cross: np.ndarray

    def cov(self) -> np.ndarray:
        """Pairwise covariances (divisor n_ij − 1), as R ``cov(x, use = "pairwise")``."""
        n = self.count
        with np.errstate(divide="ignore", invalid="ignore"):
            comoment = self.cross - self.sums * np.swapaxes(self.sums, 1, 2) / n
            return np.where(n > 1, comoment / (n - 1), np.nan)

    def centred_cross(self, centre: np.ndarray) -> np.ndarray:
        """Σ (x_i − c_i)(x_j − c_j) over the rows where both are given, per group.

        ``centre`` is (groups, columns) on the original scale.
        """
        c = centre - self.shift
        ci, cj = c[:, :, None], c[:, None, :]
        return (self.cross - cj * self.sums - ci * np.swapaxes(self.sums, 1, 2) + ci * cj * self.count)

    def take(self, columns) -> "CrossProducts":
        """The aggregates of some columns only (positions)."""
        idx = np.asarray(columns, dtype=np.intp)
        sub = np.ix_(range(self.count.shape[0]), idx, idx)
        return CrossProducts(names=tuple(self.names[i] for i in idx), shift=self.shift[idx],
                             count=self.count[sub], sums=self.sums[sub], cross=self.cross[sub])


@dataclass(frozen=True)
class ValueCounts:
    """Per group and column: how many respondents have each value of a lattice.

    ``values`` are the lattice points (sorted) and ``counts[g, j, v]`` the respondents of group
    g whose value in column j is ``values[v]``. Medians and rank statistics follow exactly.

    Attributes
    ----------
    names : tuple of str
        The columns.
    values : ndarray (values,)
        The lattice points, sorted.
    counts : ndarray (groups, columns, values)
        Respondents per group, column and value.

    Examples
    --------
    >>> from servgap.datasets import load_example
    >>> from servgap.stats import source_of
    >>> source = source_of(load_example())
    >>> vc = source.value_counts("gap", "item")
    >>> bool((vc.n == source.moments("gap", "item").n).all()), float(vc.values.min()) >= -6
    (True, True)
    """

    names: tuple
    values: np.ndarray
    counts: np.ndarray

    @property
    def n(self) -> np.ndarray:
        """Respondents with a value, per group and column."""
        return self.counts.sum(axis=-1)

    def median(self) -> np.ndarray:
        """The median per group and column (mean of the two middle values for even n)."""
        cum = np.cumsum(self.counts, axis=-1)
        n = cum[..., -1]
        lo = (cum > ((n - 1) // 2)[..., None]).argmax(axis=-1)
        hi = (cum > (n // 2)[..., None]).argmax(axis=-1)
        return np.where(n > 0, (self.values[lo] + self.values[hi]) / 2, np.nan)
