"""
Reliability forest
==================

Cronbach's alpha of each dimension with its Feldt confidence interval, against the usual
thresholds 0.6 and 0.7 (:func:`servgap.plot.reliability_forest` on
:func:`servgap.reliability`).
"""

import matplotlib.pyplot as plt

import servgap
from servgap import plot
from servgap.datasets import load_example

survey = load_example()
alphas = servgap.reliability(survey)

fig, axes = plt.subplots(1, 2, figsize=(12, 4.6), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.reliability_forest(alphas, thresholds=(0.6, 0.7), instrument=survey.instrument,
                            lang=lang, ax=ax)
