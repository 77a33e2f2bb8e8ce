"""servgap.plot: what each chart draws, checked against the analysis results it draws."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.container import ErrorbarContainer  # noqa: E402

import servgap  # noqa: E402
from servgap import plot  # noqa: E402
from servgap.i18n import LABELS, label  # noqa: E402
from servgap.plot import COLORS  # noqa: E402

SURPLUS_ITEM = "3"  # the test survey's one item whose perception beats expectation


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def survey():
    """90 respondents, SERVQUAL-22, correlated answers, a few missing, item 3 in surplus."""
    rng = np.random.default_rng(7)
    n = 90
    person = rng.normal(0, 1, n)
    raw = {}
    for i in range(1, 23):
        e = np.clip(np.round(5.8 + 0.7 * person + rng.normal(0, 0.6, n)), 1, 7)
        shift = 1.2 if str(i) == SURPLUS_ITEM else -0.4 - 0.05 * i
        p = np.clip(np.round(e + shift + 0.5 * person + rng.normal(0, 0.8, n)), 1, 7)
        raw[f"E_{i}"], raw[f"P_{i}"] = e, p
    frame = pd.DataFrame(raw)
    frame.loc[[4, 17], "E_7"] = np.nan
    frame.loc[[9], "P_12"] = np.nan
    frame["branch"] = np.array(["Bandung", "Jakarta", "Surabaya"])[np.arange(n) % 3]
    frame["customer_type"] = np.where(np.arange(n) % 2, "new", "regular")
    return servgap.read_survey(frame, "servqual22", segments=["branch", "customer_type"])


def new_ax(**kws):
    return plt.subplots(**kws)[1]


def tick_texts(axis):
    return [t.get_text() for t in axis.get_ticklabels()]


def rows_by_tick(ax, patches):
    """Bar patches keyed by the y tick label at their centre."""
    ticks = dict(zip(np.round(ax.get_yticks(), 6), tick_texts(ax.yaxis)))
    return {ticks[round(p.get_y() + p.get_height() / 2, 6)]: p for p in patches}


def errorbar_extents(container: ErrorbarContainer):
    """(low, high) x extents of each horizontal error bar, in drawing order."""
    segments = container.lines[2][0].get_segments()
    return [(s[:, 0].min(), s[:, 0].max()) for s in segments]


# -- gap_bars -----------------------------------------------------------------------------------
def test_gap_bars_widths_and_intervals_are_the_table(survey):
    result = servgap.gap_scores(survey, level="item")
    table = result.table.set_index("item")
    ax = plot.gap_bars(result, order="instrument", ax=new_ax())
    assert len(ax.patches) == 22
    assert tick_texts(ax.yaxis) == list(table.index)  # no instrument: items by id
    bars = rows_by_tick(ax, ax.patches)
    for item, row in table.iterrows():
        assert bars[item].get_width() == pytest.approx(row["gap_mean"])
    (container,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    centres = container.lines[0] if container.lines[0] is not None else None
    assert centres is None  # fmt="none": no markers, only the interval lines
    expected = table[["ci_low", "ci_high"]].to_numpy()
    np.testing.assert_allclose(errorbar_extents(container), expected)


def test_gap_bars_shortfall_and_surplus_colours(survey):
    table = servgap.gap_scores(survey, level="item").table.set_index("item")
    assert table.loc[SURPLUS_ITEM, "gap_mean"] > 0 and (table["gap_mean"] < 0).sum() > 10
    ax = plot.gap_bars(survey, ax=new_ax())
    assert to_hex(COLORS["shortfall"]) != to_hex(COLORS["surplus"])
    bars = rows_by_tick(ax, ax.patches)
    for tick, bar in bars.items():
        item = tick.split(".")[0]
        want = COLORS["shortfall"] if table.loc[item, "gap_mean"] < 0 else COLORS["surplus"]
        assert to_hex(bar.get_facecolor()) == to_hex(want), item
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [label("plot.shortfall"), label("plot.surplus")]


def test_gap_bars_sorted_largest_shortfall_first(survey):
    table = servgap.gap_scores(survey, level="item").table
    ax = plot.gap_bars(survey, ax=new_ax())
    top_to_bottom = [t.split(".")[0] for t in tick_texts(ax.yaxis)]
    assert top_to_bottom == list(table.sort_values("gap_mean", kind="stable")["item"])  # ties: questionnaire order
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # first row at the top


def test_gap_bars_indonesian_dimensions(survey):
    ax = plot.gap_bars(survey, level="dimension", lang="id", ax=new_ax())
    assert sorted(tick_texts(ax.yaxis)) == ["Bukti Fisik", "Daya Tanggap", "Empati", "Jaminan", "Keandalan"]
    assert ax.get_xlabel() == "Kesenjangan (P − E)"
    assert ax.get_ylabel() == "Dimensi"
    assert ax.get_title() == "Skor kesenjangan per dimensi"
    # every dimension gap is negative: the legend lists only the shortfall colour (issue 12)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [LABELS["id"]["plot.shortfall"]]


def test_gap_bars_result_without_instrument_translates_bundled_dimensions(survey):
    result = servgap.gap_scores(survey, level="dimension")
    ax = plot.gap_bars(result, order="instrument", lang="id", ax=new_ax())
    assert tick_texts(ax.yaxis) == ["Bukti Fisik", "Keandalan", "Daya Tanggap", "Jaminan", "Empati"]


def test_gap_bars_by_segment(survey):
    result = servgap.gap_scores(survey, level="dimension", by="branch")
    ax = plot.gap_bars(survey, level="dimension", by="branch", order="instrument", ax=new_ax())
    assert len(ax.patches) == 15
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Bandung", "Jakarta", "Surabaya"]
    containers = [c for c in ax.containers if not isinstance(c, ErrorbarContainer)]
    intervals = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    for bars, errors, branch in zip(containers, intervals, ["Bandung", "Jakarta", "Surabaya"]):
        rows = result.table[result.table["branch"] == branch]
        np.testing.assert_allclose([b.get_width() for b in bars], rows["gap_mean"])
        np.testing.assert_allclose(errorbar_extents(errors), rows[["ci_low", "ci_high"]].to_numpy())
        assert len({to_hex(b.get_facecolor()) for b in bars}) == 1
    assert len({to_hex(c[0].get_facecolor()) for c in containers}) == 3


def test_gap_bars_style_overrides_are_copied(survey):
    bar_kws = {"height": 0.4}
    ax = plot.gap_bars(survey, level="dimension", bar_kws=bar_kws, err_kws={"capsize": 0}, ax=new_ax())
    assert bar_kws == {"height": 0.4}
    assert all(p.get_height() == pytest.approx(0.4) for p in ax.patches)


def test_returns_given_ax_or_current(survey):
    fig, ax = plt.subplots()
    assert plot.gap_bars(survey, ax=ax) is ax
    assert plot.expectation_perception(survey, ax=ax) is ax
    fig, ax = plt.subplots()
    assert plot.segment_heatmap(survey, by="branch") is ax
    assert plot.likert_bars(survey, items=["1"]) is plt.gca()


@pytest.mark.parametrize("call, message", [
    (lambda s: plot.gap_bars(s, level="items"), "`level` must be one of ['item', 'dimension'], got 'items'."),
    (lambda s: plot.gap_bars(s, order="size"), "`order` must be one of ['gap', 'instrument'], got 'size'."),
    (lambda s: plot.gap_bars(s, lang="fr"), "`lang` must be one of ['en', 'id'], got 'fr'."),
    (lambda s: plot.gap_bars(s, bar_kws=[("height", 1)]), "`bar_kws` must be a dict"),
    (lambda s: plot.gap_bars(servgap.gap_scores(s, level="overall")), "`level` must be one of"),
    (lambda s: plot.gap_bars(servgap.gap_scores(s), level="dimension"), "`level` is 'item' in the result"),
    (lambda s: plot.radar(servgap.gap_scores(s, level="item")), "`level` must be one of ['dimension']"),
    (lambda s: plot.segment_heatmap(s, by="wave"), "`by` names ['wave'], which is not a segment"),
    (lambda s: plot.likert_bars(s, kinds=["desired"]), "`kinds` must be one of"),
    (lambda s: plot.likert_bars(s, items=["23"]), "`items` must be one of"),
    (lambda s: plot.reliability_forest(s, score="importance"), "`score` must be one of"),
])
def test_bad_options_raise(survey, call, message):
    with pytest.raises(ValueError) as info:
        call(survey)
    assert message in str(info.value)


@pytest.mark.parametrize("call, message", [
    (lambda s: plot.expectation_perception(servgap.gap_scores(s, by="branch")), "one group"),
    (lambda s: plot.segment_heatmap(s), "`by` must name a segment column of the survey, e.g. by='branch'."),
    (lambda s: plot.segment_heatmap(servgap.gap_scores(s, level="dimension")), "compares segments"),
])
def test_charts_given_the_wrong_grouping_raise_servgap_error(survey, call, message):
    with pytest.raises(servgap.ServgapError) as info:
        call(survey)
    assert message in str(info.value)


def test_wrong_data_type_raises(survey):
    with pytest.raises(TypeError, match="Survey or a GapScores"):
        plot.gap_bars(survey.gaps)
    with pytest.raises(TypeError, match="must be a Survey"):
        plot.likert_bars(servgap.gap_scores(survey))


# -- expectation_perception ----------------------------------------------------------------------
def test_dumbbell_points_are_the_means(survey):
    result = servgap.gap_scores(survey, level="dimension")
    table = result.table
    ax = plot.expectation_perception(result, order="instrument", ax=new_ax())
    e_points, p_points = ax.collections[1:]
    np.testing.assert_allclose(e_points.get_offsets()[:, 0], table["expectation_mean"])
    np.testing.assert_allclose(p_points.get_offsets()[:, 0], table["perception_mean"])
    np.testing.assert_allclose(e_points.get_offsets()[:, 1], p_points.get_offsets()[:, 1])
    (lines,) = ax.collections[:1]
    for segment, (_, row) in zip(lines.get_segments(), table.iterrows()):
        assert sorted(segment[:, 0]) == pytest.approx(sorted([row["expectation_mean"], row["perception_mean"]]))
    assert tick_texts(ax.yaxis) == list(table["dimension"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Expectation", "Perception"]


def test_dumbbell_items_indonesian(survey):
    ax = plot.expectation_perception(survey, lang="id", ax=new_ax())
    assert len(ax.collections[1].get_offsets()) == 22
    assert "1. Peralatan yang mutakhir" in tick_texts(ax.yaxis)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Harapan", "Persepsi"]
    assert ax.get_xlabel() == "Skor rata-rata"


# -- radar ---------------------------------------------------------------------------------------
def test_radar_one_closed_line_per_series(survey):
    table = servgap.gap_scores(survey, level="dimension").table
    fig, ax = plt.subplots(subplot_kw={"projection": "polar"})
    assert plot.radar(survey, lang="id", ax=ax) is ax
    assert len(ax.lines) == 2
    for line, column in zip(ax.lines, ["expectation_mean", "perception_mean"]):
        theta, r = line.get_data()
        assert len(r) == 6 and r[0] == r[-1] and theta[0] == theta[-1]
        np.testing.assert_allclose(r[:-1], table[column])
    assert tick_texts(ax.xaxis) == ["Bukti Fisik", "Keandalan", "Daya Tanggap", "Jaminan", "Empati"]
    assert to_hex(ax.lines[0].get_color()) != to_hex(ax.lines[1].get_color())


def test_radar_makes_polar_axes_and_refuses_cartesian(survey):
    ax = plot.radar(survey)
    assert ax.name == "polar"
    with pytest.raises(ValueError, match="`ax` must be polar Axes"):
        plot.radar(survey, ax=new_ax())


def test_radar_needs_three_dimensions():
    inst = servgap.Instrument("two", {"A": ["1"], "B": ["2"]}, scale=(1, 5))
    raw = pd.DataFrame({"E_1": [4, 5], "E_2": [5, 5], "P_1": [3, 4], "P_2": [4, 4]})
    with pytest.raises(servgap.ServgapError, match="at least 3 dimensions, got 2"):
        plot.radar(servgap.read_survey(raw, inst))


# -- segment_heatmap -----------------------------------------------------------------------------
def test_heatmap_cells_and_annotations_are_the_table(survey):
    table = servgap.gap_scores(survey, level="dimension", by="branch").table
    expected = table.pivot(index="dimension", columns="branch", values="gap_mean").loc[list(survey.dimensions)]
    ax = plot.segment_heatmap(survey, by="branch", ax=new_ax())
    cells = ax.collections[0].get_array()
    np.testing.assert_allclose(np.asarray(cells).reshape(expected.shape), expected.to_numpy())
    assert tick_texts(ax.xaxis) == list(expected.columns)
    assert tick_texts(ax.yaxis) == list(expected.index)
    texts = [t.get_text() for t in ax.texts]
    assert texts == [f"{v:.2f}".replace("-", "−") for v in expected.to_numpy().ravel()]
    norm = ax.collections[0].norm
    assert norm(0.0) == pytest.approx(0.5)  # diverging map centred at 0
    assert ax.figure.axes[-1].get_ylabel() == "Gap (P − E)"  # the colour bar


@pytest.mark.parametrize("lang, text", [("en", "(missing)"), ("id", "(tidak diisi)")])
def test_missing_segment_value_is_named_not_nan(survey, lang, text):
    import dataclasses

    segments = survey.segments.copy()
    segments.loc[segments.index[:6], "branch"] = None
    gappy = dataclasses.replace(survey, segments=segments)
    heat = plot.segment_heatmap(gappy, by="branch", lang=lang, ax=new_ax())
    assert tick_texts(heat.xaxis) == ["Bandung", "Jakarta", "Surabaya", text]
    bars = plot.gap_bars(gappy, level="dimension", by="branch", lang=lang, ax=new_ax())
    assert text in [t.get_text() for t in bars.get_legend().get_texts()]
    assert "nan" not in tick_texts(heat.xaxis)


def test_heatmap_indonesian_decimal_comma_and_items(survey):
    result = servgap.gap_scores(survey, level="item", by="customer_type")
    ax = plot.segment_heatmap(result, instrument=survey.instrument, lang="id", cbar=False, ax=new_ax())
    first = result.table.iloc[0]["gap_mean"]
    assert ax.texts[0].get_text() == f"{first:.2f}".replace("-", "−").replace(".", ",")
    assert np.asarray(ax.collections[0].get_array()).size == 44
    assert ax.get_ylabel() == "Butir"
    assert len(ax.figure.axes) == 1


# -- reliability_forest --------------------------------------------------------------------------
@pytest.fixture
def alpha_table():
    """A hand-made table shaped like servgap.reliability's result table."""
    dims = ["Tangibles", "Reliability", "Responsiveness", "all items"]
    rows = []
    for j, score in enumerate(["expectation", "perception", "gap"]):
        for i, dim in enumerate(dims):
            alpha = 0.62 + 0.05 * i + 0.02 * j
            rows.append({"score": score, "dimension": dim, "n": 100, "n_items": 4, "alpha": alpha,
                         "std_alpha": alpha, "average_r": 0.4, "ci_low": alpha - 0.04 - 0.01 * i,
                         "ci_high": alpha + 0.03, "omega_total": alpha + 0.01})
    return pd.DataFrame(rows)


