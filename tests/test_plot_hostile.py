"""Charts on hostile data (issue 13): a ServgapError or a drawing, never a crash or a hang."""

import io
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import cbook  # noqa: E402

import servgap  # noqa: E402
from servgap import ServgapError, plot  # noqa: E402
from servgap.plot._common import MAX_GROUPS  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def survey_with(segment, *, n=None, dims=None, answers=None, rng=None):
    """A three-dimension survey with one segment column ``seg``; answers 1-5."""
    rng = np.random.default_rng(3) if rng is None else rng
    n = len(segment) if n is None else n
    dims = dims or {"Cost $": ["1", "2"], "B": ["3"], "C": ["4"]}
    inst = servgap.Instrument("mini", dims, scale=(1, 5))
    raw = {f"{k}_{i}": rng.integers(1, 6, n).astype(float) for k in "EP" for i in inst.items}
    raw.update(answers or {})
    raw["seg"] = segment
    return servgap.read_survey(pd.DataFrame(raw), inst, segments=["seg"])


def all_texts(ax):
    texts = [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.title, ax.xaxis.label, ax.yaxis.label]
    legend = ax.get_legend()
    if legend is not None:
        texts += [*legend.get_texts(), legend.get_title()]
    return [t.get_text() for t in texts]


# -- charts raise ServgapError, not ValueError -----------------------------------------------
def test_likert_bars_on_non_integer_answers_raise_servgap_error():
    survey = survey_with(["a"] * 6, answers={"E_2": [4.5, 3, 2, 1, 5, 4]})
    with pytest.raises(ServgapError, match=r"whole-number answers from 1 to 5; the expectation answers also "
                                           r"hold 4.5 \(1 answers, e.g. item '2'\)"):
        plot.likert_bars(survey)
    ax = plot.likert_bars(survey, kinds="perception")  # the perception answers are whole numbers
    assert len(ax.patches) == 4 * 5


def test_radar_with_two_dimensions_raises_servgap_error():
    survey = survey_with(["a"] * 4, dims={"A": ["1"], "B": ["2"]})
    with pytest.raises(ServgapError, match="A radar chart needs at least 3 dimensions, got 2"):
        plot.radar(survey)


def test_segment_heatmap_without_by_raises_servgap_error():
    with pytest.raises(ServgapError, match="`by` must name a segment column of the survey, e.g. by='seg'"):
        plot.segment_heatmap(survey_with(["a", "b"] * 3))


# -- too many groups -------------------------------------------------------------------------
def test_too_many_segment_groups_are_refused_before_computing():
    n = 10_000
    survey = survey_with(np.arange(n).astype(str), n=n)  # every respondent a segment of their own
    for chart in (plot.gap_bars, plot.segment_heatmap):
        start = time.perf_counter()
        with pytest.raises(ServgapError) as info:
            chart(survey, by="seg", level="dimension")
        assert time.perf_counter() - start < 2.0
        name = chart.__name__
        assert str(info.value).startswith(f"{name} draws at most {MAX_GROUPS[name]} segment groups legibly; "
                                          f"`by` ['seg'] makes 10,000.")


def test_group_limits_are_the_documented_ones_and_apply_to_results():
    assert MAX_GROUPS == {"gap_bars": 8, "segment_heatmap": 40}
    nine = survey_with(list("abcdefghi") * 3)
    result = servgap.gap_scores(nine, level="dimension", by="seg")
    with pytest.raises(ServgapError, match="gap_bars draws at most 8 segment groups legibly; `by` \\['seg'\\] "
                                           "makes 9. .* segment_heatmap draws up to 40 groups."):
        plot.gap_bars(result)
    ax = plot.segment_heatmap(result, ax=plt.subplots()[1])  # nine columns: drawn
    assert ax.collections[0].get_array().shape == (3, 9)
    eight = survey_with(list("abcdefgh") * 3)
    ax = plot.gap_bars(eight, by="seg", level="dimension", ax=plt.subplots()[1])
    assert len(ax.get_legend().get_texts()) == 8


# -- text from the data is drawn as text -----------------------------------------------------
def test_dollar_signs_and_markup_in_segments_and_names_are_drawn_literally():
    values = ["$x^2$", "cost $5 or $6", "$\\undefinedcommand{$", '=HYPERLINK("x")', "<script>1</script>"]
    survey = survey_with(values * 4)
    for chart in (plot.gap_bars, plot.segment_heatmap):
        fig, ax = plt.subplots()
        chart(survey, by="seg", level="dimension", ax=ax)
        fig.savefig(io.BytesIO(), format="png")  # mathtext would fail on "\undefinedcommand"
        texts = all_texts(ax)
        assert not [t for t in texts if cbook.is_math_text(t)]
        assert "Cost \\$" in texts  # the dimension name
        shown = {t.replace("\\$", "$") for t in texts}
        assert set(values) <= shown, chart.__name__


