"""servgap.reliability against R psych::alpha and lavaan (values in tests/reference/reliability)."""

import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import servgap
from reliability_reference import REFERENCE, expected, instrument, survey
from servgap._factor import fit_factor_model
from servgap.errors import ReliabilityWarning
from servgap.reliability import bootstrap_alphas, difference_reliability, feldt_interval, reliability

CASES = [("likert5", "complete"), ("likert7", "complete"), ("n30", "complete"),
         ("reverse", "complete"), ("zerovar", "complete"), ("missing", "pairwise"),
         ("missing", "listwise")]
# Datasets that trigger warnings: a Heywood case (n30), a negative r_drop (reverse; the listwise
# gap scale of "missing"), a constant item (zerovar).
WARNS = {("n30", "pairwise"), ("reverse", "pairwise"), ("zerovar", "pairwise"),
         ("missing", "listwise")}


def run(dataset, **kwargs):
    if (dataset, kwargs.get("missing", "pairwise")) in WARNS:
        with pytest.warns(ReliabilityWarning):
            return reliability(survey(dataset), **kwargs)
    return reliability(survey(dataset), **kwargs)


def merged(result_frame, ref, on):
    out = result_frame.merge(ref, on=on, how="inner", suffixes=("", "_r"))
    assert len(out) == len(ref)
    return out


@pytest.mark.parametrize(("dataset", "mode"), CASES)
def test_scales_match_psych_alpha(dataset, mode):
    missing = "listwise" if mode == "listwise" else "pairwise"
    result = run(dataset, missing=missing)
    ref = expected("psych_scales", dataset=dataset, missing=mode)
    out = merged(result.table, ref, ["score", "dimension"])
    assert len(out) == 18
    np.testing.assert_array_equal(out["n"], out["n_r"])
    np.testing.assert_array_equal(out["n_items"], out["n_items_r"])
    for ours, theirs in [("alpha", "raw_alpha"), ("std_alpha", "std_alpha_r"),
                         ("average_r", "average_r_r"), ("ci_low", "feldt_low"),
                         ("ci_high", "feldt_high")]:
        np.testing.assert_allclose(out[ours], out[theirs], rtol=0, atol=1e-8, err_msg=ours)
    same = np.isclose(out["omega_total"], out["omega_total_r"], rtol=0, atol=1e-3, equal_nan=True)
    # Where omega differs, lavaan stopped in another local optimum of the one-factor model
    # (only the multidimensional gap "all items" scales): ours must fit strictly better.
    for row in out[~same].itertuples():
        assert (row.score, row.dimension) == ("gap", "all items")
        assert one_factor_discrepancy(dataset, mode, row) < 2 * row.omega_fmin - 1e-3
    assert same.sum() >= 17


def one_factor_discrepancy(dataset, mode, row):
    """F_ML of servgap's one-factor fit to the scale, as the reliability table used it."""
    gaps = survey(dataset).scores("gap")
    rows = gaps.notna().all(axis=1) if mode == "listwise" else gaps.notna().any(axis=1)
    cov = gaps[rows].cov().to_numpy()
    return fit_factor_model(cov, np.zeros(cov.shape[0], dtype=int)).discrepancy


@pytest.mark.parametrize(("dataset", "mode"), CASES)
def test_items_match_psych_item_stats_and_alpha_drop(dataset, mode):
    missing = "listwise" if mode == "listwise" else "pairwise"
    items = run(dataset, missing=missing).items
    ref = expected("psych_items", dataset=dataset, missing=mode)
    out = merged(items, ref, ["score", "dimension", "item"])
    np.testing.assert_array_equal(out["n"], out["n_r"])
    for ours, theirs in [("mean", "mean_r"), ("sd", "sd_r"), ("r_total", "raw_r"),
                         ("r_drop", "r_drop_r"), ("alpha_if_dropped", "alpha_drop")]:
        np.testing.assert_allclose(out[ours], out[theirs], rtol=0, atol=1e-8, err_msg=ours)
    # every item of every scale has a row, also those psych deleted
    assert len(items) == 3 * (22 + 22)


