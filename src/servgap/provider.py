"""The provider's view (five-gaps model): customers' answers against staff's answers to the same items."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._dist import t_ppf, t_sf
from ._checks import check_choice, check_respondents
from .errors import ServgapError
from .i18n import check_lang, label
from .priorities import _CodedResult
from .survey import Survey

__all__ = ["provider_gaps", "ProviderGaps"]

LEVELS = ("item", "dimension")
COMPARISONS = ("expectation", "perception")


@dataclass(frozen=True, repr=False)
class ProviderGaps(_CodedResult):
    """Customers against staff: the result of :func:`provider_gaps`.

    Attributes
    ----------
    table : DataFrame
        One row per comparison and item/dimension (columns listed in :func:`provider_gaps`).
    level, padjust : str
    confidence : float

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"Care": ["1"]}, scale=(1, 7))
    >>> customers = servgap.read_survey(pd.DataFrame({"E_1": [7, 6, 7], "P_1": [4, 5, 4]}), inst)
    >>> staff = servgap.read_survey(pd.DataFrame({"E_1": [5, 6, 5], "P_1": [6, 6, 5]}), inst)
    >>> servgap.provider_gaps(customers, staff).level
    'item'
    """

    level: str = "item"
    padjust: str = "holm"
    confidence: float = 0.95

    _code_labels = {"comparison": "provider.comparison."}

    @property
    def title(self) -> str:
        return f"{label('provider.title', self.lang)} ({label('level.' + self.level, self.lang).lower()})"

    def _notes(self) -> list[str]:
        return [label("provider.note", self.lang, padjust=self.padjust)]


def provider_gaps(customers: Survey, staff: Survey, level: str = "item", padjust: str = "holm",
                  confidence: float = 0.95, *, lang: str = "en") -> ProviderGaps:
    """Gap 1 of the five-gaps model and the internal–external perception gap, with Welch t-tests.

    Staff (or managers) answer the same questionnaire as customers, in the same layout: their
    ``E_{item}`` columns hold what they **believe customers expect**, their ``P_{item}``
    columns how they **rate their own delivery**. Load each table with the same instrument::

        customers.csv                       staff.csv
        id,E_1,...,E_22,P_1,...,P_22        id,E_1,...,E_22,P_1,...,P_22
        c01,7,...,6,5,...,4                 s01,6,...,5,6,...,6

        customers = servgap.read_survey("customers.csv", "servqual22", id="id")
        staff = servgap.read_survey("staff.csv", "servqual22", id="id")
        servgap.provider_gaps(customers, staff, level="dimension")

    Parameters
    ----------
    customers, staff : Survey or ScannedSurvey
        The two surveys, on the same items and scale, each in memory or on an engine
        (:func:`servgap.scan`). A comparison is made for each kind (expectation, perception)
        that both hold.
    level : {"item", "dimension"}, default "item"
        Per item, or per dimension on each respondent's mean of the answered items.
    padjust : {"holm", "fdr_bh", "bonferroni", "none"}, default "holm"
        Correction over the rows of each comparison (see :func:`servgap.p_adjust`).
    confidence : float, default 0.95
    lang : {"en", "id"}, default "en"

    Returns
    -------
    ProviderGaps
        ``.table`` columns: ``comparison`` (``"expectation"``: gap 1, customers' expectation
        against staff's belief of it; ``"perception"``: customers' perception against staff's
        rating of their own delivery); ``item`` or ``dimension``; ``n_customers``, ``n_staff``;
        ``mean_customers``, ``mean_staff``; ``diff`` (mean_customers − mean_staff);
        ``statistic`` (Welch t); ``dof`` (Welch–Satterthwaite); ``p_val``; ``p_adj``; ``ci_low``,
        ``ci_high`` (of the difference).

    Notes
    -----
    Parasuraman, Zeithaml & Berry (1985): gap 1 is the difference between what customers
    expect and what management believes they expect. A positive expectation difference means
    staff underestimate what customers expect; a negative perception difference means staff
    rate their delivery above what customers perceive. Each row equals R
    ``t.test(customer, staff, var.equal = FALSE)``, computed from each survey's moments (n,
    mean, Σ(x − mean)²; :mod:`servgap.stats`), unweighted.

    References
    ----------
    Parasuraman, Zeithaml & Berry (1985), J. Marketing 49(4). Welch (1947), Biometrika 34.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> inst = servgap.Instrument("mini", {"Care": ["1"]}, scale=(1, 7))
    >>> customers = servgap.read_survey(pd.DataFrame({"E_1": [7, 6, 7, 6], "P_1": [4, 5, 4, 4]}), inst)
    >>> staff = servgap.read_survey(pd.DataFrame({"E_1": [5, 6, 5], "P_1": [6, 6, 5]}), inst)
    >>> table = servgap.provider_gaps(customers, staff).table
    >>> table[["comparison", "mean_customers", "mean_staff", "diff"]].round(3)
        comparison  mean_customers  mean_staff   diff
    0  expectation            6.50       5.333  1.167
    1   perception            4.25       5.667 -1.417
    """
    from .engines import ScannedSurvey
    from .inference import p_adjust

    check_choice("level", level, LEVELS)
    check_lang(lang)
    if not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be between 0 and 1, got {confidence!r}.")
    for name, survey in (("customers", customers), ("staff", staff)):
        if not isinstance(survey, (Survey, ScannedSurvey)):
            raise ServgapError(f"`{name}` must be a Survey or a ScannedSurvey, got {type(survey).__name__}.")
        check_respondents(survey, "provider_gaps")
    if customers.items != staff.items or tuple(customers.instrument.scale) != tuple(staff.instrument.scale) \
            or dict(customers.instrument.dimensions) != dict(staff.instrument.dimensions):
        raise ServgapError("provider_gaps needs customers and staff to answer the same items, dimensions and scale; "
                           f"customers: {len(customers.items)} items, scale {customers.instrument.scale}; staff: "
                           f"{len(staff.items)} items, scale {staff.instrument.scale}.")
    kinds = [k for k in COMPARISONS if k in customers.components and k in staff.components]
    if not kinds:
        raise ServgapError(f"provider_gaps compares expectation or perception answers; customers hold "
                           f"{list(customers.components)}, staff {list(staff.components)}.")
    blocks = []
    for kind in kinds:
        a, b = (s.stats.moments(kind, level) for s in (customers, staff))
        block = _welch(a, b, confidence)
        block.insert(0, level, list(a.names))
        block.insert(0, "comparison", kind)
        block.insert(block.columns.get_loc("p_val") + 1, "p_adj", p_adjust(block["p_val"].to_numpy(), padjust))
        blocks.append(block)
    return ProviderGaps(table=pd.concat(blocks, ignore_index=True), level=level, padjust=padjust,
                        confidence=confidence, lang=lang)


def _welch(a, b, confidence: float) -> pd.DataFrame:
    """Welch two-sample t-test of each column of a against the same column of b, from their
    unweighted moments (:class:`servgap.stats.Moments` of one group: n, mean, m2)."""
    na, ma, va = a.n[0], a.mean[0], a.var[0]
    nb, mb, vb = b.n[0], b.mean[0], b.var[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        sa, sb = va / na, vb / nb
        se = np.sqrt(sa + sb)
        diff = ma - mb
        t = diff / se
        dof = (sa + sb) ** 2 / (sa ** 2 / (na - 1) + sb ** 2 / (nb - 1))
        p = 2 * t_sf(np.abs(t), dof)
        q = t_ppf(0.5 + confidence / 2, dof)
    return pd.DataFrame({"n_customers": na.astype(int), "n_staff": nb.astype(int), "mean_customers": ma,
                         "mean_staff": mb, "diff": diff, "statistic": t, "dof": dof, "p_val": p,
                         "ci_low": diff - q * se, "ci_high": diff + q * se})
