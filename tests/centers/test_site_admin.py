"""Site administration: centers (create, rename, archive), accounts (deactivate, lock, reset), everyone's audit."""
import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.centers.models import Center
from tests.centers.conftest import links_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.pg


@pytest.fixture
def site(app, make_user):
    client = app.test_client()
    client.post("/signin", data={"email": make_user("site_admin").email, "password": PASSWORD})
    return client


def signs_in(app, user) -> int:
    return app.test_client().post("/signin", data={"email": user.email, "password": PASSWORD}).status_code


def test_a_deactivated_user_cannot_sign_in_loses_sessions_and_keeps_records(app, site, db, make_user):
    user = make_user("learner")
    session = app.test_client()
    session.post("/signin", data={"email": user.email, "password": PASSWORD})
    assert session.get("/dashboard").status_code == 200
    assert site.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert session.get("/dashboard").status_code == 302
    response = app.test_client().post("/signin", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 422 and "deactivated" in response.get_data(as_text=True)
    assert db.session.get(User, user.id) is not None
    site.post(f"/admin/users/{user.id}/reactivate")
    assert signs_in(app, user) == 302


def test_lock_and_unlock(app, site, make_user):
    user = make_user("learner")
    site.post(f"/admin/users/{user.id}/lock")
    response = app.test_client().post("/signin", data={"email": user.email, "password": PASSWORD})
    assert "This account is locked" in response.get_data(as_text=True)
    site.post(f"/admin/users/{user.id}/unlock")
    assert signs_in(app, user) == 302


def test_a_site_admin_cannot_lock_or_deactivate_themselves(site, db):
    me = db.session.scalar(select(User).where(User.is_site_admin.is_(True)))
    page = site.post(f"/admin/users/{me.id}/deactivate", follow_redirects=True).get_data(as_text=True)
    assert "You cannot deactivate your own account" in page


def test_send_reset_mails_a_working_link(app, site, make_user, smtp):
    user = make_user("learner")
    site.post(f"/admin/users/{user.id}/reset")
    [link] = links_in(smtp.messages, r"http://lms\.test(/reset-password/\S+)")
    assert app.test_client().get(link).status_code == 200


def test_users_are_searched_and_paged(site, db, make_user):
    make_user("learner", full_name="Quentin Quarry")
    page = site.get("/admin/users?q=quarry").get_data(as_text=True)
    assert "Quentin Quarry" in page and "1 account." in page


def test_rename_and_archive_keep_the_slug_and_the_records(app, site, db, center):
    slug = center.slug
    assert site.post(f"/admin/centers/{slug}", data={"name": "Renamed Center", "region": "Raleigh, NC"}).status_code == 302
    db.session.refresh(center)
    assert (center.name, center.slug) == ("Renamed Center", slug)
    site.post(f"/admin/centers/{slug}/archive")
    db.session.refresh(center)
    assert center.is_archived and "Renamed Center" not in app.test_client().get("/signup").get_data(as_text=True)
    site.post(f"/admin/centers/{slug}/archive?restore=1")
    db.session.refresh(center)
    assert not center.is_archived
    assert db.session.scalar(select(Center).where(Center.slug == slug)) is not None


def test_duplicate_center_names_are_refused(site, center):
    response = site.post("/admin/centers", data={"name": center.name, "region": ""})
    assert response.status_code == 422 and "Another center already has this name" in response.get_data(as_text=True)


def test_the_site_admin_can_run_any_center_through_the_picker(site, center):
    page = site.get("/admin/centers").get_data(as_text=True)
    assert f'href="/centers/{center.slug}/"' in page
    assert site.get(f"/centers/{center.slug}/people").status_code == 200


def test_only_site_admins_reach_admin_pages(app, make_user):
    client = app.test_client()
    client.post("/signin", data={"email": make_user("center_admin").email, "password": PASSWORD})
    assert client.get("/admin/centers").status_code == 404
    assert app.test_client().get("/admin/users").status_code == 302


def test_account_actions_are_audited(site, db, make_user):
    user = make_user("learner")
    site.post(f"/admin/users/{user.id}/lock")
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "account.locked"))
