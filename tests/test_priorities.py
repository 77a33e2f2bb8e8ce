"""servgap.ipa, csi, pgcv and priorities: hand-worked cases and two printed Indonesian thesis tables."""

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap.errors import ServgapError
from servgap.i18n import LABELS
from servgap.priorities import ACTION_RULE, CSI_BANDS, QUADRANT_CODES, band_of


def column_with_sum(total: int, n: int) -> np.ndarray:
    """n whole answers (1–5) that add up to ``total``: as even as possible."""
    base, extra = divmod(total, n)
    return base + (np.arange(n) < extra).astype(int)


def column_with_mean(mean: float, n: int) -> np.ndarray:
    """n whole answers whose mean is ``mean`` exactly when mean·n is a whole number."""
    return column_with_sum(int(round(mean * n)), n)


# -- tingkat kesesuaian: PPN Karangantu (2011) ----------------------------------------------------
# Thesis on the fishing port PPN Karangantu (2011), table of tingkat kesesuaian per attribute;
# printed at https://text-id.123dok.com/document/7qvp6780q-importance-and-performance-analysis-ipa.html
# (numbers typed in /work/shared/data/published/ipa-conformity-karangantu.csv). Columns: ΣX
# (kinerja, performance), ΣY (kepentingan, importance) and the printed Tk = ΣX/ΣY × 100.
KARANGANTU = [(91, 118, 77.1), (99, 122, 81.1), (108, 124, 87.1), (108, 124, 87.1), (98, 112, 87.5),
              (119, 133, 89.5), (96, 107, 89.7), (120, 133, 90.2), (100, 110, 90.9), (117, 128, 91.4),
              (130, 132, 98.5)]


@pytest.fixture(scope="module")
def karangantu():
    n = 30  # any n with ΣY ≤ 5n and ΣX ≥ n works: the conformity depends on the sums only
    raw = {}
    for i, (sum_x, sum_y, _) in enumerate(KARANGANTU, start=1):
        raw[f"P_{i}"] = column_with_sum(sum_x, n)
        raw[f"I_{i}"] = np.roll(column_with_sum(sum_y, n), i)  # pairs differ from item to item
    inst = servgap.Instrument("port", {"Port": [str(i) for i in range(1, len(KARANGANTU) + 1)]}, scale=(1, 5))
    return servgap.read_survey(pd.DataFrame(raw), inst, expectation=None, importance="I_{item}")


def test_conformity_reproduces_the_printed_karangantu_table(karangantu):
    table = servgap.ipa(karangantu, importance="importance").table
    sums = np.array([(x, y) for x, y, _ in KARANGANTU], dtype=float)
    assert table["n"].tolist() == [30] * len(KARANGANTU)
    np.testing.assert_allclose(table["performance_mean"] * 30, sums[:, 0])
    np.testing.assert_allclose(table["importance_mean"] * 30, sums[:, 1])
    assert table["conformity"].round(1).tolist() == [tk for _, _, tk in KARANGANTU]
    np.testing.assert_allclose(table["conformity"], sums[:, 0] / sums[:, 1] * 100, rtol=1e-12)


def test_karangantu_quadrants_by_hand(karangantu):
    result = servgap.ipa(karangantu, importance="importance")
    sums = np.array([(x, y) for x, y, _ in KARANGANTU], dtype=float) / 30
    x, y = sums[:, 0].mean(), sums[:, 1].mean()  # mean of the performance and importance means
    assert result.crosshair == pytest.approx((x, y))
    # item 1: ΣX 91 (3.03 < x = 3.60), ΣY 118 (3.93 < y = 4.08): low priority;
    # item 11: ΣX 130, ΣY 132: both high; item 7: ΣX 96, ΣY 107: both low; item 6: high/high
    quadrants = dict(zip(result.table["item"], result.table["quadrant"]))
    assert (quadrants["1"], quadrants["11"], quadrants["7"], quadrants["6"]) == (3, 2, 3, 2)
    expected = np.select([(sums[:, 1] >= y) & (sums[:, 0] < x), (sums[:, 1] >= y) & (sums[:, 0] >= x),
                          (sums[:, 1] < y) & (sums[:, 0] < x)], [1, 2, 3], 4)
    assert result.table["quadrant"].tolist() == expected.tolist()
    assert result.table["quadrant_code"].tolist() == [QUADRANT_CODES[q] for q in expected]


