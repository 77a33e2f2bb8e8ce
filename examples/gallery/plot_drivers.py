"""
Key drivers
===========

Relative importance of the dimension gaps for an outcome (here each respondent's overall
perception), with bootstrap confidence intervals (:func:`servgap.drivers`,
:func:`servgap.plot.drivers`). A fixed ``seed`` makes the intervals reproducible.
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

import servgap
from servgap import plot
from servgap.datasets import load_example

survey = load_example()
result = servgap.drivers(survey, outcome=survey.overall_scores("perception"), n_boot=200, seed=1)

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.7, 3.6), layout="constrained")
    plot.drivers(result, lang=lang, ax=ax)
