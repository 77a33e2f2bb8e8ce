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

__all__ = ["COLUMNS", "COLUMNS_ID", "REPORT_COLUMNS", "SCORES", "STATISTICS", "is_known", "description"]

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


#: What every :data:`COLUMNS` column holds, in Indonesian (the "columns" sheet of a report).
COLUMNS_ID: dict[str, str] = {
    # kunci
    "item": "nomor butir instrumen",
    "dimension": "nama dimensi (atau 'semua butir' pada tabel reliabilitas)",
    "score": "skor yang dibahas baris ini: harapan, persepsi, kesenjangan, …",
    "period": "nilai periode (gap_trend)",
    "period_index": "urutan periode, 1, 2, … (sumbu x regresi tren)",
    "comparison": "pasangan survei yang dibandingkan baris ini (provider_gaps)",
    "measure": "nama ukuran kecocokan model atau uji (cfa, factor_check)",
    "value": "nilai ukuran",
    "cutoff": "batas yang menjadi acuan penilaian ukuran",
    "group_a": "nilai segmen pertama dari pasangan",
    "group_b": "nilai segmen kedua dari pasangan",
    "predictor": "prediktor regresi pendorong utama (key driver)",
    # jumlah
    "n": "jumlah responden yang dipakai",
    "n_items": "jumlah butir dalam skala",
    "n_zero": "jumlah selisih nol (Wilcoxon)",
    "n_a": "jumlah responden group_a",
    "n_b": "jumlah responden group_b",
    "n_before": "jumlah responden gelombang pertama",
    "n_after": "jumlah responden gelombang kedua",
    "n_effective": "ukuran sampel efektif Kish (Σw)²/Σw²",
    "groups": "jumlah nilai segmen yang memiliki responden pada baris ini",
    # rata-rata pasangan atau gelombang, dan selisih
    "mean_a": "rata-rata group_a",
    "mean_b": "rata-rata group_b",
    "mean_rank_a": "rata-rata peringkat group_a (Dunn)",
    "mean_rank_b": "rata-rata peringkat group_b (Dunn)",
    "mean_before": "rata-rata pada gelombang pertama",
    "mean_after": "rata-rata pada gelombang kedua",
    "n_customers": "jumlah pelanggan yang memiliki nilai (provider_gaps)",
    "n_staff": "jumlah staf yang memiliki nilai (provider_gaps)",
    "mean_customers": "rata-rata pelanggan (provider_gaps)",
    "mean_staff": "rata-rata staf (provider_gaps)",
    "diff": "selisih pasangan atau gelombang (a − b; sesudah − sebelum)",
    "se": "galat baku dari diff",
    # uji
    "statistic": "statistik uji: t, F, H, z, V Wilcoxon atau W Mann–Whitney",
    "dof": "derajat bebas",
    "dof1": "derajat bebas pembilang",
    "dof2": "derajat bebas penyebut",
    "p_val": "nilai p",
    "p_adj": "nilai p yang dikoreksi untuk perbandingan berganda",
    "ci_low": "batas bawah selang kepercayaan",
    "ci_high": "batas atas selang kepercayaan",
    # ukuran efek
    "cohen_dz": "d_z Cohen dari selisih berpasangan",
    "cohen_d": "d Cohen dengan simpangan baku gabungan",
    "rank_biserial": "korelasi rank-biserial berpasangan atau dua sampel",
    "eta_sq": "eta kuadrat",
    "omega_sq": "omega kuadrat",
    "epsilon_sq": "epsilon kuadrat (Kruskal–Wallis)",
    # skor kesenjangan dan zona
    "weight_mean": "rata-rata dari 100 poin bobot yang diberikan pada dimensi",
    "weighted_gap": "gap_mean · weight_mean / 100",
    "zone_width": "harapan yang diinginkan − harapan minimum",
    "share_below": "proporsi responden di bawah zona toleransi",
    "share_within": "proporsi responden di dalam zona",
    "share_above": "proporsi responden di atas zona",
    "n_inverted": "jumlah responden yang harapan diinginkannya di bawah harapan minimumnya",
    "position": "kode: di bawah, di dalam atau di atas zona",
    # reliabilitas dan validitas
    "alpha": "alfa Cronbach (raw_alpha psych)",
    "std_alpha": "alfa terstandar (std.alpha psych)",
    "average_r": "rata-rata korelasi antarbutir",
    "omega_total": "omega total McDonald dari butir mentah",
    "difference_reliability": "reliabilitas skor selisih P − E",
    "reliable": "alfa mencapai ambang batas (boolean; keputusan saat ditampilkan)",
    "mean": "rata-rata butir pada skor baris ini (butir reliabilitas)",
    "sd": "simpangan baku butir pada skor baris ini",
    "r_total": "korelasi butir-total (raw.r psych)",
    "r_drop": "korelasi butir-total terkoreksi (r.drop psych)",
    "alpha_if_dropped": "alfa tanpa butir ini (alpha.drop psych)",
    "r": "korelasi Pearson butir-total (r hitung)",
    "r_corrected": "korelasi butir dengan butir lainnya (butir-sisa)",
    "r_critical": "r kritis (r tabel)",
    "valid": "r lebih besar dari r_critical (boolean; keputusan saat ditampilkan)",
    "msa": "ukuran kecukupan sampel (MSA) Kaiser untuk butir ini",
    "rating": "kode: baik, cukup atau buruk (batas Hu & Bentler)",
    "loading": "muatan faktor terstandar",
    "residual_variance": "varians residual terstandar",
    "composite_reliability": "reliabilitas komposit CR",
    "ave": "rata-rata varians yang diekstraksi (AVE)",
    "sqrt_ave": "akar kuadrat AVE",
    "max_correlation": "korelasi terbesar dengan dimensi lain",
    "fornell_larcker": "sqrt_ave lebih besar dari max_correlation (boolean)",
    # prioritas
    "conformity": "tingkat kesesuaian: ΣP/ΣI × 100",
    "quadrant": "kuadran IPA 1–4 (Martilla & James)",
    "quadrant_code": "kode kuadran IPA",
    "weighting_factor": "faktor pembobot CSI MIS/ΣMIS",
    "weighted_score": "skor tertimbang CSI WF · MSS",
    "acv": "nilai pelanggan yang dicapai (ACV) MIS · MSS",
    "udcv": "nilai pelanggan yang diinginkan (UDCV) MIS · skor maksimum skala",
    "pgcv": "potensi peningkatan nilai pelanggan (PGCV) UDCV − ACV",
    "pgcv_rank": "peringkat pgcv (1 = potensi peningkatan terbesar)",
    "rank": "peringkat (1 = pertama)",
    "shortfall": "persepsi di bawah harapan minimum (zona toleransi)",
    "action": "kode tindakan yang disarankan",
    "slope": "tren: perubahan kesenjangan per periode (lm R)",
    "slope_se": "galat baku kemiringan",
    "beta": "koefisien regresi terstandar",
    "relative_weight": "bobot relatif Johnson (jumlahnya R²)",
    "relative_weight_pct": "bobot relatif sebagai persen dari R²",
}

