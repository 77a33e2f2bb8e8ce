"""Reliability of the survey's scales: Cronbach's alpha, McDonald's omega, item statistics.

Every dimension of the instrument (and all items together) is a scale, for each kind of score
(expectation, perception, gap) and each segment group. The numbers equal R psych::alpha and a
lavaan one-factor model; tests/reference/generate_reliability.R writes the values the tests use.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from servgap._dist import f_ppf

from servgap._checks import check_choice, check_respondents, check_segment_names
from servgap._factor import one_factor_omegas
from servgap.errors import ReliabilityWarning, ServgapError
from servgap.i18n import check_lang, label, message, number
from servgap.results import Result, with_verdict

__all__ = ["reliability", "ReliabilityResult", "feldt_interval", "difference_reliability"]

SCORE_KINDS = ("expectation", "perception", "gap")
ALL_ITEMS = "all items"
_BOOT_CHUNK_CELLS = 2_000_000  # resamples × respondents per chunk of the bootstrap count matrix


@dataclass(frozen=True, repr=False)
class ReliabilityResult(Result):
    """What :func:`reliability` returns: ``table`` (one row per scale) and ``items``.

    Attributes
    ----------
    table : DataFrame
        One row per scale (columns listed under :func:`reliability`).
    items : DataFrame
        One row per item and scale.
    threshold : float
        Alpha at or above which the verdict is "reliable".
    ci : str
        ``"feldt"`` or ``"bootstrap"``.
    confidence : float
        Level of ``ci_low`` … ``ci_high``.
    missing : str
        ``"pairwise"`` or ``"listwise"``.
    lang : str
        ``"en"`` or ``"id"``: language of the title, the notes and the verdict shown for
        ``reliable`` (reliable / reliabel …) in the printed and notebook views.
    scale_notes : tuple of str
        What the reader must know about single scales (e.g. omega not computed for two items).
    improper : bool
        Some alpha exceeds 1 (pairwise covariances on few respondents); its interval is NaN.

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap.reliability import reliability
    >>> inst = servgap.Instrument("mini", {"Speed": ["1", "2", "3"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"P_1": [3, 4, 2, 2, 5, 4, 1, 3], "P_2": [4, 3, 2, 1, 5, 3, 2, 3],
    ...                     "P_3": [3, 3, 2, 1, 4, 5, 1, 2]})
    >>> result = reliability(servgap.read_survey(raw, inst, expectation=None), threshold=0.6)
    >>> result.threshold, result.table["reliable"].tolist()
    (0.6, [True, True])
    >>> result.title
    "Reliability (Cronbach's alpha, McDonald's omega)"
    """

    items: pd.DataFrame
    threshold: float = 0.70
    ci: str = "feldt"
    confidence: float = 0.95
    missing: str = "pairwise"
    scale_notes: tuple = ()
    improper: bool = False

    @property
    def title(self) -> str:
        return label("reliability.title", self.lang)

    def _notes(self) -> list[str]:
        return [label("reliability.note.ci", self.lang,
                      covariances=label(f"reliability.note.{self.missing}", self.lang),
                      confidence=f"{self.confidence:.0%}",
                      method=label(f"reliability.note.{self.ci}", self.lang),
                      threshold=number(self.threshold, self.lang)),
                label("reliability.note.omega", self.lang), *self.scale_notes]

    def _display_table(self) -> pd.DataFrame:
        """The table as a reader sees it: ``reliable`` in words of the result's language."""
        return with_verdict(self.table, "reliable", "reliability", self.lang)


def reliability(survey, score: str = "all", *, by=None, ci: str = "feldt",
                confidence: float = 0.95, n_boot: int = 2000, seed=None,
                missing: str = "pairwise", threshold: float = 0.70,
                lang: str = "en") -> ReliabilityResult:
    """Cronbach's alpha, McDonald's omega and item statistics of every scale.

    Parameters
    ----------
    survey : Survey
        The survey (see :func:`servgap.read_survey`).
    score : {"all", "expectation", "perception", "gap"}, default "all"
        Which answers form the scales; ``"all"`` takes every kind the survey holds.
    by : str or list of str, optional
        Segment columns: one set of scales per group. Respondents whose segment value is
        missing form a group of their own (missing in the group column, last), as in
        :func:`servgap.gap_scores`; no respondent is left out.
    ci : {"feldt", "bootstrap"}, default "feldt"
        Confidence interval of alpha: Feldt's F-distribution bounds, or the percentile
        bootstrap over respondents (resampled within each group).
    confidence : float, default 0.95
        Confidence level of the interval.
    n_boot : int, default 2000
        Bootstrap resamples (``ci="bootstrap"`` only).
    seed : int or numpy.random.Generator, optional
        Seed of the bootstrap.
    missing : {"pairwise", "listwise"}, default "pairwise"
        ``"pairwise"``: each covariance from the respondents who answered both items (psych's
        default); a respondent counts in ``n`` when they answered any item of the scale.
        ``"listwise"``: only respondents who answered every item of the scale.
    threshold : float, default 0.70
        Alpha at or above which a scale is called reliable (Nunnally); 0.60 is common in
        Indonesian practice.
    lang : {"en", "id"}, default "en"
        Language of the result's title, its notes and the verdict words shown for ``reliable``.

    Returns
    -------
    ReliabilityResult
        ``.table``, one row per scale:

        - ``[by…]``: the group.
        - ``score``: ``"expectation"``, ``"perception"`` or ``"gap"``.
        - ``dimension``: the dimension, or ``"all items"`` for the whole instrument.
        - ``n``: respondents used.
        - ``n_items``: items in the scale (zero-variance items left out).
        - ``alpha``: raw Cronbach's alpha.
        - ``std_alpha``: alpha of the standardised items.
        - ``average_r``: mean inter-item correlation.
        - ``ci_low``, ``ci_high``: confidence interval of ``alpha``.
        - ``omega_total``: McDonald's omega total of the raw items.
        - ``difference_reliability``: on gap rows, the reliability of the difference score
          P − E; NaN on other rows.
        - ``reliable``: alpha ≥ ``threshold`` (nullable boolean; missing where alpha is NaN);
          printed as reliable / not reliable (reliabel / tidak reliabel) in ``lang``.

        ``.items``, one row per item and scale: ``[by…]``, ``score``, ``dimension``, ``item``,
        ``n`` (respondents who answered it), ``mean``, ``sd``, ``r_total`` (correlation with
        the scale score), ``r_drop`` (corrected item-total correlation) and
        ``alpha_if_dropped``.

    Raises
    ------
    ServgapError
        When the survey has no respondents, or lacks the answers ``score`` asks for; on an
        engine, for ``ci="bootstrap"`` and the one case that needs rows (see Notes).

    Warns
    -----
    ReliabilityWarning
        For a zero-variance item (left out of its scale, its statistics NaN), a scale with
        fewer than two items or fewer than three respondents (NaN), a negative ``r_drop``
        (possibly reverse-keyed item) and an improper omega (Heywood case: NaN).

    Notes
    -----
    With C the item covariance matrix (pairwise complete, divisor n − 1), R = cov2cor(C) and
    k items (Cronbach 1951; :ref:`methods-reliability`):

    - alpha = k/(k−1) · (1 − tr C / ΣC) — psych::alpha ``total$raw_alpha``.
    - std_alpha = k·r̄ / (1 + (k−1)·r̄), r̄ = (ΣR − k)/(k(k−1)) — ``total$std.alpha``,
      ``total$average_r``.
    - Feldt: 1 − (1 − alpha)·F_{1−γ/2}(n−1, (n−1)(k−1)) and 1 − (1 − alpha)·F_{γ/2}(…) —
      ``feldt$lower.ci``, ``feldt$upper.ci`` (psych's "95% confidence boundaries (Feldt)")
      where the two use the same n. servgap's n is the respondents behind the estimate: those
      who answered the scale (pairwise) or all its items (listwise). psych::alpha takes n as
      all rows of the data frame it is given, respondents without any answer to the scale
      included (and, with ``use = "complete.obs"``, still all rows); on such data servgap's
      interval is the wider, honest one and differs from psych's. The equality tests use data
      where the two n agree.
    - r_total = corr(item, mean of the answered items) — ``item.stats$raw.r``;
      r_drop = (ΣC_i· − C_ii) / √(C_ii · ΣC_{−i,−i}) — ``item.stats$r.drop`` (SPSS "Corrected
      Item-Total Correlation"); alpha_if_dropped — ``alpha.drop$raw_alpha`` (for a two-item
      scale psych prints a regression slope there; servgap gives NaN).
    - n, mean, sd of an item — ``item.stats$n``, ``$mean``, ``$sd``. Zero-variance items are
      dropped as psych does ("had no variance and was deleted").
    - omega_total = (Σλ)² / ((Σλ)² + Σθ) from the ML one-factor model of C, as
      ``lavaan::cfa("F =~ …", std.lv = TRUE)`` (pairwise: ``sample.cov = cov(x, use =
      "pairwise")``). This is omega of the raw items, not psych::omega's standardised one.
      On a scale far from unidimensional (e.g. all gap items together) the one-factor
      likelihood has several local optima; servgap keeps the best of two starts and may then
      report a better-fitting (lower χ²) solution than lavaan's.
    - difference_reliability (Lord; Peter, Churchill & Brown 1993):
      r_D = (σ²_P·r_PP + σ²_E·r_EE − 2·r_PE·σ_P·σ_E) / (σ²_P + σ²_E − 2·r_PE·σ_P·σ_E), with
      σ the SD of the scale sums, r_PP and r_EE their raw alphas and r_PE their correlation,
      all from the respondents of the gap scale. See :func:`difference_reliability`.

    Everything above comes from aggregates of the statistics layer, so a survey on an engine
    (:func:`servgap.scan`) gives the same numbers, missing answers included: listwise, each
    scale's covariances are the cross-products of its items over the respondents who answered
    all of them (R ``cov(x[, items], use = "complete.obs")``) and r_total their correlation with
    the scale mean there; pairwise, r_total is each item's correlation with the respondent's
    mean of the scale's answered items over the respondents of the item (pandas ``corrwith``),
    and the difference-score reliability uses the P and E covariances among the gap scale's
    respondents (:meth:`~servgap.stats.MemoryStats.subset_crossproducts`). One case needs the
    rows: pairwise, a scale with missing answers and an item without variance, whose r_total is
    the correlation with the mean of the *other* items (no aggregate holds it); on an engine it
    raises :class:`~servgap.ServgapError` before any cross-product is computed, as
    ``ci="bootstrap"`` does (use the Feldt interval, ``survey.sample(n)`` or
    ``survey.to_survey()``).

    The bootstrap draws all resamples as a matrix of counts and gets every scale's covariance
    sums from one matrix product per chunk of resamples. Survey weights are not used (psych
    has none); every respondent counts once.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika 16(3). Feldt, L. S. (1965). Psychometrika 30. McDonald, R. P. (1999). Test
    theory: a unified treatment. Peter, J. P., Churchill, G. A. & Brown, T. J. (1993). J.
    Consumer Research 19(4). Revelle, W. psych: alpha().

    Examples
    --------
    >>> import pandas as pd
    >>> import servgap
    >>> from servgap.reliability import reliability
    >>> inst = servgap.Instrument("mini", {"Speed": ["1", "2", "3"]}, scale=(1, 5))
    >>> raw = pd.DataFrame({"E_1": [5, 4, 4, 3, 5, 4, 2, 5], "E_2": [4, 4, 5, 3, 5, 4, 3, 4],
    ...                     "E_3": [5, 3, 4, 2, 4, 5, 3, 4], "P_1": [3, 4, 2, 2, 5, 4, 1, 3],
    ...                     "P_2": [4, 3, 2, 1, 5, 3, 2, 3], "P_3": [3, 3, 2, 1, 4, 5, 1, 2]})
    >>> result = reliability(servgap.read_survey(raw, inst), score="perception")
    >>> result.table[["dimension", "n", "n_items", "alpha", "std_alpha", "omega_total"]].round(3)
       dimension  n  n_items  alpha  std_alpha  omega_total
    0      Speed  8        3  0.914      0.914        0.918
    1  all items  8        3  0.914      0.914        0.918
    >>> result.items[["item", "r_drop", "alpha_if_dropped"]].head(3).round(3)
      item  r_drop  alpha_if_dropped
    0    1   0.891             0.821
    1    2   0.772             0.919
    2    3   0.824             0.881
    """
    kinds = score_kinds(survey, score)
    check_choice("ci", ci, ("feldt", "bootstrap"))
    check_choice("missing", missing, ("pairwise", "listwise"))
    check_lang(lang)
    if not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be between 0 and 1, got {confidence!r}.")
    if ci == "bootstrap" and (not isinstance(n_boot, (int, np.integer)) or n_boot < 1):
        raise ValueError(f"`n_boot` must be a positive integer, got {n_boot!r}.")
    by_cols = check_segment_names(survey, by, "by")
    check_respondents(survey, "reliability")
    rng = np.random.default_rng(seed)
    source = survey.stats
    # the bootstrap resamples respondent rows: refused on an engine here, before any aggregate
    codes = source.codes(by_cols) if ci == "bootstrap" else None
    groups = source.groups(by_cols)
    notes = _Notes()
    scales = scales_of(survey.instrument)
    position = {item: j for j, item in enumerate(survey.items)}
    scale_index = [np.array([position[i] for i in items], dtype=np.intp) for _, items in scales]
    kind_stats = {kind: _KindStatistics(source, kind, by_cols, scale_index, missing) for kind in kinds}
    if codes is None and any(agg.needs_rows.any() for agg in kind_stats.values()):
        codes = source.codes(by_cols)  # the one case only rows serve: refused on an engine here
    subsets = _Subsets(source, by_cols)
    for agg in kind_stats.values():
        agg.request(subsets)
    pe = (source.crossproducts([("perception", "item"), ("expectation", "item")], by_cols)
          if "gap" in kinds else None)
    pe = None if pe is None else (pe.count, pe.cov())
    difference = _difference_requests(pe, kind_stats.get("gap"), scale_index, subsets)
    scale_rows, item_parts, boot, omegas = [], [], [], []
    for g in range(groups.size):
        for kind in kinds:
            agg = kind_stats[kind]
            for s, ((dimension, items), idx) in enumerate(zip(scales, scale_index)):
                inputs = agg.scale_inputs(g, s, idx, subsets)
                if inputs is None:  # an item without variance in a scale with missing answers
                    inputs = _rows_inputs(source.rows(kind, "item")[codes == g][:, idx], missing)
                row, item_stats = _scale_statistics(inputs, kind, dimension, items, notes, omegas)
                row["group"] = g
                row["difference_reliability"] = (_scale_difference_reliability(
                    pe, g, idx, kind_stats["gap"], s, difference, subsets) if kind == "gap" else np.nan)
                item_stats["group"] = np.full(len(items), g)
                scale_rows.append(row)
                item_parts.append(item_stats)
        if ci == "bootstrap":
            mask = codes == g
            data = {kind: pd.DataFrame(source.rows(kind, "item")[mask], columns=list(survey.items))
                    for kind in _needed_kinds(kinds)}
            boot.append(_bootstrap_interval(survey.instrument, data, kinds, missing, confidence,
                                            n_boot, rng))
    _fill_omegas(omegas, notes)
    columns = {name: np.array([row[name] for row in scale_rows]) for name in scale_rows[0]}
    if ci == "bootstrap":
        columns["ci_low"], columns["ci_high"] = np.vstack(boot).T
    else:
        columns["ci_low"], columns["ci_high"] = feldt_interval(columns["alpha"], columns["n"],
                                                               columns["n_items"], confidence)
    table = _with_groups(survey, groups, columns, ["score", "dimension", "n", "n_items", "alpha",
                                                   "std_alpha", "average_r", "ci_low", "ci_high",
                                                   "omega_total", "difference_reliability"])
    table["n"] = table["n"].astype(int)
    table["n_items"] = table["n_items"].astype(int)
    items_columns = {name: np.concatenate([part[name] for part in item_parts]) for name in item_parts[0]}
    items_table = _with_groups(survey, groups, items_columns,
                               ["score", "dimension", "item", "n", "mean", "sd", "r_total", "r_drop",
                                "alpha_if_dropped"])
    improper = _flag_improper(table, notes)
    table["reliable"] = pd.array(np.where(table["alpha"].isna(), None, table["alpha"] >= threshold),
                                 dtype="boolean")
    notes.emit()
    return ReliabilityResult(table=table, items=items_table,
                             threshold=threshold, ci=ci, confidence=confidence, missing=missing,
                             lang=lang, scale_notes=notes.result_notes(lang), improper=improper)


def _with_groups(survey, groups, columns: dict, order: list) -> pd.DataFrame:
    """A result table: the ``by`` columns of each row's group, then ``order``."""
    group = columns["group"].astype(np.intp)
    data = {}
    for j, col in enumerate(groups.by):
        values = np.array([key[j] for key in groups.keys], dtype=object)[group]
        data[col] = pd.array(values, dtype=survey.segments[col].dtype)
    for name in order:
        data[name] = columns[name]
    return pd.DataFrame(data)


class _Notes:
    """Warnings of one call, each given once at the user's line, and notes for the result."""

    def __init__(self):
        self.warnings: list[tuple] = []  # (label key, values): said in the report's language too
        self.in_result: list[tuple] = []

    def warn(self, key: str, **values) -> None:
        if (key, values) not in self.warnings:
            self.warnings.append((key, values))

    def note(self, key: str, **values) -> None:
        if (key, values) not in self.in_result:
            self.in_result.append((key, values))

    def emit(self) -> None:
        for key, values in self.warnings:
            warnings.warn(ReliabilityWarning.keyed(key, **values), stacklevel=3)

    def result_notes(self, lang: str) -> tuple:
        return tuple(message(key, lang, **values) for key, values in self.in_result)


class _KindStatistics:
    """The aggregates of one kind of score: item moments, how many respondents answered each
    scale, pairwise cross-products of the items and of each scale's respondent mean, and, with
    missing answers, the cross-products of :meth:`subset_crossproducts` that the scale needs
    (listwise: each scale's items and mean over its complete cases; pairwise: each item and its
    scale's mean over the item's respondents, for r_total)."""

    def __init__(self, source, kind, by, scale_index, missing):
        self.source, self.kind, self.by = source, kind, by
        self.scale_n = source.moments(kind, "scale_mean", by).n  # first: an engine adds the items
        self.items = source.moments(kind, "item", by)
        self.k = self.items.n.shape[1]
        self.scale_index = scale_index
        n_groups = self.scale_n.shape[0]
        # a scale is complete in a group when each of its items has every respondent of the scale
        self.complete_at = np.array([[bool((self.items.n[g, idx] == self.scale_n[g, s]).all())
                                      for s, idx in enumerate(scale_index)] for g in range(n_groups)],
                                    dtype=bool).reshape(n_groups, len(scale_index))
        self.listwise = missing == "listwise" and not self.complete_at.all()
        # pairwise r_total correlates each item with the mean of the *kept* items; the layer's
        # scale mean is of all items: with an item dropped (no variance) only the rows serve
        with np.errstate(invalid="ignore"):
            kept = np.sqrt(np.where(self.items.n > 1, self.items.var, np.nan)) > 0
        self.needs_rows = np.zeros_like(self.complete_at)
        if missing == "pairwise":
            for s, idx in enumerate(scale_index):
                k_kept = kept[:, idx].sum(axis=1)
                self.needs_rows[:, s] = (~self.complete_at[:, s] & (k_kept < len(idx)) & (k_kept >= 2)
                                         & (self.scale_n[:, s] >= 3))
        self._cross = None
        self._listwise, self._r_total = [], {}

    @property
    def cross(self):
        """(pairwise counts, covariances) of the items and scale means, computed when asked."""
        if self._cross is None:
            cross = self.source.crossproducts([(self.kind, "item"), (self.kind, "scale_mean")], self.by)
            self._cross = (cross.count, cross.cov())
        return self._cross

    def request(self, subsets) -> None:
        """Ask ``subsets`` for the cross-products the scales with missing answers need."""
        blocks = [(self.kind, "item"), (self.kind, "scale_mean")]
        if self.listwise:  # R cov(x[, items], use = "complete.obs"), with the scale mean for r_total
            # (given wherever an item is: requiring it too keeps the rows, and the subset complete)
            self._listwise = [subsets.add(blocks, (*idx, self.k + s), (*idx, self.k + s))
                              for s, idx in enumerate(self.scale_index)]
            return
        for s, idx in enumerate(self.scale_index):
            if not self.complete_at[:, s].all():  # each item with the scale mean where it is answered
                self._r_total[s] = [subsets.add(blocks, (i, self.k + s), (i, self.k + s)) for i in idx]

    def scale_inputs(self, g, s, idx, subsets):
        """(n, covariances, item n, item means, r_total) of a scale from aggregates; None in the
        one case only the rows serve (see ``needs_rows``)."""
        if self.needs_rows[g, s]:
            return None
        if self.listwise:
            cp = subsets.get(self._listwise[s])
            m = len(idx)
            count, cov = cp.count[g], subsets.cov(self._listwise[s])[g]
            item_n = np.diag(count)[:m]
            with np.errstate(divide="ignore", invalid="ignore"):
                item_mean = cp.shift[:m] + np.diag(cp.sums[g])[:m] / item_n
                r_total = cov[:m, m] / np.sqrt(np.diag(cov)[:m] * cov[m, m])
            return int(count[0, 0]), cov[:m, :m], item_n, item_mean, r_total
        cov_all = self.cross[1][g]
        cov = cov_all[np.ix_(idx, idx)]
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.complete_at[g, s]:
                r_total = cov_all[idx, self.k + s] / np.sqrt(np.diag(cov) * cov_all[self.k + s, self.k + s])
            else:  # over the respondents of each item, as pandas corrwith
                pairs = np.array([subsets.cov(j)[g] for j in self._r_total[s]])
                r_total = pairs[:, 0, 1] / np.sqrt(pairs[:, 0, 0] * pairs[:, 1, 1])
        return int(self.scale_n[g, s]), cov, self.items.n[g, idx], self.items.mean[g, idx], r_total


class _Subsets:
    """Requests for :meth:`subset_crossproducts` (columns, required) of one call, collected
    from every kind of score and answered at once (one pass in memory, one query on an engine)."""

    def __init__(self, source, by):
        self.source, self.by = source, by
        self.blocks: list = []
        self.start: dict = {}
        self.subsets: list = []
        self.result = None
        self._cov: dict = {}

    def add(self, blocks, columns, required) -> int:
        """Register one subset; positions are among ``blocks``' columns. Returns its number."""
        where = []
        for block in blocks:
            if block not in self.start:
                self.start[block] = sum(len(self.source.names(level)) for _, level in self.blocks)
                self.blocks.append(block)
            where += [self.start[block] + j for j in range(len(self.source.names(block[1])))]
        self.subsets.append((tuple(where[c] for c in columns), tuple(where[c] for c in required)))
        return len(self.subsets) - 1

    def get(self, number: int):
        if self.result is None:
            self.result = self.source.subset_crossproducts(self.blocks, self.subsets, self.by)
        return self.result[number]

    def cov(self, number: int) -> np.ndarray:
        if number not in self._cov:
            self._cov[number] = self.get(number).cov()
        return self._cov[number]


def _difference_requests(pe, gap_stats, scale_index, subsets) -> dict:
    """For each gap scale whose respondents are not exactly those of its P and E answers in
    some group: the subset (its P and E items, pairwise among the gap scale's respondents)."""
    if pe is None or gap_stats is None:
        return {}
    count = pe[0]
    k = count.shape[1] // 2
    blocks = [("perception", "item"), ("expectation", "item"), ("gap", "scale_mean")]
    out = {}
    for s, idx in enumerate(scale_index):
        both = np.concatenate([idx, k + idx])
        same = [gap_stats.complete_at[g, s] and bool((count[g][np.ix_(both, both)] == gap_stats.scale_n[g, s]).all())
                for g in range(count.shape[0])]
        if not all(same):
            out[s] = (same, subsets.add(blocks, tuple(both), (2 * k + s,)))
    return out


def _rows_inputs(x: np.ndarray, missing: str):
    """The same inputs from a scale's answers (rows × items) for the cases aggregates cannot
    serve: R cov(x, use = "pairwise" | "complete") on the scale's respondents."""
    answered = ~np.isnan(x)
    keep = answered.all(axis=1) if missing == "listwise" else answered.any(axis=1)
    frame = pd.DataFrame(x[keep])
    with warnings.catch_warnings():  # one respondent or none: NaN, said by the scale's warning
        warnings.simplefilter("ignore", RuntimeWarning)
        return len(frame), frame.cov().to_numpy(), frame.notna().sum().to_numpy(), \
            frame.mean().to_numpy(), frame


# -- one scale ----------------------------------------------------------------------------------
def _scale_statistics(inputs, kind: str, dimension: str, items, notes: _Notes, omegas: list):
    """The scale's row (a dict) and its items' columns (a dict of arrays); the scale's omega
    is left to :func:`_fill_omegas` (all scales' factor fits at once), through ``omegas``."""
    n, cov_all, item_n, item_mean, r_source = inputs
    where = {"score": kind, "dimension": dimension}  # "{score} / {dimension}: …" of the labels
    k_all = len(items)
    with np.errstate(invalid="ignore"):
        sd = np.sqrt(np.where(np.asarray(item_n) > 1, np.diag(cov_all), np.nan))
    kept_mask = sd > 0
    for item in np.asarray(items, dtype=object)[~kept_mask]:
        notes.warn("reliability.warn.no_variance", **where, item=item)
    kept = np.flatnonzero(kept_mask)
    k = kept.size
    row = dict(score=kind, dimension=dimension, n=n, n_items=k, alpha=np.nan, std_alpha=np.nan,
               average_r=np.nan, omega_total=np.nan)
    r_total, r_drop, alpha_drop = (np.full(k_all, np.nan) for _ in range(3))
    item_stats = {"score": np.full(k_all, kind, dtype=object), "dimension": np.full(k_all, dimension, dtype=object),
                  "item": np.array(items, dtype=object), "n": np.asarray(item_n, dtype=int),
                  "mean": np.asarray(item_mean, dtype=float), "sd": sd, "r_total": r_total,
                  "r_drop": r_drop, "alpha_if_dropped": alpha_drop}
    if k < 2 or n < 3:
        notes.warn("reliability.warn.too_few_items" if k < 2 else "reliability.warn.too_few_respondents",
                   **where, n=n)
        return row, item_stats
    cov = cov_all[np.ix_(kept, kept)]
    if np.isnan(cov).any():
        notes.warn("reliability.warn.never_together", **where)
        return row, item_stats
    var = np.diag(cov)
    total = cov.sum()
    corr = cov / np.sqrt(np.outer(var, var))
    average_r = (corr.sum() - k) / (k * (k - 1))
    alpha = float(_raw_alpha(var.sum(), total, k))
    row.update(alpha=alpha, std_alpha=k * average_r / (1 + (k - 1) * average_r),
               average_r=average_r)
    omegas.append((row, cov, where))
    col_sums = cov.sum(axis=0)
    rest_total = total - 2 * col_sums + var
    with np.errstate(invalid="ignore", divide="ignore"):
        r_drop[kept] = (col_sums - var) / np.sqrt(var * rest_total)
    alpha_drop[kept] = _raw_alpha(var.sum() - var, rest_total, k - 1)
    if isinstance(r_source, pd.DataFrame):  # from rows: correlation with the mean of the kept items
        kept_frame = r_source.iloc[:, kept]
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            r_total[kept] = kept_frame.corrwith(kept_frame.mean(axis=1)).to_numpy()
    else:
        r_total[kept] = np.asarray(r_source)[kept]
    for item, value in zip(np.asarray(items, dtype=object)[kept], r_drop[kept]):
        if value < 0:
            notes.warn("reliability.warn.negative_item", **where, item=item, r_drop=float(value))
    return row, item_stats


def _fill_omegas(omegas: list, notes: _Notes) -> None:
    """Set omega_total of each (row, covariance, where) from one batch of one-factor fits."""
    fitted = one_factor_omegas([cov for _, cov, _ in omegas if cov.shape[0] >= 3])
    fits = iter(fitted)
    for row, cov, where in omegas:
        if cov.shape[0] < 3:
            notes.note("reliability.note.omega_three_items", **where)
            continue
        omega = next(fits)
        if omega == "singular":
            notes.warn("reliability.warn.singular", **where)
        elif omega == "improper":
            notes.warn("reliability.warn.heywood", **where)
        else:
            row["omega_total"] = omega


def _flag_improper(table: pd.DataFrame, notes: _Notes) -> bool:
    """Alpha above 1 (possible with pairwise covariances on few respondents, as in psych) is kept
    for agreement with R and flagged; its Feldt interval, improper too, is NaN."""
    over = table["alpha"] > 1
    if not over.any():
        return False
    notes.warn("reliability.warn.alpha_above_one",
               scales=tuple((r.score, r.dimension) for r in table[over].itertuples()))
    table.loc[over, ["ci_low", "ci_high"]] = np.nan
    return True


def _scale_difference_reliability(pe, g, idx, gap_stats, s, difference, subsets) -> float:
    """r_D of the gap scale from the covariances of its P and E answers (pairwise), among the
    respondents of the gap scale."""
    if pe is None:
        return np.nan
    count, pe_cov = pe
    k_items = count.shape[1] // 2
    both = np.concatenate([idx, k_items + idx])
    if s not in difference or difference[s][0][g]:
        cov = pe_cov[g][np.ix_(both, both)]
    else:  # pairwise among the gap scale's respondents only
        if gap_stats.scale_n[g, s] < 2:  # no covariance from fewer than two respondents (alpha warns)
            return np.nan
        cov = subsets.cov(difference[s][1])[g]
    k = len(idx)
    cpp, cee, cpe = cov[:k, :k], cov[k:, k:], cov[:k, k:]
    rel = []
    for block in (cpp, cee):
        var = np.diag(block)
        kept = var > 0
        rel.append(float(_raw_alpha(var[kept].sum(), block[np.ix_(kept, kept)].sum(), kept.sum())))
    var_p, var_e = cpp.sum(), cee.sum()
    if not var_p > 0 or not var_e > 0:  # a constant P or E scale sum: r_PE and r_D undefined
        return np.nan
    return float(difference_reliability(var_p, var_e, rel[0], rel[1], cpe.sum() / np.sqrt(var_p * var_e)))


# -- closed forms ------------------------------------------------------------------------------
def feldt_interval(alpha, n, n_items, confidence: float = 0.95):
    """Feldt's (1965) confidence interval of Cronbach's alpha.

    Parameters
    ----------
    alpha : float or array
        Cronbach's alpha.
    n : int or array
        Respondents.
    n_items : int or array
        Items in the scale.
    confidence : float, default 0.95

    Returns
    -------
    (ci_low, ci_high) : tuple of float or arrays

    Notes
    -----
    lower = 1 − (1 − α)·F_{1−γ/2}(n−1, (n−1)(k−1)), upper = 1 − (1 − α)·F_{γ/2}(n−1,
    (n−1)(k−1)), γ = 1 − confidence; equals R ``psych::alpha.ci`` (``lower.ci``,
    ``upper.ci``).

    Examples
    --------
    >>> low, high = feldt_interval(0.8, n=100, n_items=5)
    >>> round(float(low), 4), round(float(high), 4)
    (0.7306, 0.8559)
    """
    gamma = 1 - confidence
    df1 = np.asarray(n, dtype=float) - 1
    df2 = df1 * (np.asarray(n_items, dtype=float) - 1)
    with np.errstate(invalid="ignore"):
        low = 1 - (1 - np.asarray(alpha)) * f_ppf(1 - gamma / 2, df1, df2)
        high = 1 - (1 - np.asarray(alpha)) * f_ppf(gamma / 2, df1, df2)
    return low, high


def difference_reliability(var_p, var_e, rel_p, rel_e, r_pe):
    """Reliability of a difference score D = P − E (Lord 1963).

    Parameters
    ----------
    var_p, var_e : float or array
        Variances of the P and E scale scores.
    rel_p, rel_e : float or array
        Their reliabilities (e.g. Cronbach's alpha).
    r_pe : float or array
        Correlation of P and E.

    Returns
    -------
    float or array
        r_D = (σ²_P·r_PP + σ²_E·r_EE − 2·r_PE·σ_P·σ_E) / (σ²_P + σ²_E − 2·r_PE·σ_P·σ_E).

    Notes
    -----
    Used by Peter, Churchill & Brown (1993) to show that SERVQUAL gap scores can be less
    reliable than their parts (:ref:`methods-reliability`). No R package exports it; the reference script
    computes it from psych::alpha and the scale sums.

    Examples
    --------
    >>> round(float(difference_reliability(1.0, 1.0, 0.8, 0.8, 0.5)), 4)
    0.6
    """
    cross = 2 * np.asarray(r_pe) * np.sqrt(var_p) * np.sqrt(var_e)
    return (var_p * rel_p + var_e * rel_e - cross) / (var_p + var_e - cross)


def _raw_alpha(trace, total, k):
    k = np.asarray(k, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(k >= 2, k / (k - 1) * (1 - trace / total), np.nan)


def _scale_data(frame, items, missing):
    """The scale's answers: respondents with any answer (pairwise) or all answers (listwise)."""
    x = frame[list(items)]
    keep = x.notna().all(axis=1) if missing == "listwise" else x.notna().any(axis=1)
    return x[keep]


# -- bootstrap ---------------------------------------------------------------------------------
def _bootstrap_interval(instrument, data, kinds, missing, confidence, n_boot, rng):
    """Percentile bootstrap CI of alpha for every scale of one group, in table order."""
    columns, scale_items = [], []
    for kind in kinds:
        frame = data[kind]
        for _, items in scales_of(instrument):
            x = _scale_data(frame, items, missing).reindex(frame.index)
            kept = [i for i in items if x[i].std() > 0]
            start = len(columns)
            columns.extend(x[i].to_numpy() for i in kept)
            scale_items.append(list(range(start, len(columns))))
    values = np.column_stack(columns) if columns else np.empty((len(data[kinds[0]]), 0))
    n = values.shape[0]
    plan = _AlphaPlan(values, scale_items)
    alphas = []
    chunk = max(1, _BOOT_CHUNK_CELLS // max(n, 1))
    counts = np.empty((chunk, n))
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        draws = rng.integers(0, n, size=(size, n))
        counts[:size] = np.bincount((draws + n * np.arange(size)[:, None]).ravel(),
                                    minlength=size * n).reshape(size, n)
        alphas.append(plan.alphas(counts[:size]))
    alphas = np.vstack(alphas)
    gamma = 1 - confidence
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN scales give NaN bounds
        return np.nanquantile(alphas, [gamma / 2, 1 - gamma / 2], axis=0).T


def bootstrap_alphas(values: np.ndarray, scale_items, counts: np.ndarray) -> np.ndarray:
    """Raw alpha of every scale in every resample.

    ``values`` is respondents × columns (NaN = not answered), ``scale_items[s]`` the columns of
    scale s and ``counts`` resamples × respondents (how often each respondent is drawn).
    """
    return _AlphaPlan(np.asarray(values, dtype=float), scale_items).alphas(counts)


class _AlphaPlan:
    """The respondent-level products whose weighted sums give every scale's alpha.

    alpha needs tr C and ΣC. ΣC is the variance of the scale sum when all items of the scale
    are answered by the same respondents, and otherwise the sum of pairwise covariances; a pairwise covariance needs Σw·m_ab,
    Σw·x_a·m_b, Σw·x_b·m_a and Σw·x_a·x_b (w = counts, m = answered). The distinct products
    are built once; a chunk of resamples then costs one matrix product.
    """

    def __init__(self, values: np.ndarray, scale_items):
        answered = ~np.isnan(values)
        totals, total_terms = [], []
        for cols in scale_items:
            # every item answered by the same respondents (complete data, listwise): all
            # covariances share their rows, so ΣC is the variance of the scale sum
            if len(cols) and (answered[:, list(cols)] == answered[:, [cols[0]]]).all():
                column = values.shape[1] + len(totals)
                totals.append(values[:, list(cols)].sum(axis=1))
                total_terms.append([(column, column, 1.0)])
            else:
                total_terms.append([(a, b, 1.0 if a == b else 2.0)
                                    for i, a in enumerate(cols) for b in cols[i:]])
        values = np.column_stack([values, *totals]) if totals else values
        self._answered = ~np.isnan(values)
        self._complete = self._answered.all(axis=0)
        self._keys: dict[tuple, int] = {}
        self._pairs: dict[tuple, int] = {}
        self._parts: list[tuple[int, int, int, int]] = []
        terms = [(s, self._pair(a, b), w, 0) for s, scale in enumerate(total_terms)
                 for a, b, w in scale]
        terms += [(s, self._pair(a, a), 1.0, 1) for s, cols in enumerate(scale_items)
                  for a in cols]
        centred = np.where(self._answered, values - np.nanmean(values, axis=0), 0.0)
        self.products = np.ones((values.shape[0], len(self._keys)))
        for (vals, masks), j in self._keys.items():
            for v in vals:
                self.products[:, j] *= centred[:, v]
            for m in masks:
                self.products[:, j] *= self._answered[:, m]
        self.parts = np.asarray(self._parts, dtype=int).reshape(-1, 4)
        # pairs × scales: weights of each covariance in ΣC (layer 0) and in tr C (layer 1)
        self.weights = np.zeros((2, len(self._pairs), len(scale_items)))
        for s, pair, w, layer in terms:
            self.weights[layer, pair, s] += w
        self.n_items = np.array([len(cols) for cols in scale_items], dtype=float)

    def _column(self, vals: tuple, masks: set) -> int:
        masks = frozenset(m for m in masks if not self._complete[m]) - set(vals)
        return self._keys.setdefault((tuple(sorted(vals)), masks), len(self._keys))

    def _pair(self, a: int, b: int) -> int:
        if (a, b) not in self._pairs:
            self._pairs[(a, b)] = len(self._pairs)
            self._parts.append((self._column((), {a, b}), self._column((a,), {b}),
                                self._column((b,), {a}), self._column((a, b), set())))
        return self._pairs[(a, b)]

    def alphas(self, counts: np.ndarray) -> np.ndarray:
        sums = counts @ self.products
        m, sa, sb, sab = (sums[:, self.parts[:, c]] for c in range(4))
        with np.errstate(divide="ignore", invalid="ignore"):
            cov = (sab - sa * sb / m) / (m - 1)
        return _raw_alpha(cov @ self.weights[1], cov @ self.weights[0], self.n_items)


# -- shared by servgap.reliability and servgap.validity ----------------------------------------
def score_kinds(survey, score: str, allow_all: bool = True) -> tuple[str, ...]:
    """The kinds of score a ``score=`` argument asks for, checked against the survey."""
    check_choice("score", score, (*SCORE_KINDS, "all") if allow_all else SCORE_KINDS)
    if score != "all":
        held = ("gap", *survey.components) if survey.has_gaps else survey.components
        if score not in held:
            raise ServgapError(f"This survey has no {score} answers; it holds {list(survey.components)}.")
        return (score,)
    held = [k for k in ("expectation", "perception") if k in survey.components]
    return tuple(held + (["gap"] if survey.has_gaps else []))


def _needed_kinds(kinds) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*kinds, *(("expectation", "perception") if "gap" in kinds else ())]))


def scales_of(instrument) -> list[tuple[str, tuple[str, ...]]]:
    """(dimension, items) for every dimension and for all items together."""
    return [*instrument.dimensions.items(), (ALL_ITEMS, tuple(instrument.items))]


def _warn(message: str) -> None:
    warnings.warn(message, ReliabilityWarning, stacklevel=4)
