"""The example scripts run end to end."""

import importlib.util
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not REAL_DATA.is_dir(), reason=f"the real exports are not beside the repository ({REAL_DATA})")
def test_real_exports_load(capsys):
    assert load("load_real_exports").main([sys.argv[0], str(REAL_DATA)]) == 0
    out = capsys.readouterr().out
    assert "Respondents: 207" in out      # kiosk: 211 rows, 4 blank respondents excluded
    assert "Respondents: 100" in out      # pharmacy
    assert "Respondents: 139" in out      # computer lab, long format
    assert "4 respondent excluded" in out
