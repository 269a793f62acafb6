"""The demo has a practicum entry in each state and a seminar series, the officer's field work earns the officer
"CD-CP core" with the field work on it, and running it twice adds nothing."""
from sqlalchemy import func, select

from lms.auth.service import find_user_by_email
from lms.demo import create_demo_data
from lms.practicum.models import LiveSession, PracticumEntry, SessionRegistration


def test_the_demo_has_an_entry_in_each_state_and_a_session_series(app, db):
    create_demo_data()
    create_demo_data()
    clinician = find_user_by_email("clinician@demo.cdcp.test")
    entries = db.session.scalars(select(PracticumEntry).where(PracticumEntry.user_id == clinician.id)
                                 .order_by(PracticumEntry.occurred_on)).all()
    assert [e.status for e in entries] == ["signed", "pending", "draft"]
    waiting = entries[1]
    assert sorted(r.decision for r in waiting.signoffs) == ["", "approved"]
    assert db.session.scalar(select(func.count()).select_from(LiveSession)) == 4
    assert db.session.scalar(select(func.count()).select_from(SessionRegistration)) == 8


def test_the_demo_officer_meets_cdcp_core_with_two_case_conferences_and_three_seminars(app, db):
    from pathlib import Path

    from lms.certificates.models import IssuanceRequest
    from lms.publishing import import_content

    root = Path(__file__).resolve().parents[2]
    import_content(root / "curriculum", root / "quizzes", root / "programs")
    create_demo_data()
    officer = find_user_by_email("officer@demo.cdcp.test")
    conferences = db.session.scalars(select(PracticumEntry).where(PracticumEntry.user_id == officer.id)).all()
    assert [(e.kind, e.status) for e in conferences] == [("case_conference", "signed")] * 2
    attended = db.session.scalar(select(func.count()).select_from(SessionRegistration).where(
        SessionRegistration.user_id == officer.id, SessionRegistration.attended.is_(True)))
    assert attended == 3
    # the core program's request, and the demo center's own refresher's (its two modules are among the eight)
    assert db.session.scalars(select(IssuanceRequest.user_id)).all() == [officer.id, officer.id]
