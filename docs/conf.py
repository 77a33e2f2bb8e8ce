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
    "sphinx_gallery.gen_gallery",
]

# The gallery: every script examples/gallery/plot_*.py is run at build time and its figures and
# code shown together (the code on the page is the code that drew the figure).
sphinx_gallery_conf = {
    "examples_dirs": "../examples/gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "image_scrapers": ("matplotlib",),
    "matplotlib_animations": False,
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
    "plot_gallery": "True",
}

# No network at build time: intersphinx stays off, and MathJax is only referenced by the pages.
autosummary_generate = False
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # the numpydoc Parameters sections state the types
numpydoc_show_class_members = False  # classes list their members through autodoc where wanted
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py", "auto_examples/*.zip"]
templates_path: list[str] = []
source_suffix = {".rst": "restructuredtext"}
root_doc = "index"
language = "en"

html_theme = "pydata_sphinx_theme"
html_static_path = ["_static"]
html_title = f"servgap {release}"
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
# The user-guide pages are one level deep: no empty "Section Navigation" beside them; the
# gallery's pages keep the list of charts.
html_sidebars = {"*": [], "auto_examples/*": ["sidebar-nav-bs"]}
