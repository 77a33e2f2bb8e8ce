"""servgap.validity, factor_check and cfa against R (psych, lavaan) and published values."""

import numpy as np
import pandas as pd
import pytest

import servgap
from reliability_reference import REFERENCE, expected, instrument, survey
from servgap.errors import ReliabilityWarning
from servgap.validity import cfa, critical_r, factor_check, validity

FIT_NAMES = {"chisq": "chi2", "df": "dof", "pvalue": "p_val", "cfi": "cfi", "tli": "tli",
             "rmsea": "rmsea", "rmsea.ci.lower": "rmsea_ci_low",
             "rmsea.ci.upper": "rmsea_ci_high", "srmr": "srmr"}
CFA_CASES = [("likert5", "perception"), ("likert7", "perception"), ("likert7", "gap"),
             ("missing", "perception")]


@pytest.mark.parametrize("dataset", ["likert5", "n30", "missing"])
@pytest.mark.parametrize("score", ["perception", "gap"])
@pytest.mark.parametrize("total", ["dimension", "instrument"])
def test_item_total_correlations_match_r(dataset, score, total):
    table = validity(survey(dataset), score, total=total).table
    ref = expected("validity", dataset=dataset, score=score, total=total)
    out = table.merge(ref, on=["dimension", "item"], suffixes=("", "_r"))
    assert len(out) == len(ref) == 22
    np.testing.assert_array_equal(out["n"], out["n_r"])
    for column in ("r", "r_corrected", "r_critical"):
        np.testing.assert_allclose(out[column], out[f"{column}_r"], rtol=0, atol=1e-8)
    np.testing.assert_array_equal(out["valid"], out["r_r"] > out["r_critical_r"])


def test_critical_r_published_values():
    # METHODS.md §6: n = 30 → 0.361, n = 100 → 0.197 (alpha = .05 two-sided)
    assert round(float(critical_r(30)), 3) == 0.361
    assert round(float(critical_r(100)), 3) == 0.197


def test_corrected_validity_judges_on_r_corrected():
    table = validity(survey("n30"), "perception", total="instrument", corrected=True).table
    np.testing.assert_array_equal(table["valid"], table["r_corrected"] > table["r_critical"])
    # the uncorrected r is larger, so the corrected rule never passes more items
    plain = validity(survey("n30"), "perception", total="instrument").table
    assert table["valid"].sum() <= plain["valid"].sum()


@pytest.mark.parametrize("dataset", ["likert5", "likert7", "n30"])
@pytest.mark.parametrize("score", ["expectation", "perception"])
def test_kmo_and_bartlett_match_psych(dataset, score):
    result = factor_check(survey(dataset), score)
    kmo = expected("kmo", dataset=dataset, score=score).set_index("item")["msa"]
    assert result.kmo == pytest.approx(kmo["overall"], abs=1e-8)
    np.testing.assert_allclose(result.items["msa"], kmo.drop("overall").to_numpy(), atol=1e-8)
    bartlett = expected("bartlett", dataset=dataset, score=score).iloc[0]
    assert result.bartlett_chi2 == pytest.approx(bartlett["chi2"], abs=1e-8)
    assert result.bartlett_dof == bartlett["dof"]
    assert result.bartlett_p_val == pytest.approx(bartlett["p_val"], rel=1e-6, abs=1e-300)


@pytest.mark.parametrize(("dataset", "score"), CFA_CASES)
def test_cfa_fit_measures_match_lavaan(dataset, score):
    result = cfa(survey(dataset), score)
    ref = expected("cfa_fit", dataset=dataset, score=score)
    for measure, value in zip(ref["measure"], ref["value"]):
        assert result.fit[FIT_NAMES[measure]] == pytest.approx(value, abs=1e-3), measure
    table = result.table.set_index("measure")["value"]
    assert table.to_dict() == pytest.approx(result.fit)


@pytest.mark.parametrize(("dataset", "score"), CFA_CASES)
def test_cfa_loadings_reliability_and_correlations_match_lavaan(dataset, score):
    result = cfa(survey(dataset), score)
    ref = expected("cfa_loadings", dataset=dataset, score=score)
    out = result.loadings.merge(ref, on=["dimension", "item"], suffixes=("", "_r"))
    assert len(out) == 22
    np.testing.assert_allclose(out["loading"], out["loading_r"], atol=1e-3)
    dims = result.dimensions.merge(expected("cfa_dimensions", dataset=dataset, score=score),
                                   on="dimension", suffixes=("", "_r"))
    for column in ("composite_reliability", "ave"):
        np.testing.assert_allclose(dims[column], dims[f"{column}_r"], atol=1e-3)
    cors = expected("cfa_correlations", dataset=dataset, score=score)
    ours = [result.factor_correlations.loc[a, b] for a, b in zip(cors["lhs"], cors["rhs"])]
    np.testing.assert_allclose(ours, cors["r"], atol=1e-3)
    # Fornell–Larcker from lavaan's numbers
    r = cors.assign(r=cors["r"].abs())
    biggest = pd.concat([r.groupby("lhs")["r"].max(), r.groupby("rhs")["r"].max()]).groupby(level=0).max()
    ave = dims.set_index("dimension")["ave_r"]
    lavaan_check = np.sqrt(ave) > biggest.reindex(ave.index)
    assert result.dimensions.set_index("dimension")["fornell_larcker"].to_dict() == \
        lavaan_check.to_dict()


