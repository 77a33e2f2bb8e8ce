"""
Customer satisfaction index (CSI)
=================================

The CSI on a 0–100 gauge with its verbal bands (:func:`servgap.csi`,
:func:`servgap.plot.csi_gauge`), importance from the respondents' importance ratings.
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt

import servgap
from servgap import plot
from servgap.datasets import load_example

survey = load_example()

fig, axes = plt.subplots(2, 1, figsize=(8, 4.4), layout="constrained")
for ax, lang in zip(axes, ["en", "id"]):
    plot.csi_gauge(servgap.csi(survey, importance="importance", lang=lang), ax=ax)
