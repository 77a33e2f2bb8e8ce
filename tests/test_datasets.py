"""The bundled example survey: reproducible from its generator, loads as documented."""

import io

import pandas as pd

from servgap.datasets import EXAMPLE_PATH, load_example
from servgap.datasets.generate_example import generate


def test_shipped_file_equals_generator_output():
    buffer = io.StringIO()
    generate().to_csv(buffer, index=False, lineterminator="\n")
    assert buffer.getvalue() == EXAMPLE_PATH.read_text()


def test_example_survey_shape_and_log():
    survey = load_example()
    raw = load_example(as_frame=True)
    assert survey.n_respondents == len(raw) == 400
    assert survey.components == ("expectation", "perception", "importance")
    assert set(survey.segments["branch"]) == {"Jakarta", "Bandung", "Surabaya"}
    # about 2 % of answers missing, as the generator says
    e_missing = raw.filter(regex=r"^E_").isna().to_numpy().mean()
    assert 0.01 < e_missing < 0.03
    # three respondents' points sum to 110 and are rescaled (logged)
    assert (survey.exclusions["action"] == "rescaled").sum() == 3
    assert survey.dimension_weights.sum(axis=1).round(9).eq(100).all()
    # every unpaired answer is logged: cells with exactly one of E, P answered
    e, p = raw.filter(regex=r"^E_").to_numpy(), raw.filter(regex=r"^P_").to_numpy()
    unpaired = int((pd.isna(e) ^ pd.isna(p)).sum())
    assert (survey.exclusions["action"] == "not_used").sum() == unpaired