@pytest.mark.parametrize("dataset", ["likert5", "likert7", "n30", "reverse", "zerovar"])
def test_difference_reliability_matches_r(dataset):
    with warnings.catch_warnings():  # the warnings of these datasets are tested below
        warnings.simplefilter("ignore", ReliabilityWarning)
        table = reliability(survey(dataset), score="gap").table
    ref = expected("difference_reliability", dataset=dataset)
    out = merged(table, ref, ["dimension"])
    np.testing.assert_allclose(out["difference_reliability"], out["difference_reliability_r"],
                               rtol=0, atol=1e-8)


def test_difference_reliability_by_hand():
    # equal variances 1, reliabilities .8, r_PE = .5: (0.8 + 0.8 - 1) / (2 - 1)
    assert difference_reliability(1.0, 1.0, 0.8, 0.8, 0.5) == pytest.approx(0.6)
    # uncorrelated parts: weighted mean of the reliabilities, (4*.9 + 1*.7) / 5
    assert difference_reliability(4.0, 1.0, 0.9, 0.7, 0.0) == pytest.approx(0.86)


def test_feldt_interval_matches_psych_alpha_ci():
    # R: psych::alpha.ci(0.8, 100, 5) -> lower.ci 0.7305582042, upper.ci 0.8558867487
    low, high = feldt_interval(0.8, 100, 5)
    assert low == pytest.approx(0.7305582042, abs=1e-9)
    assert high == pytest.approx(0.8558867487, abs=1e-9)


def test_reverse_keyed_item_is_named_in_a_warning():
    with pytest.warns(ReliabilityWarning, match=r"item '3' correlates negatively.*reverse-keyed"):
        result = reliability(survey("reverse"), score="perception")
    row = result.items.query("dimension == 'Tangibles' and item == '3'")
    assert row["r_drop"].iloc[0] < 0


def test_zero_variance_item_is_left_out_with_a_warning():
    with pytest.warns(ReliabilityWarning, match=r"item '2' has no variance"):
        result = reliability(survey("zerovar"), score="perception")
    row = result.items.query("dimension == 'Tangibles' and item == '2'").iloc[0]
    assert row["sd"] == 0 and np.isnan(row["r_drop"]) and np.isnan(row["alpha_if_dropped"])
    assert result.table.set_index("dimension").loc["Tangibles", "n_items"] == 3


def test_heywood_case_gives_nan_omega_with_warning():
    with pytest.warns(ReliabilityWarning, match="Heywood"):
        result = reliability(survey("n30"), score="expectation")
    table = result.table.set_index("dimension")
    assert np.isnan(table.loc["Assurance", "omega_total"])
    assert not np.isnan(table.loc["Assurance", "alpha"])


def small_survey(values, dims):
    inst = servgap.Instrument("small", dims, scale=(1, 5))
    raw = pd.DataFrame({f"P_{i}": v for i, v in values.items()})
    return servgap.read_survey(raw, inst, expectation=None)


def reliability_items_of(s):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReliabilityWarning)
        return reliability(s, score="perception").items


