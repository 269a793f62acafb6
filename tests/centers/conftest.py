"""Helpers and fixtures for the centers tests: roster uploads, invitation links in received mail, and a center
with an admin, a trainer, learners and a cohort."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD


def upload_roster(client, slug: str, data: bytes | str, filename: str = "roster.csv"):
    """POST a roster file; returns the preview response."""
    raw = data.encode() if isinstance(data, str) else data
    return client.post(f"/centers/{slug}/roster", data={"file": (io.BytesIO(raw), filename)},
                       content_type="multipart/form-data")


def confirm_fields(html: str) -> dict:
    """The hidden fields of the preview's confirm form."""
    fields = dict(re.findall(r'name="(content|digest|filename)" type="hidden" value="([^"]*)"', html))
    assert {"content", "digest"} <= fields.keys(), "the preview has no confirm form"
    return fields


def import_roster(client, slug: str, data: bytes | str):
    """Upload, then confirm the preview; returns the confirm response."""
    preview = upload_roster(client, slug, data)
    assert preview.status_code == 200, preview.get_data(as_text=True)[:2000]
    return client.post(f"/centers/{slug}/roster/confirm", data=confirm_fields(preview.get_data(as_text=True)),
                       content_type="multipart/form-data")


def roster_csv(rows: list[tuple], header: str = "email,full_name,discipline,agency,cohort,team,role") -> str:
    """A CSV roster from tuples."""
    return header + "\n" + "\n".join(",".join(str(c) for c in row) for row in rows) + "\n"


def links_in(messages, pattern=r"http://lms\.test(/invitations/\S+)") -> list[str]:
    """Invitation paths found in the plain-text parts of received messages."""
    found = []
    for message in messages:
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                found += re.findall(pattern, part.get_payload(decode=True).decode())
    return found


@pytest.fixture
def program(db, content):
    """The sample program (two modules: sample-module and quiz-module)."""
    from lms.programs.models import Program

    return db.session.scalar(select(Program).where(Program.slug == "sample-program"))


@pytest.fixture
def admin(make_user):
    """An admin of the center."""
    return make_user("center_admin", full_name="Carla Admin")


@pytest.fixture
def trainer(make_user):
    """A trainer at the center (made a trainer of the cohort by `cohort`)."""
    return make_user("trainer", full_name="Tom Trainer")


@pytest.fixture
def learners(make_user):
    """Three learners: an officer, a clinician and a CPS worker."""
    return [make_user(discipline="officer", full_name="Olivia Officer"),
            make_user(discipline="clinician", full_name="Cal Clinician"),
            make_user(discipline="cps_worker", full_name="Casey Caseworker")]


@pytest.fixture
def cohort(db, center, admin, trainer, learners, program):
    """A cohort with the trainer, the three learners, one team of all three, and the sample program due."""
    from lms.centers import cohort_service, team_service

    found = cohort_service.create_cohort(center_id=center.id, name="Fall 2026", starts_on=date(2026, 9, 1),
                                         ends_on=date(2026, 12, 15), actor_id=admin.id)
    cohort_service.add_trainer(found, user_id=trainer.id, actor_id=admin.id)
    cohort_service.add_learners(found, emails=[u.email for u in learners], actor_id=admin.id)
    cohort_service.assign(found, target=f"program:{program.id}", due_on=date(2099, 11, 30), actor_id=admin.id)
    team_service.create_team(found, name="Team A", user_ids=[u.id for u in learners], actor_id=admin.id)
    return found


@pytest.fixture
def signed_in(app):
    """signed_in(user) -> a fresh test client signed in as that user."""

    def factory(user):
        client = app.test_client()
        response = client.post("/signin", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return factory
