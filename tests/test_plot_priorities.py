"""Charts of the priorities family: what ipa_grid, csi_gauge, zone_of_tolerance, drivers and
gap_trend draw, checked against the results they draw, in English and Indonesian."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import servgap  # noqa: E402
from servgap import plot  # noqa: E402
from servgap.errors import ServgapError  # noqa: E402
from servgap.i18n import label  # noqa: E402
from servgap.plot import COLORS  # noqa: E402
from servgap.plot._ipa import place_labels  # noqa: E402
from servgap.priorities import QUADRANT_CODES  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def survey():
    """120 respondents, SERVQUAL-22 with importance ratings; items 10–13 important and weak."""
    rng = np.random.default_rng(11)
    n = 120
    raw = {}
    for i in range(1, 23):
        weak = 10 <= i <= 13
        e = np.clip(np.round(5.8 + rng.normal(0, 0.8, n)), 1, 7)
        raw[f"E_{i}"] = e
        raw[f"P_{i}"] = np.clip(np.round(e - (2.0 if weak else 0.5) + rng.normal(0, 0.8, n)), 1, 7)
        raw[f"I_{i}"] = np.clip(np.round((6.3 if weak else 5.6) + rng.normal(0, 0.6, n)), 1, 7)
    frame = pd.DataFrame(raw)
    frame["month"] = np.repeat([1, 2, 3, 4], n // 4)
    return servgap.read_survey(frame, "servqual22", importance="I_{item}", segments=["month"])


def new_ax(**kws):
    return plt.subplots(**kws)[1]


def by_gid(artists, prefix):
    return [a for a in artists if (a.get_gid() or "").startswith(prefix)]


# -- ipa_grid ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "id"])
def test_ipa_grid_draws_points_crosshair_and_named_quadrants(survey, lang):
    result = servgap.ipa(survey, importance="importance", lang=lang)
    ax = plot.ipa_grid(result, ax=new_ax(figsize=(7, 6)))
    table = result.table
    points = ax.collections[0].get_offsets()
    np.testing.assert_allclose(points, table[["performance_mean", "importance_mean"]].to_numpy())
    names = {t.get_gid(): t for t in by_gid(ax.texts, "quadrant_name_")}
    assert [names[f"quadrant_name_{q}"].get_text() for q in (1, 2, 3, 4)] == [
        f"{roman}. {label('priorities.quadrant.' + QUADRANT_CODES[q], lang)}"
        for q, roman in zip((1, 2, 3, 4), ("I", "II", "III", "IV"))]
    assert names["quadrant_name_1"].get_fontweight() == "bold"
    assert names["quadrant_name_2"].get_fontweight() != "bold"
    shade = by_gid(ax.patches, "quadrant_1")
    assert len(shade) == 1
    cx, cy = result.crosshair
    assert shade[0].get_x() + shade[0].get_width() == pytest.approx(cx)
    assert shade[0].get_y() == pytest.approx(cy)
    lines = [ln for ln in ax.lines]
    assert sorted(ln.get_xdata()[0] for ln in lines if ln.get_xdata()[0] == ln.get_xdata()[1])[0] == pytest.approx(cx)
    assert any(ln.get_ydata()[0] == pytest.approx(cy) and ln.get_ydata()[1] == pytest.approx(cy) for ln in lines)
    point_labels = by_gid(ax.texts, "point_label")
    assert [t.get_text() for t in point_labels] == table["item"].tolist()
    assert ax.get_xlabel() == label("plot.performance_axis", lang)
    assert ax.get_title() == label("plot.title.ipa_grid", lang)


def test_ipa_grid_labels_do_not_overlap(survey):
    ax = plot.ipa_grid(survey, importance="importance", ax=new_ax(figsize=(6, 5)))
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    # the text's own box (an Annotation's get_window_extent adds its connector line)
    boxes = [Text.get_window_extent(t, renderer) for t in by_gid(ax.texts, "point_label")]
    assert len(boxes) == 22
    clashes = [(i, j) for i in range(len(boxes)) for j in range(i) if boxes[i].overlaps(boxes[j])]
    assert clashes == []
    # nor does a label cover a point
    centres = ax.transData.transform(ax.collections[0].get_offsets())
    covered = [(i, k) for i, box in enumerate(boxes) for k, (px, py) in enumerate(centres)
               if box.x0 < px < box.x1 and box.y0 < py < box.y1]
    assert covered == []


def test_place_labels_parts_labels_on_one_spot():
    anchors = np.zeros((4, 2))
    sizes = np.full((4, 2), [12.0, 9.0])
    centres = place_labels(anchors, sizes, marker=4.0)
    for i in range(4):
        dx, dy = np.abs(centres[i])
        assert dx >= 6 + 2 or dy >= 4.5 + 2  # off the point: half the label + half the marker
        for j in range(i):
            dx, dy = np.abs(centres[i] - centres[j])
            assert dx >= 12 or dy >= 9
    # the first label takes the preferred spot: right of and above its point
    assert centres[0].tolist() == pytest.approx([6 + 2 + 1, 4.5 + 2 + 1])


def test_ipa_grid_dimension_names_in_indonesian(survey):
    ax = plot.ipa_grid(survey, level="dimension", lang="id", ax=new_ax())
    assert sorted(t.get_text() for t in by_gid(ax.texts, "point_label")) == [
        "Bukti Fisik", "Daya Tanggap", "Empati", "Jaminan", "Keandalan"]
    assert ax.get_ylabel() == "Kepentingan (harapan)"


def test_ipa_grid_refuses_groups_and_other_objects(survey):
    with pytest.raises(ServgapError, match="one group"):
        plot.ipa_grid(servgap.ipa(survey, by="month"), ax=new_ax())
    with pytest.raises(ServgapError, match="IPAResult"):
        plot.ipa_grid(servgap.gap_scores(survey), ax=new_ax())
    with pytest.raises(ServgapError, match="cannot change"):
        plot.ipa_grid(servgap.ipa(survey), level="dimension", ax=new_ax())


# -- csi_gauge -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "id"])
def test_csi_gauge_draws_the_bands_and_the_index(survey, lang):
    result = servgap.csi(survey, importance="importance", lang=lang)
    ax = plot.csi_gauge(result, ax=new_ax(figsize=(7, 2.2)))
    bands = sorted(result.bands.items(), key=lambda kv: kv[1])
    assert [p.get_gid() for p in ax.patches] == [f"band_{code}" for code, _ in bands]
    assert [p.get_x() for p in ax.patches] == pytest.approx([0, 35, 51, 66, 81])
    assert sum(p.get_width() for p in ax.patches) == pytest.approx(100)
    texts = [t.get_text() for t in ax.texts]
    for code, _ in bands:
        assert label(f"priorities.band.{code}", lang) in texts
    value = f"{result.csi:.1f}".replace(".", "," if lang == "id" else ".")
    assert f"{value}% · {label('priorities.band.' + result.band, lang)}" in texts
    mark = ax.lines[0]
    assert mark.get_xdata().tolist() == pytest.approx([result.csi, result.csi])


def test_csi_gauge_with_own_bands(survey):
    ax = plot.csi_gauge(survey, bands={"good": 70, "poor": 0}, ax=new_ax())
    assert len(ax.patches) == 2
    assert {"good", "poor"} <= {t.get_text() for t in ax.texts}


# -- zone_of_tolerance ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def libqual():
    inst = servgap.Instrument("lib", {"Place": ["1", "2", "3"]}, scale=(1, 9),
                              components=("adequate", "desired", "perception"))
    raw = pd.DataFrame({"A_1": [5, 6, 5], "D_1": [8, 8, 7], "P_1": [4, 4, 3],
                        "A_2": [6, 6, 6], "D_2": [8, 8, 8], "P_2": [7, 7, 8],
                        "A_3": [4, 5, 6], "D_3": [6, 6, 6], "P_3": [7, 8, 9]})
    return servgap.read_survey(raw, inst)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_zone_of_tolerance_chart(libqual, lang):
    result = servgap.zone_of_tolerance(libqual, lang=lang)
    ax = plot.zone_of_tolerance(result, ax=new_ax())
    table = result.table
    assert [p.get_x() for p in ax.patches] == pytest.approx(table["adequate_mean"].tolist())
    assert [p.get_width() for p in ax.patches] == pytest.approx((table["desired_mean"] - table["adequate_mean"]).tolist())
    marks = {c.get_gid(): c for c in ax.collections}
    assert set(marks) == {"perception_below", "perception_within", "perception_above"}
    assert marks["perception_below"].get_offsets()[:, 0].tolist() == pytest.approx([11 / 3])
    assert to_hex(marks["perception_below"].get_facecolor()[0]) == COLORS["shortfall"].lower()
    assert to_hex(marks["perception_above"].get_facecolor()[0]) == COLORS["surplus"].lower()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [label(k, lang) for k in ("plot.zone", "plot.zone.below", "plot.zone.within", "plot.zone.above")]


def test_zone_of_tolerance_chart_needs_three_columns(survey):
    with pytest.raises(ServgapError, match="adequate"):
        plot.zone_of_tolerance(survey, ax=new_ax())


# -- gap_trend -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "id"])
def test_gap_trend_chart(survey, lang):
    result = servgap.gap_trend(survey, period="month", lang=lang)
    ax = plot.gap_trend(result, ax=new_ax())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == 5
    drawn = [ln for ln in ax.lines if not ln.get_label().startswith("_")]
    for line, (dim, rows) in zip(drawn, result.table.groupby("dimension", sort=False)):
        assert line.get_ydata().tolist() == pytest.approx(rows["gap_mean"].tolist())
    assert len(ax.collections) == 5  # one confidence band per dimension
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    first = result.table[result.table["dimension"] == result.table["dimension"].iloc[0]]
    assert band.min() == pytest.approx(first["ci_low"].min())
    assert band.max() == pytest.approx(first["ci_high"].max())
    assert ax.get_ylabel() == label("kind.gap", lang)
    assert ax.get_title() == label("plot.title.gap_trend", lang, period="month")
    expected_names = {"en": "Responsiveness", "id": "Daya Tanggap"}[lang]
    assert expected_names in legend


# -- drivers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "id"])
def test_drivers_chart(survey, lang):
    satisfaction = survey.overall_scores("perception").rename("satisfaction")
    result = servgap.drivers(survey, outcome=satisfaction, n_boot=40, seed=2, lang=lang)
    ax = plot.drivers(result, ax=new_ax())
    ordered = result.table.sort_values("relative_weight", ascending=False)
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx(ordered["relative_weight_pct"].tolist())
    names = {"en": "Responsiveness", "id": "Daya Tanggap"}[lang]
    assert names in [t.get_text() for t in ax.get_yticklabels()]
    segments = ax.collections[0].get_segments()  # the error bars, top bar first
    for seg, (_, row) in zip(segments, ordered.iterrows()):
        lo, hi = sorted(seg[:, 0])
        assert hi == pytest.approx(row["ci_high"] / result.r2 * 100)
        assert lo == pytest.approx(min(row["ci_low"], row["relative_weight"]) / result.r2 * 100)
    assert ax.get_xlabel() == label("plot.relative_weight", lang)
    assert ax.get_title() == label("plot.title.drivers", lang, outcome="satisfaction")
    r2 = f"{result.r2:.3f}".replace(".", "," if lang == "id" else ".")
    assert f"R² = {r2}" in [t.get_text() for t in ax.texts]


def test_drivers_chart_needs_the_result(survey):
    with pytest.raises(ServgapError, match="DriversResult"):
        plot.drivers(survey, ax=new_ax())


def test_ipa_axis_names_the_importance_measure_only_when_it_is_not_rated_importance():
    import servgap
    from servgap.datasets import load_example
    survey = load_example()
    assert servgap.plot.ipa_grid(survey, importance="importance").get_ylabel() == "Importance"
    assert servgap.plot.ipa_grid(survey).get_ylabel() == "Importance (expectation)"
    assert servgap.plot.ipa_grid(survey, importance="importance", lang="id").get_ylabel() == "Kepentingan"
