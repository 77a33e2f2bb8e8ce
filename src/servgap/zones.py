"""Zone of tolerance: perception against the adequate (minimum) and desired expectation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._checks import check_choice, check_respondents, check_segment_names
from .errors import ServgapError
from .gaps import segment_groups
from .i18n import check_lang, label
from .results import Result
from .survey import Survey

__all__ = ["zone_of_tolerance", "ZoneOfTolerance"]

LEVELS = ("item", "dimension")


@dataclass(frozen=True, repr=False)
class ZoneOfTolerance(Result):
    """Perception against the zone of tolerance: the result of :func:`zone_of_tolerance`.

    Attributes
    ----------
    table : DataFrame
        One row per item or dimension (and ``by`` group); columns listed in
        :func:`zone_of_tolerance`.
    level : str
    by : tuple of str

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("lib", {"Place": ["1"]}, scale=(1, 9),
    ...                           components=("adequate", "desired", "perception"))
    >>> raw = pd.DataFrame({"A_1": [5, 6], "D_1": [8, 8], "P_1": [4, 7]})
    >>> servgap.zone_of_tolerance(servgap.read_survey(raw, inst)).level
    'item'
    """

    level: str = "item"
    by: tuple = ()

    @property
    def title(self) -> str:
        return f"{label('title.zone_of_tolerance', self.lang)} ({label('level.' + self.level, self.lang).lower()})"

    def _notes(self) -> list[str]:
        return [label("zones.note.gaps", self.lang)]


def zone_of_tolerance(survey: Survey, level: str = "item", by=None, *, lang: str = "en") -> ZoneOfTolerance:
    """Where perceptions fall relative to the zone between adequate and desired service.

    Parameters
    ----------
    survey : Survey
        A survey with adequate (minimum), desired and perception answers (three-column
        SERVQUAL, LibQUAL+).
    level : {"item", "dimension"}
        Per item, or per dimension on each respondent's mean over the items they answered
        all three questions for (at least ``survey.min_items``).
    by : str or list of str, optional
        Segment columns.
    lang : {"en", "id"}, default "en"
        Language of the result's title and notes.

    Returns
    -------
    ZoneOfTolerance
        ``.table`` columns: the ``by`` columns; ``item`` or ``dimension``; ``n`` (respondents
        with all three answers); ``adequate_mean``, ``desired_mean``, ``perception_mean``;
        ``adequacy_gap_mean`` (mean P − A, MSA); ``superiority_gap_mean`` (mean P − D, MSS);
        ``zone_width`` (mean D − A); ``position`` of the means (``"below"`` if MSA < 0,
        ``"above"`` if MSS > 0, else ``"within"``); ``share_below``, ``share_within``,
        ``share_above`` (shares of respondents, by the same rule applied to each respondent);
        ``n_inverted`` (respondents whose desired level is below their adequate level).

    Notes
    -----
    Parasuraman, Zeithaml & Berry (1994): measure of service adequacy MSA = P − A, measure of
    service superiority MSS = P − D; the zone of tolerance is [A, D]. LibQUAL+ calls them the
    adequacy and superiority gaps. Respondents with D < A (an inverted zone) are counted in
    ``n_inverted`` and kept.

    References
    ----------
    Parasuraman, Zeithaml & Berry (1994), J. Retailing 70(3).

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("lib", {"Place": ["1", "2"]}, scale=(1, 9),
    ...                           components=("adequate", "desired", "perception"))
    >>> raw = pd.DataFrame({"A_1": [5, 6], "D_1": [8, 8], "P_1": [4, 7],
    ...                     "A_2": [6, 6], "D_2": [8, 8], "P_2": [9, 9]})
    >>> zot = servgap.zone_of_tolerance(servgap.read_survey(raw, inst))
    >>> zot.table[["item", "adequacy_gap_mean", "superiority_gap_mean", "position", "share_below"]]
      item  adequacy_gap_mean  superiority_gap_mean position  share_below
    0    1                0.0                  -2.5   within          0.5
    1    2                3.0                   1.0    above          0.0
    """
    check_choice("level", level, LEVELS)
    check_lang(lang)
    missing = [c for c in ("adequate", "desired", "perception") if c not in survey.answers]
    if missing:
        raise ServgapError(f"zone_of_tolerance needs adequate, desired and perception answers; this survey "
                           f"lacks {missing}. Load them with read_survey(..., adequate=\"A_{{item}}\", "
                           f"desired=\"D_{{item}}\").")
    check_respondents(survey, "zone_of_tolerance")
    by = check_segment_names(survey, by, "by")
    complete = survey.adequate.notna() & survey.desired.notna() & survey.perception.notna()
    a, d, p = (survey.answers[k].where(complete) for k in ("adequate", "desired", "perception"))
    if level == "dimension":
        answered = complete.copy()
        need = {dim: min(survey.min_items, len(items)) for dim, items in survey.instrument.dimensions.items()}

        def per_dimension(values):
            out = {}
            for dim, items in survey.instrument.dimensions.items():
                enough = answered[list(items)].sum(axis=1) >= need[dim]
                out[dim] = values[list(items)].mean(axis=1).where(enough)
            return pd.DataFrame(out)

        a, d, p = per_dimension(a), per_dimension(d), per_dimension(p)
    names = list(a.columns)
    a, d, p = a.to_numpy(), d.to_numpy(), p.to_numpy()
    blocks = []
    for values, mask in segment_groups(survey, by):
        block = _summarise(a[mask], d[mask], p[mask])
        block.insert(0, level, names)
        for name, value in reversed(list(zip(by, values))):
            block.insert(0, name, value)
        blocks.append(block)
    return ZoneOfTolerance(table=pd.concat(blocks, ignore_index=True), level=level, by=tuple(by), lang=lang)


def _summarise(a: np.ndarray, d: np.ndarray, p: np.ndarray) -> pd.DataFrame:
    observed = ~np.isnan(p)
    n = observed.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        def mean(x):
            return np.where(n > 0, np.nansum(x, axis=0) / n, np.nan)

        msa, mss = p - a, p - d
        below = (msa < 0) & observed
        above = (mss > 0) & observed & ~below
        within = observed & ~below & ~above
        msa_mean, mss_mean = mean(msa), mean(mss)
        position = np.where(msa_mean < 0, "below", np.where(mss_mean > 0, "above", "within"))
        position = np.where(n > 0, position, None)
        return pd.DataFrame({
            "n": n, "adequate_mean": mean(a), "desired_mean": mean(d), "perception_mean": mean(p),
            "adequacy_gap_mean": msa_mean, "superiority_gap_mean": mss_mean, "zone_width": mean(d - a),
            "position": position,
            "share_below": below.sum(axis=0) / n, "share_within": within.sum(axis=0) / n,
            "share_above": above.sum(axis=0) / n, "n_inverted": ((d < a) & observed).sum(axis=0),
        })
