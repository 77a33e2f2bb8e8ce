"""Zone of tolerance: perception against the adequate (minimum) and desired expectation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._checks import check_choice, check_respondents, check_segment_names
from .errors import ServgapError
from .gaps import group_columns
from .i18n import check_lang, label
from .results import Result
from .stats.memory import TRIPLE, ZONE
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
    missing = [c for c in ("adequate", "desired", "perception") if c not in survey.components]
    if missing:
        raise ServgapError(f"zone_of_tolerance needs adequate, desired and perception answers; this survey "
                           f"lacks {missing}. Load them with read_survey(..., adequate=\"A_{{item}}\", "
                           f"desired=\"D_{{item}}\").")
    check_respondents(survey, "zone_of_tolerance")
    by = check_segment_names(survey, by, "by")
    source = survey.stats
    groups = source.groups(by)
    # per group and column: means of the complete triples' answers, of P − A, P − D, D − A and of
    # the 0/1 indicators (below, above, inverted), whose means are the shares of respondents
    means = {kind: source.moments(kind, level, by) for kind in (*TRIPLE, *ZONE)}
    names = list(source.names(level))
    n = means["triple_perception"].n
    with np.errstate(invalid="ignore", divide="ignore"):
        def mean(kind):
            return np.where(n > 0, means[kind].mean, np.nan)

        msa, mss = mean("adequacy"), mean("superiority")
        position = np.where(n > 0, np.where(msa < 0, "below", np.where(mss > 0, "above", "within")), None)
        shares = {k: np.where(n > 0, means[f"zone_{k}"].mean, np.nan) for k in ("below", "above")}
        columns = {
            "n": n.astype(int), "adequate_mean": mean("triple_adequate"), "desired_mean": mean("triple_desired"),
            "perception_mean": mean("triple_perception"), "adequacy_gap_mean": msa, "superiority_gap_mean": mss,
            "zone_width": mean("zone_width"), "position": position, "share_below": shares["below"],
            "share_within": np.where(n > 0, 1 - shares["below"] - shares["above"], np.nan),
            "share_above": shares["above"],
            "n_inverted": np.rint(np.nan_to_num(means["zone_inverted"].mean) * n).astype(int)}
    table = group_columns(survey, groups, len(names))
    table[level] = np.tile(np.array(names, dtype=object), groups.size)
    for key, values in columns.items():
        table[key] = np.asarray(values).reshape(-1)
    return ZoneOfTolerance(table=pd.DataFrame(table), level=level, by=tuple(by), lang=lang)
