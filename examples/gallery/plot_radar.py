"""
Radar of the dimensions
=======================

Mean expectation and perception of each dimension on a polar Axes
(:func:`servgap.plot.radar`); the chart needs ``projection="polar"``.
"""

import matplotlib.pyplot as plt

from servgap import plot
from servgap.datasets import load_example

survey = load_example()

fig, axes = plt.subplots(1, 2, figsize=(11, 5), layout="constrained",
                         subplot_kw={"projection": "polar"})
for ax, lang in zip(axes, ["en", "id"]):
    plot.radar(survey, lang=lang, ax=ax)
