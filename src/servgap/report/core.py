"""The report of a survey: sections of findings, tables and figures, computed once, written many ways."""

from __future__ import annotations

import datetime as _dt
import io
import textwrap
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import check_choice
from ..errors import ServgapError
from ..i18n import check_lang, label, message
from .format import dimension_name, format_number, format_p, format_table, translate_codes

__all__ = ["report", "Report", "Section", "Table", "Figure", "SECTIONS", "REFERENCES", "exclusion_log"]

#: The sections of a report, in order.
SECTIONS = ("sample", "validity", "gaps", "significance", "segments", "priorities", "methods")

#: What the methods note cites.
REFERENCES = (
    "Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item scale for measuring "
    "consumer perceptions of service quality. Journal of Retailing, 64(1), 12–40.",
    "Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. Psychometrika, 16, 297–334.",
    "Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for coefficient alpha. "
    "Applied Psychological Measurement, 11(1), 93–103.",
    "McDonald, R. P. (1999). Test theory: A unified treatment. Lawrence Erlbaum.",
    "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of "
    "Statistics, 6(2), 65–70.",
    "Welch, B. L. (1951). On the comparison of several mean values: An alternative approach. Biometrika, "
    "38(3/4), 330–336.",
    "Games, P. A., & Howell, J. F. (1976). Pairwise multiple comparison procedures with unequal n's and/or "
    "variances. Journal of Educational Statistics, 1(2), 113–125.",
    "Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. Journal of Marketing, 41(1), 77–79.",
)

_EXCLUSION_ROWS_SHOWN = 10  # exclusion log rows in HTML, Word and Markdown (Excel holds all; counts above)


@dataclass(frozen=True)
class Table:
    """A table of a report: ``data`` for spreadsheets (numbers as numbers, codes in words,
    identifier headers), ``text`` for documents (every cell formatted, headers translated)."""

    key: str
    caption: str
    data: pd.DataFrame
    text: pd.DataFrame
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """A chart of a report as PNG bytes, with its caption and size in inches."""

    key: str
    caption: str
    png: bytes
    width: float
    height: float


@dataclass(frozen=True)
class Section:
    """One section: its title, findings in plain sentences, then tables and figures."""

    key: str
    title: str
    findings: tuple = ()
    blocks: tuple = ()


@dataclass(frozen=True)
class Report:
    """The report of a survey, ready to write as HTML, Excel, Word or Markdown.

    Attributes
    ----------
    title : str
    lang : str
    sections : tuple of Section
    options : dict
        The options the report was made with (recorded in the methods note).
    created : str
        UTC date and time the report was made (ISO 8601).
    version : str
        servgap version.

    Examples
    --------
    >>> import servgap
    >>> rep = servgap.report(servgap.datasets.load_example(), sections=["gaps"])
    >>> [s.key for s in rep.sections]
    ['gaps']
    """

    title: str
    lang: str
    sections: tuple
    options: dict = field(default_factory=dict)
    created: str = ""
    version: str = ""

    def tables(self) -> list[Table]:
        """Every table of the report, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        """Every figure of the report, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def to_html(self, path=None) -> str:
        """One self-contained HTML file (charts embedded as PNG data, no external resources,
        readable on a phone, printable); written to ``path`` when given. Returns the HTML."""
        from .writers import to_html

        return to_html(self, path)

    def to_excel(self, path):
        """An Excel workbook: one sheet per table, numbers as numbers, a sheet describing the columns."""
        from .writers import to_excel

        return to_excel(self, path)

    def to_docx(self, path, *, chapter: int | None = None):
        """A Word document (python-docx): numbered captions ("Table 1", or "Tabel 4.1" with
        ``chapter=4``), tables with three horizontal rules (APA), charts as captioned figures."""
        from .writers import to_docx

        return to_docx(self, path, chapter=chapter)

    def to_markdown(self) -> str:
        """The report as Markdown text (tables as pipe tables, figures left out)."""
        from .writers import to_markdown

        return to_markdown(self)

    def _repr_html_(self) -> str:
        from .writers import html_body

        return html_body(self)

    def __repr__(self) -> str:
        return f"Report({self.title!r}, lang={self.lang!r}, sections={[s.key for s in self.sections]})"


