"""Reads of the audit log: filtered and paged in SQL, or streamed for CSV."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.centers.models import Center
from lms.extensions import db
from lms.paging import Page, like_pattern, paginate

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilters:
    """Narrowing of the log; empty means "any"."""

    action: str = ""
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None
    center_id: int | None = None
    page: int = 1


def _statement(filters: AuditFilters) -> Select:
    actor = aliased(User)
    statement = (select(AuditEvent, actor.email, actor.full_name, Center.name)
                 .outerjoin(actor, actor.id == AuditEvent.actor_id)
                 .outerjoin(Center, Center.id == AuditEvent.center_id))
    if filters.center_id is not None:
        statement = statement.where(AuditEvent.center_id == filters.center_id)
    if filters.action.strip():
        statement = statement.where(AuditEvent.action.like(filters.action.strip().lower().replace(
            "%", "").replace("_", "\\_") + "%", escape="\\"))
    if filters.actor.strip():
        pattern = like_pattern(filters.actor)
        statement = statement.where(or_(actor.email.like(pattern, escape="\\"),
                                        func.lower(actor.full_name).like(pattern, escape="\\")))
    if filters.date_from:
        statement = statement.where(AuditEvent.at >= datetime.combine(filters.date_from, time.min))
    if filters.date_to:
        statement = statement.where(AuditEvent.at < datetime.combine(filters.date_to, time.min) + timedelta(days=1))
    return statement.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def events_page(filters: AuditFilters) -> Page:
    """One page of events, newest first, as (event, actor email, actor name, center name) rows."""
    return paginate(_statement(filters), page=filters.page, per_page=PER_PAGE)


def events_stream(filters: AuditFilters):
    """Every matching event, newest first, fetched in batches (for CSV downloads); the cursor is closed even when
    the download stops half-way."""
    with db.session.execute(_statement(filters).execution_options(yield_per=1000)) as result:
        yield from result


def known_actions(center_id: int | None) -> list[str]:
    """Distinct action names in the log (a center's, or everyone's), for the filter's suggestions."""
    statement = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    if center_id is not None:
        statement = statement.where(AuditEvent.center_id == center_id)
    return list(db.session.scalars(statement))
