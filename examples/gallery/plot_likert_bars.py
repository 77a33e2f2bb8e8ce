"""
Likert bars
===========

The distribution of the answers to each item, diverging around the middle of the scale
(:func:`servgap.plot.likert_bars`), here for the perception answers of the Tangibles and
Reliability items.
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

from servgap import plot
from servgap.datasets import load_example

survey = load_example()
items = list(survey.instrument.dimensions["Tangibles"]) + list(survey.instrument.dimensions["Reliability"])

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    plot.likert_bars(survey, kinds=["perception"], items=items, lang=lang, ax=ax)
