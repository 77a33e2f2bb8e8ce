"""
Importance-performance grid (IPA)
=================================

The Cartesian diagram of importance-performance analysis: mean importance (here the
respondents' importance ratings) against mean perception, split at the grand means into the
four quadrants (:func:`servgap.ipa`, :func:`servgap.plot.ipa_grid`).
"""

import matplotlib.pyplot as plt

import servgap
from servgap import plot
from servgap.datasets import load_example

survey = load_example()

fig, axes = plt.subplots(1, 2, figsize=(12, 5.5), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    result = servgap.ipa(survey, importance="importance", lang=lang)
    plot.ipa_grid(result, ax=ax)
