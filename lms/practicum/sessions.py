"""Instructor-led session writes: schedule and move, register and waitlist, check in with a code, the roster."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lms.audit.service import record_event
from lms.extensions import db
from lms.practicum import checkin_codes
from lms.practicum.attendance import credited_minutes, late_minutes
from lms.practicum.models import LiveSession, SessionRegistration
from lms.practicum.selectors import registered_count, sessions_open_at
from lms.practicum.signals import practicum_counted


@dataclass
class SessionValues:
    """A session's details with its times already in naive UTC."""

    series: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    video_url: str
    capacity: int
    credit_minutes: int


def schedule_session(*, cohort_id: int, center_id: int, values: SessionValues, actor_id: int,
                     now: datetime) -> LiveSession:
    """Create a session for a cohort and commit."""
    session = LiveSession(cohort_id=cohort_id, secret=secrets.token_hex(32), created_by_id=actor_id,
                          created_at=now, updated_at=now, **values.__dict__)
    db.session.add(session)
    db.session.flush()
    record_event(action="session.scheduled", actor_id=actor_id, target_type="live_session", target_id=session.id,
                 center_id=center_id, detail={"title": session.title, "starts_at": session.starts_at.isoformat()})
    db.session.commit()
    return session


def update_session(*, session: LiveSession, center_id: int, values: SessionValues, actor_id: int,
                   now: datetime) -> LiveSession:
    """Change a session; calendar feeds see a new SEQUENCE so subscribed calendars move it. Commits."""
    moved = (session.starts_at, session.ends_at, session.place) != (values.starts_at, values.ends_at, values.place)
    for key, value in values.__dict__.items():
        setattr(session, key, value)
    session.updated_at = now
    session.sequence += 1
    record_event(action="session.updated", actor_id=actor_id, target_type="live_session", target_id=session.id,
                 center_id=center_id, detail={"moved": moved, "starts_at": session.starts_at.isoformat()})
    db.session.commit()
    return session


def register(*, session: LiveSession, user_id: int, now: datetime, actor_id: int | None = None) -> str:
    """Register the learner, or waitlist them when the session is full; the resulting status. Commits."""
    row = db.session.scalar(select(SessionRegistration).where(
        SessionRegistration.session_id == session.id, SessionRegistration.user_id == user_id))
    if row is not None and row.status in ("registered", "waitlisted"):
        return row.status
    status = "registered" if registered_count(session.id) < session.capacity else "waitlisted"
    if row is None:
        row = SessionRegistration(session_id=session.id, user_id=user_id)
        db.session.add(row)
    row.created_at, row.status = now, status
    db.session.flush()
    record_event(action=f"session.{row.status}", actor_id=actor_id or user_id, target_type="live_session",
                 target_id=session.id, detail={"user_id": user_id})
    db.session.commit()
    return row.status


def cancel(*, session: LiveSession, user_id: int, now: datetime) -> None:
    """Give up a place; the first on the waitlist takes it. Commits."""
    row = db.session.scalar(select(SessionRegistration).where(
        SessionRegistration.session_id == session.id, SessionRegistration.user_id == user_id))
    if row is None or row.status == "cancelled" or row.attended:
        return
    was_registered = row.status == "registered"
    row.status = "cancelled"
    db.session.flush()
    if was_registered:
        first = db.session.scalar(select(SessionRegistration).where(
            SessionRegistration.session_id == session.id, SessionRegistration.status == "waitlisted")
            .order_by(SessionRegistration.created_at, SessionRegistration.id).limit(1))
        if first is not None:
            first.status = "registered"
    record_event(action="session.cancelled", actor_id=user_id, target_type="live_session", target_id=session.id)
    db.session.commit()


def check_in(*, user_id: int, code: str, now: datetime) -> tuple[bool, str]:
    """Check the learner in to the open session whose code this is; (done, message for the learner). Commits."""
    for session in sessions_open_at(now, checkin_codes.EARLY):
        if not checkin_codes.code_matches(session.secret, code, now):
            continue
        row = db.session.scalar(select(SessionRegistration).where(
            SessionRegistration.session_id == session.id, SessionRegistration.user_id == user_id))
        if row is None or row.status != "registered":
            return False, (f"You are not registered for “{session.title}”, so the code cannot check you in. "
                           "Ask the trainer to add you on the roster.")
        if row.attended:
            return False, f"You are already checked in to “{session.title}”."
        late = late_minutes(starts_at=session.starts_at, checked_in_at=now)
        row.attended, row.checked_in_at, row.check_in_method, row.late_minutes = True, now, "code", late
        row.credited_minutes = credited_minutes(credit=session.credit_minutes, starts_at=session.starts_at,
                                                ends_at=session.ends_at, late=late)
        record_event(action="session.checked_in", actor_id=user_id, target_type="live_session",
                     target_id=session.id, detail={"late_minutes": late})
        db.session.flush()
        practicum_counted.send(None, user_id=user_id)
        db.session.commit()
        return True, f"Checked in to “{session.title}”." + (f" You were {late} minutes late." if late else "")
    return False, ("That code is not valid now. Codes change every minute and work only during the session; "
                   "enter the code on the screen, or ask the trainer to tick you on the roster.")


@dataclass
class RosterMark:
    """The trainer's marks for one registration."""

    registration_id: int
    attended: bool
    late: int
    early: int


def mark_roster(*, session: LiveSession, center_id: int, marks: list[RosterMark], actor_id: int,
                now: datetime) -> int:
    """Apply the trainer's attendance, late and early marks; how many rows changed. Commits."""
    rows = {r.id: r for r in db.session.scalars(select(SessionRegistration).where(
        SessionRegistration.session_id == session.id))}
    changed = 0
    for mark in marks:
        row = rows.get(mark.registration_id)
        if row is None or row.status == "cancelled":
            continue
        before = (row.attended, row.late_minutes, row.early_minutes)
        row.attended, row.late_minutes, row.early_minutes = mark.attended, mark.late, mark.early
        if mark.attended and row.status == "waitlisted":
            row.status = "registered"  # the trainer let them in
        if mark.attended and row.checked_in_at is None:
            row.checked_in_at, row.check_in_method = now, "roster"
        row.credited_minutes = credited_minutes(credit=session.credit_minutes, starts_at=session.starts_at,
                                                ends_at=session.ends_at, late=mark.late,
                                                early=mark.early) if mark.attended else 0
        if before != (row.attended, row.late_minutes, row.early_minutes):
            changed += 1
            record_event(action="session.roster_marked", actor_id=actor_id, target_type="live_session",
                         target_id=session.id, center_id=center_id,
                         detail={"user_id": row.user_id, "attended": row.attended, "late": row.late_minutes,
                                 "early": row.early_minutes})
            if row.attended:
                db.session.flush()
                practicum_counted.send(None, user_id=row.user_id)
    db.session.commit()
    return changed
