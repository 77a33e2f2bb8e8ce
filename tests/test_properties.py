"""Properties of gap scores that hold for any data (hypothesis)."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import servgap
from servgap import Instrument

INST = Instrument("prop", {"A": ["1", "2"], "B": ["3", "4", "5"]}, scale=(1, 9))
ITEMS = list(INST.items)


def answers(min_rows=2, max_rows=12, missing=True):
    """Pairs of respondents × 5 answer matrices on 1..5 (room for adding up to 4), NaN allowed."""
    cell = st.one_of(st.integers(1, 5).map(float), st.just(np.nan)) if missing else st.integers(1, 5).map(float)
    return st.integers(min_rows, max_rows).flatmap(
        lambda n: st.tuples(arrays(float, (n, 5), elements=cell), arrays(float, (n, 5), elements=cell)))


def build(e, p):
    frame = pd.DataFrame({**{f"E_{i}": e[:, j] for j, i in enumerate(ITEMS)},
                          **{f"P_{i}": p[:, j] for j, i in enumerate(ITEMS)}})
    frame = frame[(~np.isnan(e) | ~np.isnan(p)).any(axis=1)]  # a respondent with no answer is dropped
    frame.insert(0, "id", [f"r{k}" for k in range(len(frame))])
    return frame


def tables(frame):
    survey = servgap.read_survey(frame, INST, id="id")
    return [servgap.gap_scores(survey, level=level).table for level in ("item", "dimension", "overall")]


@given(answers(), st.integers(0, 4))
def test_adding_a_constant_to_e_and_p_leaves_gaps_unchanged(data, shift):
    e, p = data
    frame = build(e, p)
    if frame.empty:
        return
    shifted = frame.copy()
    shifted.iloc[:, 1:] = shifted.iloc[:, 1:] + shift
    before, after = servgap.read_survey(frame, INST, id="id"), servgap.read_survey(shifted, INST, id="id")
    pd.testing.assert_frame_equal(before.gaps, after.gaps)
    for a, b in zip(tables(frame), tables(shifted)):
        np.testing.assert_allclose(a["gap_mean"], b["gap_mean"], atol=1e-12)
        np.testing.assert_allclose(a["expectation_mean"] + shift, b["expectation_mean"], atol=1e-12)


@given(answers(), st.randoms(use_true_random=False))
def test_respondent_order_does_not_change_gap_scores(data, rnd):
    e, p = data
    frame = build(e, p)
    if frame.empty:
        return
    order = list(range(len(frame)))
    rnd.shuffle(order)
    for a, b in zip(tables(frame), tables(frame.iloc[order])):
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-12)


@given(answers(missing=False))
def test_on_complete_data_gap_mean_is_perception_minus_expectation_mean(data):
    e, p = data
    frame = build(e, p)
    for table in tables(frame):
        np.testing.assert_allclose(table["gap_mean"], table["perception_mean"] - table["expectation_mean"],
                                   atol=1e-12)
    item = tables(frame)[0]
    np.testing.assert_allclose(item["gap_mean"], p.mean(axis=0) - e.mean(axis=0), atol=1e-12)
