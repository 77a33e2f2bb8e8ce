"""Every column of every result table is in the one vocabulary of servgap.columns."""

import warnings

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap.columns import is_known
from servgap.datasets import load_example


def _three_column_survey():
    inst = servgap.Instrument("lib", {"Place": ["1", "2"], "Info": ["3"]}, scale=(1, 9),
                              components=("adequate", "desired", "perception"))
    raw = pd.DataFrame({"site": ["x", "x", "y", "y"],
                        "A_1": [5, 6, 4, 7], "D_1": [8, 8, 7, 6], "P_1": [4, 7, 8, 6],
                        "A_2": [6, 6, 5, 5], "D_2": [9, 8, 8, 8], "P_2": [9, 7, 6, 5],
                        "A_3": [3, 4, 5, 6], "D_3": [7, 7, 7, 7], "P_3": [2, 9, 6, 7]})
    return servgap.read_survey(raw, inst, segments=["site"])


def _results():
    survey = load_example()
    jakarta, bandung = survey.subset(branch="Jakarta"), survey.subset(branch="Bandung")
    outcome = survey.dimension_scores("perception").mean(axis=1) + np.linspace(-0.5, 0.5, survey.n_respondents)
    return {
        "gap_scores": servgap.gap_scores(survey, level="dimension", by="branch"),
        "gap_scores_overall": servgap.gap_scores(survey, level="overall"),
        "zone_of_tolerance": servgap.zone_of_tolerance(_three_column_survey(), by="site"),
        "gap_tests_t": servgap.gap_tests(survey, by="customer_type"),
        "gap_tests_wilcoxon": servgap.gap_tests(survey, method="wilcoxon"),
        "compare_segments_welch": servgap.compare_segments(survey, "branch"),
        "compare_segments_kruskal": servgap.compare_segments(survey, "branch", method="kruskal"),
        "compare_waves": servgap.compare_waves(jakarta, bandung),
        "compare_waves_mw": servgap.compare_waves(jakarta, bandung, method="mannwhitney"),
        "reliability": servgap.reliability(survey),
        "validity": servgap.validity(survey),
        "factor_check": servgap.factor_check(survey),
        "cfa": servgap.cfa(survey),
        "ipa": servgap.ipa(survey),
        "csi": servgap.csi(survey),
        "pgcv": servgap.pgcv(survey),
        "priorities": servgap.priorities(survey),
        "gap_trend": servgap.gap_trend(survey, period="customer_type"),
        "drivers": servgap.drivers(survey, outcome=outcome, n_boot=10, seed=1),
        "provider_gaps": servgap.provider_gaps(jakarta, bandung),
    }


@pytest.fixture(scope="module")
def results():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _results()


def test_every_result_column_is_in_the_vocabulary(results):
    segments = set(load_example().segment_names) | {"site"}
    unknown = {}
    for name, result in results.items():
        for attribute, frame in vars(result).items():
            square = isinstance(frame, pd.DataFrame) and list(frame.index) == list(frame.columns)
            if isinstance(frame, pd.DataFrame) and not square:  # a matrix is named by its rows
                bad = [c for c in frame.columns if not is_known(c) and c not in segments]
                if bad:
                    unknown[f"{name}.{attribute}"] = bad
    assert unknown == {}, "\n".join(f"{k}: {v}" for k, v in unknown.items())


def test_the_vocabulary_refuses_the_old_names():
    for old in ("mean_gap", "median_gap", "change", "verdict", "mean_Jakarta", "n_Jakarta"):
        assert not is_known(old)


def test_every_column_is_described_in_both_languages(results):
    from servgap.columns import COLUMNS, COLUMNS_ID, SCORES, STATISTICS, description

    assert set(COLUMNS_ID) == set(COLUMNS)
    for name in COLUMNS:
        english, indonesian = description(name, "en"), description(name, "id")
        assert english == COLUMNS[name] and indonesian == COLUMNS_ID[name] and indonesian.strip(), name
    assert description("gap_sd", "id") == "simpangan baku skor kesenjangan (P − E)"
    assert description("importance_mean") == "mean of the importance"
    for score in SCORES:
        for stat in STATISTICS:
            assert description(f"{score}_{stat}", "en") and description(f"{score}_{stat}", "id")
    # every column of every result table, in both languages (a segment column is not described)
    segments = set(load_example().segment_names) | {"site"}
    for result in results.values():
        for frame in vars(result).values():
            if isinstance(frame, pd.DataFrame) and list(frame.index) != list(frame.columns):
                for column in frame.columns:
                    if column not in segments:
                        assert description(column, "en") and description(column, "id"), column
    assert description("branch", "id") == "" and description("mean_gap") == ""
    with pytest.raises(ValueError, match="lang"):
        description("n", "fr")
