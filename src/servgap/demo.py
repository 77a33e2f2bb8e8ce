"""The demo analysis: every analysis servgap has, run on the example survey, tables written to CSV."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

from .datasets import load_example
from .gaps import gap_scores
from .inference import compare_segments, gap_tests
from .io.export import write_csv
from .priorities import csi, ipa, priorities
from .reliability import reliability
from .validity import cfa, validity

__all__ = ["run_demo", "write_demo_report"]


def run_demo(output=None) -> dict[str, pd.DataFrame]:
    """Run the analyses on the example survey; write each table to ``output/<name>.csv``.

    The files are written with :func:`servgap.io.export.write_csv`: text cells that a
    spreadsheet would run as a formula are neutralised.

    Parameters
    ----------
    output : str or Path, optional
        Folder for the CSV files (created if needed); nothing is written when None.

    Returns
    -------
    dict of str to DataFrame
        Table name → table.

    Examples
    --------
    >>> from servgap.demo import run_demo
    >>> tables = run_demo()
    >>> sorted(tables)[:4]
    ['action_plan', 'cfa_dimensions', 'cfa_fit', 'cfa_loadings']
    >>> tables["action_plan"][["item", "action", "rank"]].head(2)
      item     action  rank
    0   10  fix_first     1
    1   12  fix_first     2
    """
    survey = load_example()
    tables = {
        "gaps_item": gap_scores(survey, level="item").table,
        "gaps_dimension": gap_scores(survey, level="dimension").table,
        "gaps_overall": gap_scores(survey, level="overall").table,
        "gaps_overall_weighted": gap_scores(survey, level="overall", weighted=True).table,
        "gaps_dimension_by_branch": gap_scores(survey, level="dimension", by="branch").table,
        "gap_tests_item": gap_tests(survey, level="item").table,
        "gap_tests_dimension": gap_tests(survey, level="dimension", method="wilcoxon").table,
        "exclusions": survey.exclusions,
    }
    branches = compare_segments(survey, "branch", level="dimension")
    tables["compare_branches"] = branches.table
    tables["compare_branches_posthoc"] = branches.posthoc
    alpha = reliability(survey, score="all")
    tables["reliability"] = alpha.table
    tables["reliability_items"] = alpha.items
    tables["validity"] = validity(survey).table
    factors = cfa(survey)
    tables["cfa_fit"] = factors.table
    tables["cfa_dimensions"] = factors.dimensions
    tables["cfa_loadings"] = factors.loadings
    # importance as rated where the survey asks for it, else as expected (Indonesian practice)
    importance = "importance" if "importance" in survey.components else "expectation"
    tables["ipa"] = ipa(survey, importance=importance).table
    tables["csi"] = csi(survey, importance=importance).table
    tables["action_plan"] = priorities(survey).table
    if output is not None:
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            write_csv(table, folder / f"{name}.csv")
    return tables


def write_demo_report(output, lang: str = "en") -> list[Path]:
    """Write the full report of the example survey to ``output/report.html``, ``.xlsx`` and ``.docx``.

    Parameters
    ----------
    output : str or Path
        Folder (created if needed).
    lang : {"en", "id"}, default "en"

    Returns
    -------
    list of Path
        The HTML file, then the Excel and Word files when openpyxl and python-docx are
        installed (``pip install 'servgap[report]'``).

    Notes
    -----
    :func:`servgap.report` of :func:`servgap.datasets.load_example` with every section and both
    segment columns; Word captions numbered by chapter 4 in Indonesian ("Tabel 4.1"), as a
    thesis' results chapter.

    Examples
    --------
    >>> import tempfile
    >>> from servgap.demo import write_demo_report
    >>> [p.name for p in write_demo_report(tempfile.mkdtemp(), lang="id")]
    ['report.html', 'report.xlsx', 'report.docx']
    """
    from .report import report

    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    result = report(load_example(), lang=lang)
    paths = [folder / "report.html"]
    result.to_html(paths[0])
    # Excel and Word need the optional openpyxl and python-docx (servgap[report]); a plain
    # install still gets the HTML report
    if importlib.util.find_spec("openpyxl") is not None:
        paths.append(result.to_excel(folder / "report.xlsx"))
    if importlib.util.find_spec("docx") is not None:
        paths.append(result.to_docx(folder / "report.docx", chapter=4 if lang == "id" else None))
    return paths
