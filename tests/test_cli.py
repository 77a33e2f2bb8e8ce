"""The servgap command: demo, validate, instruments."""

import time

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


def _file_with_a_long_column(tmp_path):
    path = tmp_path / "long.csv"
    raw = pd.DataFrame({**{f"E_{i}": [6, 7] for i in range(1, 23)}, **{f"P_{i}": [5, 7] for i in range(1, 23)},
                        "a" * 40 + "b": [1, 2]})
    raw.to_csv(path, index=False)
    return path


def test_validate_catastrophic_regex_is_stopped_with_a_message(tmp_path, capsys):
    # Python's re would take hours: (a|a)+ tries 2**40 ways before failing at the "b"
    path = _file_with_a_long_column(tmp_path)
    start = time.perf_counter()
    assert main(["validate", str(path), "--instrument", "servqual22", "--expectation", r"^(?P<item>(a|a)+)$"]) == 2
    assert time.perf_counter() - start < 1.5
    err = capsys.readouterr().err
    assert err.startswith("servgap: The expectation column pattern '^(?P<item>(a|a)+)$' took more than 0.5 s")
    assert "backtracks without end" in err and "Traceback" not in err


def test_validate_nested_repeat_regex_fails_fast_with_a_message(tmp_path, capsys):
    path = _file_with_a_long_column(tmp_path)
    start = time.perf_counter()
    assert main(["validate", str(path), "--instrument", "servqual22", "--expectation", r"^(?P<item>a+)+$"]) == 1
    assert time.perf_counter() - start < 1.5
    out = capsys.readouterr().out
    assert "no expectation column matches the pattern '^(?P<item>a+)+$' for item '1'" in out


def test_validate_invalid_regex_is_a_message(tmp_path, capsys):
    path = _file_with_a_long_column(tmp_path)
    assert main(["validate", str(path), "--instrument", "servqual22", "--expectation", r"^(?P<item>\d+"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("servgap: The expectation column pattern '^(?P<item>\\\\d+' is not a valid regular "
                          "expression: missing )")


def test_validate_prints_control_characters_from_the_file_as_escapes(tmp_path, capsys):
    path = tmp_path / "ansi.csv"
    raw = pd.DataFrame({"id": ["\x1b[2Jwiped", "b"], **{f"E_{i}": [6, 7] for i in range(1, 23)},
                        **{f"P_{i}": [5, 7] for i in range(1, 23)}, "branch": ["\x1b]0;title\x07", "x"]})
    raw.loc[0, "E_1"] = 9
    raw.to_csv(path, index=False)
    args = ["validate", str(path), "--instrument", "servqual22", "--id", "id", "--segments", "branch"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2Jwiped" in out


def test_validate_prints_the_exclusion_log_without_control_characters(tmp_path, capsys):
    path = tmp_path / "ansi.csv"
    raw = pd.DataFrame({"id": ["a", "b", "\x1b[31mred"], **{f"E_{i}": [6, 7, None] for i in range(1, 23)},
                        **{f"P_{i}": [5, 7, None] for i in range(1, 23)}})
    raw.to_csv(path, index=False)
    assert main(["validate", str(path), "--instrument", "servqual22", "--id", "id"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[31mred" in out and "no answers" in out


def test_demo_shows_the_action_plan(tmp_path, capsys):
    from servgap.cli import main
    assert main(["demo", "-o", str(tmp_path / "out"), "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "Rencana tindakan" in out and "Perbaiki segera" in out and "Prioritas Utama" in out
    assert (tmp_path / "out" / "action_plan.csv").exists()
