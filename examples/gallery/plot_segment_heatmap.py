"""
Segment heatmap
===============

Mean gaps of each dimension (rows) in each branch (columns), annotated
(:func:`servgap.plot.segment_heatmap`).
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

from servgap import plot
from servgap.datasets import load_example

survey = load_example()

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.7, 3.6), layout="constrained")
    plot.segment_heatmap(survey, by="branch", lang=lang, ax=ax)

# %%
# Items by customer type.

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.7, 7.5), layout="constrained")
    plot.segment_heatmap(survey, by="customer_type", level="item", lang=lang, ax=ax)
