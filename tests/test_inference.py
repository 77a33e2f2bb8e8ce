"""servgap.inference against R (tests/reference/generate_inference.R) and hand-worked values."""

from __future__ import annotations

import dataclasses
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import servgap
from servgap._rank import grouped_midranks, rank_sum, signed_rank
from servgap._tukey import ptukey_sf, qtukey
from servgap.errors import ServgapError, ServgapWarning, SmallSampleWarning
from servgap.i18n import LABELS, label
from servgap.inference import (GapTests, SegmentComparison, WaveComparison, compare_segments,
                               compare_waves, gap_tests, p_adjust)

REF = Path(__file__).parent / "reference" / "inference"
TOL = dict(rtol=0, atol=1e-8)
DIMENSIONS = {"D1": ["1", "2"], "D2": ["3", "4", "5"], "D3": ["6"]}
SCALES = {"large": (1, 7), "small": (1, 5), "wave2": (1, 7)}
LEVEL_KEY = {"item": "item", "dimension": "dimension", "overall": None}
R_ALTERNATIVE = {"two.sided": "two-sided", "less": "less", "greater": "greater"}


def ref(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / name, keep_default_na=True)


@pytest.fixture(scope="module")
def surveys() -> dict:
    out = {}
    for name, scale in SCALES.items():
        inst = servgap.Instrument("ref", DIMENSIONS, scale=scale)
        raw = pd.read_csv(REF / f"survey_{name}.csv")
        out[name] = servgap.read_survey(raw, inst, id="id", segments=["branch"])
    return out


def names_of(table: pd.DataFrame, level: str) -> list[str]:
    key = LEVEL_KEY[level]
    return ["overall"] * len(table) if key is None else table[key].astype(str).tolist()


def close(actual, expected, **tol):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float),
                               **(tol or TOL))


# -- paired tests -------------------------------------------------------------------------------
PAIRED = ref("paired.csv").fillna({"branch": ""})
CASES = sorted({(d, lv, alt) for d, lv, alt in PAIRED[["dataset", "level", "alternative"]].itertuples(index=False)})


@pytest.mark.parametrize("dataset,level,alternative", CASES)
def test_paired_t_matches_r(surveys, dataset, level, alternative):
    expected = PAIRED[(PAIRED.dataset == dataset) & (PAIRED.level == level)
                      & (PAIRED.alternative == alternative) & (PAIRED.branch == "")]
    table = gap_tests(surveys[dataset], level=level, method="t",
                      alternative=R_ALTERNATIVE[alternative]).table
    assert names_of(table, level) == expected["name"].astype(str).tolist()
    assert table["n"].tolist() == expected["n"].tolist()
    for ours, theirs in [("gap_mean", "mean_gap"), ("gap_median", "median_gap"), ("statistic", "t"),
                         ("dof", "dof"), ("p_val", "p_t"), ("p_adj", "p_t_holm"),
                         ("ci_low", "ci_low"), ("ci_high", "ci_high"), ("cohen_dz", "cohen_dz")]:
        close(table[ours], expected[theirs])


@pytest.mark.parametrize("dataset,level,alternative", CASES)
@pytest.mark.parametrize("correction", [True, False])
def test_paired_wilcoxon_matches_r(surveys, dataset, level, alternative, correction):
    expected = PAIRED[(PAIRED.dataset == dataset) & (PAIRED.level == level)
                      & (PAIRED.alternative == alternative) & (PAIRED.branch == "")]
    table = gap_tests(surveys[dataset], level=level, method="wilcoxon", correction=correction,
                      alternative=R_ALTERNATIVE[alternative], padjust="fdr_bh").table
    close(table["statistic"], expected["V"])
    close(table["p_val"], expected["p_w" if correction else "p_w_nocc"])
    if correction:
        close(table["p_adj"], expected["p_w_BH"])


@pytest.mark.parametrize("padjust,column", [("holm", "p_t_holm"), ("fdr_bh", "p_t_BH"),
                                            ("bonferroni", "p_t_bonferroni"), ("none", "p_t")])
def test_padjust_family_is_the_rows_of_each_by_group(surveys, padjust, column):
    expected = PAIRED[(PAIRED.dataset == "large") & (PAIRED.level == "dimension")
                      & (PAIRED.alternative == "two.sided") & (PAIRED.branch != "")]
    expected = expected.sort_values(["branch", "name"], kind="stable")
    table = gap_tests(surveys["large"], level="dimension", by="branch", padjust=padjust).table
    assert table["branch"].tolist() == expected["branch"].tolist()
    assert table["dimension"].tolist() == expected["name"].tolist()
    close(table["statistic"], expected["t"])
    close(table["p_adj"], expected[column])


def test_wilcoxon_by_group_matches_r_per_group(surveys):
    expected = PAIRED[(PAIRED.dataset == "large") & (PAIRED.level == "dimension")
                      & (PAIRED.alternative == "less") & (PAIRED.branch != "")]
    expected = expected.sort_values(["branch", "name"], kind="stable")
    table = gap_tests(surveys["large"], level="dimension", by=["branch"], method="wilcoxon",
                      alternative="less").table
    close(table["statistic"], expected["V"])
    close(table["p_val"], expected["p_w"])
    close(table["p_adj"], expected["p_w_holm"])


def test_p_adjust_matches_r_with_missing_values():
    expected = ref("p_adjust.csv")
    p = expected["p"].to_numpy()
    for ours, theirs in [("holm", "holm"), ("fdr_bh", "BH"), ("bonferroni", "bonferroni")]:
        close(p_adjust(p, ours), expected[theirs], rtol=0, atol=1e-12)
    assert np.isnan(p_adjust(p, "holm")[2])


