"""
Segment heatmap
===============

Mean gaps of each dimension (rows) in each branch (columns), annotated
(:func:`servgap.plot.segment_heatmap`).
"""

import matplotlib.pyplot as plt

from servgap import plot
from servgap.datasets import load_example

survey = load_example()

fig, axes = plt.subplots(1, 2, figsize=(12, 3.6), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.segment_heatmap(survey, by="branch", lang=lang, ax=ax)

# %%
# Items by customer type.

fig, axes = plt.subplots(1, 2, figsize=(12, 7.5), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.segment_heatmap(survey, by="customer_type", level="item", lang=lang, ax=ax)
