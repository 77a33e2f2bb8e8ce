"""CITATION.cff names the package's version and licence and has the keys CFF 1.2.0 requires
(read as plain top-level ``key: value`` lines, so the test needs no YAML parser)."""

import re
from pathlib import Path

import servgap

ROOT = Path(__file__).resolve().parents[1]


def test_citation_file_matches_the_package():
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    top = dict(re.findall(r'^([a-z-]+):\s*"?([^"\n]*)"?\s*$', text, flags=re.MULTILINE))
    assert top["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "type"} <= top.keys()
    assert top["version"] == servgap.__version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'license = {{ text = "{top["license"]}" }}' in pyproject
