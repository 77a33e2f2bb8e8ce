"""zone_of_tolerance against hand-worked cases (PZB 1994: MSA = P - A, MSS = P - D)."""

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import Instrument, ServgapError, read_survey, zone_of_tolerance

INST = Instrument("lib", {"Place": ["1", "2"], "Info": ["3"]}, scale=(1, 9),
                  components=("adequate", "desired", "perception"))


def survey(**kwargs):
    raw = pd.DataFrame({
        "id": ["a", "b", "c", "d"], "site": ["x", "x", "y", "y"],
        "A_1": [5, 6, 4, 7], "D_1": [8, 8, 7, 6], "P_1": [4, 7, 8, 6],
        "A_2": [6, 6, 5, 5], "D_2": [9, 8, 8, 8], "P_2": [9, 7, None, 5],
        "A_3": [3, 4, 5, 6], "D_3": [7, 7, 7, 7], "P_3": [2, 9, 6, 7],
    })
    return read_survey(raw, INST, id="id", segments=["site"], **kwargs)


def test_item_level_by_hand():
    table = zone_of_tolerance(survey()).table.set_index("item")
    # item 1: MSA = -1, 1, 4, -1 -> mean 0.75 ; MSS = -4, -1, 1, 0 -> mean -1
    assert table.loc["1", "n"] == 4
    assert table.loc["1", "adequacy_gap_mean"] == pytest.approx(0.75)
    assert table.loc["1", "superiority_gap_mean"] == pytest.approx(-1.0)
    assert table.loc["1", "zone_width"] == pytest.approx((3 + 2 + 3 - 1) / 4)
    assert table.loc["1", "position"] == "within"
    # respondents: a below (P<A), b within, c above (P>D), d: D<A (inverted), MSA=-1 -> below
    assert table.loc["1", ["share_below", "share_within", "share_above"]].tolist() == [0.5, 0.25, 0.25]
    assert table.loc["1", "n_inverted"] == 1
    # item 2: respondent c has no perception -> 3 respondents
    assert table.loc["2", "n"] == 3
    assert table.loc["2", "perception_mean"] == pytest.approx(7)
    assert table.loc["2", "adequate_mean"] == pytest.approx(17 / 3)


def test_dimension_level_uses_respondent_means():
    table = zone_of_tolerance(survey(), level="dimension").table.set_index("dimension")
    # Place, respondent c: only item 1 complete -> A 4, D 7, P 8
    a = np.mean([(5 + 6) / 2, (6 + 6) / 2, 4, (7 + 5) / 2])
    p = np.mean([(4 + 9) / 2, (7 + 7) / 2, 8, (6 + 5) / 2])
    assert table.loc["Place", "adequate_mean"] == pytest.approx(a)
    assert table.loc["Place", "adequacy_gap_mean"] == pytest.approx(p - a)
    table2 = zone_of_tolerance(survey(min_items=2), level="dimension").table.set_index("dimension")
    assert table2.loc["Place", "n"] == 3


def test_by_segment():
    table = zone_of_tolerance(survey(), by="site").table
    assert table.columns[:2].tolist() == ["site", "item"]
    x1 = table[(table["site"] == "x") & (table["item"] == "1")].iloc[0]
    assert x1["adequacy_gap_mean"] == pytest.approx((-1 + 1) / 2)


def test_needs_adequate_and_desired():
    with pytest.raises(ServgapError, match="needs adequate, desired and perception"):
        zone_of_tolerance(servgap.datasets.load_example())


def test_bad_level():
    with pytest.raises(ValueError, match="`level` must be one of"):
        zone_of_tolerance(survey(), level="overall")


def test_libqual_preset_loads_three_columns():
    raw = pd.DataFrame({**{f"A_{i}": [5] for i in range(1, 23)}, **{f"D_{i}": [8] for i in range(1, 23)},
                        **{f"P_{i}": [4] for i in range(1, 23)}})
    s = read_survey(raw, "libqual22")
    table = zone_of_tolerance(s, level="dimension").table
    assert table["dimension"].tolist() == ["Affect of Service", "Information Control", "Library as Place"]
    assert (table["position"] == "below").all() and (table["adequacy_gap_mean"] == -1).all()


def test_result_text_in_indonesian():
    text = repr(zone_of_tolerance(survey(), level="dimension", lang="id"))
    assert text.startswith("Zona toleransi (dimensi)")
    assert "kesenjangan kecukupan = P − harapan minimum" in text
    assert "adequacy gap" not in text
    assert repr(zone_of_tolerance(survey())).startswith("Zone of tolerance (item)\nadequacy gap = P − adequate")
