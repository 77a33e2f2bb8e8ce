"""The one column vocabulary of servgap's result tables.

Every column of every result table is named here (tests/test_columns.py checks it), so that the
same quantity has the same name wherever it appears:

- descriptive statistics of a score are ``<score>_<stat>``: ``gap_mean``, ``gap_median``,
  ``gap_sd``, ``gap_se``, ``expectation_mean``, ``perception_mean``, ``importance_mean``,
  ``performance_mean`` … (:data:`SCORES` × :data:`STATISTICS`);
- test statistics keep the names pingouin and R use: ``statistic``, ``dof``, ``p_val``,
  ``p_adj``, ``ci_low``, ``ci_high``, ``alpha``, ``omega_total`` and the effect sizes;
- booleans a program filters on (``reliable``, ``valid``) and codes (``quadrant_code``,
  ``action``, ``rating``) are data; their words in English or Indonesian appear only when a
  result is displayed;
- besides these, a table holds its key columns (``item``, ``dimension``, ``score``) and the
  segment columns it was grouped by, named as in the survey.
"""

from __future__ import annotations

__all__ = ["COLUMNS", "SCORES", "STATISTICS", "is_known"]

#: Scores whose descriptive statistics are ``<score>_<stat>``.
SCORES = ("gap", "expectation", "perception", "importance", "performance", "adequate", "desired",
          "adequacy_gap", "superiority_gap", "outcome")
#: The statistics of :data:`SCORES`.
STATISTICS = ("mean", "median", "sd", "se")

#: Every other column name, with what it holds.
COLUMNS: dict[str, str] = {
    # keys
    "item": "item id of the instrument",
    "dimension": "dimension name (or 'all items' in reliability tables)",
    "score": "which score a row is about: expectation, perception, gap, …",
    "period": "period value (gap_trend)",
    "period_index": "position of the period, 1, 2, … (the x of the trend regression)",
    "comparison": "which pair of surveys a row compares (provider_gaps)",
    "measure": "name of a fit or test measure (cfa, factor_check)",
    "value": "value of a measure",
    "cutoff": "threshold a measure is judged against",
    "group_a": "first segment value of a pair",
    "group_b": "second segment value of a pair",
    "predictor": "a predictor of the key-driver regression",
    # counts
    "n": "respondents used",
    "n_items": "items in the scale",
    "n_zero": "zero differences (Wilcoxon)",
    "n_a": "respondents of group_a",
    "n_b": "respondents of group_b",
    "n_before": "respondents of the first wave",
    "n_after": "respondents of the second wave",
    "n_effective": "Kish effective sample size (Σw)²/Σw²",
    "groups": "segment values with respondents in the row",
    # means that belong to a pair or wave, and differences
    "mean_a": "mean of group_a",
    "mean_b": "mean of group_b",
    "mean_rank_a": "mean rank of group_a (Dunn)",
    "mean_rank_b": "mean rank of group_b (Dunn)",
    "mean_before": "mean in the first wave",
    "mean_after": "mean in the second wave",
    "n_customers": "customers with a value (provider_gaps)",
    "n_staff": "staff with a value (provider_gaps)",
    "mean_customers": "customers' mean (provider_gaps)",
    "mean_staff": "staff's mean (provider_gaps)",
    "diff": "difference of the pair or waves (a − b; after − before)",
    "se": "standard error of diff",
    # tests
    "statistic": "test statistic: t, F, H, z, Wilcoxon V or Mann–Whitney W",
    "dof": "degrees of freedom",
    "dof1": "numerator degrees of freedom",
    "dof2": "denominator degrees of freedom",
    "p_val": "p-value",
    "p_adj": "p-value corrected for multiple comparisons",
    "ci_low": "lower confidence bound",
    "ci_high": "upper confidence bound",
    # effect sizes
    "cohen_dz": "Cohen's d_z of paired differences",
    "cohen_d": "Cohen's d with the pooled SD",
    "rank_biserial": "matched-pairs or two-sample rank-biserial correlation",
    "eta_sq": "eta squared",
    "omega_sq": "omega squared",
    "epsilon_sq": "epsilon squared (Kruskal–Wallis)",
    # gap scores and zones
    "weight_mean": "mean of the 100 points given to the dimension",
    "weighted_gap": "gap_mean · weight_mean / 100",
    "zone_width": "desired − adequate",
    "share_below": "share of respondents below the zone of tolerance",
    "share_within": "share of respondents within the zone",
    "share_above": "share of respondents above the zone",
    "n_inverted": "respondents whose desired level is below their adequate level",
    "position": "code: below, within or above the zone",
    # reliability and validity
    "alpha": "Cronbach's alpha (psych raw_alpha)",
    "std_alpha": "standardised alpha (psych std.alpha)",
    "average_r": "mean inter-item correlation",
    "omega_total": "McDonald's omega total of the raw items",
    "difference_reliability": "reliability of the difference score P − E",
    "reliable": "alpha at or above the threshold (boolean; a verdict in display)",
    "mean": "item mean of the row's score (reliability items)",
    "sd": "item standard deviation of the row's score",
    "r_total": "item–total correlation (psych raw.r)",
    "r_drop": "corrected item–total correlation (psych r.drop)",
    "alpha_if_dropped": "alpha without the item (psych alpha.drop)",
    "r": "item–total Pearson correlation (r hitung)",
    "r_corrected": "item–rest correlation",
    "r_critical": "critical r (r tabel)",
    "valid": "r above r_critical (boolean; a verdict in display)",
    "msa": "Kaiser's measure of sampling adequacy of the item",
    "rating": "code: good, acceptable or poor (Hu & Bentler cut-offs)",
    "loading": "standardised factor loading",
    "residual_variance": "standardised residual variance",
    "composite_reliability": "composite reliability CR",
    "ave": "average variance extracted",
    "sqrt_ave": "square root of the AVE",
    "max_correlation": "largest correlation with another dimension",
    "fornell_larcker": "sqrt_ave above max_correlation (boolean)",
    # priorities
    "conformity": "tingkat kesesuaian: ΣP/ΣI × 100",
    "quadrant": "IPA quadrant 1–4 (Martilla & James)",
    "quadrant_code": "code of the IPA quadrant",
    "weighting_factor": "CSI weighting factor MIS/ΣMIS",
    "weighted_score": "CSI weighted score WF · MSS",
    "acv": "attained customer value MIS · MSS",
    "udcv": "ultimately desired customer value MIS · scale max",
    "pgcv": "potential gain in customer value UDCV − ACV",
    "pgcv_rank": "rank of pgcv (1 = largest potential gain)",
    "rank": "rank (1 = first)",
    "shortfall": "perception below the adequate expectation (zone of tolerance)",
    "action": "code of the recommended action",
    "slope": "trend: change of the gap per period (R lm)",
    "slope_se": "standard error of the slope",
    "beta": "standardised regression coefficient",
    "relative_weight": "Johnson's relative weight (sums to R²)",
    "relative_weight_pct": "relative weight as a percent of R²",
}


def is_known(column: str) -> bool:
    """True when ``column`` is in the vocabulary (a :data:`COLUMNS` key or ``<score>_<stat>``).

    Parameters
    ----------
    column : str
        A column name of a result table (not a segment column, which is named as in the survey).

    Examples
    --------
    >>> is_known("gap_mean"), is_known("p_val"), is_known("mean_gap")
    (True, True, False)
    """
    if column in COLUMNS:
        return True
    score, _, stat = column.rpartition("_")
    return score in SCORES and stat in STATISTICS