def test_one_item_dimension_gives_nan_with_warning_and_two_items_omega_a_note():
    s = small_survey({"1": [1, 2, 3, 4], "2": [2, 2, 4, 5], "3": [3, 1, 5, 4]},
                     {"A": ["1", "2"], "B": ["3"]})
    with pytest.warns(ReliabilityWarning) as record:
        result = reliability(s, score="perception")
    table = result.table.set_index("dimension")
    messages = [str(w.message) for w in record]
    assert messages.count("perception / B: fewer than two items; alpha and omega need at least two "
                          "items and three respondents (NaN).") == 1
    assert len(messages) == len(set(messages))  # each warning once per call
    assert all(w.filename == __file__ for w in record)  # pointing at the caller's line
    # omega of a two-item scale is simply NaN, said in the result's notes
    assert "perception / A: omega needs at least three items for a one-factor model (NaN)." \
        in result.scale_notes and "omega needs at least three items" in repr(result)
    assert np.isnan(table.loc["A", "omega_total"])
    items = reliability_items_of(s).set_index(["dimension", "item"])
    # two-item scale: dropping an item leaves one, whose alpha is undefined
    assert items.loc[("A", "1"), "alpha_if_dropped"] != items.loc[("A", "1"), "alpha_if_dropped"]
    assert np.isnan(table.loc["B", "alpha"]) and pd.isna(table.loc["B", "reliable"])
    assert "not computed" in repr(result)
    assert np.isfinite(table.loc["A", "alpha"])


def test_fewer_than_three_respondents_gives_nan_with_warning():
    s = small_survey({"1": [1, 4], "2": [2, 5], "3": [2, 4]}, {"A": ["1", "2", "3"]})
    with pytest.warns(ReliabilityWarning, match="only 2 respondents"):
        table = reliability(s, score="perception").table
    assert table["alpha"].isna().all() and table["omega_total"].isna().all()


def test_alpha_by_hand_on_a_tiny_scale():
    # items (1,2,3,4), (2,2,4,5), (1,3,3,5): variances 5/3, 2.25, 8/3; total (4,7,10,14),
    # variance 18.25 → alpha = 1.5 · (1 − 6.583333/18.25) = 0.958904...
    s = small_survey({"1": [1, 2, 3, 4], "2": [2, 2, 4, 5], "3": [1, 3, 3, 5]},
                     {"A": ["1", "2", "3"]})
    with pytest.warns(ReliabilityWarning, match="Heywood"):  # four respondents
        table = reliability(s, score="perception").table
    assert table.loc[0, "alpha"] == pytest.approx(1.5 * (1 - (5 / 3 + 2.25 + 8 / 3) / 18.25),
                                                  abs=1e-12)


def test_verdict_uses_the_threshold_and_language():
    s = survey("likert7")
    low = reliability(s, score="perception", threshold=0.87, lang="id").table
    alphas = low.set_index("dimension")["alpha"]
    expected_verdict = np.where(alphas >= 0.87, "reliabel", "tidak reliabel")
    assert (low["reliable"].to_numpy() == (alphas >= 0.87).to_numpy()).all()
    shown = reliability(s, score="perception", threshold=0.87, lang="id")._display_table()
    assert (shown["reliable"].to_numpy() == expected_verdict).all()
    assert set(expected_verdict) == {"reliabel", "tidak reliabel"}  # the threshold splits them


def test_by_groups_equal_the_subsets():
    s = survey("missing")
    grouped = reliability(s, score="all", by="branch")
    assert list(grouped.table.columns[:3]) == ["branch", "score", "dimension"]
    for branch in ("north", "south"):
        alone = reliability(s.subset(branch=branch), score="all")
        part = grouped.table[grouped.table["branch"] == branch].drop(columns="branch")
        pd.testing.assert_frame_equal(part.reset_index(drop=True), alone.table)
        items = grouped.items[grouped.items["branch"] == branch].drop(columns="branch")
        pd.testing.assert_frame_equal(items.reset_index(drop=True), alone.items)


