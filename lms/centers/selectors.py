"""Reads for the people pages: members of a center (filtered and paged in SQL), users, a member's record."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from lms.auth.models import User
from lms.centers.cohort_models import Cohort, CohortMember, Team, TeamMember
from lms.centers.models import ROLES, Center, Invitation, Membership
from lms.extensions import db
from lms.paging import Page, like_pattern, paginate
from lms.timeutil import utcnow

STATUSES = {"active": "Active", "invited": "Invited (no password yet)", "locked": "Locked",
            "deactivated": "Deactivated"}
PER_PAGE = 50
UNTEAMED_PER_PAGE = 25
ROLES_LABELS = ROLES


@dataclass(frozen=True)
class MemberFilters:
    """What the members list is narrowed to; empty strings mean "any"."""

    q: str = ""
    role: str = ""
    discipline: str = ""
    agency: str = ""
    cohort: int | None = None
    status: str = ""
    page: int = 1


def _text_match(q: str):
    pattern = like_pattern(q)
    return or_(func.lower(User.full_name).like(pattern, escape="\\"), User.email.like(pattern, escape="\\"))


def _status_clause(status: str):
    now = utcnow()
    return {
        "active": (User.deactivated_at.is_(None)) & (User.password_hash != "")
                  & or_(User.locked_until.is_(None), User.locked_until <= now),
        "invited": (User.password_hash == "") & User.deactivated_at.is_(None),
        "locked": User.locked_until > now,
        "deactivated": User.deactivated_at.is_not(None),
    }[status]


def members_page(center_id: int, filters: MemberFilters, *, agency_only: str | None = None) -> Page:
    """One page of a center's current members, as (User, Membership) rows ordered by name."""
    statement = (select(User, Membership).join(Membership, Membership.user_id == User.id)
                 .where(Membership.center_id == center_id, Membership.removed_at.is_(None)))
    if agency_only is not None:  # an agency coordinator without an agency sees nobody
        statement = statement.where(User.agency == agency_only, User.agency != "")
    if filters.q.strip():
        statement = statement.where(_text_match(filters.q))
    if filters.role:
        statement = statement.where(Membership.role == filters.role)
    if filters.discipline:
        statement = statement.where(User.discipline == filters.discipline)
    if filters.agency:
        statement = statement.where(User.agency == filters.agency)
    if filters.cohort:
        statement = statement.where(User.id.in_(select(CohortMember.user_id).where(
            CohortMember.cohort_id == filters.cohort)))
    if filters.status in STATUSES:
        statement = statement.where(_status_clause(filters.status))
    return paginate(statement.order_by(func.lower(User.full_name), User.id), page=filters.page, per_page=PER_PAGE)


def agencies_of(center_id: int) -> list[str]:
    """The agencies of a center's current members, for the filter."""
    return list(db.session.scalars(select(User.agency).join(Membership, Membership.user_id == User.id).where(
        Membership.center_id == center_id, Membership.removed_at.is_(None), User.agency != "")
        .distinct().order_by(User.agency)))


def cohorts_of(center_id: int) -> list[Cohort]:
    """A center's cohorts that are not archived, by name."""
    return list(db.session.scalars(select(Cohort).where(Cohort.center_id == center_id,
                                                        Cohort.archived_at.is_(None)).order_by(Cohort.name)))


def cohorts_page(center_id: int, *, only: frozenset[int] | None, q: str, page: int) -> Page:
    """One page of a center's cohorts, with their member counts, current first then by start date and name;
    `only` narrows them to the cohorts a trainer trains, `q` to names containing it: two queries."""
    statement = (select(Cohort, func.count(CohortMember.id))
                 .outerjoin(CohortMember, CohortMember.cohort_id == Cohort.id)
                 .where(Cohort.center_id == center_id).group_by(Cohort.id)
                 .order_by(Cohort.archived_at.is_not(None), Cohort.starts_on.desc(), Cohort.name, Cohort.id))
    if only is not None:
        statement = statement.where(Cohort.id.in_(list(only) or [0]))
    if q.strip():
        statement = statement.where(func.lower(Cohort.name).like(like_pattern(q), escape="\\"))
    return paginate(statement, page=page, per_page=PER_PAGE)