def test_cfa_ratings_follow_hu_and_bentler_and_display_in_the_language():
    result = cfa(survey("likert7"), "gap", lang="id")
    table = result.table.set_index("measure")
    shown = result._display_table().set_index("measure")
    words = {"good": "baik", "acceptable": "dapat diterima", "poor": "buruk"}
    for measure, good, acceptable, higher in [("cfi", .95, .90, True), ("tli", .95, .90, True),
                                               ("rmsea", .06, .08, False)]:
        value = table.loc[measure, "value"]
        if (value >= good) if higher else (value <= good):
            rating = "good"
        elif (value >= acceptable) if higher else (value <= acceptable):
            rating = "acceptable"
        else:
            rating = "poor"
        assert table.loc[measure, "rating"] == rating
        assert shown.loc[measure, "rating"] == words[rating]
    assert table.loc["srmr", "rating"] == ("good" if table.loc["srmr", "value"] <= .08 else "poor")
    assert pd.isna(table.loc["chi2", "rating"])


def test_cfa_custom_model_and_bad_models():
    s = survey("likert5")
    two = cfa(s, "expectation", model={"Tangibles": ["1", "2", "3", "4"],
                                       "Reliability": ["5", "6", "7", "8", "9"]})
    assert two.fit["dof"] == 9 * 10 // 2 - (2 * 9 + 1)
    with pytest.raises(ValueError, match=r"items the instrument does not have: \['99'\]"):
        cfa(s, model={"A": ["1", "99"]})
    with pytest.raises(ValueError, match=r"at least two items each, got \['B'\]"):
        cfa(s, model={"A": ["1", "2"], "B": ["3"]})


def test_score_must_be_a_single_kind():
    with pytest.raises(ValueError, match=r"`score` must be one of \['expectation', 'perception', 'gap'\], got 'all'."):
        validity(survey("likert5"), "all")
    with pytest.raises(ValueError, match=r"`total` must be one of \['dimension', 'instrument'\], got 'scale'."):
        validity(survey("likert5"), total="scale")


def test_factor_check_refuses_a_singular_matrix():
    inst = servgap.Instrument("tiny", {"A": ["1", "2", "3"]}, scale=(1, 5))
    raw = pd.DataFrame({"P_1": [1, 2, 3, 4], "P_2": [2, 4, 1, 3], "P_3": [3, 3, 3, 3]})
    with pytest.raises(servgap.ServgapError, match="singular"):
        factor_check(servgap.read_survey(raw, inst, expectation=None))


def perception_survey(dims, n=40, seed=0):
    """Perception answers driven by one factor per dimension, 1..5, for the given dimensions."""
    rng = np.random.default_rng(seed)
    inst = servgap.Instrument("small", dims, scale=(1, 5))
    columns = {}
    for items in dims.values():
        common = rng.normal(size=n)
        for item in items:
            answer = np.rint(3 + common + rng.normal(scale=0.7, size=n))
            columns[f"P_{item}"] = np.clip(answer, 1, 5)
    return servgap.read_survey(pd.DataFrame(columns), inst, expectation=None)


def test_one_item_dimension_gives_nan_r_and_na_valid_with_a_warning():
    s = perception_survey({"A": ["1", "2", "3"], "B": ["4"]})
    with pytest.warns(ReliabilityWarning,
                      match=r"perception / B: the dimension has one item") as record:
        result = validity(s)
    assert len(record) == 1
    table = result.table.set_index("item")
    assert table.loc["4", ["r", "r_corrected"]].isna().all()
    assert table["valid"].dtype == "boolean"
    assert table["valid"].isna().tolist() == [False, False, False, True]
    assert table.loc[["1", "2", "3"], "valid"].all()  # A is unaffected
    assert "valid is NA where r cannot be computed" in repr(result)
    # against the total of every item the lone item has a proper r and no warning
    whole = validity(s, total="instrument").table.set_index("item")
    assert np.isfinite(whole.loc["4", "r"]) and not pd.isna(whole.loc["4", "valid"])


