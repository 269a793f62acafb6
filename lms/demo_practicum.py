"""Demo practicum data: approved supervisors, a ride-along in each state (draft, waiting for one signer, signed),
the officer's two signed case conferences, and a four-session seminar series for the demo cohort (three held, the
officer at all of them, so "CD-CP core" is issued to the officer with the field work on it), written through the
practicum services."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from lms.auth.service import find_user_by_email
from lms.centers.cohort_models import Cohort, CohortMember, CohortTrainer
from lms.extensions import db
from lms.practicum import service, sessions
from lms.practicum.clock import to_utc
from lms.practicum.models import LiveSession, PracticumEntry
from lms.practicum.selectors import roster, supervisors_by_role
from lms.timeutil import utcnow

DEMO_COHORT = "Fall 2026 cross-training"
DEMO_SUPERVISORS = [("Sgt. Dana Brooks", "sergeant@demo.cdcp.test", "Charlotte-Mecklenburg Police", "police"),
                    ("Dr. Lee Chen", "supervisor@demo.cdcp.test", "Mecklenburg County Public Health", "clinical")]
CONFERENCE = ("Sat in on the weekly case conference. Heard how the clinician and the CPS worker decide on a "
              "follow-up after a police call, and explained what the patrol report can and cannot tell them.")
REFLECTION = ("Rode the evening shift with the patrol officer. Two calls involved children who had seen violence "
              "at home; I practised the first-contact script and we debriefed in the car about when to call the "
              "on-call clinician.")


def create_practicum_demo(center) -> None:
    """Supervisors, three entries of the demo clinician and a seminar series (idempotent)."""
    service.save_time_zone(center_id=center.id, time_zone="America/New_York", actor_id=None)
    for name, email, agency, role in DEMO_SUPERVISORS:
        service.add_supervisor(center_id=center.id, full_name=name, email=email, agency=agency, role=role,
                               actor_id=None)
    clinician = find_user_by_email("clinician@demo.cdcp.test")
    if clinician is not None and not db.session.scalar(select(func.count()).select_from(PracticumEntry).where(
            PracticumEntry.user_id == clinician.id)):
        _entries(center, clinician)
    officer = find_user_by_email("officer@demo.cdcp.test")
    if officer is not None and not db.session.scalar(select(func.count()).select_from(PracticumEntry).where(
            PracticumEntry.user_id == officer.id)):
        _conferences(center, officer)
    cohort = _cohort(center)
    if not db.session.scalar(select(func.count()).select_from(LiveSession).where(LiveSession.cohort_id == cohort.id)):
        _series(center, cohort)


def _entries(center, clinician) -> None:
    now = utcnow()
    signers = {role: email for _, email, _, role in DEMO_SUPERVISORS}
    for days_ago, state in ((2, "draft"), (9, "one_signed"), (16, "signed")):
        values = service.EntryValues(kind="ride_along", occurred_on=date.today() - timedelta(days=days_ago),
                                     minutes=300, unit="Patrol District 2", place="North division",
                                     reflection=REFLECTION, partner_ids=[], signers=signers)
        if state == "draft":
            service.save_draft(user_id=clinician.id, center_id=center.id, entry_id=None, values=values, now=now)
            continue
        entry = service.submit_entry(user_id=clinician.id, center_id=center.id, entry_id=None, values=values,
                                     supervisors=supervisors_by_role(center.id), now=now)
        for request in list(entry.signoffs):
            if state == "signed" or request.role == "police":
                service.decide(request=request, decision="approved", comment="", now=now)


def _conferences(center, officer) -> None:
    now = utcnow()
    signers = {role: email for _, email, _, role in DEMO_SUPERVISORS}
    for days_ago in (20, 13):
        values = service.EntryValues(kind="case_conference", occurred_on=date.today() - timedelta(days=days_ago),
                                     minutes=90, unit="CD-CP case conference", place="Clinic conference room",
                                     reflection=CONFERENCE, partner_ids=[], signers=signers)
        entry = service.submit_entry(user_id=officer.id, center_id=center.id, entry_id=None, values=values,
                                     supervisors=supervisors_by_role(center.id), now=now)
        for request in list(entry.signoffs):
            service.decide(request=request, decision="approved", comment="", now=now)


def _cohort(center) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.center_id == center.id, Cohort.name == DEMO_COHORT))
    if cohort is None:
        cohort = Cohort(center_id=center.id, name=DEMO_COHORT)
        db.session.add(cohort)
        db.session.flush()
    for email, kind in (("officer@demo.cdcp.test", CohortMember), ("clinician@demo.cdcp.test", CohortMember),
                        ("cps@demo.cdcp.test", CohortMember), ("trainer@demo.cdcp.test", CohortTrainer)):
        user = find_user_by_email(email)
        if user is not None and not db.session.scalar(select(kind).where(kind.cohort_id == cohort.id,
                                                                         kind.user_id == user.id)):
            db.session.add(kind(cohort_id=cohort.id, user_id=user.id))
    db.session.commit()
    return cohort


def _series(center, cohort) -> None:
    now = utcnow()
    trainer = find_user_by_email("trainer@demo.cdcp.test")
    first = date.today() - timedelta(weeks=3)  # three seminars held, the fourth next week
    titles = ["First contact with a child", "The police–clinician partnership", "Case conference practice",
              "Joint debrief of a call-out"]
    for week, title in enumerate(titles):
        day = first + timedelta(weeks=week)
        start = to_utc(datetime.combine(day, time(18, 0)), "America/New_York")
        session = sessions.schedule_session(
            cohort_id=cohort.id, center_id=center.id, actor_id=trainer.id if trainer else None, now=now,
            values=sessions.SessionValues(series="CD-CP seminar", title=f"Seminar {week + 1}: {title}",
                                          starts_at=start, ends_at=start + timedelta(hours=2),
                                          place="Training room B", video_url="", capacity=24,
                                          credit_minutes=120))
        for email in ("officer@demo.cdcp.test", "clinician@demo.cdcp.test"):
            learner = find_user_by_email(email)
            if learner is not None:
                sessions.register(session=session, user_id=learner.id, now=now)
        if session.ends_at < now:  # held: the officer came to each, the clinician to the first two
            _mark(center, session, trainer, clinician_came=week < 2, now=now)


def _mark(center, session, trainer, *, clinician_came: bool, now: datetime) -> None:
    came = {"officer@demo.cdcp.test": True, "clinician@demo.cdcp.test": clinician_came}
    marks = [sessions.RosterMark(registration_id=row.id, attended=came.get(row.user.email, False), late=0, early=0)
             for row in roster(session.id)]
    sessions.mark_roster(session=session, center_id=center.id, marks=marks,
                         actor_id=trainer.id if trainer else None, now=now)