# -- helpers -----------------------------------------------------------------------------------

def _table(key: str, caption: str, data: pd.DataFrame, lang: str, dims, note: str = "",
           suppressed=None) -> Table:
    """A report table from a tidy result table; ``suppressed`` marks cells shown as a dash."""
    data = data.reset_index(drop=True)
    text = format_table(data, lang, 2, dimension_labels=dims)
    if suppressed is not None and suppressed.to_numpy().any():
        text = text.copy()
        for column in suppressed.columns:
            position = list(data.columns).index(column)
            text.iloc[np.flatnonzero(suppressed[column].to_numpy()), position] = "\N{EM DASH}"
    return Table(key, caption, translate_codes(data, lang, dims), text, note)


def _figsize(kind: str, n_units: int = 5, label_chars: int = 12) -> tuple[float, float]:
    """Figure size that follows the content: height grows with the rows, width with the labels."""
    if kind in ("ipa", "radar"):
        return 7.0, 6.0
    if kind == "gauge":
        return 7.0, 3.2
    if kind == "heatmap":
        return min(4.0 + 0.16 * label_chars + 0.9 * n_units, 12.0), 4.5
    lines = max(n_units, 1)
    return min(6.5 + 0.07 * label_chars, 11.0), min(1.8 + 0.42 * lines, 30.0)


