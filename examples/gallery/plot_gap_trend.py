"""
Gap trend
=========

Dimension gaps across the periods of a segment column, with confidence bands
(:func:`servgap.gap_trend`, :func:`servgap.plot.gap_trend`). The example survey has no wave
column, so the branches stand in for periods here; with real waves pass ``period="wave"``.
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

from servgap import plot
from servgap.datasets import load_example

survey = load_example()

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.7, 4), layout="constrained")
    plot.gap_trend(survey, period="branch", lang=lang, ax=ax)
