"""People of a center: members list (search, filters, paging in SQL), role changes, removal, board fields,
the agency coordinator's read-only view, and other centers' staff getting 404."""
import pytest
from sqlalchemy import event, select

from lms.auth.models import User
from lms.centers.cohort_models import Cohort, CohortMember
from lms.centers.models import Membership
from lms.centers.service import create_center, set_role
from lms.extensions import db as _db

pytestmark = pytest.mark.pg


@pytest.fixture
def admin(make_user):
    return make_user("center_admin", full_name="Ada Admin")


@pytest.fixture
def admin_client(client, login, admin):
    login(admin)
    return client


def many_members(db, center, n: int, agency=lambda i: "Metro PD" if i % 2 else "County Clinic", start=0):
    users = [User(email=f"m{i:05d}@example.org", full_name=f"Member {i:05d}", password_hash="x",
                  discipline="officer" if i % 2 else "clinician", agency=agency(i)) for i in range(start, start + n)]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(Membership(user_id=u.id, center_id=center.id, role="learner") for u in users)
    db.session.commit()
    return users


def count_queries(app, fn):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    with app.app_context():
        event.listen(_db.engine, "before_cursor_execute", listener)
    try:
        response = fn()
    finally:
        with app.app_context():
            event.remove(_db.engine, "before_cursor_execute", listener)
    return response, len(statements)


def test_search_filters_and_paging_happen_in_sql(app, admin_client, db, center):
    users = many_members(db, center, 120)
    cohort = Cohort(center_id=center.id, name="Spring")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=users[3].id))
    db.session.commit()
    page = admin_client.get(f"/centers/{center.slug}/people").get_data(as_text=True)
    assert "121 members; showing 1–50" in page and "Page 1 of 3" in page
    assert "Member 00003" in admin_client.get(f"/centers/{center.slug}/people?q=m00003").get_data(as_text=True)
    only = admin_client.get(f"/centers/{center.slug}/people?agency=Metro+PD&discipline=officer&page=2")
    assert "60 members; showing 51–60" in only.get_data(as_text=True)
    in_cohort = admin_client.get(f"/centers/{center.slug}/people?cohort={cohort.id}").get_data(as_text=True)
    assert "1 member;" in in_cohort and "Member 00003" in in_cohort
    assert "1 member;" in admin_client.get(f"/centers/{center.slug}/people?role=center_admin").get_data(as_text=True)
    assert admin_client.get(f"/centers/{center.slug}/people?page=abc").status_code == 422
    assert "No members match" in admin_client.get(f"/centers/{center.slug}/people?q=%25_").get_data(as_text=True)


def test_the_members_page_runs_the_same_queries_for_60_or_600_members(app, admin_client, db, center):
    many_members(db, center, 60)
    _, small = count_queries(app, lambda: admin_client.get(f"/centers/{center.slug}/people?page=2"))
    many_members(db, center, 540, agency=lambda i: f"Agency {i}", start=60)
    response, large = count_queries(app, lambda: admin_client.get(f"/centers/{center.slug}/people?page=5"))
    assert response.status_code == 200 and large == small


def test_status_filter_tells_invited_from_active(admin_client, db, center, make_user):
    invited = User(email="inv@example.org", full_name="Ivy Invited", password_hash="", discipline="officer")
    db.session.add(invited)
    db.session.flush()
    db.session.add(Membership(user_id=invited.id, center_id=center.id))
    db.session.commit()
    page = admin_client.get(f"/centers/{center.slug}/people?status=invited").get_data(as_text=True)
    assert "Ivy Invited" in page and "1 member;" in page


