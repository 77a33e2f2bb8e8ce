"""The same full analysis with servgap (what benchmarks/run.py times against baseline.py)."""

import servgap as sg

from generate import INSTRUMENT


def servgap_analysis(path):
    s = sg.read_survey(path, INSTRUMENT, id="respondent", segments=["branch"])
    out = {
        "item_gaps": sg.gap_scores(s, level="item"),
        "dim_by_branch": sg.gap_scores(s, level="dimension", by="branch"),
        "alpha": sg.reliability(s, score="all"),
        "t": sg.gap_tests(s, level="item", method="t", padjust="holm"),
        "wilcoxon": sg.gap_tests(s, level="item", method="wilcoxon", padjust="holm"),
        "t_dimension": sg.gap_tests(s, level="dimension", method="t"),
        "welch": sg.compare_segments(s, "branch", level="dimension", method="welch"),
    }
    return out
