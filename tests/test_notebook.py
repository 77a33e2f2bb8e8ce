"""The notebook tutorial (examples/tutorial.ipynb) runs top to bottom in a fresh kernel.

Executed with nbclient (what nbmake uses; ``python -m pytest --nbmake examples/tutorial.ipynb``
runs it the same way by hand). A cell that raises, or a warning turned into an error, fails
the test. Skipped with the reason when nbclient or ipykernel is not installed (the ``test``
extra installs both, through nbmake).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "tutorial.ipynb"


@pytest.mark.skipif(any(importlib.util.find_spec(m) is None for m in ("nbclient", "nbformat", "ipykernel")),
                    reason="nbclient, nbformat or ipykernel not installed (pip install -e '.[test]')")
def test_tutorial_notebook_runs(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "commit the notebook without outputs"
    # the kernel turns servgap's and numpy's warnings into errors, as the test suite does
    notebook.cells.insert(0, nbformat.v4.new_code_cell(
        "import warnings\nwarnings.simplefilter('error')\nwarnings.simplefilter('ignore', DeprecationWarning)"))
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    last = notebook.cells[-1].outputs[0]["data"]["text/plain"]
    assert "report.html" in last
