"""The center admin's list of issued certificates: filtered, searched, sorted and paged in SQL, reading only the
columns shown (the snapshot's printed fields are read inside the database, never parsed row by row)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from lms.auth.models import User
from lms.certificates.models import Certificate, CertificateRevocation
from lms.extensions import db
from lms.programs.models import Program, ProgramVersion
from lms.timeutil import utcnow

PAGE_SIZE = 100
STATUS_CODES = ("valid", "expired", "revoked", "superseded")
SORTS = {"issued-desc": "Newest first", "issued-asc": "Oldest first", "name": "Learner name",
         "program": "Program", "expires": "Expiry date"}

_NEWER = aliased(Certificate)


def _doc(*path: str):
    """A text field of the stored snapshot, read by the database (SQLite json_extract, PostgreSQL ->>)."""
    return Certificate.snapshot[("document", *path)].as_string()


LEARNER_NAME = _doc("learner_name")


@dataclass(frozen=True)
class Filters:
    """What the admin asked for; every field optional."""

    program: str = ""
    status: str = ""
    search: str = ""
    issued_from: date | None = None
    issued_to: date | None = None
    expiring_from: date | None = None
    expiring_to: date | None = None
    sort: str = "issued-desc"
    public_ids: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Row:
    """One line of the list."""

    public_id: str
    short_code: str
    learner_name: str
    email: str
    program_title: str
    issued_on: date
    expires_on: date | None
    status: str
    revocation_reason: str | None


@dataclass(frozen=True)
class Page:
    """One page of rows and where it sits in the whole list."""

    rows: list[Row]
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one)."""
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """1-based position of the first row shown (0 when empty)."""
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """1-based position of the last row shown."""
        return self.first + len(self.rows) - 1 if self.rows else 0


def _status_expression(now: datetime):
    revoked = CertificateRevocation.id.is_not(None)  # outer-joined by _statement
    superseded = exists(select(_NEWER.id).where(_NEWER.supersedes_id == Certificate.id))
    expired = and_(Certificate.expires_at.is_not(None), Certificate.expires_at <= now)
    return case((revoked, literal("revoked")), (superseded, literal("superseded")), (expired, literal("expired")),
                else_=literal("valid"))


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _where(center_id: int, filters: Filters, status):
    clauses = [Certificate.center_id == center_id]
    if filters.program:
        clauses.append(ProgramVersion.program_id.in_(select(Program.id).where(Program.slug == filters.program)))
    if filters.status:
        clauses.append(status == filters.status)
    if filters.search:
        typed = filters.search.strip()
        needle = typed.lower()  # SQLite's lower() folds ASCII only, so the text as typed is tried too
        clauses.append(or_(*(check for column in (LEARNER_NAME, User.full_name, User.email)
                             for check in (func.lower(column).contains(needle, autoescape=True),
                                           column.contains(typed, autoescape=True)))))
    if filters.issued_from:
        clauses.append(Certificate.issued_at >= _start(filters.issued_from))
    if filters.issued_to:
        clauses.append(Certificate.issued_at < _start(filters.issued_to) + timedelta(days=1))
    if filters.expiring_from:
        clauses.append(Certificate.expires_at >= _start(filters.expiring_from))
    if filters.expiring_to:
        clauses.append(Certificate.expires_at < _start(filters.expiring_to) + timedelta(days=1))
    if filters.public_ids:
        clauses.append(Certificate.public_id.in_(filters.public_ids))
    return clauses


def _order(sort: str):
    by = {"issued-asc": (Certificate.issued_at.asc(), Certificate.id.asc()),
          "name": (func.lower(LEARNER_NAME), Certificate.id.desc()),
          "program": (ProgramVersion.title, Certificate.issued_at.desc(), Certificate.id.desc()),
          "expires": (Certificate.expires_at.is_(None), Certificate.expires_at.asc(), Certificate.id.desc())}
    return by.get(sort, (Certificate.issued_at.desc(), Certificate.id.desc()))


