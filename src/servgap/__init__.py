"""servgap: service-quality gap (SERVQUAL) survey analysis.

Raw table → validated :class:`Survey` → analyses returning result objects → charts and reports.
"""

from . import datasets, instruments
from .errors import ReliabilityWarning, ServgapError, ServgapWarning, SmallSampleWarning, SurveyValidationError
from .gaps import GapScores, gap_scores
from .instrument import Instrument
from .io import read_survey
from .survey import Survey

__version__ = "0.1.0"

__all__ = [
    "Instrument",
    "Survey",
    "read_survey",
    "gap_scores",
    "GapScores",
    "instruments",
    "datasets",
    "ServgapError",
    "SurveyValidationError",
    "ServgapWarning",
    "ReliabilityWarning",
    "SmallSampleWarning",
]
