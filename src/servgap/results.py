"""The shared behaviour of analysis results: a tidy table, a text and a notebook repr."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Result", "with_verdict"]


@dataclass(frozen=True, repr=False)
class Result:
    """Base of every result object: frozen, with a tidy ``table`` DataFrame.

    Subclasses are frozen dataclasses that add their own fields and set ``title``. ``lang``
    (``"en"`` or ``"id"``, keyword-only) is the language of the title, the notes (numbers in
    them with a decimal comma in Indonesian) and of judgements written for readers (a
    ``verdict`` column); subclasses take every such string from :func:`servgap.i18n.label`.
    Values that code selects rows by — ``score``, ``dimension``, ``item``, ``position``, column
    names — are identifiers and stay the same in every language; charts translate them
    (:mod:`servgap.plot` draws a result in its ``lang``).

    Examples
    --------
    >>> import pandas as pd
    >>> from servgap.results import Result
    >>> r = Result(table=pd.DataFrame({"item": ["1"], "gap_mean": [-0.5]}))
    >>> r.to_frame()
      item  gap_mean
    0    1      -0.5
    """

    table: pd.DataFrame
    lang: str = field(default="en", kw_only=True)

    title = "Result"

    def to_frame(self) -> pd.DataFrame:
        """Return a copy of the result table."""
        return self.table.copy()

    def tables(self) -> tuple[str, ...]:
        """Names of the tables this result holds: ``"table"`` first, then every other table
        field (``items``, ``posthoc``, ``groups``, ``trend``, ``loadings`` …) that is set.

        Examples
        --------
        >>> import servgap
        >>> servgap.reliability(servgap.datasets.load_example()).tables()
        ('table', 'items')
        """
        from dataclasses import fields

        names = [f.name for f in fields(self)
                 if f.name != "table" and isinstance(getattr(self, f.name), pd.DataFrame)]
        return ("table", *names)

    def to_table(self, lang: str | None = None, digits: int = 2, *, which: str = "table",
                 dimension_labels=None) -> pd.DataFrame:
        """The table ready to paste into a thesis or a paper: rounded text in ``lang``.

        Parameters
        ----------
        lang : {"en", "id"}, optional
            Language of headers, verdicts, codes and numbers; None = the result's own ``lang``.
        digits : int, default 2
            Decimals of statistics; p-values get three ("< 0.001" / "< 0,001"), counts none.
        which : str, default "table"
            Which table of the result: one of :meth:`tables` — e.g. ``"items"`` of a
            reliability or factor check, ``"posthoc"`` and ``"groups"`` of a segment
            comparison, ``"trend"`` of a gap trend, ``"loadings"``, ``"dimensions"`` and
            ``"factor_correlations"`` of a CFA.
        dimension_labels : mapping, optional
            Dimension → text or {lang: text}: names of a custom instrument's dimensions
            (bundled instruments' dimensions are translated without it).

        Returns
        -------
        DataFrame
            Text cells: headers translated (``column.*`` labels), booleans and codes in words
            ("tidak reliabel", "Prioritas Utama"), decimal comma in Indonesian. ``table`` itself
            stays tidy and numeric.

        Notes
        -----
        :func:`servgap.report.format.format_table`; p-values as APA 7th ed. §6.36 writes them.

        Examples
        --------
        >>> import servgap
        >>> result = servgap.reliability(servgap.datasets.load_example(), score="perception", lang="id")
        >>> result.to_table().iloc[0, :5].tolist()
        ['persepsi', 'Bukti Fisik', '400', '4', '0,85']
        >>> result.to_table(lang="en").columns[4]
        "Cronbach's α"
        """
        from .errors import ServgapError
        from .report.format import format_table

        names = self.tables()
        if which not in names:
            raise ServgapError(f"`which` must be one of {list(names)}, got {which!r}.")
        return format_table(getattr(self, which), self.lang if lang is None else lang, digits,
                            dimension_labels=dimension_labels)

    def _notes(self) -> list[str]:
        """Lines printed under the title; subclasses add what the reader must know."""
        return []

    def _display_table(self) -> pd.DataFrame:
        """The table as a reader sees it (codes and booleans in words); ``table`` by default."""
        return self.table

    def __repr__(self) -> str:
        with pd.option_context("display.max_rows", 60, "display.width", 120,
                               "display.max_columns", 30, "display.precision", 4):
            body = self._display_table().to_string(index=False, float_format=_number)
        notes = "".join(f"\n{line}" for line in self._notes())
        return f"{self.title}{notes}\n{body}"

    def _repr_html_(self) -> str:
        notes = "".join(f"<p>{html.escape(line)}</p>" for line in self._notes())
        table = self._display_table().to_html(index=False, float_format=_number, na_rep="")
        return f"<div><h4>{html.escape(self.title)}</h4>{notes}{table}</div>"


def _number(value: float) -> str:
    """One number format for printed tables: four decimals, never scientific notation."""
    return f"{value:.4f}"


def with_verdict(table: pd.DataFrame, column: str, topic: str, lang: str) -> pd.DataFrame:
    """``table`` with the boolean ``column`` shown as a verdict in ``lang``.

    True, False and missing read as the labels ``<topic>.<column>``, ``<topic>.not_<column>``
    and ``<topic>.undetermined`` (e.g. reliable / not reliable / not computed).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"alpha": [0.8, 0.5], "reliable": pd.array([True, False], dtype="boolean")})
    >>> with_verdict(t, "reliable", "reliability", "id")["reliable"].tolist()
    ['reliabel', 'tidak reliabel']
    """
    from .i18n import label

    words = {True: label(f"{topic}.{column}", lang), False: label(f"{topic}.not_{column}", lang)}
    undetermined = label(f"{topic}.undetermined", lang)
    shown = table.copy()
    shown[column] = [undetermined if pd.isna(v) else words[bool(v)] for v in table[column]]
    return shown
