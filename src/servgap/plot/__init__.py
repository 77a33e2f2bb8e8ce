"""Charts of servgap results: gap bars, dumbbells, radar, segment heatmap, reliability forest, Likert bars.

Every chart takes a Survey or the matching result object, draws on ``ax`` (the current Axes when
None), returns the Axes, takes style overrides as ``*_kws`` dicts and shows every text in
``lang`` ("en" or "id"; by default the language of the result object drawn). None calls
``plt.show()`` or ``tight_layout()``: the caller lays out and saves the figure. matplotlib is imported when a chart is drawn, not when servgap is imported.

One module per chart family; :mod:`servgap.plot._common` holds the colours, labels and checks
they share.
"""

from ._bars import gap_bars
from ._common import COLORS, OKABE_ITO
from ._csi import csi_gauge
from ._drivers import drivers
from ._dumbbell import expectation_perception
from ._heatmap import segment_heatmap
from ._ipa import ipa_grid
from ._likert import likert_bars
from ._radar import radar
from ._reliability import reliability_forest
from ._trend import gap_trend
from ._zone import zone_of_tolerance

__all__ = [
    "gap_bars",
    "expectation_perception",
    "radar",
    "segment_heatmap",
    "reliability_forest",
    "likert_bars",
    "ipa_grid",
    "zone_of_tolerance",
    "csi_gauge",
    "gap_trend",
    "drivers",
    "COLORS",
    "OKABE_ITO",
]
