"""
Importance-performance grid (IPA)
=================================

The Cartesian diagram of importance-performance analysis: mean importance (here the
respondents' importance ratings) against mean perception, split at the grand means into the
four quadrants (:func:`servgap.ipa`, :func:`servgap.plot.ipa_grid`).
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

import servgap
from servgap import plot
from servgap.datasets import load_example

survey = load_example()

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.7, 5.5), layout="constrained")
    result = servgap.ipa(survey, importance="importance", lang=lang)
    plot.ipa_grid(result, ax=ax)
