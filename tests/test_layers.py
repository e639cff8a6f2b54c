"""Layers point one way: every import inside veille goes to a lower layer.

The order is LAYERS below, drawn in docs/architecture.md (a test keeps the two in step). A
component is a subpackage or a top-level module of veille; it may import itself and any
component of a lower layer, never a component of its own layer nor of a higher one. Every import
counts, wherever it is written (inside a function too): a late import still ties the layers.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "veille"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# Lowest first. Side by side in one layer: components that know nothing of each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cache", "errors"),  # the per-user cache of slow-to-build structures; the exception tree
    ("dates", "models", "settings"),  # plain data: date values, the pipeline's objects, settings
    ("kb", "lang"),  # world facts (kb/data) and language data (lang/fr)
    ("text",),  # text algorithms over language data: time expressions, cleaning
    ("cluster", "ingest", "nlp"),  # clustering algorithms, readers, analysis stages
    ("render", "vocabulary"),  # how an event reads (roles, dates, titles); the closed sets filters name
    ("pipeline", "store"),  # the stage contract and the analysis factory; the SQLite store
    ("clustering", "export"),  # clustering over the store; exports of the store
    ("incremental",),  # ingest and watch: read, analyse, store, cluster
    ("batch", "evaluation", "web"),  # veille batch, veille evaluate, veille serve
    ("cli",),  # the commands
    ("veille", "__main__"),  # the public API (veille/__init__.py), python -m veille
)
RANK = {component: rank for rank, layer in enumerate(LAYERS) for component in layer}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def component(module: str) -> str:
    """veille.nlp.timing → nlp; veille.errors → errors; veille → veille."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _is_package(module: str) -> bool:
    return (PACKAGE.parent / module.replace(".", "/") / "__init__.py").is_file()


def _exists(module: str) -> bool:
    path = PACKAGE.parent / module.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(module: str, source: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module) for every module of veille that ``source`` (the text of ``module``) imports."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # from veille import errors, from .. import lang: the names may be modules themselves
            named = [f"{target}.{alias.name}" for alias in node.names if _exists(f"{target}.{alias.name}")]
            found += [(node.lineno, name) for name in named] or [(node.lineno, target)]
    return [(line, name) for line, name in found if name == "veille" or name.startswith("veille.")]


def upward_imports(module: str, source: str, is_package: bool = False) -> list[str]:
    """Each import of ``module`` that does not go to a lower layer, as a one-line explanation."""
    own = component(module)
    problems = []
    for line, target in imported_modules(module, source, is_package):
        other = component(target)
        if other == own:
            continue
        if other not in RANK:
            problems.append(f"{module}:{line} imports {target}, whose component {other!r} is in no layer")
        elif RANK[other] >= RANK[own]:
            where = "the same layer" if RANK[other] == RANK[own] else f"layer {RANK[other]}"
            problems.append(f"{module}:{line} imports {target}: {own} (layer {RANK[own]}) may not import "
                            f"{other} ({where})")
    return problems


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_component_has_a_layer():
    unplaced = sorted({component(module_name(path)) for path in _modules()} - set(RANK))
    assert not unplaced, f"place these in LAYERS (tests/test_layers.py) and docs/architecture.md: {unplaced}"


def test_imports_point_down():
    problems = []
    for path in _modules():
        module = module_name(path)
        problems += upward_imports(module, path.read_text(encoding="utf-8"), path.name == "__init__.py")
    assert not problems, "imports that point up or sideways:\n" + "\n".join(problems)


@pytest.mark.parametrize("module, source", [
    ("veille.nlp.timing", "from ..store import Store"),  # up
    ("veille.cluster.profile", "from ..nlp import timex"),  # sideways: analysis and clustering are apart
    ("veille.kb.base", "def f():\n    from ..lang import data_path"),  # sideways, inside a function
    ("veille.ingest", "from .. import clustering"),  # a package's own relative import, to a module
    ("veille.store.db", "import veille.pipeline"),  # absolute
])
def test_an_import_that_points_up_or_sideways_is_found(module, source):
    assert len(upward_imports(module, source, is_package=_is_package(module))) == 1


@pytest.mark.parametrize("module, source", [
    ("veille.nlp.timing", "from ..text import timex\nfrom . import parse\nfrom ..kb.base import KnowledgeBase"),
    ("veille.incremental.watch", "from .ingest import ingest_records\nfrom ..store import Store"),
    ("veille.cli.kb", "from . import main\nfrom ..nlp.link import Linker"),
    ("veille", "from .incremental import ingest"),
])
def test_an_import_that_points_down_is_allowed(module, source):
    assert upward_imports(module, source, is_package=_is_package(module)) == []


def test_the_architecture_drawing_shows_these_layers():
    """docs/architecture.md draws LAYERS between two <!-- layers --> marks: one line per layer, its
    number, its components, then (after three spaces or more) what they are."""
    block = ARCHITECTURE.read_text(encoding="utf-8").split("<!-- layers -->")[1]
    drawn = {int(m.group(1)): tuple(sorted(m.group(2).split()))
             for m in re.finditer(r"^\s*(\d+)\s+(.+?)(?:\s{3,}.*)?$", block, re.MULTILINE)}
    assert drawn == {rank: tuple(sorted(layer)) for rank, layer in enumerate(LAYERS)}