# -- CSI weights: Universitas Sumatera Utara, n = 79 -------------------------------------------
# USU thesis, CSI table per attribute, printed at
# https://text-id.123dok.com/document/6zk6l18yx-perhitungan-pengumpulan-dan-pengolahan-data.html
# (first 16 attributes; /work/shared/data/published/csi-weights-usu.csv): MIS, WF (percent,
# ΣMIS = 98.0157 over all attributes), MSS, WS = WF × MSS.
USU = [(3.865, 3.9433, 3.977, 15.6823), (3.9201, 3.9995, 4.2449, 16.9774), (4.0118, 4.093, 4.0327, 16.5057),
       (3.9516, 4.0316, 4.1732, 16.8244), (3.9472, 4.0271, 3.9929, 16.0798), (4.0694, 4.1518, 4.0989, 17.0178),
       (3.939, 4.0187, 3.5631, 14.3191), (3.7432, 3.819, 4.0312, 15.3953), (4.0653, 4.1476, 3.9784, 16.5006),
       (3.9965, 4.0774, 4.2115, 17.1723), (3.8252, 3.9026, 4.0713, 15.8888), (3.7433, 3.819, 3.6506, 13.9419),
       (4.0227, 4.1041, 3.9111, 16.0513), (3.9514, 4.0313, 4.2632, 17.1866), (3.8801, 3.9586, 3.9528, 15.6478),
       (4.0803, 4.1629, 4.1932, 17.456)]
USU_SUM_MIS = 98.0157


@pytest.fixture(scope="module")
def usu():
    # 10,000 respondents make every printed 4-decimal mean exact; the 9 unprinted attributes
    # carry the rest of ΣMIS (35.0036 = 8 × 3.8893 + 3.8892).
    n = 10_000
    rest = USU_SUM_MIS - sum(m for m, _, _, _ in USU)
    assert rest == pytest.approx(35.0036)
    rest_means = [3.8893] * 8 + [3.8892]
    raw = {}
    for i, (mis, _, mss, _) in enumerate(USU, start=1):
        raw[f"I_{i}"], raw[f"P_{i}"] = column_with_mean(mis, n), np.roll(column_with_mean(mss, n), 7 * i)
    for j, mis in enumerate(rest_means, start=len(USU) + 1):
        raw[f"I_{j}"], raw[f"P_{j}"] = column_with_mean(mis, n), column_with_mean(4.0, n)
    items = [str(i) for i in range(1, len(USU) + len(rest_means) + 1)]
    inst = servgap.Instrument("usu", {"All": items}, scale=(1, 5))
    return servgap.read_survey(pd.DataFrame(raw), inst, expectation=None, importance="I_{item}")


def test_csi_weights_reproduce_the_printed_usu_table(usu):
    result = servgap.csi(usu, importance="importance")
    table = result.table.iloc[:len(USU)]
    printed = np.array(USU)
    np.testing.assert_allclose(table["importance_mean"], printed[:, 0], atol=1e-12)
    assert result.table["importance_mean"].sum() == pytest.approx(USU_SUM_MIS, abs=1e-9)
    # printed WF in percent, rounded to 4 decimals from MIS values with more digits than printed
    np.testing.assert_allclose(table["weighting_factor"] * 100, printed[:, 1], atol=1e-4)
    np.testing.assert_allclose(table["weighted_score"] * 100, printed[:, 3], atol=1e-3)
    assert result.table["weighting_factor"].sum() == pytest.approx(1.0)
    assert result.csi == pytest.approx((result.table["weighted_score"]).sum() / 5 * 100)


