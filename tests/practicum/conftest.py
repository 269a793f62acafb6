"""Practicum fixtures: a controllable clock, a cohort with an officer–clinician team, approved supervisors."""
from __future__ import annotations

import email
import re
from datetime import datetime, timedelta
from email import policy

import pytest

from lms.practicum.service import add_supervisor, save_time_zone
from tests.support.smtp import SmtpServer

START = datetime(2026, 11, 20, 15, 0)  # 10:00 in New York


class Clock:
    """A clock tests move by hand: `clock.now = ...` or `clock.advance(minutes=5)`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def app_overrides(request, clock):
    overrides = {"PRACTICUM_CLOCK": clock}
    if "smtp" in request.fixturenames:
        server = request.getfixturevalue("smtp")
        overrides.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    return overrides


@pytest.fixture
def team(db, center, make_user):
    """A cohort with a clinician and an officer in one team, and a trainer of the cohort."""
    from lms.centers.cohort_models import Cohort, CohortMember, CohortTrainer, Team, TeamMember

    clinician = make_user(discipline="clinician", full_name="Priya Raman")
    officer = make_user(discipline="officer", full_name="Jordan Ellis")
    trainer = make_user("trainer", full_name="Angela Torres")
    cohort = Cohort(center_id=center.id, name="Fall 2026")
    db.session.add(cohort)
    db.session.flush()
    squad = Team(cohort_id=cohort.id, name="Team 1")
    db.session.add(squad)
    db.session.flush()
    for user in (clinician, officer):
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
        db.session.add(TeamMember(cohort_id=cohort.id, team_id=squad.id, user_id=user.id))
    db.session.add(CohortTrainer(cohort_id=cohort.id, user_id=trainer.id))
    db.session.commit()
    save_time_zone(center_id=center.id, time_zone="America/New_York", actor_id=trainer.id)
    return {"clinician": clinician, "officer": officer, "trainer": trainer, "cohort": cohort}


@pytest.fixture
def supervisors(center):
    add_supervisor(center_id=center.id, full_name="Sgt. Dana Brooks", email="brooks@cmpd.test",
                   agency="Charlotte-Mecklenburg Police", role="police", actor_id=None)
    add_supervisor(center_id=center.id, full_name="Dr. Lee Chen", email="chen@clinic.test",
                   agency="Mecklenburg County Public Health", role="clinical", actor_id=None)
    return {"police": "brooks@cmpd.test", "clinical": "chen@clinic.test"}


def entry_data(**changes) -> dict:
    """A valid ride-along as the form posts it."""
    data = {"kind": "ride_along", "occurred_on": "2026-11-19", "start_time": "18:00", "end_time": "23:30",
            "hours": "", "unit": "Patrol District 2", "place": "North division",
            "reflection": "Rode the evening shift. Two calls involved children; I practised the first-contact "
                          "script and we debriefed in the car.",
            "police_signer": "brooks@cmpd.test", "clinical_signer": "chen@clinic.test", "action": "submit"}
    data.update(changes)
    return data


def outbox_links(tmp_path) -> dict[str, str]:
    """recipient -> the sign-off link path in the newest message to them in the development outbox."""
    links = {}
    for path in sorted((tmp_path / "outbox").glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        links.update(message_links(message))
    return links


def message_links(message) -> dict[str, str]:
    """{recipient: sign-off link path} for one message."""
    if not isinstance(message, email.message.EmailMessage):
        message = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"http://lms\.test(/signoff/[\w-]+)", body)
    return {str(message["To"]): found.group(1)} if found else {}