def _figure(key: str, caption: str, draw, size) -> Figure | None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=size, layout="constrained")
    try:
        ax = fig.add_subplot()
        draw(ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
    finally:
        plt.close(fig)
    return Figure(key, caption, buffer.getvalue(), size[0], size[1])


def _dim_names(survey, dimension_labels) -> dict:
    """Dimension → {lang: name}: the instrument's names, overridden by ``dimension_labels``."""
    from ..i18n import LANGUAGES

    names = {d: dict(t) for d, t in survey.instrument.dimension_labels.items()}
    if dimension_labels is not None and not isinstance(dimension_labels, Mapping):
        raise ServgapError("`dimension_labels` maps dimensions to names, e.g. {'Speed': {'id': 'Kecepatan'}}; got "
                           f"{type(dimension_labels).__name__}.")
    for dim, given in (dimension_labels or {}).items():
        if str(dim) not in survey.instrument.dimensions:
            raise ServgapError(f"`dimension_labels` names {str(dim)!r}, which is not a dimension of the instrument "
                               f"{survey.instrument.name!r}; its dimensions are {list(survey.instrument.dimensions)}.")
        if isinstance(given, str):
            names[str(dim)] = {"en": given, "id": given}
        elif isinstance(given, Mapping):
            unknown = [k for k in given if k not in LANGUAGES]
            if unknown:
                raise ServgapError(f"`dimension_labels` for {str(dim)!r} gives languages {unknown}; servgap's "
                                   f"languages are {list(LANGUAGES)}.")
            names.setdefault(str(dim), {}).update({k: str(v) for k, v in given.items()})
        else:
            raise ServgapError(f"`dimension_labels` maps a dimension to a name or to {{lang: name}}; got "
                               f"{given!r} for {dim!r}.")
    return names


def _join(values, lang: str) -> str:
    values = [str(v) for v in values]
    if len(values) <= 1:
        return "".join(values)
    word = " dan " if lang == "id" else " and "
    return ", ".join(values[:-1]) + word + values[-1]


def _reason(exc: ServgapError, ctx) -> str:
    """Why an analysis could not run, in the report's language: a keyed error is said in it; any
    other error's English text is given in English reports only."""
    if getattr(exc, "key", None):
        return message(exc.key, ctx.lang, ctx.dims, **exc.values)
    return str(exc) if ctx.lang == "en" else label("report.reason.unknown", ctx.lang)


def _p_phrase(p, lang: str) -> str:
    text = format_p(p, lang)
    return text if text.startswith("<") else f"= {text}"


# -- sections ----------------------------------------------------------------------------------

def _sample(ctx) -> Section:
    survey, lang = ctx.survey, ctx.lang
    rows = survey._summary_rows(lang)[1:]
    summary = pd.DataFrame({"measure": [k for k, _ in rows], "value": [v for _, v in rows]})
    log = survey.exclusions
    excluded = int(log.loc[log["action"] == "excluded_respondent", "row"].nunique()) if len(log) else 0
    findings = [label("report.find.sample", lang, n=survey.n_respondents, excluded=excluded, entries=len(log),
                      components=", ".join(label(f"kind.{c}", lang).lower() for c in survey.components))]
    blocks = [Table("sample", label("report.table.sample", lang), summary.set_axis(["", ""], axis=1),
                    summary.set_axis(["", ""], axis=1))]
    if len(log):
        counts = (log.groupby(["check", "action"], sort=False).size().rename("count").reset_index())
        counts["action"] = [label(f"action.{a}", lang) if f"action.{a}" in _labels(lang) else a
                            for a in counts["action"]]
        blocks.append(_table("exclusion_summary", label("report.table.exclusion_summary", lang), counts, lang,
                             ctx.dims))
        detail = _exclusion_detail(log, lang)
        if not ctx.include_ids:
            detail = detail.drop(columns="respondent")
        note = label("report.note.ids_hidden", lang) if not ctx.include_ids else ""
        shown = _table("exclusions", label("report.table.exclusions", lang), detail, lang, ctx.dims, note)
        if len(detail) > _EXCLUSION_ROWS_SHOWN:  # documents show the first rows; Excel keeps all
            shown = Table(shown.key, shown.caption, shown.data, shown.text.head(_EXCLUSION_ROWS_SHOWN),
                          (note + " " + label("report.note.rows_shown", lang, shown=_EXCLUSION_ROWS_SHOWN,
                                                n=len(detail))).strip())
        blocks.append(shown)
    else:
        findings.append(label("report.find.no_exclusions", lang))
    return Section("sample", label("report.section.sample", lang), tuple(findings), tuple(blocks))


def _exclusion_detail(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The exclusion log's entries without the English reason sentences; actions in words."""
    detail = log[["row", "respondent", "column", "value", "check", "action"]].copy()
    detail["action"] = [label(f"action.{a}", lang) if f"action.{a}" in _labels(lang) else a
                        for a in detail["action"]]
    detail["value"] = detail["value"].astype(object).map(_logged_value)
    return detail


def exclusion_log(log: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The exclusion log as a reader sees it in ``lang``: problems and actions in words, headers
    translated, values as read (what ``servgap validate --lang id`` prints).

    Parameters
    ----------
    log : DataFrame
        :attr:`servgap.Survey.exclusions`.
    lang : {"en", "id"}

    Returns
    -------
    DataFrame
        Text cells: row, respondent, column, value, problem, action (the ``reason`` sentences,
        English only, are left out).

    Notes
    -----
    The words are the ``check.*`` and ``action.*`` labels of :mod:`servgap.i18n`
    (:func:`servgap.report.format_table`), like R's ``factor(x, labels = …)``.

    Examples
    --------
    >>> import servgap
    >>> log = servgap.datasets.load_example().exclusions
    >>> exclusion_log(log, "id").columns.tolist()
    ['Baris', 'Responden', 'Kolom', 'Nilai', 'Masalah', 'Tindakan']
    """
    check_lang(lang)
    return format_table(_exclusion_detail(log, lang), lang)


def _logged_value(value) -> str:
    """A value of the exclusion log as text: 6.0 read from "6" is written 6."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _labels(lang):
    from ..i18n import LABELS

    return {**LABELS["en"], **LABELS[lang]}


def _validity(ctx) -> Section:
    from ..plot import reliability_forest
    from ..reliability import reliability
    from ..validity import validity

    survey, lang = ctx.survey, ctx.lang
    score = "perception" if "perception" in survey.components else survey.components[0]
    val = validity(survey, score=score, lang=lang)
    rel = reliability(survey, score="all", lang=lang)
    v = val.table
    n_valid = int(v["valid"].fillna(False).astype(bool).sum())
    findings = [label("report.find.validity", lang, k=n_valid, m=len(v),
                      score=label(f"inference.score.{score}", lang))]
    invalid = v.loc[v["valid"].fillna(True).astype(bool) == False, "item"].tolist()  # noqa: E712
    if invalid:
        findings.append(label("report.find.invalid_items", lang, items=_join(invalid, lang)))
    t = rel.table
    alpha = t["alpha"].to_numpy(dtype=float)
    n_rel = int(t["reliable"].fillna(False).astype(bool).sum())
    findings.append(label("report.find.reliability", lang, low=format_number(np.nanmin(alpha), lang),
                          high=format_number(np.nanmax(alpha), lang), k=n_rel, m=len(t),
                          threshold=format_number(rel.threshold, lang)))
    blocks = [_table("validity", val.title, _with_item_text(v, ctx), lang, ctx.dims, " ".join(val._notes())),
              _table("reliability", rel.title, t, lang, ctx.dims, " ".join(rel._notes()))]
    # one row of whiskers per dimension and score, grouped by dimension
    lines = t["dimension"].nunique() * (1 + 0.5 * (t["score"].nunique() - 1))
    fig = _figure("reliability_forest", label("plot.title.reliability_forest", lang),
                  lambda ax: reliability_forest(rel, instrument=ctx.instrument, ax=ax),
                  _figsize("bars", round(lines), ctx.label_chars("dimension")))
    blocks.append(fig)
    return Section("validity", label("report.section.validity", lang), tuple(findings), tuple(blocks))


def _with_item_text(table: pd.DataFrame, ctx) -> pd.DataFrame:
    """``table`` with the item text next to the item id (when the instrument has texts)."""
    if "item" not in table.columns:
        return table
    texts = [ctx.instrument.item_label(i, ctx.lang) for i in table["item"]]
    if all(t == str(i) for t, i in zip(texts, table["item"])):
        return table
    out = table.copy()
    out.insert(list(out.columns).index("item") + 1, "item_text", texts)
    return out


def _gaps(ctx) -> Section:
    from ..gaps import gap_scores
    from ..plot import expectation_perception, gap_bars

    survey, lang = ctx.survey, ctx.lang
    zone = _zone_blocks(ctx) if {"adequate", "desired", "perception"} <= set(survey.components) else ((), ())
    if not survey.has_gaps:
        findings = zone[0] or (label("report.find.no_gaps", lang),)
        return Section("gaps", label("report.section.gaps", lang), tuple(findings), tuple(zone[1]))
    dim = gap_scores(survey, level="dimension", lang=lang)
    item = gap_scores(survey, level="item", lang=lang)
    overall = gap_scores(survey, level="overall", lang=lang).table.iloc[0]
    d = dim.table.sort_values("gap_mean", kind="stable")
    worst, best = d.iloc[0], d.iloc[-1]
    tests = ctx.tests("dimension")
    p_of = dict(zip(tests["dimension"], tests["p_adj"]))

    def sentence(key, row):
        return label(key, lang, dimension=ctx.dim(row["dimension"]), gap=format_number(row["gap_mean"], lang),
                     low=format_number(row["ci_low"], lang), high=format_number(row["ci_high"], lang),
                     p=_p_phrase(p_of.get(row["dimension"], np.nan), lang))

    findings = [label("report.find.overall", lang, gap=format_number(overall["gap_mean"], lang),
                      low=format_number(overall["ci_low"], lang), high=format_number(overall["ci_high"], lang)),
                sentence("report.find.gap_largest", worst)]
    if len(d) > 1:
        findings.append(sentence("report.find.gap_smallest", best))
    neg = int((item.table["gap_mean"] < 0).sum())
    findings.append(label("report.find.items_negative", lang, k=neg, m=len(item.table)))
    blocks = [_table("gaps_dimension", dim.title, dim.table, lang, ctx.dims, " ".join(dim._notes())),
              _table("gaps_item", item.title, _with_item_text(item.table, ctx), lang, ctx.dims,
                     " ".join(item._notes()))]
    blocks.append(_figure("gap_bars_dimension", label("plot.title.gap_bars", lang,
                                                      level=label("level.dimension", lang).lower()),
                          lambda ax: gap_bars(dim, instrument=ctx.instrument, ax=ax),
                          _figsize("bars", len(dim.table), ctx.label_chars("dimension"))))
    lines = sum(len(textwrap.wrap(f"{i}. {ctx.instrument.item_label(i, lang)}", 40)) or 1
                for i in item.table["item"])
    blocks.append(_figure("expectation_perception_item",
                          label("plot.title.expectation_perception", lang, level=label("level.item", lang).lower()),
                          lambda ax: expectation_perception(item, instrument=ctx.instrument, ax=ax),
                          _figsize("bars", lines, min(ctx.label_chars("item"), 40))))
    return Section("gaps", label("report.section.gaps", lang), (*findings, *zone[0]), (*blocks, *zone[1]))


def _zone_blocks(ctx) -> tuple[list, list]:
    """Findings and blocks of the zone of tolerance (adequate, desired and perceived levels)."""
    from ..plot import zone_of_tolerance as zone_chart
    from ..zones import zone_of_tolerance

    lang = ctx.lang
    dim = zone_of_tolerance(ctx.survey, level="dimension", lang=lang)
    item = zone_of_tolerance(ctx.survey, level="item", lang=lang)
    below = item.table.loc[item.table["position"] == "below", "item"].tolist()
    findings = [label("report.find.zone_below", lang, items=_join(below, lang)) if below
                else label("report.find.zone_none_below", lang)]
    lines = sum(len(textwrap.wrap(f"{i}. {ctx.instrument.item_label(i, lang)}", 40)) or 1
                for i in item.table["item"])
    blocks = [_table("zone_dimension", dim.title, dim.table, lang, ctx.dims, " ".join(dim._notes())),
              _table("zone_item", item.title, _with_item_text(item.table, ctx), lang, ctx.dims,
                     " ".join(item._notes())),
              _figure("zone_of_tolerance", label("plot.title.zone_of_tolerance", lang),
                      lambda ax: zone_chart(item, instrument=ctx.instrument, ax=ax),
                      _figsize("bars", lines, min(ctx.label_chars("item"), 40)))]
    return findings, blocks


def _significance(ctx) -> Section:
    survey, lang = ctx.survey, ctx.lang
    if not survey.has_gaps:
        return Section("significance", label("report.section.significance", lang), (label("report.find.no_gaps", lang),))
    dim, item = ctx.gap_tests["dimension"], ctx.gap_tests["item"]
    t = item.table
    k = int((t["p_adj"] < 0.05).sum())
    dz = t["cohen_dz"].to_numpy(dtype=float)
    findings = [label("report.find.significance", lang, k=k, m=len(t), padjust=item.padjust.capitalize(),
                      low=format_number(np.nanmin(dz), lang), high=format_number(np.nanmax(dz), lang))]
    blocks = [_table("gap_tests_dimension", dim.title, dim.table, lang, ctx.dims, " ".join(dim._notes())),
              _table("gap_tests_item", item.title, _with_item_text(t, ctx), lang, ctx.dims, " ".join(item._notes()))]
    return Section("significance", label("report.section.significance", lang), tuple(findings), tuple(blocks))


def _segments(ctx) -> Section:
    from ..gaps import gap_scores
    from ..inference import compare_segments
    from ..plot import segment_heatmap

    survey, lang, min_cell = ctx.survey, ctx.lang, ctx.min_cell
    title = label("report.section.segments", lang)
    if not ctx.segments:
        return Section("segments", title, (label("report.find.no_segments", lang),))
    if not survey.has_gaps and "perception" not in survey.components:
        return Section("segments", title, (label("report.find.no_gaps", lang),))
    findings, blocks = [], []
    for segment in ctx.segments:
        try:
            comparison = compare_segments(survey, segment, level="dimension", min_group_n=min_cell, lang=lang)
        except ServgapError as exc:  # one value only, every group too small: say so, go on
            findings.append(label("report.find.not_computed", lang, what=segment, reason=_reason(exc, ctx)))
            continue
        table = comparison.table
        significant = table[table["p_adj"] < 0.05]
        if len(significant):
            findings.append(label("report.find.segment_differs", lang, segment=segment,
                                  dimensions=_join([ctx.dim(x) for x in significant["dimension"]], lang)))
        else:
            findings.append(label("report.find.segment_none", lang, segment=segment))
        groups = comparison.groups.copy()
        small = groups["n"] < min_cell
        mask = pd.DataFrame(False, index=groups.index, columns=groups.columns)
        stat_columns = [c for c in groups.columns if c not in ("dimension", "item", segment)]
        if small.any():
            groups.loc[small, stat_columns] = np.nan
            mask.loc[small, stat_columns] = True
            findings.append(label("report.find.suppressed", lang, k=int(small.sum()), segment=segment,
                                  min_cell=min_cell))
        note = label("report.note.suppressed", lang, min_cell=min_cell) if small.any() else ""
        groups[segment] = groups[segment].astype(object)
        blocks.append(_table(f"segments_{segment}", comparison.title, table, lang, ctx.dims,
                             " ".join(comparison._notes())))
        blocks.append(_table(f"segment_groups_{segment}", label("report.table.segment_groups", lang, segment=segment),
                             groups, lang, ctx.dims, note, mask[stat_columns].reindex(columns=groups.columns,
                                                                                     fill_value=False)))
        if comparison.posthoc is not None and len(comparison.posthoc):
            post = comparison.posthoc
            shown_groups = set(comparison.groups.loc[~small, segment].astype(str))
            post = post[post["group_a"].astype(str).isin(shown_groups) & post["group_b"].astype(str).isin(shown_groups)]
            blocks.append(_table(f"posthoc_{segment}", label("inference.title.posthoc", lang) + f" ({segment})",
                                 post, lang, ctx.dims))
        if survey.has_gaps:
            by_seg = gap_scores(survey, level="dimension", by=segment, lang=lang)
            kept = by_seg.table[by_seg.table["n"] >= min_cell].reset_index(drop=True)
            n_groups = kept[segment].nunique()
            if 1 <= n_groups <= 40:
                from dataclasses import replace

                shown = replace(by_seg, table=kept)
                longest = max((len(str(v)) for v in kept[segment]), default=8)
                blocks.append(_figure(f"segment_heatmap_{segment}",
                                      label("plot.title.segment_heatmap", lang,
                                            level=label("level.dimension", lang).lower(), segment=segment),
                                      lambda ax, shown=shown: segment_heatmap(shown, instrument=ctx.instrument, ax=ax),
                                      _figsize("heatmap", n_groups, longest)))
    return Section("segments", title, tuple(findings), tuple(blocks))


def _priorities(ctx) -> Section:
    from ..plot import csi_gauge, ipa_grid
    from ..priorities import csi, ipa, priorities

    survey, lang = ctx.survey, ctx.lang
    title = label("report.section.priorities", lang)
    components = survey.components
    importance = next((k for k in ("importance", "expectation", "desired") if k in components), None)
    if "perception" not in components or importance is None:
        return Section("priorities", title, (label("report.find.no_priorities", lang),))
    grid = ipa(survey, importance=importance, level="item", lang=lang)
    index = csi(survey, importance=importance, lang=lang)
    plan = priorities(survey, level="item", importance=importance, lang=lang)
    findings = [label("report.find.csi", lang, csi=format_number(index.csi, lang), band=index.band_label())]
    first = grid.table.loc[grid.table["quadrant_code"] == "concentrate_here", "item"].tolist()
    findings.append(label("report.find.ipa", lang, items=_join(first, lang)) if first
                    else label("report.find.ipa_none", lang))
    fix = plan.table.loc[plan.table["action"] == "fix_first", "item"].tolist()
    findings.append(label("report.find.plan", lang, items=_join(fix, lang)) if fix
                    else label("report.find.plan_none", lang))
    blocks = [_table("ipa", grid.title, _with_item_text(grid.table, ctx), lang, ctx.dims, " ".join(grid._notes())),
              _figure("ipa_grid", label("plot.title.ipa_grid", lang),
                      lambda ax: ipa_grid(grid, instrument=ctx.instrument, ax=ax), _figsize("ipa")),
              _table("csi", index.title, _with_item_text(index.table, ctx), lang, ctx.dims, " ".join(index._notes())),
              _figure("csi_gauge", label("plot.title.csi_gauge", lang), lambda ax: csi_gauge(index, ax=ax),
                      _figsize("gauge")),
              _table("action_plan", plan.title, _with_item_text(plan.table, ctx), lang, ctx.dims,
                     " ".join(plan._notes()))]
    return Section("priorities", title, tuple(findings), tuple(blocks))


def _methods(ctx) -> Section:
    lang = ctx.lang
    options = "; ".join(f"{k} = {v}" for k, v in ctx.options.items())
    findings = [label("report.methods.text", lang),
                label("report.methods.version", lang, version=ctx.version, date=ctx.created),
                label("report.methods.options", lang, options=options)]
    if not ctx.include_ids:
        findings.append(label("report.note.ids_hidden", lang))
    findings.append(label("report.methods.min_cell", lang, min_cell=ctx.min_cell))
    said = [message(w.key, lang, ctx.dims, **w.values) for w in ctx.warnings if getattr(w, "key", None)]
    other = [str(w) for w in ctx.warnings if not getattr(w, "key", None)]
    if said:
        findings.append(label("report.methods.warnings", lang, warnings=" ".join(dict.fromkeys(said))))
    if other:  # numpy's or pandas' own warnings exist in English only: named in English, counted in Indonesian
        findings.append(label("report.methods.other_warnings", lang, n=len(other), warnings=" ".join(other)))
    refs = pd.DataFrame({"reference": list(REFERENCES)})
    blocks = (Table("references", label("report.table.references", lang), refs.set_axis([""], axis=1),
                    refs.set_axis([""], axis=1)),)
    return Section("methods", label("report.section.methods", lang), tuple(findings), blocks)


_BUILDERS = {"sample": _sample, "validity": _validity, "gaps": _gaps, "significance": _significance,
             "segments": _segments, "priorities": _priorities, "methods": _methods}


class _Context:
    """What every section needs: the survey, the language, shared results computed once."""

    def __init__(self, survey, lang, segments, include_ids, min_cell, dims, options, version, created):
        self.survey, self.lang, self.segments = survey, lang, segments
        self.include_ids, self.min_cell, self.options = include_ids, min_cell, options
        self.version, self.created = version, created
        self.instrument = _instrument_with(survey.instrument, dims)
        self.dims = dims
        self.warnings: list[Warning] = []  # caught while building, said in the methods note
        self._tests: dict = {}

    def dim(self, dimension) -> str:
        return dimension_name(dimension, self.lang, self.dims)

    def label_chars(self, level: str) -> int:
        inst = self.instrument
        if level == "dimension":
            return max((len(self.dim(d)) for d in inst.dimensions), default=8)
        return max((len(f"{i}. {inst.item_label(i, self.lang)}") for i in inst.items), default=4)

    @property
    def gap_tests(self):
        from ..inference import gap_tests

        if not self._tests:
            self._tests = {lv: gap_tests(self.survey, level=lv, lang=self.lang) for lv in ("dimension", "item")}
        return self._tests

    def tests(self, level):
        return self.gap_tests[level].table


def _instrument_with(instrument, dims):
    """The instrument with the report's dimension names (so that charts draw them)."""
    from dataclasses import replace

    if dims == {d: dict(t) for d, t in instrument.dimension_labels.items()}:
        return instrument
    return replace(instrument, dimension_labels=dims)


def report(survey, *, segments=None, lang: str = "en", title: str | None = None, sections=SECTIONS,
           include_ids: bool = False, min_cell: int = 5, dimension_labels=None) -> Report:
    """The full report of a survey: findings in plain sentences, paste-ready tables and charts.

    Parameters
    ----------
    survey : Survey
        A validated survey (:func:`servgap.read_survey`).
    segments : str or list of str, optional
        Segment columns to compare; None = every segment column of the survey, ``[]`` = none.
    lang : {"en", "id"}, default "en"
        Language of every text, table header, verdict and number (decimal comma in Indonesian).
    title : str, optional
        Title of the report (default: "Service quality report" in ``lang``).
    sections : sequence of str, default all of :data:`SECTIONS`
        Which sections, from ``"sample"``, ``"validity"``, ``"gaps"``, ``"significance"``,
        ``"segments"``, ``"priorities"``, ``"methods"`` (always written in that order).
    include_ids : bool, default False
        Print respondent ids in the exclusion log; by default rows are identified by their
        row number in the file only.
    min_cell : int, default 5
        Segment groups with fewer respondents are suppressed (their statistics blanked, left
        out of charts and post-hoc pairs), and the report says so.
    dimension_labels : mapping, optional
        Dimension → name or {lang: name}, for a custom instrument's dimension names (a codebook's
        ``dimension_id`` column gives them too; see :meth:`servgap.Instrument.from_codebook`).

    Returns
    -------
    Report
        ``.to_html(path)``, ``.to_excel(path)``, ``.to_docx(path)``, ``.to_markdown()``.

    Notes
    -----
    Every number comes from the analyses (:func:`servgap.gap_scores`, :func:`servgap.gap_tests`
    with Holm's correction, :func:`servgap.compare_segments` with Welch's ANOVA and Games–Howell,
    :func:`servgap.reliability`, :func:`servgap.validity`, :func:`servgap.ipa`,
    :func:`servgap.csi`, :func:`servgap.priorities`); the findings are label templates of
    :mod:`servgap.i18n` filled with them. Warnings of the analyses are collected into the
    methods note instead of being raised, said in ``lang`` (servgap's warnings carry their label
    key: :func:`servgap.i18n.message`).

    Examples
    --------
    >>> import servgap
    >>> rep = servgap.report(servgap.datasets.load_example(), lang="id", sections=["gaps"])
    >>> print(rep.sections[0].findings[1])
    Daya Tanggap menunjukkan kesenjangan terbesar: −1,74 (IK 95% −1,86 s.d. −1,62), p < 0,001.
    """
    from .. import __version__
    from ..survey import Survey

    if not isinstance(survey, Survey):
        raise ServgapError(f"`survey` must be a Survey (servgap.read_survey), got {type(survey).__name__}.")
    check_lang(lang)
    if isinstance(sections, str):
        sections = [sections]
    for key in sections:
        check_choice("sections", key, SECTIONS)
    if isinstance(min_cell, bool) or not isinstance(min_cell, (int, np.integer)) or min_cell < 1:
        raise ServgapError(f"`min_cell` must be a whole number of at least 1, got {min_cell!r}.")
    if segments is None:
        segments = list(survey.segment_names)
    elif isinstance(segments, str):
        segments = [segments]
    for seg in segments:
        check_choice("segments", seg, survey.segment_names)
    dims = _dim_names(survey, dimension_labels)
    created = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    options = {"lang": lang, "segments": ", ".join(segments) or "-", "sections": ", ".join(sections),
               "include_ids": include_ids, "min_cell": min_cell, "instrument": survey.instrument.name}
    ctx = _Context(survey, lang, list(segments), bool(include_ids), int(min_cell), dims, options, __version__, created)
    built = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for key in SECTIONS:
            if key in sections and key != "methods":
                try:
                    built.append(_BUILDERS[key](ctx))
                except ServgapError as exc:  # too few respondents for an analysis: the section says why
                    title = label(f"report.section.{key}", lang)
                    built.append(Section(key, title, (label("report.find.not_computed", lang, what=title,
                                                            reason=_reason(exc, ctx)),)))
    ctx.warnings = list({str(w.message): w.message for w in caught}.values())
    if "methods" in sections:
        built.append(_methods(ctx))
    return Report(title or label("report.title", lang), lang, tuple(built), options, created, __version__)