def test_p_adjust_hand_worked():
    # Holm: sorted p × (4, 3, 2, 1) = .04, .06, .06, .04 → running max .04, .06, .06, .06
    close(p_adjust([0.03, 0.01, 0.04, 0.02], "holm"), [0.06, 0.04, 0.06, 0.06])
    # BH: p × 4/rank = .04, .04, .04, .04 (ranks 3, 1, 4, 2)
    close(p_adjust([0.03, 0.01, 0.04, 0.02], "fdr_bh"), [0.04, 0.04, 0.04, 0.04])
    close(p_adjust([0.3, 0.5], "bonferroni"), [0.6, 1.0])


# -- the rank core on plain vectors ---------------------------------------------------------------
VECTORS = ref("vectors.csv")
VEC_EXPECTED = ref("vectors_expected.csv")


@pytest.mark.parametrize("row", VEC_EXPECTED.to_dict("records"), ids=lambda r: r["alternative"])
def test_signed_rank_exact_and_tied_match_r(row):
    alternative = R_ALTERNATIVE[row["alternative"]]
    assert row["cont_method"] == "Wilcoxon signed rank exact test"
    cont = signed_rank(VECTORS["cont"].dropna().to_numpy(), alternative=alternative)
    close(cont["t_plus"], [row["cont_V"]])
    close(cont["p_val"], [row["cont_p"]])
    tied = VECTORS["tied"].to_numpy(dtype=float)
    close(signed_rank(tied, alternative=alternative)["t_plus"], [row["tied_V"]])
    close(signed_rank(tied, alternative=alternative)["p_val"], [row["tied_p"]])
    close(signed_rank(tied, alternative=alternative, correction=False)["p_val"], [row["tied_p_nocc"]])


@pytest.mark.parametrize("row", VEC_EXPECTED.to_dict("records"), ids=lambda r: r["alternative"])
def test_rank_sum_exact_matches_r(row):
    assert row["ranksum_method"] == "Wilcoxon rank sum exact test"
    res = rank_sum(VECTORS["x1"].dropna().to_numpy(), VECTORS["y1"].dropna().to_numpy(),
                   alternative=R_ALTERNATIVE[row["alternative"]])
    close([res["w"], res["p_val"]], [row["ranksum_W"], row["ranksum_p"]])


def test_midranks_hand_worked():
    # group 0: values 2, 1, 2 → ranks 2.5, 1, 2.5 (one tie of 2: 2³ − 2 = 6); group 1: 5, 3 → 2, 1
    ranks, ties = grouped_midranks(np.array([2.0, 5.0, 1.0, 3.0, 2.0]), np.array([0, 1, 0, 1, 0]), 2)
    assert ranks.tolist() == [2.5, 2.0, 1.0, 1.0, 2.5]
    assert ties.tolist() == [6.0, 0.0]


def test_signed_rank_hand_worked():
    # d = −1, 2, 0, −3, 2: zero dropped; |d| = 1, 2, 3, 2 → ranks 1, 2.5, 4, 2.5
    res = signed_rank(np.array([-1.0, 2.0, 0.0, -3.0, 2.0]))
    assert (res["n"][0], res["n_zero"][0], res["t_plus"][0], res["t_minus"][0]) == (4, 1, 5.0, 5.0)
    # V = 5 = n(n+1)/4: z = 0, and no continuity shift at z = 0 → p = 1
    assert res["p_val"][0] == 1.0


@pytest.mark.parametrize("zero_method", ["pratt", "zsplit", "wilcox"])
@pytest.mark.parametrize("correction", [True, False])
def test_zero_methods_match_scipy(zero_method, correction):
    d = VECTORS["tied"].to_numpy(dtype=float)
    res = signed_rank(d, zero_method=zero_method, correction=correction, alternative="greater")
    theirs = stats.wilcoxon(d, zero_method=zero_method, correction=correction,
                            alternative="greater", method="asymptotic")
    close(res["t_plus"], [theirs.statistic])
    close(res["p_val"], [theirs.pvalue])


def test_rank_biserial_hand_worked(surveys):
    raw = pd.DataFrame({"E_1": [3, 3, 3, 3, 3], "P_1": [2, 5, 3, 1, 5]})  # d = −1, 2, 0, −2, 2
    survey = servgap.read_survey(raw, servgap.Instrument("one", {"A": ["1"]}, scale=(1, 5)))
    row = gap_tests(survey, method="wilcoxon").table.iloc[0]
    # |d| ranks: 1 → 1, the three 2s → 3 each; T+ = 6, T− = 4 → r = 2/10
    assert (row["statistic"], row["n_zero"], row["n"]) == (6.0, 1, 5)
    assert row["rank_biserial"] == pytest.approx(0.2, abs=1e-12)
    assert row["gap_mean"] == pytest.approx(0.2, abs=1e-12)
    assert row["gap_median"] == 0.0


def test_wilcoxon_memory_is_linear_in_respondents():
    rng = np.random.default_rng(1)
    n = 200_000
    inst = servgap.Instrument("big", {"A": ["1", "2"]}, scale=(1, 7))
    raw = pd.DataFrame({f"{k}_{i}": rng.integers(1, 8, n) for k in "EP" for i in "12"})
    survey = servgap.read_survey(raw, inst)
    survey.gaps  # built before measuring: the survey's own cost
    tracemalloc.start()
    gap_tests(survey, method="wilcoxon")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # an all-pairs effect size would need n² floats (320 GB); the ranking needs a few n-arrays
    assert peak < 40 * 8 * n


# -- segments -----------------------------------------------------------------------------------
SEGMENTS = ref("segments.csv")
SEG_CASES = sorted({(d, lv) for d, lv in SEGMENTS[["dataset", "level"]].itertuples(index=False)})


def segments_of(surveys, dataset, level, method, **kwargs):
    if dataset == "small":  # groups of 3–5 respondents
        with pytest.warns(SmallSampleWarning, match="fewer than 5 respondents"):
            return compare_segments(surveys[dataset], "branch", level=level, method=method, **kwargs)
    return compare_segments(surveys[dataset], "branch", level=level, method=method, **kwargs)


