"""
Gap bars
========

The mean gap P − E of each dimension with its 95 % confidence interval, shortfalls and
surpluses in distinct colours (:func:`servgap.plot.gap_bars`), then the same per branch.
"""

import matplotlib.pyplot as plt

import servgap
from servgap import plot
from servgap.datasets import load_example

survey = load_example()
gaps = servgap.gap_scores(survey, level="dimension")

fig, axes = plt.subplots(1, 2, figsize=(11, 3.4), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.gap_bars(gaps, instrument=survey.instrument, lang=lang, ax=ax)

# %%
# Per branch: one colour per branch, dimensions in questionnaire order.

fig, axes = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.gap_bars(survey, level="dimension", by="branch", order="instrument", lang=lang, ax=ax)

# %%
# Per item: the 22 items, largest shortfall at the top.

fig, axes = plt.subplots(1, 2, figsize=(12, 7), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.gap_bars(survey, level="item", lang=lang, ax=ax)
