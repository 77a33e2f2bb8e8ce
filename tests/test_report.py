"""Paste-ready tables (Result.to_table) and the report (servgap.report): HTML, Excel, Word, Markdown."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap.columns import COLUMNS
from servgap.datasets import load_example
from servgap.i18n import LABELS
from servgap.report.format import format_number, format_p, format_table, header

HOSTILE_BRANCH = ['=HYPERLINK("http://x.example","click")', "@SUM(A1)", "+1+1", "<img src=x onerror=alert(1)>"]


@pytest.fixture(scope="module")
def example():
    return load_example()


@pytest.fixture(scope="module")
def hostile_survey():
    """The example survey with formula and script text as segment values and an item label,
    and one branch of three respondents (below min_cell = 5)."""
    raw = load_example(as_frame=True)
    raw["branch"] = [HOSTILE_BRANCH[i % 3] for i in range(len(raw))]
    raw.loc[raw.index[:3], "branch"] = HOSTILE_BRANCH[3]
    base = servgap.instruments.get("servqual22")
    labels = {k: dict(v) for k, v in base.item_labels.items()}
    labels["1"] = {"en": "<script>window.__pwned = 1</script> modern equipment", "id": "<script>x()</script>"}
    inst = servgap.Instrument("hostile", dict(base.dimensions), scale=base.scale, item_labels=labels,
                              dimension_labels=base.dimension_labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return servgap.read_survey(raw, inst, id="respondent", segments=["branch"])


@pytest.fixture(scope="module")
def report_id(example):
    return servgap.report(example, lang="id")


# -- the formatter --------------------------------------------------------------------------------

def test_numbers_and_p_values_as_journals_write_them():
    assert format_number(-1.7397, "id") == "\N{MINUS SIGN}1,74"
    assert format_number(-0.004, "en") == "0.00"  # no negative zero
    assert format_number(2749.810143, "id", 2) == "2749,81"
    assert format_number(np.nan) == ""
    assert format_p(0.0004) == "< 0.001" and format_p(0.0004, "id") == "< 0,001"
    assert format_p(0.001) == "0.001" and format_p(0.0456, "id") == "0,046"
    assert format_p(1.0) == "1.000"


def test_every_column_of_the_vocabulary_has_a_header_in_both_languages():
    for lang in ("en", "id"):
        for name in COLUMNS:
            assert f"column.{name}" in LABELS[lang], (lang, name)
    assert header("gap_mean", "id") == "Rata-rata kesenjangan"
    assert header("perception_sd") == "Perception SD"
    assert header("branch", "id") == "branch"  # a segment column keeps its name


def test_reliability_to_table_rounds_translates_and_keeps_table_numeric(example):
    result = servgap.reliability(example, score="perception", threshold=0.86, lang="id")
    shown = result.to_table()
    t = result.table
    assert shown.columns.tolist()[:5] == ["Skor", "Dimensi", "n", "Jumlah butir", "α Cronbach"]
    expected = [f"{a:.2f}".replace(".", ",") for a in t["alpha"]]
    assert shown["α Cronbach"].tolist() == expected
    words = ["reliabel" if r else "tidak reliabel" for r in t["reliable"]]
    assert shown["Keputusan"].tolist() == words and "tidak reliabel" in words
    assert shown["Dimensi"].tolist()[:3] == ["Bukti Fisik", "Keandalan", "Daya Tanggap"]
    assert t["alpha"].dtype == float and t["reliable"].dtype == "boolean"  # .table untouched
    english = result.to_table(lang="en", digits=3)
    assert english["Cronbach's α"].tolist() == [f"{a:.3f}" for a in t["alpha"]]
    assert set(english["Verdict"]) <= {"reliable", "not reliable"}


def test_validity_verdicts_in_words(example):
    result = servgap.validity(example, lang="id")
    shown = result.to_table()
    assert set(shown["Keputusan"]) == {"valid"}
    forced = result.to_table(lang="en")
    assert forced.columns.tolist() == ["Score", "Dimension", "Item", "n", "r", "Corrected r", "Critical r", "Verdict"]
    t = pd.DataFrame({"item": ["1", "2", "3"], "valid": pd.array([True, False, pd.NA], dtype="boolean")})
    assert format_table(t, "id")["Keputusan"].tolist() == ["valid", "tidak valid", "tidak dapat dihitung"]


def test_p_values_counts_and_measures(example):
    tests = servgap.gap_tests(example, level="dimension")
    shown = tests.to_table()
    assert shown["p"].tolist() == ["< 0.001"] * 5  # every dimension gap p is below 1e-10
    assert shown["n"].tolist() == [str(n) for n in tests.table["n"]]
    assert shown["df"].tolist() == [str(int(d)) for d in tests.table["dof"]]  # whole df without decimals
    fit = servgap.cfa(example, lang="id").to_table()
    rows = dict(zip(fit["Ukuran"], fit["Nilai"]))
    table = servgap.cfa(example).table.set_index("measure")["value"]
    assert rows["db"] == str(int(table["dof"]))
    assert rows["p (χ²)"] == f"{table['p_val']:.3f}".replace(".", ",")
    assert rows["CFI"] == f"{table['cfi']:.2f}".replace(".", ",")
    assert set(fit["Penilaian"]) == {"", "baik"}


def test_codes_in_words_and_which_tables(example):
    plan = servgap.priorities(example, level="dimension", lang="id")
    shown = plan.to_table()
    assert shown["Tindakan"].iloc[0] == "Perbaiki segera" and shown["Dimensi"].iloc[0] == "Daya Tanggap"
    assert shown["Nama kuadran"].iloc[0] == "Prioritas Utama"
    assert shown["Belum memenuhi harapan"].iloc[0] == "ya"
    seg = servgap.compare_segments(example, "branch")
    assert seg.tables() == ("table", "groups", "posthoc")
    post = seg.to_table(which="posthoc")
    assert post["Group A"].iloc[0] == "Bandung" and post.shape == seg.posthoc.shape
    with pytest.raises(servgap.ServgapError, match="`which` must be one of"):
        seg.to_table(which="items")
    corr = servgap.cfa(example, lang="id").to_table(which="factor_correlations")
    assert corr.iloc[0, 0] == "Tangibles" and corr.iloc[0, 1] == "1,00"


@pytest.mark.parametrize("make", [
    lambda s: servgap.gap_scores(s, level="item"),
    lambda s: servgap.gap_scores(s, level="overall", weighted=True),
    lambda s: servgap.gap_tests(s, level="item", method="wilcoxon"),
    lambda s: servgap.compare_segments(s, "customer_type", level="item"),
    lambda s: servgap.compare_waves(s.subset(branch="Jakarta"), s.subset(branch="Bandung")),
    lambda s: servgap.reliability(s),
    lambda s: servgap.validity(s),
    lambda s: servgap.factor_check(s),
    lambda s: servgap.cfa(s),
    lambda s: servgap.ipa(s, importance="importance"),
    lambda s: servgap.csi(s, importance="importance"),
    lambda s: servgap.pgcv(s),
    lambda s: servgap.priorities(s),
    lambda s: servgap.gap_trend(s, period="branch"),
])
def test_every_result_gets_a_paste_ready_table_in_indonesian(example, make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = make(example)
    for which in result.tables():
        raw = getattr(result, which)
        shown = result.to_table(lang="id", which=which)
        assert shown.shape == (len(raw), raw.shape[1] + (0 if isinstance(raw.index, pd.RangeIndex) else 1))
        cells = shown.to_numpy().ravel().tolist()
        assert all(isinstance(c, str) for c in cells)
        # no decimal point in Indonesian numbers, no English words for booleans
        numeric = [c for c in cells if re.fullmatch(r"[−<\s\d.,]+", c)]
        assert not any("." in c for c in numeric), which
        assert not {"True", "False", "reliable", "good"} & set(cells)
        # every vocabulary column translated (the CSI's and the trend's tables too)
        for column, head in zip(raw.columns, shown.columns[-raw.shape[1]:]):
            if str(column) in COLUMNS and str(column) not in ("n", "r", "acv", "udcv", "pgcv", "ave", "msa", "beta"):
                assert head != column, column


def test_zone_of_tolerance_positions_in_words():
    from servgap.zones import ZoneOfTolerance

    result = ZoneOfTolerance(table=pd.DataFrame({"item": ["1", "2"], "perception_mean": [5.0, 6.5],
                                                 "position": ["below", "within"]}), lang="id")
    assert result.to_table()["Posisi"].tolist() == ["Di bawah zona", "Di dalam zona"]


def test_bad_digits_is_a_servgap_error(example):
    with pytest.raises(servgap.ServgapError, match="digits"):
        servgap.gap_scores(example).to_table(digits=-1)


# -- the report -----------------------------------------------------------------------------------

def test_findings_are_the_numbers_of_the_analyses(example, report_id):
    gaps = servgap.gap_scores(example, level="dimension").table.set_index("dimension")
    worst = gaps["gap_mean"].idxmin()
    assert worst == "Responsiveness"
    row = gaps.loc[worst]
    findings = {s.key: s.findings for s in report_id.sections}
    def comma(v):
        return f"{v:.2f}".replace(".", ",").replace("-", "−")

    assert findings["gaps"][1] == (f"Daya Tanggap menunjukkan kesenjangan terbesar: {comma(row.gap_mean)} "
                                   f"(IK 95% {comma(row.ci_low)} s.d. {comma(row.ci_high)}), p < 0,001.")
    csi = servgap.csi(example, importance="importance")
    assert findings["priorities"][0] == f"Indeks kepuasan pelanggan (CSI) sebesar {csi.csi:.2f}% (Puas).".replace(
        f"{csi.csi:.2f}", f"{csi.csi:.2f}".replace(".", ","))
    alpha = servgap.reliability(example).table["alpha"]
    assert f"antara {alpha.min():.2f} dan {alpha.max():.2f}".replace(".", ",") in findings["validity"][1]
    assert [s.key for s in report_id.sections] == ["sample", "validity", "gaps", "significance", "segments",
                                                   "priorities", "methods"]
    methods = " ".join(findings["methods"])
    assert "servgap 0.1.0" in methods and "min_cell = 5" in methods and re.search(r"\d{4}-\d\d-\d\d", methods)


def test_report_tables_are_the_result_tables(example, report_id):
    tables = {t.key: t for t in report_id.tables()}
    dim = servgap.gap_scores(example, level="dimension").table
    np.testing.assert_array_equal(tables["gaps_dimension"].data["gap_mean"].to_numpy(), dim["gap_mean"].to_numpy())
    assert tables["gaps_dimension"].text["Rata-rata kesenjangan"].tolist() == [
        f"{v:.2f}".replace(".", ",").replace("-", "−") for v in dim["gap_mean"]]
    assert tables["gaps_dimension"].data["dimension"].tolist()[0] == "Bukti Fisik"


def test_html_is_self_contained_and_escapes_everything(hostile_survey, tmp_path):
    rep = servgap.report(hostile_survey, title="<b>Q3</b> & co")
    html = rep.to_html(tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == html
    assert "<script" not in html.lower() and "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;b&gt;Q3&lt;/b&gt; &amp; co" in html
    assert "http-equiv='Content-Security-Policy'" in html and "default-src 'none'" in html
    # no external resource: every src/href is a data URI or an in-page anchor
    for attr in re.findall(r"(?:src|href)='([^']*)'", html):
        assert attr.startswith(("data:image/png;base64,", "#")), attr
    assert len(rep.figures()) >= 5 and html.count("<img ") == len(rep.figures())
    assert "max-width: 100%" in html and "@media print" in html and "width=device-width" in html


def test_ids_hidden_unless_asked(example):
    hidden = servgap.report(example, sections=["sample"]).to_html()
    shown = servgap.report(example, sections=["sample"], include_ids=True).to_html()
    first = example.exclusions["respondent"].iloc[0]
    assert f">{first}<" not in hidden and f">{first}<" in shown
    assert "Respondent ids are not shown" in hidden


def test_small_segment_cells_suppressed_and_said(hostile_survey):
    rep = servgap.report(hostile_survey, sections=["segments"], lang="id")
    section = rep.sections[0]
    assert any("disembunyikan" in f and "kurang dari 5 responden" in f for f in section.findings)
    groups = next(t for t in rep.tables() if t.key == "segment_groups_branch")
    small = groups.data["branch"] == HOSTILE_BRANCH[3]
    assert small.sum() == 5  # one row per dimension
    assert groups.data.loc[small, "gap_mean"].isna().all() and groups.data.loc[small, "n"].isna().all()
    assert (groups.text.loc[small.to_numpy(), "Rata-rata kesenjangan"] == "—").all()
    assert (groups.text.loc[~small.to_numpy(), "Rata-rata kesenjangan"] != "—").all()
    post = next(t for t in rep.tables() if t.key == "posthoc_branch")
    assert HOSTILE_BRANCH[3] not in set(post.data["group_a"]) | set(post.data["group_b"])


def test_excel_numbers_formats_columns_sheet_and_no_formula(hostile_survey, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    rep = servgap.report(hostile_survey, lang="id")
    path = rep.to_excel(tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "findings" and book.sheetnames[-1] == "columns"
    sheet = book["gaps_dimension"]
    headers = [c.value for c in sheet[3]]
    col = headers.index("Rata-rata kesenjangan") + 1
    dim = servgap.gap_scores(hostile_survey, level="dimension").table
    values = [sheet.cell(row=4 + i, column=col).value for i in range(len(dim))]
    np.testing.assert_allclose(values, dim["gap_mean"].to_numpy())
    assert sheet.cell(row=4, column=col).number_format == "0.00"
    assert sheet.cell(row=4, column=headers.index("n") + 1).number_format == "0"
    described = {(r[0].value, r[1].value) for r in book["columns"].iter_rows(min_row=2)}
    assert ("gaps_dimension", "gap_mean") in described
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert "'" + HOSTILE_BRANCH[0] in texts and "'@SUM(A1)" in texts and "'+1+1" in texts
    assert not any(t.startswith(("=", "@", "+")) for t in texts)


def test_word_captions_rules_and_decimal_comma(example, report_id, tmp_path):
    docx = pytest.importorskip("docx")
    path = report_id.to_docx(tmp_path / "r.docx", chapter=4)
    document = docx.Document(path)
    captions = [p.text for p in document.paragraphs if re.match(r"(Tabel|Gambar) \d", p.text)]
    tables = [c for c in captions if c.startswith("Tabel")]
    figures = [c for c in captions if c.startswith("Gambar")]
    assert tables[0] == "Tabel 4.1 Sampel penelitian"
    assert [c.split()[1] for c in tables] == [f"4.{i}" for i in range(1, len(tables) + 1)]
    assert len(tables) == len(report_id.tables()) == len(document.tables)
    assert len(figures) == len(report_id.figures()) == len(document.inline_shapes)
    rel = next(i for i, c in enumerate(tables) if "reliabilitas" in c.lower())
    table = document.tables[rel]
    assert table.rows[0].cells[4].text == "α Cronbach"
    alpha = servgap.reliability(example).table["alpha"].iloc[0]
    assert table.rows[1].cells[4].text == f"{alpha:.2f}".replace(".", ",")
    # three horizontal rules: above and below the header row, below the last row; no vertical ones
    xml = table._tbl.xml
    assert xml.count("<w:top ") == len(table.columns)
    assert xml.count("<w:bottom ") == 2 * len(table.columns)
    assert "<w:left " not in xml and "<w:insideV" not in xml
    english = servgap.report(example, sections=["gaps"]).to_docx(tmp_path / "en.docx")
    first = [p.text for p in docx.Document(english).paragraphs if p.text.startswith("Table ")]
    assert first[0] == "Table 1 Gap scores (dimension)"


def test_markdown_and_notebook_view(report_id, hostile_survey):
    text = report_id.to_markdown()
    assert text.startswith("# Laporan kualitas layanan")
    assert "| Dimensi | n | Rata-rata harapan |" in text
    assert report_id._repr_html_().startswith("<h1>")
    md = servgap.report(hostile_survey, sections=["segments"]).to_markdown()
    # a Markdown viewer renders raw HTML: segment values are escaped there too
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "=HYPERLINK" in md  # formula text is harmless in Markdown


def test_custom_dimension_names(example):
    inst = servgap.Instrument("mini", {"Speed": ["1", "2", "3"], "Care": ["4", "5", "6"]}, scale=(1, 7))
    raw = load_example(as_frame=True)
    keep = ["respondent"] + [f"{k}_{i}" for k in "EP" for i in range(1, 7)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = servgap.read_survey(raw[keep], inst, id="respondent")
    rep = servgap.report(survey, lang="id", sections=["gaps"],
                         dimension_labels={"Speed": {"id": "Kecepatan"}, "Care": "Kepedulian"})
    table = next(t for t in rep.tables() if t.key == "gaps_dimension")
    assert table.text["Dimensi"].tolist() == ["Kecepatan", "Kepedulian"]
    assert any("Kecepatan" in f or "Kepedulian" in f for f in rep.sections[0].findings)


def test_bad_options_are_servgap_errors(example):
    with pytest.raises(ValueError, match="sections"):
        servgap.report(example, sections=["gapz"])
    with pytest.raises(ValueError, match="segments"):
        servgap.report(example, segments="region")
    with pytest.raises(servgap.ServgapError, match="min_cell"):
        servgap.report(example, min_cell=0)
    with pytest.raises(servgap.ServgapError, match="Survey"):
        servgap.report(pd.DataFrame())
    with pytest.raises(ValueError, match="lang"):
        servgap.report(example, lang="fr")


def test_gap_bars_legend_lists_only_the_colours_drawn(example):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from servgap.gaps import GapScores

    fig, ax = plt.subplots()
    servgap.plot.gap_bars(example, level="dimension", ax=ax)  # every dimension gap is negative
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Below expectation (P < E)"]
    plt.close(fig)
    mixed = GapScores(table=pd.DataFrame({"dimension": ["A", "B"], "n": [10, 10], "gap_mean": [-0.5, 0.25],
                                          "ci_low": [-0.9, -0.1], "ci_high": [-0.1, 0.6]}), level="dimension")
    fig, ax = plt.subplots()
    servgap.plot.gap_bars(mixed, ax=ax)
    assert len(ax.get_legend().get_texts()) == 2
    plt.close(fig)


def test_codebook_dimension_names_reach_the_report(tmp_path, example):
    path = tmp_path / "codebook.csv"
    lines = ["item,dimension,label_id,dimension_label_id"]
    for dim, items in example.instrument.dimensions.items():
        lines += [f"{i},{dim},Pernyataan {i},{'Kecepatan' if dim == 'Responsiveness' else ''}" for i in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inst = servgap.Instrument.from_codebook(path, scale=(1, 7))
    assert inst.dimension_labels == {"Responsiveness": {"id": "Kecepatan"}}
    assert inst.dimension_label("Responsiveness", "id") == "Kecepatan"
    raw = load_example(as_frame=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = servgap.read_survey(raw, inst, id="respondent")
    rep = servgap.report(survey, lang="id", sections=["gaps"])
    assert rep.sections[0].findings[1].startswith("Kecepatan menunjukkan kesenjangan terbesar")
    items = next(t for t in rep.tables() if t.key == "gaps_item")
    assert items.text["Pernyataan"].iloc[0] == "Pernyataan 1"


def test_reliability_forest_threshold_labels_do_not_collide(example):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    servgap.plot.reliability_forest(example, thresholds=(0.7, 0.72, 0.8), ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().startswith("α = ")]
    assert len(boxes) == 3
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    title = ax.title.get_window_extent(renderer)
    assert not any(title.overlaps(b) for b in boxes)
    plt.close(fig)


def test_three_column_survey_reports_the_zone_of_tolerance_and_priorities():
    lib = servgap.instruments.get("libqual22")
    rng = np.random.default_rng(7)
    n = 40
    cols = {"id": [f"r{i}" for i in range(n)]}
    for k, item in enumerate(lib.items):
        adequate = rng.integers(4, 7, n)
        cols[f"M_{item}"] = adequate
        cols[f"D_{item}"] = np.minimum(adequate + rng.integers(0, 3, n), 9)
        cols[f"P_{item}"] = np.clip(adequate + rng.integers(-3, 2, n) - (k % 2), 1, 9)  # odd items fall short
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = servgap.read_survey(pd.DataFrame(cols), lib, id="id", adequate="M_{item}", desired="D_{item}",
                                     expectation=None)
        zone = servgap.zone_of_tolerance(survey, level="item").table
    rep = servgap.report(survey, sections=["gaps", "priorities"])
    gaps, prio = rep.sections
    below = zone.loc[zone["position"] == "below", "item"].tolist()
    assert below  # the construction puts some items below the zone
    assert gaps.findings[0] == "Mean perception lies below the zone of tolerance (under the adequate level) for " \
                               f"items {', '.join(below[:-1])} and {below[-1]}."
    assert [b.key for b in gaps.blocks] == ["zone_dimension", "zone_item", "zone_of_tolerance"]
    shown = next(b for b in gaps.blocks if b.key == "zone_item").text
    assert set(shown["Position"]) <= {"Below the zone", "Within the zone", "Above the zone"}
    assert [b.key for b in prio.blocks][:1] == ["ipa"]  # importance: the desired level


def test_an_analysis_that_cannot_run_is_said_not_raised():
    raw = load_example(as_frame=True).head(4)
    raw["branch"] = "Jakarta"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = servgap.read_survey(raw, "servqual22", id="respondent", segments=["branch"])
        with pytest.raises(servgap.ServgapError) as raised:
            servgap.compare_segments(survey, "branch")
    rep = servgap.report(survey, sections=["segments", "methods"], lang="id")
    assert rep.sections[0].findings == (f"branch: tidak dapat dihitung. {raised.value}",)
    assert rep.to_html().count("tidak dapat dihitung") == 1
