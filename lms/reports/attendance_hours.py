"""Attendance hours per learner for the rosters: hours credited at sessions attended and signed field hours."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from lms.extensions import db
from lms.practicum.models import PracticumEntry, SessionRegistration


@dataclass(frozen=True)
class Hours:
    """One learner's session and field minutes."""

    session_minutes: int = 0
    field_minutes: int = 0

    @property
    def session_hours(self) -> str:
        """Session hours as a roster prints them: '3.5', '0'."""
        return f"{round(self.session_minutes / 60, 2):g}"

    @property
    def field_hours(self) -> str:
        """Signed field hours as a roster prints them."""
        return f"{round(self.field_minutes / 60, 2):g}"


def attendance_hours(user_ids: list[int]) -> dict[int, Hours]:
    """user id -> Hours, in two grouped queries whatever the number of learners. Field hours are those of signed
    entries not replaced by a signed correction (the entries that count)."""
    if not user_ids:
        return {}
    sessions = dict(db.session.execute(select(SessionRegistration.user_id,
                                              func.sum(SessionRegistration.credited_minutes))
                                       .where(SessionRegistration.user_id.in_(user_ids),
                                              SessionRegistration.attended.is_(True))
                                       .group_by(SessionRegistration.user_id)).all())
    newer = aliased(PracticumEntry)
    replaced = select(newer.id).where(newer.supersedes_id == PracticumEntry.id, newer.status == "signed")
    field = dict(db.session.execute(select(PracticumEntry.user_id, func.sum(PracticumEntry.minutes))
                                    .where(PracticumEntry.user_id.in_(user_ids), PracticumEntry.status == "signed",
                                           ~replaced.exists())
                                    .group_by(PracticumEntry.user_id)).all())
    return {uid: Hours(int(sessions.get(uid) or 0), int(field.get(uid) or 0)) for uid in user_ids}
