"""
Expectation and perception
==========================

Dumbbells from the mean expectation to the mean perception of each item; the length of each
line is the gap (:func:`servgap.plot.expectation_perception`).
"""

import matplotlib.pyplot as plt

from servgap import plot
from servgap.datasets import load_example

survey = load_example()

fig, axes = plt.subplots(1, 2, figsize=(12, 7), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.expectation_perception(survey, level="item", lang=lang, ax=ax)

# %%
# At the dimension level.

fig, axes = plt.subplots(1, 2, figsize=(11, 3.2), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.expectation_perception(survey, level="dimension", lang=lang, ax=ax)
