"""Side-by-side diffs of two sets of module files, as escaped HTML tables (difflib). Pure."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from markupsafe import Markup, escape

from lms.authoring.pipeline import MODULE_FILE, QUIZ_FILE, lesson_names


@dataclass(frozen=True)
class FileDiff:
    """One file's change: added, removed, changed, and its side-by-side table."""

    name: str
    change: str
    table: Markup


def _order(files: dict[str, str]) -> list[str]:
    return [n for n in (MODULE_FILE,) if n in files] + lesson_names(files) + [n for n in (QUIZ_FILE,) if n in files]


def diff_files(old: dict[str, str], new: dict[str, str], *, old_label: str, new_label: str) -> list[FileDiff]:
    """Every file that differs between two versions of a module; the text is HTML-escaped by difflib."""
    names = list(dict.fromkeys(_order(old) + _order(new)))
    result = []
    for name in names:
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        change = "added" if before is None else "removed" if after is None else "changed"
        table = difflib.HtmlDiff(wrapcolumn=70).make_table(
            (before or "").splitlines(), (after or "").splitlines(), fromdesc=str(escape(old_label)),
            todesc=str(escape(new_label)), context=True, numlines=3)
        result.append(FileDiff(name, change, Markup(table)))  # noqa: S704 (difflib escapes the text)
    return result
