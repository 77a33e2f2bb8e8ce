"""Reports: paste-ready tables and the full report of a survey (HTML, Excel, Word, Markdown).

:func:`servgap.report` computes a :class:`Report` once; its writers only format what it holds.
:mod:`servgap.report.format` is the one formatter behind every result's ``to_table`` and every
table of a report.
"""

from .core import SECTIONS, Figure, Report, Section, Table, exclusion_log, report
from .format import format_table

__all__ = ["report", "Report", "Section", "Table", "Figure", "SECTIONS", "format_table", "exclusion_log"]
