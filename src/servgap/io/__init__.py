"""Loading surveys: files, column mappings, answer labels and validation.

The loaders build :class:`~servgap.Survey` objects; :mod:`servgap.survey` does not import this
package (the data flow is one way: io → survey).
"""

import warnings

from ..survey import Survey
from .combine import from_frames, from_long
from .files import detect_delimiter, detect_encoding, read_table
from .likert import LIKERT_SETS
from .loader import read_survey

__all__ = ["read_survey", "from_frames", "from_long", "read_table", "detect_encoding",
           "detect_delimiter", "LIKERT_SETS"]


def _deprecated_constructor(function, name: str):
    """``Survey.<name>``, kept for one release: it warns and calls ``servgap.<name>``."""
    def constructor(cls, *args, **kwargs):
        warnings.warn(f"Survey.{name}(...) is deprecated and will be removed in servgap 0.3; call "
                      f"servgap.{name}(...) with the same arguments.", DeprecationWarning, stacklevel=2)
        return function(*args, **kwargs)

    constructor.__doc__ = f"Deprecated: use :func:`servgap.{name}` (same arguments)."
    return classmethod(constructor)


Survey.from_frames = _deprecated_constructor(from_frames, "from_frames")
Survey.from_long = _deprecated_constructor(from_long, "from_long")
