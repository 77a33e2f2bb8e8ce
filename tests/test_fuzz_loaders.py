"""Fuzzing the in-memory loaders and everything downstream (issue 13).

Small random frames with hostile cells (text that looks like a formula, other digits, blanks,
NaN and infinities, booleans, repeated and missing ids, hostile segment values) go through
:func:`servgap.from_frames` (two questionnaires joined on an id) and :func:`servgap.from_long`
(one row per answer); on whatever loads, every analysis and every chart runs. The outcome of
each step is a result (NaN with a :class:`~servgap.ServgapWarning` where a statistic is
undefined) or a :class:`~servgap.ServgapError` — never another exception and never a numpy
``RuntimeWarning`` (every other warning is an error here). A loaded survey accounts for every
respondent it was given: the ids kept and the ids logged as excluded are disjoint and together
are the distinct ids offered.

The number of examples comes from the hypothesis profile of tests/conftest.py, as in
tests/test_fuzz_files.py: "ci" by default; ``HYPOTHESIS_PROFILE=dev`` for a deeper run by hand.
"""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import servgap
from servgap import ServgapError, ServgapWarning, plot

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# two dimensions, one of them a single item (validity and the factor model must cope)
INST = servgap.Instrument("mini", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))
ITEMS = ["1", "2", "3"]
HOSTILE_TEXT = ["=1+1", "@SUM(A1)", "-2+3", "$x^2$", "<b>", "Café", "성별", "٣", "３", "4,5",
                " 3 ", "NA", "#N/A", "", "'", ";", "\t", "\n", "True", "Sangat setuju"]

cells = st.one_of(
    st.none(),
    st.integers(-2, 8),
    st.integers(1, 5),
    st.integers(1, 5),  # mostly valid answers, so that something loads and the analyses run
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.booleans(),
    st.sampled_from(HOSTILE_TEXT),
)
hostile_ids = st.one_of(st.sampled_from(["r1", "", " ", "NA", "=A1", "٣", "1.0"]), st.none(), st.integers(0, 3))
segments = st.one_of(st.sampled_from(["x", "y", "Café", "<i>", "$a$", "", "1", "1.0"]), st.integers(0, 2),
                     st.none(), st.floats(allow_nan=True, width=16))


def _respondents(draw, n):
    """Distinct ids, so that most examples load and reach the analyses; sometimes one hostile
    (missing, blank, a formula, a repeat)."""
    respondents = draw(st.lists(st.integers(0, 99), min_size=n, max_size=n, unique=True))
    if draw(st.integers(0, 3)) == 0:
        respondents[draw(st.integers(0, n - 1))] = draw(hostile_ids)
    return respondents


@st.composite
def wide_pair(draw):
    n = draw(st.integers(1, 8))
    respondents = _respondents(draw, n)
    expectation = pd.DataFrame({"id": respondents, **{i: [draw(cells) for _ in range(n)] for i in ITEMS},
                                "seg": [draw(segments) for _ in range(n)]})
    order = draw(st.permutations(range(n)))
    keep = draw(st.integers(0, n))  # the perception questionnaire may miss respondents
    perception = pd.DataFrame({"id": [respondents[k] for k in order[:keep]],
                               **{i: [draw(cells) for _ in range(keep)] for i in ITEMS}})
    return expectation, perception


@st.composite
def long_rows(draw):
    n = draw(st.integers(1, 6))
    rows = []
    for r in _respondents(draw, n):
        segment = draw(segments)
        for item in ITEMS:
            for kind in ("expectation", "perception"):
                if draw(st.integers(0, 4)) > 0:  # most answers present
                    rows.append((r, item, kind, draw(cells), segment))
    if draw(st.integers(0, 3)) == 0:  # a hostile row: unknown item or kind, a repeat, a second segment
        rows.append((draw(hostile_ids), draw(st.sampled_from(ITEMS + ["4", "", "1.0"])),
                     draw(st.sampled_from(["perception", "harapan", "x", ""])), draw(cells), draw(segments)))
    frame = pd.DataFrame(rows, columns=["r", "item", "kind", "answer", "seg"])
    return frame.iloc[draw(st.permutations(range(len(frame))))] if len(frame) else frame


