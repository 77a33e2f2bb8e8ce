"""
Reliability forest
==================

Cronbach's alpha of each dimension with its Feldt confidence interval, against the usual
thresholds 0.6 and 0.7 (:func:`servgap.plot.reliability_forest` on
:func:`servgap.reliability`).
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

import servgap
from servgap import plot
from servgap.datasets import load_example

survey = load_example()
alphas = servgap.reliability(survey)

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.7, 4.6), layout="constrained")
    plot.reliability_forest(alphas, thresholds=(0.6, 0.7), instrument=survey.instrument,
                            lang=lang, ax=ax)