def test_role_change_and_removal_keep_the_records(admin_client, db, center, make_user):
    learner = make_user("learner")
    assert admin_client.post(f"/centers/{center.slug}/people/{learner.id}/role",
                             data={"role": "agency_coordinator"}).status_code == 302
    membership = db.session.scalar(select(Membership).where(Membership.user_id == learner.id))
    assert membership.role == "agency_coordinator"
    assert admin_client.post(f"/centers/{center.slug}/people/{learner.id}/remove").status_code == 302
    db.session.refresh(membership)
    assert membership.removed_at is not None and db.session.get(User, learner.id) is not None
    assert admin_client.get(f"/centers/{center.slug}/people/{learner.id}").status_code == 404
    assert learner.full_name not in admin_client.get(f"/centers/{center.slug}/people").get_data(as_text=True)


def test_a_center_admin_cannot_demote_or_remove_themselves(admin_client, db, center, admin):
    response = admin_client.post(f"/centers/{center.slug}/people/{admin.id}/role", data={"role": "learner"},
                                 follow_redirects=True)
    assert "You cannot change the role of yourself" in response.get_data(as_text=True)
    admin_client.post(f"/centers/{center.slug}/people/{admin.id}/remove")
    assert db.session.scalar(select(Membership.removed_at).where(Membership.user_id == admin.id)) is None


def test_board_fields_are_validated_and_saved(admin_client, db, center, make_user):
    learner = make_user("learner", discipline="clinician")
    bad = admin_client.post(f"/centers/{center.slug}/people/{learner.id}/profile",
                            data={"license_state": "North Carolina"}, follow_redirects=True)
    assert "Use two letters" in bad.get_data(as_text=True)
    admin_client.post(f"/centers/{center.slug}/people/{learner.id}/profile",
                      data={"license_type": "LCSW", "license_number": "C012345", "license_state": "nc"})
    db.session.refresh(learner)
    assert (learner.license_type, learner.license_number, learner.license_state) == ("LCSW", "C012345", "NC")


def test_an_agency_coordinator_reads_only_their_own_agency(app, db, center, make_user, login, client):
    coordinator = make_user("learner")
    set_role(user_id=coordinator.id, center_id=center.id, role="agency_coordinator")  # agency "Test PD"
    same = make_user("learner", full_name="Same Agency")
    other = User(email="o@example.org", full_name="Other Agency", password_hash="x", discipline="clinician",
                 agency="County Clinic")
    db.session.add(other)
    db.session.flush()
    db.session.add(Membership(user_id=other.id, center_id=center.id))
    db.session.commit()
    login(coordinator)
    page = client.get(f"/centers/{center.slug}/people").get_data(as_text=True)
    assert "Same Agency" in page and "Other Agency" not in page and "Invite a person" not in page
    assert client.get(f"/centers/{center.slug}/people/{same.id}").status_code == 200
    assert client.get(f"/centers/{center.slug}/people/{other.id}").status_code == 404
    assert client.post(f"/centers/{center.slug}/people/{same.id}/role", data={"role": "learner"}).status_code == 404
    assert client.get(f"/centers/{center.slug}/roster").status_code == 404


def test_staff_of_another_center_get_404(db, center, make_user, login, client):
    elsewhere = create_center(name="Elsewhere Center", region="")
    stranger = make_user("center_admin", center_obj=elsewhere)
    learner = make_user("learner")
    login(stranger)
    for url in (f"/centers/{center.slug}/", f"/centers/{center.slug}/people",
                f"/centers/{center.slug}/people/{learner.id}", f"/centers/{center.slug}/audit",
                f"/centers/{center.slug}/roster"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/centers/{elsewhere.slug}/people/{learner.id}").status_code == 404


def test_the_menu_shows_each_role_its_way_in(app, db, center, make_user):
    trainer, admin, site = make_user("trainer"), make_user("center_admin"), make_user("site_admin")
    for user, expected in ((trainer, "My center"), (admin, "Center admin"), (site, "Site admin")):
        client = app.test_client()
        client.post("/signin", data={"email": user.email, "password": "correct horse battery"})
        assert expected in client.get("/dashboard").get_data(as_text=True)
