"""Paste-ready tables (Result.to_table) and the report (servgap.report): HTML, Excel, Word, Markdown."""

import re
import sys
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
    assert book.sheetnames[0] == "temuan" and book.sheetnames[-1] == "kolom"
    sheet = book["kesenjangan_dimensi"]
    headers = [c.value for c in sheet[3]]
    col = headers.index("Rata-rata kesenjangan") + 1
    dim = servgap.gap_scores(hostile_survey, level="dimension").table
    values = [sheet.cell(row=4 + i, column=col).value for i in range(len(dim))]
    np.testing.assert_allclose(values, dim["gap_mean"].to_numpy())
    assert sheet.cell(row=4, column=col).number_format == "0.00"
    assert sheet.cell(row=4, column=headers.index("n") + 1).number_format == "0"
    described = {(r[0].value, r[1].value) for r in book["kolom"].iter_rows(min_row=2)}
    assert ("kesenjangan_dimensi", "gap_mean") in described
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert "'" + HOSTILE_BRANCH[0] in texts and "'@SUM(A1)" in texts and "'+1+1" in texts
    assert not any(t.startswith(("=", "@", "+", "-")) for t in texts)


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
    xml = re.sub(r"<w:tblCellMar>.*?</w:tblCellMar>", "", table._tbl.xml, flags=re.S)  # margins, not rules
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
    assert table.data["dimension"].tolist() == ["Kecepatan", "Kepedulian"]  # the Excel sheet's cells
    assert any("Kecepatan" in f or "Kepedulian" in f for f in rep.sections[0].findings)
    english = servgap.report(survey, lang="en", sections=["gaps"],
                             dimension_labels={"Speed": {"id": "Kecepatan"}, "Care": "Kepedulian"})
    shown = next(t for t in english.tables() if t.key == "gaps_dimension").text["Dimension"].tolist()
    assert shown == ["Speed", "Kepedulian"]  # no English name given: the id; a plain name serves both
    for bad, match in [({"Sped": "Kecepatan"}, "'Sped', which is not a dimension"),
                       ({"Speed": {"fr": "Vitesse"}}, r"languages \['fr'\]"), (["Speed"], "maps dimensions")]:
        with pytest.raises(servgap.ServgapError, match=match):
            servgap.report(survey, lang="id", sections=["gaps"], dimension_labels=bad)


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


def one_branch_survey(n: int):
    """The first ``n`` example respondents, all of one branch (segment comparisons cannot run):
    (the raw table, the survey)."""
    raw = load_example(as_frame=True).head(n)
    raw["branch"] = "Jakarta"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return raw, servgap.read_survey(raw, "servqual22", id="respondent", segments=["branch"])


def quiet_compare(survey):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return servgap.compare_segments(survey, "branch")


def test_an_analysis_that_cannot_run_is_said_not_raised():
    _, survey = one_branch_survey(4)
    with pytest.raises(servgap.ServgapError) as raised:
        quiet_compare(survey)
    rep = servgap.report(survey, sections=["segments", "methods"], lang="id")
    assert rep.sections[0].findings == ("branch: tidak dapat dihitung. compare_segments memerlukan sedikitnya dua "
                                        "nilai segmen 'branch'; respondennya hanya memiliki 'Jakarta'.",)
    assert rep.to_html().count("tidak dapat dihitung") == 1
    english = servgap.report(survey, sections=["segments"], lang="en")
    assert english.sections[0].findings == (f"branch: not computed. {raised.value}",)


# -- everything in Indonesian: warnings, sheet names, column descriptions; Word checked in its XML ---------

@pytest.fixture(scope="module")
def warned_survey():
    """14 respondents of the example, three missing expectation answers, one answer off the scale
    (set missing) and a branch of four: small-sample and reliability warnings."""
    raw = load_example(as_frame=True).head(14).copy()
    raw["branch"] = ["A"] * 10 + ["B"] * 4
    raw.loc[raw.index[:3], "E_5"] = np.nan
    raw.loc[raw.index[2], "P_7"] = 9
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return servgap.read_survey(raw, "servqual22", id="respondent", segments=["branch"], on_invalid="missing")


@pytest.fixture(scope="module")
def warned_reports(warned_survey):
    return {lang: servgap.report(warned_survey, lang=lang) for lang in ("en", "id")}