@pytest.mark.parametrize("dataset,level", SEG_CASES)
def test_welch_anova_matches_oneway_test(surveys, dataset, level):
    expected = SEGMENTS[(SEGMENTS.dataset == dataset) & (SEGMENTS.level == level)]
    result = segments_of(surveys, dataset, level, "welch", posthoc=False)
    table = result.table
    assert result.posthoc is None
    assert names_of(table, level) == expected["name"].astype(str).tolist()
    assert table["n"].tolist() == expected["n"].tolist()
    for ours, theirs in [("statistic", "welch_F"), ("dof2", "welch_dof2"), ("p_val", "welch_p"),
                         ("p_adj", "welch_p_holm")]:
        close(table[ours], expected[theirs])  # NaN where a group has < 2 values or no spread
    # R stops (the reference holds NA) when a group has one value; servgap still gives k − 1
    answered = expected["welch_dof1"].notna().to_numpy()
    close(table["dof1"][answered], expected["welch_dof1"][answered])


@pytest.mark.parametrize("dataset,level", SEG_CASES)
def test_anova_matches_aov(surveys, dataset, level):
    expected = SEGMENTS[(SEGMENTS.dataset == dataset) & (SEGMENTS.level == level)]
    table = segments_of(surveys, dataset, level, "anova", posthoc=False).table
    for ours, theirs in [("statistic", "anova_F"), ("dof1", "anova_dof1"), ("dof2", "anova_dof2"),
                         ("p_val", "anova_p"), ("p_adj", "anova_p_holm"), ("eta_sq", "eta_sq"),
                         ("omega_sq", "omega_sq")]:
        close(table[ours], expected[theirs])


@pytest.mark.parametrize("dataset,level", SEG_CASES)
def test_kruskal_matches_kruskal_test(surveys, dataset, level):
    expected = SEGMENTS[(SEGMENTS.dataset == dataset) & (SEGMENTS.level == level)]
    table = segments_of(surveys, dataset, level, "kruskal", posthoc=False).table
    for ours, theirs in [("statistic", "kruskal_H"), ("dof1", "kruskal_dof"), ("p_val", "kruskal_p"),
                         ("p_adj", "kruskal_p_holm"), ("epsilon_sq", "epsilon_sq")]:
        close(table[ours], expected[theirs])
    assert table["dof2"].isna().all()


def posthoc_of(surveys, dataset, level, method, reference):
    expected = ref(reference)
    expected = expected[(expected.dataset == dataset) & (expected.level == level)]
    posthoc = segments_of(surveys, dataset, level, method).posthoc
    assert names_of(posthoc, level) == expected["name"].astype(str).tolist()
    assert posthoc["group_a"].tolist() == expected["group_a"].tolist()
    assert posthoc["group_b"].tolist() == expected["group_b"].tolist()
    return posthoc, expected


@pytest.mark.parametrize("dataset,level", SEG_CASES)
def test_tukey_matches_tukeyhsd(surveys, dataset, level):
    posthoc, expected = posthoc_of(surveys, dataset, level, "anova", "tukey.csv")
    close(posthoc["diff"], expected["diff"])
    close(posthoc["p_val"], expected["p_val"])
    # R's ptukey is accurate to ~1e-11 at df ≥ 10 (the large data) but ~1e-7 at df ≈ 4–9
    close(posthoc["p_adj"], expected["p_adj"], rtol=0, atol=1e-8 if dataset == "large" else 1e-6)
    # TukeyHSD's interval uses qtukey, whose secant search stops at a step of 1e-4; the
    # *_precise columns solve ptukey(q) = 0.95 in R to 1e-14 instead
    close(posthoc["ci_low"], expected["ci_low"], rtol=0, atol=1e-5)
    close(posthoc["ci_high"], expected["ci_high"], rtol=0, atol=1e-5)
    tol = TOL if dataset == "large" else dict(rtol=0, atol=1e-6)
    close(posthoc["ci_low"], expected["ci_low_precise"], **tol)
    close(posthoc["ci_high"], expected["ci_high_precise"], **tol)


@pytest.mark.parametrize("dataset,level", SEG_CASES)
def test_games_howell_matches_r_formula(surveys, dataset, level):
    posthoc, expected = posthoc_of(surveys, dataset, level, "welch", "games_howell.csv")
    for col in ("diff", "se", "statistic", "dof", "p_val"):
        close(posthoc[col], expected[col])
    # R's ptukey gives NaN for df < 2, where the distribution is still defined: check scipy there
    low_df = (posthoc["dof"] < 2).to_numpy()
    close(posthoc["p_adj"][low_df], stats.studentized_range.sf(
        np.abs(posthoc["statistic"][low_df]) * np.sqrt(2), 3, posthoc["dof"][low_df]), rtol=0, atol=1e-9)
    if dataset == "large":
        close(posthoc["p_adj"], expected["p_adj"])
        for col in ("ci_low", "ci_high"):  # R's qtukey stops its secant search at a step of 1e-4
            close(posthoc[col], expected[col], rtol=0, atol=1e-6)
            close(posthoc[col], expected[col + "_precise"])
    else:
        # Welch df of 2–8 here, where R's ptukey is accurate to ~1e-6 only: scipy is the reference
        ok = ~low_df & posthoc["dof"].notna().to_numpy()
        ph = posthoc[ok]
        close(ph["p_adj"], stats.studentized_range.sf(np.abs(ph["statistic"]) * np.sqrt(2), 3, ph["dof"]),
              rtol=0, atol=1e-9)
        half = stats.studentized_range.ppf(0.95, 3, ph["dof"]) / np.sqrt(2) * ph["se"]
        close(ph["ci_low"], ph["diff"] - half, rtol=0, atol=1e-8)
        close(ph["p_adj"], expected["p_adj"][ok], rtol=0, atol=1e-5)
        close(ph["ci_low"], expected["ci_low"][ok], rtol=0, atol=1e-3)


