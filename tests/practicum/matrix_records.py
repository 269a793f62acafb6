"""Records the access matrix needs for the practicum routes: a cohort with the learner, a session, a draft, a
supervisor, and the cohort's calendar feed token."""
from __future__ import annotations

from datetime import datetime, timedelta

from lms.centers.cohort_models import Cohort, CohortMember
from lms.practicum.calendar import feed_token
from lms.practicum.models import PracticumEntry
from lms.practicum.service import add_supervisor
from lms.practicum.sessions import SessionValues, schedule_session


def practicum_records(db, center, learner) -> dict:
    """URL values for the practicum rows of the access matrix."""
    cohort = Cohort(center_id=center.id, name="Practicum matrix cohort")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=learner.id))
    entry = PracticumEntry(user_id=learner.id, center_id=center.id, reflection="A draft")
    db.session.add(entry)
    db.session.commit()
    start = datetime(2030, 1, 10, 15, 0)
    session = schedule_session(cohort_id=cohort.id, center_id=center.id, actor_id=learner.id, now=start,
                               values=SessionValues(series="S", title="Seminar", starts_at=start,
                                                    ends_at=start + timedelta(hours=2), place="Room", video_url="",
                                                    capacity=10, credit_minutes=120))
    supervisor = add_supervisor(center_id=center.id, full_name="Sgt. A", email="a@pd.test", agency="PD",
                                role="police", actor_id=None)
    return {"practicum_cohort": cohort.id, "live_session": session.id, "entry": entry.id, "supervisor": supervisor.id,
            "feed": feed_token(cohort_id=cohort.id)}
