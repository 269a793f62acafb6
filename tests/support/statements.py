"""Counting the SQL statements a piece of code runs."""
from __future__ import annotations

from sqlalchemy import event


def statements_during(db, fn) -> tuple[object, list[str]]:
    """(what `fn()` returned, the SQL statements it ran)."""
    seen: list[str] = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return result, seen
