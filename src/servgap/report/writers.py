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

_WORD_FONT = "Times New Roman"  # what Indonesian theses ask for; LibreOffice draws it as Liberation Serif
_TABLE_POINTS = (9.0, 8.0)      # table font size, and the smaller one a table too wide for 9 pt gets
_MANY_COLUMNS = 7               # a table this wide goes landscape when its rows wrap less there
_SHORT_TABLE = 12               # rows of a table that joins a landscape neighbour instead of a page of its own
_CELL_PAD = 4.3                 # points of white space left and right inside a cell (86 twips)
# advance widths of Times New Roman (= Liberation Serif, metric-compatible) in 1/1000 em, ASCII 32-126
_ADVANCE = dict(zip(map(chr, range(32, 127)), (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722,
    722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333,
    278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541)))
_ADVANCE.update({"\N{MINUS SIGN}": 564, "\N{EN DASH}": 500, "\N{EM DASH}": 1000, "²": 300, "α": 524, "ω": 658,
                 "η": 523, "×": 564, "±": 549, "≥": 549, "≤": 549, "…": 1000})


def _text_points(text: str, size: float) -> float:
    """Width of ``text`` set in Times New Roman at ``size`` points (a character not in the table: 0.6 em)."""
    return sum(_ADVANCE.get(ch, 600) for ch in text) * size / 1000


def _lines(text: str, width: float, size: float) -> int:
    """Lines ``text`` takes in a column ``width`` points wide (greedy wrapping at spaces)."""
    lines, used, space = 1, 0.0, _text_points(" ", size)
    for word in text.split():
        w = _text_points(word, size)
        if used and used + space + w > width:
            lines, used = lines + 1, w
        else:
            used += (space if used else 0.0) + w
    return lines


def _share(widths: list[float], wants: list[float], room: float) -> float:
    """Give up to ``room`` points to the columns short of their ``wants``, in proportion to the
    shortfall (as a browser sizes an automatic table); returns what is left."""
    short = [max(w - c, 0.0) for c, w in zip(widths, wants)]
    total = sum(short)
    if total <= 0 or room <= 0:
        return room
    given = min(room, total)
    for j, s in enumerate(short):
        widths[j] += given * s / total
    return room - given


def _column_widths(rows: list[list[str]], has_header: bool, room: float, size: float) -> list[float]:
    """Column widths (points, padding included) from the content.

    Every column is at least as wide as its longest word (so no word, header or number is
    broken); long-text columns (item statements) then get a share of the room (20%, 30% or 45%,
    whichever makes the body rows the fewest lines); short-text columns ("Prioritas Utama") get
    their full length, shortest first, so that they stay on one line; what is left goes to the
    long texts, then to the headers' full length."""
    pad = 2 * _CELL_PAD + 1.0
    body = rows[1:] if has_header else rows
    head = rows[0] if has_header else [""] * len(rows[0])
    columns = list(zip(*rows))
    least = [max((_text_points(w, size) for v in col for w in v.split()), default=0.0) + pad for col in columns]
    cells = [max((_text_points(r[j], size) for r in body), default=0.0) + pad for j in range(len(head))]
    heads = [_text_points(h, size) + pad for h in head]
    long_text = [c > 0.25 * room for c in cells]
    best, fewest = None, None
    for reserve in (0.2, 0.3, 0.45):
        widths = list(least)
        left = room - sum(widths)
        left = _share(widths, [min(c, reserve * room) if t else 0.0 for c, t in zip(cells, long_text)], left)
        for j in sorted(range(len(widths)), key=lambda j: cells[j] - widths[j]):
            if not long_text[j] and 0 < cells[j] - widths[j] <= left:
                left, widths[j] = left - (cells[j] - widths[j]), cells[j]
        left = _share(widths, cells, left)
        _share(widths, heads, left)
        lines = sum(max(_lines(v, w - 2 * _CELL_PAD, size) for v, w in zip(r, widths)) for r in body)
        if fewest is None or lines < fewest:
            best, fewest = widths, lines
        if not any(long_text):
            break
    return best


