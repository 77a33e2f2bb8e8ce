"""Writers of a :class:`~servgap.report.core.Report`: HTML, Excel, Word and Markdown."""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import pandas as pd

from ..columns import description
from ..errors import ServgapError
from ..i18n import LABELS, label
from ..io.export import safe_cell, safe_frame
from .format import COUNT_COLUMNS, P_COLUMNS, header

__all__ = ["to_html", "html_body", "to_excel", "to_docx", "to_markdown"]

_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       max-width: 60rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; } h2 { font-size: 1.3rem; margin-top: 2rem;
     border-bottom: 1px solid #ccc; } .meta { color: #555; font-size: 0.9rem; }
.findings { background: #f3f6fa; border-left: 4px solid #0072B2; padding: 0.5rem 1rem; }
.tablewrap { overflow-x: auto; margin: 0.5rem 0 1.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; caption-side: top; }
thead tr { border-top: 2px solid #000; border-bottom: 1px solid #000; }
tbody tr:last-child { border-bottom: 2px solid #000; }
th, td { overflow-wrap: normal; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.wide { min-width: 14rem; }
.note { font-size: 0.8rem; color: #444; }
figure { margin: 1rem 0 2rem; } figure img { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.9rem; font-weight: 600; }
nav ol { padding-left: 1.2rem; }
@media (max-width: 40rem) { body { font-size: 15px; padding: 0.5rem; } table { font-size: 0.75rem; } }
@media print { body { max-width: none; } .tablewrap { overflow: visible; }
  h2 { break-after: avoid; } figure, table { break-inside: avoid; } nav { display: none; } }
"""

_NUMERIC_TEXT = re.compile(r"^(?:[<>]\s)?[−-]?[\d.,]+%?$")


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _numbered(report, chapter=None):
    """(block, caption prefix) for every table and figure, numbered separately."""
    counts = {"table": 0, "figure": 0}
    out = []
    for section in report.sections:
        for block in section.blocks:
            kind = "figure" if hasattr(block, "png") else "table"
            counts[kind] += 1
            number = f"{chapter}.{counts[kind]}" if chapter is not None else str(counts[kind])
            out.append((block, f"{label('report.caption.' + kind, report.lang)} {number}"))
    return out


def _numeric_columns(text) -> list[bool]:
    """Which columns of a table's text hold numbers only (set right-aligned)."""
    return [bool(len(text)) and all(v == "" or v == "\N{EM DASH}" or _NUMERIC_TEXT.match(v) for v in text.iloc[:, j])
            for j in range(text.shape[1])]


def _html_table(table, prefix: str) -> str:
    text = table.text
    numeric = _numeric_columns(text)
    # long texts (item statements) get room instead of a narrow column of one word per line
    wide = [not numeric[j] and text.iloc[:, j].astype(str).str.len().max() > 24 for j in range(text.shape[1])]
    classes = [" class=num" if numeric[j] else " class=wide" if wide[j] else "" for j in range(text.shape[1])]
    head = "".join(f"<th scope='col'{classes[j]}>{_e(c)}</th>" for j, c in enumerate(text.columns))
    rows = "".join("<tr>" + "".join(f"<td{classes[j]}>{_e(v)}</td>" for j, v in enumerate(row)) + "</tr>"
                   for row in text.itertuples(index=False))
    thead = f"<thead><tr>{head}</tr></thead>" if any(str(c) for c in text.columns) else ""
    note = f"<p class='note'>{_e(table.note)}</p>" if table.note else ""
    return (f"<div class='tablewrap'><table id='{_e(table.key)}'><caption>{_e(prefix)}. {_e(table.caption)}"
            f"</caption>{thead}<tbody>{rows}</tbody></table>{note}</div>")


def html_body(report) -> str:
    """The report as an HTML fragment (the body of :func:`to_html`, the notebook view)."""
    lang = report.lang
    parts = [f"<h1>{_e(report.title)}</h1>",
             f"<p class='meta'>{_e(label('report.generated', lang, version=report.version, date=report.created))}</p>"]
    if len(report.sections) > 1:
        items = "".join(f"<li><a href='#sec-{_e(s.key)}'>{_e(s.title)}</a></li>" for s in report.sections)
        parts.append(f"<nav><h2>{_e(label('report.contents', lang))}</h2><ol>{items}</ol></nav>")
    numbered = dict((id(b), p) for b, p in _numbered(report))
    for number, section in enumerate(report.sections, 1):
        parts.append(f"<section id='sec-{_e(section.key)}'><h2>{number}. {_e(section.title)}</h2>")
        if section.findings:
            parts.append("<div class='findings'><ul>" + "".join(f"<li>{_e(f)}</li>" for f in section.findings)
                         + "</ul></div>")
        for block in section.blocks:
            prefix = numbered[id(block)]
            if hasattr(block, "png"):
                data = base64.b64encode(block.png).decode("ascii")
                parts.append(f"<figure><img src='data:image/png;base64,{data}' alt='{_e(block.caption)}' "
                             f"width='{int(block.width * 110)}'><figcaption>{_e(prefix)}. {_e(block.caption)}"
                             f"</figcaption></figure>")
            else:
                parts.append(_html_table(block, prefix))
        parts.append("</section>")
    return "\n".join(parts)


def to_html(report, path=None) -> str:
    """The report as one self-contained HTML document; written (UTF-8) to ``path`` when given.

    No script, no external resource: a Content-Security-Policy allows only inline styles and
    ``data:`` images, and every text from the survey is HTML-escaped.
    """
    document = (
        "<!DOCTYPE html>\n"
        f"<html lang='{_e(report.lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">"
        f"<title>{_e(report.title)}</title><style>{_CSS}</style></head><body>\n"
        f"{html_body(report)}\n</body></html>\n")
    if path is not None:
        Path(path).write_text(document, encoding="utf-8")
    return document


# -- Excel -------------------------------------------------------------------------------------

_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")


_SEGMENT_SHEETS = ("segment_groups_", "segments_", "posthoc_")  # key prefixes followed by a segment name


def _sheet_title(key: str, lang: str) -> str:
    """The sheet name of a table key in ``lang`` (``report.sheet.*`` labels)."""
    for prefix in _SEGMENT_SHEETS:
        if key.startswith(prefix):
            return label(f"report.sheet.{prefix}", lang, segment=key[len(prefix):])
    return label(f"report.sheet.{key}", lang) if f"report.sheet.{key}" in LABELS["en"] else key


def _sheet_names(keys) -> list[str]:
    """Valid, unique Excel sheet names: at most 31 characters, no [ ] : * ? / backslash or quote."""
    names, seen = [], set()
    for key in keys:
        base = _SHEET_BAD.sub("_", str(key))[:31] or "table"
        name, k = base, 2
        while name.lower() in seen:
            suffix = f"_{k}"
            name, k = base[:31 - len(suffix)] + suffix, k + 1
        seen.add(name.lower())
        names.append(name)
    return names


def _number_format(column: str) -> str:
    if column in COUNT_COLUMNS:
        return "0"
    if column in P_COLUMNS:
        return "0.000"
    return "0.00"


def to_excel(report, path) -> Path:
    """The report's tables as an Excel workbook.

    A findings sheet first, then one sheet per table (translated headers, numbers as numbers
    with number formats, codes and verdicts in words), then a sheet that describes every column
    of every sheet (:func:`servgap.columns.description`). Sheet names are in the report's
    language ("temuan", "kesenjangan_dimensi", …, "kolom"; ``report.sheet.*`` labels). Text is
    neutralised with :func:`servgap.io.export.safe_frame`.
    """
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ServgapError("Writing Excel files needs openpyxl: pip install 'servgap[excel]'.") from None
    lang = report.lang
    tables = report.tables()
    names = _sheet_names([_sheet_title(key, lang) for key in ["findings", *(t.key for t in tables), "columns"]])
    findings = pd.DataFrame([(s.title, f) for s in report.sections for f in s.findings],
                            columns=[label("report.columns.section", lang), label("report.findings", lang)])
    described = []
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        safe_frame(findings).to_excel(writer, sheet_name=names[0], index=False)
        writer.sheets[names[0]].column_dimensions["A"].width = 30
        writer.sheets[names[0]].column_dimensions["B"].width = 110
        for table, name in zip(tables, names[1:-1]):
            data = table.data
            shown = data.copy()
            shown.columns = [header(c, lang) if str(c) else "" for c in data.columns]
            title = pd.DataFrame([[f"{table.caption}"]])
            safe_frame(title).to_excel(writer, sheet_name=name, index=False, header=False)
            safe_frame(shown).to_excel(writer, sheet_name=name, index=False, startrow=2)
            sheet = writer.sheets[name]
            for j, column in enumerate(data.columns, 1):
                letter = openpyxl.utils.get_column_letter(j)
                sheet.column_dimensions[letter].width = max(10, min(60, len(str(shown.columns[j - 1])) + 2))
                dtype = data.iloc[:, j - 1].dtype
                if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
                    fmt = _number_format(str(column))
                    for row in range(4, 4 + len(data)):
                        sheet.cell(row=row, column=j).number_format = fmt
                if str(column):  # the sample table's two columns have no name
                    described.append((name, str(column), header(column, lang),
                                      description(str(column), lang) or label("report.columns.segment", lang)))
            if table.note:
                sheet.cell(row=5 + len(data), column=1, value=safe_cell(table.note))
        columns = pd.DataFrame(described, columns=[label("report.columns.sheet", lang),
                                                   label("report.columns.column", lang),
                                                   label("report.columns.header", lang),
                                                   label("report.columns.description", lang)])
        safe_frame(columns).to_excel(writer, sheet_name=names[-1], index=False)
    return path


# -- Word --------------------------------------------------------------------------------------

def _rule(cell, edge: str, size: int) -> None:
    """A horizontal rule on one edge of a table cell (python-docx has no API for borders)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    borders = properties.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        properties.append(borders)
    element = OxmlElement(f"w:{edge}")
    element.set(qn("w:val"), "single")
    element.set(qn("w:sz"), str(size))
    element.set(qn("w:space"), "0")
    element.set(qn("w:color"), "000000")
    borders.append(element)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def to_docx(report, path, *, chapter: int | None = None) -> Path:
    """The report as a Word document: APA-style tables (three horizontal rules, caption above),
    charts as figures with captions below, numbered "Table 1" or, with ``chapter``, "Tabel 4.1"."""
    try:
        import docx
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Inches, Pt
    except ImportError:
        raise ServgapError("Writing Word files needs python-docx: pip install 'servgap[report]'.") from None
    if chapter is not None and (isinstance(chapter, bool) or not isinstance(chapter, int) or chapter < 1):
        raise ServgapError(f"`chapter` must be a positive whole number or None, got {chapter!r}.")
    document = docx.Document()
    document.core_properties.title = report.title
    document.add_heading(report.title, level=0)
    document.add_paragraph(label("report.generated", report.lang, version=report.version, date=report.created))
    numbered = dict((id(b), p) for b, p in _numbered(report, chapter))
    for number, section in enumerate(report.sections, 1):
        document.add_heading(f"{number}. {section.title}", level=1)
        for finding in section.findings:
            document.add_paragraph(finding, style="List Bullet")
        for block in section.blocks:
            prefix = numbered[id(block)]
            if hasattr(block, "png"):
                document.add_picture(io.BytesIO(block.png), width=Inches(min(block.width, 6.0)))
                caption = document.add_paragraph()
                caption.add_run(prefix).bold = True
                caption.add_run(f" {block.caption}").italic = True
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
                continue
            caption = document.add_paragraph()
            caption.add_run(prefix).bold = True
            caption.add_run(f" {block.caption}").italic = True
            caption.paragraph_format.keep_with_next = True
            text = block.text
            has_header = any(str(c) for c in text.columns)
            rows = len(text) + (1 if has_header else 0)
            table = document.add_table(rows=rows, cols=text.shape[1])
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            width = text.shape[1]
            cells = table._cells  # table.cell(i, j) walks the whole table each call
            values = ([[str(c) for c in text.columns]] if has_header else []) + \
                [[str(v) for v in row] for row in text.itertuples(index=False)]
            numeric = _numeric_columns(text)
            for i, row in enumerate(values):
                for j, value in enumerate(row):
                    cell = cells[i * width + j]
                    cell.text = value
                    if numeric[j]:  # numbers right-aligned, their header over them
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(9)
            if has_header:  # a table that runs onto the next page repeats its header row there
                _repeat_header(table.rows[0])
            for j in range(width):
                _rule(cells[j], "top", 12)
                if has_header:
                    _rule(cells[j], "bottom", 6)
                _rule(cells[(rows - 1) * width + j], "bottom", 12)
            if block.note:
                note = document.add_paragraph()
                note.add_run(block.note).font.size = Pt(8)
    path = Path(path)
    document.save(path)
    return path


# -- Markdown ----------------------------------------------------------------------------------

def _md_cell(value) -> str:
    """Text for a Markdown line: HTML escaped (a Markdown viewer renders raw HTML), pipes and
    backslashes escaped, one line."""
    text = html.escape(str(value), quote=False)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(report) -> str:
    """The report as Markdown: headings, findings as a list, tables as pipe tables."""
    lines = [f"# {_md_cell(report.title)}", "",
             f"_{label('report.generated', report.lang, version=report.version, date=report.created)}_", ""]
    numbered = dict((id(b), p) for b, p in _numbered(report))
    for number, section in enumerate(report.sections, 1):
        lines += [f"## {number}. {_md_cell(section.title)}", ""]
        lines += [f"- {_md_cell(f)}" for f in section.findings] + [""]
        for block in section.blocks:
            prefix = numbered[id(block)]
            if hasattr(block, "png"):
                lines += [f"**{prefix}.** {_md_cell(block.caption)} ({label('report.chart_elsewhere', report.lang)})",
                          ""]
                continue
            text = block.text
            lines += [f"**{prefix}.** {_md_cell(block.caption)}", ""]
            lines.append("| " + " | ".join(_md_cell(c) for c in text.columns) + " |")
            lines.append("|" + "|".join("---" for _ in text.columns) + "|")
            lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in text.itertuples(index=False)]
            lines.append("")
            if block.note:
                lines += [f"_{_md_cell(block.note)}_", ""]
    return "\n".join(lines)