def naive_alpha(x: np.ndarray) -> float:
    cov = pd.DataFrame(x).cov().to_numpy()
    k = cov.shape[0]
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def test_vectorised_bootstrap_equals_a_loop_over_resamples():
    rng = np.random.default_rng(1)
    values = rng.integers(1, 6, size=(40, 7)).astype(float)
    values[:, 1] += values[:, 0]
    values[rng.random(values.shape) < 0.1] = np.nan  # pairwise missing answers
    values[:, 6] = rng.integers(1, 6, size=40)  # complete columns: 6, 7, 8
    values = np.column_stack([values, values[:, [6]] + rng.integers(0, 2, size=(40, 2))])
    values[::5, 7:9] = np.nan  # columns 7 and 8 share their missing answers (as listwise)
    scales = [[0, 1, 2], [3, 4, 5, 6], [0, 1, 2, 3, 4, 5, 6], [6, 7, 8], [7, 8]]
    draws = rng.integers(0, 40, size=(25, 40))
    counts = np.stack([np.bincount(d, minlength=40) for d in draws])
    fast = bootstrap_alphas(values, scales, counts)
    slow = np.array([[naive_alpha(values[d][:, cols]) for cols in scales] for d in draws])
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-10)


def test_bootstrap_interval_is_reproducible_and_near_feldt():
    s = survey("likert7")
    feldt = reliability(s, score="perception").table
    boot = reliability(s, score="perception", ci="bootstrap", n_boot=400, seed=7).table
    again = reliability(s, score="perception", ci="bootstrap", n_boot=400, seed=7).table
    pd.testing.assert_frame_equal(boot, again)
    assert (boot["ci_low"] < boot["alpha"]).all() and (boot["alpha"] < boot["ci_high"]).all()
    # both intervals describe the same sampling error: their widths agree within a factor 1.6
    ratio = (boot["ci_high"] - boot["ci_low"]) / (feldt["ci_high"] - feldt["ci_low"])
    assert ratio.between(1 / 1.6, 1.6).all()
    pd.testing.assert_series_equal(boot["alpha"], feldt["alpha"])


def test_listwise_bootstrap_uses_complete_respondents_only():
    s = survey("missing")
    boot = reliability(s, score="perception", ci="bootstrap", n_boot=200, seed=3,
                       missing="listwise").table
    assert (boot["ci_low"] < boot["alpha"]).all() and (boot["alpha"] < boot["ci_high"]).all()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"score": "gaps"}, "`score` must be one of ['expectation', 'perception', 'gap', 'all'], got 'gaps'."),
    ({"ci": "normal"}, "`ci` must be one of ['feldt', 'bootstrap'], got 'normal'."),
    ({"missing": "mean"}, "`missing` must be one of ['pairwise', 'listwise'], got 'mean'."),
    ({"confidence": 95}, "`confidence` must be between 0 and 1, got 95."),
    ({"ci": "bootstrap", "n_boot": 0}, "`n_boot` must be a positive integer, got 0."),
    ({"by": "city"}, "`by` names ['city'], which is not a segment of this survey; its segment "
                     "columns are ['branch']."),
])
def test_bad_options_raise_clear_errors(kwargs, message):
    with pytest.raises(ValueError) as info:
        reliability(survey("likert5"), **kwargs)
    assert str(info.value) == message


def test_perception_only_survey_has_no_gap_rows():
    s = small_survey({"1": [1, 2, 3, 4, 5], "2": [2, 2, 4, 5, 4], "3": [1, 3, 3, 5, 5]},
                     {"A": ["1", "2", "3"]})
    table = reliability(s).table
    assert table["score"].unique().tolist() == ["perception"]
    with pytest.raises(servgap.ServgapError):
        reliability(s, score="gap")


def test_result_prints_its_method():
    text = repr(reliability(survey("likert5"), score="perception"))
    assert "pairwise item covariances" in text and "Feldt" in text


def survey_with_missing_branch(every: int):
    """The likert5 data with the branch of every ``every``-th respondent missing."""
    raw = pd.read_csv(REFERENCE / "data_likert5.csv")
    raw.loc[::every, "branch"] = np.nan
    return servgap.read_survey(raw, instrument(5), id="id", segments=["branch"])


def quiet_reliability(s, **kwargs):
    with warnings.catch_warnings():  # small groups can give negative r_drop warnings
        warnings.simplefilter("ignore", ReliabilityWarning)
        return reliability(s, **kwargs)


