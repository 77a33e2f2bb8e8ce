"""servgap: service-quality gap (SERVQUAL) survey analysis.

Raw table → validated :class:`Survey` → analyses returning result objects → charts and reports.
"""

from . import datasets, instruments, plot
from .drivers import DriversResult, drivers
from .engines import ScannedSurvey, scan
from .errors import ReliabilityWarning, ServgapError, ServgapWarning, SmallSampleWarning, SurveyValidationError
from .gaps import GapScores, gap_scores
from .inference import (GapTests, SegmentComparison, WaveComparison, compare_segments, compare_waves,
                        gap_tests, p_adjust)
from .instrument import Instrument
from .io import from_frames, from_long, read_survey
from .priorities import (CSIResult, IPAResult, PGCVResult, PrioritiesResult, csi, ipa, pgcv,
                         priorities)
from .provider import ProviderGaps, provider_gaps
from .reliability import ReliabilityResult, difference_reliability, feldt_interval, reliability
from .report import Report, report
from .survey import Survey
from .trend import GapTrend, gap_trend
from .validity import CFAResult, FactorCheckResult, ValidityResult, cfa, critical_r, factor_check, validity
from .zones import ZoneOfTolerance, zone_of_tolerance

__version__ = "0.1.0"

__all__ = [
    "Instrument",
    "Survey",
    "read_survey",
    "from_frames",
    "from_long",
    "scan",
    "ScannedSurvey",
    "gap_scores",
    "GapScores",
    "zone_of_tolerance",
    "ZoneOfTolerance",
    "ipa",
    "csi",
    "pgcv",
    "priorities",
    "IPAResult",
    "CSIResult",
    "PGCVResult",
    "PrioritiesResult",
    "gap_trend",
    "GapTrend",
    "drivers",
    "DriversResult",
    "provider_gaps",
    "ProviderGaps",
    "gap_tests",
    "compare_segments",
    "compare_waves",
    "p_adjust",
    "GapTests",
    "SegmentComparison",
    "WaveComparison",
    "reliability",
    "validity",
    "factor_check",
    "cfa",
    "ReliabilityResult",
    "ValidityResult",
    "FactorCheckResult",
    "CFAResult",
    "feldt_interval",
    "difference_reliability",
    "critical_r",
    "report",
    "Report",
    "instruments",
    "datasets",
    "plot",
    "ServgapError",
    "SurveyValidationError",
    "ServgapWarning",
    "ReliabilityWarning",
    "SmallSampleWarning",
]
