"""Modules read each other through public APIs: export reads the show through ``runofshow.show``'s
public names only, never the fold's internals (its runs, defs, order, checks, offset)."""

from __future__ import annotations

import ast
from pathlib import Path

import runofshow.show as show

SRC = Path(show.__file__).resolve().parent.parent
INTERNALS = {
    "runs",
    "defs",
    "order",
    "skipped",
    "checks",
    "offset",
    "undoable",
    "rows_cache",
    "row_memo",
    "checklist_cache",
}


def _trees(package: str):
    for path in sorted((SRC / package).rglob("*.py")):
        yield path.relative_to(SRC), ast.parse(path.read_text(encoding="utf-8"))


def test_export_imports_from_show_only_its_public_names():
    public = set(show.__all__)
    for name, tree in _trees("export"):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and "show" in node.module.split("."):
                assert node.module == "show" and node.level == 2, f"{name}: from {node.module} import ..."
                assert {alias.name for alias in node.names} <= public, name


def test_export_touches_no_internals_of_the_fold():
    for name, tree in _trees("export"):
        used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        assert not used & INTERNALS, f"{name}: {sorted(used & INTERNALS)}"


def test_the_stage_view_model_imports_no_textual():
    tree = ast.parse((SRC / "tui" / "stage_view.py").read_text(encoding="utf-8"))
    modules = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not any(m.split(".")[0] in ("textual", "rich") for m in modules)


def test_the_base_layer_imports_nothing_of_runofshow():
    for name, tree in _trees("base"):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0 and not (node.module or "").startswith("runofshow"), name
