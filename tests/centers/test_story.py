"""The story of issue 8's start, through the web and a real SMTP server, on SQLite and PostgreSQL: a site admin
creates a center and invites its first center admin; the admin accepts, imports a roster of 40, and the learners
accept their invitations and sign in."""
import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.centers.models import Center, Invitation, Membership
from tests.centers.conftest import import_roster, links_in, roster_csv, upload_roster
from tests.conftest import PASSWORD

pytestmark = pytest.mark.pg

DISCIPLINES = ("officer", "clinician", "cps_worker")


def forty_people() -> str:
    rows = [(f"person{i}@example.org", f"Person Number{i}", DISCIPLINES[i % 3],
             "Metro PD" if i % 3 == 0 else "County Clinic" if i % 3 == 1 else "Youth Services", "", "", "learner")
            for i in range(40)]
    return roster_csv(rows)


def test_site_admin_to_center_admin_to_forty_learners(app, db, make_user, smtp):
    admin = make_user("site_admin")
    site = app.test_client()
    site.post("/signin", data={"email": admin.email, "password": PASSWORD})
    created = site.post("/admin/centers", data={"name": "Piedmont Regional Training Center", "region": "Greensboro, NC"})
    assert created.status_code == 302
    slug = db.session.scalar(select(Center.slug).where(Center.name == "Piedmont Regional Training Center"))
    invited = site.post(f"/centers/{slug}/people/invite", data={
        "email": "Casey.Admin@Example.org", "full_name": "Casey Admin", "discipline": "other", "agency": "PRTC",
        "role": "center_admin"})
    assert invited.status_code == 302
    [message] = smtp.messages
    assert message["To"] == "casey.admin@example.org" and "Piedmont" in message["Subject"]
    [link] = links_in(smtp.messages)

    center_admin = app.test_client()
    assert center_admin.get(link).status_code == 200
    accepted = center_admin.post(link, data={"password": "amber lantern river", "confirm": "amber lantern river"})
    assert accepted.status_code == 302 and accepted.location.endswith("/dashboard")
    assert center_admin.get(f"/centers/{slug}/").status_code == 200

    confirmed = import_roster(center_admin, slug, forty_people())
    assert confirmed.status_code == 302
    page = center_admin.get(confirmed.location).get_data(as_text=True)
    assert "40 new, 0 changed, 0 unchanged; 40 invitation(s)" in page
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    assert db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.center_id == center.id, Membership.role == "learner")) == 40
    learner_links = links_in(smtp.messages[1:])
    assert len(learner_links) == 40 and len(smtp.messages) == 41

    learner = app.test_client()
    assert learner.post("/signin", data={"email": "person7@example.org", "password": "x"}).status_code == 422
    done = learner.post(learner_links[7], data={"password": "violet harbor stone", "confirm": "violet harbor stone"})
    assert done.status_code == 302
    learner.post("/signout")
    assert learner.post("/signin", data={"email": "person7@example.org",
                                         "password": "violet harbor stone"}).status_code == 302
    assert learner.get("/dashboard").status_code == 200

    again = upload_roster(center_admin, slug, forty_people()).get_data(as_text=True)
    assert "0 new, 0 changed, 40 left alone" in again and "0 invitation emails" in again
    assert len(smtp.messages) == 41


def test_re_importing_the_same_roster_writes_nothing(app, db, make_user, center, login, client):
    login(make_user("center_admin"))
    text = forty_people()
    assert import_roster(client, center.slug, text).status_code == 302
    counts = lambda: (db.session.scalar(select(func.count()).select_from(User)),  # noqa: E731
                      db.session.scalar(select(func.count()).select_from(Invitation)))
    before = counts()
    assert import_roster(client, center.slug, text).status_code == 302
    assert counts() == before
