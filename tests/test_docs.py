"""Documentation checks that need no Sphinx.

Every public name (from the ``__all__`` of servgap and of its public subpackages, read at test
time) has a numpydoc docstring with a Parameters section when it takes arguments and an
Examples section with at least one ``>>>`` line, and is documented in docs/api.rst. The README
holds exactly the two set-up commands, docs/index.rst repeats them, and .ci/run runs the test
command verbatim.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
from pathlib import Path

import pytest

import servgap

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# The package and the modules whose public names are documented; a module that does not exist
# (yet) is skipped, one that exists must declare __all__.
PUBLIC_MODULES = ["servgap", "servgap.plot", "servgap.instruments", "servgap.io", "servgap.datasets",
                  "servgap.reliability", "servgap.validity", "servgap.inference", "servgap.stats",
                  "servgap.columns"]

INSTALL_COMMAND = "python3 -m venv .venv && . .venv/bin/activate && pip install . && servgap demo"
TEST_COMMAND = ("python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' "
                "&& python -m pytest")

_SECTION = re.compile(r"^([A-Z][A-Za-z ]*)\n-{3,}[ \t]*$", re.MULTILINE)


def _existing_modules() -> list[str]:
    found = []
    for name in PUBLIC_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin in (None, "namespace"):  # absent, or a bare folder so far
            continue
        found.append(name)
    return found


def _public_names() -> list[tuple[str, str]]:
    """(module, name) for every name in the modules' __all__; a module without __all__ is
    reported as ``(module, None)``."""
    pairs = []
    for module_name in _existing_modules():
        module = importlib.import_module(module_name)
        names = getattr(module, "__all__", None)
        if names is None:
            pairs.append((module_name, None))
            continue
        pairs.extend((module_name, name) for name in names)
    return pairs


PUBLIC = _public_names()
PUBLIC_IDS = [f"{m}.{n}" for m, n in PUBLIC]


def _callable_objects() -> list[tuple[str, str]]:
    """The public names that are functions or classes (modules and constants have no
    signature to document)."""
    out, seen = [], set()
    for module_name, name in PUBLIC:
        if name is None:
            continue
        obj = getattr(importlib.import_module(module_name), name, None)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and id(obj) not in seen:
            seen.add(id(obj))  # a re-exported object is checked once, under its first public path
            out.append((module_name, name))
    return out


CALLABLES = _callable_objects()
CALLABLE_IDS = [f"{m}.{n}" for m, n in CALLABLES]


def sections(doc: str) -> dict[str, str]:
    """numpydoc section title → its text."""
    found = list(_SECTION.finditer(doc))
    return {m.group(1).strip(): doc[m.end():found[i + 1].start() if i + 1 < len(found) else len(doc)]
            for i, m in enumerate(found)}


def takes_arguments(obj) -> bool:
    """Whether calling ``obj`` takes arguments (other than self)."""
    if inspect.isclass(obj):
        init = obj.__init__
        if not inspect.isfunction(init):  # object.__init__ / BaseException.__init__: nothing to document
            return False
        target = init
    else:
        target = obj
    params = list(inspect.signature(target).parameters.values())
    if inspect.isclass(obj) and params:
        params = params[1:]  # self
    return bool(params)


def parameter_sections(obj) -> tuple[str, ...]:
    """Sections that may document what a callable takes: a class (a frozen dataclass whose
    fields are its constructor arguments) may list them under Attributes."""
    return ("Parameters", "Attributes") if inspect.isclass(obj) else ("Parameters",)


# -- the rules themselves ----------------------------------------------------------------------
def test_sections_parser():
    doc = inspect.cleandoc('''Summary.

        Parameters
        ----------
        x : int

        Examples
        --------
        >>> 1 + 1
        2
        ''')
    found = sections(doc)
    assert list(found) == ["Parameters", "Examples"]
    assert ">>> 1 + 1" in found["Examples"]


def test_public_modules_are_found():
    assert "servgap" in _existing_modules()
    assert ("servgap", "read_survey") in PUBLIC


@pytest.mark.parametrize("module_name, name", PUBLIC, ids=PUBLIC_IDS)
def test_module_declares_all(module_name, name):
    assert name is not None, f"{module_name} has no __all__: its public names cannot be checked"
    assert hasattr(importlib.import_module(module_name), name), \
        f"{module_name}.__all__ lists {name!r}, which the module does not define"


@pytest.mark.parametrize("module_name, name", CALLABLES, ids=CALLABLE_IDS)
def test_docstring_has_parameters_and_examples(module_name, name):
    obj = getattr(importlib.import_module(module_name), name)
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{module_name}.{name} has no docstring"
    found = sections(doc)
    problems = []
    if takes_arguments(obj):
        wanted = parameter_sections(obj)
        if not any(found.get(s, "").strip() for s in wanted):
            problems.append(f"no {' or '.join(wanted)} section")
    examples = found.get("Examples", "")
    if not examples.strip():
        problems.append("no Examples section")
    elif not any(line.lstrip().startswith(">>>") for line in examples.splitlines()):
        problems.append("an Examples section without a >>> line")
    assert not problems, f"{module_name}.{name}: " + "; ".join(problems)


_DIRECTIVE = re.compile(r"^\.\. auto(?:function|class|module|data|exception)::\s+([\w.]+)\s*$", re.MULTILINE)


def _resolve(target: str):
    """The object a dotted path names: a module, or an attribute of the longest module prefix."""
    try:
        return importlib.import_module(target)
    except ImportError:
        pass
    module_name, _, attribute = target.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError):
        return None


def documented_objects() -> dict[int, list[str]]:
    """id(object) → the autodoc directives of docs/api.rst that document it."""
    api = (DOCS / "api.rst").read_text(encoding="utf-8")
    found: dict[int, list[str]] = {}
    for target in _DIRECTIVE.findall(api):
        obj = _resolve(target)
        if obj is not None:
            found.setdefault(id(obj), []).append(target)
    return found


@pytest.mark.parametrize("module_name, name", [p for p in PUBLIC if p[1] is not None],
                         ids=[i for i, p in zip(PUBLIC_IDS, PUBLIC) if p[1] is not None])
def test_name_documented_in_api_page(module_name, name):
    """A public name is documented once, under any of its public paths (``servgap.gap_tests``
    also documents ``servgap.inference.gap_tests``)."""
    obj = getattr(importlib.import_module(module_name), name)
    targets = documented_objects().get(id(obj), [])
    assert any(t.rpartition(".")[2] == name or t == f"{module_name}.{name}" for t in targets), (
        f"docs/api.rst has no '.. auto…:: {module_name}.{name}' directive (or one for the same "
        f"object under another public module)")


# -- set-up commands ---------------------------------------------------------------------------
def _fenced_lines(text: str, language: str) -> list[str]:
    blocks = re.findall(rf"^```{language}[ \t]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_readme_has_exactly_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _fenced_lines(readme, "bash") == [INSTALL_COMMAND, TEST_COMMAND]


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    assert ci_lines[-1].strip() == _fenced_lines(readme, "bash")[-1]


def test_docs_index_repeats_the_setup_commands():
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    lines = [line.strip() for line in index.splitlines()]
    assert INSTALL_COMMAND in lines and TEST_COMMAND in lines


def test_gallery_is_generated_from_the_example_scripts():
    """The gallery is sphinx-gallery's, run from examples/gallery at build time (the build and
    its pages are checked in tests/test_docs_build.py); no static chart images are shipped."""
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    assert "auto_examples/index" in index
    assert sorted((ROOT / "examples" / "gallery").glob("plot_*.py"))
    assert not list((DOCS / "_static").glob("**/*.png"))


# -- the user guide's examples -----------------------------------------------------------------
def _pages_with_examples() -> list[str]:
    return sorted(p.name for p in DOCS.glob("*.rst") if ">>>" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", _pages_with_examples())
def test_user_guide_examples_run(page, capsys):
    import doctest

    result = doctest.testfile(str(DOCS / page), module_relative=False, encoding="utf-8",
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = capsys.readouterr().out
    assert result.attempted > 0
    assert result.failed == 0, f"docs/{page}: {result.failed} failing examples\n{report}"