def test_csi_by_hand_and_the_bands():
    inst = servgap.Instrument("mini", {"Care": ["1", "2", "3"]}, scale=(1, 5))
    raw = pd.DataFrame({"E_1": [5, 3], "P_1": [4, 4], "E_2": [2, 2], "P_2": [1, 2], "E_3": [3, 3], "P_3": [5, 5]})
    result = servgap.csi(servgap.read_survey(raw, inst))
    # MIS 4, 2, 3 (Σ 9); MSS 4, 1.5, 5; WS = 16/9, 3/9, 15/9 → Σ 34/9; CSI = 34/9/5 × 100
    assert result.table["weighting_factor"].tolist() == pytest.approx([4 / 9, 2 / 9, 3 / 9])
    assert result.table["weighted_score"].tolist() == pytest.approx([16 / 9, 3 / 9, 15 / 9])
    assert result.csi == pytest.approx(34 / 9 / 5 * 100)  # 75.56
    assert result.band == "satisfied"
    assert "Satisfied" in repr(result)
    assert "Puas" in repr(servgap.csi(servgap.read_survey(raw, inst), lang="id"))
    assert [band_of(v, CSI_BANDS) for v in (100, 81, 80.99, 66, 65.99, 51, 50.99, 35, 34.99, 0)] == [
        "very_satisfied", "very_satisfied", "satisfied", "satisfied", "fairly_satisfied", "fairly_satisfied",
        "less_satisfied", "less_satisfied", "not_satisfied", "not_satisfied"]
    custom = servgap.csi(servgap.read_survey(raw, inst), bands={"good": 75, "poor": 0})
    assert custom.band == "good" and "good" in repr(custom)
    with pytest.raises(ValueError, match="lowest band"):
        servgap.csi(servgap.read_survey(raw, inst), bands={"good": 75})


# -- IPA by hand ----------------------------------------------------------------------------------

def small_survey():
    """Four items, one per quadrant; item means E 5, 5, 3, 3.5 and P 2, 4.5, 2.5, 5."""
    inst = servgap.Instrument("mini", {"A": ["1", "2"], "B": ["3", "4"]}, scale=(1, 5))
    raw = pd.DataFrame({"E_1": [5, 5], "P_1": [2, 2], "E_2": [5, 5], "P_2": [5, 4],
                        "E_3": [3, 3], "P_3": [2, 3], "E_4": [3, 4], "P_4": [5, 5],
                        "branch": ["x", "y"]})
    return servgap.read_survey(raw, inst, segments=["branch"])


def test_ipa_by_hand():
    result = servgap.ipa(small_survey())
    assert result.crosshair == pytest.approx(((2 + 4.5 + 2.5 + 5) / 4, (5 + 5 + 3 + 3.5) / 4))
    assert result.table["quadrant"].tolist() == [1, 2, 3, 4]
    assert result.table["conformity"].tolist() == pytest.approx([40, 90, 2.5 / 3 * 100, 5 / 3.5 * 100])
    dims = servgap.ipa(small_survey(), level="dimension", crosshair="midpoint").table
    # dimension A: E 5, P (2 + 4.5)/2 = 3.25; B: E 3.25, P 3.75; midpoint 3 on both axes
    assert dims["importance_mean"].tolist() == pytest.approx([5, 3.25])
    assert dims["performance_mean"].tolist() == pytest.approx([3.25, 3.75])
    assert dims["quadrant"].tolist() == [2, 2]


def test_a_dimension_rests_on_the_items_answered_in_both():
    inst = servgap.Instrument("mini", {"A": ["1", "2"]}, scale=(1, 5))
    # respondent 1 rated the importance of item 2 but not its performance: item 2 is left out
    # of both of their dimension means (I 5, P 2), not only of the performance one (I 4, P 2)
    raw = pd.DataFrame({"I_1": [5, 4], "P_1": [2, 4], "I_2": [3, 2], "P_2": [np.nan, 4]})
    survey = servgap.read_survey(raw, inst, expectation=None, importance="I_{item}")
    table = servgap.ipa(survey, importance="importance", level="dimension").table
    assert table["n"].tolist() == [2]
    assert table["importance_mean"].tolist() == pytest.approx([(5 + 3) / 2])  # (5 + (4 + 2)/2) / 2
    assert table["performance_mean"].tolist() == pytest.approx([(2 + 4) / 2])
    assert table["conformity"].tolist() == pytest.approx([6 / 8 * 100])
    # with min_items=2 respondent 1 has one paired item: no dimension score
    strict = servgap.read_survey(raw, inst, expectation=None, importance="I_{item}", min_items=2)
    table = servgap.ipa(strict, importance="importance", level="dimension").table
    assert table["n"].tolist() == [1] and table["importance_mean"].tolist() == pytest.approx([3])


