"""Loading surveys: files, column mappings, answer labels and validation."""

from .combine import from_frames, from_long
from .files import detect_delimiter, detect_encoding, read_table
from .likert import LIKERT_SETS
from .loader import read_survey

__all__ = ["read_survey", "from_frames", "from_long", "read_table", "detect_encoding",
           "detect_delimiter", "LIKERT_SETS"]