def test_forest_points_and_intervals_are_the_table(alpha_table):
    ax = plot.reliability_forest(alpha_table, ax=new_ax())
    containers = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(containers) == 3
    for container, score in zip(containers, ["expectation", "perception", "gap"]):
        rows = alpha_table[alpha_table["score"] == score]
        np.testing.assert_allclose(container.lines[0].get_xdata(), rows["alpha"])
        np.testing.assert_allclose(errorbar_extents(container), rows[["ci_low", "ci_high"]].to_numpy())
    assert tick_texts(ax.yaxis) == ["Tangibles", "Reliability", "Responsiveness", "All items"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Expectation", "Perception", "Gap (P − E)"]
    vertical = [line.get_xdata()[0] for line in ax.lines if len(set(line.get_xdata())) == 1]
    assert vertical == [0.70]


def test_forest_thresholds_subset_and_indonesian(alpha_table):
    ax = plot.reliability_forest(alpha_table, score="gap", thresholds=(0.6, 0.7), lang="id", ax=new_ax())
    containers = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(containers) == 1 and len(containers[0].lines[0].get_xdata()) == 4
    assert tick_texts(ax.yaxis) == ["Bukti Fisik", "Keandalan", "Daya Tanggap", "Semua butir"]
    vertical = [line.get_xdata()[0] for line in ax.lines if len(set(line.get_xdata())) == 1]
    assert vertical == [0.6, 0.7]
    assert {t.get_text() for t in ax.texts} == {"α = 0,60", "α = 0,70"}
    assert ax.get_xlabel() == "α Cronbach"


def test_forest_accepts_a_result_object_and_its_threshold(alpha_table):
    from servgap.results import Result

    class Shaped(Result):
        threshold = 0.6
        confidence = 0.9

    ax = plot.reliability_forest(Shaped(table=alpha_table), ax=new_ax())
    vertical = [line.get_xdata()[0] for line in ax.lines if len(set(line.get_xdata())) == 1]
    assert vertical == [0.6]
    assert ax.get_xlabel() == "Cronbach's α (90% CI)"


def test_forest_refuses_grouped_or_incomplete_tables(alpha_table):
    with pytest.raises(servgap.ServgapError, match="one group"):
        plot.reliability_forest(alpha_table.assign(branch="Bandung")[["branch", *alpha_table.columns]])
    with pytest.raises(servgap.ServgapError, match=r"lacks the columns \['ci_low'\]"):
        plot.reliability_forest(alpha_table.drop(columns="ci_low"))


def test_forest_from_survey(survey):
    from servgap.reliability import reliability

    table = reliability(survey, score="perception").table
    ax = plot.reliability_forest(survey, score="perception", ax=new_ax())
    (container,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    np.testing.assert_allclose(container.lines[0].get_xdata(), table["alpha"])
    assert tick_texts(ax.yaxis)[0] == "Tangibles"


# -- likert_bars ---------------------------------------------------------------------------------
def test_likert_segment_widths_are_answer_shares(survey):
    items = ["1", "7", "12"]
    ax = plot.likert_bars(survey, items=items, ax=new_ax())
    by_gid = {p.get_gid(): p for p in ax.patches}
    assert len(by_gid) == len(items) * 2 * 7
    for kind, answers in (("expectation", survey.expectation), ("perception", survey.perception)):
        for item in items:
            shares = answers[item].dropna().value_counts(normalize=True) * 100
            for value in range(1, 8):
                width = by_gid[f"{kind}|{item}|{value}"].get_width()
                assert width == pytest.approx(shares.get(float(value), 0.0)), (kind, item, value)


def test_likert_bars_diverge_around_the_middle_answer(survey):
    ax = plot.likert_bars(survey, items=["12"], ax=new_ax())
    by_gid = {p.get_gid(): p for p in ax.patches}
    for kind, answers in (("expectation", survey.expectation), ("perception", survey.perception)):
        shares = answers["12"].dropna().value_counts(normalize=True) * 100
        below = sum(shares.get(float(v), 0.0) for v in (1, 2, 3)) + shares.get(4.0, 0.0) / 2
        first = by_gid[f"{kind}|12|1"]
        centre = ax.lines[0 if kind == "expectation" else 1].get_xdata()[0]
        assert centre - first.get_x() == pytest.approx(below)
    colors = {to_hex(by_gid[f"perception|12|{v}"].get_facecolor()) for v in range(1, 8)}
    assert len(colors) == 7


def test_likert_labels_indonesian(survey):
    ax = plot.likert_bars(survey, items=["1", "2"], lang="id", ax=new_ax())
    assert tick_texts(ax.yaxis) == ["1. Peralatan yang mutakhir", "2. Fasilitas fisik yang menarik"]
    assert {t.get_text() for t in ax.texts} == {"Harapan", "Persepsi"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "1 sangat tidak setuju" and legend[-1] == "7 sangat setuju" and len(legend) == 7
    assert ax.get_legend().get_title().get_text() == "Jawaban"


# -- the package ---------------------------------------------------------------------------------
def test_plot_labels_exist_in_both_languages():
    en = {k for k in LABELS["en"] if k.startswith("plot.")}
    ids = {k for k in LABELS["id"] if k.startswith("plot.")}
    assert en and en == ids


def test_importing_servgap_does_not_import_pyplot():
    code = "import sys, servgap, servgap.plot; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_result_is_drawn_in_its_own_language_unless_told(survey):
    result = servgap.gap_scores(survey, level="dimension", by="branch", lang="id")
    ax = plot.segment_heatmap(result, ax=new_ax())
    assert ax.get_title() == label("plot.title.segment_heatmap", "id", level="dimensi", segment="branch")
    assert ax.get_ylabel() == "Dimensi" and "Bukti Fisik" in tick_texts(ax.yaxis)
    ax = plot.segment_heatmap(result, lang="en", ax=new_ax())
    assert ax.get_ylabel() == "Dimension" and "Tangibles" in tick_texts(ax.yaxis)
    ax = plot.gap_bars(survey, level="dimension", ax=new_ax())  # a Survey has no language: English
    assert ax.get_xlabel() == "Gap (P − E)"
    alphas = servgap.reliability(survey, score="perception", lang="id")
    ax = plot.reliability_forest(alphas, ax=new_ax())
    assert ax.get_title() == label("plot.title.reliability_forest", "id")