def _table_layout(text, has_header: bool, portrait: float, landscape: float, *, turned: bool = False):
    """(widths in points, font size, landscape?, body lines) of a report table.

    Portrait when every column fits at its longest word and, for a table of 7 columns or more,
    the rows wrap hardly more than on a landscape page (0.4 line a row on average); else
    landscape; a table too wide even then is set at 8 pt, and as a last resort its columns are
    narrowed in proportion. ``turned``: the landscape layout whatever the width."""
    rows = ([[str(c) for c in text.columns]] if has_header else []) + \
        [[str(v) for v in row] for row in text.itertuples(index=False)]

    def body_lines(widths, size):
        body = rows[1:] if has_header else rows
        return [max(_lines(v, w - 2 * _CELL_PAD, size) for v, w in zip(r, widths)) for r in body]

    for size in _TABLE_POINTS:
        upright = _column_widths(rows, has_header, portrait, size)
        wide = _column_widths(rows, has_header, landscape, size)
        fits_wide = sum(wide) <= landscape + 0.5
        if sum(upright) <= portrait + 0.5 and not turned:
            lines = body_lines(upright, size)
            # portrait unless a table of many columns wraps its rows clearly more than on a landscape page
            if (not lines or not fits_wide or len(rows[0]) < _MANY_COLUMNS
                    or sum(lines) <= sum(body_lines(wide, size)) + 0.4 * len(lines)):
                return upright, size, False, lines
        if fits_wide:
            return wide, size, True, body_lines(wide, size)
    size = _TABLE_POINTS[-1]
    widths = [w * landscape / sum(wide) for w in wide]
    return widths, size, True, body_lines(widths, size)


def _set_font(style, name: str, size=None) -> None:
    """A style's font, replacing the theme font the default template names (which wins over a name)."""
    from docx.oxml.ns import qn

    style.font.name = name
    fonts = style.element.rPr.rFonts
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:cs"), name)
    if size is not None:
        style.font.size = size


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


def _row_flag(row, name: str) -> None:
    """``w:tblHeader`` (repeat the row on each page) or ``w:cantSplit`` (never split the row)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement(f"w:{name}")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _mark_size(paragraph, size: float) -> None:
    """The font size of a paragraph's mark (``w:pPr/w:rPr/w:sz``), which sets an empty line's height."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marks = OxmlElement("w:rPr")
    for name in ("w:sz", "w:szCs"):
        element = OxmlElement(name)
        element.set(qn("w:val"), str(round(2 * size)))
        marks.append(element)
    paragraph._p.get_or_add_pPr().append(marks)


def _cell_margins(table, points: float) -> None:
    """Left and right white space inside every cell of ``table`` (``w:tblCellMar``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema orders tblCellMar before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


class _Pages:
    """The document's sections: a new one (on a new page) each time the orientation changes."""

    def __init__(self, document):
        self.document = document

    @property
    def current(self):
        return self.document.sections[-1]

    def orient(self, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT, WD_SECTION

        wanted = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        if self.current.orientation == wanted:
            return
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = wanted
        section.page_width, section.page_height = section.page_height, section.page_width
        # the break python-docx adds is an empty paragraph, which can spill onto a page of its own
        # after a full page: the break goes into the paragraph before it (a note or a caption)
        from docx.oxml.ns import qn

        brk = self.document.element.body.findall(qn("w:p"))[-1]
        before = brk.getprevious()
        if before is not None and before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:
            properties = brk.pPr.sectPr
            before.get_or_add_pPr().append(properties)
            brk.getparent().remove(brk)

    def room(self, landscape: bool) -> tuple[float, float]:
        """(text width, text height) in points of a portrait or landscape page."""
        s = self.document.sections[0]
        width, height = s.page_width.pt, s.page_height.pt
        if landscape:
            width, height = height, width
        return (width - s.left_margin.pt - s.right_margin.pt, height - s.top_margin.pt - s.bottom_margin.pt)


def _word_caption(document, prefix: str, text: str, *, above: bool):
    from docx.shared import Pt

    caption = document.add_paragraph()
    caption.add_run(prefix).bold = True
    caption.add_run(f" {text}").italic = True
    form = caption.paragraph_format
    form.keep_with_next = above  # a table's caption stays with the table
    form.space_before, form.space_after = Pt(12 if above else 3), Pt(4 if above else 12)
    return caption


def _word_table(document, block, prefix: str, layout) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    widths, size, _landscape, lines = layout
    _word_caption(document, prefix, block.caption, above=True)
    text = block.text
    has_header = any(str(c) for c in text.columns)
    values = ([[str(c) for c in text.columns]] if has_header else []) + \
        [[str(v) for v in row] for row in text.itertuples(index=False)]
    n_rows, width = len(values), text.shape[1]
    table = document.add_table(rows=n_rows, cols=width)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: Word and LibreOffice keep the widths set here
    _cell_margins(table, _CELL_PAD)
    for j, column in enumerate(table.columns):
        column.width = Pt(widths[j])
    total = table._tbl.tblPr.find(qn("w:tblW"))  # the table's width, as Word writes it for a fixed table
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(round(20 * sum(widths))))
    numeric = _numeric_columns(text)
    # a table shorter than half a page is kept on one page with its caption; a longer one keeps its
    # first rows with the caption (no caption alone at the foot of a page)
    height = sum(lines) * size * 1.2
    kept = n_rows - 1 if height < 0.5 * 9 * 72 else min(3, n_rows - 1)
    cells = table._cells  # table.cell(i, j) walks the whole table each call
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            cell = cells[i * width + j]
            cell.width = Pt(widths[j])
            paragraph = cell.paragraphs[0]
            paragraph.add_run(value).font.size = Pt(size)
            _mark_size(paragraph, size)  # an empty cell's line is as tall as a full one's
            form = paragraph.paragraph_format
            form.space_before, form.space_after, form.line_spacing = Pt(0), Pt(0), 1.0
            form.keep_with_next = i < kept or (i == n_rows - 1 and bool(block.note))  # the note under its table
            if numeric[j]:  # numbers right-aligned, their header over them
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _row_flag(table.rows[i], "cantSplit")
    if has_header:  # a table that runs onto the next page repeats its header row there
        _row_flag(table.rows[0], "tblHeader")
    for j in range(width):
        _rule(cells[j], "top", 12)
        if has_header:
            _rule(cells[j], "bottom", 6)
        _rule(cells[(n_rows - 1) * width + j], "bottom", 12)
    if has_header:
        for cell in table.rows[0].cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    note = document.add_paragraph()
    if block.note:
        note.add_run(block.note).font.size = Pt(size)
    form = note.paragraph_format
    form.space_before, form.space_after, form.line_spacing = Pt(3), Pt(12), 1.0


