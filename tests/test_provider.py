"""servgap.provider_gaps against R t.test(var.equal = FALSE) (tests/reference/generate_priorities.R)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap.errors import ServgapError

REF = Path(__file__).parent / "reference" / "priorities"
DIMS = {"Speed": ["1", "2"], "Care": ["3", "4", "5"], "Place": ["6", "7"]}
INST = servgap.Instrument("provider", DIMS, scale=(1, 7))


@pytest.fixture(scope="module")
def surveys():
    read = [servgap.read_survey(pd.read_csv(REF / f"provider_{who}.csv", dtype={"id": str}), INST, id="id")
            for who in ("customers", "staff")]
    return tuple(read)


@pytest.fixture(scope="module")
def expected():
    return pd.read_csv(REF / "provider_expected.csv", dtype={"unit": str})


@pytest.mark.parametrize("level", ["item", "dimension"])
def test_welch_tests_equal_r(surveys, expected, level):
    result = servgap.provider_gaps(*surveys, level=level, padjust="none")
    r = expected[expected["level"] == level].reset_index(drop=True)
    table = result.table
    assert table["comparison"].tolist() == r["comparison"].tolist()
    assert table[level].tolist() == r["unit"].tolist()
    assert table["n_customers"].tolist() == r["customer_n"].tolist()
    assert table["n_staff"].tolist() == r["staff_n"].tolist()
    names = {"mean_customers": "customer_mean", "mean_staff": "staff_mean", "diff": "difference"}
    for column in ("mean_customers", "mean_staff", "diff", "statistic", "dof", "p_val", "ci_low", "ci_high"):
        np.testing.assert_allclose(table[column], r[names.get(column, column)], rtol=1e-9, err_msg=column)
    assert (table["p_adj"] == table["p_val"]).all()


def test_p_adj_within_each_comparison(surveys, expected):
    table = servgap.provider_gaps(*surveys, padjust="bonferroni").table
    for kind, rows in table.groupby("comparison"):
        assert rows["p_adj"].tolist() == pytest.approx(np.minimum(rows["p_val"] * 7, 1).tolist())
    # the staff underestimate what customers expect (R data: staff E level 5.0 against 5.6)
    gap1 = table[table["comparison"] == "expectation"]
    assert (gap1["diff"] > 0).sum() >= 5


def test_only_the_kinds_both_hold():
    inst = servgap.Instrument("mini", {"Care": ["1", "2"]}, scale=(1, 5), components=("perception",))
    customers = servgap.read_survey(pd.DataFrame({"P_1": [4, 5, 3], "P_2": [2, 3, 3]}), inst)
    staff = servgap.read_survey(pd.DataFrame({"P_1": [5, 5, 4, 5], "P_2": [4, 4, 5, 3]}), inst)
    table = servgap.provider_gaps(customers, staff).table
    assert table["comparison"].unique().tolist() == ["perception"]
    assert table["diff"].tolist() == pytest.approx([4 - 4.75, 8 / 3 - 4])


def test_different_questionnaires_are_refused(surveys):
    other = servgap.Instrument("other", {"Speed": ["1", "2"]}, scale=(1, 7))
    raw = pd.DataFrame({"E_1": [5, 6], "E_2": [5, 5], "P_1": [4, 4], "P_2": [6, 5]})
    with pytest.raises(ServgapError, match="same items"):
        servgap.provider_gaps(surveys[0], servgap.read_survey(raw, other))
    assert "Kesenjangan 1: harapan" in repr(servgap.provider_gaps(*surveys, lang="id"))
    assert "Kesenjangan 1: harapan" in servgap.provider_gaps(*surveys, lang="id")._repr_html_()
    assert "expectation" in servgap.provider_gaps(*surveys, lang="id").table["comparison"].tolist()