def _english_fragments():
    """Pieces of English label text (between placeholders) that the Indonesian label does not share."""
    fragments = set()
    for key, english in LABELS["en"].items():
        indonesian = LABELS["id"].get(key, "")
        for piece in re.split(r"\{[^}]*\}", english):
            piece = piece.strip(" .,;:()")
            if len(piece) >= 12 and " " in piece and piece not in indonesian:
                fragments.add(piece)
    return fragments


def test_the_analyses_warnings_are_said_in_the_report_language(warned_survey, warned_reports):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        servgap.reliability(warned_survey, score="all")
        servgap.compare_segments(warned_survey, "branch", level="dimension", min_group_n=5)
    keyed = [w.message for w in caught if isinstance(w.message, servgap.ServgapWarning)]
    assert keyed and all(w.key for w in keyed)  # every warning of these analyses is a label
    en = " ".join(f for s in warned_reports["en"].sections for f in s.findings)
    ind = " ".join(f for s in warned_reports["id"].sections for f in s.findings)
    assert "Warnings of the analyses: " in en and "Peringatan dari analisis: " in ind
    assert ("Segments with fewer than 5 respondents: branch = B (Tangibles: n = 4), branch = B (Reliability: n = 4)"
            in en)
    assert "Segmen dengan kurang dari 5 responden: 5 sel." in ind
    # the same warning in both languages, values translated: score, dimension and a decimal comma
    assert "expectation / all items: item '17' correlates negatively with the rest of its scale (r_drop = -0.032)" \
        in en
    assert "harapan / semua butir: butir '17' berkorelasi negatif dengan butir lain pada skalanya (r_drop = -0,032)" \
        in ind
    assert "kesenjangan / Keandalan: matriks kovarians butir singular; omega NaN." in ind
    assert "gap / Reliability: the item covariance matrix is singular; omega is NaN." in en


def test_no_english_sentence_in_an_indonesian_report(warned_reports):
    fragments = _english_fragments()
    assert any(f.startswith("correlates negatively with the rest of its scale") for f in fragments)
    english_text = warned_reports["en"].to_markdown()
    found_in_english = [f for f in fragments if f in english_text]
    assert len(found_in_english) > 20  # the English report does use them
    text = warned_reports["id"].to_markdown()
    assert [f for f in fragments if f in text] == []


def test_keyed_error_is_said_in_indonesian_on_the_command_line(tmp_path, capsys, monkeypatch):
    from servgap.cli import main

    raw, survey = one_branch_survey(20)
    with pytest.raises(servgap.ServgapError) as raised:
        servgap.compare_segments(survey, "branch")
    error = raised.value
    assert error.key == "inference.error.one_group" and error.values["segment"] == "branch"
    said = ("compare_segments memerlukan sedikitnya dua nilai segmen 'branch'; respondennya hanya memiliki "
            "'Jakarta'.")
    assert servgap.i18n.message(error.key, "id", **error.values) == said

    def refuse(*args, **kwargs):  # the report refusing with that error: the command says it in Indonesian
        raise error

    path = tmp_path / "one_branch.csv"
    raw.to_csv(path, index=False)
    monkeypatch.setattr(sys.modules["servgap.report"], "report", refuse)  # the package, not servgap.report()
    code = main(["report", str(path), "--instrument", "servqual22", "--id", "respondent", "--segments", "branch",
                 "--lang", "id", "-o", str(tmp_path / "r.html")])
    assert code == 2 and capsys.readouterr().err.strip().splitlines()[-1] == f"servgap: {said}"


