"""The servgap command: demo, validate, instruments."""

import pandas as pd
import pytest

from servgap.cli import main


def test_demo_writes_tables_and_prints_summary(tmp_path, capsys):
    assert main(["demo", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Overall SERVQUAL score" in out and "Respondents: 400" in out
    dims = pd.read_csv(tmp_path / "gaps_dimension.csv")
    assert dims["dimension"].tolist() == ["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"]
    assert (tmp_path / "exclusions.csv").exists()


def test_demo_in_indonesian(tmp_path, capsys):
    assert main(["demo", "-o", str(tmp_path), "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "Bukti Fisik" in out and "Responden: 400" in out


def test_instruments_lists_presets(capsys):
    assert main(["instruments"]) == 0
    out = capsys.readouterr().out
    for name in ("servqual22", "servqual88", "servperf", "libqual22", "esqual"):
        assert name in out


def test_validate_valid_file(tmp_path, capsys):
    path = tmp_path / "ok.csv"
    raw = pd.DataFrame({"id": ["a", "b"], **{f"E_{i}": [6, 7] for i in range(1, 23)},
                        **{f"P_{i}": [5, 7] for i in range(1, 23)}})
    raw.to_csv(path, index=False)
    assert main(["validate", str(path), "--instrument", "servqual22", "--id", "id"]) == 0
    assert "The survey is valid." in capsys.readouterr().out


def test_validate_invalid_file_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    raw = pd.DataFrame({"id": ["a", "b"], **{f"E_{i}": [6, 9] for i in range(1, 23)},
                        **{f"P_{i}": [5, 7] for i in range(1, 23)}})
    raw.to_csv(path, index=False)
    assert main(["validate", str(path), "--instrument", "servqual22", "--id", "id"]) == 1
    out = capsys.readouterr().out
    assert "22 problems" in out and "row 2 (respondent b), column 'E_1', value '9'" in out


def test_validate_unknown_instrument_is_an_error(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    assert main(["validate", str(path), "--instrument", "nope"]) == 2
    assert "Unknown instrument" in capsys.readouterr().err


def test_bad_command_exits_with_usage():
    with pytest.raises(SystemExit):
        main(["frobnicate"])


def test_instruments_in_indonesian(capsys):
    assert main(["instruments", "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert out.count(" 22 butir  ") == 5
    assert "hanya persepsi" in out and "paired items" not in out and "perceptions only" not in out


@pytest.mark.parametrize("mapping", [["--perception", "P_{foo}"], ["--perception", "(unclosed"]])
def test_validate_bad_mapping_is_a_message_not_a_traceback(tmp_path, capsys, mapping):
    path = tmp_path / "ok.csv"
    raw = pd.DataFrame({**{f"E_{i}": [6, 7] for i in range(1, 23)}, **{f"P_{i}": [5, 7] for i in range(1, 23)}})
    raw.to_csv(path, index=False)
    assert main(["validate", str(path), "--instrument", "servqual22", *mapping]) == 2
    err = capsys.readouterr().err
    assert err.startswith("servgap: the perception mapping") and "Traceback" not in err
