"""Habits the issue asked for that no other test sees: the tree is ruff-clean and CI lints before it tests, the app
writes logs rather than print() (item 8), and CONTRIBUTING.md and CHANGELOG.md say how to run, test and lint."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_tree_is_ruff_clean():
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_ci_lints_before_it_tests():
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip().startswith("make ")]
    assert steps == ["make lint", "make test"]


def test_the_application_logs_instead_of_printing():
    """print() bypasses the structured logs (and can leak a secret to a terminal): the app uses logging or click."""
    found = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in (ROOT / "lms").rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(), str(path)))
             if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"]
    assert found == []


def test_contributing_and_the_changelog_cover_running_testing_and_linting():
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    for command in ("make run", "make test", "make lint", "make bench", "tests/web/test_access_matrix.py"):
        assert command in contributing, command
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "## Unreleased" in changelog and "### Fixed" in changelog