def test_excel_sheet_names_and_column_descriptions_in_indonesian(warned_survey, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from servgap.columns import description

    hostile = "wilayah/kota: [utama]*? 'cabang' \\ sangat panjang sekali"
    rep = servgap.report(warned_survey, lang="id")
    book = openpyxl.load_workbook(rep.to_excel(tmp_path / "id.xlsx"))
    names = book.sheetnames
    assert names[:4] == ["temuan", "sampel", "ringkasan_pengecualian", "log_pengecualian"]
    assert {"validitas", "reliabilitas", "kesenjangan_dimensi", "kesenjangan_butir", "uji_kesenjangan_dimensi",
            "segmen_branch", "kelompok_branch", "uji_lanjut_branch", "rencana_tindakan", "pustaka"} <= set(names)
    assert names[-1] == "kolom" and len(names) == len(set(n.lower() for n in names)) == len(rep.tables()) + 2
    english = openpyxl.load_workbook(servgap.report(warned_survey, lang="en").to_excel(tmp_path / "en.xlsx"))
    assert english.sheetnames[:2] == ["findings", "sample"] and english.sheetnames[-1] == "columns"
    rows = list(book["kolom"].iter_rows(min_row=2, values_only=True))
    assert [c.value for c in book["kolom"][1]] == ["Lembar", "Kolom", "Judul kolom", "Keterangan"]
    assert len(rows) > 100 and all(r[3] for r in rows)  # no blank description
    for sheet, column, _, text in rows:
        assert text == (description(column, "id") or "kolom segmen survei (nilainya seperti di berkas)"), column
    assert ("kesenjangan_dimensi", "gap_mean", "Rata-rata kesenjangan", "rata-rata skor kesenjangan (P − E)") in rows
    assert ("kelompok_branch", "branch", "branch", "kolom segmen survei (nilainya seperti di berkas)") in rows
    # a segment column named with every character a sheet name cannot hold, and too long for 31
    raw = load_example(as_frame=True).head(40)
    raw[hostile] = ["x", "y"] * 20
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = servgap.read_survey(raw, "servqual22", id="respondent", segments=[hostile])
    rep = servgap.report(survey, lang="id", sections=["segments"])
    names = openpyxl.load_workbook(rep.to_excel(tmp_path / "hostile.xlsx")).sheetnames
    segment_sheets = names[1:-1]
    assert len(segment_sheets) == 3 and len({n.lower() for n in segment_sheets}) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\'") for n in names)
    assert [n.split("_")[0] for n in segment_sheets] == ["segmen", "kelompok", "uji"]


def _borders(cell):
    from docx.oxml.ns import qn

    found = cell._tc.tcPr.find(qn("w:tcBorders")) if cell._tc.tcPr is not None else None
    if found is None:
        return {}
    return {child.tag.split("}")[1]: (child.get(qn("w:val")), child.get(qn("w:sz"))) for child in found}


def test_word_document_reopened_captions_rules_figures_and_commas(report_id, tmp_path):
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    document = docx.Document(report_id.to_docx(tmp_path / "id.docx", chapter=4))
    paragraphs = document.paragraphs
    tables = [p.text for p in paragraphs if p.text.startswith("Tabel ")]
    figures = [(i, p.text) for i, p in enumerate(paragraphs) if p.text.startswith("Gambar ")]
    assert [t.split()[1] for t in tables] == [f"4.{k}" for k in range(1, len(report_id.tables()) + 1)]
    assert [t.split(" ", 2)[2] for t in tables] == [t.caption for t in report_id.tables()]
    assert [t.split()[1] for _, t in figures] == [f"4.{k}" for k in range(1, len(report_id.figures()) + 1)]
    assert [t.split(" ", 2)[2] for _, t in figures] == [f.caption for f in report_id.figures()]
    assert figures[0][1] == "Gambar 4.1 Reliabilitas per dimensi"
    for i, _ in figures:  # each caption right under its picture
        assert paragraphs[i - 1]._p.findall(".//" + qn("w:drawing"))
    assert len(document.inline_shapes) == len(figures)
    assert len(document.tables) == len(report_id.tables())
    for table, shown in zip(document.tables, report_id.tables()):
        rows = table.rows
        has_header = any(str(c) for c in shown.text.columns)  # the sample table has no header row
        assert len(rows) == len(shown.text) + has_header
        # three rules: above the first row, below the header (when there is one), below the last row
        assert all(_borders(c)["top"] == ("single", "12") for c in rows[0].cells)
        if has_header:
            assert all(_borders(c)["bottom"] == ("single", "6") for c in rows[0].cells)
        assert all(_borders(c)["bottom"] == ("single", "12") for c in rows[-1].cells)
        for row in rows[1:-1]:  # no rule between body rows, no vertical rule anywhere
            assert all(_borders(c) == {} for c in row.cells)
        assert all(set(_borders(c)) <= {"top", "bottom"} for row in rows for c in row.cells)
    gaps = document.tables[[t.key for t in report_id.tables()].index("gaps_dimension")]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    align = [c.paragraphs[0].alignment for c in gaps.rows[1].cells]
    assert align[0] != WD_ALIGN_PARAGRAPH.RIGHT and align[1:] == [WD_ALIGN_PARAGRAPH.RIGHT] * (len(align) - 1)
    assert gaps.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # the header repeats on a new page
    cells = [c.text for t in document.tables for row in t.rows[1:] for c in row.cells]
    decimal_dot = [c for c in cells if re.fullmatch(r"[<>]?\s?[−-]?\d+\.\d+%?", c)]
    decimal_comma = [c for c in cells if re.fullmatch(r"[<>]?\s?[−-]?\d+,\d+%?", c)]
    assert decimal_dot == [] and len(decimal_comma) > 500
    assert "< 0,001" in cells


def test_validate_prints_the_exclusion_log_in_indonesian(tmp_path, capsys):
    from servgap.cli import main

    raw = load_example(as_frame=True).head(30).copy()
    raw.loc[raw.index[:3], "E_5"] = np.nan
    path = tmp_path / "missing.csv"
    raw.to_csv(path, index=False)
    assert main(["validate", str(path), "--instrument", "servqual22", "--id", "respondent", "--lang", "id"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "Masalah" in line)
    assert header.split() == ["Baris", "Responden", "Kolom", "Nilai", "Masalah", "Tindakan"]
    assert "jawaban tanpa pasangan harapan/persepsi" in out and "jawaban tidak dipakai dalam kesenjangan" in out
    assert "incomplete_pair" not in out and "answer missing" not in out and "not_used" not in out
    assert main(["validate", str(path), "--instrument", "servqual22", "--id", "respondent"]) == 0
    assert "answer missing for item" in capsys.readouterr().out  # English keeps the reason sentences


def test_a_warning_without_a_label_is_counted_in_indonesian_named_in_english(example, monkeypatch):
    import servgap.gaps

    original = servgap.gaps.gap_scores

    def noisy(*args, **kwargs):  # as numpy would warn from inside an analysis
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
        return original(*args, **kwargs)

    monkeypatch.setattr(servgap.gaps, "gap_scores", noisy)
    said = {lang: servgap.report(example, lang=lang, sections=["gaps", "methods"]).sections[-1].findings[-1]
            for lang in ("en", "id")}
    assert said["en"] == "Warnings of the numerical libraries (1): Mean of empty slice"
    assert said["id"].startswith("1 peringatan lain dari pustaka numerik") and "empty" not in said["id"]


def test_demo_prints_decimal_commas_in_indonesian(tmp_path, capsys):
    from servgap.cli import main

    assert main(["demo", "-o", str(tmp_path), "--lang", "id"]) == 0
    out = capsys.readouterr().out
    overall = servgap.gap_scores(load_example(), level="overall").table.iloc[0]

    def comma(v):
        return f"{v:.3f}".replace(".", ",").replace("-", "\N{MINUS SIGN}")

    assert f"Skor SERVQUAL keseluruhan: {comma(overall.gap_mean)} [{comma(overall.ci_low)}; {comma(overall.ci_high)}]" \
        in out.splitlines()
    summary = out.split("Rencana tindakan")[0]
    assert re.findall(r"\d\.\d", summary.split("Skor SERVQUAL")[1]) == []  # no dot decimal next to the commas
    assert "Daya Tanggap      \N{MINUS SIGN}1,740" in out


# -- the command line takes every loader option -------------------------------------------------------

def _libqual_file(tmp_path, bad=False):
    lib = servgap.instruments.get("libqual22")
    rng = np.random.default_rng(3)
    n = 30
    cols = {"id": [f"r{i}" for i in range(n)], "sat": rng.integers(1, 11, n)}
    for item in lib.items:
        adequate = rng.integers(3, 7, n)
        cols[f"M_{item}"] = adequate
        cols[f"D_{item}"] = np.minimum(adequate + rng.integers(0, 3, n), 9)
        cols[f"P_{item}"] = np.clip(adequate + rng.integers(-2, 2, n), 1, 9)
    frame = pd.DataFrame(cols)
    if bad:
        frame.loc[0, "P_1"] = 12  # off the 1-9 scale
    path = tmp_path / "libqual.csv"
    frame.to_csv(path, index=False)
    return path, frame


def test_report_command_takes_the_zone_of_tolerance_and_outcome_options(tmp_path, capsys):
    from servgap.cli import main

    path, frame = _libqual_file(tmp_path, bad=True)
    args = ["report", str(path), "--instrument", "libqual22", "--id", "id", "--expectation", "none",
            "--adequate", "M_{item}", "--desired", "D_{item}", "--outcomes", "sat", "--outcome-scale", "1", "10",
            "--min-items", "2", "--lang", "id", "-o", str(tmp_path / "r.html")]
    assert main(args) == 1  # the answer off the scale is a problem ...
    assert "nilai di luar skala" in capsys.readouterr().err
    assert main([*args, "--on-invalid", "missing"]) == 0  # ... or, asked, an answer set missing
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "zona toleransi" in html and "dijadikan kosong" in html
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = servgap.read_survey(frame.assign(**{"P_1": frame["P_1"].where(frame.index > 0, 12)}), "libqual22",
                                     id="id", expectation=None, adequate="M_{item}", desired="D_{item}",
                                     outcomes=["sat"], outcome_scale=(1, 10), min_items=2, on_invalid="missing")
    assert set(survey.components) == {"adequate", "desired", "perception"} and list(survey.outcomes) == ["sat"]
    zone = servgap.zone_of_tolerance(survey, level="dimension").table
    first = f"{zone['zone_width'].iloc[0]:.2f}".replace(".", ",")
    assert first in html


def test_validate_command_takes_weights_listwise_importance_and_long_options(tmp_path, capsys):
    from servgap.cli import main

    raw = load_example(as_frame=True).head(40)
    path = tmp_path / "wide.csv"
    raw.to_csv(path, index=False)
    args = ["validate", str(path), "--instrument", "servqual22", "--id", "respondent", "--importance", "I_{item}",
            "--dimension-weights", "W_{dimension}", "--missing", "listwise"]
    assert main(args) == 0
    out = capsys.readouterr().out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = servgap.read_survey(raw, "servqual22", id="respondent", importance="I_{item}",
                                     dimension_weights="W_{dimension}", missing="listwise")
    assert survey.n_respondents < 40 and f"Respondents: {survey.n_respondents}\n" in out
    assert "Importance" in out and "listwise" in out
    # a long file with one row per respondent and item: --values; with a kind column: --kinds
    long = raw.head(10).melt(id_vars=["respondent"], value_vars=[f"{k}_{i}" for k in "EP" for i in range(1, 23)])
    long["kind"] = long["variable"].str[0].map({"E": "H", "P": "K"})
    long["item"] = long["variable"].str[2:]
    long[["respondent", "item", "kind", "value"]].to_csv(tmp_path / "long.csv", index=False)
    wide_items = long.pivot_table(index=["respondent", "item"], columns="kind", values="value").reset_index()
    wide_items.to_csv(tmp_path / "per_item.csv", index=False)
    base = ["validate", "--instrument", "servqual22", "--long", "--respondent", "respondent", "--item", "item"]
    assert main([base[0], str(tmp_path / "long.csv"), *base[1:], "--kind", "kind", "--value", "value",
                 "--kinds", "H=expectation", "K=perception"]) == 0
    assert "Respondents: 10\n" in capsys.readouterr().out
    assert main([base[0], str(tmp_path / "per_item.csv"), *base[1:], "--values", "expectation=H",
                 "perception=K"]) == 0
    assert "Respondents: 10\n" in capsys.readouterr().out
    assert main([base[0], str(tmp_path / "per_item.csv"), *base[1:], "--values", "expectation", "--lang", "id"]) == 2
    assert capsys.readouterr().err.strip() == ("servgap: --values memerlukan kata berbentuk KUNCI=NILAI "
                                               "(mis. expectation=E); diberikan 'expectation'.")
    assert main(["validate", str(path), "--instrument", "servqual22", "--likert", "no-such-set"]) == 2
    assert "no-such-set" in capsys.readouterr().err


# -- Word layout: widths from the content, landscape pages for wide tables, tight cells ---------------

def test_word_column_widths_hand_worked():
    from servgap.report.writers import _column_widths

    # Times New Roman advances (1/1000 em) at 9 pt, plus 2 x 4.3 + 1 pt padding: "12" = 2 x 500,
    # "Peralatan yang mutakhir" = 3721 + 250 + 1944 + 250 + 3611 = 9776, "mutakhir" = 3611
    rows = [["n", "Pernyataan"], ["12", "Peralatan yang mutakhir"]]
    assert _column_widths(rows, True, 432, 9.0) == pytest.approx([9.0 + 9.6, 87.984 + 9.6])
    # squeezed into 70 pt: the number keeps its width, the statement gets the rest (no less than "mutakhir")
    squeezed = _column_widths(rows, True, 70, 9.0)
    assert squeezed == pytest.approx([18.6, 70 - 18.6]) and squeezed[1] > 32.499 + 9.6


def _body_sections(document):
    """Each body table of a reopened document with the section (w:sectPr) it sits in."""
    from docx.oxml.ns import qn

    pending, found = [], []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            pending.append(element)
        properties = element if element.tag == qn("w:sectPr") else element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if properties is not None:
            found += [(t, properties) for t in pending]
            pending = []
    return found


def test_word_layout_widths_landscape_and_tight_cells(report_id, tmp_path):
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn
    from docx.shared import Emu

    document = docx.Document(report_id.to_docx(tmp_path / "layout.docx", chapter=4))
    keys = [t.key for t in report_id.tables()]
    placed = _body_sections(document)
    assert [t for t, _ in placed] == [t._tbl for t in document.tables]

    def page(properties):
        size, margin = properties.find(qn("w:pgSz")), properties.find(qn("w:pgMar"))
        width, height = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
        text = width - int(margin.get(qn("w:left"))) - int(margin.get(qn("w:right")))
        return size.get(qn("w:orient")) == "landscape" and width > height, text / 20  # points

    size = document.sections[0]  # A4 paper
    assert (round(size.page_width.mm), round(size.page_height.mm)) == (210, 297)
    for (tbl, properties), table, shown in zip(placed, document.tables, report_id.tables()):
        grid = [Emu(int(c.get(qn("w:w"))) * 635).pt for c in tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
        assert len(grid) == len(table.columns) and all(w > 0 for w in grid)
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in table.rows:  # every cell carries its column's width
            assert [round(c.width.pt, 1) for c in row.cells] == [round(w, 1) for w in grid]
        _, room = page(properties)
        assert sum(grid) <= room + 1, shown.key
        # no column narrower than its longest word at 3.5 pt a character (Times at 8-9 pt is wider)
        for j, w in enumerate(grid):
            words = [x for c in table.columns[j].cells for x in c.text.split()]
            assert w >= 3.5 * max(map(len, words), default=0), (shown.key, j)
        for row in table.rows:  # single-spaced 8-9 pt cells without space before or after
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    form = paragraph.paragraph_format
                    assert form.space_after == 0 and form.space_before == 0 and form.line_spacing == 1.0
                    assert all(r.font.size.pt in (8.0, 9.0) for r in paragraph.runs)
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    landscape = {key: page(p)[0] for key, (_, p) in zip(keys, placed)}
    for key in ("reliability", "gaps_item", "gap_tests_item", "action_plan"):  # 10-13 columns
        assert landscape[key], key
    for key in ("sample", "exclusion_summary", "exclusions", "csi", "references"):
        assert not landscape[key], key
    assert page(document.element.body.sectPr)[0] is False  # the document ends on a portrait page
    # widths follow the content: statements widest, counts narrow
    validity = document.tables[keys.index("validity")]
    widths = [c.width.pt for c in validity.rows[0].cells]
    headers = [c.text for c in validity.rows[0].cells]
    assert max(widths) == widths[headers.index("Pernyataan")] and widths[headers.index("n")] < 0.3 * max(widths)
    assert len({round(w) for w in widths}) > 4
    # figures fit the text width and height of their (portrait) page
    section = document.sections[0]
    room_w = section.page_width - section.left_margin - section.right_margin
    room_h = section.page_height - section.top_margin - section.bottom_margin
    assert all(s.width <= room_w and s.height <= room_h for s in document.inline_shapes)


def test_word_exclusion_log_shows_its_first_rows_and_says_where_the_rest_is(report_id, tmp_path):
    docx = pytest.importorskip("docx")

    document = docx.Document(report_id.to_docx(tmp_path / "log.docx"))
    keys = [t.key for t in report_id.tables()]
    n_log = len(report_id.tables()[keys.index("exclusions")].data)
    assert n_log == 354
    log = document.tables[keys.index("exclusions")]
    assert len(log.rows) == 1 + 10  # header and the first ten entries
    counts = document.tables[keys.index("exclusion_summary")]
    assert sum(int(r.cells[-1].text) for r in counts.rows[1:]) == n_log  # the counts per problem cover all
    note = "Ditampilkan 10 catatan pertama dari 354; buku kerja Excel memuat semuanya."
    assert any(note in p.text for p in document.paragraphs)