def test_missing_segment_values_form_their_own_group_as_in_gap_scores():
    s = survey_with_missing_branch(7)
    unknown = s.segments["branch"].isna()
    assert 0 < unknown.sum() < s.n_respondents
    grouped = quiet_reliability(s, score="all", by="branch")
    groups = pd.Index(grouped.table["branch"].drop_duplicates())
    gap_groups = pd.Index(servgap.gap_scores(s, level="overall", by="branch").table["branch"])
    assert groups.equals(gap_groups) and groups.hasnans
    whole = grouped.table[grouped.table["dimension"] == "all items"]
    assert whole.groupby("branch", dropna=False)["n"].max().sum() == s.n_respondents
    alone = quiet_reliability(s.subset(rows=lambda seg: seg["branch"].isna()), score="all")
    part = grouped.table[grouped.table["branch"].isna()].drop(columns="branch")
    pd.testing.assert_frame_equal(part.reset_index(drop=True), alone.table)
    items = grouped.items[grouped.items["branch"].isna()].drop(columns="branch")
    pd.testing.assert_frame_equal(items.reset_index(drop=True), alone.items)


def test_segment_missing_for_everyone_is_one_group():
    s = survey_with_missing_branch(1)
    grouped = reliability(s, score="perception", by="branch")
    assert grouped.table["branch"].isna().all()
    pd.testing.assert_frame_equal(grouped.table.drop(columns="branch"),
                                  reliability(s, score="perception").table)


@pytest.mark.parametrize("by", [None, "branch"])
def test_survey_without_respondents_raises_a_clear_error(by):
    raw = pd.read_csv(REFERENCE / "data_likert5.csv").iloc[:0]
    empty = servgap.read_survey(raw, instrument(5), id="id", segments=["branch"])
    assert empty.n_respondents == 0
    with pytest.raises(servgap.ServgapError,
                       match="reliability needs at least one respondent; this survey has none"):
        reliability(empty, by=by)


def test_result_text_in_indonesian():
    s = survey("likert5")
    text = repr(reliability(s, score="perception", lang="id"))
    assert text.startswith("Uji reliabilitas (alfa Cronbach, omega McDonald)\n"
                           "kovarians antarbutir secara berpasangan (pairwise deletion); "
                           "selang kepercayaan 95% untuk alfa: metode Feldt; "
                           "kriteria reliabel: alfa ≥ 0,7\n"
                           "omega_total: model satu faktor dengan estimasi ML")
    result = reliability(s, score="perception", lang="id")
    shown = result._display_table()
    assert set(shown["reliable"]) <= {"reliabel", "tidak reliabel", "tidak dapat dihitung"}
    assert "reliabel" in set(shown["reliable"])
    for english in ("Cronbach's alpha", "item covariances", "CI of alpha", "threshold",
                    "one-factor ML model", "not reliable"):
        assert english not in text
    boot = repr(reliability(s, score="perception", ci="bootstrap", n_boot=50, seed=1,
                            missing="listwise", confidence=0.9, threshold=0.6, lang="id"))
    assert "(listwise deletion); selang kepercayaan 90% untuk alfa: bootstrap persentil; " \
           "kriteria reliabel: alfa ≥ 0,6\n" in boot
    assert "percentile" not in boot


def test_result_text_in_english_reads_as_before():
    s = survey("likert5")
    assert repr(reliability(s, score="perception")).startswith(
        "Reliability (Cronbach's alpha, McDonald's omega)\n"
        "pairwise item covariances; 95% CI of alpha: Feldt; threshold alpha >= 0.7\n"
        "omega_total: one-factor ML model of the raw item covariances (lavaan std.lv)\n")
    boot = reliability(s, score="perception", ci="bootstrap", n_boot=50, seed=1,
                       missing="listwise", confidence=0.9, threshold=0.6)
    assert boot.lang == "en"
    assert "\nlistwise item covariances; 90% CI of alpha: percentile bootstrap; threshold " \
           "alpha >= 0.6\n" in repr(boot)