def test_a_value_on_the_crosshair_counts_as_high():
    survey = small_survey()
    # item 2 sits exactly on (4.5, 5): high importance, high performance → quadrant 2
    table = servgap.ipa(survey, crosshair=(4.5, 5)).table
    assert table["quadrant"].tolist() == [1, 2, 3, 4]
    table = servgap.ipa(survey, crosshair=(4.5000001, 5.0000001)).table
    assert table["quadrant"].tolist() == [3, 3, 3, 4]
    # the crosshair computed as a mean of means lands on an item up to rounding: still high
    inst = servgap.Instrument("m", {"A": ["1", "2", "3"]}, scale=(1, 7))
    raw = pd.DataFrame({"E_1": [1.1], "P_1": [1.1], "E_2": [2.2], "P_2": [2.2], "E_3": [3.3], "P_3": [3.3]})
    assert servgap.ipa(servgap.read_survey(raw, inst)).table["quadrant"].tolist() == [3, 2, 2]


def test_ipa_by_group_uses_one_grid_and_translates_in_display():
    result = servgap.ipa(small_survey(), by="branch", lang="id")
    overall = servgap.ipa(small_survey())
    assert result.crosshair == overall.crosshair
    x = result.table[result.table["branch"] == "x"]
    assert x["performance_mean"].tolist() == [2, 5, 2, 5]
    assert x["importance_mean"].tolist() == [5, 5, 3, 3]
    assert set(result.table["quadrant_code"]) <= set(QUADRANT_CODES.values())  # codes in the table
    text = repr(result)
    assert LABELS["id"]["priorities.quadrant.concentrate_here"] in text
    assert "concentrate_here" not in text and "concentrate_here" not in result._repr_html_()
    assert "Prioritas Utama" in result._repr_html_()


def test_ipa_errors():
    survey = small_survey()
    with pytest.raises(ServgapError, match="importance answers"):
        servgap.ipa(survey, importance="importance")
    with pytest.raises(ValueError, match="`crosshair` must be"):
        servgap.ipa(survey, crosshair=(1, 2, 3))
    with pytest.raises(ValueError, match="`importance` must be one of"):
        servgap.ipa(survey, importance="weight")


# -- PGCV ----------------------------------------------------------------------------------------

def test_pgcv_by_hand():
    table = servgap.pgcv(small_survey()).table
    mis, mss = np.array([5, 5, 3, 3.5]), np.array([2, 4.5, 2.5, 5])
    assert table["acv"].tolist() == pytest.approx(mis * mss)
    assert table["udcv"].tolist() == pytest.approx(mis * 5)
    assert table["pgcv"].tolist() == pytest.approx(mis * 5 - mis * mss)  # 15, 2.5, 7.5, 0
    assert table["rank"].tolist() == [1, 3, 2, 4]


# -- the action plan ---------------------------------------------------------------------------

def plan_survey():
    """Six items, 8 respondents: consistent shortfalls on items 1, 2 and 4, none on 3, 5 and 6
    (perception equals expectation there)."""
    inst = servgap.Instrument("plan", {"A": ["1", "2", "3"], "B": ["4", "5", "6"]}, scale=(1, 7))
    wiggle = np.array([0, 1, 0, 1, 0, 1, 0, 1])
    raw = {"E_1": 6 + wiggle, "P_1": 2 + 0 * wiggle, "E_2": 6 + wiggle, "P_2": 5 + 0 * wiggle,
           "E_3": 6 + wiggle, "P_3": 6 + wiggle, "E_4": 3 + wiggle, "P_4": 1 + 0 * wiggle,
           "E_5": 3 + wiggle, "P_5": 3 + wiggle, "E_6": 2 + wiggle, "P_6": 2 + wiggle}
    return servgap.read_survey(pd.DataFrame(raw), inst)


