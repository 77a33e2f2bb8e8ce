"""
Zone of tolerance
=================

For three-column instruments (adequate, desired and perceived service, as LibQUAL+): the band
from the mean adequate to the mean desired level of each item, and where the mean perception
falls (:func:`servgap.zone_of_tolerance`, :func:`servgap.plot.zone_of_tolerance`). The example
survey asks no adequate level, so this page simulates a small LibQUAL+ survey.
"""

# sphinx_gallery_multi_image = "single"
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import servgap
from servgap import plot

instrument = servgap.instruments.get("libqual22")
rng = np.random.default_rng(7)
n = 120
columns = {}
for i, item in enumerate(instrument.items):
    adequate = rng.integers(4, 7, n)
    desired = np.minimum(adequate + rng.integers(1, 4, n), 9)
    perceived = np.clip(adequate + rng.integers(-2, 3, n) + (i % 3 - 1), 1, 9)
    columns |= {f"A_{item}": adequate, f"D_{item}": desired, f"P_{item}": perceived}
survey = servgap.read_survey(pd.DataFrame(columns), instrument)

for lang in ["en", "id"]:
    fig, ax = plt.subplots(figsize=(6.7, 3.4), layout="constrained")
    plot.zone_of_tolerance(survey, level="dimension", lang=lang, ax=ax)