@pytest.mark.parametrize("answers", [
    {"1": [1, 2], "2": [2, 2], "3": [3, 1]},                     # two respondents
    {"1": [3, 3, 3], "2": [3, 3, 3], "3": [1, 2, 3]},            # constant items
    {"1": [1, None, 3, None], "2": [None, 2, None, 4], "3": [2, 2, 2, 2]},  # never answered together
    {"1": [1], "2": [2], "3": [3]},                              # one respondent
])
def test_degenerate_scales_give_nan_and_servgap_warnings_not_numpy_ones(answers):
    s = small_survey(answers, {"A": ["1", "2", "3"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for missing in ("pairwise", "listwise"):
            result = reliability(s, score="perception", missing=missing)
    assert [w for w in caught if not issubclass(w.category, ReliabilityWarning)] == []
    assert result.table["alpha"].isna().all() or np.isfinite(result.table["alpha"]).all()


# -- missing answers from aggregates: equal to the definitions computed from the rows -----------
MISSING_INSTRUMENT = servgap.Instrument("m", {"A": ["a1", "a2", "a3"], "B": ["b1", "b2", "b3", "b4"],
                                              "C": ["c1", "c2"]}, scale=(1, 5))


def missing_frame(seed: int, n: int = 240, p_missing: float = 0.06, constant: bool = False) -> pd.DataFrame:
    """E and P answers of one factor each, some missing at random (few enough that every listwise
    scale keeps more respondents than items: no singular covariances); ``constant``: P_b2 is 4 for
    everyone who answered it (an item without variance in a scale with missing answers)."""
    rng = np.random.default_rng(seed)
    items = MISSING_INSTRUMENT.items
    raw = {"id": [f"r{i}" for i in range(n)], "branch": rng.choice(["x", "y", "z"], size=n)}
    for prefix in ("E", "P"):
        factor = rng.normal(size=(n, 1))
        x = np.clip(np.rint(3 + factor + 0.7 * rng.normal(size=(n, len(items)))), 1, 5)
        x[rng.random(x.shape) < p_missing] = np.nan
        raw.update({f"{prefix}_{item}": x[:, j] for j, item in enumerate(items)})
    if constant:
        raw["P_b2"] = np.where(np.isnan(raw["P_b2"]), np.nan, 4.0)
    return pd.DataFrame(raw)


def from_rows(x: pd.DataFrame, missing: str) -> dict:
    """A scale's statistics by their definitions (psych::alpha) from its answers (rows × items)."""
    x = x[x.notna().all(axis=1) if missing == "listwise" else x.notna().any(axis=1)]
    cov = x.cov()
    sd = np.sqrt(np.where(x.notna().sum() > 1, np.diag(cov), np.nan))
    kept = list(x.columns[sd > 0])
    c = cov.loc[kept, kept].to_numpy()
    k = len(kept)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        r_total = x[kept].corrwith(x[kept].mean(axis=1)).reindex(x.columns)
    rest = c.sum() - 2 * c.sum(axis=0) + np.diag(c)
    r_drop = pd.Series((c.sum(axis=0) - np.diag(c)) / np.sqrt(np.diag(c) * rest), index=kept).reindex(x.columns)
    return {"n": len(x), "alpha": k / (k - 1) * (1 - np.trace(c) / c.sum()), "item_n": x.notna().sum().to_numpy(),
            "mean": x.mean().to_numpy(), "sd": sd, "r_total": r_total.to_numpy(), "r_drop": r_drop.to_numpy()}


def difference_from_rows(p: pd.DataFrame, e: pd.DataFrame) -> float:
    """r_D of a gap scale from the P and E answers of the gap scale's respondents (pairwise)."""
    in_scale = (p - e.to_numpy()).notna().any(axis=1)
    cov = pd.concat([p[in_scale], e[in_scale].add_prefix("e")], axis=1).cov().to_numpy()
    k = p.shape[1]
    cpp, cee = cov[:k, :k], cov[k:, k:]
    rel = []
    for block in (cpp, cee):  # alpha of the items with variance
        kept = np.diag(block) > 0
        b, m = block[np.ix_(kept, kept)], kept.sum()
        rel.append(m / (m - 1) * (1 - np.trace(b) / b.sum()))
    return float(difference_reliability(cpp.sum(), cee.sum(), *rel, cov[:k, k:].sum() / np.sqrt(cpp.sum() * cee.sum())))


@pytest.mark.parametrize("missing", ["pairwise", "listwise"])
@pytest.mark.parametrize("by", [None, "branch"])
@pytest.mark.parametrize("constant", [False, True])
def test_missing_answers_from_aggregates_equal_the_rows(missing, by, constant):
    frame = missing_frame(5, constant=constant)
    s = servgap.read_survey(frame, MISSING_INSTRUMENT, id="id", segments=["branch"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReliabilityWarning)
        result = reliability(s, by=by, missing=missing)
    groups = [(None, frame)] if by is None else list(frame.groupby("branch"))
    scales = [*MISSING_INSTRUMENT.dimensions.items(), ("all items", tuple(MISSING_INSTRUMENT.items))]
    checked = 0
    for key, rows in groups:
        for kind, prefix in (("expectation", "E"), ("perception", "P"), ("gap", None)):
            for dimension, items in scales:
                if prefix is None:
                    x = pd.DataFrame({i: rows[f"P_{i}"] - rows[f"E_{i}"] for i in items})
                else:
                    x = rows[[f"{prefix}_{i}" for i in items]].set_axis(list(items), axis=1)
                want = from_rows(x, missing)
                at = (result.table["score"] == kind) & (result.table["dimension"] == dimension)
                on = (result.items["score"] == kind) & (result.items["dimension"] == dimension)
                if by is not None:
                    at &= result.table["branch"] == key
                    on &= result.items["branch"] == key
                got, got_items = result.table[at].iloc[0], result.items[on]
                assert got["n"] == want["n"]
                np.testing.assert_allclose(got["alpha"], want["alpha"], rtol=0, atol=1e-9)
                for column, name in (("n", "item_n"), ("mean", "mean"), ("sd", "sd"), ("r_total", "r_total"),
                                     ("r_drop", "r_drop")):
                    np.testing.assert_allclose(got_items[column].to_numpy(float), want[name], rtol=0, atol=1e-9)
                if kind == "gap":
                    p = rows[[f"P_{i}" for i in items]]
                    e = rows[[f"E_{i}" for i in items]]
                    np.testing.assert_allclose(got["difference_reliability"], difference_from_rows(p, e),
                                               rtol=0, atol=1e-9)
                checked += 1
    assert checked == len(groups) * 3 * len(scales)


def test_missing_answers_use_no_rows_in_memory(monkeypatch):
    """Listwise and pairwise reliability with missing answers ask the statistics layer for
    aggregates only (rows only for the bootstrap and a constant item in a pairwise scale)."""
    s = servgap.read_survey(missing_frame(6), MISSING_INSTRUMENT, id="id", segments=["branch"])

    def refusing(door):
        def call(*args, **kwargs):  # the layer itself may use its rows; reliability may not
            if sys._getframe(1).f_code.co_filename.endswith("reliability.py"):
                raise AssertionError(f"reliability asked for {door.__name__}")
            return door(*args, **kwargs)
        return call

    monkeypatch.setattr(s.stats, "rows", refusing(s.stats.rows))
    monkeypatch.setattr(s.stats, "codes", refusing(s.stats.codes))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReliabilityWarning)
        for missing in ("pairwise", "listwise"):
            assert reliability(s, by="branch", missing=missing).table["alpha"].notna().all()
