"""Paging in SQL: a count query and one page of rows, so a page's cost does not grow with the list."""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, func, select

from lms.extensions import db


@dataclass(frozen=True)
class Page:
    """One page of rows and where it sits in the whole list."""

    rows: list
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the list has (at least 1)."""
        return max(1, ceil(self.total / self.per_page))

    @property
    def first_row(self) -> int:
        """1-based position of the page's first row (0 when empty)."""
        return (self.number - 1) * self.per_page + 1 if self.rows else 0


def paginate(statement: Select, *, page: int, per_page: int, scalars: bool = False) -> Page:
    """Run `statement` for one page (clamped to the last page) with its total count: two queries."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    number = min(max(1, page), max(1, ceil(total / per_page)))
    paged = statement.limit(per_page).offset((number - 1) * per_page)
    rows = list(db.session.scalars(paged)) if scalars else list(db.session.execute(paged))
    return Page(rows, total, number, per_page)


def like_pattern(text: str) -> str:
    """A case-insensitive `contains` pattern with LIKE's wildcards escaped (use escape='\\\\')."""
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
