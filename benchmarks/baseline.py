"""The full analysis as a user would write it with pandas + pingouin + scipy (the baseline).

Reads the CSV; per item P − E with mean, SD and count; per dimension the respondent mean gap,
grouped by branch with mean, SD and count; pingouin.cronbach_alpha for E, P and gap of each
dimension; per item a paired pingouin.ttest and scipy.stats.wilcoxon; pingouin.multicomp
(Holm); per dimension a one-sample pingouin.ttest and pingouin.welch_anova across branches.
"""

import pandas as pd
import pingouin as pg
import scipy.stats as st

from generate import DIMENSIONS


def baseline(path):
    d = pd.read_csv(path)
    out = {}
    for i in range(1, 23):
        d[f"G_{i}"] = d[f"P_{i}"] - d[f"E_{i}"]
    out["item_gaps"] = d[[f"G_{i}" for i in range(1, 23)]].agg(["mean", "std", "count"])
    for dim, items in DIMENSIONS.items():
        d[f"GD_{dim}"] = d[[f"G_{i}" for i in items]].mean(axis=1)
    out["dim_by_branch"] = d.groupby("branch")[[f"GD_{k}" for k in DIMENSIONS]].agg(["mean", "std", "count"])
    for score in "EPG":
        for dim, items in DIMENSIONS.items():
            out[f"alpha_{score}_{dim}"] = pg.cronbach_alpha(d[[f"{score}_{i}" for i in items]])
    pvals = []
    for i in range(1, 23):
        t = pg.ttest(d[f"P_{i}"], d[f"E_{i}"], paired=True)
        pvals.append(t["p_val"].iloc[0] if "p_val" in t else t["p-val"].iloc[0])
        out[f"wilcoxon_{i}"] = st.wilcoxon(d[f"P_{i}"], d[f"E_{i}"])
    out["holm"] = pg.multicomp(pvals, method="holm")
    for dim in DIMENSIONS:
        out[f"t_{dim}"] = pg.ttest(d[f"GD_{dim}"], 0)
        out[f"welch_{dim}"] = pg.welch_anova(data=d, dv=f"GD_{dim}", between="branch")
    return out
