"""
Gap trend
=========

Dimension gaps across the periods of a segment column, with confidence bands
(:func:`servgap.gap_trend`, :func:`servgap.plot.gap_trend`). The example survey has no wave
column, so the branches stand in for periods here; with real waves pass ``period="wave"``.
"""

import matplotlib.pyplot as plt

from servgap import plot
from servgap.datasets import load_example

survey = load_example()

fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.gap_trend(survey, period="branch", lang=lang, ax=ax)
