"""Where the shipped migrations and content live: the source tree when run from a checkout, else the copies the
wheel carries inside the package (lms/_shipped/, found with importlib.resources)."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

SHIPPED = ("migrations", "curriculum", "quizzes", "programs")
_SOURCE_TREE = Path(__file__).resolve().parent.parent


def in_source_tree() -> bool:
    """True when the package runs from a checkout (pyproject.toml beside it)."""
    return (_SOURCE_TREE / "pyproject.toml").is_file() and (_SOURCE_TREE / "migrations").is_dir()


def shipped_path(name: str) -> Path:
    """The folder of a shipped resource (`migrations`, `curriculum`, `quizzes` or `programs`)."""
    if name not in SHIPPED:
        raise ValueError(f"unknown shipped folder {name!r}")
    if in_source_tree():
        return _SOURCE_TREE / name
    return Path(str(files("lms").joinpath("_shipped", name)))
