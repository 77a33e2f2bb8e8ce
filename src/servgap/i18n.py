"""English and Indonesian text shown to users: one table per language, one place.

Charts, reports, the CLI and result titles take every user-visible string from here. Keys are
grouped by topic (``title.*``, ``axis.*``, ``legend.*``, ``dimension.*``, ``verdict.*``, …).
Dimension names of the bundled instruments are in :mod:`servgap.instrument`; this module looks
them up so that a chart asks one function for any label.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "LABELS", "label", "check_lang", "number", "message"]

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
        "cli.demo.action_plan": "Action plan (what to fix first; the first 8 items):",
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
        "cli.demo.action_plan": "Rencana tindakan (yang diperbaiki lebih dulu; 8 butir pertama):",
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


# --- paste-ready tables and reports (servgap.report, Result.to_table; issue 12) ----------------
# Headers of result-table columns: ``column.<name>`` for every name of servgap.columns.COLUMNS;
# ``<score>_<stat>`` headers are ``column.stat.<stat>`` filled with ``column.score.<score>``.
LABELS["en"].update({
    "column.item": "Item", "column.dimension": "Dimension", "column.score": "Score",
    "column.period": "Period", "column.period_index": "Period no.", "column.comparison": "Comparison",
    "column.measure": "Measure", "column.value": "Value", "column.cutoff": "Cut-off",
    "column.group_a": "Group A", "column.group_b": "Group B", "column.predictor": "Predictor",
    "column.n": "n", "column.n_items": "Items", "column.n_zero": "Zero differences",
    "column.n_a": "n (A)", "column.n_b": "n (B)", "column.n_before": "n (before)", "column.n_after": "n (after)",
    "column.n_effective": "Effective n", "column.groups": "Groups",
    "column.mean_a": "Mean (A)", "column.mean_b": "Mean (B)", "column.mean_rank_a": "Mean rank (A)",
    "column.mean_rank_b": "Mean rank (B)", "column.mean_before": "Mean (before)", "column.mean_after": "Mean (after)",
    "column.n_customers": "n (customers)", "column.n_staff": "n (staff)",
    "column.mean_customers": "Mean (customers)", "column.mean_staff": "Mean (staff)",
    "column.diff": "Difference", "column.se": "SE",
    "column.statistic": "Statistic", "column.dof": "df", "column.dof1": "df1", "column.dof2": "df2",
    "column.p_val": "p", "column.p_adj": "p (adjusted)", "column.ci_low": "CI low", "column.ci_high": "CI high",
    "column.cohen_dz": "Cohen's dz", "column.cohen_d": "Cohen's d", "column.rank_biserial": "Rank-biserial r",
    "column.eta_sq": "η²", "column.omega_sq": "ω²", "column.epsilon_sq": "ε²",
    "column.weight_mean": "Mean weight", "column.weighted_gap": "Weighted gap", "column.zone_width": "Zone width",
    "column.share_below": "Below the zone", "column.share_within": "Within the zone",
    "column.share_above": "Above the zone", "column.n_inverted": "Inverted zones", "column.position": "Position",
    "column.alpha": "Cronbach's α", "column.std_alpha": "Standardised α", "column.average_r": "Mean inter-item r",
    "column.omega_total": "McDonald's ω", "column.difference_reliability": "Reliability of P − E",
    "column.reliable": "Verdict", "column.mean": "Mean", "column.sd": "SD", "column.r_total": "Item–total r",
    "column.r_drop": "Corrected item–total r", "column.alpha_if_dropped": "α if item dropped",
    "column.r": "r", "column.r_corrected": "Corrected r", "column.r_critical": "Critical r",
    "column.valid": "Verdict", "column.msa": "MSA", "column.rating": "Rating", "column.loading": "Loading",
    "column.residual_variance": "Residual variance", "column.composite_reliability": "CR",
    "column.ave": "AVE", "column.sqrt_ave": "√AVE", "column.max_correlation": "Largest correlation",
    "column.fornell_larcker": "Fornell–Larcker met",
    "column.conformity": "Conformity (%)", "column.quadrant": "Quadrant", "column.quadrant_code": "Quadrant name",
    "column.weighting_factor": "Weighting factor", "column.weighted_score": "Weighted score",
    "column.acv": "ACV", "column.udcv": "UDCV", "column.pgcv": "PGCV", "column.pgcv_rank": "PGCV rank",
    "column.rank": "Rank", "column.shortfall": "Shortfall", "column.action": "Action",
    "column.slope": "Slope", "column.slope_se": "SE of slope", "column.beta": "β",
    "column.relative_weight": "Relative weight", "column.relative_weight_pct": "Relative weight (%)",
    "column.zone_position": "Zone", "column.row": "Row", "column.respondent": "Respondent",
    "column.check": "Problem", "column.count": "Count",
    "column.score.gap": "Gap", "column.score.expectation": "Expectation", "column.score.perception": "Perception",
    "column.score.importance": "Importance", "column.score.performance": "Performance",
    "column.score.adequate": "Adequate", "column.score.desired": "Desired",
    "column.score.adequacy_gap": "Adequacy gap", "column.score.superiority_gap": "Superiority gap",
    "column.score.outcome": "Outcome",
    "column.stat.mean": "{score} mean", "column.stat.median": "{score} median",
    "column.stat.sd": "{score} SD", "column.stat.se": "{score} SE",
    "validity.valid": "valid", "validity.not_valid": "not valid", "validity.undetermined": "not computed",
    "verdict.yes": "yes", "verdict.no": "no",
    "measure.chi2": "χ²", "measure.dof": "df", "measure.p_val": "p (χ²)", "measure.cfi": "CFI",
    "measure.tli": "TLI", "measure.rmsea": "RMSEA", "measure.rmsea_ci_low": "RMSEA CI low",
    "measure.rmsea_ci_high": "RMSEA CI high", "measure.srmr": "SRMR", "measure.kmo": "KMO",
    "measure.bartlett_chi2": "Bartlett χ²", "measure.bartlett_dof": "Bartlett df",
    "measure.bartlett_p_val": "Bartlett p",
})
LABELS["id"].update({
    "column.item": "Butir", "column.dimension": "Dimensi", "column.score": "Skor",
    "column.period": "Periode", "column.period_index": "Periode ke-", "column.comparison": "Perbandingan",
    "column.measure": "Ukuran", "column.value": "Nilai", "column.cutoff": "Batas",
    "column.group_a": "Kelompok A", "column.group_b": "Kelompok B", "column.predictor": "Prediktor",
    "column.n": "n", "column.n_items": "Jumlah butir", "column.n_zero": "Selisih nol",
    "column.n_a": "n (A)", "column.n_b": "n (B)", "column.n_before": "n (sebelum)", "column.n_after": "n (sesudah)",
    "column.n_effective": "n efektif", "column.groups": "Kelompok",
    "column.mean_a": "Rata-rata (A)", "column.mean_b": "Rata-rata (B)", "column.mean_rank_a": "Rata-rata peringkat (A)",
    "column.mean_rank_b": "Rata-rata peringkat (B)", "column.mean_before": "Rata-rata (sebelum)",
    "column.mean_after": "Rata-rata (sesudah)",
    "column.n_customers": "n (pelanggan)", "column.n_staff": "n (staf)",
    "column.mean_customers": "Rata-rata (pelanggan)", "column.mean_staff": "Rata-rata (staf)",
    "column.diff": "Selisih", "column.se": "Galat baku",
    "column.statistic": "Statistik uji", "column.dof": "db", "column.dof1": "db1", "column.dof2": "db2",
    "column.p_val": "p", "column.p_adj": "p (terkoreksi)", "column.ci_low": "Batas bawah IK",
    "column.ci_high": "Batas atas IK",
    "column.cohen_dz": "dz Cohen", "column.cohen_d": "d Cohen", "column.rank_biserial": "r biserial peringkat",
    "column.eta_sq": "η²", "column.omega_sq": "ω²", "column.epsilon_sq": "ε²",
    "column.weight_mean": "Rata-rata bobot", "column.weighted_gap": "Kesenjangan berbobot",
    "column.zone_width": "Lebar zona",
    "column.share_below": "Di bawah zona", "column.share_within": "Di dalam zona",
    "column.share_above": "Di atas zona", "column.n_inverted": "Zona terbalik", "column.position": "Posisi",
    "column.alpha": "α Cronbach", "column.std_alpha": "α terstandar", "column.average_r": "Rata-rata r antarbutir",
    "column.omega_total": "ω McDonald", "column.difference_reliability": "Reliabilitas P − E",
    "column.reliable": "Keputusan", "column.mean": "Rata-rata", "column.sd": "Simpangan baku",
    "column.r_total": "r butir-total", "column.r_drop": "r butir-total terkoreksi",
    "column.alpha_if_dropped": "α jika butir dihapus",
    "column.r": "r hitung", "column.r_corrected": "r terkoreksi", "column.r_critical": "r tabel",
    "column.valid": "Keputusan", "column.msa": "MSA", "column.rating": "Penilaian", "column.loading": "Muatan faktor",
    "column.residual_variance": "Varians residual", "column.composite_reliability": "CR",
    "column.ave": "AVE", "column.sqrt_ave": "√AVE", "column.max_correlation": "Korelasi terbesar",
    "column.fornell_larcker": "Memenuhi Fornell–Larcker",
    "column.conformity": "Tingkat kesesuaian (%)", "column.quadrant": "Kuadran", "column.quadrant_code": "Nama kuadran",
    "column.weighting_factor": "Faktor pembobot", "column.weighted_score": "Skor tertimbang",
    "column.acv": "ACV", "column.udcv": "UDCV", "column.pgcv": "PGCV", "column.pgcv_rank": "Peringkat PGCV",
    "column.rank": "Peringkat", "column.shortfall": "Belum memenuhi harapan", "column.action": "Tindakan",
    "column.slope": "Kemiringan", "column.slope_se": "Galat baku kemiringan", "column.beta": "β",
    "column.relative_weight": "Bobot relatif", "column.relative_weight_pct": "Bobot relatif (%)",
    "column.zone_position": "Zona", "column.row": "Baris", "column.respondent": "Responden",
    "column.check": "Masalah", "column.count": "Jumlah",
    "column.score.gap": "kesenjangan", "column.score.expectation": "harapan", "column.score.perception": "persepsi",
    "column.score.importance": "kepentingan", "column.score.performance": "kinerja",
    "column.score.adequate": "harapan minimum", "column.score.desired": "harapan yang diinginkan",
    "column.score.adequacy_gap": "kesenjangan kecukupan", "column.score.superiority_gap": "kesenjangan keunggulan",
    "column.score.outcome": "variabel hasil",
    "column.stat.mean": "Rata-rata {score}", "column.stat.median": "Median {score}",
    "column.stat.sd": "Simpangan baku {score}", "column.stat.se": "Galat baku {score}",
    "validity.valid": "valid", "validity.not_valid": "tidak valid", "validity.undetermined": "tidak dapat dihitung",
    "verdict.yes": "ya", "verdict.no": "tidak",
    "measure.chi2": "χ²", "measure.dof": "db", "measure.p_val": "p (χ²)", "measure.cfi": "CFI",
    "measure.tli": "TLI", "measure.rmsea": "RMSEA", "measure.rmsea_ci_low": "Batas bawah IK RMSEA",
    "measure.rmsea_ci_high": "Batas atas IK RMSEA", "measure.srmr": "SRMR", "measure.kmo": "KMO",
    "measure.bartlett_chi2": "χ² Bartlett", "measure.bartlett_dof": "db Bartlett",
    "measure.bartlett_p_val": "p Bartlett",
})
LABELS["en"].update({
    "column.item_text": "Item text",
    "cli.long.needs": "A long file (--long) needs {options}.",
    "cli.problem.row": "row {row}",
    "cli.problem.respondent": "(respondent {respondent})",
    "cli.problem.column": "column {column}",
    "cli.problem.value": "value {value}",
    "cli.problems": "{n} problems in the survey data:",
    "cli.problems.one": "1 problem in the survey data:",
    "cli.problems.more": "... and {n} more (write them all to a CSV file with --problems FILE)",
    "cli.problems.more_written": "... and {n} more, all of them in {file}",
    "cli.problems.written": "The problem list is written to {file}.",
    "cli.scale.wide": "{n} answers lie above the scale {low}-{high}, up to {seen}: if the questionnaire used a "
                      "{low}-{seen} scale, pass --scale {low} {seen}.",
    "cli.scale.narrow": "Warning: every answer lies within {low}-{seen} although the scale is {low}-{high}. If the "
                        "questionnaire used a {low}-{seen} scale, pass --scale {low} {seen}; otherwise gaps and "
                        "indices are computed on the wrong scale.",
    "cli.progress.reading": "reading {file}",
    "cli.progress.analysing": "analysing {n} respondents",
    "cli.progress.writing": "writing {file}",
    "cli.report.written": "Report written: {files}",
    "cli.demo.report_extra": "For the Excel and Word reports: pip install 'servgap[report]'",
    "cli.write_failed": "cannot write {file}: {reason}",
    "column.column": "Column",
    "report.chart_elsewhere": "chart in the HTML and Word reports",
    "report.title": "Service quality report",
    "report.contents": "Contents",
    "report.findings": "Findings",
    "report.caption.table": "Table",
    "report.caption.figure": "Figure",
    "report.generated": "servgap {version}, {date}",
    "report.section.sample": "Sample and exclusions",
    "report.section.validity": "Validity and reliability",
    "report.section.gaps": "Gaps by dimension and item",
    "report.section.significance": "Significance of the gaps",
    "report.section.segments": "Segments compared",
    "report.section.priorities": "Priorities",
    "report.section.methods": "Methods",
    "report.table.sample": "The sample",
    "report.table.exclusion_summary": "Exclusion log by problem",
    "report.table.exclusions": "Exclusion log",
    "report.table.segment_groups": "Gap means by {segment}",
    "report.table.references": "References",
    "report.table.columns": "Columns",
    "report.columns.sheet": "Sheet",
    "report.columns.column": "Column",
    "report.columns.header": "Header",
    "report.columns.description": "Description",
    "report.find.sample": "{n} respondents were analysed ({components}); {excluded} respondents were excluded "
                          "and the exclusion log holds {entries} entries.",
    "report.find.no_exclusions": "No answer was excluded or changed.",
    "report.find.validity": "{k} of {m} items are valid ({score}: item–total r above the critical r).",
    "report.find.invalid_items": "Items not valid: {items}.",
    "report.find.reliability": "Cronbach's alpha ranges from {low} to {high}; {k} of {m} scales are reliable "
                               "(α ≥ {threshold}).",
    "report.find.overall": "The overall SERVQUAL score is {gap} (95% CI {low} to {high}).",
    "report.find.gap_largest": "{dimension} shows the largest gap: {gap} (95% CI {low} to {high}), p {p}.",
    "report.find.gap_smallest": "{dimension} shows the smallest gap: {gap} (95% CI {low} to {high}), p {p}.",
    "report.find.items_negative": "{k} of {m} items have a negative gap (perception below expectation).",
    "report.find.no_gaps": "The survey has no expectation–perception pairs, so there are no gaps to report.",
    "report.find.significance": "{k} of {m} item gaps differ significantly from zero after {padjust} "
                                "correction (adjusted p < 0.05); Cohen's dz ranges from {low} to {high}.",
    "report.find.no_segments": "The survey has no segment columns to compare.",
    "report.find.segment_differs": "{segment}: the groups differ significantly on {dimensions} (adjusted p < 0.05).",
    "report.find.segment_none": "{segment}: no dimension differs significantly between the groups.",
    "report.find.suppressed": "{segment}: {k} cells with fewer than {min_cell} respondents are suppressed.",
    "report.find.no_priorities": "Priorities need perception answers and importance or expectation answers.",
    "report.find.csi": "The customer satisfaction index is {csi}% ({band}).",
    "report.find.ipa": "Concentrate here (quadrant 1): items {items}.",
    "report.find.ipa_none": "No item falls in quadrant 1 (concentrate here).",
    "report.find.plan": "Fix first: items {items}.",
    "report.find.plan_none": "No item needs fixing first.",
    "report.find.not_computed": "{what}: not computed. {reason}",
    "report.find.zone_below": "Mean perception lies below the zone of tolerance (under the adequate level) for "
                              "items {items}.",
    "report.find.zone_none_below": "No item's mean perception lies below the zone of tolerance.",
    "report.note.ids_hidden": "Respondent ids are not shown; entries are identified by their row in the file.",
    "report.note.rows_shown": "The first {shown} of {n} entries are shown; the Excel workbook holds all.",
    "report.note.suppressed": "— : suppressed, fewer than {min_cell} respondents.",
    "report.methods.text": "Gap = perception − expectation per item; dimension gaps are respondents' means of "
                           "their item gaps. Confidence intervals are t-based. Paired t-tests with Holm's "
                           "correction test each gap against zero; segments are compared with Welch's ANOVA "
                           "and Games–Howell pairs; reliability is Cronbach's alpha (Feldt CI) and McDonald's "
                           "omega; validity is the item–total Pearson correlation against the critical r.",
    "report.methods.version": "Made with servgap {version} on {date}.",
    "report.methods.options": "Options: {options}.",
    "report.methods.min_cell": "Segment groups with fewer than {min_cell} respondents are suppressed.",
    "report.methods.warnings": "Warnings of the analyses: {warnings}",
})
LABELS["id"].update({
    "column.item_text": "Pernyataan",
    "cli.long.needs": "Berkas format panjang (--long) memerlukan {options}.",
    "cli.problem.row": "baris {row}",
    "cli.problem.respondent": "(responden {respondent})",
    "cli.problem.column": "kolom {column}",
    "cli.problem.value": "nilai {value}",
    "cli.problems": "{n} masalah dalam data survei:",
    "cli.problems.one": "1 masalah dalam data survei:",
    "cli.problems.more": "... dan {n} lainnya (tulis semuanya ke berkas CSV dengan --problems BERKAS)",
    "cli.problems.more_written": "... dan {n} lainnya, semuanya ada di {file}",
    "cli.problems.written": "Daftar masalah ditulis ke {file}.",
    "cli.scale.wide": "{n} jawaban berada di atas skala {low}-{high}, hingga {seen}: jika kuesioner memakai skala "
                      "{low}-{seen}, gunakan --scale {low} {seen}.",
    "cli.scale.narrow": "Peringatan: semua jawaban berada dalam {low}-{seen} padahal skalanya {low}-{high}. Jika "
                        "kuesioner memakai skala {low}-{seen}, gunakan --scale {low} {seen}; jika tidak, "
                        "kesenjangan dan indeks dihitung pada skala yang salah.",
    "cli.progress.reading": "membaca {file}",
    "cli.progress.analysing": "menganalisis {n} responden",
    "cli.progress.writing": "menulis {file}",
    "cli.report.written": "Laporan ditulis: {files}",
    "cli.demo.report_extra": "Untuk laporan Excel dan Word: pip install 'servgap[report]'",
    "cli.write_failed": "tidak dapat menulis {file}: {reason}",
    "column.column": "Kolom",
    "report.chart_elsewhere": "grafik ada di laporan HTML dan Word",
    "report.title": "Laporan kualitas layanan",
    "report.contents": "Daftar isi",
    "report.findings": "Temuan",
    "report.caption.table": "Tabel",
    "report.caption.figure": "Gambar",
    "report.generated": "servgap {version}, {date}",
    "report.section.sample": "Sampel dan pengecualian",
    "report.section.validity": "Validitas dan reliabilitas",
    "report.section.gaps": "Kesenjangan per dimensi dan butir",
    "report.section.significance": "Signifikansi kesenjangan",
    "report.section.segments": "Perbandingan antarsegmen",
    "report.section.priorities": "Prioritas perbaikan",
    "report.section.methods": "Metode",
    "report.table.sample": "Sampel penelitian",
    "report.table.exclusion_summary": "Log pengecualian per masalah",
    "report.table.exclusions": "Log pengecualian",
    "report.table.segment_groups": "Rata-rata kesenjangan per {segment}",
    "report.table.references": "Daftar pustaka",
    "report.table.columns": "Kolom",
    "report.columns.sheet": "Lembar",
    "report.columns.column": "Kolom",
    "report.columns.header": "Judul kolom",
    "report.columns.description": "Keterangan",
    "report.find.sample": "Sebanyak {n} responden dianalisis ({components}); {excluded} responden dikeluarkan "
                          "dan log pengecualian memuat {entries} catatan.",
    "report.find.no_exclusions": "Tidak ada jawaban yang dikeluarkan atau diubah.",
    "report.find.validity": "{k} dari {m} butir valid ({score}: r hitung butir-total lebih besar dari r tabel).",
    "report.find.invalid_items": "Butir yang tidak valid: {items}.",
    "report.find.reliability": "Alfa Cronbach berkisar antara {low} dan {high}; {k} dari {m} skala reliabel "
                               "(α ≥ {threshold}).",
    "report.find.overall": "Skor SERVQUAL keseluruhan adalah {gap} (IK 95% {low} s.d. {high}).",
    "report.find.gap_largest": "{dimension} menunjukkan kesenjangan terbesar: {gap} (IK 95% {low} s.d. {high}), p {p}.",
    "report.find.gap_smallest": "{dimension} menunjukkan kesenjangan terkecil: {gap} (IK 95% {low} s.d. {high}), "
                                "p {p}.",
    "report.find.items_negative": "{k} dari {m} butir memiliki kesenjangan negatif (persepsi di bawah harapan).",
    "report.find.no_gaps": "Survei tidak memuat pasangan harapan–persepsi, sehingga tidak ada kesenjangan yang "
                           "dilaporkan.",
    "report.find.significance": "{k} dari {m} kesenjangan butir berbeda nyata dari nol setelah koreksi {padjust} "
                                "(p terkoreksi < 0,05); dz Cohen berkisar antara {low} dan {high}.",
    "report.find.no_segments": "Survei tidak memiliki kolom segmen untuk dibandingkan.",
    "report.find.segment_differs": "{segment}: kelompok berbeda nyata pada {dimensions} (p terkoreksi < 0,05).",
    "report.find.segment_none": "{segment}: tidak ada dimensi yang berbeda nyata antarkelompok.",
    "report.find.suppressed": "{segment}: {k} sel dengan kurang dari {min_cell} responden disembunyikan.",
    "report.find.no_priorities": "Analisis prioritas memerlukan jawaban persepsi serta jawaban kepentingan "
                                 "atau harapan.",
    "report.find.csi": "Indeks kepuasan pelanggan (CSI) sebesar {csi}% ({band}).",
    "report.find.ipa": "Prioritas Utama (kuadran I): butir {items}.",
    "report.find.ipa_none": "Tidak ada butir di kuadran I (Prioritas Utama).",
    "report.find.plan": "Perbaiki segera: butir {items}.",
    "report.find.plan_none": "Tidak ada butir yang perlu segera diperbaiki.",
    "report.find.not_computed": "{what}: tidak dapat dihitung. {reason}",
    "report.find.zone_below": "Rata-rata persepsi berada di bawah zona toleransi (di bawah harapan minimum) "
                              "pada butir {items}.",
    "report.find.zone_none_below": "Tidak ada butir dengan rata-rata persepsi di bawah zona toleransi.",
    "report.note.ids_hidden": "Id responden tidak ditampilkan; catatan ditunjukkan dengan nomor barisnya di berkas.",
    "report.note.rows_shown": "Ditampilkan {shown} catatan pertama dari {n}; buku kerja Excel memuat semuanya.",
    "report.note.suppressed": "— : disembunyikan, kurang dari {min_cell} responden.",
    "report.methods.text": "Kesenjangan = persepsi − harapan per butir; kesenjangan dimensi adalah rata-rata "
                           "kesenjangan butir setiap responden. Selang kepercayaan berdasarkan distribusi t. "
                           "Uji t berpasangan dengan koreksi Holm menguji setiap kesenjangan terhadap nol; "
                           "segmen dibandingkan dengan ANOVA Welch dan uji lanjut Games–Howell; reliabilitas "
                           "diukur dengan alfa Cronbach (selang Feldt) dan omega McDonald; validitas dengan "
                           "korelasi Pearson butir-total dibandingkan dengan r tabel.",
    "report.methods.version": "Dibuat dengan servgap {version} pada {date}.",
    "report.methods.options": "Opsi: {options}.",
    "report.methods.min_cell": "Kelompok segmen dengan kurang dari {min_cell} responden disembunyikan.",
    "report.methods.warnings": "Peringatan dari analisis: {warnings}",
})


# --- keyed warnings and errors (ServgapWarning.keyed, ServgapError.keyed): said in a report's language
LABELS["en"].update({
    "reliability.warn.no_variance": "{score} / {dimension}: item {item!r} has no variance (or fewer than two "
                                    "answers); it is left out of the scale and its statistics are NaN.",
    "reliability.warn.too_few_items": "{score} / {dimension}: fewer than two items; alpha and omega need at least "
                                      "two items and three respondents (NaN).",
    "reliability.warn.too_few_respondents": "{score} / {dimension}: only {n} respondents; alpha and omega need at "
                                            "least two items and three respondents (NaN).",
    "reliability.warn.never_together": "{score} / {dimension}: some pairs of items were never answered together "
                                       "(NaN).",
    "reliability.warn.negative_item": "{score} / {dimension}: item {item!r} correlates negatively with the rest of "
                                      "its scale (r_drop = {r_drop}); it may be reverse-keyed and need re-scoring "
                                      "(Instrument(reverse=[...])).",
    "reliability.note.omega_three_items": "{score} / {dimension}: omega needs at least three items for a one-factor "
                                          "model (NaN).",
    "reliability.warn.singular": "{score} / {dimension}: the item covariance matrix is singular; omega is NaN.",
    "reliability.warn.heywood": "{score} / {dimension}: the one-factor model for omega is improper (Heywood case: "
                                "a negative residual variance, or no convergence); omega is NaN.",
    "reliability.warn.alpha_above_one": "alpha exceeds 1 for {scales}: the pairwise item covariances (few "
                                        "respondents, missing answers) do not form a proper covariance matrix. The "
                                        "value is what R psych gives; its confidence interval is NaN. Use "
                                        "missing='listwise' or more respondents.",
    "validity.warn.one_item": "{score} / {dimension}: the dimension has one item, so its item-total correlation is "
                              "the item with itself; r and r_corrected are NaN and valid is NA. Use "
                              "total=\"instrument\" to judge this item.",
    "inference.warn.small_tests": "Fewer than two respondents, no test: {rows}.",
    "inference.warn.small_segments": "Segments with fewer than {min_n} respondents: {rows}.",
    "inference.warn.small_waves": "A wave has fewer than two respondents, no test: {rows}.",
    "inference.warn.more": "{shown} and {n} more",
    "inference.warn.segment_missing": "compare_segments left out {n_missing} of {n} respondents: their segment "
                                      "{segment!r} is missing, so they belong to no compared group.",
    "inference.warn.too_many_groups": "compare_segments compares {groups} values of {segment!r}: all {pairs} pairs "
                                      "are more than a post-hoc table can show, so only the omnibus test is "
                                      "computed (limit: {limit} groups). Compare fewer segments (Survey.subset) "
                                      "for pairwise tests.",
    "inference.warn.wilcoxon_exact": "cannot compute the exact p-value with ties or zeros: the normal "
                                     "approximation is used (as R's wilcox.test warns).",
    "inference.error.segment_all_missing": "The segment {segment!r} is missing for every respondent, so it makes no "
                                           "groups to compare.",
    "inference.error.one_group": "compare_segments needs at least two values of the segment {segment!r}; its "
                                 "respondents have only {value!r}.",
    "inference.error.one_group_missing": "compare_segments needs at least two values of the segment {segment!r}; "
                                         "its respondents have only {value!r} ({n_missing} more have no value).",
    "report.methods.other_warnings": "Warnings of the numerical libraries ({n}): {warnings}",
    "report.reason.unknown": "The data do not meet this analysis' requirements.",
    "cli.demo.ci": "[{low}, {high}]",
    "cli.pairs.bad": "{option} takes KEY=VALUE words (e.g. expectation=E); got {given!r}.",
    "checks.error.no_respondents": "{analysis} needs at least one respondent; this survey has none. Check the filter "
                                   "that made it (Survey.subset) and the exclusion log (survey.exclusions) of the "
                                   "loaded survey.",
})
LABELS["id"].update({
    "reliability.warn.no_variance": "{score} / {dimension}: butir {item!r} tidak bervariasi (atau kurang dari dua "
                                    "jawaban); butir itu dikeluarkan dari skala dan statistiknya NaN.",
    "reliability.warn.too_few_items": "{score} / {dimension}: kurang dari dua butir; alfa dan omega memerlukan "
                                      "sedikitnya dua butir dan tiga responden (NaN).",
    "reliability.warn.too_few_respondents": "{score} / {dimension}: hanya {n} responden; alfa dan omega memerlukan "
                                            "sedikitnya dua butir dan tiga responden (NaN).",
    "reliability.warn.never_together": "{score} / {dimension}: beberapa pasangan butir tidak pernah dijawab "
                                       "bersamaan (NaN).",
    "reliability.warn.negative_item": "{score} / {dimension}: butir {item!r} berkorelasi negatif dengan butir lain "
                                      "pada skalanya (r_drop = {r_drop}); mungkin butir itu berarah terbalik "
                                      "(unfavorable) dan skornya perlu dibalik (Instrument(reverse=[...])).",
    "reliability.note.omega_three_items": "{score} / {dimension}: omega memerlukan sedikitnya tiga butir untuk "
                                          "model satu faktor (NaN).",
    "reliability.warn.singular": "{score} / {dimension}: matriks kovarians butir singular; omega NaN.",
    "reliability.warn.heywood": "{score} / {dimension}: model satu faktor untuk omega tidak wajar (kasus Heywood: "
                                "varians residual negatif, atau tidak konvergen); omega NaN.",
    "reliability.warn.alpha_above_one": "alfa melebihi 1 pada {scales}: kovarians butir berpasangan (sedikit "
                                        "responden, jawaban kosong) tidak membentuk matriks kovarians yang wajar. "
                                        "Nilainya sama dengan hasil psych di R; selang kepercayaannya NaN. Gunakan "
                                        "missing='listwise' atau tambah responden.",
    "validity.warn.one_item": "{score} / {dimension}: dimensi ini hanya memiliki satu butir, sehingga korelasi "
                              "butir-total adalah korelasi butir dengan dirinya sendiri; r dan r_corrected NaN "
                              "dan valid NA. Gunakan total=\"instrument\" untuk menilai butir ini.",
    "inference.warn.small_tests": "Kurang dari dua responden, tidak ada uji: {count} baris.",
    "inference.warn.small_segments": "Segmen dengan kurang dari {min_n} responden: {count} sel.",
    "inference.warn.small_waves": "Salah satu gelombang survei memiliki kurang dari dua responden, tidak ada uji: "
                                  "{count} baris.",
    "inference.warn.more": "{shown} dan {n} lainnya",
    "inference.warn.segment_missing": "compare_segments tidak menyertakan {n_missing} dari {n} responden: segmen "
                                      "{segment!r} mereka kosong, sehingga mereka tidak masuk kelompok mana pun.",
    "inference.warn.too_many_groups": "compare_segments membandingkan {groups} nilai {segment!r}: {pairs} pasangan "
                                      "terlalu banyak untuk tabel uji lanjut, sehingga hanya uji keseluruhan yang "
                                      "dihitung (batas: {limit} kelompok). Bandingkan lebih sedikit segmen "
                                      "(Survey.subset) untuk uji berpasangan.",
    "inference.warn.wilcoxon_exact": "p-value eksak tidak dapat dihitung bila ada nilai kembar atau selisih nol: "
                                     "dipakai pendekatan normal (seperti peringatan wilcox.test di R).",
    "inference.error.segment_all_missing": "Segmen {segment!r} kosong untuk semua responden, sehingga tidak ada "
                                           "kelompok untuk dibandingkan.",
    "inference.error.one_group": "compare_segments memerlukan sedikitnya dua nilai segmen {segment!r}; "
                                 "respondennya hanya memiliki {value!r}.",
    "inference.error.one_group_missing": "compare_segments memerlukan sedikitnya dua nilai segmen {segment!r}; "
                                         "respondennya hanya memiliki {value!r} ({n_missing} lainnya tanpa nilai).",
    "report.methods.other_warnings": "{n} peringatan lain dari pustaka numerik (teks aslinya berbahasa Inggris; "
                                     "buat laporan dengan lang=\"en\" untuk membacanya).",
    "report.reason.unknown": "Data tidak memenuhi syarat analisis ini.",
    "cli.demo.ci": "[{low}; {high}]",
    "cli.pairs.bad": "{option} memerlukan kata berbentuk KUNCI=NILAI (mis. expectation=E); diberikan {given!r}.",
    "checks.error.no_respondents": "{analysis} memerlukan sedikitnya satu responden; survei ini tidak memiliki "
                                   "responden. Periksa filter yang membentuknya (Survey.subset) dan log pengecualian "
                                   "(survey.exclusions) survei yang dimuat.",
})


def message(key: str, lang: str = "en", dimension_labels=None, **values) -> str:
    """:func:`label` whose values are said in ``lang`` too: a keyed warning or error's text.

    ``score`` is a score code (``"expectation"`` → "harapan"), ``dimension`` a dimension id
    (named as :func:`servgap.report.format_table` names it, ``dimension_labels`` first),
    ``scales`` a list of (score, dimension) pairs, and a float statistic is written with three
    decimals (decimal comma in Indonesian); other values (a segment ``value``) are used as they are.

    Examples
    --------
    >>> message("reliability.warn.singular", "id", score="gap", dimension="Empathy")
    'kesenjangan / Empati: matriks kovarians butir singular; omega NaN.'
    >>> message("reliability.warn.negative_item", "id", score="perception", dimension="all items",
    ...         item="17", r_drop=-0.0321)[:67]
    "persepsi / semua butir: butir '17' berkorelasi negatif dengan butir"
    """
    from .report.format import dimension_name

    def score(code):
        return label(f"inference.score.{code}", lang) if f"inference.score.{code}" in LABELS["en"] else str(code)

    def dim(code):  # mid-sentence: "all items" in lower case
        return label("all_items", lang) if code == "all items" else dimension_name(code, lang, dimension_labels)

    shown = {}
    for name, value in values.items():
        if name == "score":
            value = score(value)
        elif name == "dimension":
            value = dim(value)
        elif name == "scales":
            value = ", ".join(f"{score(s)} / {dim(d)}" for s, d in value)
        elif isinstance(value, float) and name != "value":  # a statistic; a segment value is shown as given
            value = number(value, lang, ".3f")
        shown[name] = value
    return label(key, lang, **shown)

# Excel sheet names of a report (at most 31 characters once a segment name is added; cut there)
LABELS["en"].update({
    "report.sheet.findings": "findings", "report.sheet.columns": "columns", "report.sheet.sample": "sample",
    "report.sheet.exclusion_summary": "exclusion_summary", "report.sheet.exclusions": "exclusions",
    "report.sheet.validity": "validity", "report.sheet.reliability": "reliability",
    "report.sheet.gaps_dimension": "gaps_dimension", "report.sheet.gaps_item": "gaps_item",
    "report.sheet.zone_dimension": "zone_dimension", "report.sheet.zone_item": "zone_item",
    "report.sheet.gap_tests_dimension": "gap_tests_dimension", "report.sheet.gap_tests_item": "gap_tests_item",
    "report.sheet.segments_": "segments_{segment}", "report.sheet.segment_groups_": "segment_groups_{segment}",
    "report.sheet.posthoc_": "posthoc_{segment}", "report.sheet.ipa": "ipa", "report.sheet.csi": "csi",
    "report.sheet.action_plan": "action_plan", "report.sheet.references": "references",
    "report.columns.segment": "segment column of the survey (values as in the file)",
    "report.columns.section": "Section",
})
LABELS["id"].update({
    "report.sheet.findings": "temuan", "report.sheet.columns": "kolom", "report.sheet.sample": "sampel",
    "report.sheet.exclusion_summary": "ringkasan_pengecualian", "report.sheet.exclusions": "log_pengecualian",
    "report.sheet.validity": "validitas", "report.sheet.reliability": "reliabilitas",
    "report.sheet.gaps_dimension": "kesenjangan_dimensi", "report.sheet.gaps_item": "kesenjangan_butir",
    "report.sheet.zone_dimension": "zona_toleransi_dimensi", "report.sheet.zone_item": "zona_toleransi_butir",
    "report.sheet.gap_tests_dimension": "uji_kesenjangan_dimensi", "report.sheet.gap_tests_item": "uji_kesenjangan_butir",
    "report.sheet.segments_": "segmen_{segment}", "report.sheet.segment_groups_": "kelompok_{segment}",
    "report.sheet.posthoc_": "uji_lanjut_{segment}", "report.sheet.ipa": "ipa", "report.sheet.csi": "csi",
    "report.sheet.action_plan": "rencana_tindakan", "report.sheet.references": "pustaka",
    "report.columns.segment": "kolom segmen survei (nilainya seperti di berkas)",
    "report.columns.section": "Bagian",
})
