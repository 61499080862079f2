"""The import-linter contracts in pyproject.toml hold, and breaking a layer breaks them.

Each broken case copies the package to a temporary tree, adds one import that crosses a layer,
and runs ``lint-imports`` (what ``make lint`` runs) against the copy: it must exit non-zero and
name the contract that broke.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_with(tmp_path: Path, module: str, line: str) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    target = tree / "src" / "runofshow" / module
    target.write_text(target.read_text() + f"\n{line}\n")
    return tree


def test_the_contracts_hold_on_the_tree_as_it_is(tmp_path):
    result = lint_imports(copy_with(tmp_path, "show/reduce.py", "# nothing added"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("show/reduce.py", "import textual  # noqa", "The domain never imports Textual"),
        ("export/md.py", "import textual.app  # noqa", "The domain never imports Textual"),
        ("sheets/html.py", "import textual  # noqa", "The domain never imports Textual"),
        ("sheets/model.py", "from runofshow.tui import console  # noqa", "Layers"),
        ("plan/models.py", "from runofshow import show  # noqa", "Layers"),
        ("journal.py", "from runofshow import live  # noqa", "Layers"),
        ("show/state.py", "from runofshow.export import facts  # noqa", "Layers"),
        ("importers/run.py", "from runofshow.tui import themes  # noqa", "Layers"),
    ],
)
def test_crossing_a_layer_breaks_lint(tmp_path, module, line, contract):
    result = lint_imports(copy_with(tmp_path, module, line))
    assert result.returncode != 0
    assert f"{contract}" in result.stdout
    assert "BROKEN" in result.stdout
