"""
Expectation and perception
==========================

Dumbbells from the mean expectation to the mean perception of each item; the length of each
line is the gap (:func:`servgap.plot.expectation_perception`).
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

from servgap import plot
from servgap.datasets import load_example

survey = load_example()

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.7, 7), layout="constrained")
    plot.expectation_perception(survey, level="item", lang=lang, ax=ax)

# %%
# At the dimension level.

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.2, 3.2), layout="constrained")
    plot.expectation_perception(survey, level="dimension", lang=lang, ax=ax)
