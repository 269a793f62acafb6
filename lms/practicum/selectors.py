"""Practicum and session reads."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased, joinedload

from lms.auth.models import User
from lms.centers.cohort_models import Cohort, CohortMember, CohortTrainer, TeamMember
from lms.centers.models import Membership
from lms.extensions import db
from lms.paging import Page, paginate
from lms.practicum.models import ApprovedSupervisor, LiveSession, PracticumEntry, SessionRegistration, SignoffRequest

PER_PAGE = 50  # entries and sign-off requests a page


def home_center_id(user_id: int) -> int | None:
    """The learner's first center (entries belong to it)."""
    return db.session.scalar(select(Membership.center_id).where(Membership.user_id == user_id)
                             .order_by(Membership.id).limit(1))


def supervisors(center_id: int) -> list[ApprovedSupervisor]:
    """The center's current approved supervisors, by agency and name."""
    return list(db.session.scalars(select(ApprovedSupervisor).where(
        ApprovedSupervisor.center_id == center_id, ApprovedSupervisor.removed_at.is_(None))
        .order_by(ApprovedSupervisor.agency, ApprovedSupervisor.full_name)))


def supervisors_by_role(center_id: int) -> dict[str, dict[str, str]]:
    """role -> {email: name} of the center's approved supervisors."""
    found: dict[str, dict[str, str]] = {"police": {}, "clinical": {}}
    for row in supervisors(center_id):
        found.setdefault(row.role, {})[row.email] = row.full_name
    return found


def teammates(user_id: int) -> list[User]:
    """People who share a team with the user (any cohort)."""
    mine = select(TeamMember.team_id).where(TeamMember.user_id == user_id)
    return list(db.session.scalars(select(User).join(TeamMember, TeamMember.user_id == User.id).where(
        TeamMember.team_id.in_(mine), User.id != user_id).distinct().order_by(User.full_name)))


def entries_of(user_id: int, *, page: int = 1) -> Page:
    """One page of a learner's entries, newest activity first (drafts with no date on top)."""
    return paginate(select(PracticumEntry).where(PracticumEntry.user_id == user_id)
                    .order_by(PracticumEntry.occurred_on.desc().nulls_first(), PracticumEntry.id.desc()),
                    page=page, per_page=PER_PAGE, scalars=True)


def own_entry(user_id: int, entry_id: int) -> PracticumEntry | None:
    """The entry if it is the user's."""
    entry = db.session.get(PracticumEntry, entry_id)
    return entry if entry is not None and entry.user_id == user_id else None


def counted_entries(user_id: int) -> list[PracticumEntry]:
    """Signed entries that count: every required signature in, and not replaced by a signed correction."""
    return list(db.session.scalars(select(PracticumEntry).where(PracticumEntry.user_id == user_id, _counted())
                                   .order_by(PracticumEntry.occurred_on)))


def _counted():
    """The condition of an entry that counts: signed, and not replaced by a signed correction."""
    newer = aliased(PracticumEntry)
    replaced = select(newer.id).where(newer.supersedes_id == PracticumEntry.id, newer.status == "signed")
    return and_(PracticumEntry.status == "signed", ~replaced.exists())


def superseded_ids(user_id: int) -> set[int]:
    """Ids of the user's entries replaced by a signed correction."""
    return set(db.session.scalars(select(PracticumEntry.supersedes_id).where(
        PracticumEntry.user_id == user_id, PracticumEntry.status == "signed",
        PracticumEntry.supersedes_id.is_not(None))))


def open_requests_for(email: str, now: datetime, *, page: int = 1) -> Page:
    """One page of the sign-off requests waiting for this supervisor (not decided, not expired), oldest first,
    each with its entry and learner loaded in the same query."""
    return paginate(select(SignoffRequest).where(
        SignoffRequest.signer_email == email.lower(), SignoffRequest.decided_at.is_(None),
        SignoffRequest.expires_at >= now).order_by(SignoffRequest.id)
        .options(joinedload(SignoffRequest.entry).joinedload(PracticumEntry.user)),
        page=page, per_page=PER_PAGE, scalars=True)