def test_cfa_refuses_a_default_model_with_a_one_item_dimension():
    s = perception_survey({"A": ["1", "2", "3"], "B": ["4", "5", "6"], "C": ["7"]}, n=200)
    with pytest.raises(servgap.ServgapError, match=r"one-item dimension\(s\) \['C'\].*`model=`"):
        cfa(s)
    # the message's advice works: a model without the lone item
    assert cfa(s, model={"A": ["1", "2", "3"], "B": ["4", "5", "6"]}).fit["dof"] == 8


@pytest.mark.parametrize("analysis", [validity, factor_check, cfa])
def test_survey_without_respondents_raises_a_clear_error(analysis):
    raw = pd.read_csv(REFERENCE / "data_likert5.csv").iloc[:0]
    empty = servgap.read_survey(raw, instrument(5), id="id", segments=["branch"])
    assert empty.n_respondents == 0
    with pytest.raises(servgap.ServgapError,
                       match=f"{analysis.__name__} needs at least one respondent; this survey "
                             "has none"):
        analysis(empty)


def test_validity_text_in_indonesian_and_english():
    s = survey("likert5")
    text = repr(validity(s, lang="id"))
    assert text.startswith("Uji validitas butir (korelasi butir-total)\nbutir valid jika r > "
                           "r_critical (r hitung > r tabel, taraf signifikansi 0,05 dua sisi); "
                           "dikorelasikan dengan skor total dimensinya\n")
    assert "Item validity" not in text and "two-sided" not in text and "total of the" not in text
    english = repr(validity(s, total="instrument", corrected=True, alpha=0.01))
    assert english.startswith("Item validity (item-total correlation)\nvalid: r_corrected > "
                              "r_critical (two-sided alpha = 0.01); total of the instrument\n")
    assert "dikorelasikan" not in english


def test_factor_check_text_in_indonesian_and_english():
    check = factor_check(survey("likert5"), lang="id")
    comma = str.maketrans(".", ",")  # Indonesian decimal comma
    numbers = (f"KMO = {check.kmo:.3f}; uji Bartlett: chi2({check.bartlett_dof}) = "
               f"{check.bartlett_chi2:.2f}, p = {check.bartlett_p_val:.3g}").translate(comma)
    text = repr(check)
    assert text.startswith("Uji kecukupan sampel (KMO) dan uji sferisitas Bartlett\n"
                           f"n = {check.n} responden yang menjawab semua butir; {numbers}\n")
    assert "Sampling adequacy" not in text and "Bartlett chi2" not in text
    table = check.table.set_index("measure")
    assert table.loc["kmo", "value"] == check.kmo and table.loc["bartlett_dof", "value"] == check.bartlett_dof
    assert table.loc["kmo", "rating"] == ("good" if check.kmo >= 0.6 else "poor")
    assert check._display_table().set_index("measure").loc["kmo", "rating"] in {"baik", "buruk"}
    english = repr(factor_check(survey("likert5")))
    assert english.startswith("Sampling adequacy (KMO) and Bartlett's test of sphericity\n"
                              f"n = {check.n}; KMO = {check.kmo:.3f}; Bartlett "
                              f"chi2({check.bartlett_dof}) = {check.bartlett_chi2:.2f}, "
                              f"p = {check.bartlett_p_val:.3g}\n")


def test_cfa_text_in_indonesian_and_english():
    result = cfa(survey("likert5"), lang="id")
    text = repr(result)
    assert text.startswith("Analisis faktor konfirmatori (CFA, estimasi ML)\n"
                           f"n = {result.n} responden yang menjawab semua butir; kriteria "
                           "kecocokan model menurut Hu & Bentler (1999)\n")
    assert "Confirmatory" not in text and "respondents with every item" not in text
    assert set(result.table["rating"].dropna()) <= {"good", "acceptable", "poor"}
    assert set(result._display_table()["rating"].dropna()) <= {"baik", "dapat diterima", "buruk"}
    english = repr(cfa(survey("likert5")))
    assert english.startswith(f"Confirmatory factor analysis (ML)\nn = {result.n} respondents "
                              "with every item answered; cut-offs of Hu & Bentler (1999)\n")


def test_cfa_refuses_a_cross_loading_item_with_a_clear_message():
    model = {"A": ["1", "2", "3"], "B": ["3", "4", "5"]}
    with pytest.raises(servgap.ServgapError, match=r"item '3' load on two factors \('A' and 'B'\).*"
                                                   r"Cross-loadings are not supported"):
        cfa(survey("likert5"), model=model)
