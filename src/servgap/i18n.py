"""English and Indonesian text shown to users: one table per language, one place.

Charts, reports, the CLI and result titles take every user-visible string from here. Keys are
grouped by topic (``title.*``, ``axis.*``, ``legend.*``, ``dimension.*``, ``verdict.*``, …).
Dimension names of the bundled instruments are in :mod:`servgap.instrument`; this module looks
them up so that a chart asks one function for any label.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "LABELS", "label", "check_lang", "number"]

LANGUAGES = ("en", "id")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        # answer kinds
        "kind.expectation": "Expectation",
        "kind.perception": "Perception",
        "kind.gap": "Gap (P − E)",
        "kind.adequate": "Adequate (minimum) expectation",
        "kind.desired": "Desired expectation",
        "kind.importance": "Importance",
        "level.item": "Item",
        "level.dimension": "Dimension",
        "level.overall": "Overall",
        "overall": "Overall SERVQUAL score",
        "all_items": "all items",
        # result titles
        "title.gap_scores": "Gap scores",
        "title.zone_of_tolerance": "Zone of tolerance",
        "title.survey": "Survey",
        # result notes (servgap.gap_scores, servgap.zone_of_tolerance)
        "gaps.note.ci": "gap = perception − expectation; {confidence} t-based confidence interval",
        "gaps.note.unweighted": "unweighted SERVQUAL score: mean of the dimension gaps",
        "gaps.note.weighted": "weighted SERVQUAL score: mean over respondents of Σ_d G_rd·w_rd/100",
        "gaps.note.survey_weighted": "survey-weighted means; linearised standard errors with Kish effective n",
        "zones.note.gaps": "adequacy gap = P − adequate; superiority gap = P − desired",
        # survey summary
        "summary.instrument": "Instrument",
        "summary.respondents": "Respondents",
        "summary.dimensions": "Dimensions",
        "summary.segments": "Segments",
        "summary.components": "Answers",
        "summary.exclusions": "Exclusion log",
        "summary.missing": "Missing answers",
        "summary.none": "none",
        "summary.instrument_detail": "{n} items, scale {low}-{high}",
        "summary.reverse_keyed": "{n} reverse-keyed",
        # exclusion log reasons and actions
        "action.excluded_respondent": "respondent excluded",
        "action.set_missing": "answer set missing",
        "action.recoded": "recoded",
        "action.not_used": "answer not used in gaps",
        "action.dimension_missing": "dimension score missing",
        "action.rescaled": "weights rescaled",
        "action.not_used_zone": "answer not used in the zone of tolerance",
        "action.no_weighted_score": "no weighted score",
        # problem codes (servgap.errors.CHECKS)
        "check.out_of_scale": "a value outside the scale",
        "check.not_a_number": "not a number or an answer label",
        "check.unknown_label": "an answer label the label set does not hold",
        "check.missing_code": "a code meaning no answer",
        "check.user_missing": "an SPSS user-missing code",
        "check.converted_value": "a number written in other digits, converted",
        "check.label_recoded": "answer labels recoded to numbers",
        "check.reverse_keyed": "reverse-keyed item re-scored",
        "check.duplicate_id": "a repeated respondent id",
        "check.missing_id": "a missing respondent id",
        "check.invalid_weight": "a survey weight that is not a positive number",
        "check.no_answers": "a respondent without answers",
        "check.listwise": "listwise deletion",
        "check.unmatched_id": "an id in one questionnaire only",
        "check.incomplete_pair": "an answer without its expectation/perception partner",
        "check.incomplete_triple": "an incomplete adequate/desired/perception triple",
        "check.too_few_items": "too few answered items for a dimension score",
        "check.weights_rescaled": "dimension weights rescaled to 100",
        "check.no_weighted_score": "no usable dimension weights",
        "check.segment_merged": "different segment values shown alike, merged",
        "check.column_not_found": "a column not found",
        "check.unknown_column": "a column for an item not in the instrument",
        "check.unpaired_column": "an answer column without its partner column",
        "check.ambiguous_column": "an item matching two columns",
        "check.column_used_twice": "one column mapped to two answers",
        "check.duplicate_column": "a repeated column name",
        "check.undecodable_bytes": "bytes not valid in the file's encoding",
        "check.unknown_item": "an item not in the instrument",
        "check.unknown_kind": "an unknown answer kind",
        "check.duplicate_answer": "an answer given twice",
        "check.inconsistent_value": "a value differing between rows of one respondent",
        # CLI
        "cli.demo.written": "Tables written to",
        "cli.validate.ok": "The survey is valid.",
        "cli.validate.invalid": "The survey has problems.",
        "cli.instruments.items": "items",
        # reliability and validity (servgap.reliability, servgap.validity)
        "reliability.reliable": "reliable",
        "reliability.not_reliable": "not reliable",
        "reliability.undetermined": "not computed",
        "reliability.fit.good": "good",
        "reliability.fit.acceptable": "acceptable",
        "reliability.fit.poor": "poor",
        "reliability.title": "Reliability (Cronbach's alpha, McDonald's omega)",
        "reliability.note.ci": "{covariances}; {confidence} CI of alpha: {method}; "
                               "threshold alpha >= {threshold}",
        "reliability.note.pairwise": "pairwise item covariances",
        "reliability.note.listwise": "listwise item covariances",
        "reliability.note.feldt": "Feldt",
        "reliability.note.bootstrap": "percentile bootstrap",
        "reliability.note.omega": "omega_total: one-factor ML model of the raw item covariances "
                                  "(lavaan std.lv)",
        "validity.title": "Item validity (item-total correlation)",
        "validity.note": "valid: {r} > r_critical (two-sided alpha = {alpha}); {total}",
        "validity.note.total.dimension": "total of the dimension",
        "validity.note.total.instrument": "total of the instrument",
        "validity.note.undetermined": "valid is NA where r cannot be computed (a one-item "
                                      "dimension, a constant item, n <= 2)",
        "factor_check.title": "Sampling adequacy (KMO) and Bartlett's test of sphericity",
        "factor_check.note": "n = {n}; KMO = {kmo}; Bartlett chi2({dof}) = {chi2}, p = {p_val}",
        "cfa.title": "Confirmatory factor analysis (ML)",
        "cfa.note": "n = {n} respondents with every item answered; cut-offs of Hu & Bentler (1999)",
        # significance tests (servgap.inference)
        "inference.title.gap_tests": "Significance of the gaps",
        "inference.title.segments": "Segments compared",
        "inference.title.waves": "Change between survey waves",
        "inference.title.posthoc": "Pairwise comparisons",
        "inference.method.t": "Paired t-test of P against E",
        "inference.method.wilcoxon": "Wilcoxon signed-rank test of P against E",
        "inference.method.welch": "Welch one-way ANOVA",
        "inference.method.anova": "One-way ANOVA",
        "inference.method.kruskal": "Kruskal–Wallis test",
        "inference.method.waves_welch": "Welch two-sample t-test",
        "inference.method.waves_mannwhitney": "Mann–Whitney (Wilcoxon rank-sum) test",
        "inference.note.unweighted": "Unweighted tests: survey weights are not used",
        "inference.note.gap_rows": "alternative: {alternative}; p_adj: {padjust} over the rows of the table",
        "inference.note.gap_groups": "alternative: {alternative}; p_adj: {padjust} over the rows of each "
                                     "{by} group",
        "inference.note.segments": "score: {score}; p_adj: {padjust} over the rows; post-hoc: {posthoc}",
        "inference.note.waves": "change = after − before; alternative: {alternative}; p_adj: {padjust} "
                                "over the rows",
        "inference.alternative.two-sided": "two-sided",
        "inference.alternative.less": "less",
        "inference.alternative.greater": "greater",
        "inference.posthoc.welch": "Games–Howell",
        "inference.posthoc.anova": "Tukey HSD",
        "inference.posthoc.kruskal": "Dunn (Holm)",
        "inference.score.gap": "gap",
        "inference.score.expectation": "expectation",
        "inference.score.perception": "perception",
        "inference.score.adequate": "adequate",
        "inference.score.desired": "desired",
        "inference.score.importance": "importance",
        # plots (servgap.plot)
        "plot.title.gap_bars": "Gap scores by {level}",
        "plot.title.expectation_perception": "Expectation and perception by {level}",
        "plot.title.segment_heatmap": "Gap scores by {level} and {segment}",
        "plot.title.reliability_forest": "Reliability by dimension",
        "plot.title.likert_bars": "Answers by item",
        "plot.shortfall": "Below expectation (P < E)",
        "plot.surplus": "Meets or exceeds expectation (P ≥ E)",
        "plot.mean_score": "Mean score",
        "plot.alpha_ci": "Cronbach's α ({confidence} CI)",
        "plot.alpha": "Cronbach's α",
        "plot.threshold": "α = {value}",
        "plot.share": "Respondents (%)",
        "plot.answer": "Answer",
        "plot.segment_missing": "(missing)",
        "plot.answer.low": "{value} strongly disagree",
        "plot.answer.high": "{value} strongly agree",
        # --- priorities: IPA, CSI, PGCV, action plan, trends, drivers, provider gaps (issue 11) ---
        "priorities.title.ipa": "Importance–performance analysis",
        "priorities.title.csi": "Customer satisfaction index (CSI)",
        "priorities.title.pgcv": "Potential gain in customer value (PGCV)",
        "priorities.title.plan": "Action plan",
        "priorities.note.ipa": "importance: {importance}; crosshair: performance {x}, importance {y} "
                               "(a value on the crosshair counts as high)",
        "priorities.note.conformity": "conformity = ΣP / ΣI × 100",
        "priorities.note.csi": "CSI = {csi}% ({band}); CSI = Σ WF·MSS / {scale_max} × 100",
        "priorities.note.pgcv": "PGCV = MIS × {scale_max} − MIS × MSS; rank 1 = largest potential gain",
        "priorities.note.plan": "shortfall: gap < 0 with p_adj ({padjust}) < {alpha}, or perception below "
                                "the zone of tolerance",
        "priorities.quadrant.concentrate_here": "Concentrate here",
        "priorities.quadrant.keep_up_the_good_work": "Keep up the good work",
        "priorities.quadrant.low_priority": "Low priority",
        "priorities.quadrant.possible_overkill": "Possible overkill",
        "priorities.band.very_satisfied": "Very satisfied",
        "priorities.band.satisfied": "Satisfied",
        "priorities.band.fairly_satisfied": "Fairly satisfied",
        "priorities.band.less_satisfied": "Less satisfied",
        "priorities.band.not_satisfied": "Not satisfied",
        "priorities.action.fix_first": "Fix first",
        "priorities.action.improve": "Improve",
        "priorities.action.monitor": "Monitor",
        "priorities.action.maintain": "Maintain",
        "priorities.action.reduce_effort": "Reduce effort",
        "priorities.zone.below": "Below the zone",
        "priorities.zone.within": "Within the zone",
        "priorities.zone.above": "Above the zone",
        "plot.title.ipa_grid": "Importance–performance grid",
        "plot.title.csi_gauge": "Customer satisfaction index",
        "plot.title.zone_of_tolerance": "Perception and the zone of tolerance",
        "plot.importance_axis": "Importance ({kind})",
        "plot.performance_axis": "Performance (perception)",
        "plot.zone": "Zone of tolerance (adequate–desired)",
        "plot.zone.below": "Below adequate",
        "plot.zone.within": "Within the zone",
        "plot.zone.above": "Above desired",
        "trend.title": "Gap trend",
        "trend.note": "gap per value of {period} with {confidence} t-based confidence intervals; slope: "
                      "lm(gap ~ period index) on respondent gap scores",
        "trend.slopes": "Linear trend (change of the gap per period)",
        "drivers.title": "Key drivers",
        "drivers.note": "outcome: {outcome}; predictors: {predictors}; n = {n}; R² = {r2}; relative weights "
                        "(Johnson 2000) sum to R²; {confidence} percentile bootstrap CIs ({n_boot} resamples)",
        "provider.title": "Provider's view (five-gaps model)",
        "provider.note": "difference = customers − staff; gap 1: expectation (customers' own against what staff "
                         "believe they expect); Welch t-tests; p_adj: {padjust} within each comparison",
        "provider.comparison.expectation": "Gap 1: expectation",
        "provider.comparison.perception": "Perception: customers vs staff",
        "plot.title.gap_trend": "Gap by {period}",
        "plot.title.drivers": "Key drivers of {outcome}",
        "plot.relative_weight": "Relative weight (% of R²)",
        "plot.r2": "R² = {r2}",
        # servgap.scan: surveys on DuckDB and Spark
        "engine.no_rows": ("This survey is on an engine (DuckDB or Spark): servgap computes its statistics as "
                           "aggregates there and does not fetch respondent rows, which this analysis needs "
                           "(bootstrap intervals, exact small-sample p-values, missing answers in reliability, "
                           "values off a lattice). Use ci=\"feldt\" for reliability intervals, "
                           "survey.sample(n) to read a random sample of n rows into memory as a Survey, or "
                           "survey.to_survey() when the data fit in memory."),
        "engine.problems": "{n} problems found by the engine{shown}.",
        "engine.too_many_texts": ("Column {column!r} holds {n} different texts that are not numbers; a survey "
                                  "answer has a handful of labels. Check the column mapping."),
        "engine.connection_needs_table": "With a DuckDB connection, pass exactly one of `table=` or `query=`.",
        "engine.unknown_format": ("{path!r} is neither parquet nor CSV (.parquet, .csv, .tsv, .txt); read other "
                                  "formats with servgap.read_survey."),
        "engine.bad_encoding": "{path!r} cannot be read as {encoding}: {error}. Pass `encoding=`.",
        "engine.no_files": "No file matches {source!r}.",
        "engine.mixed_formats": "The files mix formats {suffixes}; scan one format at a time.",
        "engine.spark_needs_frame": "engine=\"spark\" needs a Spark DataFrame as `source`, got {got}.",
        "engine.spark_frame_on_duckdb": "A Spark DataFrame runs on engine=\"spark\" (leave `engine` unset).",
        "engine.install": "servgap.scan on {engine} needs the extra: pip install 'servgap[{engine}]'.",
    },
    "id": {
        "kind.expectation": "Harapan",
        "kind.perception": "Persepsi",
        "kind.gap": "Kesenjangan (P − E)",
        "kind.adequate": "Harapan minimum (memadai)",
        "kind.desired": "Harapan yang diinginkan",
        "kind.importance": "Kepentingan",
        "level.item": "Butir",
        "level.dimension": "Dimensi",
        "level.overall": "Keseluruhan",
        "overall": "Skor SERVQUAL keseluruhan",
        "all_items": "semua butir",
        "title.gap_scores": "Skor kesenjangan",
        "title.zone_of_tolerance": "Zona toleransi",
        "title.survey": "Survei",
        "gaps.note.ci": "kesenjangan = persepsi − harapan; selang kepercayaan {confidence} berdasarkan distribusi t",
        "gaps.note.unweighted": "skor SERVQUAL tanpa bobot: rata-rata kesenjangan dimensi",
        "gaps.note.weighted": "skor SERVQUAL berbobot: rata-rata antarresponden dari Σ_d G_rd·w_rd/100",
        "gaps.note.survey_weighted": "rata-rata berbobot survei; galat baku terlinearisasi dengan n efektif Kish",
        "zones.note.gaps": "kesenjangan kecukupan = P − harapan minimum; kesenjangan keunggulan = P − harapan yang diinginkan",
        "summary.instrument": "Instrumen",
        "summary.respondents": "Responden",
        "summary.dimensions": "Dimensi",
        "summary.segments": "Segmen",
        "summary.components": "Jawaban",
        "summary.exclusions": "Log pengecualian",
        "summary.missing": "Jawaban kosong",
        "summary.none": "tidak ada",
        "summary.instrument_detail": "{n} butir, skala {low}-{high}",
        "summary.reverse_keyed": "{n} butir berskor terbalik",
        "action.excluded_respondent": "responden dikeluarkan",
        "action.set_missing": "jawaban dijadikan kosong",
        "action.recoded": "dikode ulang",
        "action.not_used": "jawaban tidak dipakai dalam kesenjangan",
        "action.dimension_missing": "skor dimensi kosong",
        "action.rescaled": "bobot diskalakan ulang",
        "action.not_used_zone": "jawaban tidak dipakai dalam zona toleransi",
        "action.no_weighted_score": "skor berbobot tidak dihitung",
        "check.out_of_scale": "nilai di luar skala",
        "check.not_a_number": "bukan angka atau label jawaban",
        "check.unknown_label": "label jawaban yang tidak ada dalam set label",
        "check.missing_code": "kode yang berarti tidak ada jawaban",
        "check.user_missing": "kode user-missing SPSS",
        "check.converted_value": "angka yang ditulis dengan digit lain, dikonversi",
        "check.label_recoded": "label jawaban dikode ulang menjadi angka",
        "check.reverse_keyed": "butir berskor terbalik dinilai ulang",
        "check.duplicate_id": "id responden berulang",
        "check.missing_id": "id responden kosong",
        "check.invalid_weight": "bobot survei yang bukan angka positif",
        "check.no_answers": "responden tanpa jawaban",
        "check.listwise": "penghapusan listwise",
        "check.unmatched_id": "id yang hanya ada di satu kuesioner",
        "check.incomplete_pair": "jawaban tanpa pasangan harapan/persepsi",
        "check.incomplete_triple": "tripel minimum/diinginkan/persepsi tidak lengkap",
        "check.too_few_items": "terlalu sedikit butir terjawab untuk skor dimensi",
        "check.weights_rescaled": "bobot dimensi diskalakan ulang ke 100",
        "check.no_weighted_score": "tidak ada bobot dimensi yang dapat dipakai",
        "check.segment_merged": "nilai segmen berbeda yang tampil sama, digabung",
        "check.column_not_found": "kolom tidak ditemukan",
        "check.unknown_column": "kolom untuk butir yang tidak ada dalam instrumen",
        "check.unpaired_column": "kolom jawaban tanpa kolom pasangannya",
        "check.ambiguous_column": "butir yang cocok dengan dua kolom",
        "check.column_used_twice": "satu kolom dipetakan ke dua jawaban",
        "check.duplicate_column": "nama kolom berulang",
        "check.undecodable_bytes": "byte yang tidak valid dalam encoding berkas",
        "check.unknown_item": "butir yang tidak ada dalam instrumen",
        "check.unknown_kind": "jenis jawaban tidak dikenal",
        "check.duplicate_answer": "jawaban diberikan dua kali",
        "check.inconsistent_value": "nilai yang berbeda antarbaris satu responden",
        "cli.demo.written": "Tabel ditulis ke",
        "cli.validate.ok": "Data survei valid.",
        "cli.validate.invalid": "Data survei bermasalah.",
        "cli.instruments.items": "butir",
        # descriptions of the bundled instruments (English: Instrument.description)
        "instrument.servqual22": "SERVQUAL, 22 butir berpasangan (harapan dan persepsi), skala 7 "
                                 "(Parasuraman, Zeithaml & Berry 1991).",
        "instrument.servqual88": "SERVQUAL 1988: butir 10-13 dan 18-22 berkalimat negatif dan "
                                 "berskor terbalik.",
        "instrument.servperf": "SERVPERF: 22 butir SERVQUAL, hanya persepsi (Cronin & Taylor 1992).",
        "instrument.libqual22": "LibQUAL+, 22 butir inti, skala 9: harapan minimum / harapan yang "
                                "diinginkan / persepsi.",
        "instrument.esqual": "E-S-QUAL, 22 butir, skala 5 (Parasuraman, Zeithaml & Malhotra 2005).",
        "reliability.reliable": "reliabel",
        "reliability.not_reliable": "tidak reliabel",
        "reliability.undetermined": "tidak dapat dihitung",
        "reliability.fit.good": "baik",
        "reliability.fit.acceptable": "dapat diterima",
        "reliability.fit.poor": "buruk",
        "reliability.title": "Uji reliabilitas (alfa Cronbach, omega McDonald)",
        "reliability.note.ci": "{covariances}; selang kepercayaan {confidence} untuk alfa: "
                               "{method}; kriteria reliabel: alfa ≥ {threshold}",
        "reliability.note.pairwise": "kovarians antarbutir secara berpasangan (pairwise deletion)",
        "reliability.note.listwise": "kovarians antarbutir dari responden yang menjawab semua "
                                     "butir (listwise deletion)",
        "reliability.note.feldt": "metode Feldt",
        "reliability.note.bootstrap": "bootstrap persentil",
        "reliability.note.omega": "omega_total: model satu faktor dengan estimasi ML dari "
                                  "kovarians skor mentah butir (lavaan std.lv)",
        "validity.title": "Uji validitas butir (korelasi butir-total)",
        "validity.note": "butir valid jika {r} > r_critical (r hitung > r tabel, taraf "
                         "signifikansi {alpha} dua sisi); {total}",
        "validity.note.total.dimension": "dikorelasikan dengan skor total dimensinya",
        "validity.note.total.instrument": "dikorelasikan dengan skor total seluruh butir",
        "validity.note.undetermined": "valid bernilai NA jika r tidak dapat dihitung (dimensi "
                                      "dengan satu butir, butir yang jawabannya konstan, n ≤ 2)",
        "factor_check.title": "Uji kecukupan sampel (KMO) dan uji sferisitas Bartlett",
        "factor_check.note": "n = {n} responden yang menjawab semua butir; KMO = {kmo}; uji "
                             "Bartlett: chi2({dof}) = {chi2}, p = {p_val}",
        "cfa.title": "Analisis faktor konfirmatori (CFA, estimasi ML)",
        "cfa.note": "n = {n} responden yang menjawab semua butir; kriteria kecocokan model "
                    "menurut Hu & Bentler (1999)",
        "inference.title.gap_tests": "Signifikansi kesenjangan",
        "inference.title.segments": "Perbandingan antarsegmen",
        "inference.title.waves": "Perubahan antargelombang survei",
        "inference.title.posthoc": "Perbandingan berpasangan",
        "inference.method.t": "Uji t berpasangan P terhadap E",
        "inference.method.wilcoxon": "Uji peringkat bertanda Wilcoxon P terhadap E",
        "inference.method.welch": "ANOVA satu arah Welch",
        "inference.method.anova": "ANOVA satu arah",
        "inference.method.kruskal": "Uji Kruskal–Wallis",
        "inference.method.waves_welch": "Uji t dua sampel Welch",
        "inference.method.waves_mannwhitney": "Uji Mann–Whitney (jumlah peringkat Wilcoxon)",
        "inference.note.unweighted": "Uji tanpa bobot: bobot survei tidak dipakai",
        "inference.note.gap_rows": "hipotesis alternatif: {alternative}; p_adj: {padjust} atas seluruh "
                                   "baris tabel",
        "inference.note.gap_groups": "hipotesis alternatif: {alternative}; p_adj: {padjust} atas baris-baris "
                                     "setiap kelompok {by}",
        "inference.note.segments": "skor: {score}; p_adj: {padjust} atas seluruh baris; uji lanjut "
                                   "(post hoc): {posthoc}",
        "inference.note.waves": "perubahan = sesudah − sebelum; hipotesis alternatif: {alternative}; "
                                "p_adj: {padjust} atas seluruh baris",
        "inference.alternative.two-sided": "dua sisi",
        "inference.alternative.less": "satu sisi (kurang dari)",
        "inference.alternative.greater": "satu sisi (lebih dari)",
        "inference.posthoc.welch": "Games–Howell",
        "inference.posthoc.anova": "Tukey HSD (beda nyata jujur)",
        "inference.posthoc.kruskal": "Dunn (koreksi Holm)",
        "inference.score.gap": "kesenjangan",
        "inference.score.expectation": "harapan",
        "inference.score.perception": "persepsi",
        "inference.score.adequate": "harapan minimum",
        "inference.score.desired": "harapan yang diinginkan",
        "inference.score.importance": "kepentingan",
        "plot.title.gap_bars": "Skor kesenjangan per {level}",
        "plot.title.expectation_perception": "Harapan dan persepsi per {level}",
        "plot.title.segment_heatmap": "Skor kesenjangan per {level} dan {segment}",
        "plot.title.reliability_forest": "Reliabilitas per dimensi",
        "plot.title.likert_bars": "Sebaran jawaban per butir",
        "plot.shortfall": "Di bawah harapan (P < E)",
        "plot.surplus": "Memenuhi atau melebihi harapan (P ≥ E)",
        "plot.mean_score": "Skor rata-rata",
        "plot.alpha_ci": "α Cronbach (selang kepercayaan {confidence})",
        "plot.alpha": "α Cronbach",
        "plot.threshold": "α = {value}",
        "plot.share": "Responden (%)",
        "plot.answer": "Jawaban",
        "plot.segment_missing": "(tidak diisi)",
        "plot.answer.low": "{value} sangat tidak setuju",
        "plot.answer.high": "{value} sangat setuju",
        # --- priorities: IPA, CSI, PGCV, rencana tindakan, tren, pendorong, kesenjangan penyedia ---
        "priorities.title.ipa": "Importance–Performance Analysis (IPA)",
        "priorities.title.csi": "Customer Satisfaction Index (CSI)",
        "priorities.title.pgcv": "Potential Gain in Customer Value (PGCV)",
        "priorities.title.plan": "Rencana tindakan",
        "priorities.note.ipa": "kepentingan: {importance}; garis potong: kinerja {x}, kepentingan {y} "
                               "(nilai tepat pada garis dihitung tinggi)",
        "priorities.note.conformity": "tingkat kesesuaian = ΣP / ΣI × 100",
        "priorities.note.csi": "CSI = {csi}% ({band}); CSI = Σ WF·MSS / {scale_max} × 100",
        "priorities.note.pgcv": "PGCV = MIS × {scale_max} − MIS × MSS; peringkat 1 = potensi "
                                "peningkatan terbesar",
        "priorities.note.plan": "belum memenuhi harapan: kesenjangan < 0 dengan p_adj ({padjust}) < {alpha}, "
                                "atau persepsi di bawah zona toleransi",
        "priorities.quadrant.concentrate_here": "Prioritas Utama",
        "priorities.quadrant.keep_up_the_good_work": "Pertahankan Prestasi",
        "priorities.quadrant.low_priority": "Prioritas Rendah",
        "priorities.quadrant.possible_overkill": "Berlebihan",
        "priorities.band.very_satisfied": "Sangat puas",
        "priorities.band.satisfied": "Puas",
        "priorities.band.fairly_satisfied": "Cukup puas",
        "priorities.band.less_satisfied": "Kurang puas",
        "priorities.band.not_satisfied": "Tidak puas",
        "priorities.action.fix_first": "Perbaiki segera",
        "priorities.action.improve": "Tingkatkan",
        "priorities.action.monitor": "Pantau",
        "priorities.action.maintain": "Pertahankan",
        "priorities.action.reduce_effort": "Kurangi sumber daya",
        "priorities.zone.below": "Di bawah zona",
        "priorities.zone.within": "Di dalam zona",
        "priorities.zone.above": "Di atas zona",
        "plot.title.ipa_grid": "Diagram kartesius kepentingan–kinerja",
        "plot.title.csi_gauge": "Indeks kepuasan pelanggan",
        "plot.title.zone_of_tolerance": "Persepsi dan zona toleransi",
        "plot.importance_axis": "Kepentingan ({kind})",
        "plot.performance_axis": "Kinerja (persepsi)",
        "plot.zone": "Zona toleransi (minimum–diinginkan)",
        "plot.zone.below": "Di bawah harapan minimum",
        "plot.zone.within": "Di dalam zona",
        "plot.zone.above": "Di atas harapan yang diinginkan",
        "trend.title": "Tren kesenjangan",
        "trend.note": "kesenjangan per nilai {period} dengan selang kepercayaan {confidence} berdasarkan "
                      "distribusi t; kemiringan: lm(kesenjangan ~ indeks periode) pada skor kesenjangan responden",
        "trend.slopes": "Tren linear (perubahan kesenjangan per periode)",
        "drivers.title": "Analisis faktor pendorong (key drivers)",
        "drivers.note": "variabel hasil: {outcome}; prediktor: {predictors}; n = {n}; R² = {r2}; bobot relatif "
                        "(Johnson 2000) berjumlah R²; selang kepercayaan bootstrap persentil {confidence} "
                        "({n_boot} sampel ulang)",
        "provider.title": "Sudut pandang penyedia layanan (model lima kesenjangan)",
        "provider.note": "selisih = pelanggan − staf; kesenjangan 1: harapan (harapan pelanggan terhadap "
                         "dugaan staf tentang harapan itu); uji t Welch; p_adj: {padjust} dalam setiap perbandingan",
        "provider.comparison.expectation": "Kesenjangan 1: harapan",
        "provider.comparison.perception": "Persepsi: pelanggan vs staf",
        "plot.title.gap_trend": "Kesenjangan per {period}",
        "plot.title.drivers": "Faktor pendorong {outcome}",
        "plot.relative_weight": "Bobot relatif (% dari R²)",
        "plot.r2": "R² = {r2}",
        "engine.no_rows": ("Survei ini berada di mesin (DuckDB atau Spark): servgap menghitung statistiknya "
                           "sebagai agregat di sana dan tidak mengambil baris responden, yang diperlukan "
                           "analisis ini (interval bootstrap, nilai p eksak sampel kecil, jawaban kosong pada "
                           "reliabilitas, nilai di luar kisi). Gunakan ci=\"feldt\" untuk interval "
                           "reliabilitas, survey.sample(n) untuk membaca sampel acak n baris ke memori sebagai "
                           "Survey, atau survey.to_survey() bila data muat di memori."),
        "engine.problems": "{n} masalah ditemukan oleh mesin{shown}.",
        "engine.too_many_texts": ("Kolom {column!r} berisi {n} teks berbeda yang bukan angka; jawaban survei "
                                  "hanya punya beberapa label. Periksa pemetaan kolom."),
        "engine.connection_needs_table": "Dengan koneksi DuckDB, berikan tepat satu dari `table=` atau `query=`.",
        "engine.unknown_format": ("{path!r} bukan parquet maupun CSV (.parquet, .csv, .tsv, .txt); baca format "
                                  "lain dengan servgap.read_survey."),
        "engine.bad_encoding": "{path!r} tidak dapat dibaca sebagai {encoding}: {error}. Berikan `encoding=`.",
        "engine.no_files": "Tidak ada berkas yang cocok dengan {source!r}.",
        "engine.mixed_formats": "Berkas-berkas mencampur format {suffixes}; pindai satu format sekaligus.",
        "engine.spark_needs_frame": "engine=\"spark\" memerlukan Spark DataFrame sebagai `source`, bukan {got}.",
        "engine.spark_frame_on_duckdb": "Spark DataFrame berjalan pada engine=\"spark\" (biarkan `engine` kosong).",
        "engine.install": "servgap.scan pada {engine} memerlukan ekstra: pip install 'servgap[{engine}]'.",
    },
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if servgap has labels for it, else raise ``ValueError``.

    Examples
    --------
    >>> check_lang("id")
    'id'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"`lang` must be one of {list(LANGUAGES)}, got {lang!r}.")
    return lang


def label(key: str, lang: str = "en", **values) -> str:
    """Return the user-visible text for ``key`` in ``lang``, formatted with ``values``.

    Falls back to English when the Indonesian table lacks the key, and raises ``KeyError``
    for a key neither table has, so that a missing label is found by the tests.

    Examples
    --------
    >>> label("kind.perception", "id")
    'Persepsi'
    """
    check_lang(lang)
    table = LABELS[lang]
    text = table[key] if key in table else LABELS["en"][key]
    return text.format(**values) if values else text


def number(value, lang: str = "en", spec: str = "g") -> str:
    """``value`` formatted with ``spec`` as written in ``lang``: a decimal comma in Indonesian.

    Examples
    --------
    >>> number(0.7, "id"), number(2749.814, "id", ".2f"), number(0.05)
    ('0,7', '2749,81', '0.05')
    """
    text = format(value, spec)
    return text.replace(".", ",") if check_lang(lang) == "id" else text
