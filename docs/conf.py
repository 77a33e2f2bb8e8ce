"""Sphinx configuration of the servgap documentation.

Build: ``python -m sphinx -b html docs docs/_build/html`` (or ``make -C docs html``).
"""

from __future__ import annotations

import servgap

project = "servgap"
author = "The servgap developers"
copyright = "the servgap developers"
version = release = servgap.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
]

# No network at build time: intersphinx stays off, and MathJax is only referenced by the pages.
autosummary_generate = False
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # the numpydoc Parameters sections state the types
numpydoc_show_class_members = False  # classes list their members through autodoc where wanted
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

exclude_patterns = ["_build"]
templates_path: list[str] = []
source_suffix = {".rst": "restructuredtext"}
root_doc = "index"
language = "en"

html_theme = "alabaster"
html_static_path = ["_static"]
html_title = f"servgap {release}"
html_theme_options = {
    "description": "Service-quality gap (SERVQUAL) survey analysis",
    "fixed_sidebar": True,
}