#: Columns a report's tables add to the result tables (item texts, the exclusion log).
REPORT_COLUMNS: dict[str, dict[str, str]] = {
    "item_text": {"en": "statement of the item in the instrument", "id": "pernyataan butir pada instrumen"},
    "row": {"en": "row of the input file (counting from 1, without the header)",
            "id": "baris pada berkas masukan (dihitung dari 1, tanpa baris judul)"},
    "respondent": {"en": "respondent id", "id": "id responden"},
    "column": {"en": "column of the input file", "id": "kolom pada berkas masukan"},
    "check": {"en": "the problem found", "id": "masalah yang ditemukan"},
    "count": {"en": "number of log entries", "id": "jumlah catatan log"},
    "reference": {"en": "a work cited", "id": "pustaka yang dirujuk"},
}

_SCORE_WORDS = {
    "en": {"gap": "gap score (P − E)", "expectation": "expectation", "perception": "perception",
           "importance": "importance", "performance": "performance", "adequate": "adequate (minimum) expectation",
           "desired": "desired expectation", "adequacy_gap": "adequacy gap (P − adequate)",
           "superiority_gap": "superiority gap (P − desired)", "outcome": "outcome variable"},
    "id": {"gap": "skor kesenjangan (P − E)", "expectation": "harapan", "perception": "persepsi",
           "importance": "kepentingan", "performance": "kinerja", "adequate": "harapan minimum",
           "desired": "harapan yang diinginkan", "adequacy_gap": "kesenjangan kecukupan (P − harapan minimum)",
           "superiority_gap": "kesenjangan keunggulan (P − harapan yang diinginkan)", "outcome": "variabel hasil"},
}
_STATISTIC_WORDS = {
    "en": {"mean": "mean of the {score}", "median": "median of the {score}", "sd": "standard deviation of the {score}",
           "se": "standard error of the mean {score}"},
    "id": {"mean": "rata-rata {score}", "median": "median {score}", "sd": "simpangan baku {score}",
           "se": "galat baku rata-rata {score}"},
}


def description(column: str, lang: str = "en") -> str:
    """What ``column`` holds, in ``lang``; "" for a name outside the vocabulary (a segment column).

    Parameters
    ----------
    column : str
        A column name of a result table or of a report's table.
    lang : {"en", "id"}, default "en"

    Returns
    -------
    str
        :data:`COLUMNS` (English) or :data:`COLUMNS_ID` (Indonesian); ``<score>_<stat>`` names are
        described from their two parts.

    Notes
    -----
    The "columns" sheet of :meth:`servgap.report.Report.to_excel` is made of these descriptions,
    as R's ``attr(x, "label")`` describes a column.

    Examples
    --------
    >>> description("p_adj", "id")
    'nilai p yang dikoreksi untuk perbandingan berganda'
    >>> description("gap_mean"), description("perception_sd", "id")
    ('mean of the gap score (P − E)', 'simpangan baku persepsi')
    """
    from .i18n import check_lang

    check_lang(lang)
    if column in COLUMNS:
        return COLUMNS[column] if lang == "en" else COLUMNS_ID[column]
    if column in REPORT_COLUMNS:
        return REPORT_COLUMNS[column][lang]
    score, _, stat = column.rpartition("_")
    if score in SCORES and stat in STATISTICS:
        return _STATISTIC_WORDS[lang][stat].format(score=_SCORE_WORDS[lang][score])
    return ""