@pytest.mark.parametrize("dataset,level", SEG_CASES)
def test_dunn_holm_matches_r_formula(surveys, dataset, level):
    posthoc, expected = posthoc_of(surveys, dataset, level, "kruskal", "dunn.csv")
    for col in ("mean_rank_a", "mean_rank_b", "se", "statistic", "p_val", "p_adj"):
        close(posthoc[col], expected[col])


def test_studentized_range_matches_scipy_at_small_df():
    q = np.array([0.5, 2.0, 3.5, 6.0])
    for k, df in [(3, 2.5), (5, 4.2), (4, 60.0)]:
        close(ptukey_sf(q, k, df), stats.studentized_range.sf(q, k, df), rtol=0, atol=1e-10)
    close(qtukey(0.95, 3, 4.2), stats.studentized_range.ppf(0.95, 3, 4.2), rtol=0, atol=1e-9)


def test_segment_groups_table_holds_group_sizes_means_and_sds(surveys):
    groups = compare_segments(surveys["large"], "branch", level="overall").groups.set_index("branch")
    overall = surveys["large"].overall_scores()
    branch = surveys["large"].segments["branch"]
    assert list(groups.columns) == ["n", "gap_mean", "gap_sd"]
    for g in ["Bandung", "Jakarta", "Surabaya"]:
        assert groups.loc[g, "n"] == overall[branch == g].notna().sum()
        close([groups.loc[g, "gap_mean"]], [overall[branch == g].mean()])
        close([groups.loc[g, "gap_sd"]], [overall[branch == g].std()])


# -- waves --------------------------------------------------------------------------------------
WAVES = ref("waves.csv")


@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
@pytest.mark.parametrize("alternative", ["two.sided", "greater"])
def test_waves_match_r(surveys, level, alternative):
    expected = WAVES[(WAVES.level == level) & (WAVES.alternative == alternative)]
    alt = R_ALTERNATIVE[alternative]
    welch = compare_waves(surveys["large"], surveys["wave2"], level=level, alternative=alt).table
    assert names_of(welch, level) == expected["name"].astype(str).tolist()
    assert welch["n_before"].tolist() == expected["n_before"].tolist()
    assert welch["n_after"].tolist() == expected["n_after"].tolist()
    for ours, theirs in [("diff", "change"), ("statistic", "t"), ("dof", "dof"), ("p_val", "p_t"),
                         ("p_adj", "p_t_holm"), ("ci_low", "ci_low"), ("ci_high", "ci_high")]:
        close(welch[ours], expected[theirs])
    for correction, column in [(True, "p_w"), (False, "p_w_nocc")]:
        mw = compare_waves(surveys["large"], surveys["wave2"], level=level, method="mannwhitney",
                           alternative=alt, padjust="fdr_bh", correction=correction).table
        close(mw["statistic"], expected["W"])
        close(mw["p_val"], expected[column])
    close(mw["rank_biserial"], 2 * expected["W"] / (expected["n_after"] * expected["n_before"]) - 1)


def test_waves_need_the_same_instrument(surveys):
    other = servgap.Instrument("other", {"D1": ["1", "2"], "D2": ["3", "4", "5", "6"]}, scale=(1, 7))
    raw = pd.read_csv(REF / "survey_wave2.csv")
    with pytest.raises(ServgapError, match=r"same instrument; they differ in the items of the dimensions "
                                           r"\['D2', 'D3'\]\.$"):
        compare_waves(surveys["large"], servgap.read_survey(raw, other, id="id"))
    fewer = servgap.Instrument("ref", {"D1": ["1", "2"], "D2": ["3", "4", "5"]}, scale=(1, 7))
    with pytest.raises(ServgapError, match=r"differ in items \(only `before` has \['6'\], only `after` "
                                           r"has none\)\.$"):
        compare_waves(surveys["large"], servgap.read_survey(raw.drop(columns=["E_6", "P_6"]), fewer, id="id"))


def test_waves_align_rows_of_instruments_listed_in_another_order(surveys):
    reordered = servgap.Instrument("ref", {"D3": ["6"], "D2": ["5", "4", "3"], "D1": ["2", "1"]})
    after = servgap.read_survey(pd.read_csv(REF / "survey_wave2.csv"), reordered, id="id")
    for level in ["item", "dimension"]:
        expected = compare_waves(surveys["large"], surveys["wave2"], level=level).table
        pd.testing.assert_frame_equal(compare_waves(surveys["large"], after, level=level).table, expected)


def test_waves_need_the_same_scale():
    raw = pd.read_csv(REF / "survey_small.csv")  # answers 1–5: valid on both scales
    five, seven = (servgap.read_survey(raw, servgap.Instrument("ref", DIMENSIONS, scale=scale), id="id")
                   for scale in [(1, 5), (1, 7)])
    with pytest.raises(ServgapError, match=r"differ in scale \(1-5 and 1-7\)\.$"):
        compare_waves(five, seven)


def test_waves_need_the_same_reverse_keyed_items():
    raw = pd.read_csv(REF / "survey_small.csv")
    plain, reversed_ = (servgap.read_survey(raw, servgap.Instrument("ref", DIMENSIONS, scale=(1, 5),
                                                                    reverse=reverse), id="id")
                        for reverse in [(), ("3", "6")])
    with pytest.raises(ServgapError, match=r"differ in reverse-keyed items \(none and \['3', '6'\]\)\.$"):
        compare_waves(plain, reversed_)
    with pytest.raises(ServgapError, match=r"scale \(1-5 and 1-7\); "
                                           r"reverse-keyed items \(\['3', '6'\] and none\)"):
        compare_waves(reversed_, servgap.read_survey(raw, servgap.Instrument("ref", DIMENSIONS), id="id"))


