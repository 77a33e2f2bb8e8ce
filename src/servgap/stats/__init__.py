"""The statistics layer: every analysis computes from the aggregates defined here.

An analysis never loops over respondents. It asks the survey's statistics source
(:func:`source_of`) for a few kinds of group aggregate and turns them into a result:

- :meth:`~servgap.stats.memory.MemoryStats.moments` — per group and column: count, mean and
  the sum of squared deviations (optionally with survey weights);
- :meth:`~servgap.stats.memory.MemoryStats.crossproducts` — per group: pairwise counts, sums and
  cross-sums of a block of columns (available-case covariances, correlations, scale variances);
  :meth:`~servgap.stats.memory.MemoryStats.subset_crossproducts` — the same for some columns
  over the rows complete on some columns, many subsets in one pass (listwise covariances of
  each scale, item–total correlations over each item's respondents);
- :meth:`~servgap.stats.memory.MemoryStats.value_counts` — per group and column: how many
  respondents have each value, for values on a lattice (integer item gaps, dimension means);
  medians and rank tests follow from these exactly;
- :meth:`~servgap.stats.memory.MemoryStats.rows` — the respondent-level values themselves, the
  one explicit door to rows, used only where no aggregate serves (bootstrap resampling, exact
  p-values of small samples, data off the lattice).

A column block is named by a *score* (``"expectation"``, ``"perception"``, ``"gap"``,
``"adequate"``, ``"desired"``, ``"importance"``, and ``"paired_expectation"`` /
``"paired_perception"`` — the answers of complete E/P pairs, whose difference is the gap) and
a *level* (``"item"``, ``"dimension"``, ``"overall"``, ``"overall_weighted"``): the
per-respondent values of :meth:`servgap.Survey.scores`, :meth:`servgap.Survey.dimension_scores`
and :meth:`servgap.Survey.overall_scores`. The in-memory source computes with numpy; the engine
sources (DuckDB, Spark) implement the same calls as SQL aggregates.
"""

from .aggregates import CrossProducts, Groups, Moments, ValueCounts
from .memory import MemoryStats, source_of

__all__ = ["Groups", "Moments", "CrossProducts", "ValueCounts", "MemoryStats", "source_of"]