def test_reliability_forest_draws_an_interval_that_misses_its_point():
    # alpha above 1 with an upside-down interval (pairwise deletion, few respondents): no crash
    table = pd.DataFrame({"score": ["gap", "gap"], "dimension": ["A", "B"], "alpha": [1.047, 0.8],
                          "ci_low": [1.450, 0.7], "ci_high": [1.005, 0.9]})
    fig, ax = plt.subplots()
    plot.reliability_forest(table, ax=ax)
    fig.savefig(io.BytesIO(), format="png")
    (container,) = ax.containers
    np.testing.assert_allclose(container.lines[0].get_xdata(), [1.047, 0.8])
    (bars,) = container.lines[2]
    assert [tuple(np.round(s[:, 0], 6)) for s in bars.get_segments()] == [(1.047, 1.047), (0.7, 0.9)]


# -- fuzz: every chart on whatever loads ------------------------------------------------------
FUZZ_CHARTS = {
    "gap_bars": lambda s: plot.gap_bars(s),
    "gap_bars_by": lambda s: plot.gap_bars(s, level="dimension", by="seg"),
    "expectation_perception": lambda s: plot.expectation_perception(s, level="dimension"),
    "radar": lambda s: plot.radar(s),
    "segment_heatmap": lambda s: plot.segment_heatmap(s, by="seg"),
    "likert_bars": lambda s: plot.likert_bars(s),
    # reliability_forest from a Survey is left out: reliability() itself still warns from numpy
    # on degenerate scales (issue 13, item 4); its drawing of such results is tested above
}


def _fuzz_survey(n, data):
    from hypothesis import strategies as st

    seg = st.one_of(st.none(), st.sampled_from(["a", "b", "$x$", "$\\bad{$", "=1+1", "<s>", "", " "]),
                    st.integers(0, 3), st.booleans())
    answer = st.one_of(st.none(), st.integers(1, 5), st.sampled_from([1.5, 4.5, np.nan]))
    inst = servgap.Instrument("mini3", {"A": ["1", "2"], "B": ["3"], "C": ["4"]}, scale=(1, 5))
    raw = {f"{k}_{i}": [data.draw(answer) for _ in range(n)] for k in "EP" for i in inst.items}
    raw["seg"] = [data.draw(seg) for _ in range(n)]
    return servgap.read_survey(pd.DataFrame(raw), inst, segments=["seg"], on_invalid="missing")


def test_every_chart_on_any_small_survey_draws_or_raises_servgap_error():
    import warnings

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(n=st.integers(1, 8), data=st.data())
    def check(n, data):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", servgap.ServgapWarning)
            try:
                survey = _fuzz_survey(n, data)
            except ServgapError:
                return
            for chart in FUZZ_CHARTS.values():
                fig = plt.figure(figsize=(3, 2), dpi=40)
                try:
                    chart(survey)
                    fig.savefig(io.BytesIO(), format="png", dpi=40)
                except ServgapError:
                    pass
                finally:
                    plt.close(fig)

    check()


def test_trend_chart_draws_dollar_periods_and_segments_literally():
    inst = servgap.Instrument("mini", {"Care": ["1"]}, scale=(1, 7))
    raw = pd.DataFrame({"E_1": [6] * 8, "P_1": [3, 4, 4, 5, 5, 6, 2, 2],
                        "$when$": ["$1", "$1", "$2$", "$2$", "$\\x{", "$\\x{", "$\\x{", "$1"],
                        "shop": ["$a$"] * 6 + ["b", "b"]})
    survey = servgap.read_survey(raw, inst, segments=["$when$", "shop"])
    result = servgap.gap_trend(survey, period="$when$", by="shop", periods=["$1", "$2$", "$\\x{"])
    fig, ax = plt.subplots()
    plot.gap_trend(result, ax=ax)
    fig.savefig(io.BytesIO(), format="png")
    texts = all_texts(ax)
    assert not [t for t in texts if cbook.is_math_text(t)]
    assert {"$1", "$2$", "$\\x{", "$when$"} <= {t.replace("\\$", "$") for t in texts}
