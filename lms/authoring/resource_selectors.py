"""Reads of a center's local resource directory for its admin page: paged and searched in SQL."""
from __future__ import annotations

from sqlalchemy import func, or_, select

from lms.authoring.models import LocalResource
from lms.paging import Page, like_pattern, paginate

PER_PAGE = 50


def directory_page(center_id: int, *, q: str, page: int) -> Page:
    """One page of the center's entries by name whose name or kind contains `q`: two queries."""
    statement = select(LocalResource).where(LocalResource.center_id == center_id)
    if q.strip():
        pattern = like_pattern(q)
        statement = statement.where(or_(func.lower(LocalResource.name).like(pattern, escape="\\"),
                                        func.lower(LocalResource.kind).like(pattern, escape="\\")))
    return paginate(statement.order_by(func.lower(LocalResource.name), LocalResource.id), page=page,
                    per_page=PER_PAGE, scalars=True)
