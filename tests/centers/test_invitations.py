"""Invitations: a single-use link through a real SMTP server, that expires; the CLI that sends them."""
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from lms.auth.models import User
from lms.centers.models import Invitation, Membership
from lms.timeutil import utcnow
from tests.centers.conftest import links_in

pytestmark = pytest.mark.pg
NEW = "river stone lantern"


def invite(client, center, email="new.person@example.org", role="learner"):
    return client.post(f"/centers/{center.slug}/people/invite", data={
        "email": email, "full_name": "New Person", "discipline": "clinician", "agency": "Clinic", "role": role})


@pytest.fixture
def admin_client(client, login, make_user):
    login(make_user("center_admin"))
    return client


def test_the_link_arrives_works_once_and_sets_the_password(app, admin_client, center, smtp, db):
    assert invite(admin_client, center).status_code == 302
    [message] = smtp.messages
    assert message.get_content_type() == "multipart/alternative"
    [link] = links_in(smtp.messages)
    person = app.test_client()
    assert person.post("/signin", data={"email": "new.person@example.org", "password": NEW}).status_code == 422
    assert person.post(link, data={"password": NEW, "confirm": NEW}).status_code == 302
    assert person.get("/dashboard").status_code == 200
    second = app.test_client().get(link)
    assert second.status_code == 302 and "/signin" in second.location
    user = db.session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert user.has_password and db.session.scalar(select(Invitation.accepted_at)) is not None


def test_an_expired_link_is_refused(app, admin_client, center, smtp, db):
    invite(admin_client, center)
    [link] = links_in(smtp.messages)
    db.session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = app.test_client().post(link, data={"password": NEW, "confirm": NEW})
    assert response.status_code == 302 and "/signin" in response.location
    assert not db.session.scalar(select(User).where(User.email == "new.person@example.org")).has_password


def test_a_new_link_replaces_the_old_one(app, admin_client, center, smtp, db):
    invite(admin_client, center)
    user_id = db.session.scalar(select(User.id).where(User.email == "new.person@example.org"))
    assert admin_client.post(f"/centers/{center.slug}/people/{user_id}/resend").status_code == 302
    old, new = links_in(smtp.messages)
    assert "/signin" in app.test_client().get(old).location
    assert app.test_client().get(new).status_code == 200


def test_a_weak_password_is_refused_on_the_accept_page(app, admin_client, center, smtp):
    invite(admin_client, center)
    [link] = links_in(smtp.messages)
    response = app.test_client().post(link, data={"password": "password123", "confirm": "password123"})
    assert response.status_code == 422 and "too common" in response.get_data(as_text=True)


def test_inviting_someone_with_an_account_adds_them_and_tells_them(admin_client, center, make_user, smtp, db):
    person = make_user("learner", email="has.account@example.org")
    db.session.execute(update(Membership).where(Membership.user_id == person.id).values(removed_at=utcnow()))
    db.session.commit()
    assert invite(admin_client, center, email="has.account@example.org", role="trainer").status_code == 302
    assert links_in(smtp.messages) == [] and "added" in smtp.messages[0]["Subject"]
    assert db.session.scalar(select(Membership.role).where(Membership.user_id == person.id,
                                                           Membership.removed_at.is_(None))) == "trainer"


def test_an_archived_center_takes_no_invitations(admin_client, center, db):
    center.archived_at = utcnow()
    db.session.commit()
    response = invite(admin_client, center)
    assert response.status_code == 422 and "archived" in response.get_data(as_text=True)


def test_cli_creates_a_center_and_invites_its_first_admin(app, db, smtp):
    runner = CliRunner()
    created = runner.invoke(app.cli, ["lms", "center", "create", "Coastal Training Center", "--region", "Wilmington, NC"])
    assert created.exit_code == 0 and "slug coastal-training-center" in created.output
    invited = runner.invoke(app.cli, ["lms", "invite", "lead@example.org", "--center", "coastal-training-center",
                                      "--role", "center_admin", "--name", "Lee Lead"])
    assert invited.exit_code == 0, invited.output
    [link] = links_in(smtp.messages)
    client = app.test_client()
    assert client.post(link, data={"password": NEW, "confirm": NEW}).status_code == 302
    assert client.get("/centers/coastal-training-center/people").status_code == 200
    missing = runner.invoke(app.cli, ["lms", "invite", "x@example.org", "--center", "nowhere"])
    assert missing.exit_code == 1 and "no center with the slug 'nowhere'" in missing.output
    bad = runner.invoke(app.cli, ["lms", "invite", "not-an-email", "--center", "coastal-training-center"])
    assert bad.exit_code == 1 and "not a valid email" in bad.output


def test_keygen_works_on_a_center_made_by_the_cli(app):
    runner = CliRunner()
    runner.invoke(app.cli, ["lms", "center", "create", "Keys Center"])
    result = runner.invoke(app.cli, ["lms", "center", "keygen", "keys-center"])
    assert result.exit_code == 0 and "SHA-256" in result.output