def _step(call):
    """Run one step: a result, or None when servgap refused with a ServgapError."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy RuntimeWarning, pandas, matplotlib: all errors
        warnings.simplefilter("ignore", ServgapWarning)
        try:
            return call()
        except ServgapError:
            return None


def _analyses(survey):
    segs = list(survey.segment_names)
    calls = [
        lambda: servgap.gap_scores(survey, level="item"),
        lambda: servgap.gap_scores(survey, level="dimension", by=segs or None),
        lambda: servgap.gap_scores(survey, level="overall"),
        lambda: servgap.zone_of_tolerance(survey),  # no adequate answers: a ServgapError
        lambda: servgap.reliability(survey),
        lambda: servgap.reliability(survey, "perception", ci="bootstrap", n_boot=20, seed=1),
        lambda: servgap.validity(survey),
        lambda: servgap.factor_check(survey),
        lambda: servgap.cfa(survey),
        lambda: servgap.gap_tests(survey, level="item"),
        lambda: servgap.gap_tests(survey, level="dimension", method="wilcoxon"),
        lambda: servgap.compare_waves(survey, survey),
        lambda: servgap.ipa(survey),
        lambda: servgap.csi(survey),
        lambda: servgap.pgcv(survey),
        lambda: servgap.priorities(survey),
        lambda: servgap.provider_gaps(survey, survey),
        lambda: servgap.drivers(survey, outcome=survey.overall_scores("perception"), n_boot=20, seed=1),
    ]
    for seg in segs:
        calls += [lambda seg=seg: servgap.compare_segments(survey, seg, method=m)
                  for m in ("welch", "anova", "kruskal")]
        calls.append(lambda seg=seg: servgap.gap_trend(survey, period=seg))
    return [_step(call) for call in calls]


def _charts(survey):
    seg = next(iter(survey.segment_names), None)
    charts = [
        lambda ax: plot.gap_bars(survey, level="dimension", ax=ax),
        lambda ax: plot.expectation_perception(survey, level="item", ax=ax),
        lambda ax: plot.segment_heatmap(survey, by=seg, ax=ax) if seg else None,
        lambda ax: plot.reliability_forest(servgap.reliability(survey), ax=ax),
        lambda ax: plot.likert_bars(survey, ax=ax),
        lambda ax: plot.ipa_grid(servgap.ipa(survey), ax=ax),
        lambda ax: plot.zone_of_tolerance(survey, ax=ax),
        lambda ax: plot.csi_gauge(servgap.csi(survey), ax=ax),
        lambda ax: plot.gap_trend(survey, period=seg, ax=ax) if seg else None,
        lambda ax: plot.drivers(servgap.drivers(survey, outcome=survey.overall_scores("perception"),
                                                n_boot=20, seed=1), ax=ax),
    ]
    fig, ax = plt.subplots(figsize=(4, 3))
    try:
        for draw in charts:
            ax.clear()
            _step(lambda draw=draw: draw(ax))
        polar = fig.add_subplot(projection="polar")
        _step(lambda: plot.radar(survey, ax=polar, lang="id"))
    finally:
        plt.close(fig)


def _assert_accounted(survey, offered: set[str]) -> None:
    """Every respondent offered is kept or logged as excluded, never both, and no other."""
    log = survey.exclusions
    excluded = set(log.loc[log["action"] == "excluded_respondent", "respondent"].map(str))
    kept = set(map(str, survey.respondents))
    assert not kept & excluded
    assert kept | excluded == offered


SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                    max_examples=max(10, settings().max_examples // 2))


@SETTINGS
@given(frames=wide_pair())
def test_from_frames_then_every_analysis_and_chart(frames):
    expectation, perception = frames
    survey = _step(lambda: servgap.from_frames(expectation, perception, INST, on="id", segments=["seg"],
                                               on_invalid="missing"))
    event("loaded" if survey is not None else "refused")
    if survey is None:
        return
    _assert_accounted(survey, set(expectation["id"].map(str)) | set(perception["id"].map(str)))
    _analyses(survey)
    _charts(survey)


@SETTINGS
@given(rows=long_rows())
def test_from_long_then_every_analysis_and_chart(rows):
    survey = _step(lambda: servgap.from_long(rows, INST, respondent="r", item="item", kind="kind",
                                             value="answer", segments=["seg"], on_invalid="missing"))
    event("loaded" if survey is not None else "refused")
    if survey is None:
        return
    _assert_accounted(survey, set(rows["r"].map(str)))
    _analyses(survey)
    _charts(survey)


def test_the_outcome_rule_catches_a_runtime_warning():
    """The harness itself: a numpy RuntimeWarning inside a step is an error, not a pass."""
    import pytest

    with pytest.raises(RuntimeWarning):
        _step(lambda: np.log(np.array([-1.0])))
    assert _step(lambda: (_ for _ in ()).throw(ServgapError("refused"))) is None