def centers_page(q: str, page: int) -> Page:
    """One page of every center whose name contains `q`, open ones first, by name (site admins): two queries."""
    statement = select(Center)
    if q.strip():
        statement = statement.where(func.lower(Center.name).like(like_pattern(q), escape="\\"))
    return paginate(statement.order_by(Center.archived_at.is_not(None), func.lower(Center.name), Center.id),
                    page=page, per_page=PER_PAGE, scalars=True)


def cohort_learners_page(cohort_id: int, *, agency: str | None, page: int) -> Page:
    """One page of a cohort's learners by name; `agency` narrows them to an agency coordinator's: two queries."""
    statement = (select(User).join(CohortMember, CohortMember.user_id == User.id)
                 .where(CohortMember.cohort_id == cohort_id))
    if agency is not None:
        statement = statement.where(User.agency == agency)
    return paginate(statement.order_by(func.lower(User.full_name), User.id), page=page, per_page=PER_PAGE,
                    scalars=True)


def unteamed_ids(cohort_id: int):
    """A select of the ids of the cohort's learners who are in no team of it."""
    return (select(CohortMember.user_id)
            .outerjoin(TeamMember, (TeamMember.cohort_id == CohortMember.cohort_id)
                       & (TeamMember.user_id == CohortMember.user_id))
            .where(CohortMember.cohort_id == cohort_id, TeamMember.id.is_(None)))


def unteamed_page(cohort_id: int, *, q: str, page: int) -> Page:
    """One page of the cohort's learners in no team of it, by name, `q` narrowing them to a name or email
    containing it: two queries."""
    statement = select(User).where(User.id.in_(unteamed_ids(cohort_id)))
    if q.strip():
        statement = statement.where(_text_match(q))
    return paginate(statement.order_by(func.lower(User.full_name), User.id), page=page,
                    per_page=UNTEAMED_PER_PAGE, scalars=True)


def users_page(q: str, page: int) -> Page:
    """One page of every account matching a name or email search, by name (site admins)."""
    statement = select(User)
    if q.strip():
        statement = statement.where(_text_match(q))
    return paginate(statement.order_by(func.lower(User.full_name), User.id), page=page, per_page=PER_PAGE,
                    scalars=True)


def memberships_of(user_id: int) -> list[tuple[Membership, Center]]:
    """Every center a user belongs to (removed memberships included, marked), by center name."""
    return list(db.session.execute(select(Membership, Center).join(Center).where(Membership.user_id == user_id)
                                   .order_by(Center.name)))


@dataclass(frozen=True)
class MemberRecord:
    """What the member page shows: cohorts and teams at this center, the latest invitation."""

    cohorts: list[tuple[str, str]]
    invitation: Invitation | None


def member_record(center_id: int, user_id: int) -> MemberRecord:
    """The member's cohorts (with team names) at the center and their latest invitation there."""
    rows = db.session.execute(
        select(Cohort.name, Team.name).join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .outerjoin(TeamMember, (TeamMember.cohort_id == Cohort.id) & (TeamMember.user_id == user_id))
        .outerjoin(Team, Team.id == TeamMember.team_id)
        .where(Cohort.center_id == center_id, CohortMember.user_id == user_id).order_by(Cohort.name)).all()
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.center_id == center_id, Invitation.user_id == user_id).order_by(Invitation.id.desc()).limit(1))
    return MemberRecord([(c, t or "") for c, t in rows], invitation)


def center_counts(center_id: int) -> dict[str, int]:
    """Members by role, plus invited people who have not accepted yet: the center home page."""
    counts = dict(db.session.execute(select(Membership.role, func.count()).where(
        Membership.center_id == center_id, Membership.removed_at.is_(None)).group_by(Membership.role)).all())
    counts["invited"] = db.session.scalar(select(func.count()).select_from(Membership).join(User).where(
        Membership.center_id == center_id, Membership.removed_at.is_(None), User.password_hash == "")) or 0
    counts["cohorts"] = db.session.scalar(select(func.count()).select_from(Cohort).where(
        Cohort.center_id == center_id, Cohort.archived_at.is_(None))) or 0
    return counts