# -- options, warnings, results -----------------------------------------------------------------
@pytest.mark.parametrize("call,message", [
    (lambda s: gap_tests(s, method="ttest"), "`method` must be one of ['t', 'wilcoxon'], got 'ttest'."),
    (lambda s: gap_tests(s, level="items"), "`level` must be one of ['item', 'dimension', 'overall']"),
    (lambda s: gap_tests(s, padjust="BH"), "`padjust` must be one of"),
    (lambda s: gap_tests(s, alternative="two.sided"), "`alternative` must be one of"),
    (lambda s: gap_tests(s, method="wilcoxon", zero_method="x"), "`zero_method` must be one of"),
    (lambda s: gap_tests(s, confidence=95), "`confidence` must be between 0 and 1"),
    (lambda s: gap_tests(s, by="region"),
     "`by` names ['region'], which is not a segment of this survey; its segment columns are ['branch']."),
    (lambda s: gap_tests(s, by=["branch", "region", "type"]),
     "`by` names ['region', 'type'], which are not segments of this survey; its segment columns are "
     "['branch']."),
    (lambda s: gap_tests(s, lang="fr"), "`lang` must be one of ['en', 'id'], got 'fr'."),
    (lambda s: compare_segments(s, "branch", method="tukey"), "`method` must be one of"),
    (lambda s: compare_segments(s, ["branch"]), "`segment` must be the name of one"),
    (lambda s: compare_segments(s, "region"),
     "`segment` names ['region'], which is not a segment of this survey; its segment columns are "
     "['branch']."),
    (lambda s: compare_segments(s, "branch", score="gaps"),
     "`score` must be one of ['gap', 'expectation', 'perception', 'adequate', 'desired', 'importance'], "
     "got 'gaps'."),
    (lambda s: compare_segments(s, "branch", lang="EN"), "`lang` must be one of ['en', 'id']"),
    (lambda s: compare_waves(s, s, method="t"), "`method` must be one of ['welch', 'mannwhitney']"),
    (lambda s: compare_waves(s, s, score="P"), "`score` must be one of ['gap', 'expectation'"),
    (lambda s: compare_waves(s, s, level="items"), "`level` must be one of ['item', 'dimension', 'overall']"),
    (lambda s: compare_waves(s, s, lang="ind"), "`lang` must be one of ['en', 'id']"),
    (lambda s: p_adjust([0.1], "BY"), "`method` must be one of"),
])
def test_bad_options_raise_value_error(surveys, call, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call(surveys["large"])


def test_rows_without_two_respondents_warn_and_are_nan():
    raw = pd.DataFrame({"E_1": [4, 5, 3], "P_1": [3, 5, 2], "E_2": [4, None, None], "P_2": [2, 3, None]})
    survey = servgap.read_survey(raw, servgap.Instrument("two", {"A": ["1"], "B": ["2"]}, scale=(1, 5)))
    with pytest.warns(SmallSampleWarning, match="Fewer than two respondents, no test: 2"):
        table = gap_tests(survey).table
    assert table["n"].tolist() == [3, 1]
    assert np.isnan(table.loc[1, "p_val"]) and np.isnan(table.loc[1, "p_adj"])
    # the family is the testable rows: one p-value, nothing to correct
    assert table.loc[0, "p_adj"] == table.loc[0, "p_val"]


def test_results_are_frozen_with_tables_and_reprs(surveys):
    tests = gap_tests(surveys["large"], level="dimension")
    segments = compare_segments(surveys["large"], "branch")
    waves = compare_waves(surveys["large"], surveys["wave2"])
    for result, cls in [(tests, GapTests), (segments, SegmentComparison), (waves, WaveComparison)]:
        assert isinstance(result, cls)
        with pytest.raises(AttributeError):
            result.level = "item"
        assert result.to_frame().equals(result.table)
        assert result.title in repr(result)
        assert "<table" in result._repr_html_()
    assert "Games–Howell" in repr(segments) and "Pairwise comparisons" in repr(segments)
    assert segments._repr_html_().count("<table") == 2
    assert list(tests.table.columns) == ["dimension", "n", "gap_mean", "gap_median", "statistic",
                                         "dof", "p_val", "p_adj", "ci_low", "ci_high", "cohen_dz"]


# -- surveys the tests cannot use ------------------------------------------------------------------
def large_survey(name: str = "large", n: int | None = None, **columns):
    """A reference survey with its first ``n`` respondents and some columns replaced."""
    raw = pd.read_csv(REF / f"survey_{name}.csv").assign(**columns).iloc[:n]
    segments = ["branch", *(c for c in columns if c not in raw.filter(regex="^[EP]_").columns
                            and c != "branch")]
    return servgap.read_survey(raw, servgap.Instrument("ref", DIMENSIONS), id="id", segments=segments)


@pytest.mark.parametrize("call", [
    lambda s: gap_tests(s),
    lambda s: gap_tests(s, level="overall", method="wilcoxon"),
    lambda s: gap_tests(s, level="dimension", by="branch"),
    lambda s: compare_segments(s, "branch"),
    lambda s: compare_segments(s, "branch", level="item", method="kruskal"),
], ids=["gap_tests", "gap_tests-wilcoxon", "gap_tests-by", "compare_segments", "compare_segments-kruskal"])
def test_survey_without_respondents_raises_servgap_error(call):
    empty = large_survey(n=0)
    assert empty.n_respondents == 0
    with pytest.raises(ServgapError, match="needs at least one respondent; this survey has none"):
        call(empty)


MISSING_TYPES = {
    "partly-missing": ["new", None, "old"] * 20,
    "partly-missing-Int64": pd.array([1, None, 2] * 20, dtype="Int64"),
    "all-missing": [np.nan] * 60,
    "all-missing-string": pd.array([None] * 60, dtype="string"),
}


@pytest.mark.parametrize("by", ["type", ["type", "branch"], ["branch", "type"]], ids=str)
@pytest.mark.parametrize("types", list(MISSING_TYPES))
def test_gap_tests_group_missing_segment_values_as_gap_scores_does(by, types):
    survey = large_survey(type=MISSING_TYPES[types])
    keys = [by] if isinstance(by, str) else by
    tests = gap_tests(survey, level="dimension", by=by).table
    scores = servgap.gap_scores(survey, level="dimension", by=by).table
    # the same groups in the same order, the respondents without a type among them (missing, last)
    pd.testing.assert_frame_equal(tests[[*keys, "dimension", "n"]], scores[[*keys, "dimension", "n"]])
    close(tests["gap_mean"], scores["gap_mean"])
    missing_rows = 3 if by == "type" else 9  # the 3 dimensions of each group without a type
    assert tests["type"].isna().sum() == missing_rows
    if keys[0] == "type":
        assert tests["type"].iloc[-missing_rows:].isna().all()
    # the p_adj family is the rows of each group, the group of missing values included
    for _, block in tests.groupby(keys, dropna=False, sort=False):
        close(block["p_adj"], p_adjust(block["p_val"].to_numpy()))


@pytest.mark.parametrize("method", ["t", "wilcoxon"])
def test_gap_tests_by_a_segment_missing_for_everyone_is_one_group_of_everyone(method):
    survey = large_survey(branch=np.nan)
    grouped = gap_tests(survey, level="dimension", method=method, by="branch").table
    assert grouped["branch"].isna().all()
    pd.testing.assert_frame_equal(grouped.drop(columns="branch"),
                                  gap_tests(survey, level="dimension", method=method).table)


def test_compare_segments_refuses_a_segment_missing_for_everyone():
    with pytest.raises(ServgapError, match="^The segment 'branch' is missing for every respondent, so it "
                                           "makes no groups to compare.$"):
        compare_segments(large_survey(branch=np.nan), "branch")


@pytest.mark.parametrize("method", ["welch", "anova", "kruskal"])
@pytest.mark.parametrize("level", ["item", "overall"])
def test_compare_segments_leaves_out_respondents_without_a_segment_value(method, level):
    survey = large_survey(type=["new", None, "old", "new", "old", "old"] * 10)
    message = (r"^compare_segments left out 10 of 60 respondents: their segment 'type' is missing, so they "
               r"belong to no compared group\.$")
    with pytest.warns(ServgapWarning, match=message) as caught:
        result = compare_segments(survey, "type", level=level, method=method)
    assert [w.category for w in caught] == [ServgapWarning]
    assert result.segment_values == ("new", "old")
    expected = compare_segments(survey.subset(type=["new", "old"]), "type", level=level, method=method)
    pd.testing.assert_frame_equal(result.table, expected.table)
    pd.testing.assert_frame_equal(result.posthoc, expected.posthoc)
    # n counts the 50 respondents with a type only
    pd.testing.assert_frame_equal(result.groups, expected.groups)
    n_groups = result.groups.groupby(result.table.columns[0] if level != "overall" else np.zeros(
        len(result.groups)), sort=False)["n"].sum().to_numpy()
    assert (result.table["n"].to_numpy() == n_groups).all()
    assert result.table["n"].max() <= 50 < gap_tests(survey, level=level).table["n"].max()


@pytest.mark.parametrize("survey,others", [
    (lambda s: s.subset(branch="Jakarta"), ""),
    (lambda s: large_survey(branch=s.segments["branch"].where(s.segments["branch"] == "Jakarta").to_numpy()),
     " (40 more have no value)"),
], ids=["one-value", "others-missing"])
def test_compare_segments_needs_two_groups(surveys, survey, others):
    message = ("^compare_segments needs at least two values of the segment 'branch'; its respondents have "
               f"only 'Jakarta'{others}.$").replace("(", r"\(").replace(")", r"\)")
    with pytest.raises(ServgapError, match=message):
        compare_segments(survey(surveys["large"]), "branch")


def test_segment_values_in_messages_are_plain_python_values():
    only = "^compare_segments needs at least two values of the segment 'g'; its respondents have only "
    for values, shown in [(pd.array([1] * 60, dtype="Int64"), "1."),
                          (pd.array([2, None] * 30, dtype="Int64"), r"2 \(30 more have no value\)."),
                          (np.full(60, 2.5), "2.5."),
                          (pd.array([True] * 60, dtype="boolean"), "True.")]:
        with pytest.raises(ServgapError, match=f"{only}{shown}$"):
            compare_segments(large_survey(g=values), "g")
    small = large_survey(g=pd.array([1] * 57 + [2] * 3, dtype="Int64"))
    with pytest.warns(SmallSampleWarning, match=r"^Segments with fewer than 5 respondents: g = 2 \(overall: "
                                                r"n = 3\)\.$"):
        compare_segments(small, "g", level="overall")


@pytest.mark.parametrize("empty_wave", ["before", "after"])
@pytest.mark.parametrize("method", ["welch", "mannwhitney"])
def test_waves_need_respondents_in_both_waves(surveys, empty_wave, method):
    waves = {"before": surveys["large"], "after": surveys["wave2"]}
    waves[empty_wave] = large_survey("large" if empty_wave == "before" else "wave2", n=0)
    with pytest.raises(ServgapError, match=f"^compare_waves needs respondents in both waves; "
                                           f"`{empty_wave}` has none"):
        compare_waves(waves["before"], waves["after"], method=method)


def test_unknown_segment_message_when_the_survey_has_none():
    survey = servgap.read_survey(pd.read_csv(REF / "survey_large.csv").drop(columns="branch"),
                                 servgap.Instrument("ref", DIMENSIONS), id="id")
    with pytest.raises(ValueError, match=r"^`by` names \['branch'\], which is not a segment of this survey; "
                                         r"its segment columns are none\.$"):
        gap_tests(survey, by="branch")


# -- the score compared: the survey's primary score by default ------------------------------------------
def survey_of(components: tuple, scale=(1, 7)):
    """The large reference answers as a perception-only or adequate/desired/perceived survey."""
    raw = pd.read_csv(REF / "survey_large.csv")
    for item in ["1", "2", "3", "4", "5", "6"]:  # adequate = E, desired = max(E, P) on the same scale
        raw[f"A_{item}"] = raw[f"E_{item}"]
        raw[f"D_{item}"] = raw[[f"E_{item}", f"P_{item}"]].max(axis=1)
    inst = servgap.Instrument("ref", DIMENSIONS, scale=scale, components=components)
    return servgap.read_survey(raw.drop(columns=raw.filter(regex="^E_").columns), inst, id="id",
                               segments=["branch"])


@pytest.mark.parametrize("components", [("perception",), ("adequate", "desired", "perception")],
                         ids=["servperf", "libqual"])
@pytest.mark.parametrize("level", ["dimension", "overall"])
def test_segments_and_waves_default_to_the_primary_score(components, level):
    survey = survey_of(components)
    assert servgap.survey.primary_kind(survey) == "perception"
    values = survey.dimension_scores("perception")
    values = values if level == "dimension" else values.mean(axis=1).to_frame()
    result = compare_segments(survey, "branch", level=level)
    assert result.score == "perception"
    means = values.groupby(survey.segments["branch"]).mean()
    groups = result.groups
    for group in result.segment_values:
        close(groups.loc[groups["branch"] == group, "perception_mean"], means.loc[group])
    before, after = survey.subset(branch="Jakarta"), survey.subset(branch=["Bandung", "Surabaya"])
    waves = compare_waves(before, after, level=level)
    assert waves.score == "perception"
    close(waves.table["mean_before"], values.loc[before.respondents].mean())
    close(waves.table["diff"], values.loc[after.respondents].mean() - values.loc[before.respondents].mean())


def test_paired_surveys_still_compare_gaps_by_default(surveys):
    default = compare_segments(surveys["large"], "branch")
    assert default.score == "gap"
    explicit = compare_segments(surveys["large"], "branch", score="gap")
    pd.testing.assert_frame_equal(default.table, explicit.table)
    waves = compare_waves(surveys["large"], surveys["wave2"])
    assert waves.score == "gap"
    close(waves.table["mean_before"], surveys["large"].dimension_scores("gap").mean())


@pytest.mark.parametrize("components,score,has", [
    (("perception",), "gap", "['perception']"),
    (("perception",), "expectation", "['perception']"),
    (("adequate", "desired", "perception"), "gap", "['perception', 'adequate', 'desired']"),
])
def test_a_score_the_survey_lacks_names_the_scores_it_has(components, score, has):
    survey = survey_of(components)
    pattern = f"^This survey has no '{score}' scores; it has {has}.".replace("[", r"\[").replace("]", r"\]")
    with pytest.raises(ServgapError, match=pattern):
        compare_segments(survey, "branch", score=score)
    pattern = pattern.replace("^This survey", "^The `before` wave")
    with pytest.raises(ServgapError, match=pattern):
        compare_waves(survey, survey, score=score)


def expectation_only():
    """The large reference survey with its expectation answers only."""
    raw = pd.read_csv(REF / "survey_large.csv")
    inst = servgap.Instrument("ref", DIMENSIONS, components=("expectation",))
    return servgap.read_survey(raw.drop(columns=raw.filter(regex="^P_").columns), inst, id="id",
                               segments=["branch"])


def test_waves_check_the_score_in_both_waves(surveys):
    # the default is the primary score of `before` (the gap), which a SERVPERF wave lacks: the
    # message says where the default came from and names the score both waves have
    with pytest.raises(ServgapError) as error:
        compare_waves(surveys["large"], survey_of(("perception",)))
    assert str(error.value) == ("The `after` wave has no 'gap' scores; it has ['perception']. `score` is "
                                "unset, and the primary score of `before` is 'gap'. Pass "
                                'score="perception", the score both waves have.')
    both = compare_waves(surveys["large"], survey_of(("perception",)), score="perception")
    close(both.table["mean_after"], survey_of(("perception",)).dimension_scores("perception").mean())


@pytest.mark.parametrize("before,after,score,message", [
    (lambda s: survey_of(("perception",)), lambda s: expectation_only(), None,
     "The `after` wave has no 'perception' scores; it has ['expectation']. `score` is unset, and the "
     "primary score of `before` is 'perception'. The waves share no score, so they cannot be compared."),
    (lambda s: expectation_only(), lambda s: survey_of(("perception",)), "expectation",
     "The `after` wave has no 'expectation' scores; it has ['perception']. The waves share no score, so "
     "they cannot be compared."),
    (lambda s: s, lambda s: expectation_only(), None,
     "The `after` wave has no 'gap' scores; it has ['expectation']. `score` is unset, and the primary "
     'score of `before` is \'gap\'. Pass score="expectation", the score both waves have.'),
    (lambda s: s, lambda s: s, "desired",
     "The `before` wave has no 'desired' scores; it has ['gap', 'expectation', 'perception']. Pass "
     "score=\"perception\", or another score both waves have: ['gap', 'expectation', 'perception']."),
], ids=["default-nothing-shared", "explicit-nothing-shared", "default-one-shared", "explicit-several-shared"])
def test_waves_without_the_score_suggest_one_both_have(surveys, before, after, score, message):
    with pytest.raises(ServgapError) as error:
        compare_waves(before(surveys["large"]), after(surveys["large"]), score=score)
    assert str(error.value) == message


def test_segments_say_when_the_unset_score_is_missing():
    with pytest.raises(ServgapError) as error:
        compare_segments(expectation_only(), "branch")
    assert str(error.value) == ("This survey has no 'perception' scores; it has ['expectation']. `score` is "
                                "unset, and the survey's primary score is 'perception'. Pass one of them "
                                "as `score`.")


# -- language of the results ----------------------------------------------------------------------------
def weighted_survey():
    raw = pd.read_csv(REF / "survey_large.csv").assign(w=[1.0, 2.0, 3.0] * 20)
    return servgap.read_survey(raw, servgap.Instrument("ref", DIMENSIONS), id="id", segments=["branch"],
                               weight="w")


RESULTS = {
    "gap_tests-by": (
        lambda s, lang: gap_tests(s, level="dimension", by="branch", lang=lang),
        "Significance of the gaps (dimension)",
        ["Paired t-test of P against E",
         "alternative: two-sided; p_adj: holm over the rows of each branch group",
         "Unweighted tests: survey weights are not used"],
        "Signifikansi kesenjangan (dimensi)",
        ["Uji t berpasangan P terhadap E",
         "hipotesis alternatif: dua sisi; p_adj: holm atas baris-baris setiap kelompok branch",
         "Uji tanpa bobot: bobot survei tidak dipakai"]),
    "gap_tests": (
        lambda s, lang: gap_tests(s, method="wilcoxon", alternative="less", padjust="fdr_bh", lang=lang),
        "Significance of the gaps (item)",
        ["Wilcoxon signed-rank test of P against E",
         "alternative: less; p_adj: fdr_bh over the rows of the table",
         "Unweighted tests: survey weights are not used"],
        "Signifikansi kesenjangan (butir)",
        ["Uji peringkat bertanda Wilcoxon P terhadap E",
         "hipotesis alternatif: satu sisi (kurang dari); p_adj: fdr_bh atas seluruh baris tabel",
         "Uji tanpa bobot: bobot survei tidak dipakai"]),
    "compare_segments-welch": (
        lambda s, lang: compare_segments(s, "branch", lang=lang),
        "Segments compared: branch (dimension)",
        ["Welch one-way ANOVA", "score: gap; p_adj: holm over the rows; post-hoc: Games–Howell",
         "Unweighted tests: survey weights are not used"],
        "Perbandingan antarsegmen: branch (dimensi)",
        ["ANOVA satu arah Welch",
         "skor: kesenjangan; p_adj: holm atas seluruh baris; uji lanjut (post hoc): Games–Howell",
         "Uji tanpa bobot: bobot survei tidak dipakai"]),
    "compare_segments-anova": (
        lambda s, lang: compare_segments(s, "branch", level="overall", score="perception", method="anova",
                                         lang=lang),
        "Segments compared: branch (overall)",
        ["One-way ANOVA", "score: perception; p_adj: holm over the rows; post-hoc: Tukey HSD",
         "Unweighted tests: survey weights are not used"],
        "Perbandingan antarsegmen: branch (keseluruhan)",
        ["ANOVA satu arah",
         "skor: persepsi; p_adj: holm atas seluruh baris; "
         "uji lanjut (post hoc): Tukey HSD (beda nyata jujur)",
         "Uji tanpa bobot: bobot survei tidak dipakai"]),
    "compare_segments-kruskal": (
        lambda s, lang: compare_segments(s, "branch", score="expectation", method="kruskal", lang=lang),
        "Segments compared: branch (dimension)",
        ["Kruskal–Wallis test", "score: expectation; p_adj: holm over the rows; post-hoc: Dunn (Holm)",
         "Unweighted tests: survey weights are not used"],
        "Perbandingan antarsegmen: branch (dimensi)",
        ["Uji Kruskal–Wallis",
         "skor: harapan; p_adj: holm atas seluruh baris; uji lanjut (post hoc): Dunn (koreksi Holm)",
         "Uji tanpa bobot: bobot survei tidak dipakai"]),
    "compare_waves": (
        lambda s, lang: compare_waves(s.subset(branch="Jakarta"), s.subset(branch="Bandung"),
                                      method="mannwhitney", alternative="greater", lang=lang),
        "Change between survey waves (dimension)",
        ["Mann–Whitney (Wilcoxon rank-sum) test",
         "change = after − before; alternative: greater; p_adj: holm over the rows",
         "Unweighted tests: survey weights are not used"],
        "Perubahan antargelombang survei (dimensi)",
        ["Uji Mann–Whitney (jumlah peringkat Wilcoxon)",
         "perubahan = sesudah − sebelum; hipotesis alternatif: satu sisi (lebih dari); p_adj: holm atas "
         "seluruh baris",
         "Uji tanpa bobot: bobot survei tidak dipakai"]),
}


@pytest.mark.parametrize("name", list(RESULTS))
def test_results_speak_english_or_indonesian(name):
    call, en_title, en_notes, id_title, id_notes = RESULTS[name]
    survey = weighted_survey()
    english, indonesian = call(survey, "en"), call(survey, "id")
    assert (english.lang, indonesian.lang) == ("en", "id")
    # English reads as before: title, then the notes, then the table
    assert repr(english).startswith("\n".join([en_title, *en_notes]) + "\n")
    assert repr(indonesian).startswith("\n".join([id_title, *id_notes]) + "\n")
    for text in [en_title, *en_notes]:
        assert text not in repr(indonesian) and text not in indonesian._repr_html_()
    for text in [id_title, *id_notes]:
        assert text in indonesian._repr_html_()
    pd.testing.assert_frame_equal(english.table, indonesian.table)
    # the notes follow the result's lang, not the language it was computed in
    assert repr(dataclasses.replace(english, lang="id")) == repr(indonesian)


def test_posthoc_title_is_in_the_result_language(surveys):
    english = compare_segments(surveys["large"], "branch")
    indonesian = compare_segments(surveys["large"], "branch", lang="id")
    assert "\n\nPairwise comparisons\n" in repr(english)
    assert "\n\nPerbandingan berpasangan\n" in repr(indonesian)
    assert "Pairwise comparisons" not in repr(indonesian) + indonesian._repr_html_()
    assert "<h5>Perbandingan berpasangan</h5>" in indonesian._repr_html_()


def test_every_inference_label_has_an_indonesian_text():
    keys = {k for k in LABELS["en"] if k.startswith("inference.")}
    assert keys == {k for k in LABELS["id"] if k.startswith("inference.")}
    untranslated = [k for k in keys if label(k, "id") == label(k, "en")]
    assert sorted(untranslated) == ["inference.posthoc.welch"]  # a name: Games–Howell in both