def to_docx(report, path, *, chapter: int | None = None) -> Path:
    """The report as a Word document, thesis-ready.

    Tables in APA style: numbered caption above ("Table 1", or with ``chapter`` "Tabel 4.1"),
    three horizontal rules, 9 pt single-spaced cells without space between paragraphs, column
    widths from the content (no word broken; item statements take the width left), numbers
    right-aligned; a table too wide for a portrait page gets a landscape page (then portrait
    again). Charts are numbered figures ("Gambar 4.1") sized to the text width and height.
    The text is set in Times New Roman.
    """
    try:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
    except ImportError:
        raise ServgapError("Writing Word files needs python-docx: pip install 'servgap[report]'.") from None
    if chapter is not None and (isinstance(chapter, bool) or not isinstance(chapter, int) or chapter < 1):
        raise ServgapError(f"`chapter` must be a positive whole number or None, got {chapter!r}.")
    document = docx.Document()
    from docx.shared import Mm

    first = document.sections[0]  # A4 (ISO 216), the paper of theses and reports outside North America
    first.page_width, first.page_height = Mm(210), Mm(297)
    _set_font(document.styles["Normal"], _WORD_FONT, Pt(11))
    for name in ("Title", "Heading 1", "List Bullet"):
        _set_font(document.styles[name], _WORD_FONT)
    document.core_properties.title = report.title
    pages = _Pages(document)
    portrait, landscape = pages.room(False)[0], pages.room(True)[0]
    layouts = {id(b): _table_layout(b.text, any(str(c) for c in b.text.columns), portrait, landscape)
               for s in report.sections for b in s.blocks if not hasattr(b, "png")}
    for section in report.sections:  # a short table next to a landscape one shares its page
        blocks = section.blocks
        for k, block in enumerate(blocks):
            near = [b for b in blocks[max(k - 1, 0):k + 2] if b is not block and id(b) in layouts]
            if (id(block) in layouts and not layouts[id(block)][2] and len(block.text) <= _SHORT_TABLE
                    and any(layouts[id(b)][2] for b in near)):
                layouts[id(block)] = _table_layout(block.text, any(str(c) for c in block.text.columns), portrait,
                                                   landscape, turned=True)
    document.add_heading(report.title, level=0)
    document.add_paragraph(label("report.generated", report.lang, version=report.version, date=report.created))
    numbered = dict((id(b), p) for b, p in _numbered(report, chapter))
    for number, section in enumerate(report.sections, 1):
        # the heading and findings go on the page of the section's first table or figure
        first = section.blocks[0] if section.blocks else None
        pages.orient(first is not None and id(first) in layouts and layouts[id(first)][2])
        document.add_heading(f"{number}. {section.title}", level=1)
        for finding in section.findings:
            document.add_paragraph(finding, style="List Bullet")
        for block in section.blocks:
            prefix = numbered[id(block)]
            if hasattr(block, "png"):
                pages.orient(False)
                room_w, room_h = pages.room(False)
                room_h -= 60  # the caption's lines
                scale = min(room_w / (72 * block.width), room_h / (72 * block.height), 1.0)
                document.add_picture(io.BytesIO(block.png), width=Pt(72 * block.width * scale))
                picture = document.paragraphs[-1]
                picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
                picture.paragraph_format.keep_with_next = True  # its caption follows on the same page
                picture.paragraph_format.space_before = Pt(6)
                _word_caption(document, prefix, block.caption, above=False).alignment = WD_ALIGN_PARAGRAPH.CENTER
                continue
            pages.orient(layouts[id(block)][2])
            _word_table(document, block, prefix, layouts[id(block)])
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
