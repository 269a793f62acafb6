"""The demo has a practicum entry in each state and a seminar series, and running it twice adds nothing."""
from sqlalchemy import func, select

from lms.demo import create_demo_data
from lms.practicum.models import LiveSession, PracticumEntry, SessionRegistration


def test_the_demo_has_an_entry_in_each_state_and_a_session_series(app, db):
    create_demo_data()
    create_demo_data()
    entries = db.session.scalars(select(PracticumEntry).order_by(PracticumEntry.occurred_on)).all()
    assert [e.status for e in entries] == ["signed", "pending", "draft"]
    waiting = entries[1]
    assert sorted(r.decision for r in waiting.signoffs) == ["", "approved"]
    assert db.session.scalar(select(func.count()).select_from(LiveSession)) == 4
    assert db.session.scalar(select(func.count()).select_from(SessionRegistration)) == 8
