"""A trainer reads the cohort grid on a phone: the page does not scroll sideways, the grid scrolls in its own box
and the learner column stays in view."""
from datetime import date

import pytest
from sqlalchemy import select

pytestmark = pytest.mark.browser


@pytest.fixture
def trainer_email(live_app):
    from lms.auth.service import register_user
    from lms.centers import cohort_service, team_service
    from lms.centers.models import Center
    from lms.centers.service import set_role
    from lms.curriculum.models import Module
    from lms.extensions import db

    with live_app.app_context():
        center = db.session.scalar(select(Center))

        def person(n, discipline):
            return register_user(email=f"p{n}@example.org", password="blue kettle on the porch",
                                 full_name=f"Person Number {n}", discipline=discipline, agency="Metro PD",
                                 center_id=center.id)

        trainer = person(0, "clinician")
        set_role(user_id=trainer.id, center_id=center.id, role="trainer")
        learners = [person(n, ("officer", "clinician", "cps_worker")[n % 3]) for n in range(1, 10)]
        cohort = cohort_service.create_cohort(center_id=center.id, name="Fall 2026", starts_on=None, ends_on=None,
                                              actor_id=None)
        cohort_service.add_trainer(cohort, user_id=trainer.id, actor_id=None)
        cohort_service.add_learners(cohort, emails=[u.email for u in learners], actor_id=None)
        for module in db.session.scalars(select(Module)):
            cohort_service.assign(cohort, target=f"module:{module.id}", due_on=date(2020, 1, 1), actor_id=None)
        team_service.create_team(cohort, name="Team A", user_ids=[u.id for u in learners[:3]], actor_id=None)
        return trainer.email, center.slug, cohort.id


def _signed_in(phone, live_server, email: str):
    page = phone.new_page()
    page.goto(live_server.url + "/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("blue kettle on the porch")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    return page


def test_the_grid_scrolls_in_its_own_box_with_the_learner_column_fixed_at_360px(live_server, phone, trainer_email):
    email, slug, cohort_id = trainer_email
    page = _signed_in(phone, live_server, email)
    page.get_by_role("link", name="Fall 2026").click()
    page.wait_for_url(f"**/cohorts/{cohort_id}/grid")
    assert page.get_by_role("heading", level=1).inner_text() == "Progress of Fall 2026"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "page scrolls sideways at 360 px"
    box = page.locator(".grid-box")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the grid should be wider than its box here"
    learner = page.locator("tbody th.learner").first
    before = learner.bounding_box()["x"]
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    page.wait_for_function("document.querySelector('.grid-box').scrollLeft > 0")
    assert abs(learner.bounding_box()["x"] - before) < 1, "the learner column moved with the scroll"
    assert page.locator(".badge-overdue").first.is_visible() or page.locator(".badge-overdue").count() > 0


def test_the_cohort_page_of_a_center_admin_fits_360px(live_server, phone, trainer_email, live_app):
    from lms.auth.models import User
    from lms.centers.service import set_role
    from lms.extensions import db

    email, slug, cohort_id = trainer_email
    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        set_role(user_id=user.id, center_id=user_center(user), role="center_admin")
    page = _signed_in(phone, live_server, email)
    for url in (f"/centers/{slug}/cohorts/{cohort_id}", f"/centers/{slug}/cohorts", f"/centers/{slug}/overview"):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{url} scrolls sideways at 360 px"


def user_center(user) -> int:
    """The user's home center id."""
    from lms.centers.service import primary_membership

    return primary_membership(user.id).center_id


def test_a_center_admin_forms_a_team_and_adds_a_member_found_by_search_at_360px(live_server, phone, trainer_email,
                                                                                live_app, tmp_path):
    from lms.auth.models import User
    from lms.centers.service import set_role
    from lms.extensions import db
    from tests.browser.test_center_pages import PageChecks

    email, slug, cohort_id = trainer_email
    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        set_role(user_id=user.id, center_id=user_center(user), role="center_admin")
    checks = PageChecks(tmp_path)
    page = _signed_in(phone, live_server, email)
    page.goto(live_server.url + f"/centers/{slug}/cohorts/{cohort_id}")
    page.get_by_label("Team name").fill("Team B")
    page.get_by_role("button", name="Form the team").click()
    page.wait_for_url("**/teams/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Team Team B"
    checks.check(page, "team-empty")
    assert page.get_by_role("button", name="Add Person Number 4 to the team").count() == 1
    page.get_by_label("Name or email").fill("p6@example")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=p6*")
    assert page.get_by_role("button", name="Add Person Number 4 to the team").count() == 0
    page.get_by_role("button", name="Add Person Number 6 to the team").click()
    page.wait_for_url("**q=p6*")
    assert "Added Person Number 6 to “Team B”." in page.inner_text("body")
    checks.check(page, "team-one-member")
    checks.validate_html()
    assert checks.problems == []
