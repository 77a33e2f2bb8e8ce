"""
Gap bars
========

The mean gap P − E of each dimension with its 95 % confidence interval, shortfalls and
surpluses in distinct colours (:func:`servgap.plot.gap_bars`), then the same per branch.
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

import servgap
from servgap import plot
from servgap.datasets import load_example

survey = load_example()
gaps = servgap.gap_scores(survey, level="dimension")

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.2, 3.4), layout="constrained")
    plot.gap_bars(gaps, instrument=survey.instrument, lang=lang, ax=ax)

# %%
# Per branch: one colour per branch, dimensions in questionnaire order.

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.2, 4.6), layout="constrained")
    plot.gap_bars(survey, level="dimension", by="branch", order="instrument", lang=lang, ax=ax)

# %%
# Per item: the 22 items, largest shortfall at the top.

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.7, 7), layout="constrained")
    plot.gap_bars(survey, level="item", lang=lang, ax=ax)
