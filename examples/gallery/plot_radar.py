"""
Radar of the dimensions
=======================

Mean expectation and perception of each dimension on a polar Axes
(:func:`servgap.plot.radar`); the chart needs ``projection="polar"``.
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

from servgap import plot
from servgap.datasets import load_example

survey = load_example()

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.2, 5), layout="constrained", subplot_kw={"projection": "polar"})
    plot.radar(survey, lang=lang, ax=ax)
