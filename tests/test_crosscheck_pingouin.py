"""A second, independent reference next to R: pingouin's implementations on the example survey."""

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

import servgap

SURVEY = servgap.datasets.load_example()
DIMENSIONS = SURVEY.instrument.dimensions


@pytest.mark.parametrize("dimension", list(DIMENSIONS))
def test_alpha_and_feldt_interval_equal_pingouin_listwise(dimension):
    table = servgap.reliability(SURVEY, score="perception", missing="listwise").table
    row = table[table["dimension"] == dimension].iloc[0]
    items = SURVEY.perception[list(DIMENSIONS[dimension])].dropna()
    alpha, ci = pg.cronbach_alpha(data=items, nan_policy="listwise")
    assert row["n"] == len(items)
    assert row["alpha"] == pytest.approx(alpha, abs=1e-12)
    # pingouin rounds its interval to 3 decimals
    assert [row["ci_low"], row["ci_high"]] == pytest.approx(list(ci), abs=5e-4)


@pytest.mark.parametrize("dimension", list(DIMENSIONS))
def test_paired_t_equals_pingouin(dimension):
    table = servgap.gap_tests(SURVEY, level="dimension").table.set_index("dimension")
    e = SURVEY.expectation[list(DIMENSIONS[dimension])]
    p = SURVEY.perception[list(DIMENSIONS[dimension])]
    pair = e.notna() & p.notna()
    e_dim, p_dim = e.where(pair).mean(axis=1), p.where(pair).mean(axis=1)
    keep = e_dim.notna()
    ref = pg.ttest(p_dim[keep], e_dim[keep], paired=True)
    assert table.loc[dimension, "statistic"] == pytest.approx(ref["T"].iloc[0], rel=1e-10)
    assert table.loc[dimension, "p_val"] == pytest.approx(ref["p_val" if "p_val" in ref else "p-val"].iloc[0],
                                                          rel=1e-8)
    ci = ref.filter(like="CI").iloc[0].iloc[0]
    assert [table.loc[dimension, "ci_low"], table.loc[dimension, "ci_high"]] == pytest.approx(list(ci), abs=5e-3)


def _long_gaps():
    dims = SURVEY.dimension_scores("gap")
    frame = dims.join(SURVEY.segments["branch"])
    return frame.melt(id_vars="branch", var_name="dimension", value_name="gap").dropna()


@pytest.mark.parametrize("method, reference", [("welch", pg.welch_anova), ("kruskal", pg.kruskal)])
def test_segment_comparison_equals_pingouin(method, reference):
    table = servgap.compare_segments(SURVEY, "branch", method=method).table.set_index("dimension")
    long = _long_gaps()
    for dimension in DIMENSIONS:
        ref = reference(data=long[long["dimension"] == dimension], dv="gap", between="branch")
        statistic = ref["F" if method == "welch" else "H"].iloc[0]
        p_val = ref["p_unc" if "p_unc" in ref else "p-unc"].iloc[0]
        assert table.loc[dimension, "statistic"] == pytest.approx(statistic, rel=1e-9)
        assert table.loc[dimension, "p_val"] == pytest.approx(p_val, rel=1e-7)
