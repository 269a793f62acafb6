"""The Open Badges Achievement of a center's own program: its credentials name /programs/<name>, which answers every
verifier (no account, any center) once the program has issued a certificate, as the same public, cacheable
description a shared program has, with the owning center as its creator; before that only the center's members
see it; archiving the program does not break the certificates it issued."""
from urllib.parse import urlsplit

import jwt
import pytest
from sqlalchemy import select

from lms.centers.service import create_center
from lms.certificates.issuing.service import revoke
from lms.certificates.models import Certificate
from lms.curriculum.models import Lesson, Module
from lms.programs.center_service import create_center_program, set_archived
from lms.progress.service import mark_lesson_done
from tests.conftest import PASSWORD
from tests.programs.conftest import fields

pytestmark = pytest.mark.pg

JSON = {"Accept": "application/json"}
URLS = ("/programs/county-refresher", "/programs/county-refresher/image.svg")


def signed_in(app, user):
    client = app.test_client()
    assert client.post("/signin", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def program(db, center, own_module, issuing):
    return create_center_program(center_id=center.id, slug="county-refresher", actor_id=None,
                                 fields=fields(approval_statement="Approved for 1 CE contact hour (test)."))


def complete(db, user) -> Certificate:
    """Every lesson of the program's two modules done: the center issues the certificate."""
    lessons = db.session.scalars(select(Lesson).join(Module, Module.current_version_id == Lesson.version_id)
                                 .where(Module.slug.in_(("sample-module", "our-county")))).all()
    for lesson in lessons:
        mark_lesson_done(user_id=user.id, lesson=lesson)
    return db.session.scalar(select(Certificate).where(Certificate.user_id == user.id))


def outsiders(app, make_user):
    """A visitor with no account, and a member of another center."""
    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    return {"anonymous": app.test_client(), "other center": signed_in(app, make_user(center_obj=other))}


def test_before_any_certificate_only_the_centers_members_see_the_program_and_never_through_a_cache(
        app, db, center, make_user, program):
    for name, client in outsiders(app, make_user).items():
        for url in URLS:
            assert client.get(url).status_code == 404, (name, url)
            assert client.get(url, headers=JSON).status_code == 404, (name, url)
    member = signed_in(app, make_user(discipline="clinician"))
    response = member.get("/programs/county-refresher", headers=JSON)
    assert response.status_code == 200 and response.json["name"] == "County refresher"
    assert "no-store" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]


def test_a_certificates_achievement_url_resolves_for_any_verifier_with_the_center_as_creator(
        app, db, center, make_user, program):
    learner = make_user(discipline="clinician")
    certificate = complete(db, learner)
    assert certificate is not None and certificate.center_id == center.id
    badge = jwt.decode(signed_in(app, learner).get(f"/certificates/{certificate.public_id}/badge.jwt")
                       .get_data(as_text=True), options={"verify_signature": False})
    named = badge["credentialSubject"]["achievement"]
    assert named["id"] == app.config["BASE_URL"].rstrip("/") + "/programs/county-refresher"
    achievement_url = urlsplit(named["id"]).path
    for name, client in outsiders(app, make_user).items():
        response = client.get(achievement_url, headers=JSON)
        assert response.status_code == 200, name
        found = response.json
        assert found["type"] == ["Achievement"] and found["id"] == named["id"], name
        assert found["name"] == "County refresher" and found["creditsAvailable"] == 1.0, name
        assert "Describe the county's referral routes" in found["criteria"]["narrative"], name
        assert found["creator"]["name"] == center.name and found["creator"]["id"] == badge["issuer"]["id"], name
        assert response.headers["Access-Control-Allow-Origin"] == "*", name
        if name == "anonymous":  # (pages for a signed-in visitor are never stored, whatever they show)
            assert "public" in response.headers["Cache-Control"] and "max-age=300" in response.headers["Cache-Control"]
        image = client.get(urlsplit(found["image"]["id"]).path)
        assert image.status_code == 200 and image.mimetype == "image/svg+xml", name
        page = client.get(achievement_url).get_data(as_text=True)
        assert "County refresher" in page and f"A program of {center.name}" in page, name
        assert "Talking with children after a call" in page, name  # the center's own module, by its title
    # What stays the members': the evaluation, and the lists of programs to take.
    stranger = outsiders(app, make_user)["other center"]
    assert stranger.get("/programs/county-refresher/evaluation").status_code == 404
    assert "County refresher" not in stranger.get("/dashboard").get_data(as_text=True)


def test_an_archived_program_and_a_revoked_certificate_keep_the_achievement_url_resolving(
        app, db, center, make_user, program):
    certificate = complete(db, make_user(discipline="clinician"))
    set_archived(program, archived=True, actor_id=None)
    revoke(certificate, actor_id=make_user("center_admin").id, reason="Issued in error")
    anonymous = app.test_client()
    for url in URLS:
        assert anonymous.get(url, headers=JSON).status_code == 200, url
    assert anonymous.get("/programs/county-refresher", headers=JSON).json["name"] == "County refresher"
    member = signed_in(app, make_user(discipline="clinician"))
    assert member.get("/programs/county-refresher/evaluation").status_code == 404  # offered no more