def _statement(center_id: int, filters: Filters, columns: list, now: datetime | None = None, *,
               with_status: bool = True):
    status = _status_expression(now or utcnow())
    statement = (select(*columns, *([status.label("status")] if with_status else []))
                 .join(User, User.id == Certificate.user_id)
                 .join(ProgramVersion, ProgramVersion.id == Certificate.program_version_id)
                 .outerjoin(CertificateRevocation, CertificateRevocation.certificate_id == Certificate.id))
    return statement.where(*_where(center_id, filters, status)).order_by(*_order(filters.sort)), status


def count(center_id: int, filters: Filters) -> int:
    """How many certificates match."""
    statement = (select(func.count(Certificate.id)).join(User, User.id == Certificate.user_id)
                 .join(ProgramVersion, ProgramVersion.id == Certificate.program_version_id)
                 .outerjoin(CertificateRevocation, CertificateRevocation.certificate_id == Certificate.id))
    return db.session.scalar(statement.where(*_where(center_id, filters, _status_expression(utcnow()))))


_LIST_COLUMNS = [Certificate.public_id, Certificate.short_code, LEARNER_NAME.label("learner_name"), User.email,
                 ProgramVersion.title, Certificate.issued_at, Certificate.expires_at, CertificateRevocation.reason]


def page(center_id: int, filters: Filters, number: int = 1) -> Page:
    """One page (100 rows) of the matching certificates; a page past the end shows the last one."""
    total = count(center_id, filters)
    last = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), last)
    # First the page's ids (the database sorts narrow rows), then the shown columns of those 100 only.
    chosen, _ = _statement(center_id, filters, [Certificate.id], with_status=False)
    ids = list(db.session.scalars(select(chosen.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE).subquery().c.id)))
    statement, _ = _statement(center_id, Filters(), [Certificate.id, *_LIST_COLUMNS])
    found = {row[0]: row[1:] for row in db.session.execute(statement.where(Certificate.id.in_(ids)))}
    rows = [Row(public_id, code, name or "", email, title, issued.date(), expires.date() if expires else None,
                status, reason)
            for public_id, code, name, email, title, issued, expires, reason, status in (found[i] for i in ids)]
    return Page(rows, number, total)


def matching_ids(center_id: int, filters: Filters, limit: int) -> list[tuple[int, str]]:
    """(database id, public id) of the matching certificates in list order, at most `limit` + 1 (so a caller
    can tell there are too many)."""
    statement, _ = _statement(center_id, filters, [Certificate.id, Certificate.public_id], with_status=False)
    return [(row[0], row[1]) for row in db.session.execute(statement.limit(limit + 1))]


CSV_COLUMNS = ["short_code", "learner_name", "email", "agency", "discipline", "program", "course_number",
               "ce_hours", "issued_on", "expires_on", "status", "revocation_reason", "verify_url"]
_CSV_SELECT = [Certificate.short_code, LEARNER_NAME, User.email, User.agency, User.discipline, ProgramVersion.title,
               _doc("accreditation", "post_course_number"), _doc("ce_hours"), Certificate.issued_at,
               Certificate.expires_at, CertificateRevocation.reason, _doc("verify_url")]


def csv_rows(center_id: int, filters: Filters, *, chunk: int = 500) -> Iterator[list]:
    """The matching certificates as CSV values (CSV_COLUMNS order), fetched `chunk` rows at a time."""
    statement, _ = _statement(center_id, filters, _CSV_SELECT)
    with db.session.execute(statement.execution_options(yield_per=chunk)) as result:  # closed if the download stops
        yield from (_csv_values(row) for row in result)


def _csv_values(row) -> list:
    """One certificate's CSV values."""
    (code, name, email, agency, discipline, title, course, hours, issued, expires, reason, url, status) = row
    return [code, name, email, agency, discipline, title, course or "", hours, issued.date().isoformat(),
            expires.date().isoformat() if expires else "", status, reason or "", url]