def learner_cohort_ids(user_id: int) -> list[int]:
    """Cohorts the user learns in."""
    return list(db.session.scalars(select(CohortMember.cohort_id).where(CohortMember.user_id == user_id)))


def trains(user_id: int, cohort_id: int) -> bool:
    """True if the user is a trainer of the cohort."""
    return db.session.scalar(select(func.count()).select_from(CohortTrainer).where(
        CohortTrainer.user_id == user_id, CohortTrainer.cohort_id == cohort_id)) > 0


def cohort_sessions(cohort_ids: list[int]) -> list[LiveSession]:
    """Sessions of these cohorts by start time."""
    if not cohort_ids:
        return []
    return list(db.session.scalars(select(LiveSession).where(LiveSession.cohort_id.in_(cohort_ids))
                                   .order_by(LiveSession.starts_at)))


def registrations_of(user_id: int) -> dict[int, SessionRegistration]:
    """session id -> the user's registration."""
    return {r.session_id: r for r in db.session.scalars(select(SessionRegistration).where(
        SessionRegistration.user_id == user_id))}


def roster(session_id: int) -> list[SessionRegistration]:
    """A session's registrations: registered first, then waitlist in order, cancelled last."""
    order = {"registered": 0, "waitlisted": 1, "cancelled": 2}
    rows = db.session.scalars(select(SessionRegistration).where(SessionRegistration.session_id == session_id)
                              .order_by(SessionRegistration.created_at, SessionRegistration.id))
    return sorted(rows, key=lambda r: order.get(r.status, 3))


def registered_count(session_id: int) -> int:
    """Seats taken."""
    return db.session.scalar(select(func.count()).select_from(SessionRegistration).where(
        SessionRegistration.session_id == session_id, SessionRegistration.status == "registered"))


def sessions_open_at(now: datetime, early) -> list[LiveSession]:
    """Sessions whose check-in window contains `now`."""
    return list(db.session.scalars(select(LiveSession).where(
        LiveSession.starts_at <= now + early, LiveSession.ends_at >= now)))


def cohort_of(cohort_id: int) -> Cohort | None:
    """A cohort by id."""
    return db.session.get(Cohort, cohort_id)



def cohort_learners(cohort_id: int) -> list[User]:
    """Learners of a cohort by name."""
    return list(db.session.scalars(select(User).join(CohortMember, CohortMember.user_id == User.id)
                                   .where(CohortMember.cohort_id == cohort_id).order_by(User.full_name)))


def practicum_facts(user_id: int) -> tuple[list[tuple[str, int, tuple[str, ...]]], list[str]]:
    """(kind, minutes, roles that signed) of the user's counted entries, and the series of each session they
    attended."""
    return practicum_facts_of([user_id])[user_id]


def practicum_facts_of(user_ids: list[int]) -> dict[int, tuple[list[tuple[str, int, tuple[str, ...]]], list[str]]]:
    """`practicum_facts` of many users in two queries: user id -> (counted entries, attended series)."""
    facts: dict[int, tuple[list, list]] = {uid: ([], []) for uid in user_ids}
    if not user_ids:
        return facts
    for user_id, kind, minutes, signers in db.session.execute(select(
            PracticumEntry.user_id, PracticumEntry.kind, PracticumEntry.minutes, PracticumEntry.signers).where(
            PracticumEntry.user_id.in_(user_ids), _counted())
            .order_by(PracticumEntry.occurred_on)):
        facts[user_id][0].append((kind, minutes or 0, tuple(signers)))
    for user_id, series in db.session.execute(select(SessionRegistration.user_id, LiveSession.series).join(
            LiveSession, SessionRegistration.session_id == LiveSession.id).where(
            SessionRegistration.user_id.in_(user_ids), SessionRegistration.attended.is_(True))):
        facts[user_id][1].append(series)
    return facts
