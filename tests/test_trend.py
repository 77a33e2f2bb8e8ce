"""servgap.gap_trend against R (tests/reference/generate_priorities.R: lm and t.test)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap.errors import ServgapError

REF = Path(__file__).parent / "reference" / "priorities"
DIMS = {"Speed": ["1", "2"], "Care": ["3", "4", "5"], "Place": ["6", "7"]}


@pytest.fixture(scope="module")
def survey():
    inst = servgap.Instrument("trend", DIMS, scale=(1, 7))
    return servgap.read_survey(pd.read_csv(REF / "trend_input.csv", dtype={"id": str}), inst, id="id",
                               segments=["month"])


@pytest.fixture(scope="module")
def expected():
    return (pd.read_csv(REF / "trend_expected.csv", dtype={"unit": str}),
            pd.read_csv(REF / "trend_periods_expected.csv", dtype={"unit": str}))


@pytest.mark.parametrize("level", ["dimension", "item"])
def test_slopes_equal_r_lm(survey, expected, level):
    result = servgap.gap_trend(survey, period="month", level=level)
    r = expected[0][expected[0]["level"] == level].reset_index(drop=True)
    trend = result.trend
    assert trend[level].tolist() == r["unit"].tolist()
    assert trend["n"].tolist() == r["n"].tolist()
    assert trend["dof"].tolist() == r["dof"].tolist()
    for column in ("slope", "slope_se", "statistic", "p_val"):
        np.testing.assert_allclose(trend[column], r[column], rtol=1e-9, err_msg=column)


@pytest.mark.parametrize("level", ["dimension", "item"])
def test_period_means_equal_r_t_test(survey, expected, level):
    result = servgap.gap_trend(survey, period="month", level=level)
    r = expected[1][expected[1]["level"] == level]
    merged = result.table.merge(r, left_on=["period", level], right_on=["period", "unit"], suffixes=("", "_r"))
    assert len(merged) == len(result.table) == len(r)
    assert result.periods == ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05")
    assert merged["period_index"].tolist() == [result.periods.index(p) + 1 for p in merged["period"]]
    assert (merged["n"] == merged["n_r"]).all()
    for column in ("gap_mean", "ci_low", "ci_high"):
        np.testing.assert_allclose(merged[column], merged[f"{column}_r"], rtol=1e-9, err_msg=column)


def test_trend_by_group_and_period_order_by_hand():
    inst = servgap.Instrument("mini", {"Care": ["1"]}, scale=(1, 7))
    raw = pd.DataFrame({"E_1": [6] * 8, "P_1": [3, 4, 4, 5, 5, 6, 2, 2],
                        "month": ["jan", "jan", "feb", "feb", "mar", "mar", "mar", "jan"],
                        "shop": ["a"] * 6 + ["b", "b"]})
    survey = servgap.read_survey(raw, inst, segments=["month", "shop"])
    result = servgap.gap_trend(survey, period="month", level="dimension", by="shop", periods=["jan", "feb", "mar"])
    a = result.trend[result.trend["shop"] == "a"]
    # shop a: gaps −3, −2 | −2, −1 | −1, 0 at indices 1, 2, 3 → slope 1, residuals ±0.5
    assert a["slope"].tolist() == pytest.approx([1.0])
    assert a["slope_se"].tolist() == pytest.approx([np.sqrt((6 * 0.25 / 4) / 4)])
    b = result.trend[result.trend["shop"] == "b"]
    # shop b: two respondents, a line through both points: no residual degrees of freedom
    assert b["dof"].tolist() == [0] and np.isnan(b["slope_se"].iloc[0])
    assert b["slope"].tolist() == pytest.approx([0.0])
    assert result.table[result.table["shop"] == "a"]["period"].tolist() == ["jan", "feb", "mar"]
    shown = servgap.gap_trend(survey, period="month", lang="id")
    assert "Tren kesenjangan" in repr(shown) and "Tren linear" in repr(shown)
    assert "Tren linear" in shown._repr_html_()


def test_trend_errors(survey):
    with pytest.raises(ValueError, match="`period` names"):
        servgap.gap_trend(survey, period="wave")
    with pytest.raises(ServgapError, match="two distinct periods"):
        servgap.gap_trend(survey, period="month", periods=["2026-01"])