def test_priorities_applies_the_rule():
    plan = servgap.priorities(plan_survey(), padjust="none")
    table = plan.table.set_index("item")
    # item means E: 6.5, 6.5, 6.5, 3.5, 3.5, 2.5 (mean 4.833); P: 2, 5, 6.5, 1, 3.5, 2.5 (mean 3.417)
    assert table.loc[["1", "2", "3", "4", "5", "6"], "quadrant"].tolist() == [1, 2, 2, 3, 4, 3]
    assert table.loc[["1", "2", "3", "4", "5", "6"], "shortfall"].tolist() == [True, True, False, True,
                                                                              False, False]
    assert table.loc[["1", "2", "3", "4", "5", "6"], "action"].tolist() == [
        "fix_first", "improve", "maintain", "monitor", "reduce_effort", "monitor"]
    # ranked by action, then by PGCV: monitor items 4 (MIS 3.5·(7 − 1)) before 6 (2.5·(7 − 2.5))
    assert plan.table["item"].tolist() == ["1", "2", "4", "6", "3", "5"]
    assert plan.table["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    gaps = servgap.gap_scores(plan_survey()).table.set_index("item")["gap_mean"]
    assert table["gap_mean"].to_dict() == pytest.approx(gaps.to_dict())
    assert table["pgcv_rank"].min() == 1
    assert "Fix first" in repr(plan) and "Perbaiki segera" in repr(servgap.priorities(plan_survey(), lang="id"))


def test_priorities_without_gaps_follows_the_quadrant():
    inst = servgap.Instrument("mini", {"A": ["1", "2", "3", "4"]}, scale=(1, 5))
    raw = pd.DataFrame({"I_1": [5, 5], "P_1": [2, 2], "I_2": [5, 5], "P_2": [5, 4],
                        "I_3": [3, 3], "P_3": [2, 3], "I_4": [3, 4], "P_4": [5, 5]})
    survey = servgap.read_survey(raw, inst, expectation=None, importance="I_{item}")
    table = servgap.priorities(survey, importance="importance").table.set_index("item")
    assert table["shortfall"].isna().all()
    assert "gap_mean" not in table.columns
    assert [table.loc[i, "action"] for i in "1234"] == [ACTION_RULE[q]["unknown"] for q in (1, 2, 3, 4)]
    assert [table.loc[i, "action"] for i in "1234"] == ["fix_first", "maintain", "monitor", "reduce_effort"]


def test_priorities_uses_the_zone_of_tolerance():
    inst = servgap.Instrument("lib", {"A": ["1", "2"]}, scale=(1, 9),
                              components=("adequate", "desired", "perception"))
    # item 1: desired 8, perception 3 < adequate 5 (below the zone); item 2: desired 6, P 7 (above)
    raw = pd.DataFrame({"A_1": [5, 5], "D_1": [8, 8], "P_1": [3, 3], "A_2": [4, 4], "D_2": [6, 6], "P_2": [7, 7]})
    plan = servgap.priorities(servgap.read_survey(raw, inst), importance="desired").table.set_index("item")
    assert plan["zone_position"].tolist() == ["below", "above"]
    assert plan["shortfall"].tolist() == [True, False]
    assert plan["action"].tolist() == ["fix_first", "reduce_effort"]


def test_every_code_has_labels_in_both_languages():
    codes = ([f"priorities.quadrant.{c}" for c in QUADRANT_CODES.values()]
             + [f"priorities.band.{c}" for c in CSI_BANDS]
             + [f"priorities.action.{a}" for rule in ACTION_RULE.values() for a in rule.values()])
    for key in codes:
        assert key in LABELS["en"] and key in LABELS["id"], key
    en = {k for k in LABELS["en"] if k.startswith("priorities.")}
    assert en == {k for k in LABELS["id"] if k.startswith("priorities.")}
